"""Server-side permission checks. Discord's default_permissions is only a hint an admin can
change, so every moderator action is checked here as well."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.i18n import Lang, t

if TYPE_CHECKING:
    from bot.client import Almanac

log = logging.getLogger(__name__)


class NotModerator(app_commands.CheckFailure):
    pass


async def moderator_problem(interaction: discord.Interaction) -> str | None:
    """None when the member may moderate here; otherwise the localised reason."""
    lang = Lang.from_locale(str(interaction.locale))
    bot: Almanac = interaction.client  # type: ignore[assignment]
    if interaction.guild_id is None or not isinstance(interaction.user, discord.Member):
        return t("error.guild_only", lang)
    home = bot.settings.home_guild_ids
    if not home and interaction.guild_id not in bot.console_guilds:
        # The fact store is shared by every server: edits only where the owner said so.
        return t("error.no_home_guilds", lang, guild=interaction.guild_id)
    if home and interaction.guild_id not in home:
        return t("error.not_moderator", lang)
    # The member's permissions as Discord resolved them for this interaction (roles, overwrites, owner).
    permissions = interaction.permissions
    if permissions.manage_guild or permissions.administrator:
        return None
    role_id = await bot.moderator_role_id(interaction.guild_id)
    # Role ids as Discord sent them with the member (the guild's role cache may be empty).
    if role_id is not None and role_id in getattr(interaction.user, "_roles", ()):
        return None
    return t("error.not_moderator", lang)


async def is_contributor(interaction: discord.Interaction) -> bool:
    """Two-person mode: the member holds the contributor role of a home server, so their fact
    edits are queued for a moderator rather than applied."""
    bot: Almanac = interaction.client  # type: ignore[assignment]
    guild_id = interaction.guild_id
    if guild_id is None or not isinstance(interaction.user, discord.Member):
        return False
    home = bot.settings.home_guild_ids
    if guild_id not in (home or bot.console_guilds):
        return False
    role_id = await bot.contributor_role_id(guild_id)
    return role_id is not None and role_id in getattr(interaction.user, "_roles", ())


@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
class ModeratorGroup(app_commands.Group):
    """A command group Discord shows only to Manage Server members by default (a hint an admin may
    change; each command still carries moderator_only)."""


def per_member(rate: int, seconds: float) -> Callable:
    """A per-member cooldown for commands that cost real work (rendering, many queries).

    The buckets live on the bot, not on the command: discord.py's own cooldown decorator keeps
    them in the (module-level) command, shared by every bot instance in the process.
    """

    async def predicate(interaction: discord.Interaction) -> bool:
        name = interaction.command.qualified_name if interaction.command else "?"
        spend(interaction, name, rate, seconds)
        return True

    return app_commands.check(predicate)


def spend(interaction: discord.Interaction, name: str, rate: int, seconds: float) -> None:
    """Count one use of `name` by this member; CommandOnCooldown when they went over `rate` per
    `seconds`. For forms and buttons too, which no command decorator covers."""
    bot: Almanac = interaction.client  # type: ignore[assignment]
    buckets = bot.cooldowns
    if len(buckets) > 50_000:  # forget idle members now and then
        now = time.monotonic()
        for key in [k for k, c in buckets.items() if now - c._window > c.per]:
            del buckets[key]
    cooldown = buckets.setdefault((name, interaction.user.id), app_commands.Cooldown(rate, seconds))
    retry_after = cooldown.update_rate_limit()
    if retry_after:
        raise app_commands.CommandOnCooldown(cooldown, retry_after)


LOOKUP_COOLDOWN = per_member(8, 10.0)
# Suggestions stored per member: a few in a row is a careful reader, more is spam.
SUGGEST_RATE, SUGGEST_PER = 3, 300.0


def moderator_only() -> Callable:
    """An app-command check: refuse (privately, localised, logged) members who may not moderate."""

    async def predicate(interaction: discord.Interaction) -> bool:
        problem = await moderator_problem(interaction)
        if problem is not None:
            log.warning(
                "refused %s (%s) in guild %s: not a moderator",
                interaction.user,
                interaction.user.id,
                interaction.guild_id,
            )
            raise NotModerator(problem)
        return True

    predicate.moderator = True  # type: ignore[attr-defined]  # a mark on the function, read by is_moderator_command
    return app_commands.check(predicate)


def moderator_or_contributor() -> Callable:
    """Like moderator_only, but members with the contributor role pass too (their changes are
    queued for review by the command itself)."""

    async def predicate(interaction: discord.Interaction) -> bool:
        problem = await moderator_problem(interaction)
        if problem is not None and not await is_contributor(interaction):
            log.warning(
                "refused %s (%s) in guild %s: not a moderator or contributor",
                interaction.user,
                interaction.user.id,
                interaction.guild_id,
            )
            raise NotModerator(problem)
        return True

    predicate.moderator = True  # type: ignore[attr-defined]  # marks read by is_moderator_command
    predicate.contributor = True  # type: ignore[attr-defined]  # and by the two-person check
    return app_commands.check(predicate)


def allows_contributors(command: object) -> bool:
    return any(getattr(check, "contributor", False) for check in getattr(command, "checks", ()))


def is_moderator_command(command: object) -> bool:
    return any(getattr(check, "moderator", False) for check in getattr(command, "checks", ()))


def guild_id_of(interaction: discord.Interaction) -> int:
    """The server of an interaction that only runs in one: a guild_only command group, or
    moderator_only, which refuses direct messages."""
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    return interaction.guild_id
