"""/who, /departures and /timeline: resolve names, query the store, render pages."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.domain.dates import DateError, PartialDate
from bot.domain.names import MIN_SCORE, Candidate, Resolution
from bot.domain.render import (
    LIST_PAGE_SIZE,
    both_names,
    name,
    neutralise,
    render_departures,
    render_timeline,
    render_who,
)
from bot.domain.statements import ROLE_PREDICATES
from bot.i18n import Lang, t
from bot.services.answer import Answer, Choice
from bot.services.sources import sources_by_id
from bot.services.statements import statements
from db import queries
from db.store import Store

log = logging.getLogger(__name__)

YEAR_MIN, YEAR_MAX = 2000, 2100


class InputError(ValueError):
    """Bad input from a member, with the message to show them."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def resolve_person(store: Store, query: str) -> Resolution:
    query = (query or "").strip()
    if store.names.kind_of(query) == "person":  # autocomplete sends the entity id as the value
        return Resolution(query, (Candidate(query, 100.0, query, True),), False)
    return store.names.resolve(query, kind="person")


def all_refs(store: Store) -> dict:
    """Every entity's names, kept in memory until the data changes (autocomplete runs per keystroke)."""

    def build() -> dict:
        with store.session() as session:
            return queries.entity_refs(queries.entity_ids(session=session), session=session)

    return store.memo(("refs",), build)


def _label(store: Store, entity_id: str, lang: Lang) -> str:
    with store.session() as session:
        view = queries.entity(entity_id, session=session)
    return both_names(view.ref, lang) if view else entity_id


def suggest_people(store: Store, typed: str, lang: Lang, *, limit: int = 25) -> list[Choice]:
    """Autocomplete for a person option: at most 25 (Discord's limit) labelled choices."""
    if typed.strip():
        ids = [c.entity_id for c in store.names.suggest(typed, limit=limit, kind="person")]
    else:
        ids = store.names.first_of_kind("person", limit)
    refs = all_refs(store)
    return [Choice(i, both_names(refs[i], lang)[:100]) for i in ids if i in refs][:limit]


def who(store: Store, query: str, lang: Lang) -> Answer:
    if not (query or "").strip():
        return Answer.message(t("who.empty_query", lang))
    result = resolve_person(store, query)
    if result.found:
        return who_entity(store, result.found_id, lang)
    shown = neutralise(query.strip())[:100]
    if result.ambiguous:
        choices = []
        with store.session() as session:
            refs = queries.entity_refs({c.entity_id for c in result.candidates}, session=session)
        for cand in result.candidates:
            if cand.entity_id in refs and cand.score >= MIN_SCORE:
                choices.append(Choice(cand.entity_id, both_names(refs[cand.entity_id], lang)[:100]))
        return Answer(content=t("who.ambiguous", lang, query=shown), choices=choices, ephemeral=False)
    text = t("who.unknown", lang, query=shown)
    close = [c for c in result.candidates[:3]]
    if close:
        names = ", ".join(_label(store, c.entity_id, lang) for c in close)
        text += "\n" + t("who.suggest", lang, names=names)
    return Answer.message(text)


def who_entity(store: Store, entity_id: str, lang: Lang) -> Answer:
    return store.memo(("who", entity_id, lang), lambda: _who_entity(store, entity_id, lang))


def _who_entity(store: Store, entity_id: str, lang: Lang) -> Answer:
    with store.session() as session:
        person = queries.entity(entity_id, session=session)
    if person is None:
        return Answer.message(t("who.unknown", lang, query=neutralise(entity_id)))
    index = statements(store)
    pages = render_who(person, index.about(entity_id), sources_by_id(store), lang, index=index)
    return Answer(pages=pages, state=entity_id)


def resolve_destination(store: Store, query: str) -> Resolution:
    return store.names.resolve(query, among=statements(store).destinations())


@dataclass(frozen=True)
class DeparturesQuery:
    year: int | None
    destination_id: str | None

    def encode(self) -> str:
        return f"{self.year or ''}|{self.destination_id or ''}"

    @classmethod
    def decode(cls, text: str) -> DeparturesQuery:
        year, dest = (text.split("|") + ["", ""])[:2]
        return cls(int(year) if year else None, dest or None)


def parse_departures(
    store: Store, lang: Lang, *, year: int | None, destination: str | None
) -> DeparturesQuery | Answer:
    """Validate the options; an Answer is returned for input a member must fix."""
    if year is not None and not YEAR_MIN <= year <= YEAR_MAX:
        return Answer.message(t("error.bad_year", lang, low=YEAR_MIN, high=YEAR_MAX))
    destination_id = None
    if destination and destination.strip():
        result = resolve_destination(store, destination)
        if not result.found:
            text = t("departures.unknown_destination", lang, query=neutralise(destination.strip())[:100])
            if result.candidates:
                names = ", ".join(_label(store, c.entity_id, lang) for c in result.candidates[:3])
                text += "\n" + t("who.suggest", lang, names=names)
            return Answer.message(text)
        destination_id = result.found_id
    return DeparturesQuery(year, destination_id)


