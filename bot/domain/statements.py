"""Claims → statements: one statement per thing that happened, with every article as a reference.

An article *claims*; the world has *statements*. Three articles saying Sutskever left OpenAI ("2024",
"2024-05", "2024-05-15") are three claims and one statement, dated 2024-05-15 and cited three
times. Claims that cannot both be true stay inside one statement as a dispute, each version with
its own references, none preferred.

Grouping:
- claims sharing a curated `statement` key are one statement;
- other claims of a structured predicate (roles, joins, departures, ...) join a statement with the
  same subject, predicate, object and role (by the role vocabulary) when their dates, destination
  and value are compatible with every claim already in it (one date refines the other: 2024 ⊇
  2024-05 ⊇ 2024-05-15; a missing one is compatible);
- claims sharing a `dispute` key and the same subject, predicate, object and role are one statement
  even though they disagree: each compatible set of claims is one version (a `Side`);
- free-text claims (events, remarks, papers, ...) stand alone unless a curated key groups them.

Qualifiers the claims imply are filled in once here: a role with no end ends at the holder's
departure from that organisation (unless they came back), or when the next holder of a one-person
role starts. Renderers, charts, the quiz and /ask read statements, never raw claims.

Pure: plain views in, statements out. No discord, no database.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from bot.domain.dates import PartialDate
from bot.domain.model import CitationView, EntityRef, FactView, cached_property
from bot.domain.roles import Role, RoleVocabulary

log = logging.getLogger(__name__)

ROLE_PREDICATES = frozenset({"held_role", "board_member", "worked_at"})
MOVE_PREDICATES = frozenset({"founded", "joined", "departed", "returned", "leave_of_absence", "dismissed"})
LEAVING = frozenset({"departed", "dismissed"})
DEPARTURE_PREDICATES = frozenset({"departed", "leave_of_absence", "dismissed"})
# Predicates whose claims say the same thing when their structure matches; the rest are free text.
STRUCTURED = ROLE_PREDICATES | MOVE_PREDICATES | {"studied_under", "educated_at"}
RANK_ORDER = {"preferred": 0, "normal": 1, "low": 2, "deprecated": 3}


def dates_compatible(a: PartialDate | None, b: PartialDate | None) -> bool:
    """True when one date refines the other (2024 ⊇ 2024-05 ⊇ 2024-05-15) or either is unknown."""
    if a is None or b is None:
        return True
    if a.year != b.year:
        return False
    if a.month and b.month and a.month != b.month:
        return False
    return not (a.day and b.day and a.day != b.day)


def finest(dates: Iterable[PartialDate | None]) -> PartialDate | None:
    """The most precise of mutually compatible dates (the earliest of equally precise ones)."""
    known = [d for d in dates if d is not None]
    return max(known, key=lambda d: (d.precision, [-d.year, -d.month, -d.day])) if known else None


def _fold(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


def claims_compatible(a: FactView, b: FactView) -> bool:
    """Two claims of the same subject, predicate, object and role that can both be true."""
    if not dates_compatible(a.start_date, b.start_date) or not dates_compatible(a.end_date, b.end_date):
        return False
    if a.destination and b.destination and a.destination.id != b.destination.id:
        return False
    return not (a.value and b.value and _fold(a.value) != _fold(b.value))


def _merge_citations(claims: Sequence[FactView]) -> tuple[CitationView, ...]:
    seen: dict[tuple, CitationView] = {}
    for claim in claims:
        for cite in claim.citations:
            seen.setdefault((cite.source_id, cite.line, cite.locator), cite)
    return tuple(seen.values())


def _lead(claims: Sequence[FactView]) -> FactView:
    """The claim whose wording stands for a set: the most precisely dated, then the best cited."""

    def weight(c: FactView) -> tuple:
        precision = c.start_date.precision if c.start_date else 0
        return (-precision, -(c.end_date.precision if c.end_date else 0), -len(c.source_ids), c.id)

    return min(claims, key=weight)


class _Face:
    """What a side and a statement both show: dates as text and the lead claim's wording."""

    if TYPE_CHECKING:  # provided by each subclass

        @property
        def start_date(self) -> PartialDate | None: ...

        @property
        def end_date(self) -> PartialDate | None: ...

        @property
        def lead(self) -> FactView: ...

    @property
    def start(self) -> str | None:
        return self.start_date.iso() if self.start_date else None

    @property
    def end(self) -> str | None:
        return self.end_date.iso() if self.end_date else None

    @property
    def text_en(self) -> str:
        return self.lead.text_en

    @property
    def text_zh(self) -> str:
        return self.lead.text_zh


