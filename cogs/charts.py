"""/chart tenure and /chart departures: PNG charts from the store, rendered off the loop."""

from __future__ import annotations

import asyncio
import io
import logging
from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import per_member
from bot.client import Almanac
from bot.domain.render import clip, neutralise
from bot.domain.tenure import GROUPS
from bot.i18n import t
from bot.translator import tr
from bot.ui import lang_of, tell_private

log = logging.getLogger(__name__)

ALT_TEXT_MAX = 1024  # Discord's limit for an attachment's description (its alt text)


def _charts():  # noqa: ANN202
    # matplotlib costs ~50 MB and a second to import: only when someone first asks for a chart.
    from bot.services import charts

    return charts


async def send_chart(interaction: discord.Interaction, answer) -> None:  # noqa: ANN001 - a ChartAnswer
    embed = discord.Embed(title=answer.title, description=clip(neutralise(answer.alt), 4000) or None, color=0x10A37F)
    embed.set_image(url=f"attachment://{answer.filename}")
    if answer.note:
        embed.set_footer(text=answer.note)
    picture = discord.File(
        io.BytesIO(answer.chart.png), filename=answer.filename, description=clip(answer.alt, ALT_TEXT_MAX) or None
    )
    await interaction.followup.send(embed=embed, file=picture)


class Charts(commands.Cog):
    chart = app_commands.Group(name=tr("chart"), description=tr("chart.desc"))

    def __init__(self, bot: Almanac) -> None:
        self.bot = bot

    @chart.command(name="tenure", description="Who was at OpenAI when: bars from joining to leaving")
    @app_commands.describe(group="founders (the 11), leadership (roles named in the articles) or departed")
    @per_member(2, 20.0)
    async def tenure(
        self, interaction: discord.Interaction, group: Literal["founders", "leadership", "departed"] = "founders"
    ) -> None:
        if group not in GROUPS:  # a forged value: Discord's client only offers the three
            await tell_private(interaction, t("error.bad_option", lang_of(interaction)))
            return
        await interaction.response.defer(thinking=True)  # the first rendering can take a second
        answer = await asyncio.to_thread(lambda: _charts().tenure(self.bot.store, group, lang_of(interaction)))
        await send_chart(interaction, answer)

    @chart.command(name="departures", description="Departures from OpenAI per year, by destination")
    @per_member(2, 20.0)
    async def departures(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        answer = await asyncio.to_thread(lambda: _charts().departures(self.bot.store, lang_of(interaction)))
        await send_chart(interaction, answer)


async def setup(bot: Almanac) -> None:
    await bot.add_cog(Charts(bot))
