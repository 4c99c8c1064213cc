"""Dates inside a member's sentence: "2023-11-17", "Nov 17 2023", "17 November 2023",
"2023年11月17日", "2023年11月", "去年", "last month", and ranges between two of them.

Relative dates resolve against `today`, which callers pass in (tests fix it). Pure: no discord,
no database.
"""

from __future__ import annotations

import calendar
import logging
import re
from dataclasses import dataclass
from datetime import date

from bot.domain.dates import PartialDate

log = logging.getLogger(__name__)

MONTHS = {name: n for n in range(1, 13) for name in (calendar.month_name[n].lower(), calendar.month_abbr[n].lower())}
MONTHS["sept"] = 9
_MONTH = r"(?P<{}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<{}>(?:19|20)\d\d)"
_DAY = r"(?P<{}>\d{{1,2}})(?:st|nd|rd|th)?"

# Most specific first: a longer form must win over the year inside it.
_FORMS: list[tuple[str, re.Pattern[str]]] = [
    ("ymd", re.compile(r"(?<!\d)" + _YEAR.format("y") + r"\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?!\d)")),
    (
        "zh_ymd",
        re.compile(_YEAR.format("y") + r"\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日號号]"),
    ),
    ("zh_ym", re.compile(_YEAR.format("y") + r"\s*年\s*(?P<m>\d{1,2})\s*月(?:份)?")),
    (
        "mdy",
        re.compile(
            r"\b" + _MONTH.format("mn") + r"\s+" + _DAY.format("d") + r",?\s+" + _YEAR.format("y") + r"\b",
            re.IGNORECASE,
        ),
    ),
    (
        "dmy",
        re.compile(
            r"\b" + _DAY.format("d") + r"\s+(?:of\s+)?" + _MONTH.format("mn") + r",?\s+" + _YEAR.format("y") + r"\b",
            re.IGNORECASE,
        ),
    ),
    ("my", re.compile(r"\b" + _MONTH.format("mn") + r",?\s+(?:of\s+)?" + _YEAR.format("y") + r"\b", re.IGNORECASE)),
    ("ym", re.compile(r"(?<!\d)" + _YEAR.format("y") + r"\s*[-/.]\s*(?P<m>\d{1,2})(?![\d/.-])")),
    ("zh_y", re.compile(_YEAR.format("y") + r"\s*年(?:度)?")),
    ("y", re.compile(r"(?<![\d-])" + _YEAR.format("y") + r"(?![\d-])")),
]

# Relative words: (pattern, unit, offset)
_RELATIVE: list[tuple[re.Pattern[str], str, int]] = [
    (re.compile(r"前年|the\s+year\s+before\s+last", re.IGNORECASE), "year", -2),
    (re.compile(r"去年|上一?年|last\s+year|previous\s+year", re.IGNORECASE), "year", -1),
    (re.compile(r"今年|本年|this\s+year", re.IGNORECASE), "year", 0),
    (re.compile(r"上上[個个]?月|two\s+months\s+ago", re.IGNORECASE), "month", -2),
    (re.compile(r"上[個个]?月|last\s+month|previous\s+month", re.IGNORECASE), "month", -1),
    (re.compile(r"這[個个]?月|这[個个]?月|本月|this\s+month", re.IGNORECASE), "month", 0),
    (re.compile(r"前天|the\s+day\s+before\s+yesterday", re.IGNORECASE), "day", -2),
    (re.compile(r"昨天|昨日|yesterday", re.IGNORECASE), "day", -1),
    (re.compile(r"今天|今日|today", re.IGNORECASE), "day", 0),
]

_RANGE_BETWEEN = re.compile(r"\b(?:between|from)\s*$", re.IGNORECASE)
_RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|~|～|至|到|and|to|until|till|through)\s*$", re.IGNORECASE)
# Written before the date ("before 2020") or, in Chinese, after it ("2020年之前").
_BEFORE_PREFIX = re.compile(r"(?:\bbefore|\buntil|\bprior\s+to|在)\s*$", re.IGNORECASE)
_BEFORE_SUFFIX = re.compile(r"^\s*(?:之前|以前|前(?![後后]))")
_AFTER_PREFIX = re.compile(r"(?:\bafter|\bsince|自從|自从|自)\s*$", re.IGNORECASE)
_AFTER_SUFFIX = re.compile(r"^\s*(?:之後|之后|以後|以后|以來|以来|起)")


