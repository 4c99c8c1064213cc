"""Who was at OpenAI when: tenure bars and departures per year, derived from the statements.

Charts read the same statements as /who, so a founder who left the board in 2018 ends in 2018 and
a departure reported by three articles is counted once. Each chart also has a text alternative
that lists what the picture shows, person by person or year by year.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bot.domain.dates import PartialDate
from bot.domain.model import EntityRef
from bot.domain.statements import ROLE_PREDICATES, Statement

OPENAI = "openai"
GROUPS = ("founders", "leadership", "departed")
LEAVES = {"departed", "dismissed"}
KINDS = {
    "founded": "start",
    "joined": "start",
    "held_role": "start",
    "board_member": "start",
    "departed": "leave",
    "dismissed": "leave",  # left, or was removed (Altman, November 2023)
    "returned": "return",
    "leave_of_absence": "absence",
}


def _mid(date: PartialDate) -> float:
    """A date as a fractional year; an unknown month or day sits in the middle of the period."""
    month = date.month or 6.5
    day = date.day or 15
    return date.year + (month - 1 + (day - 1) / 31) / 12


@dataclass
class Tenure:
    person: EntityRef
    segments: list[tuple[float, float | None]] = field(default_factory=list)  # (from, to); None: still there
    spans: list[tuple[PartialDate, PartialDate | None]] = field(default_factory=list)  # the same, as dates
    leaves: list[float] = field(default_factory=list)
    leave_dates: list[PartialDate] = field(default_factory=list)
    returns: list[float] = field(default_factory=list)
    left_undated: bool = False  # an article says they left, without a date: the last bar has no end

    @property
    def first(self) -> float:
        return self.segments[0][0]


def _at_openai(st: Statement) -> bool:
    return st.subject.kind == "person" and st.object is not None and st.object.id == OPENAI


def _order(kind: str, date: PartialDate) -> str:
    # A return dated only to a month counts from the month's end, a leave from its start, so
    # "left 2023-11-17, back 2023-11" reads in the right order.
    return date.last_key() if kind == "return" else date.first_key()


def tenures(statements: Iterable[Statement]) -> dict[str, Tenure]:
    """A bar per person from their first OpenAI date, cut at each departure, resumed at each return."""
    events: dict[str, list[tuple[str, str, PartialDate]]] = {}
    refs: dict[str, EntityRef] = {}
    undated: set[str] = set()
    for st in statements:
        kind = KINDS.get(st.predicate)
        if kind is None or not _at_openai(st) or st.rank == "low":
            continue
        refs[st.subject.id] = st.subject
        if st.start_date is None:
            if st.predicate in LEAVES:
                undated.add(st.subject.id)
            continue
        events.setdefault(st.subject.id, []).append((_order(kind, st.start_date), kind, st.start_date))
    out: dict[str, Tenure] = {}
    for person, raw in events.items():
        tenure = Tenure(refs[person])
        current: PartialDate | None = None
        rank = {"start": 0, "return": 1, "absence": 1, "leave": 2}
        for _key, kind, when in sorted(raw, key=lambda e: (e[0], rank[e[1]])):
            if kind == "start" and current is None and not tenure.spans:
                current = when
            elif kind == "return":
                tenure.returns.append(_mid(when))
                current = when if current is None else current
            elif kind == "leave":
                if current is not None:
                    tenure.spans.append((current, when))
                elif not tenure.spans:  # only the departure is known: a short stub marks it
                    tenure.spans.append((when, when))
                current = None
            elif kind == "absence":
                tenure.leaves.append(_mid(when))
                tenure.leave_dates.append(when)
        if current is not None:
            tenure.spans.append((current, None))
            tenure.left_undated = person in undated
        tenure.segments = [
            ((_mid(a) - 0.25 if a == b else _mid(a)), _mid(b) if b is not None else None) for a, b in tenure.spans
        ]
        if tenure.segments:
            out[person] = tenure
    return out


def group_members(statements: Iterable[Statement], group: str) -> set[str]:
    pool = [st for st in statements if _at_openai(st) and st.rank != "low"]
    if group == "founders":
        return {st.subject.id for st in pool if st.predicate == "founded"}
    if group == "departed":
        return {st.subject.id for st in pool if st.predicate == "departed"}
    return {st.subject.id for st in pool if st.predicate in ROLE_PREDICATES}


def tenure_text(
    bars: Iterable[Tenure], name: Callable[[EntityRef], str], *, still: str, leave: str, left_undated: str
) -> str:
    """The chart in words, person by person: 'Greg Brockman: 2015-12-11 – 2023-11-17; 2023-11 – (leave 2024-08)'."""
    lines = []
    for bar in sorted(bars, key=lambda b: (b.first, name(b.person))):
        spans = []
        for start, end in bar.spans:
            if end is None:
                spans.append(f"{start} – {left_undated if bar.left_undated else still}")
            else:
                spans.append(str(start) if start == end else f"{start} – {end}")
        extra = f" ({leave} {', '.join(str(d) for d in bar.leave_dates)})" if bar.leave_dates else ""
        lines.append(f"{name(bar.person)}: {'; '.join(spans)}{extra}")
    return "\n".join(lines)


@dataclass(frozen=True)
class YearCounts:
    years: list[int]
    destinations: list[str]  # entity ids, "" for unknown
    counts: dict[str, list[int]]  # destination → count per year
    names: dict[str, EntityRef]


def departures_per_year(statements: Iterable[Statement]) -> YearCounts:
    """One count per departure statement (several articles reporting it count once)."""
    tally: Counter[tuple[int, str]] = Counter()
    names: dict[str, EntityRef] = {}
    for st in statements:
        if st.predicate != "departed" or not _at_openai(st) or st.start_date is None or st.rank == "low":
            continue
        dest = st.destination.id if st.destination else ""
        if st.destination:
            names[dest] = st.destination
        tally[(st.start_date.year, dest)] += 1
    if not tally:
        return YearCounts([], [], {}, names)
    years = list(range(min(y for y, _ in tally), max(y for y, _ in tally) + 1))
    totals: Counter[str] = Counter()
    for (_y, d), n in tally.items():
        totals[d] += n
    destinations = sorted(totals, key=lambda d: (d == "", -totals[d], d))
    counts = {d: [tally[(y, d)] for y in years] for d in destinations}
    return YearCounts(years, destinations, counts, names)


def departures_text(data: YearCounts, name: Callable[[str], str], *, unknown: str) -> str:
    """The departures chart in words, year by year: '2024: 5 (Anthropic 2, unknown 3)'."""
    lines = []
    for n, year in enumerate(data.years):
        parts = [(d, data.counts[d][n]) for d in data.destinations if data.counts[d][n]]
        if not parts:
            continue
        total = sum(c for _d, c in parts)
        detail = ", ".join(f"{name(d) if d else unknown} {c}" for d, c in parts)
        lines.append(f"{year}: {total} ({detail})")
    return "\n".join(lines)