@dataclass(frozen=True)
class Side(_Face):
    """One version of what happened: claims that agree with each other."""

    claims: tuple[FactView, ...]

    @cached_property
    def lead(self) -> FactView:
        return _lead(self.claims)

    @cached_property
    def start_date(self) -> PartialDate | None:
        return finest(c.start_date for c in self.claims)

    @cached_property
    def end_date(self) -> PartialDate | None:
        return finest(c.end_date for c in self.claims)

    @cached_property
    def destination(self) -> EntityRef | None:
        return next((c.destination for c in self.claims if c.destination), None)

    @cached_property
    def source_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for c in self.claims for s in c.source_ids))

    @cached_property
    def citations(self) -> tuple[CitationView, ...]:
        return _merge_citations(self.claims)


@dataclass(frozen=True)
class Statement(_Face):
    """A thing that happened, as every article that reports it tells it.

    It reads like a fact (subject, predicate, dates, text, citations), so the renderers that drew
    claims draw statements; `sides` holds the versions when the articles disagree.
    """

    key: str
    sides: tuple[Side, ...]
    role: Role | None = None
    dispute: str | None = None  # shared with other statements whose claims contradict this one's
    derived_end: PartialDate | None = None  # a role's end taken from a later statement
    end_source: Statement | None = field(default=None, repr=False, compare=False)

    # ---- the fact-like face ------------------------------------------------------------------
    @cached_property
    def claims(self) -> tuple[FactView, ...]:
        return tuple(c for side in self.sides for c in side.claims)

    @cached_property
    def main(self) -> Side:
        """The side that says what kind of statement this is (the predicate most claims use);
        the sides themselves stay in date order, none preferred."""
        counts: dict[str, int] = defaultdict(int)
        for claim in self.claims:
            counts[claim.predicate] += 1
        predicate = max(counts, key=lambda p: (counts[p], p in STRUCTURED))
        return next(s for s in self.sides if s.lead.predicate == predicate)

    @cached_property
    def lead(self) -> FactView:
        return self.main.lead

    @property
    def id(self) -> int:
        return min(c.id for c in self.claims)

    @property
    def predicate(self) -> str:
        return self.lead.predicate

    @property
    def subject(self) -> EntityRef:
        return self.lead.subject

    @property
    def object(self) -> EntityRef | None:
        return self.lead.object

    @cached_property
    def destination(self) -> EntityRef | None:
        return next((s.destination for s in self.sides if s.destination), None)

    @property
    def value(self) -> str | None:
        return next((c.value for c in self.claims if c.value), None)

    @property
    def role_en(self) -> str | None:
        if self.role is None:
            return self.lead.role_en
        return self.role.label_en if self.role.known else (self.lead.role_en or self.role.label_en)

    @property
    def role_zh(self) -> str | None:
        if self.role is None:
            return self.lead.role_zh
        return self.role.label_zh if self.role.known else (self.lead.role_zh or self.role.label_zh)

    @property
    def start_date(self) -> PartialDate | None:
        return self.main.start_date

    @property
    def end_date(self) -> PartialDate | None:
        return self.main.end_date or self.derived_end

    @property
    def reason_en(self) -> str | None:
        return next((c.reason_en for c in self.claims if c.reason_en), None)

    @property
    def reason_zh(self) -> str | None:
        return next((c.reason_zh for c in self.claims if c.reason_zh), None)

    @property
    def date_note(self) -> str | None:
        return next((c.date_note for c in self.claims if c.date_note), None)

    @property
    def editorial(self) -> str | None:
        return next((c.editorial for c in self.claims if c.editorial), None)

    @cached_property
    def rank(self) -> str:
        return min((c.rank for c in self.claims), key=lambda r: RANK_ORDER.get(r, 1))

    @property
    def status(self) -> str:
        return "active"

    @cached_property
    def citations(self) -> tuple[CitationView, ...]:
        own = _merge_citations(self.claims)
        if self.end_source is not None:  # the end date comes from that statement's articles
            extra = self.end_source.citations
            return own + tuple(
                c
                for c in extra
                if (c.source_id, c.line, c.locator) not in {(o.source_id, o.line, o.locator) for o in own}
            )
        return own

    @cached_property
    def source_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.source_id for c in self.citations))

    @property
    def version(self) -> int:
        return max(c.version for c in self.claims)

    # ---- statement-only ----------------------------------------------------------------------
    @property
    def disputed(self) -> bool:
        """True when the articles disagree about it: within (several sides) or with another statement."""
        return len(self.sides) > 1 or self.dispute is not None

    @property
    def claim_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.claims)

    def entity_ids(self) -> set[str]:
        ids = {c.subject.id for c in self.claims}
        ids |= {c.object.id for c in self.claims if c.object}
        ids |= {c.destination.id for c in self.claims if c.destination}
        return ids

    def dates(self) -> list[PartialDate]:
        """Every date a version gives it (a disputed departure is in 2023 by one account, 2024 by another)."""
        return [s.start_date for s in self.sides if s.start_date]

    def sort_key(self) -> tuple:
        """Where lists put it: at the date it is shown with (a disputed one's main version)."""
        date = self.start_date or min(self.dates(), default=None)
        if date is None:
            return ("9999", self.id)
        # A return known only to the month sorts at its end: "fired 2023-11-17, back 2023-11".
        return (date.last_key() if self.predicate == "returned" else date.sort_key(), self.id)

    def ongoing(self) -> bool:
        """A role with no end, stated or implied."""
        return self.end_date is None