@dataclass(frozen=True)
class DateMention:
    date: PartialDate
    start: int  # character span in the text
    end: int


@dataclass(frozen=True)
class DateSpan:
    """What the dates in a question ask about: one date, a range, or an open range."""

    start: PartialDate | None
    end: PartialDate | None
    spans: tuple[tuple[int, int], ...] = ()  # where in the text the dates were written

    @property
    def single(self) -> PartialDate | None:
        return self.start if self.start is not None and self.start == self.end else None

    def covers(self, when: PartialDate) -> bool:
        """True when `when` (at its own precision) overlaps the span."""
        lo = self.start.first_key() if self.start else "0000-00-00"
        hi = self.end.last_key() if self.end else "9999-99-99"
        return when.first_key() <= hi and when.last_key() >= lo


def _valid(year: int, month: int = 0, day: int = 0) -> PartialDate | None:
    if month and not 1 <= month <= 12:
        return None
    if day and (not month or not 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return PartialDate(year, month, day)


def _from_match(kind: str, m: re.Match[str]) -> PartialDate | None:
    year = int(m["y"])
    month = 0
    if "mn" in m.groupdict() and m["mn"]:
        month = MONTHS[m["mn"].lower().rstrip(".")]
    elif "m" in m.groupdict() and m["m"]:
        month = int(m["m"])
    day = int(m["d"]) if "d" in m.groupdict() and m["d"] else 0
    return _valid(year, month, day)


def _shift_month(today: date, offset: int) -> PartialDate:
    index = today.year * 12 + (today.month - 1) + offset
    return PartialDate(index // 12, index % 12 + 1)


def _relative(unit: str, offset: int, today: date) -> PartialDate:
    if unit == "year":
        return PartialDate(today.year + offset)
    if unit == "month":
        return _shift_month(today, offset)
    day = date.fromordinal(today.toordinal() + offset)
    return PartialDate(day.year, day.month, day.day)


def find_dates(text: str, today: date) -> list[DateMention]:
    """Every date written in `text`, in order; overlapping forms keep the most specific one."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for kind, pattern in _FORMS:
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()):
                continue
            when = _from_match(kind, m)
            if when is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(DateMention(when, m.start(), m.end()))
    for pattern, unit, offset in _RELATIVE:
        for m in pattern.finditer(text):
            if free(m.start(), m.end()):
                taken.append((m.start(), m.end()))
                found.append(DateMention(_relative(unit, offset, today), m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def date_span(text: str, today: date) -> DateSpan | None:
    """The period a question asks about, or None when it names no date.

    Two dates joined by "to", "and", "至", "–" ... are a range; "before X" / "X之前" is open at the
    start, "after X" / "X以後" / "since X" open at the end; otherwise the dates' overall span.
    """
    mentions = find_dates(text, today)
    if not mentions:
        return None
    spans = tuple((m.start, m.end) for m in mentions)
    if len(mentions) >= 2:
        a, b = mentions[0], mentions[1]
        if _RANGE_JOIN.match(text[a.end : b.start]) or _RANGE_BETWEEN.search(text[: a.start]):
            lo, hi = sorted((a.date, b.date), key=lambda d: d.first_key())
            return DateSpan(lo, hi, spans)
    if len(mentions) == 1:
        m = mentions[0]
        before, after = text[: m.start], text[m.end :]
        if _BEFORE_PREFIX.search(before) or _BEFORE_SUFFIX.match(after):
            return DateSpan(None, m.date, spans)
        if _AFTER_PREFIX.search(before) or _AFTER_SUFFIX.match(after):
            return DateSpan(m.date, None, spans)
        return DateSpan(m.date, m.date, spans)
    lo = min(mentions, key=lambda m: m.date.first_key()).date
    hi = max(mentions, key=lambda m: m.date.last_key()).date
    return DateSpan(lo, hi, spans)
