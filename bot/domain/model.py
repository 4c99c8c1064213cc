"""Plain views of stored data, handed from the database layer to the renderers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from bot.domain.dates import PartialDate


@dataclass(frozen=True)
class EntityRef:
    id: str
    name_en: str
    name_zh: str | None
    kind: str = "person"


@dataclass(frozen=True)
class EntityView:
    ref: EntityRef
    summary_en: str | None
    summary_zh: str | None
    editorial: str | None


@dataclass(frozen=True)
class SourceView:
    id: str
    number: int  # the citation number shown to members, the same everywhere (see /sources)
    title_en: str
    title_zh: str
    publisher: str
    published: str | None
    script: str
    url: str | None = None


@dataclass(frozen=True)
class CitationView:
    source_id: str
    line: int | None
    anchor: str | None
    locator: str | None


@dataclass(frozen=True)
class FactView:
    id: int
    key: str
    predicate: str
    subject: EntityRef
    object: EntityRef | None
    destination: EntityRef | None
    value: str | None
    role_en: str | None
    role_zh: str | None
    start: str | None
    end: str | None
    reason_en: str | None
    reason_zh: str | None
    text_en: str
    text_zh: str
    rank: str
    dispute: str | None
    date_note: str | None
    editorial: str | None
    status: str
    version: int
    citations: tuple[CitationView, ...]
    statement: str | None = None  # curated statement key, when the dataset groups claims by hand

    # Parsed once per view (views are immutable): quiz generation and charts read them often.
    @cached_property
    def start_date(self) -> PartialDate | None:
        return PartialDate.parse(self.start) if self.start else None

    @cached_property
    def end_date(self) -> PartialDate | None:
        return PartialDate.parse(self.end) if self.end else None

    @cached_property
    def source_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.source_id for c in self.citations))
