"""The quiz's use cases: pick and claim questions, lock answers, reveal, score.

Exactly-once is enforced by the database, not by locks in this process: a daily post is a row
unique per (server, slot) and an answer a row unique per (question, member), so restarts and
several bot processes can never double a post or an answer.
"""

from __future__ import annotations

import json
import logging
import random
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, func, update
from sqlalchemy import cast as sa_cast
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.domain.quiz import EASY, HARD, MEDIUM, Knowledge, Option, Question, generate, rekey, verify
from bot.domain.schedule import due_today, parse_time, parse_zone
from bot.services.statements import statements
from db import queries
from db.models import Fact, Meta, QuizAnswer, QuizConfig, QuizPost, utcnow
from db.store import Store

log = logging.getLogger(__name__)

DEFAULT_OPEN_HOURS = 12
SETUP_GRACE = timedelta(minutes=5)


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
    # seconds at 100x the data: built once, in a worker thread, never on the event loop
    return store.memo(("quiz-knowledge",), lambda: Knowledge.build(statements(store)).prepare(), once=True)


def asked_qids(store: Store, guild_id: int) -> set[str]:
    with store.session() as session:
        return set(session.exec(select(QuizPost.qid).where(QuizPost.guild_id == guild_id, QuizPost.mode != "practice")))


def practice_question(store: Store, seed: int) -> tuple[Question | None, int]:
    """The practice question for `seed` and the data version it was made from. Nothing is stored:
    the same seed on the same data makes the same question, so the buttons carry seed and version."""
    version = store.data_version()
    return pick_question(store, 0, random.Random(seed), practice=True), version


# The daily question's difficulty through the week, Monday first.
WEEK_ROTATION = (EASY, MEDIUM, HARD, EASY, MEDIUM, HARD, MEDIUM)
MIN_ANSWERS_FOR_DIFFICULTY = 5


def daily_difficulty(day: str) -> int:
    """The difficulty of the daily question on a local date (YYYY-MM-DD)."""
    return WEEK_ROTATION[date.fromisoformat(day).weekday()]


def difficulty_from_answers(answered: int, right: int) -> int | None:
    """Difficulty from the share of members who got it right, once enough have answered."""
    if answered < MIN_ANSWERS_FOR_DIFFICULTY:
        return None
    share = right / answered
    return EASY if share >= 0.7 else MEDIUM if share >= 0.4 else HARD


def answer_record(store: Store) -> dict[str, tuple[int, int]]:
    """qid → (answers, right answers) over every revealed, counted question, all servers."""
    with store.session() as session:
        rows = session.exec(
            select(QuizPost.qid, func.count(), func.sum(sa_cast(QuizAnswer.correct, Integer)))
            .join(QuizPost, col(QuizPost.id) == QuizAnswer.post_id)
            .where(
                QuizAnswer.counted == True,  # noqa: E712
                col(QuizPost.revealed_at).is_not(None),
                QuizPost.voided == False,  # noqa: E712
            )
            .group_by(QuizPost.qid)
        )
        return {qid: (int(n), int(right or 0)) for qid, n, right in rows}


def difficulty_of(question: Question, record: dict[str, tuple[int, int]]) -> int:
    answered, right = record.get(question.qid, (0, 0))
    return difficulty_from_answers(answered, right) or question.difficulty


def pick_question(
    store: Store, guild_id: int, rng: random.Random, *, practice: bool = False, day: str | None = None
) -> Question | None:
    """A verified question this server has not had yet (practice questions may repeat); a daily
    question (`day` given) of that weekday's difficulty when there is one."""
    kb = knowledge(store)
    asked = set() if practice else asked_qids(store, guild_id)
    accept = None
    if day is not None:
        target, record = daily_difficulty(day), answer_record(store)
        accept = lambda q: difficulty_of(q, record) == target  # noqa: E731
    for attempt in range(6):
        question = generate(kb, rng, asked=asked, accept=accept if attempt < 3 else None)
        if question is not None and verify(question, kb):
            return question
    return None


# ---- configuration ---------------------------------------------------------------------------


