"""/almanac config: who moderates and where changes are announced."""

from __future__ import annotations

import asyncio
import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import ModeratorGroup, moderator_only
from bot.client import Almanac
from bot.i18n import t
from bot.services import facts
from bot.transformers import TextChannel
from bot.translator import tr
from bot.ui import lang_of, tell_private

log = logging.getLogger(__name__)


class Admin(commands.Cog):
    almanac = ModeratorGroup(name=tr("almanac"), description=tr("almanac.desc"))

    def __init__(self, bot: Almanac) -> None:
        self.bot = bot

    @almanac.command(name="config", description="Moderator role and log channel for fact changes")
    @app_commands.rename(
        moderator_role="moderator-role", log_channel="log-channel", contributor_role="contributor-role"
    )
    @app_commands.describe(
        moderator_role="Members with this role may edit facts (besides Manage Server)",
        log_channel="Channel where every fact change is announced",
        contributor_role="Two-person mode: this role's fact edits wait in /review for a moderator",
    )
    @moderator_only()
    async def config(
        self,
        interaction: discord.Interaction,
        moderator_role: discord.Role | None = None,
        log_channel: TextChannel | None = None,
        contributor_role: discord.Role | None = None,
    ) -> None:
        lang = lang_of(interaction)
        if contributor_role is not None and interaction.guild_id is not None:
            await asyncio.to_thread(
                facts.set_contributor_role,
                self.bot.store,
                interaction.guild_id,
                contributor_role.id,
                actor=str(interaction.user.id),
            )
        config = await asyncio.to_thread(
            facts.set_guild_config,
            self.bot.store,
            interaction.guild_id,
            moderator_role_id=moderator_role.id if moderator_role else None,
            log_channel_id=log_channel.id if log_channel else None,
            actor=str(interaction.user.id),
        )
        none = t("config.none", lang)
        await tell_private(
            interaction,
            t(
                "config.done",
                lang,
                role=f"<@&{config.moderator_role_id}>" if config.moderator_role_id else none,
                channel=f"<#{config.log_channel_id}>" if config.log_channel_id else none,
            )
            + (
                "\n" + t("review.contributor_set", lang, role=f"<@&{contributor_role.id}>")
                if contributor_role is not None
                else ""
            ),
        )


async def setup(bot: Almanac) -> None:
    await bot.add_cog(Admin(bot))
