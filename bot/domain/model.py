"""Plain views of stored data, handed from the database layer to the renderers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from bot.domain.dates import PartialDate

T = TypeVar("T")


class cached_property(Generic[T]):  # noqa: N801 - used like functools.cached_property
    """functools.cached_property without its per-access lock (Python 3.11 takes one on every read,
    which made building statements at 100x the data several times slower). Views are built in one
    thread; a racing first read would only compute the same value twice."""

    def __init__(self, fn: Callable[[Any], T]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> T:
        if obj is None:
            return self  # type: ignore[return-value]
        value = self.fn(obj)
        obj.__dict__[self.name] = value  # a plain attribute from now on: the next read skips this
        return value


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