def departures(store: Store, lang: Lang, query: DeparturesQuery, page: int = 0) -> Answer:
    # Many members open the same pages: keep each rendered page until the data changes.
    return store.memo(("departures", query, page, lang), lambda: _departures(store, lang, query, page))


def _page_of(items: list, page: int) -> tuple[list, int, int]:
    """(the items on page `page`, clamped, 0-based; that page's number; the page count)."""
    count = max(1, -(-len(items) // LIST_PAGE_SIZE))
    page = max(0, min(page, count - 1))
    return items[page * LIST_PAGE_SIZE : (page + 1) * LIST_PAGE_SIZE], page, count


def _departures(store: Store, lang: Lang, query: DeparturesQuery, page: int) -> Answer:
    index = statements(store)
    rows, number, count = _page_of(index.departures(year=query.year, destination_id=query.destination_id), page)
    roles = [
        s for person in {r.subject.id for r in rows} for s in index.about(person) if s.predicate in ROLE_PREDICATES
    ]
    ref = all_refs(store).get(query.destination_id) if query.destination_id else None
    if ref is not None:
        title = t("departures.title_dest", lang, destination=name(ref, lang))
        if query.year:
            title += f" ({query.year})"
    elif query.year:
        title = t("departures.title_year", lang, year=query.year)
    else:
        title = t("departures.title", lang)
    embed = render_departures(rows, roles, sources_by_id(store), lang, title=title, page=number + 1, pages=count)
    return Answer(pages=[embed], state=query.encode(), first_page=number, page_count=count)


@dataclass(frozen=True)
class TimelineQuery:
    start: PartialDate | None
    end: PartialDate | None
    person_id: str | None

    def encode(self) -> str:
        return f"{self.start or ''}|{self.end or ''}|{self.person_id or ''}"

    @classmethod
    def decode(cls, text: str) -> TimelineQuery:
        start, end, person = (text.split("|") + ["", "", ""])[:3]
        return cls(PartialDate.parse(start) if start else None, PartialDate.parse(end) if end else None, person or None)


def parse_timeline(
    store: Store, lang: Lang, *, year: int | None, start: str | None, end: str | None, person: str | None
) -> TimelineQuery | Answer:
    """Validate the options; an Answer is returned for input a member must fix."""

    def date(value: str | None) -> PartialDate | None:
        if value is None or not value.strip():
            return None
        try:
            return PartialDate.parse(value)
        except DateError:
            raise InputError(t("error.bad_date", lang, value=neutralise(value.strip())[:40])) from None

    try:
        lo, hi = date(start), date(end)
    except InputError as exc:
        return Answer.message(exc.message)
    if year is not None:
        if not YEAR_MIN <= year <= YEAR_MAX:
            return Answer.message(t("error.bad_year", lang, low=YEAR_MIN, high=YEAR_MAX))
        lo = lo or PartialDate(year)
        hi = hi or PartialDate(year)
    if lo and hi and hi.last_key() < lo.sort_key():
        return Answer.message(t("error.bad_range", lang, start=lo, end=hi))
    person_id = None
    if person and person.strip():
        result = resolve_person(store, person)
        if not result.found:
            return who(store, person, lang)  # the same "unknown"/"did you mean" help as /who
        person_id = result.found_id
    return TimelineQuery(lo, hi, person_id)


def timeline(store: Store, lang: Lang, query: TimelineQuery, page: int = 0) -> Answer:
    return store.memo(("timeline", query, page, lang), lambda: _timeline(store, lang, query, page))


def _timeline(store: Store, lang: Lang, query: TimelineQuery, page: int) -> Answer:
    found = statements(store).timeline(start=query.start, end=query.end, entity_id=query.person_id)
    rows, number, count = _page_of(found, page)
    ref = all_refs(store).get(query.person_id) if query.person_id else None
    title = t("timeline.title_person", lang, person=name(ref, lang)) if ref else t("timeline.title", lang)
    if query.start or query.end:
        span = t("timeline.range", lang, start=query.start or "…", end=query.end or "…")
        if query.start and query.end and query.start == query.end:
            span = str(query.start)
        title = f"{title} · {span}"
    embed = render_timeline(rows, sources_by_id(store), lang, title=title, page=number + 1, pages=count)
    return Answer(pages=[embed], state=query.encode(), first_page=number, page_count=count)
