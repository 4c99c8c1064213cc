"""/sources, /about and /help."""

from __future__ import annotations

import asyncio
import logging
import math
import time

import discord
from discord import app_commands
from discord.ext import commands

from bot import __version__
from bot.client import Almanac
from bot.domain.info_render import about_embed, help_embed, sources_embed
from bot.translator import tr
from bot.ui import lang_of
from db import queries

log = logging.getLogger(__name__)


class Info(commands.Cog):
    def __init__(self, bot: Almanac) -> None:
        self.bot = bot

    def _sources(self) -> tuple[list, dict[str, int]]:
        with self.bot.store.session() as session:
            return queries.sources(session=session), queries.source_fact_counts(session=session)

    def _counts(self) -> dict:
        with self.bot.store.session() as session:
            return queries.knowledge_counts(session=session)

    @app_commands.command(name=tr("sources"), description=tr("sources.desc"))
    async def sources(self, interaction: discord.Interaction) -> None:
        sources, counts = await asyncio.to_thread(self._sources)
        embed = sources_embed(sources, counts, lang_of(interaction))
        await interaction.response.send_message(embed=discord.Embed.from_dict(embed))

    @app_commands.command(name=tr("about"), description=tr("about.desc"))
    async def about(self, interaction: discord.Interaction) -> None:
        counts = await asyncio.to_thread(self._counts)
        latency = self.bot.latency if math.isfinite(self.bot.latency) else None
        embed = about_embed(
            counts,
            lang_of(interaction),
            version=__version__,
            uptime_s=time.monotonic() - self.bot.started_at,
            latency_s=latency,
        )
        await interaction.response.send_message(embed=discord.Embed.from_dict(embed))

    @app_commands.command(name=tr("help"), description=tr("help.desc"))
    async def help(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            embed=discord.Embed.from_dict(help_embed(lang_of(interaction))), ephemeral=True
        )


async def setup(bot: Almanac) -> None:
    await bot.add_cog(Info(bot))
