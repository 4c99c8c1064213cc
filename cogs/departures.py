"""/departures: who left OpenAI, when, and where they went."""

from __future__ import annotations

import asyncio
import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import Almanac
from bot.services import lookups
from bot.services.answer import Answer
from bot.translator import tr
from bot.ui import lang_of, respond

log = logging.getLogger(__name__)


class Departures(commands.Cog):
    def __init__(self, bot: Almanac) -> None:
        self.bot = bot

    @app_commands.command(name=tr("departures"), description=tr("departures.desc"))
    @app_commands.rename(year=tr("departures.year"), destination=tr("departures.destination"))
    @app_commands.describe(year=tr("departures.year.desc"), destination=tr("departures.destination.desc"))
    async def departures(self, interaction: discord.Interaction,
                         year: app_commands.Range[int, lookups.YEAR_MIN, lookups.YEAR_MAX] | None = None,
                         destination: app_commands.Range[str, 1, 100] | None = None) -> None:
        lang = lang_of(interaction)
        query = await asyncio.to_thread(lookups.parse_departures, self.bot.store, lang, year=year, destination=destination)
        if isinstance(query, Answer):
            await respond(interaction, query)
            return
        answer = await asyncio.to_thread(lookups.departures, self.bot.store, lang, query)
        await respond(interaction, answer, kind="dep")


async def setup(bot: Almanac) -> None:
    await bot.add_cog(Departures(bot))