def _signature(claim: FactView, vocab: RoleVocabulary) -> tuple | None:
    if claim.predicate not in STRUCTURED:
        return None
    role = vocab.match(claim.role_en, claim.role_zh)
    return (claim.predicate, claim.subject.id, claim.object.id if claim.object else None, role.id if role else None)


def _sides(claims: Sequence[FactView]) -> tuple[Side, ...]:
    """Split claims into sets that agree (most precise first), ordered by date."""
    groups: list[list[FactView]] = []
    ordered = sorted(claims, key=lambda c: (-(c.start_date.precision if c.start_date else 0), c.id))
    for claim in ordered:
        home = next(
            (
                g
                for g in groups
                if all(claim.predicate == other.predicate and claims_compatible(claim, other) for other in g)
            ),
            None,
        )
        if home is None:
            groups.append([claim])
        else:
            home.append(claim)
    sides = [Side(tuple(sorted(g, key=lambda c: c.id))) for g in groups]
    return tuple(
        sorted(sides, key=lambda s: (s.start_date is None, s.start_date.sort_key() if s.start_date else "", s.lead.id))
    )


def group_claims(claims: Iterable[FactView], vocab: RoleVocabulary) -> list[list[FactView]]:
    """Claims that report the same thing, in groups (see the module docstring for the rules)."""
    groups: list[list[FactView]] = []
    curated: dict[str, list[FactView]] = {}
    # Groups a structured claim may join: signature → [(group, dispute keys in it)]
    open_groups: dict[tuple, list[list[FactView]]] = defaultdict(list)
    loose: list[FactView] = []
    for claim in claims:
        if claim.statement:
            group = curated.get(claim.statement)
            if group is None:
                group = curated[claim.statement] = []
                groups.append(group)
            group.append(claim)
        else:
            loose.append(claim)
    for group in curated.values():  # a curated statement takes new claims of any structure it holds
        for shape in {s for c in group if (s := _signature(c, vocab)) is not None}:
            open_groups[shape].append(group)
    loose.sort(key=lambda c: (-(c.start_date.precision if c.start_date else 0), c.id))
    for claim in loose:
        signature = _signature(claim, vocab)
        if signature is None:
            groups.append([claim])
            continue
        candidates = open_groups[signature]
        home = None
        if claim.dispute:
            home = next((g for g in candidates if any(c.dispute == claim.dispute for c in g)), None)
        if home is None:
            home = next(
                (
                    g
                    for g in candidates
                    if all(claims_compatible(claim, c) for c in g if _signature(c, vocab) == signature)
                ),
                None,
            )
        if home is None:
            home = [claim]
            groups.append(home)
            candidates.append(home)
        else:
            home.append(claim)
    return groups


