"""The quiz's use cases: pick and claim questions, lock answers, reveal, score.

Exactly-once is enforced by the database, not by locks in this process: a daily post is a row
unique per (server, slot) and an answer a row unique per (question, member), so restarts and
several bot processes can never double a post or an answer.
"""

from __future__ import annotations

import json
import logging
import random
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from bot.domain.quiz import Knowledge, Option, Question, generate, verify
from bot.domain.schedule import due_today, parse_time, parse_zone
from bot.services.statements import statements
from db.models import QuizAnswer, QuizConfig, QuizPost, utcnow
from db.store import Store

log = logging.getLogger(__name__)

DEFAULT_OPEN_HOURS = 12


def as_utc(moment: datetime) -> datetime:
    """Stored datetimes may come back naive (SQLite); they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def question_to_json(question: Question) -> str:
    return json.dumps(asdict(question), ensure_ascii=False)


def question_from_json(text: str) -> Question:
    data = json.loads(text)
    data["options"] = tuple(Option(**o) for o in data["options"])
    data["sources"] = tuple(data["sources"])
    data["fact_keys"] = tuple(data["fact_keys"])
    data["fact_versions"] = tuple(data.get("fact_versions") or ())
    data["params"] = tuple(data.get("params") or ())
    known = Question.__dataclass_fields__
    return Question(**{k: v for k, v in data.items() if k in known})


def knowledge(store: Store) -> Knowledge:
    """The quiz's material, from the statements, built once per data version."""
    return store.memo(("quiz-knowledge",), lambda: Knowledge.build(statements(store)).prepare())


def asked_qids(store: Store, guild_id: int) -> set[str]:
    with store.session() as session:
        return set(session.exec(select(QuizPost.qid).where(QuizPost.guild_id == guild_id, QuizPost.mode != "practice")))


def practice_question(store: Store, seed: int) -> tuple[Question | None, int]:
    """The practice question for `seed` and the data version it was made from. Nothing is stored:
    the same seed on the same data makes the same question, so the buttons carry seed and version."""
    version = store.data_version()
    return pick_question(store, 0, random.Random(seed), practice=True), version


def pick_question(store: Store, guild_id: int, rng: random.Random, *, practice: bool = False) -> Question | None:
    """A verified question this server has not had yet (practice questions may repeat)."""
    kb = knowledge(store)
    asked = set() if practice else asked_qids(store, guild_id)
    for _ in range(5):
        question = generate(kb, rng, asked=asked)
        if question is not None and verify(question, kb):
            return question
    return None


# ---- configuration ---------------------------------------------------------------------------


def configure(
    store: Store, *, guild_id: int, channel_id: int, post_time: str, zone: str, open_hours: int, lang: str, actor: str
) -> QuizConfig:
    """Raises ScheduleError for a bad time or zone."""
    at = parse_time(post_time)
    parse_zone(zone)
    with store.session() as session:
        config = session.get(QuizConfig, guild_id) or QuizConfig(
            guild_id=guild_id, channel_id=channel_id, post_time="", timezone="", updated_by=actor
        )
        config.channel_id, config.post_time, config.timezone = channel_id, f"{at:%H:%M}", zone.strip()
        config.open_hours, config.lang, config.updated_by, config.updated_at = open_hours, lang, actor, utcnow()
        config.paused = False
        session.add(config)
    return config


def get_config(store: Store, guild_id: int) -> QuizConfig | None:
    with store.session() as session:
        return session.get(QuizConfig, guild_id)


def set_paused(store: Store, guild_id: int, paused: bool, actor: str) -> QuizConfig | None:
    with store.session() as session:
        config = session.get(QuizConfig, guild_id)
        if config is not None:
            config.paused, config.updated_by, config.updated_at = paused, actor, utcnow()
        return config


# ---- posting ---------------------------------------------------------------------------------


def claim(
    store: Store,
    *,
    guild_id: int,
    slot: str,
    mode: str,
    question: Question,
    closes_at: datetime,
    channel_id: int | None,
    day: str | None = None,
    owner_id: int | None = None,
) -> QuizPost | None:
    """Claim `slot` for this server; None when it was already claimed (by us or another process)."""
    try:
        with store.session() as session:
            post = QuizPost(
                guild_id=guild_id,
                slot=slot,
                mode=mode,
                day=day,
                owner_id=owner_id,
                qid=question.qid,
                kind=question.kind,
                question=question_to_json(question),
                answer_index=question.answer_index,
                channel_id=channel_id,
                closes_at=closes_at,
            )
            session.add(post)
        return post
    except IntegrityError:
        return None


def set_message(store: Store, post_id: int, message_id: int) -> None:
    with store.session() as session:
        post = session.get(QuizPost, post_id)
        post.message_id = message_id


def due_daily(store: Store, now: datetime) -> list[tuple[QuizConfig, str]]:
    """Servers whose daily question is due now and not yet claimed for their local today."""
    with store.session() as session:
        configs = list(session.exec(select(QuizConfig).where(QuizConfig.paused == False)))  # noqa: E712
        out = []
        for config in configs:
            due = due_today(now, config.post_time, config.timezone)
            if not due.due:
                continue
            slot = f"daily:{due.day.isoformat()}"
            taken = session.exec(
                select(QuizPost.id).where(QuizPost.guild_id == config.guild_id, QuizPost.slot == slot)
            ).first()
            if taken is None:
                out.append((config, due.day.isoformat()))
        return out


def unsent_posts(store: Store) -> list[QuizPost]:
    """Claimed public posts whose message never went out (e.g. Discord was down): send them now."""
    with store.session() as session:
        return list(
            session.exec(
                select(QuizPost).where(
                    QuizPost.message_id.is_(None),
                    QuizPost.mode != "practice",
                    QuizPost.closed == False,  # noqa: E712
                )
            )
        )