def configure(
    store: Store,
    *,
    guild_id: int,
    channel_id: int,
    post_time: str,
    zone: str,
    open_hours: int,
    lang: str,
    actor: str,
    now: datetime | None = None,
) -> QuizConfig:
    """Raises ScheduleError for a bad time or zone. A time already past today starts tomorrow."""
    at = parse_time(post_time)
    parse_zone(zone)
    moment = now or datetime.now(UTC)
    today = due_today(moment, f"{at:%H:%M}", zone.strip())
    # set up within a few minutes of the time, it is "now"; any later, the first post is tomorrow's
    late = moment > today.scheduled + SETUP_GRACE
    first_day = (today.day + timedelta(days=1) if late else today.day).isoformat()
    with store.session() as session:
        config = session.get(QuizConfig, guild_id) or QuizConfig(
            guild_id=guild_id, channel_id=channel_id, post_time="", timezone="", updated_by=actor
        )
        config.channel_id, config.post_time, config.timezone = channel_id, f"{at:%H:%M}", zone.strip()
        config.open_hours, config.lang, config.updated_by, config.updated_at = open_hours, lang, actor, utcnow()
        config.paused = False
        config.first_day = first_day
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
    now: datetime | None = None,
) -> QuizPost | None:
    """Claim `slot` for this server; None when it was already claimed (by us or another process).
    The claimer, and only the claimer, sends it (see unsent_posts for a send that failed)."""
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
                posted_at=now or utcnow(),
            )
            session.add(post)
        return post
    except IntegrityError:
        return None


def set_message(store: Store, post_id: int, message_id: int) -> None:
    with store.session() as session:
        post = session.get(QuizPost, post_id)
        assert post is not None  # the post this process just claimed
        post.message_id = message_id
        _forget_attempts(session, post_id)


def daily_slot(day: str, zone: str) -> str:
    """The claim of a server's daily post: its local date, in the zone that date is in (after a
    move west, the new zone's date can repeat one already used in the old zone)."""
    return f"daily:{day}@{zone}"


def due_daily(store: Store, now: datetime) -> list[tuple[QuizConfig, str]]:
    """Servers whose daily question is due now and not yet posted on their local today.

    "Today" is the date in the server's current time zone, and so are the days of earlier posts:
    after a move to another zone, a post made hours ago may already fall on the new local today."""
    with store.session() as session:
        configs = list(session.exec(select(QuizConfig).where(col(QuizConfig.paused).is_(False))))
        out = []
        for config in configs:
            due = due_today(now, config.post_time, config.timezone)
            if not due.due or (config.first_day and due.day.isoformat() < config.first_day):
                continue
            slot = daily_slot(due.day.isoformat(), config.timezone)
            taken = session.exec(
                select(QuizPost.id).where(QuizPost.guild_id == config.guild_id, QuizPost.slot == slot)
            ).first()
            recent = session.exec(
                select(QuizPost.posted_at).where(
                    QuizPost.guild_id == config.guild_id,
                    QuizPost.mode == "daily",
                    QuizPost.posted_at > now - timedelta(days=2),
                )
            ).all()
            zone = ZoneInfo(config.timezone)
            posted_today = any(as_utc(at).astimezone(zone).date() == due.day for at in recent)
            if taken is None and not posted_today:
                out.append((config, due.day.isoformat()))
        return out


SEND_LEASE = timedelta(seconds=60)  # the claimer's time to send before anyone else may retry
RETRY_MAX = timedelta(minutes=30)


def unsent_posts(store: Store, now: datetime) -> list[QuizPost]:
    """Claimed public posts whose message did not go out (Discord was down or slow to answer),
    claimed more than SEND_LEASE ago; take_send decides who retries each, and when."""
    with store.session() as session:
        return list(
            session.exec(
                select(QuizPost).where(
                    col(QuizPost.message_id).is_(None),
                    QuizPost.mode != "practice",
                    col(QuizPost.closed).is_(False),
                    QuizPost.posted_at <= now - SEND_LEASE,
                )
            )
        )


def _attempt_prefix(post_id: int) -> str:
    return f"quiz-send:{post_id}:"


def take_send(store: Store, post_id: int, now: datetime) -> bool:
    """Become the one process that retries sending a post now. Each retry is a row with a unique
    key (post, attempt number), so two processes never retry the same post at once; the wait
    between retries doubles from SEND_LEASE up to RETRY_MAX."""
    prefix = _attempt_prefix(post_id)
    try:
        with store.session() as session:
            rows = session.exec(select(Meta).where(Meta.key.startswith(prefix))).all()
            if rows:
                last = max(datetime.fromisoformat(r.value) for r in rows)
                wait = min(SEND_LEASE * 2 ** (len(rows) - 1), RETRY_MAX)
                if now < last + wait:
                    return False
            session.add(Meta(key=f"{prefix}{len(rows) + 1}", value=now.isoformat()))
    except IntegrityError:  # another process took this attempt
        return False
    return True


def _forget_attempts(session: Session, post_id: int) -> None:
    for row in session.exec(select(Meta).where(col(Meta.key).startswith(_attempt_prefix(post_id)))):
        session.delete(row)


def is_stale(post: QuizPost, config: QuizConfig | None, now: datetime) -> bool:
    """A post that should no longer go out: answers would already be closed, or a daily post of a
    day that is over in the server's time zone."""
    if as_utc(post.closes_at) <= now:
        return True
    if post.mode == "daily" and config is not None and post.day:
        return due_today(now, config.post_time, config.timezone).day.isoformat() != post.day
    return False


