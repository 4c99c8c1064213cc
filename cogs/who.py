"""/who: everything the store knows about one person."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import LOOKUP_COOLDOWN
from bot.client import Almanac
from bot.services import lookups
from bot.translator import tr
from bot.ui import in_time, lang_of, respond

log = logging.getLogger(__name__)


async def person_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    bot: Almanac = interaction.client  # type: ignore[assignment]
    choices = await bot.store.run(lookups.suggest_people, bot.store, current[:100], lang_of(interaction))
    return [app_commands.Choice(name=c.label, value=c.value) for c in choices[:25]]


class Who(commands.Cog):
    def __init__(self, bot: Almanac) -> None:
        self.bot = bot

    @app_commands.command(name=tr("who"), description=tr("who.desc"))
    @app_commands.rename(person=tr("who.person"))
    @app_commands.describe(person=tr("who.person.desc"))
    @LOOKUP_COOLDOWN
    @app_commands.autocomplete(person=person_autocomplete)
    async def who(self, interaction: discord.Interaction, person: app_commands.Range[str, 1, 100]) -> None:
        answer = await in_time(
            interaction, self.bot.store.run(lookups.who, self.bot.store, person, lang_of(interaction))
        )
        await respond(interaction, answer, kind="who")


async def setup(bot: Almanac) -> None:
    await bot.add_cog(Who(bot))