def due_reveals(store: Store, now: datetime) -> list[QuizPost]:
    with store.session() as session:
        return list(
            session.exec(
                select(QuizPost).where(
                    QuizPost.revealed_at.is_(None),
                    QuizPost.mode != "practice",
                    QuizPost.closes_at <= now,
                    QuizPost.message_id.is_not(None),
                )
            )
        )


def mark_revealed(store: Store, post_id: int, now: datetime) -> None:
    """The reveal reached Discord: do not send it again."""
    with store.session() as session:
        post = session.get(QuizPost, post_id)
        post.revealed_at = post.revealed_at or now


def get_post(store: Store, post_id: int) -> QuizPost | None:
    with store.session() as session:
        return session.get(QuizPost, post_id)


@dataclass(frozen=True)
class Reveal:
    post: QuizPost
    counts: list[int]
    winners: list[int]


def close(store: Store, post_id: int, now: datetime) -> Reveal | None:
    """Stop taking answers (idempotent) and gather what the reveal shows."""
    with store.session() as session:
        post = session.get(QuizPost, post_id)
        if post is None:
            return None
        post.closed = True
        answers = list(
            session.exec(select(QuizAnswer).where(QuizAnswer.post_id == post_id).order_by(QuizAnswer.answered_at))
        )
    question = question_from_json(post.question)
    counts = [0] * len(question.options)
    for answer in answers:
        if 0 <= answer.choice < len(counts):
            counts[answer.choice] += 1
    return Reveal(post, counts, [a.user_id for a in answers if a.correct])


# ---- answering -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerResult:
    status: str  # ok | duplicate | closed | unknown
    post: QuizPost | None = None
    choice: int | None = None
    correct: bool | None = None


def answer(store: Store, *, post_id: int, user_id: int, user_name: str, choice: int, now: datetime) -> AnswerResult:
    with store.session() as session:
        post = session.get(QuizPost, post_id)
        if post is None or not 0 <= choice < len(json.loads(post.question)["options"]):
            return AnswerResult("unknown")
        previous = session.exec(
            select(QuizAnswer).where(QuizAnswer.post_id == post_id, QuizAnswer.user_id == user_id)
        ).first()
        if previous is not None:
            return AnswerResult("duplicate", post, previous.choice, previous.correct)
        if post.closed or as_utc(post.closes_at) <= now:
            return AnswerResult("closed", post)
    correct = choice == post.answer_index
    try:
        with store.session() as session:
            session.add(
                QuizAnswer(
                    post_id=post_id,
                    guild_id=post.guild_id,
                    user_id=user_id,
                    user_name=user_name[:100],
                    choice=choice,
                    correct=correct,
                    counted=True,
                    answered_at=now,
                )
            )
    except IntegrityError:  # a second press raced the first: the first one stands
        with store.session() as session:
            previous = session.exec(
                select(QuizAnswer).where(QuizAnswer.post_id == post_id, QuizAnswer.user_id == user_id)
            ).one()
        return AnswerResult("duplicate", post, previous.choice, previous.correct)
    return AnswerResult("ok", post, choice, correct)


def answer_count(store: Store, post_id: int) -> int:
    with store.session() as session:
        return session.exec(select(func.count()).select_from(QuizAnswer).where(QuizAnswer.post_id == post_id)).one()


# ---- scores ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    user_id: int
    name: str
    points: int
    answered: int
    correct: int
    streak: int
    best_streak: int


def _streaks(days: list[str], correct_days: set[str]) -> tuple[int, int]:
    """Current and best run of consecutive daily questions answered right (days in order)."""
    best = run = 0
    for day in days:
        run = run + 1 if day in correct_days else 0
        best = max(best, run)
    return run, best


def standings(store: Store, guild_id: int, *, since: datetime | None = None) -> list[Standing]:
    with store.session() as session:
        stmt = select(QuizAnswer).where(QuizAnswer.guild_id == guild_id, QuizAnswer.counted == True)  # noqa: E712
        if since is not None:
            stmt = stmt.where(QuizAnswer.answered_at >= since)
        answers = list(session.exec(stmt))
        daily = list(
            session.exec(
                select(QuizPost.id, QuizPost.day, QuizPost.closed)
                .where(QuizPost.guild_id == guild_id, QuizPost.mode == "daily")
                .order_by(QuizPost.day)
            )
        )
    day_of = {post_id: day for post_id, day, _closed in daily}
    # A still-open question does not break a streak before the member had the chance to answer.
    closed_days = [day for _id, day, closed in daily if closed]
    by_user: dict[int, list[QuizAnswer]] = {}
    for a in answers:
        by_user.setdefault(a.user_id, []).append(a)
    rows = []
    for user_id, mine in by_user.items():
        correct_days = {day_of[a.post_id] for a in mine if a.correct and a.post_id in day_of}
        open_right = [
            day_of[a.post_id]
            for a in mine
            if a.correct and a.post_id in day_of and day_of[a.post_id] not in closed_days
        ]
        streak, best = _streaks(closed_days + sorted(open_right), correct_days)
        correct = sum(a.correct for a in mine)
        name = max(mine, key=lambda a: a.answered_at).user_name
        rows.append(Standing(user_id, name, correct, len(mine), correct, streak, best))
    return sorted(rows, key=lambda r: (-r.points, -r.streak, r.name))


def week_start(now: datetime, zone: str | None) -> datetime:
    """Monday 00:00 of this week in the server's time zone (UTC when it has none)."""
    tz = ZoneInfo(zone) if zone else UTC
    local = now.astimezone(tz)
    monday = (local - timedelta(days=local.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    return monday.astimezone(UTC)
