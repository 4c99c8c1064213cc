"""Claims → statements: precision merge, disputes kept apart, roles by meaning, implied role ends."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.domain.dataset import role_vocabulary
from bot.domain.dates import PartialDate
from bot.domain.model import CitationView, EntityRef, FactView
from bot.domain.roles import RoleVocabulary
from bot.domain.statements import Statements, dates_compatible, grouping_report

ILYA = EntityRef("ilya-sutskever", "Ilya Sutskever", "伊爾亞·蘇茨克維")
GREG = EntityRef("greg-brockman", "Greg Brockman", "格雷格·布羅克曼")
OPENAI = EntityRef("openai", "OpenAI", None, "organisation")
SSI = EntityRef("ssi", "Safe Superintelligence", None, "organisation")
ANTHROPIC = EntityRef("anthropic", "Anthropic", None, "organisation")

_ids = iter(range(1, 10_000))


def claim(predicate: str, subject: EntityRef = ILYA, *, source: str = "a000", **fields) -> FactView:
    n = next(_ids)
    base = dict(
        id=n,
        key=f"{source}-{n:03d}",
        predicate=predicate,
        subject=subject,
        object=OPENAI,
        destination=None,
        value=None,
        role_en=None,
        role_zh=None,
        start=None,
        end=None,
        reason_en=None,
        reason_zh=None,
        text_en=f"claim {n}",
        text_zh=f"說法 {n}",
        rank="normal",
        dispute=None,
        date_note=None,
        editorial=None,
        status="active",
        version=1,
        citations=(CitationView(source, n, None, None),),
    )
    base.update(fields)
    return FactView(**base)


@pytest.fixture(scope="module")
def vocab(dataset) -> RoleVocabulary:
    return role_vocabulary(dataset.roles)


def test_dates_refine_each_other():
    year, month, day = PartialDate(2024), PartialDate(2024, 5), PartialDate(2024, 5, 15)
    assert dates_compatible(year, month) and dates_compatible(month, day) and dates_compatible(year, day)
    assert dates_compatible(None, day)
    assert not dates_compatible(PartialDate(2024, 5), PartialDate(2024, 6))
    assert not dates_compatible(PartialDate(2023), PartialDate(2024, 5, 15))


def test_three_reports_of_one_departure_are_one_statement_at_the_finest_date(vocab):
    claims = [
        claim("departed", start="2024", source="a000"),
        claim("departed", start="2024-05", source="a001"),
        claim("departed", start="2024-05-15", source="a004", destination=SSI),
    ]
    index = Statements.build(claims, vocab)
    assert len(index.all) == 1
    st = index.all[0]
    assert st.start == "2024-05-15" and st.destination == SSI
    assert set(st.source_ids) == {"a000", "a001", "a004"} and not st.disputed


def test_claims_that_cannot_both_be_true_stay_side_by_side(vocab):
    """With a dispute key the two dates are one statement with two versions, neither preferred."""
    late_2023 = claim("departed", start="2023", dispute="sutskever-departure-date")
    may_2024 = claim("departed", start="2024-05-15", dispute="sutskever-departure-date", source="a004")
    (st,) = Statements.build([may_2024, late_2023], vocab).all
    assert st.disputed and [s.start for s in st.sides] == ["2023", "2024-05-15"]
    assert [s.source_ids for s in st.sides] == [("a000",), ("a004",)]


def test_without_a_dispute_key_incompatible_dates_are_separate_statements_and_reported(vocab):
    first, second = claim("departed", start="2017"), claim("departed", start="2024-02")
    index = Statements.build([first, second], vocab)
    assert [s.start for s in index.all] == ["2017", "2024-02"]
    problems = grouping_report([first, second], vocab)
    assert any("look like one statement" in p and first.key in p and second.key in p for p in problems)


def test_a_curated_key_groups_free_text_claims_and_separates_repeated_roles(vocab):
    a = claim("event", statement="superalignment-launch", start="2023-07-05", object=None)
    b = claim("event", statement="superalignment-launch", start="2023-07", object=None, source="a004")
    c = claim("event", start="2023-07-05", object=None)  # a different event the same day
    index = Statements.build([a, b, c], vocab)
    assert sorted(len(s.claims) for s in index.all) == [1, 2]
    first = claim("held_role", GREG, role_en="President", start="2022", end="2023-11-17", statement="greg-first")
    again = claim("held_role", GREG, role_en="President", start="2023-11", statement="greg-second")
    assert len(Statements.build([first, again], vocab).all) == 2


def test_titles_with_one_meaning_are_one_role(vocab):
    leike = EntityRef("jan-leike", "Jan Leike", "簡·萊克")
    claims = [
        claim("held_role", leike, role_en="Co-lead, Superalignment team", start="2023-07"),
        claim("held_role", leike, role_en="Superalignment co-lead", source="a004"),
        claim("held_role", leike, role_zh="超級對齊團隊聯合負責人", role_en=None, source="a003"),
    ]
    (st,) = Statements.build(claims, vocab).all
    assert st.role is not None and st.role.id == "superalignment-lead" and len(st.claims) == 3
    assert vocab.match("CTO", None) == vocab.match(None, "技術長") == vocab.match("Chief Technology Officer", None)
    assert vocab.match("Chief Scientist", None) == vocab.match(None, "首席科學家")


def test_a_role_ends_at_the_holders_departure_unless_they_came_back(vocab):
    scientist = claim("held_role", role_en="Chief Scientist", start="2015")
    left = claim("departed", start="2024-05-15")
    index = Statements.build([scientist, left], vocab)
    role = next(s for s in index.all if s.predicate == "held_role")
    assert role.end == "2024-05-15" and "a000" in role.source_ids
    president = claim("held_role", GREG, role_en="President", start="2022")
    quit_ = claim("departed", GREG, start="2023-11-17")
    back = claim("returned", GREG, start="2023-11")
    index = Statements.build([president, quit_, back], vocab)
    assert next(s for s in index.all if s.predicate == "held_role").end is None, "he came back within days"


def test_a_one_person_role_ends_when_the_next_holder_starts(vocab):
    jakub = EntityRef("jakub-pachocki", "Jakub Pachocki", None)
    old = claim("held_role", role_en="Chief Scientist", start="2015")
    new = claim("held_role", jakub, role_en="chief scientist", start="2024-05")
    index = Statements.build([old, new], vocab)
    assert next(s for s in index.all if s.subject == ILYA).end == "2024-05"


def test_a_moderator_edit_regroups_the_claim(vocab):
    """An edited claim is grouped again: a corrected date joins the statement it now agrees with."""
    a, b = claim("departed", start="2024-05-15"), claim("departed", start="2023", source="a003")
    assert len(Statements.build([a, b], vocab).all) == 2
    edited = replace(b, start="2024-05", version=2)
    (st,) = Statements.build([a, edited], vocab).all
    assert st.start == "2024-05-15" and len(st.claims) == 2 and st.version == 2


def test_retracted_and_deprecated_claims_are_not_statements(vocab):
    kept = claim("departed", start="2024")
    gone = claim("departed", start="2024-05", status="retracted")
    wrong = claim("departed", start="2024-05", rank="deprecated")
    (st,) = Statements.build([kept, gone, wrong], vocab).all
    assert st.claims == (kept,)


def test_the_shipped_data_has_one_statement_per_departure(dataset, vocab):
    from bot.domain.data_review import claim_views

    index = Statements.build(claim_views(dataset), vocab)
    seen = [(s.subject.id, s.start_date.year) for s in index.departures() if s.predicate == "departed" and s.start_date]
    assert len(seen) == len(set(seen)), "a person leaves OpenAI at most once a year"
    karpathy = [s for s in index.departures() if s.subject.id == "andrej-karpathy"]
    assert [(s.start, s.destination.id if s.destination else None) for s in karpathy] == [
        ("2017", "tesla"),
        ("2024-02", None),
    ]
    assert grouping_report(claim_views(dataset), vocab) == []
