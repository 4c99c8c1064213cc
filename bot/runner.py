"""Running the bot against real Discord, and syncing its commands."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Coroutine
from typing import Any

import aiohttp
import discord

from bot.client import Almanac
from bot.i18n import COMMAND_TEXT
from bot.settings import Settings
from db import queries
from db.store import Store

log = logging.getLogger(__name__)


COMMANDS_KEY = "synced_commands"


def command_fingerprint(bot: Almanac) -> str:
    """Changes whenever a command, option or any of their localisations changes."""
    payload = [command.to_dict(bot.tree) for command in bot.tree.get_commands()]
    blob = json.dumps([payload, COMMAND_TEXT], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def _stored_fingerprint(store: Store) -> str | None:
    with store.session() as session:
        return queries.get_meta(COMMANDS_KEY, session=session)


def _store_fingerprint(store: Store, value: str) -> None:
    with store.session() as session:
        queries.set_meta(COMMANDS_KEY, value, session=session)


async def sync_if_changed(bot: Almanac) -> bool:
    """Sync global commands only when their definition changed since the last sync (Discord allows
    200 command creates a day per server; syncing on every start wastes them)."""
    fingerprint = command_fingerprint(bot)
    if await asyncio.to_thread(_stored_fingerprint, bot.store) == fingerprint:
        return False
    synced = await bot.tree.sync()
    await asyncio.to_thread(_store_fingerprint, bot.store, fingerprint)
    log.info("command set changed: synced %d global commands", len(synced))
    return True


async def _main(settings: Settings, new_database: bool) -> None:
    store = await asyncio.to_thread(
        Store.open, settings.database_url, data_dir=settings.data_dir, new_database=new_database
    )
    try:
        async with Almanac(settings, store) as bot:
            await bot.login(settings.discord_token or "")
            await sync_if_changed(bot)
            await bot.connect()
    finally:
        store.close()


def _online(work: Coroutine[Any, Any, int | None]) -> int:
    """Run `work` against Discord; a refused token or an unreachable Discord is one clear line."""
    try:
        return asyncio.run(work) or 0
    except discord.LoginFailure:
        log.error("Discord refused the token: check DISCORD_TOKEN")
        return 2
    except (aiohttp.ClientError, OSError) as exc:
        log.error("cannot reach Discord (%s: %s); check the network and try again", type(exc).__name__, exc)
        return 1
    except KeyboardInterrupt:
        log.info("stopped")
        return 0


def run_bot(settings: Settings, *, new_database: bool = False) -> int:
    return _online(_main(settings, new_database))


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
            if guild is None:
                await asyncio.to_thread(_store_fingerprint, store, command_fingerprint(bot))
            where = f"server {guild_id}" if guild_id else "all servers (may take up to an hour to show)"
            print(f"synced {len(synced)} commands to {where}: {', '.join('/' + c.name for c in synced)}")
    finally:
        store.close()
    return 0


def sync_commands(settings: Settings, *, guild_id: int | None = None) -> int:
    return _online(_sync(settings, guild_id))
