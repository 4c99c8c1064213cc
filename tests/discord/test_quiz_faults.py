"""The daily quiz when Discord refuses, servers move time zone, buttons travel between servers, and
several bot processes tick at once: through the real discord.py stack and the fake Discord."""

from __future__ import annotations

import asyncio
import copy
import logging
from datetime import UTC, datetime, timedelta

import discord
import pytest
from sqlmodel import select

from bot.offline.driver import ALL_PERMISSIONS, GUILD_ID, OfflineDiscord, User
from db.models import QuizAnswer, QuizPost
from db.store import Store
from tests.discord.helpers import EPHEMERAL, buttons

MOD = User(id=900, name="mod", permissions=ALL_PERMISSIONS)
ALICE = User(id=901, name="alice")
CHANNEL = 555000000000000001
LOG_CHANNEL = 555000000000000009


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def posts_sent(offline: OfflineDiscord, channel: int = CHANNEL) -> int:
    """Requests to post in the channel (whatever Discord answered)."""
    return sum(1 for r in offline.fake.requests if r.method == "POST" and r.path.endswith(f"/{channel}/messages"))


def messages_in(offline: OfflineDiscord, channel: int = CHANNEL) -> list[dict]:
    return [offline.fake.messages[i] for i in offline.fake.channel_messages.get(channel, [])]


async def setup(offline: OfflineDiscord, zone: str = "UTC", time: str = "09:00") -> None:
    reply = await offline.command("quiz setup", {"channel": str(CHANNEL), "time": time, "timezone": zone}, user=MOD)
    assert "Daily question set" in reply.callback["content"], reply.callback["content"]


# -- item 14: permanent errors stop, are reported once, and nothing stale goes out -------------


@pytest.mark.parametrize(("refusal", "answer"), [("forbidden_channels", "403"), ("deleted_channels", "404")])
async def test_a_channel_the_bot_cannot_post_in_is_given_up_and_reported(discord_bot, caplog, refusal, answer):
    clock = Clock(datetime(2024, 3, 9, 9, 0, 30, tzinfo=UTC))
    discord_bot.bot.clock = clock
    await discord_bot.command("almanac config", {"log-channel": str(LOG_CHANNEL)}, user=MOD)
    await setup(discord_bot)
    getattr(discord_bot.fake, refusal).add(CHANNEL)
    cog = discord_bot.bot.get_cog("Quiz")
    with caplog.at_level(logging.WARNING):
        for minutes in (0, 1, 5, 30, 120, 600):
            clock.now = datetime(2024, 3, 9, 9, 0, 30, tzinfo=UTC) + timedelta(minutes=minutes)
            await cog.tick()
    assert posts_sent(discord_bot) == 1, "tried once, not every tick"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], "no tracebacks"
    with discord_bot.bot.store.session() as session:
        post = session.exec(select(QuizPost)).one()
        assert post.closed and post.message_id is None
    notices = messages_in(discord_bot, LOG_CHANNEL)
    assert len(notices) == 1
    assert (
        answer in notices[0]["embeds"][0]["description"] and f"<#{CHANNEL}>" in notices[0]["embeds"][0]["description"]
    )

    reply = await discord_bot.command("quiz pause", user=MOD, locale="zh-TW")
    assert f"無法在 <#{CHANNEL}> 發布" in reply.callback["content"] and answer in reply.callback["content"]
    again = await discord_bot.command("quiz resume", user=MOD)
    assert "could not be posted" not in again.callback["content"], "told once"

    getattr(discord_bot.fake, refusal).clear()  # permissions fixed: the next day posts again
    clock.now = datetime(2024, 3, 10, 9, 1, tzinfo=UTC)
    await cog.tick()
    assert len(messages_in(discord_bot)) == 1


async def test_a_post_that_could_not_go_out_on_its_day_is_never_posted_late(discord_bot):
    clock = Clock(datetime(2024, 3, 9, 9, 0, 30, tzinfo=UTC))
    discord_bot.bot.clock = clock
    await setup(discord_bot)
    cog = discord_bot.bot.get_cog("Quiz")
    discord_bot.fake.fail_next = [503]
    await cog.tick()
    assert messages_in(discord_bot) == []
    clock.now = datetime(2024, 3, 10, 0, 5, tzinfo=UTC)  # Discord is back, but the day is over
    await cog.tick()
    assert messages_in(discord_bot) == []
    clock.now = datetime(2024, 3, 10, 9, 0, 30, tzinfo=UTC)
    await cog.tick()
    await cog.tick()
    posted = messages_in(discord_bot)
    assert len(posted) == 1
    with discord_bot.bot.store.session() as session:
        sent = session.exec(select(QuizPost).where(QuizPost.message_id.is_not(None))).one()
        assert sent.day == "2024-03-10"


