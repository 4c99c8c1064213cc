"""/ask and "Look up people in this message": read the question, answer from the statements."""

from __future__ import annotations

import logging
from datetime import date

from bot.domain.ask import AskIndex, Result
from bot.domain.ask import ask as ask_question
from bot.domain.ask_render import person_card, render_answer, render_people, unknown_text
from bot.domain.render import Citations, name
from bot.i18n import Lang, pick, t
from bot.services.answer import Answer, Choice
from bot.services.lookups import all_refs
from bot.services.sources import sources_by_id
from bot.services.statements import statements, vocabulary
from db import queries
from db.store import Store

log = logging.getLogger(__name__)

QUESTION_MAX = 300
MAX_PEOPLE = 20  # one button each: four rows of five, well inside Discord's 25


def ask_index(store: Store) -> AskIndex:
    """Built once per data version (and again when the names change), never per question."""
    names = store.names

    def build() -> AskIndex:
        refs = all_refs(store)
        labels = {entity_id: ref.name_en for entity_id, ref in refs.items()}
        return AskIndex(statements(store), names, vocabulary(store), names.aliases(), names.kinds(), labels)

    return store.memo(("ask-index", id(names)), build, once=True)  # seconds at 100x: never on the loop


def result_for(store: Store, question: str, today: date) -> Result:
    return ask_question(ask_index(store), question, today)


def ask(store: Store, question: str, lang: Lang, today: date) -> Answer:
    text = " ".join((question or "").split())[:QUESTION_MAX]
    if not text:
        return Answer.message(t("ask.empty", lang))
    return store.memo(("ask", text, lang, today), lambda: _ask(store, text, lang, today))


def _ask(store: Store, text: str, lang: Lang, today: date) -> Answer:
    result = result_for(store, text, today)
    refs = all_refs(store)
    if not result.answered:
        return Answer.message(unknown_text(result, refs, lang))
    embed = render_answer(result, statements(store), refs, sources_by_id(store), lang)
    return Answer(pages=[embed], state=shown_keys(result))


def shown_keys(result: Result, room: int = 90) -> str:
    """The keys of the statements an answer shows, as many as fit a button's custom_id: what its
    "Suggest a correction" menu offers."""
    shown = [*result.statements, *(evidence for _e, _s, evidence in result.founders if evidence is not None)]
    keys: list[str] = []
    for key in dict.fromkeys(st.key for st in shown):
        if len(",".join([*keys, key])) > room:
            break
        keys.append(key)
    return ",".join(keys)


def people_in(store: Store, text: str) -> list[str]:
    """Every known person a message names (any script or alias), in order of first mention."""
    index = ask_index(store)
    found: list[str] = []
    for mention in index.scanner.scan(text or ""):
        for entity_id in mention.entity_ids:
            if index.kinds.get(entity_id) == "person" and entity_id not in found:
                found.append(entity_id)
    return found


def lookup_people(store: Store, text: str, lang: Lang) -> Answer:
    """Private one-line cards for the people in a message, with a /who button for each."""
    people = people_in(store, text)
    if not people:
        return Answer.message(t("lookup.none", lang))
    shown = people[:MAX_PEOPLE]
    refs = all_refs(store)
    index = statements(store)
    cites = Citations(sources_by_id(store))
    with store.session() as session:
        views = {p: queries.entity(p, session=session) for p in shown}
    cards = []
    for person in shown:
        view = views.get(person)
        summary = pick(lang, view.summary_en, view.summary_zh) if view is not None else None
        if person in refs:
            cards.append(person_card(refs[person], index.about(person), summary, lang, cites))
    embed = render_people(cards, len(people), cites, lang)
    choices = [Choice(p, name(refs[p], lang)[:80]) for p in shown if p in refs]
    return Answer(pages=[embed], choices=choices, ephemeral=True)
