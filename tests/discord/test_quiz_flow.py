"""The daily quiz end to end: setup, scheduled post, locked answers, counts, reveal, scores,
restarts, through the real discord.py stack and the fake Discord."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.offline.driver import ALL_PERMISSIONS, CHANNEL_ID, OfflineDiscord, User
from bot.services import quiz
from db.models import QuizAnswer, QuizPost
from db.store import Store
from tests.discord.helpers import CHANNEL_MESSAGE, EPHEMERAL, UPDATE_MESSAGE, buttons, shown_text

MOD = User(id=900, name="mod", permissions=ALL_PERMISSIONS)
ALICE, BOB, CAROL = User(id=901, name="alice"), User(id=902, name="bob"), User(id=903, name="carol")
QUIZ_CHANNEL = 555000000000000001


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(discord_bot) -> Clock:
    clock = Clock(datetime(2024, 3, 9, 13, 0, tzinfo=UTC))  # 08:00 in New York
    discord_bot.bot.clock = clock
    return clock


async def setup_quiz(discord_bot: OfflineDiscord, **extra) -> None:
    reply = await discord_bot.command(
        "quiz setup", {"channel": str(QUIZ_CHANNEL), "time": "09:00", "timezone": "America/New_York", **extra}, user=MOD
    )
    assert reply.callback["flags"] & EPHEMERAL
    assert "Daily question set" in reply.callback["content"], reply.callback["content"]


def channel_posts(discord_bot: OfflineDiscord) -> list[dict]:
    return [discord_bot.fake.messages[i] for i in discord_bot.fake.channel_messages.get(QUIZ_CHANNEL, [])]


def correct_and_wrong(discord_bot: OfflineDiscord) -> tuple[str, str]:
    with discord_bot.bot.store.session() as session:
        post = session.exec(select(QuizPost)).one()
    ids = [b["custom_id"] for b in buttons(channel_posts(discord_bot)[0])]
    return ids[post.answer_index], ids[(post.answer_index + 1) % len(ids)]


async def test_setup_is_for_moderators_only(discord_bot, clock):
    reply = await discord_bot.command(
        "quiz setup",
        {"channel": str(QUIZ_CHANNEL), "time": "09:00", "timezone": "America/New_York"},
        user=ALICE,
        locale="zh-TW",
    )
    assert reply.callback["flags"] & EPHEMERAL
    assert "只有管理員" in reply.callback["content"]
    reply = await discord_bot.command("quiz now", {}, user=ALICE)
    assert "Only moderators" in reply.callback["content"]
    assert channel_posts(discord_bot) == []


@pytest.mark.parametrize(
    ("options", "expected"),
    [({"time": "9 o'clock"}, "not a time of day"), ({"timezone": "Mars/Olympus"}, "not a time zone I know")],
)
async def test_setup_explains_bad_time_and_zone(discord_bot, clock, options, expected):
    values = {"channel": str(QUIZ_CHANNEL), "time": "09:00", "timezone": "Europe/London", **options}
    reply = await discord_bot.command("quiz setup", values, user=MOD)
    assert expected in reply.callback["content"]


async def test_timezone_autocomplete(discord_bot):
    reply = await discord_bot.autocomplete("quiz setup", "timezone", "taipei", user=MOD)
    assert [c["value"] for c in reply.choices] == ["Asia/Taipei"]
    assert len((await discord_bot.autocomplete("quiz setup", "timezone", "a", user=MOD)).choices) == 25


async def test_daily_post_answer_reveal_and_scores(discord_bot, clock):
    await setup_quiz(discord_bot)
    cog = discord_bot.bot.get_cog("Quiz")
    await cog.tick()
    assert channel_posts(discord_bot) == [], "not before 09:00 local"
    clock.now = datetime(2024, 3, 9, 14, 0, 30, tzinfo=UTC)
    await cog.tick()
    await cog.tick()  # a second tick (or restart) the same day posts nothing more
    posts = channel_posts(discord_bot)
    assert len(posts) == 1
    post = copy.deepcopy(posts[0])  # what a member's client shows; the store's copy is edited later
    assert post["allowed_mentions"] == {"parse": []}
    assert "Daily question" in post["embeds"][0]["title"]
    assert len(buttons(post)) in (2, 4)

    right, wrong = correct_and_wrong(discord_bot)
    first = await discord_bot.press(post, right, user=ALICE)
    assert first.callback_type == CHANNEL_MESSAGE and first.callback["flags"] & EPHEMERAL
    assert "locked in" in first.callback["content"]
    again = await discord_bot.press(post, wrong, user=ALICE)
    assert "You already answered" in again.callback["content"]
    await discord_bot.press(post, wrong, user=BOB)
    await cog.flush_counts()
    assert "2 answer(s) so far" in discord_bot.fake.messages[int(post["id"])]["embeds"][0]["footer"]["text"]

    clock.now += timedelta(hours=12)
    await cog.tick()
    revealed = discord_bot.fake.messages[int(post["id"])]
    text = shown_text(revealed)
    assert "✅" in text and "💡" in text
    assert "Right: 1 of 2" in text and "<@901>" in text and "<@902>" not in text
    assert [b["label"] for b in buttons(revealed)] == ["Suggest a correction"]  # answering is over
    picked = await discord_bot.press(revealed, buttons(revealed)[0]["custom_id"], user=CAROL)
    menu = picked.message["components"][0]["components"][0]
    assert menu["type"] == 3 and menu["options"]  # the statements the question was built from
    assert "Sources:" in revealed["embeds"][0]["footer"]["text"]
    late = await discord_bot.press(post, right, user=CAROL)
    assert "closed" in late.callback["content"]

    board = await discord_bot.command("quiz leaderboard", {"period": "all"})
    lines = board.callback["embeds"][0]["description"].splitlines()
    assert lines[0].startswith("**1.** alice — 1 pt · streak 1")
    assert "bob — 0 pt" in lines[1]
    stats = await discord_bot.command("quiz stats", {}, user=ALICE)
    assert "Points: **1**" in stats.callback["embeds"][0]["description"]
    with discord_bot.bot.store.session() as session:
        assert len(session.exec(select(QuizAnswer)).all()) == 2


async def test_a_missed_post_is_made_once_after_coming_back(discord_bot, clock):
    await setup_quiz(discord_bot)
    clock.now = datetime(2024, 3, 9, 20, 0, tzinfo=UTC)  # down at 09:00, back at 15:00 local
    cog = discord_bot.bot.get_cog("Quiz")
    await cog.tick()
    assert len(channel_posts(discord_bot)) == 1
    clock.now = datetime(2024, 3, 10, 12, 0, tzinfo=UTC)  # next day before 09:00 EDT: nothing yet
    await cog.tick()
    assert len(channel_posts(discord_bot)) == 1
    clock.now = datetime(2024, 3, 10, 13, 1, tzinfo=UTC)  # 09:01 EDT, after the DST change
    await cog.tick()
    assert len(channel_posts(discord_bot)) == 2


async def test_restart_with_an_open_question(settings, discord_bot, clock):
    await setup_quiz(discord_bot)
    clock.now = datetime(2024, 3, 9, 14, 1, tzinfo=UTC)
    await discord_bot.bot.get_cog("Quiz").tick()
    post = channel_posts(discord_bot)[0]
    right, _wrong = correct_and_wrong(discord_bot)
    await discord_bot.press(post, right, user=ALICE)
    await discord_bot.close()

    store = Store.open(settings.database_url)
    restarted = await OfflineDiscord.start(settings, store)
    restarted.bot.clock = clock
    try:
        again = await restarted.press(post, right, user=ALICE)
        assert "You already answered" in again.callback["content"], "the answer survived the restart"
        bob = await restarted.press(post, right, user=BOB)
        assert "locked in" in bob.callback["content"], "the buttons still work"
        await restarted.bot.get_cog("Quiz").tick()
        assert restarted.fake.channel_messages.get(QUIZ_CHANNEL, []) == [], "no second post after a restart"
    finally:
        await restarted.close()
        store.close()


async def test_pause_and_resume(discord_bot, clock):
    await setup_quiz(discord_bot)
    assert "paused" in (await discord_bot.command("quiz pause", {}, user=MOD)).callback["content"]
    clock.now = datetime(2024, 3, 9, 15, 0, tzinfo=UTC)
    await discord_bot.bot.get_cog("Quiz").tick()
    assert channel_posts(discord_bot) == []
    assert "back on" in (await discord_bot.command("quiz resume", {}, user=MOD)).callback["content"]
    await discord_bot.bot.get_cog("Quiz").tick()
    assert len(channel_posts(discord_bot)) == 1


async def test_quiz_now_posts_immediately_in_the_current_channel(discord_bot, clock):
    reply = await discord_bot.command("quiz now", {}, user=MOD)
    assert "Posted a question" in reply.messages[-1]["content"] or "Posted a question" in str(reply.messages)
    assert len(reply.posted) == 1 and reply.posted[0]["channel_id"] == str(CHANNEL_ID)


async def test_practice_gives_private_feedback_and_is_not_scored(discord_bot, clock):
    reply = await discord_bot.command("quiz practice", {}, user=ALICE, locale="zh-CN")
    assert reply.callback["flags"] & EPHEMERAL
    assert "练习题" in reply.callback["embeds"][0]["title"]
    ids = [b["custom_id"] for b in buttons(reply.message)]
    seed = int(ids[0].split(":")[2])
    question, _version = quiz.practice_question(discord_bot.bot.store, seed)
    other = await discord_bot.press(reply.message, ids[0], user=BOB)
    assert "belongs to someone else" in other.callback["content"]
    answered = await discord_bot.press(reply.message, ids[question.answer_index], user=ALICE, locale="zh-CN")
    assert answered.callback_type == UPDATE_MESSAGE
    assert "答对了" in answered.callback["content"] and "💡" in answered.callback["content"]
    board = await discord_bot.command("quiz leaderboard", {"period": "all"})
    assert "No answers yet" in board.callback["embeds"][0]["description"]
    with discord_bot.bot.store.session() as session:
        assert session.exec(select(QuizPost)).all() == [], "practice writes nothing"


async def test_forged_quiz_button_is_refused_politely(discord_bot, clock):
    forged = {
        "id": "1",
        "channel_id": str(QUIZ_CHANNEL),
        "components": [
            {"type": 1, "components": [{"type": 2, "style": 1, "label": "A", "custom_id": "quiz:999999:0"}]}
        ],
        "content": "",
        "embeds": [],
        "author": {"id": "1", "username": "x", "discriminator": "0", "avatar": None},
        "attachments": [],
        "timestamp": "2024-01-01T00:00:00+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "pinned": False,
        "type": 0,
        "flags": 0,
    }
    reply = await discord_bot.press(forged, "quiz:999999:0", user=ALICE)
    assert reply.callback["flags"] & EPHEMERAL
    assert "no longer available" in reply.callback["content"]
