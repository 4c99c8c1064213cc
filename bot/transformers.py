"""Option converters that work from the interaction's resolved data alone (no cache needed)."""

from __future__ import annotations

import discord
from discord import app_commands


class TextChannelOption(app_commands.Transformer):
    """A text or announcement channel, as the partial channel Discord resolves in the interaction.

    discord.TextChannel would need the channel in the bot's cache; the id is all we keep.
    """

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.channel

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        return [discord.ChannelType.text, discord.ChannelType.news]

    async def transform(
        self, interaction: discord.Interaction, value: app_commands.AppCommandChannel, /
    ) -> app_commands.AppCommandChannel:
        return value


TextChannel = app_commands.Transform[app_commands.AppCommandChannel, TextChannelOption]
