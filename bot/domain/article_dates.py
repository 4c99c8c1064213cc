"""Dates as news articles write them, resolved against the article's own date.

"2024年9月25日", "2023-11-17", "9月25日", "今年5月", "去年12月", "上週", "本月初", "同日" ... each
becomes a PartialDate at the precision the text gives ("10月下旬" is a month, "2015年" a year).
Works on Traditional and Simplified text alike. Pure: no discord, no database.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from dataclasses import dataclass

from bot.domain.dates import PartialDate, Precision

log = logging.getLogger(__name__)

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_NUM = r"(?:\d{1,2}|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?:\d{1,2})\s*[日號号]"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")),
    ("ymd", re.compile(rf"(?<!\d)(\d{{4}})\s*年\s*({_NUM})\s*月\s*(\d{{1,2}})\s*[日號号]")),
    ("ym", re.compile(rf"(?<!\d)(\d{{4}})\s*年\s*({_NUM})\s*月")),
    ("rel_ym", re.compile(rf"(今年|去年|前年|明年)\s*({_NUM})\s*月(?:\s*(\d{{1,2}})\s*[日號号])?")),
    ("y", re.compile(r"(?<!\d)(\d{4})\s*年(?!\s*\d)")),
    ("md", re.compile(rf"(?<![\d年])({_NUM})\s*月\s*(\d{{1,2}})\s*[日號号]")),
    ("m", re.compile(rf"(?<![\d年今去前明本上下同個个])({_NUM})\s*月(?!\s*\d)(?![份]?[內内前後后裡里])")),
    ("rel_y", re.compile(r"今年|去年|前年|明年")),
    ("rel_m", re.compile(r"本月|這個月|这个月|上個?月|上个月|上月|下個?月|下个月")),
    ("rel_w", re.compile(r"(上|本|這|这|下)(?:週|周|星期|個星期|个星期)([一二三四五六日天])?")),
    ("rel_d", re.compile(r"前天|昨天|昨日|今天|今日")),
    ("same", re.compile(r"同日|同一天|當天|当天|同月|同年|同時|同时")),
]
_DATE_SPAN = re.compile("|".join(f"(?:{p.pattern})" for _, p in _PATTERNS))


@dataclass(frozen=True)
class DateMention:
    start: int  # character offsets in the text searched
    end: int
    date: PartialDate
    relative: bool  # resolved against the article's date or an earlier date


def _num(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + (_CN_DIGITS.get(text[1:], 0) if len(text) > 1 else 0)
    return _CN_DIGITS[text]


def _valid(year: int, month: int = 0, day: int = 0) -> PartialDate | None:
    if not 1900 <= year <= 2200 or not 0 <= month <= 12:
        return None
    if day and (not month or not 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return PartialDate(year, month, day)


def _month_year(month: int, published: PartialDate) -> int:
    """The year of "9月" in an article: the article's year, or the one before when that month
    would lie after the article was written."""
    if published.month and month > published.month:
        return published.year - 1
    return published.year


def _as_day(published: PartialDate) -> dt.date | None:
    if published.precision is not Precision.DAY:
        return None
    return dt.date(published.year, published.month, published.day)


def _shift_month(published: PartialDate, delta: int) -> PartialDate | None:
    if not published.month:
        return None
    index = published.year * 12 + published.month - 1 + delta
    return PartialDate(index // 12, index % 12 + 1)


def find_dates(text: str, published: PartialDate | None, previous: PartialDate | None = None) -> list[DateMention]:
    """Every date mentioned in `text`, in order. Relative ones need `published` (the article's
    date); "同日"/"同月" need `previous` (the last date the article gave). Unresolvable ones are
    left out."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            date = _resolve(kind, match, published, previous)
            if date is None:
                continue
            taken.append((match.start(), match.end()))
            found.append(DateMention(match.start(), match.end(), date, kind.startswith(("rel", "same", "m"))))
    found.sort(key=lambda d: d.start)
    return found


def _resolve(
    kind: str, m: re.Match[str], published: PartialDate | None, previous: PartialDate | None
) -> PartialDate | None:
    if kind in ("iso", "ymd"):
        return _valid(int(m.group(1)), _num(m.group(2)), int(m.group(3)))
    if kind == "ym":
        return _valid(int(m.group(1)), _num(m.group(2)))
    if kind == "y":
        return _valid(int(m.group(1)))
    if kind == "same":
        if previous is None:
            return None
        word = m.group()
        if word in ("同月",):
            return PartialDate(previous.year, previous.month)
        if word == "同年":
            return PartialDate(previous.year)
        return previous
    if published is None:
        return None
    offset = {"今年": 0, "去年": -1, "前年": -2, "明年": 1}
    if kind == "rel_ym":
        day = int(m.group(3)) if m.group(3) else 0
        return _valid(published.year + offset[m.group(1)], _num(m.group(2)), day)
    if kind == "rel_y":
        return _valid(published.year + offset[m.group()])
    if kind == "md":
        month = _num(m.group(1))
        return _valid(_month_year(month, published), month, int(m.group(2)))
    if kind == "m":
        month = _num(m.group(1))
        return _valid(_month_year(month, published), month)
    if kind == "rel_m":
        word = m.group()
        delta = 0 if word[0] in "本這这" else (-1 if word[0] == "上" else 1)
        return _shift_month(published, delta)
    day = _as_day(published)
    if kind == "rel_d":
        if day is None:
            return None
        back = {"前天": 2, "昨天": 1, "昨日": 1, "今天": 0, "今日": 0}[m.group()]
        d = day - dt.timedelta(days=back)
        return PartialDate(d.year, d.month, d.day)
    if kind == "rel_w":
        if day is None:
            return _shift_month(published, 0)
        weeks = {"上": -1, "下": 1}.get(m.group(1), 0)
        monday = day - dt.timedelta(days=day.weekday()) + dt.timedelta(weeks=weeks)
        if m.group(2):
            d = monday + dt.timedelta(days=_WEEKDAYS[m.group(2)])
            return PartialDate(d.year, d.month, d.day)
        sunday = monday + dt.timedelta(days=6)
        # A week names no day: its month, when the whole week lies in one.
        if (monday.year, monday.month) == (sunday.year, sunday.month):
            return PartialDate(monday.year, monday.month)
        return PartialDate(monday.year)
    return None


def first_full_date(text: str) -> PartialDate | None:
    """The first date written out in full (year, month, day) in a text: an article's dateline."""
    for line in text.splitlines()[:5]:
        for mention in find_dates(line, None):
            if mention.date.precision is Precision.DAY and not mention.relative:
                return mention.date
    return None
