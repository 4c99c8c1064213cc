"""Running the bot against real Discord, and syncing its commands."""

from __future__ import annotations

import asyncio
import logging

import discord

from bot.client import Almanac
from bot.settings import Settings
from db.store import Store

log = logging.getLogger(__name__)


async def _main(settings: Settings) -> None:
    store = await asyncio.to_thread(Store.open, settings.database_url, data_dir=settings.data_dir)
    try:
        async with Almanac(settings, store) as bot:
            await bot.start(settings.discord_token or "")
    finally:
        store.close()


def run_bot(settings: Settings) -> int:
    try:
        asyncio.run(_main(settings))
    except discord.LoginFailure:
        log.error("Discord refused the token: check DISCORD_TOKEN")
        return 2
    except KeyboardInterrupt:
        log.info("stopped")
    return 0


async def _sync(settings: Settings, guild_id: int | None) -> int:
    store = await asyncio.to_thread(Store.open, settings.database_url, data_dir=settings.data_dir)
    try:
        async with Almanac(settings, store) as bot:
            await bot.login(settings.discord_token or "")
            guild = discord.Object(id=guild_id) if guild_id else None
            if guild is not None:
                # Without copying, a guild sync would replace the guild's commands with none.
                bot.tree.copy_global_to(guild=guild)
            synced = await bot.tree.sync(guild=guild)
            where = f"server {guild_id}" if guild_id else "all servers (may take up to an hour to show)"
            print(f"synced {len(synced)} commands to {where}: {', '.join('/' + c.name for c in synced)}")
    finally:
        store.close()
    return 0


def sync_commands(settings: Settings, *, guild_id: int | None = None) -> int:
    try:
        return asyncio.run(_sync(settings, guild_id))
    except discord.LoginFailure:
        log.error("Discord refused the token: check DISCORD_TOKEN")
        return 2
