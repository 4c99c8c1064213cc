"""/ask, and the message menu "Look up people in this message"."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import LOOKUP_COOLDOWN
from bot.client import Almanac
from bot.services import ask as asking
from bot.translator import tr
from bot.ui import in_time, lang_of, respond, respond_people

log = logging.getLogger(__name__)


def message_text(message: discord.Message) -> str:
    """What a member reads in a message: its text and the text of its embeds."""
    parts = [message.content or ""]
    for embed in message.embeds:
        parts += [embed.title or "", embed.description or ""]
        parts += [f"{f.name} {f.value}" for f in embed.fields]
    return "\n".join(p for p in parts if p)


class Ask(commands.Cog):
    def __init__(self, bot: Almanac) -> None:
        self.bot = bot
        # Context menus cannot be declared inside a cog class: build it here, add it to the tree.
        self.menu = app_commands.ContextMenu(name=tr("lookup_people"), callback=self.lookup_people)
        self.bot.tree.add_command(self.menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)

    @app_commands.command(name=tr("ask"), description=tr("ask.desc"))
    @app_commands.rename(question=tr("ask.question"))
    @app_commands.describe(question=tr("ask.question.desc"))
    @LOOKUP_COOLDOWN
    async def ask(self, interaction: discord.Interaction, question: app_commands.Range[str, 1, 300]) -> None:
        today = self.bot.clock().date()
        answer = await in_time(
            interaction, self.bot.store.run(asking.ask, self.bot.store, question, lang_of(interaction), today)
        )
        await respond(interaction, answer, kind="s" if answer.state else None)  # "s": suggest from its statements

    async def lookup_people(self, interaction: discord.Interaction, message: discord.Message) -> None:
        text = message_text(message)
        answer = await in_time(
            interaction,
            self.bot.store.run(asking.lookup_people, self.bot.store, text, lang_of(interaction)),
            ephemeral=True,
        )
        await respond_people(interaction, answer)


async def setup(bot: Almanac) -> None:
    await bot.add_cog(Ask(bot))
