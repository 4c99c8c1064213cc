"""Fair play and corrections, through the real discord.py stack: results hidden until the reveal,
a late setup starts tomorrow, /quiz review re-takes missed questions privately, accuracy by
difficulty, and a corrected fact re-grades the questions that rested on it."""

from __future__ import annotations

import copy
import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.domain.quiz import EASY, HARD, MEDIUM, generate
from bot.i18n import Lang
from bot.offline.driver import GUILD_ID, OfflineDiscord
from bot.quiz_ui import send_post
from bot.services import quiz
from db import edits
from db.models import Fact, QuizAnswer, QuizPost
from tests.discord.helpers import CHANNEL_MESSAGE, EPHEMERAL, UPDATE_MESSAGE, buttons, shown_text
from tests.discord.test_quiz_flow import ALICE, BOB, CAROL, QUIZ_CHANNEL, Clock, channel_posts, setup_quiz


@pytest.fixture
def clock(discord_bot) -> Clock:
    clock = Clock(datetime(2024, 3, 9, 13, 0, tzinfo=UTC))  # 08:00 in New York, a Saturday
    discord_bot.bot.clock = clock
    return clock


async def daily_post(discord_bot: OfflineDiscord, clock: Clock) -> tuple[dict, QuizPost]:
    await setup_quiz(discord_bot)
    clock.now = datetime(2024, 3, 9, 14, 0, 30, tzinfo=UTC)
    await discord_bot.bot.get_cog("Quiz").tick()
    message = copy.deepcopy(channel_posts(discord_bot)[-1])
    with discord_bot.bot.store.session() as session:
        post = session.exec(select(QuizPost).order_by(QuizPost.id.desc())).first()
    return message, post


def ids(message: dict) -> list[str]:
    return [b["custom_id"] for b in buttons(message)]


async def reveal_now(discord_bot: OfflineDiscord, clock: Clock) -> None:
    clock.now += timedelta(hours=13)
    await discord_bot.bot.get_cog("Quiz").tick()


async def stats_text(discord_bot: OfflineDiscord, user, locale: str = "en-US") -> str:  # noqa: ANN001
    reply = await discord_bot.command("quiz stats", {}, user=user, locale=locale)
    assert reply.callback["flags"] & EPHEMERAL
    return reply.callback["embeds"][0]["description"]


async def test_points_stay_hidden_until_the_reveal(discord_bot, clock):
    message, post = await daily_post(discord_bot, clock)
    right = ids(message)[post.answer_index]
    answered = await discord_bot.press(message, right, user=ALICE)
    assert "locked in" in answered.callback["content"] and "Right" not in answered.callback["content"]
    assert "Points: **0**" in await stats_text(discord_bot, ALICE)
    board = await discord_bot.command("quiz leaderboard", {"period": "all"})
    assert "No answers yet" in board.callback["embeds"][0]["description"]
    week = await discord_bot.command("quiz leaderboard", {"period": "week"})
    assert "alice" not in week.callback["embeds"][0]["description"]

    await reveal_now(discord_bot, clock)
    assert "Points: **1**" in await stats_text(discord_bot, ALICE)
    board = await discord_bot.command("quiz leaderboard", {"period": "all"})
    assert "alice — 1 pt" in board.callback["embeds"][0]["description"]


async def test_setup_after_todays_time_posts_first_tomorrow(discord_bot, clock):
    clock.now = datetime(2024, 3, 9, 15, 0, tzinfo=UTC)  # 10:00 in New York: 09:00 has passed
    await setup_quiz(discord_bot)
    cog = discord_bot.bot.get_cog("Quiz")
    await cog.tick()
    clock.now += timedelta(hours=3)
    await cog.tick()
    assert channel_posts(discord_bot) == [], "no surprise post today"
    clock.now = datetime(2024, 3, 10, 13, 1, tzinfo=UTC)  # 09:01 EDT the next day
    await cog.tick()
    assert len(channel_posts(discord_bot)) == 1