def mark_failed(store: Store, post_id: int) -> None:
    """Give a post up: closed without a message, it is never sent, retried or revealed."""
    with store.session() as session:
        post = session.get(QuizPost, post_id)
        if post is not None and post.message_id is None:
            post.closed = True
        _forget_attempts(session, post_id)


def _failure_key(guild_id: int) -> str:
    return f"quiz-failure:{guild_id}"


def note_failure(store: Store, guild_id: int, note: dict) -> None:
    """Keep what went wrong for the server's moderators until one of them is told."""
    with store.session() as session:
        queries.set_meta(_failure_key(guild_id), json.dumps(note), session=session)


def take_failure(store: Store, guild_id: int) -> dict | None:
    """The failure noted for this server, once (it is cleared as it is read)."""
    with store.session() as session:
        row = session.get(Meta, _failure_key(guild_id))
        if row is None:
            return None
        note: dict = json.loads(row.value)
        session.delete(row)
        return note


def due_reveals(store: Store, now: datetime) -> list[QuizPost]:
    with store.session() as session:
        return list(
            session.exec(
                select(QuizPost).where(
                    col(QuizPost.revealed_at).is_(None),
                    QuizPost.mode != "practice",
                    QuizPost.voided == False,  # noqa: E712
                    QuizPost.closes_at <= now,
                    col(QuizPost.message_id).is_not(None),
                )
            )
        )


def mark_revealed(store: Store, post_id: int, now: datetime) -> None:
    """The reveal reached Discord: do not send it again."""
    with store.session() as session:
        post = session.get(QuizPost, post_id)
        assert post is not None  # the post just revealed
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
            session.exec(select(QuizAnswer).where(QuizAnswer.post_id == post_id).order_by(col(QuizAnswer.answered_at)))
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
    status: str  # ok | duplicate | closed | unknown | elsewhere
    post: QuizPost | None = None
    choice: int | None = None
    correct: bool | None = None


def answer(
    store: Store, *, post_id: int, guild_id: int | None, user_id: int, user_name: str, choice: int, now: datetime
) -> AnswerResult:
    """Lock a member's answer. A press must come from the post's own server (`elsewhere`
    otherwise): a button copied or forged into another server scores nothing."""
    with store.session() as session:
        post = session.get(QuizPost, post_id)
        if post is None or not 0 <= choice < len(json.loads(post.question)["options"]):
            return AnswerResult("unknown")
        if post.guild_id != guild_id:
            return AnswerResult("elsewhere")
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
        answers = revealed_answers(session, guild_id, since=since)
        daily = list(
            session.exec(
                select(QuizPost.id, QuizPost.day, QuizPost.revealed_at)
                .where(QuizPost.guild_id == guild_id, QuizPost.mode == "daily", QuizPost.voided == False)  # noqa: E712
                .order_by(QuizPost.day)
            )
        )
    day_of = {post_id: day for post_id, day, _revealed in daily if day is not None}  # daily posts have a day
    # Results are hidden until the reveal: an unrevealed question neither scores nor breaks a streak.
    closed_days = [day for _id, day, revealed in daily if revealed is not None and day is not None]
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


def revealed_answers(session: Session, guild_id: int, *, since: datetime | None = None) -> list[QuizAnswer]:
    """Counted answers to this server's questions whose answer has been revealed (and not withdrawn)."""
    stmt = (
        select(QuizAnswer)
        .join(QuizPost, col(QuizPost.id) == QuizAnswer.post_id)
        .where(
            QuizAnswer.guild_id == guild_id,
            QuizAnswer.counted == True,  # noqa: E712
            col(QuizPost.revealed_at).is_not(None),
            QuizPost.voided == False,  # noqa: E712
        )
    )
    if since is not None:
        stmt = stmt.where(QuizAnswer.answered_at >= since)
    return list(session.exec(stmt))


def accuracy_by_difficulty(store: Store, guild_id: int, user_id: int) -> dict[int, tuple[int, int]]:
    """difficulty → (answered, right) for a member, revealed questions only."""
    record = answer_record(store)
    out: dict[int, tuple[int, int]] = {}
    with store.session() as session:
        rows = session.exec(
            select(QuizAnswer.correct, QuizPost.question)
            .join(QuizPost, col(QuizPost.id) == QuizAnswer.post_id)
            .where(
                QuizAnswer.guild_id == guild_id,
                QuizAnswer.user_id == user_id,
                QuizAnswer.counted == True,  # noqa: E712
                col(QuizPost.revealed_at).is_not(None),
                QuizPost.voided == False,  # noqa: E712
            )
        )
        for correct, text in rows:
            level = difficulty_of(question_from_json(text), record)
            answered, right = out.get(level, (0, 0))
            out[level] = (answered + 1, right + int(correct))
    return out


