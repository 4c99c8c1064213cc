"""Server-side permission checks. Discord's default_permissions is only a hint an admin can
change, so every moderator action is checked here as well."""

from __future__ import annotations

import logging
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


@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
class ModeratorGroup(app_commands.Group):
    """A command group Discord shows only to Manage Server members by default (a hint an admin may
    change; each command still carries moderator_only)."""


def moderator_only() -> Callable:
    """An app-command check: refuse (privately, localised, logged) members who may not moderate."""

    async def predicate(interaction: discord.Interaction) -> bool:
        problem = await moderator_problem(interaction)
        if problem is not None:
            log.warning("refused %s (%s) in guild %s: not a moderator", interaction.user, interaction.user.id,
                        interaction.guild_id)
            raise NotModerator(problem)
        return True

    return app_commands.check(predicate)
