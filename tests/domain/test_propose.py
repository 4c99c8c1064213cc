"""The article proposer on its own: names, dates, cues in both scripts, references to known statements."""

from __future__ import annotations

from bot.domain.article_dates import find_dates, first_full_date
from bot.domain.dates import PartialDate
from bot.domain.model import CitationView, EntityRef, FactView
from bot.domain.propose import EntityInfo, Proposer
from bot.domain.roles import RoleVocabulary
from bot.domain.statements import Statements

ROLES = RoleVocabulary.from_records(
    [
        {"id": "ceo", "label_en": "Chief Executive Officer", "label_zh": "執行長", "synonyms": ["CEO", "首席執行官"]},
        {"id": "cto", "label_en": "Chief Technology Officer", "label_zh": "技術長", "synonyms": ["CTO", "首席技術官"]},
    ]
)
ENTITIES = [
    EntityInfo("openai", "organisation", "OpenAI", "OpenAI"),
    EntityInfo("anthropic", "organisation", "Anthropic", "Anthropic"),
    EntityInfo("ada-lin", "person", "Ada Lin", "艾達·林"),
    EntityInfo("bo-chen", "person", "Bo Chen", "陳博"),
]
ALIASES = [
    ("openai", "OpenAI"),
    ("anthropic", "Anthropic"),
    ("ada-lin", "艾達·林"),
    ("ada-lin", "Ada Lin"),
    ("ada-lin", "艾達"),
    ("bo-chen", "陳博"),
    ("bo-chen", "Bo Chen"),
]


def _claim(key: str, predicate: str, subject: str, obj: str, start: str) -> FactView:
    def ref(i: str) -> EntityRef:
        return EntityRef(i, i, None)

    return FactView(
        1,
        key,
        predicate,
        ref(subject),
        ref(obj),
        None,
        None,
        None,
        None,
        start,
        None,
        None,
        None,
        "t",
        "t",
        "normal",
        None,
        None,
        None,
        "active",
        1,
        (CitationView("s1", 1, "xx", None),),
    )


def _propose(text: str, published: str = "2025-03-20", statements: Statements | None = None) -> list[dict]:
    proposer = Proposer(entities=ENTITIES, aliases=ALIASES, roles=ROLES, statements=statements)
    return proposer.propose(text, published=PartialDate.parse(published)).as_dicts()


def test_dates_resolve_against_the_article_date():
    published = PartialDate(2025, 3, 20)  # a Thursday
    got = [m.date.iso() for m in find_dates("去年9月、今年1月、12月、上週三、3月5日、2023-11-17、2019年", published)]
    assert got == ["2024-09", "2025-01", "2024-12", "2025-03-12", "2025-03-05", "2023-11-17", "2019"]
    assert first_full_date("標題\n（2024年11月20日）正文") == PartialDate(2024, 11, 20)


def test_traditional_and_simplified_cues_give_the_same_statement():
    tw = _propose("艾達·林於去年9月宣布離開 OpenAI，加入 Anthropic。")
    cn = _propose("艾达·林于去年9月宣布离开 OpenAI，加入 Anthropic。")
    for items in (tw, cn):
        assert [(i["subject"], i["predicate"], i["object"], i["destination"], i["start"]) for i in items] == [
            ("Ada Lin", "departed", "OpenAI", "Anthropic", "2024-09")
        ]


def test_a_new_name_in_news_form_becomes_a_new_entity_in_both_scripts():
    items = _propose("2月，Anthropic 前研究員何明（Ming He）出任 OpenAI 技術長。")
    assert len(items) == 1
    item = items[0]
    assert (item["subject"], item["predicate"], item["object"], item["role_en"], item["start"]) == (
        "Ming He",
        "held_role",
        "OpenAI",
        "Chief Technology Officer",
        "2025-02",
    )
    assert item["new_entities"] == [{"id": "ming-he", "kind": "person", "name_en": "Ming He", "name_zh": "何明"}]
    assert item["text_zh"] == "何明於2025年2月出任 OpenAI 技術長。"


def test_pronouns_and_same_day_follow_the_story():
    items = _propose("2025年1月8日，陳博創辦了 Anthropic。同日，他任命艾達·林為首席執行官。")
    got = {(i["subject"], i["predicate"], i["start"]) for i in items}
    assert ("Bo Chen", "founded", "2025-01-08") in got
    assert ("Ada Lin", "held_role", "2025-01-08") in got


def test_a_known_statement_becomes_a_reference_not_a_duplicate():
    known = Statements.build([_claim("k-1", "departed", "ada-lin", "openai", "2024-09-25")], ROLES)
    items = _propose("艾達·林去年9月離開 OpenAI。陳博也在去年9月離職。", statements=known)
    by_subject = {i["subject"]: i for i in items}
    assert by_subject["Ada Lin"]["existing"] == "k-1"
    assert by_subject["Bo Chen"]["existing"] is None


def test_an_anchor_is_copied_from_its_line_and_the_text_is_our_own():
    text = "前言\n這是背景。\n陳博於2024年5月宣布離開 OpenAI，外界議論紛紛。"
    (item,) = _propose(text)
    assert item["line"] == 3 and item["anchor"] in text.splitlines()[2]
    assert item["text_en"] == "Bo Chen left OpenAI in May 2024."
    assert item["text_zh"].rstrip("。") not in text


def test_sentences_without_a_person_propose_nothing():
    assert _propose("市場普遍認為，離職潮仍將持續。") == []