# ---- review ---------------------------------------------------------------------------------------


def missed_posts(store: Store, guild_id: int, user_id: int) -> list[QuizPost]:
    """Revealed questions of this server the member answered wrong (newest first)."""
    with store.session() as session:
        return list(
            session.exec(
                select(QuizPost)
                .join(QuizAnswer, col(QuizAnswer.post_id) == QuizPost.id)
                .where(
                    QuizPost.guild_id == guild_id,
                    QuizAnswer.user_id == user_id,
                    QuizAnswer.correct == False,  # noqa: E712
                    col(QuizPost.revealed_at).is_not(None),
                    QuizPost.voided == False,  # noqa: E712
                )
                .order_by(col(QuizPost.id).desc())
            )
        )


# ---- corrections ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Correction:
    post: QuizPost
    status: str  # rekeyed | voided
    question: Question  # as it now stands


def _changed(session: Session, question: Question) -> bool:
    """True when a fact the question rests on was edited or retracted since it was made."""
    if not question.fact_keys or not question.fact_versions:
        return False
    now = {
        key: (version, status)
        for key, version, status in session.exec(
            select(Fact.key, Fact.version, Fact.status).where(col(Fact.key).in_(question.fact_keys))
        )
    }
    for key, version in zip(question.fact_keys, question.fact_versions, strict=False):
        current = now.get(key)
        if current is None or current[0] != version or str(current[1]).rsplit(".", 1)[-1].lower() != "active":
            return True
    return False


def regrade(store: Store) -> list[Correction]:
    """Re-check posted questions whose facts changed: re-key them when another option is now the
    one right answer, void them when none is, and recompute their answers' points. Cheap when
    nothing changed: each post remembers the data version it was last checked against."""
    version = store.data_version()
    corrections: list[Correction] = []
    with store.session() as session:
        posts = list(
            session.exec(
                select(QuizPost).where(
                    QuizPost.mode != "practice",
                    QuizPost.voided == False,  # noqa: E712
                    (col(QuizPost.checked_version).is_(None)) | (col(QuizPost.checked_version) != version),
                )
            )
        )
        changed = [p for p in posts if _changed(session, question_from_json(p.question))]
        for p in posts:
            if p not in changed:
                p.checked_version = version
    if not changed:
        return []
    kb = knowledge(store)
    with store.session() as session:
        for stale in changed:
            # one process re-grades a post: the others find it already checked against this version
            claimed = session.exec(
                update(QuizPost)
                .where(
                    col(QuizPost.id) == stale.id,
                    (col(QuizPost.checked_version).is_(None)) | (col(QuizPost.checked_version) != version),
                )
                .values(checked_version=version)
            )
            if claimed.rowcount != 1:
                continue
            post = session.get(QuizPost, stale.id)
            assert post is not None  # the update above just claimed it
            question = question_from_json(post.question)
            index = rekey(question, kb)
            fresh = _refreshed(session, question, index)
            post.question, post.checked_version = question_to_json(fresh), version
            answers = list(session.exec(select(QuizAnswer).where(QuizAnswer.post_id == post.id)))
            if index is None:
                post.voided = post.closed = True
                for a in answers:
                    a.counted = False
                status = "voided"
            elif index != post.answer_index:
                post.answer_index = index
                for a in answers:
                    a.correct = a.choice == index
                status = "rekeyed"
            else:
                continue  # the edit did not change the answer
            session.flush()
            session.refresh(post)
            session.expunge(post)
            if status == "rekeyed" and post.revealed_at is None:
                continue  # still open: the reveal will show the right key; a note now would give it away
            corrections.append(Correction(post, status, fresh))
            log.info("quiz post %s %s after a fact changed", post.id, status)
    return corrections


def _refreshed(session: Session, question: Question, index: int | None) -> Question:
    """The question with its facts' current versions (and its new key)."""
    versions = dict(session.exec(select(Fact.key, Fact.version).where(col(Fact.key).in_(question.fact_keys))).all())
    return replace(
        question,
        answer_index=question.answer_index if index is None else index,
        fact_versions=tuple(versions.get(k, 0) for k in question.fact_keys),
    )


def week_start(now: datetime, zone: str | None) -> datetime:
    """Monday 00:00 of this week in the server's time zone (UTC when it has none)."""
    tz = ZoneInfo(zone) if zone else UTC
    local = now.astimezone(tz)
    monday = (local - timedelta(days=local.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    return monday.astimezone(UTC)