async def test_review_retakes_a_missed_question_privately_without_scoring(discord_bot, clock):
    message, post = await daily_post(discord_bot, clock)
    right, wrong = ids(message)[post.answer_index], ids(message)[(post.answer_index + 1) % len(ids(message))]
    await discord_bot.press(message, wrong, user=BOB)
    await discord_bot.press(message, right, user=ALICE)

    early = await discord_bot.command("quiz review", {}, user=BOB)
    assert "Nothing to review" in early.callback["content"], "not before the reveal"
    await reveal_now(discord_bot, clock)

    nothing = await discord_bot.command("quiz review", {}, user=ALICE, locale="zh-TW")
    assert nothing.callback["flags"] & EPHEMERAL and "沒有可複習" in nothing.callback["content"]

    review = await discord_bot.command("quiz review", {}, user=BOB)
    assert review.callback_type == CHANNEL_MESSAGE and review.callback["flags"] & EPHEMERAL
    shown = review.callback["embeds"][0]
    assert "Review" in shown["title"] and "not scored" in shown["footer"]["text"]
    question = quiz.question_from_json(post.question).localised("en")
    assert question["question"] in shown["description"]
    again = review.message
    other = await discord_bot.press(again, ids(again)[0], user=ALICE)
    assert "belongs to someone else" in other.callback["content"]
    retake = await discord_bot.press(again, ids(again)[post.answer_index], user=BOB)
    assert retake.callback_type == UPDATE_MESSAGE and "Right" in retake.callback["content"]
    with discord_bot.bot.store.session() as session:
        assert len(session.exec(select(QuizAnswer)).all()) == 2, "a re-take writes nothing"
    assert "Points: **0**" in await stats_text(discord_bot, BOB)


async def test_stats_show_accuracy_by_difficulty(discord_bot, clock):
    message, post = await daily_post(discord_bot, clock)
    await discord_bot.press(message, ids(message)[post.answer_index], user=ALICE)
    await reveal_now(discord_bot, clock)
    level = {EASY: "Easy", MEDIUM: "Medium", HARD: "Hard"}[quiz.question_from_json(post.question).difficulty]
    assert f"{level}: 1/1 right (100%)" in await stats_text(discord_bot, ALICE)
    zh = await stats_text(discord_bot, ALICE, locale="zh-CN")
    assert "答对 1／1 题" in zh


# ---- corrections -----------------------------------------------------------------------------------


async def post_left_when(discord_bot: OfflineDiscord, clock: Clock) -> tuple[dict, QuizPost]:
    """A 'when did X leave' question, posted through the real stack."""
    store = discord_bot.bot.store
    kb = quiz.knowledge(store)
    question = next(q for s in range(200) if (q := generate(kb, random.Random(s), kinds=["left_when"])) is not None)
    post = quiz.claim(
        store,
        guild_id=GUILD_ID,
        slot="now:correction-test",
        mode="now",
        question=question,
        closes_at=clock.now + timedelta(hours=1),
        channel_id=QUIZ_CHANNEL,
    )
    await send_post(discord_bot.bot, post, Lang.EN)
    with store.session() as session:
        post = session.get(QuizPost, post.id)
    return copy.deepcopy(channel_posts(discord_bot)[-1]), post


async def test_an_edited_fact_rekeys_a_past_question_and_recomputes_points(discord_bot, clock):
    message, post = await post_left_when(discord_bot, clock)
    question = quiz.question_from_json(post.question)
    new_index = (post.answer_index + 1) % len(question.options)
    new_year = question.options[new_index].value
    await discord_bot.press(message, ids(message)[post.answer_index], user=ALICE)
    await discord_bot.press(message, ids(message)[new_index], user=BOB)
    await reveal_now(discord_bot, clock)
    assert "Points: **1**" in await stats_text(discord_bot, ALICE)

    store = discord_bot.bot.store
    with store.session() as session:
        for fact in session.exec(select(Fact).where(Fact.key.in_(question.fact_keys))):
            edits.change_fact(
                session,
                fact,
                fields={"start": new_year},
                citations=None,
                action="edit",
                actor="mod",
                reason="the article gives another year",
            )
    before = len(channel_posts(discord_bot))
    await discord_bot.bot.get_cog("Quiz").tick()
    notes = channel_posts(discord_bot)[before:]
    assert len(notes) == 1
    assert "Correction" in notes[0]["content"] and new_year in notes[0]["content"]
    assert notes[0]["allowed_mentions"] == {"parse": []}
    assert "Points: **0**" in await stats_text(discord_bot, ALICE)
    assert "Points: **1**" in await stats_text(discord_bot, BOB)
    revealed = shown_text(discord_bot.fake.messages[int(message["id"])])
    assert f"✅ {'ABCD'[new_index]}. {new_year}" in revealed, "the revealed post shows the new key"
    await discord_bot.bot.get_cog("Quiz").tick()
    assert len(channel_posts(discord_bot)) == before + 1, "one correction, not one per tick"