def _statement(group: Sequence[FactView], vocab: RoleVocabulary) -> Statement:
    lead = min(group, key=lambda c: c.id)
    key = lead.statement or lead.key
    disputes = sorted({c.dispute for c in group if c.dispute})
    role = vocab.match(lead.role_en, lead.role_zh)
    if role is None and lead.predicate == "board_member":
        role = vocab.get("board-member")
    return Statement(key=key, sides=_sides(group), role=role, dispute=disputes[0] if disputes else None)


def _with_role_ends(statements: list[Statement]) -> list[Statement]:
    """Fill in the end of roles the articles leave open, from what else they report."""
    moves: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    holders: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    starts: dict[str, list[Statement]] = defaultdict(list)  # person → what they began, anywhere
    for st in statements:
        if st.object is None:
            continue
        if st.predicate in LEAVING | {"returned"} and len(st.sides) == 1 and st.start_date:
            moves[(st.subject.id, st.object.id)].append(st)
        if st.predicate in ROLE_PREDICATES and st.role is not None and st.role.single and st.start_date:
            holders[(st.role.id, st.object.id)].append(st)
        if st.predicate in STARTS and st.start_date and len(st.sides) == 1:
            starts[st.subject.id].append(st)
    out = []
    for st in statements:
        if st.predicate not in ROLE_PREDICATES or st.object is None or st.end_date is not None:
            out.append(st)
            continue
        end, source = _implied_end(st, moves[(st.subject.id, st.object.id)], holders)
        if end is None and _outside(st) and st.start_date:
            end, source = _next_start(st, starts[st.subject.id])
        out.append(replace(st, derived_end=end, end_source=source) if end else st)
    return out


STARTS = frozenset({"founded", "joined", "returned", "held_role", "worked_at"})


def _outside(role: Statement) -> bool:
    """A job elsewhere (before or after OpenAI): it ends when the person's next job starts."""
    return role.predicate == "worked_at" or (role.role is not None and role.role.kind == "outside")


def _next_start(role: Statement, starts: list[Statement]) -> tuple[PartialDate | None, Statement | None]:
    assert role.start_date is not None and role.object is not None
    after = role.start_date.last_key()
    later = [
        s
        for s in starts
        if s.object is not None and s.object.id != role.object.id and s.start_date and s.start_date.first_key() > after
    ]
    if not later:
        return None, None
    first = min(later, key=lambda s: s.start_date.sort_key() if s.start_date else "")
    return first.start_date, first


def _move_order(move: Statement) -> str:
    date = move.start_date
    if date is None:
        return ""
    # A return dated only to a month counts from the month's end, a departure from its first day:
    # "left 2023-11-17, back 2023-11" is a return after the departure.
    return date.last_key() if move.predicate == "returned" else date.first_key()


def _implied_end(
    role: Statement, moves: list[Statement], holders: dict[tuple[str, str], list[Statement]]
) -> tuple[PartialDate | None, Statement | None]:
    assert role.object is not None
    start = role.start_date
    ordered = sorted(moves, key=_move_order)
    for n, move in enumerate(ordered):
        when = move.start_date
        if move.predicate not in LEAVING or when is None:
            continue
        if start is not None and (
            when.last_key() < start.first_key()
            # "back as president in 2023-11" and "quit 2023-11-17": the quit may come first
            or (dates_compatible(start, when) and start.precision < when.precision)
        ):
            continue
        came_back = any(m.predicate == "returned" for m in ordered[n + 1 :])
        if not came_back:
            return when, move
    if start is not None and role.role is not None and role.role.single:
        later = [
            h
            for h in holders[(role.role.id, role.object.id)]
            if h.subject.id != role.subject.id and h.start_date and h.start_date.first_key() > start.last_key()
        ]
        if later:
            successor = min(later, key=lambda h: h.start_date.sort_key() if h.start_date else "")
            return successor.start_date, successor
    return None, None


