"""Two bot instances (as two processes or shards would) on one database: one daily post per
server per day, and no answer counted twice, because the database enforces it."""

from __future__ import annotations

import asyncio
import copy
from datetime import UTC, datetime

from sqlmodel import select

from bot.offline.driver import ALL_PERMISSIONS, OfflineDiscord, User
from db.models import QuizAnswer, QuizPost
from db.store import Store

CHANNEL = 555000000000000001
MOD = User(id=800, name="mod", permissions=ALL_PERMISSIONS)


async def test_two_instances_post_once_and_count_answers_once(settings, discord_bot):
    other_store = Store.open(settings.database_url)  # its own engine and connections
    other = await OfflineDiscord.start(settings, other_store, fake=discord_bot.fake)  # the same Discord
    try:
        clock = lambda: datetime(2024, 3, 9, 15, 0, tzinfo=UTC)  # noqa: E731
        discord_bot.bot.clock = other.bot.clock = clock
        await discord_bot.command("quiz setup", {"channel": str(CHANNEL), "time": "15:00", "timezone": "UTC"}, user=MOD)
        first, second = discord_bot.bot.get_cog("Quiz"), other.bot.get_cog("Quiz")
        for _ in range(3):
            await asyncio.gather(first.tick(), second.tick())
        posts = discord_bot.fake.channel_messages.get(CHANNEL, [])
        assert len(posts) == 1, "one post for the server today, whichever instance made it"
        message = copy.deepcopy(discord_bot.fake.messages[posts[0]])
        button = message["components"][0]["components"][0]["custom_id"]
        members = [User(id=2000 + n) for n in range(20)]
        replies = await asyncio.gather(
            *[bot.press(message, button, user=member) for member in members for bot in (discord_bot, other)]
        )
        locked = [r for r in replies if "locked in" in (r.callback or {}).get("content", "")]
        refused = [r for r in replies if "already answered" in (r.callback or {}).get("content", "")]
        assert len(locked) == len(members) and len(refused) == len(members)
        with discord_bot.bot.store.session() as session:
            assert len(session.exec(select(QuizPost)).all()) == 1
            assert len(session.exec(select(QuizAnswer)).all()) == len(members)
    finally:
        await other.close()
        other_store.close()
