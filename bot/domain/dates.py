"""Dates with a precision (year, month or day), as the articles give them."""

from __future__ import annotations

import calendar
import logging
import re
from dataclasses import dataclass
from enum import IntEnum

log = logging.getLogger(__name__)

_PATTERN = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


class Precision(IntEnum):
    YEAR = 1
    MONTH = 2
    DAY = 3


class DateError(ValueError):
    """A date string that is not YYYY, YYYY-MM or YYYY-MM-DD, or names no real day."""

    def __init__(self, text: str, problem: str) -> None:
        super().__init__(f"{text!r}: {problem}")
        self.text = text
        self.problem = problem


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to year, month or day precision.

    Ordering compares (year, month, day) with unknown parts as 0, so "2023" sorts before
    "2023-01" and "2023-11" before "2023-11-17": the less precise date comes first.
    """

    year: int
    month: int = 0
    day: int = 0

    @property
    def precision(self) -> Precision:
        if self.day:
            return Precision.DAY
        if self.month:
            return Precision.MONTH
        return Precision.YEAR

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        match = _PATTERN.match(str(text))
        if not match:
            raise DateError(str(text), "expected YYYY, YYYY-MM or YYYY-MM-DD")
        year = int(match.group(1))
        month = int(match.group(2) or 0)
        day = int(match.group(3) or 0)
        if match.group(2) is not None and not 1 <= month <= 12:
            raise DateError(str(text), "month must be 01-12")
        if match.group(3) is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise DateError(str(text), f"day must be 01-{calendar.monthrange(year, month)[1]:02d}")
        return cls(year, month, day)

    def iso(self) -> str:
        """The canonical text form, at this date's precision: "2017", "2023-11", "2023-11-17"."""
        if self.precision is Precision.YEAR:
            return f"{self.year:04d}"
        if self.precision is Precision.MONTH:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def sort_key(self) -> str:
        """A string that sorts like the date (used as an indexed column)."""
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def first_key(self) -> str:
        """Sort key of the first day this date could mean (for range starts)."""
        return f"{self.year:04d}-{self.month or 1:02d}-{self.day or 1:02d}"

    def last_key(self) -> str:
        """Sort key of the last day this date could mean (for range ends)."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return f"{self.year:04d}-{month:02d}-{day:02d}"

    def __str__(self) -> str:
        return self.iso()


def parse_optional(text: str | None) -> PartialDate | None:
    if text is None or str(text).strip() == "":
        return None
    return PartialDate.parse(str(text))


_SPAN_SEPARATOR = re.compile(r"\s*(?:\.\.|–|—|/|\bto\b|~|～|至)\s*|\s+-\s+")


def parse_span(text: str | None) -> tuple[PartialDate | None, PartialDate | None]:
    """'2023-11-17', '2023-11-17 – 2023-11-22', '2019..2024' → (start, end). Raises DateError."""
    if text is None or not text.strip():
        return None, None
    parts = [p for p in _SPAN_SEPARATOR.split(text.strip(), maxsplit=1)]
    start = PartialDate.parse(parts[0]) if parts[0].strip() else None
    end = PartialDate.parse(parts[1]) if len(parts) > 1 and parts[1].strip() else None
    if start and end and end.last_key() < start.sort_key():
        raise DateError(text, "the end is before the start")
    return start, end


def format_span(start: str | None, end: str | None) -> str:
    if start and end:
        return f"{start} – {end}"
    return start or (f"– {end}" if end else "")
