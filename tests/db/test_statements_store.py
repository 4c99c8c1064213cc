"""Statements follow the store: a moderator's claim joins the statement it reports, an edit
regroups, a retraction leaves the statement with the claims that remain."""

from __future__ import annotations

from bot.i18n import Lang
from bot.services import facts
from bot.services.statements import statements


def _sutskever_exits(store) -> list:
    return [s for s in statements(store).departures(year=2024) if s.subject.id == "ilya-sutskever"]


def test_a_moderators_claim_joins_the_statement_it_reports(store):
    (before,) = _sutskever_exits(store)
    change = facts.add_fact(
        store,
        facts.FactInput(
            subject="ilya-sutskever",
            predicate="departed",
            object="openai",
            source="a003",
            text_en="Sutskever left OpenAI in May 2024.",
            start="2024-05",
        ),
        Lang.EN,
        actor="moderator",
    )
    (after,) = _sutskever_exits(store)
    assert len(after.claims) == len(before.claims) + 1, "one statement, one more reference"
    assert after.start == before.start == "2024-05-15", "the finest date the claims agree on"
    assert "a003" in after.source_ids
    facts.retract_fact(store, change.fact.id, "duplicate report", Lang.EN, actor="moderator")
    (again,) = _sutskever_exits(store)
    assert again.claims == before.claims


def test_a_claim_with_a_date_that_disagrees_is_its_own_statement(store):
    facts.add_fact(
        store,
        facts.FactInput(
            subject="mira-murati",
            predicate="departed",
            object="openai",
            source="a003",
            text_en="A report dates Murati's exit to 2022.",
            start="2022",
        ),
        Lang.EN,
        actor="moderator",
    )
    murati = [s for s in statements(store).departures() if s.subject.id == "mira-murati"]
    assert sorted(s.start for s in murati) == ["2022", "2024-09-26"]