def cache_guild(offline: OfflineDiscord, channel_id: int, denied: discord.Permissions) -> None:
    """What the gateway tells the bot about its server (GUILD_CREATE): roles, the channel with an
    overwrite denying `denied` to everyone, and the bot's own membership."""
    me = offline.bot.user
    everyone = discord.Permissions(view_channel=True, send_messages=True, embed_links=True, read_message_history=True)
    offline.bot._connection._add_guild_from_data(
        {
            "id": str(GUILD_ID),
            "name": "offline",
            "owner_id": "1",
            "roles": [
                {
                    "id": str(GUILD_ID),
                    "name": "@everyone",
                    "permissions": str(everyone.value),
                    "position": 0,
                    "color": 0,
                    "hoist": False,
                    "managed": False,
                    "mentionable": False,
                    "flags": 0,
                }
            ],
            "channels": [
                {
                    "id": str(channel_id),
                    "type": 0,
                    "name": "quiz",
                    "position": 0,
                    "permission_overwrites": [
                        {"id": str(GUILD_ID), "type": 0, "allow": "0", "deny": str(denied.value)}
                    ],
                }
            ],
            "members": [
                {
                    "user": {"id": str(me.id), "username": me.name, "discriminator": "0", "avatar": None, "bot": True},
                    "roles": [],
                    "joined_at": "2024-01-01T00:00:00+00:00",
                    "deaf": False,
                    "mute": False,
                    "flags": 0,
                }
            ],
            "emojis": [],
            "stickers": [],
            "features": [],
            "member_count": 1,
        }
    )


@pytest.mark.parametrize(
    ("denied", "locale", "expected"),
    [
        (discord.Permissions(embed_links=True), "en-US", "I am missing Embed Links there"),
        (discord.Permissions(send_messages=True), "zh-TW", "缺少 傳送訊息"),
        (discord.Permissions(view_channel=True), "zh-CN", "查看频道"),
    ],
)
async def test_setup_checks_the_bot_can_post_in_the_channel(discord_bot, denied, locale, expected):
    cache_guild(discord_bot, CHANNEL, denied)
    reply = await discord_bot.command(
        "quiz setup", {"channel": str(CHANNEL), "time": "09:00", "timezone": "UTC"}, user=MOD, locale=locale
    )
    assert reply.callback["flags"] & EPHEMERAL
    assert expected in reply.callback["content"]
    assert (await discord_bot.command("quiz pause", user=MOD)).callback["content"].startswith("The daily question")
    with discord_bot.bot.store.session() as session:
        assert session.exec(select(QuizPost)).all() == []


async def test_setup_accepts_a_channel_the_bot_can_post_in(discord_bot):
    cache_guild(discord_bot, CHANNEL, discord.Permissions.none())
    await setup(discord_bot)


# -- item 12c: a time-zone change never makes a second post on one local day ---------------------


async def test_moving_west_after_the_days_post_does_not_post_again(discord_bot):
    clock = Clock(datetime(2024, 3, 9, 1, 0, 30, tzinfo=UTC))  # 09:00 in Taipei
    discord_bot.bot.clock = clock
    await setup(discord_bot, zone="Asia/Taipei")
    cog = discord_bot.bot.get_cog("Quiz")
    await cog.tick()
    assert len(messages_in(discord_bot)) == 1
    clock.now = datetime(2024, 3, 9, 2, 0, tzinfo=UTC)  # 18:00 of March 8 in Los Angeles, past 09:00
    await setup(discord_bot, zone="America/Los_Angeles")
    for minutes in (0, 1, 60):
        clock.now = datetime(2024, 3, 9, 2, 0, tzinfo=UTC) + timedelta(minutes=minutes)
        await cog.tick()
    assert len(messages_in(discord_bot)) == 1, "the post an hour ago was already this local day's"
    clock.now = datetime(2024, 3, 9, 17, 0, 30, tzinfo=UTC)  # 09:00 of March 9 in Los Angeles
    await cog.tick()
    assert len(messages_in(discord_bot)) == 2


