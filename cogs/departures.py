"""/departures: who left OpenAI, when, and where they went."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import LOOKUP_COOLDOWN
from bot.client import Almanac
from bot.services import lookups
from bot.translator import tr
from bot.ui import answer_query, lang_of

log = logging.getLogger(__name__)


class Departures(commands.Cog):
    def __init__(self, bot: Almanac) -> None:
        self.bot = bot

    @app_commands.command(name=tr("departures"), description=tr("departures.desc"))
    @app_commands.rename(year=tr("departures.year"), destination=tr("departures.destination"))
    @app_commands.describe(year=tr("departures.year.desc"), destination=tr("departures.destination.desc"))
    @LOOKUP_COOLDOWN
    async def departures(
        self,
        interaction: discord.Interaction,
        year: app_commands.Range[int, lookups.YEAR_MIN, lookups.YEAR_MAX] | None = None,
        destination: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        lang, store = lang_of(interaction), self.bot.store
        await answer_query(
            interaction,
            lambda: lookups.parse_departures(store, lang, year=year, destination=destination),
            lambda query: lookups.departures(store, lang, query),
            kind="dep",
        )


async def setup(bot: Almanac) -> None:
    await bot.add_cog(Departures(bot))
