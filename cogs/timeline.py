"""/timeline: dated events in order."""

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
from cogs.who import person_autocomplete

log = logging.getLogger(__name__)


class Timeline(commands.Cog):
    def __init__(self, bot: Almanac) -> None:
        self.bot = bot

    @app_commands.command(name=tr("timeline"), description=tr("timeline.desc"))
    @app_commands.rename(
        year=tr("timeline.year"), start=tr("timeline.start"), end=tr("timeline.end"), person=tr("timeline.person")
    )
    @app_commands.describe(
        year=tr("timeline.year.desc"),
        start=tr("timeline.start.desc"),
        end=tr("timeline.end.desc"),
        person=tr("timeline.person.desc"),
    )
    @LOOKUP_COOLDOWN
    @app_commands.autocomplete(person=person_autocomplete)
    async def timeline(
        self,
        interaction: discord.Interaction,
        year: app_commands.Range[int, lookups.YEAR_MIN, lookups.YEAR_MAX] | None = None,
        start: app_commands.Range[str, 1, 40] | None = None,
        end: app_commands.Range[str, 1, 40] | None = None,
        person: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        lang, store = lang_of(interaction), self.bot.store
        await answer_query(
            interaction,
            lambda: lookups.parse_timeline(store, lang, year=year, start=start, end=end, person=person),
            lambda query: lookups.timeline(store, lang, query),
            kind="tl",
        )


async def setup(bot: Almanac) -> None:
    await bot.add_cog(Timeline(bot))
