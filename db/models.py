"""Tables of the fact store.

Facts follow the statement model: subject, predicate, object or value, qualifiers (dates with
precision, role, destination, reason), citations to sources, a rank, and a version. Every change
to a fact is a Revision; nothing is hard-deleted (retracting sets `status`).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import BigInteger, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    return datetime.now(UTC)


class _Keyed(Protocol):
    @property
    def id(self) -> int | None: ...


def row_id(row: _Keyed) -> int:
    """The primary key of a stored row. SQLModel types it `int | None` (None until the row is
    flushed); every row read from the database, or added and flushed, has one."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id yet: add and flush it first")
    return row.id


class Origin:
    DATASET = "dataset"  # came from data/ and may be updated by a later seed
    LOCAL = "local"  # made or changed by a moderator; a seed never touches it


class FactStatus:
    ACTIVE = "active"
    RETRACTED = "retracted"


class Source(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    file: str | None = Field(default=None, max_length=200)
    title_en: str = Field(max_length=300)
    title_zh: str = Field(max_length=300)
    publisher: str = Field(max_length=200)
    published: str | None = Field(default=None, max_length=10)
    script: str = Field(max_length=16)
    url: str | None = Field(default=None, max_length=500)
    origin: str = Field(default=Origin.DATASET, max_length=16)


class Entity(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=64)
    kind: str = Field(max_length=16, index=True)
    name_en: str = Field(max_length=100)
    name_zh: str | None = Field(default=None, max_length=100)
    summary_en: str | None = Field(default=None, max_length=300)
    summary_zh: str | None = Field(default=None, max_length=300)
    editorial: str | None = Field(default=None, sa_column=Column(Text))
    origin: str = Field(default=Origin.DATASET, max_length=16)


class Alias(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("entity_id", "norm", name="uq_alias_entity_norm"),)

    id: int | None = Field(default=None, primary_key=True)
    entity_id: str = Field(foreign_key="entity.id", index=True, max_length=64)
    text: str = Field(max_length=100)
    norm: str = Field(max_length=100, index=True)
    origin: str = Field(default=Origin.DATASET, max_length=16)
    # A moderator can hide a dataset alias; the row stays so a re-seed does not bring it back.
    active: bool = Field(default=True)


class Fact(SQLModel, table=True):
    __table_args__ = (
        Index("ix_fact_predicate_start", "predicate", "start_key"),
        Index("ix_fact_status_start", "status", "start_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64, unique=True)
    predicate: str = Field(max_length=32)
    subject_id: str = Field(foreign_key="entity.id", index=True, max_length=64)
    object_id: str | None = Field(default=None, foreign_key="entity.id", index=True, max_length=64)
    value: str | None = Field(default=None, max_length=300)
    role_en: str | None = Field(default=None, max_length=150)
    role_zh: str | None = Field(default=None, max_length=150)
    start: str | None = Field(default=None, max_length=10)
    start_key: str | None = Field(default=None, max_length=10)
    end: str | None = Field(default=None, max_length=10)
    end_key: str | None = Field(default=None, max_length=10)
    destination_id: str | None = Field(default=None, foreign_key="entity.id", index=True, max_length=64)
    reason_en: str | None = Field(default=None, sa_column=Column(Text))
    reason_zh: str | None = Field(default=None, sa_column=Column(Text))
    text_en: str = Field(sa_column=Column(Text, nullable=False))
    text_zh: str = Field(sa_column=Column(Text, nullable=False))
    rank: str = Field(default="normal", max_length=16)
    dispute: str | None = Field(default=None, max_length=64, index=True)
    # Curated grouping: claims that share this key report one statement (see bot/domain/statements.py).
    statement: str | None = Field(default=None, max_length=64, index=True)
    date_note: str | None = Field(default=None, sa_column=Column(Text))
    editorial: str | None = Field(default=None, sa_column=Column(Text))
    status: str = Field(default=FactStatus.ACTIVE, max_length=16)
    version: int = Field(default=1)
    origin: str = Field(default=Origin.DATASET, max_length=16)
    # Fingerprint of the dataset entry last applied; None once a moderator has edited the fact.
    dataset_hash: str | None = Field(default=None, max_length=32)
    updated_at: datetime = Field(default_factory=utcnow)


class Citation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    fact_id: int = Field(foreign_key="fact.id", index=True)
    source_id: str = Field(foreign_key="source.id", index=True, max_length=32)
    position: int = Field(default=0)
    line: int | None = None
    anchor: str | None = Field(default=None, max_length=24)
    locator: str | None = Field(default=None, max_length=200)


class Revision(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("fact_id", "version", name="uq_revision_fact_version"),)

    id: int | None = Field(default=None, primary_key=True)
    fact_id: int = Field(foreign_key="fact.id", index=True)
    version: int
    action: str = Field(max_length=16)  # seed | update | add | edit | retract | revert
    actor: str = Field(max_length=100)
    at: datetime = Field(default_factory=utcnow)
    reason: str | None = Field(default=None, sa_column=Column(Text))
    before: str | None = Field(default=None, sa_column=Column(Text))  # JSON snapshot, None for the first
    after: str = Field(sa_column=Column(Text, nullable=False))  # JSON snapshot


class Meta(SQLModel, table=True):
    """Small process-wide facts kept between starts (e.g. the fingerprint of the synced commands)."""

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(sa_column=Column(Text, nullable=False))


class QuizConfig(SQLModel, table=True):
    """One server's daily quiz: where, when (local time in its IANA zone), and for how long."""

    guild_id: int = Field(primary_key=True, sa_type=BigInteger)
    channel_id: int = Field(sa_type=BigInteger)
    post_time: str = Field(max_length=5)  # HH:MM, local
    timezone: str = Field(max_length=64)
    open_hours: int = Field(default=12)
    lang: str = Field(default="en", max_length=8)  # language of the public posts
    paused: bool = Field(default=False)
    # local date of the first daily post: set up after today's time, the first post is tomorrow's
    first_day: str | None = Field(default=None, max_length=10)
    updated_by: str = Field(max_length=100)
    updated_at: datetime = Field(default_factory=utcnow)


class QuizPost(SQLModel, table=True):
    """A question put to a server (daily or on demand) or to one member (practice).

    `slot` makes posting idempotent: "daily:2024-05-17@Asia/Taipei" can be claimed once per server, whatever
    the number of processes or restarts.
    """

    __table_args__ = (
        UniqueConstraint("guild_id", "slot", name="uq_quizpost_guild_slot"),
        Index("ix_quizpost_open", "closed", "closes_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = Field(sa_type=BigInteger, index=True)
    slot: str = Field(max_length=64)
    mode: str = Field(max_length=16)  # daily | now | practice
    day: str | None = Field(default=None, max_length=10)  # local date of a daily post
    owner_id: int | None = Field(default=None, sa_type=BigInteger)  # practice: the member
    qid: str = Field(max_length=120, index=True)
    kind: str = Field(max_length=32)
    question: str = Field(sa_column=Column(Text, nullable=False))  # JSON of the Question
    answer_index: int
    channel_id: int | None = Field(default=None, sa_type=BigInteger)
    message_id: int | None = Field(default=None, sa_type=BigInteger)
    posted_at: datetime = Field(default_factory=utcnow)
    closes_at: datetime
    closed: bool = Field(default=False)
    revealed_at: datetime | None = None
    voided: bool = Field(default=False)  # a corrected fact left it without one right answer
    checked_version: int | None = None  # data version its facts were last checked against


class QuizAnswer(SQLModel, table=True):
    """One locked answer per member per question: the unique constraint is the lock."""

    __table_args__ = (UniqueConstraint("post_id", "user_id", name="uq_quizanswer_post_user"),)

    id: int | None = Field(default=None, primary_key=True)
    post_id: int = Field(foreign_key="quizpost.id", index=True)
    guild_id: int = Field(sa_type=BigInteger, index=True)
    user_id: int = Field(sa_type=BigInteger, index=True)
    user_name: str = Field(max_length=100)
    choice: int
    correct: bool
    counted: bool = Field(default=True)  # practice answers are not counted
    answered_at: datetime = Field(default_factory=utcnow)


class GuildConfig(SQLModel, table=True):
    """Per-server settings moderators manage with /almanac config."""

    guild_id: int = Field(primary_key=True, sa_type=BigInteger)
    moderator_role_id: int | None = Field(default=None, sa_type=BigInteger)
    log_channel_id: int | None = Field(default=None, sa_type=BigInteger)
    updated_by: str = Field(max_length=100)
    updated_at: datetime = Field(default_factory=utcnow)


class SourceText(SQLModel, table=True):
    """The full text of a source added through Almanac, so citations can point at its lines."""

    source_id: str = Field(primary_key=True, foreign_key="source.id", max_length=32)
    text: str = Field(sa_column=Column(Text, nullable=False))
    sha256: str = Field(max_length=64, index=True)  # the same article added twice is refused
    added_by: str = Field(max_length=100)
    added_at: datetime = Field(default_factory=utcnow)


class ReviewStatus:
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class ReviewItem(SQLModel, table=True):
    """A change waiting for a moderator: a statement proposed from a new source, or a member's
    suggestion. Decided items stay (approved or rejected, by whom, why): nothing vanishes."""

    __table_args__ = (Index("ix_reviewitem_status_id", "status", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)  # proposal | suggestion
    status: str = Field(default=ReviewStatus.PENDING, max_length=16)
    source_id: str | None = Field(default=None, foreign_key="source.id", index=True, max_length=32)
    statement_key: str | None = Field(default=None, max_length=64)  # the statement it concerns
    payload: str = Field(sa_column=Column(Text, nullable=False))  # JSON: the proposal or the suggestion
    guild_id: int | None = Field(default=None, sa_type=BigInteger)
    suggester: str = Field(max_length=100)
    suggester_id: int | None = Field(default=None, sa_type=BigInteger)
    created_at: datetime = Field(default_factory=utcnow)
    decided_by: str | None = Field(default=None, max_length=100)
    decided_at: datetime | None = None
    reason: str | None = Field(default=None, sa_column=Column(Text))
    fact_id: int | None = Field(default=None, foreign_key="fact.id")  # what approving made
