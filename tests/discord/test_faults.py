"""Faults: a locked, read-only or full database, and Discord failing while the quiz posts or reveals."""

from __future__ import annotations

import copy
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlmodel import select

from bot.offline.driver import ALL_PERMISSIONS, User
from db.engine import make_url
from db.models import Fact, QuizAnswer, QuizPost, Revision
from tests.dbs import sqlite_only
from tests.discord.helpers import EPHEMERAL, buttons

MOD = User(id=800, name="mod", permissions=ALL_PERMISSIONS)
ALICE = User(id=901, name="alice")
CHANNEL = 555000000000000001


def db_file(discord_bot) -> str:
    return make_url(str(discord_bot.bot.store.engine.url)).database


@pytest.fixture
def short_busy_timeout(discord_bot):
    """Make SQLite give up on a lock after 0.2 s instead of 5 s, for the lock test."""
    engine = discord_bot.bot.store.engine

    @event.listens_for(engine, "connect")
    def _short(dbapi_conn, _record):  # noqa: ANN001
        dbapi_conn.execute("PRAGMA busy_timeout=200")

    engine.dispose()  # new connections pick up the listener
    yield
    event.remove(engine, "connect", _short)


async def post_one_question(discord_bot) -> dict:
    discord_bot.bot.clock = lambda: datetime(2024, 3, 9, 15, 0, tzinfo=UTC)
    await discord_bot.command("quiz setup", {"channel": str(CHANNEL), "time": "15:00", "timezone": "UTC"}, user=MOD)
    await discord_bot.bot.get_cog("Quiz").tick()
    return copy.deepcopy(discord_bot.fake.messages[discord_bot.fake.channel_messages[CHANNEL][0]])


@sqlite_only
async def test_answer_while_the_database_is_locked(discord_bot, short_busy_timeout):
    post = await post_one_question(discord_bot)
    locker = sqlite3.connect(db_file(discord_bot), timeout=0)
    locker.execute("BEGIN EXCLUSIVE")  # another process holds the write lock
    try:
        reply = await discord_bot.press(post, buttons(post)[0]["custom_id"], user=ALICE, locale="zh-TW")
    finally:
        locker.rollback()
        locker.close()
    assert reply.callback["flags"] & EPHEMERAL
    assert "請稍後再試" in reply.callback["content"]
    with discord_bot.bot.store.session() as session:
        assert session.exec(select(QuizAnswer)).all() == []
    again = await discord_bot.press(post, buttons(post)[0]["custom_id"], user=ALICE)
    assert "locked in" in again.callback["content"], "once the lock is gone the member can answer"


@sqlite_only
async def test_moderator_edit_when_the_disk_is_full(discord_bot):
    fact_id = 1
    with discord_bot.bot.store.session() as session:
        before = session.get(Fact, fact_id).text_en, len(session.exec(select(Revision)).all())
    engine = discord_bot.bot.store.engine

    @event.listens_for(engine, "connect")
    def _full(dbapi_conn, _record):  # noqa: ANN001
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count={pages}")  # SQLite now answers "database or disk is full"

    engine.dispose()
    try:
        form = await discord_bot.command("fact edit", {"id": str(fact_id)}, user=MOD)
        reply = await discord_bot.submit(form.callback, {"text_en": "x" * 800, "reason": "full disk test"}, user=MOD)
    finally:
        event.remove(engine, "connect", _full)
        engine.dispose()
    assert reply.callback["flags"] & EPHEMERAL
    assert "nothing was changed" in reply.callback["content"]
    with discord_bot.bot.store.session() as session:
        assert (session.get(Fact, fact_id).text_en, len(session.exec(select(Revision)).all())) == before


@sqlite_only
async def test_read_only_database_during_an_edit(discord_bot):
    engine = discord_bot.bot.store.engine

    @event.listens_for(engine, "connect")
    def _read_only(dbapi_conn, _record):  # noqa: ANN001
        dbapi_conn.execute("PRAGMA query_only=ON")

    engine.dispose()
    try:
        reply = await discord_bot.command("fact retract", {"id": "1", "reason": "test"}, user=MOD)
    finally:
        event.remove(engine, "connect", _read_only)
        engine.dispose()
    assert "nothing was changed" in reply.callback["content"]
    with discord_bot.bot.store.session() as session:
        assert session.get(Fact, 1).status == "active"


async def test_discord_errors_while_posting_are_retried_without_duplicates(discord_bot):
    start = datetime(2024, 3, 9, 15, 0, tzinfo=UTC)
    discord_bot.bot.clock = lambda: start
    await discord_bot.command("quiz setup", {"channel": str(CHANNEL), "time": "15:00", "timezone": "UTC"}, user=MOD)
    cog = discord_bot.bot.get_cog("Quiz")
    discord_bot.fake.fail_next = [503]  # Discord unavailable for the post
    await cog.tick()
    await cog.tick()  # the claimer's send failed a moment ago: nobody resends at once
    assert discord_bot.fake.channel_messages.get(CHANNEL, []) == []
    discord_bot.bot.clock = lambda: start + timedelta(seconds=61)
    discord_bot.fake.fail_next = [429]  # rate limited: worth another try, after a wait
    await cog.tick()
    await cog.tick()
    assert discord_bot.fake.channel_messages.get(CHANNEL, []) == []
    discord_bot.bot.clock = lambda: start + timedelta(seconds=122)
    await cog.tick()
    await cog.tick()
    assert len(discord_bot.fake.channel_messages[CHANNEL]) == 1
    with discord_bot.bot.store.session() as session:
        assert len(session.exec(select(QuizPost)).all()) == 1
    assert cog.scheduler.is_running() or not cog.scheduler.failed()


async def test_a_failed_reveal_is_retried(discord_bot):
    post = await post_one_question(discord_bot)
    cog = discord_bot.bot.get_cog("Quiz")
    discord_bot.bot.clock = lambda: datetime(2024, 3, 9, 15, 0, tzinfo=UTC) + timedelta(hours=13)
    discord_bot.fake.fail_next = [503]
    await cog.tick()
    assert discord_bot.fake.messages[int(post["id"])]["components"], "not revealed yet"
    late = await discord_bot.press(post, buttons(post)[0]["custom_id"], user=ALICE)
    assert "closed" in late.callback["content"], "answers stay closed while the reveal waits"
    await cog.tick()
    revealed = discord_bot.fake.messages[int(post["id"])]
    labels = [c["label"] for row in revealed["components"] for c in row["components"]]
    assert labels == ["Suggest a correction"] and "✅" in revealed["embeds"][0]["description"]  # no answer buttons
