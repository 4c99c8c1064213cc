"""/suggest: a member proposes a correction to a statement; moderators decide it in /review."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import Almanac
from bot.services import suggestions
from bot.suggest_ui import open_form
from bot.ui import lang_of

log = logging.getLogger(__name__)


async def statement_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    bot: Almanac = interaction.client  # type: ignore[assignment]
    found = await bot.store.run(suggestions.search, bot.store, current[:100], lang_of(interaction))
    return [app_commands.Choice(name=text[:100], value=key[:100]) for key, text in found[:25]]


class Suggest(commands.Cog):
    def __init__(self, bot: Almanac) -> None:
        self.bot = bot

    @app_commands.command(name="suggest", description="Suggest a correction to a statement; moderators review it")
    @app_commands.describe(statement="The statement: type a name or words from it")
    @app_commands.autocomplete(statement=statement_autocomplete)
    async def suggest(self, interaction: discord.Interaction, statement: app_commands.Range[str, 1, 100]) -> None:
        # The form comes back to bot.suggest_ui.SuggestModal, which checks, rate-limits and stores.
        await open_form(interaction, statement.strip())


async def setup(bot: Almanac) -> None:
    await bot.add_cog(Suggest(bot))
