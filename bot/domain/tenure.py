"""Who was at OpenAI when: tenure bars and departures per year, derived from the facts."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.domain.dates import PartialDate
from bot.domain.model import EntityRef, FactView

OPENAI = "openai"
GROUPS = ("founders", "leadership", "departed")
LEAVES = {"departed", "dismissed"}


def _mid(date: PartialDate) -> float:
    """A date as a fractional year; an unknown month or day sits in the middle of the period."""
    month = date.month or 6.5
    day = date.day or 15
    return date.year + (month - 1 + (day - 1) / 31) / 12


@dataclass
class Tenure:
    person: EntityRef
    segments: list[tuple[float, float | None]] = field(default_factory=list)  # (from, to); None: still there
    leaves: list[float] = field(default_factory=list)
    returns: list[float] = field(default_factory=list)
    left_undated: bool = False  # an article says they left, without a date: the last bar has no end

    @property
    def first(self) -> float:
        return self.segments[0][0]


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
ORDER = {"start": 0, "return": 1, "absence": 1, "leave": 2}


def _most_precise(events: list[tuple[float, int, str, PartialDate]]) -> list[tuple[float, int, str]]:
    """One event per kind and year, the most precisely dated: an article's "in 2023" must not
    land mid-year beside another's "2023-11-17" and reorder what happened."""
    best: dict[tuple[str, int], tuple[float, int, str, PartialDate]] = {}
    for event in events:
        key = (event[2], event[3].year)
        if key not in best or event[3].precision > best[key][3].precision:
            best[key] = event

    # A return dated only to a month counts from the month's end, a leave from its start, so
    # "removed 2023-11-17, back 2023-11" reads in the right order.
    def order(event: tuple[float, int, str, PartialDate]) -> tuple[str, int]:
        date = event[3]
        return (date.last_key() if event[2] == "return" else date.first_key(), event[1])

    return [(when, order_, kind) for when, order_, kind, _date in sorted(best.values(), key=order)]


def tenures(facts: Iterable[FactView]) -> dict[str, Tenure]:
    """A bar per person from their first OpenAI date, cut at each departure, resumed at each return."""
    events: dict[str, list[tuple[float, int, str]]] = defaultdict(list)
    refs: dict[str, EntityRef] = {}
    undated: set[str] = set()
    for f in facts:
        if f.subject.kind != "person" or f.object is None or f.object.id != OPENAI or f.dispute:
            continue
        refs[f.subject.id] = f.subject
        if f.start_date is None:
            if f.predicate in LEAVES:
                undated.add(f.subject.id)
            continue
        when = _mid(f.start_date)
        kind = KINDS.get(f.predicate)
        if kind is not None:
            events[f.subject.id].append((when, ORDER[kind], kind, f.start_date))
    out: dict[str, Tenure] = {}
    for person, raw in events.items():
        items = _most_precise(raw)
        tenure = Tenure(refs[person])
        current: float | None = None
        for when, _order, kind in items:
            if kind == "start" and current is None and not tenure.segments:
                current = when
            elif kind == "return":
                tenure.returns.append(when)
                current = when if current is None else current
            elif kind == "leave":
                if current is not None:
                    tenure.segments.append((current, when))
                elif not tenure.segments:  # only the departure is known: a short stub marks it
                    tenure.segments.append((when - 0.25, when))
                current = None  # a second report of the same departure changes nothing
            elif kind == "absence":
                tenure.leaves.append(when)
        if current is not None:
            tenure.segments.append((current, None))
            tenure.left_undated = person in undated
        if tenure.segments:
            out[person] = tenure
    return out


def group_members(facts: Iterable[FactView], group: str) -> set[str]:
    facts = list(facts)
    if group == "founders":
        return {f.subject.id for f in facts if f.predicate == "founded" and f.object and f.object.id == OPENAI}
    if group == "departed":
        return {f.subject.id for f in facts if f.predicate == "departed" and f.object and f.object.id == OPENAI}
    return {
        f.subject.id
        for f in facts
        if f.predicate in {"held_role", "board_member"} and f.object and f.object.id == OPENAI
    }


@dataclass(frozen=True)
class YearCounts:
    years: list[int]
    destinations: list[str]  # entity ids, "" for unknown
    counts: dict[str, list[int]]  # destination → count per year
    names: dict[str, EntityRef]


def departures_per_year(facts: Iterable[FactView]) -> YearCounts:
    """One count per person per departure month (several articles reporting it count once)."""
    seen: set[tuple[str, str]] = set()
    tally: Counter[tuple[int, str]] = Counter()
    names: dict[str, EntityRef] = {}
    for f in facts:
        if f.predicate != "departed" or not f.object or f.object.id != OPENAI or f.start_date is None or f.dispute:
            continue
        key = (f.subject.id, f"{f.start_date.year}-{f.start_date.month:02d}")
        if key in seen:
            continue
        seen.add(key)
        dest = f.destination.id if f.destination else ""
        if f.destination:
            names[dest] = f.destination
        tally[(f.start_date.year, dest)] += 1
    if not tally:
        return YearCounts([], [], {}, names)
    years = list(range(min(y for y, _ in tally), max(y for y, _ in tally) + 1))
    totals = Counter()
    for (_y, d), n in tally.items():
        totals[d] += n
    destinations = sorted(totals, key=lambda d: (d == "", -totals[d], d))
    counts = {d: [tally[(y, d)] for y in years] for d in destinations}
    return YearCounts(years, destinations, counts, names)