@dataclass
class Statements:
    """Every statement members can see, indexed for the lookups. Built once per data version."""

    all: list[Statement]
    by_entity: dict[str, list[Statement]] = field(default_factory=dict)
    by_dispute: dict[str, list[Statement]] = field(default_factory=dict)
    by_claim: dict[str, Statement] = field(default_factory=dict)

    @classmethod
    def build(cls, claims: Iterable[FactView], vocab: RoleVocabulary) -> Statements:
        shown = [c for c in claims if c.status == "active" and c.rank != "deprecated"]
        built = [_statement(g, vocab) for g in group_claims(shown, vocab)]
        built = sorted(_with_role_ends(built), key=Statement.sort_key)
        index = cls(built)
        for st in built:
            for entity_id in st.entity_ids():
                index.by_entity.setdefault(entity_id, []).append(st)
            if st.dispute:
                index.by_dispute.setdefault(st.dispute, []).append(st)
            for key in st.claim_keys:
                index.by_claim[key] = st
        return index

    def about(self, entity_id: str) -> list[Statement]:
        return self.by_entity.get(entity_id, [])

    def counterparts(self, statement: Statement) -> list[Statement]:
        """Other statements whose claims contradict this one (linked by a dispute key)."""
        if not statement.dispute:
            return []
        return [s for s in self.by_dispute.get(statement.dispute, []) if s is not statement]

    def departures(
        self, *, year: int | None = None, destination_id: str | None = None, organisation_id: str = "openai"
    ) -> list[Statement]:
        out = []
        for st in self.all:
            if st.predicate not in DEPARTURE_PREDICATES or st.object is None or st.object.id != organisation_id:
                continue
            if year is not None and not any(d.year == year for d in st.dates()):
                continue
            if destination_id is not None and not any(
                s.destination and s.destination.id == destination_id for s in st.sides
            ):
                continue
            out.append(st)
        return out

    def timeline(
        self, *, start: PartialDate | None = None, end: PartialDate | None = None, entity_id: str | None = None
    ) -> list[Statement]:
        pool = self.about(entity_id) if entity_id else self.all
        lo = start.sort_key() if start else None
        hi = end.last_key() if end else None
        out = []
        for st in pool:
            keys = [d.sort_key() for d in st.dates()]
            if keys and any((lo is None or k >= lo) and (hi is None or k <= hi) for k in keys):
                out.append(st)
        return out

    def destinations(self) -> set[str]:
        return {s.destination.id for st in self.departures() for s in st.sides if s.destination}


def grouping_report(claims: Iterable[FactView], vocab: RoleVocabulary) -> list[str]:
    """What `data check` reports about grouping: claims that look like one statement but are not
    grouped, and groups whose claims conflict without a dispute key."""
    problems: list[str] = []
    shown = [c for c in claims if c.status == "active" and c.rank != "deprecated"]
    groups = group_claims(shown, vocab)
    by_signature: dict[tuple, list[list[FactView]]] = defaultdict(list)
    for group in groups:
        sides = _sides(group)
        if len(sides) > 1 and not any(c.dispute for c in group):
            versions = " vs ".join("/".join(c.key for c in s.claims) for s in sides)
            problems.append(f"claims grouped as one statement disagree without a dispute key: {versions}")
        signature = _signature(group[0], vocab)
        if signature is not None:
            by_signature[signature].append(group)
    for signature, same in by_signature.items():
        if len(same) < 2:
            continue
        for i, a in enumerate(same):
            for b in same[i + 1 :]:
                disputed = {c.dispute for c in a if c.dispute} & {c.dispute for c in b if c.dispute}
                curated = {c.statement for c in a} != {c.statement for c in b} and all(c.statement for c in (*a, *b))
                if not disputed and not curated:
                    problems.append(
                        f"claims look like one statement ({signature[0]} {signature[1]}"
                        f"{' ' + str(signature[3]) if signature[3] else ''}) but their dates differ: "
                        f"{'/'.join(c.key for c in a)} vs {'/'.join(c.key for c in b)}; give them a dispute "
                        "key, or distinct statement keys if they are separate events"
                    )
    for claim in shown:
        if claim.predicate in ROLE_PREDICATES and (claim.role_en or claim.role_zh):
            role = vocab.match(claim.role_en, claim.role_zh)
            if role is not None and not role.known:
                problems.append(f"{claim.key}: role title {claim.role_en or claim.role_zh!r} is not in roles.yaml")
    return problems