async def test_a_retracted_fact_withdraws_the_question(discord_bot, clock):
    message, post = await post_left_when(discord_bot, clock)
    question = quiz.question_from_json(post.question)
    await discord_bot.press(message, ids(message)[post.answer_index], user=CAROL)
    store = discord_bot.bot.store
    with store.session() as session:
        for fact in session.exec(select(Fact).where(Fact.key.in_(question.fact_keys))):
            edits.retract(session, fact, actor="mod", reason="withdrawn by the publisher")
    before = len(channel_posts(discord_bot))
    await discord_bot.bot.get_cog("Quiz").tick()
    notes = channel_posts(discord_bot)[before:]
    assert len(notes) == 1 and "withdrawn" in notes[0]["content"]
    assert discord_bot.fake.messages[int(message["id"])]["components"] == [], "no more answers"
    await reveal_now(discord_bot, clock)
    assert "Points: **0**" in await stats_text(discord_bot, CAROL)
    late = await discord_bot.press(message, ids(message)[0], user=ALICE)
    assert "closed" in late.callback["content"]
    assert "✅" not in shown_text(discord_bot.fake.messages[int(message["id"])]), "a withdrawn question is not revealed"


# ---- difficulty ------------------------------------------------------------------------------------


def test_the_daily_difficulty_rotates_through_the_week():
    week = [quiz.daily_difficulty(f"2024-03-{day:02d}") for day in range(11, 18)]  # Monday to Sunday
    assert week[0] == EASY and set(week) == {EASY, MEDIUM, HARD}
    assert week.count(EASY) >= 2 and week.count(HARD) >= 2


def test_difficulty_comes_from_answers_once_five_members_answered():
    assert quiz.difficulty_from_answers(4, 0) is None
    assert quiz.difficulty_from_answers(5, 5) == EASY
    assert quiz.difficulty_from_answers(10, 5) == MEDIUM
    assert quiz.difficulty_from_answers(6, 1) == HARD


def test_a_daily_question_has_the_days_difficulty(store):
    store.seed_from(store.data_dir)
    for day in ("2024-03-11", "2024-03-12", "2024-03-13"):
        target = quiz.daily_difficulty(day)
        for seed in range(5):
            question = quiz.pick_question(store, 1, random.Random(seed), day=day)
            assert question is not None and question.difficulty == target


async def test_an_open_question_is_rekeyed_quietly_until_its_reveal(discord_bot, clock):
    message, post = await post_left_when(discord_bot, clock)
    question = quiz.question_from_json(post.question)
    new_index = (post.answer_index + 1) % len(question.options)
    await discord_bot.press(message, ids(message)[new_index], user=BOB)
    with discord_bot.bot.store.session() as session:
        for fact in session.exec(select(Fact).where(Fact.key.in_(question.fact_keys))):
            edits.change_fact(
                session,
                fact,
                fields={"start": question.options[new_index].value},
                citations=None,
                action="edit",
                actor="mod",
                reason="corrected year",
            )
    before = len(channel_posts(discord_bot))
    await discord_bot.bot.get_cog("Quiz").tick()
    assert len(channel_posts(discord_bot)) == before, "a note before the reveal would give the answer away"
    await reveal_now(discord_bot, clock)
    assert f"✅ {'ABCD'[new_index]}." in shown_text(discord_bot.fake.messages[int(message["id"])])
    assert "Points: **1**" in await stats_text(discord_bot, BOB)