async def test_moving_east_after_the_days_post_waits_for_the_next_local_day(discord_bot):
    clock = Clock(datetime(2024, 3, 9, 17, 0, 30, tzinfo=UTC))  # 09:00 in Los Angeles
    discord_bot.bot.clock = clock
    await setup(discord_bot, zone="America/Los_Angeles")
    cog = discord_bot.bot.get_cog("Quiz")
    await cog.tick()
    await setup(discord_bot, zone="Asia/Taipei")  # it is 01:00 of March 10 in Taipei
    clock.now = datetime(2024, 3, 10, 1, 0, 30, tzinfo=UTC)  # 09:00 of March 10 in Taipei
    await cog.tick()
    assert len(messages_in(discord_bot)) == 1, "the post eight hours ago was already on March 10 in Taipei"
    clock.now = datetime(2024, 3, 11, 1, 0, 30, tzinfo=UTC)
    await cog.tick()
    assert len(messages_in(discord_bot)) == 2


# -- item 13: a press counts only on the post's own server -----------------------------------------


async def test_a_press_from_another_server_is_not_scored(discord_bot):
    discord_bot.bot.clock = lambda: datetime(2024, 3, 9, 9, 0, 30, tzinfo=UTC)
    await setup(discord_bot)
    await discord_bot.bot.get_cog("Quiz").tick()
    post = copy.deepcopy(messages_in(discord_bot)[0])
    button = buttons(post)[0]["custom_id"]
    elsewhere = await discord_bot.press(post, button, user=ALICE, guild_id=GUILD_ID + 5, locale="zh-CN")
    assert elsewhere.callback["flags"] & EPHEMERAL
    assert "这一题属于另一个" in elsewhere.callback["content"]
    with discord_bot.bot.store.session() as session:
        assert session.exec(select(QuizAnswer)).all() == []
    board = await discord_bot.command("quiz leaderboard", {"period": "all"}, guild_id=GUILD_ID + 5)
    assert "alice" not in str(board.callback)
    home = await discord_bot.press(post, button, user=ALICE)
    assert "locked in" in home.callback["content"]


# -- item 15: only the process that claimed a post sends it ----------------------------------------


async def test_four_processes_ticking_at_once_send_each_day_once(settings, discord_bot):
    others = []
    for _ in range(3):
        store = Store.open(settings.database_url)
        others.append((await OfflineDiscord.start(settings, store, fake=discord_bot.fake), store))
    bots = [discord_bot] + [o for o, _ in others]
    try:
        clock = Clock(datetime(2024, 3, 1, 9, 0, 30, tzinfo=UTC))
        for offline in bots:
            offline.bot.clock = clock
        await setup(discord_bot)
        cogs = [offline.bot.get_cog("Quiz") for offline in bots]
        for day in range(10):
            for minutes in (0, 1):
                clock.now = datetime(2024, 3, 1 + day, 9, 0, 30, tzinfo=UTC) + timedelta(minutes=minutes)
                await asyncio.gather(*(cog.tick() for cog in cogs))
        assert posts_sent(discord_bot) == 10, "one send per daily post"
        assert len(messages_in(discord_bot)) == 10
    finally:
        for offline, store in others:
            await offline.close()
            store.close()


async def test_a_press_that_waits_on_a_busy_database_is_deferred_not_dropped(discord_bot, monkeypatch):
    """Under a burst an answer's write can queue behind others: past SLOW_AFTER the press is
    acknowledged at once (Discord drops it after 3 s) and the confirmation follows."""
    import time

    from bot import ui
    from bot.services import quiz

    discord_bot.bot.clock = lambda: datetime(2024, 3, 9, 9, 0, 30, tzinfo=UTC)
    await setup(discord_bot)
    await discord_bot.bot.get_cog("Quiz").tick()
    post = copy.deepcopy(messages_in(discord_bot)[0])
    real = quiz.answer

    def queued(*args, **kwargs):
        time.sleep(0.4)
        return real(*args, **kwargs)

    monkeypatch.setattr(ui, "SLOW_AFTER", 0.05)
    monkeypatch.setattr(quiz, "answer", queued)
    reply = await discord_bot.press(post, buttons(post)[0]["custom_id"], user=ALICE)
    assert reply.callback_type == 5 and reply.callback["flags"] & EPHEMERAL  # deferred, privately
    assert "locked in" in str(reply.messages)
    with discord_bot.bot.store.session() as session:
        assert len(session.exec(select(QuizAnswer)).all()) == 1
