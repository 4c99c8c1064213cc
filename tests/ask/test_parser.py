"""Reading questions: names in any script, roles, intents per language; the mention scanner and
the bigram search on their own."""

from __future__ import annotations

import pytest

from bot.domain.ask import parse
from bot.domain.mentions import MentionScanner
from bot.domain.textsearch import TextIndex, tokens
from tests.ask.conftest import TODAY


@pytest.mark.parametrize(
    "question",
    [
        "When did Ilya Sutskever leave?",
        "When did IIya leave?",
        "When did Illya leave?",
        "蘇茨克維什麼時候離開？",
        "苏茨克维什么时候离开？",
        "伊爾亞·蘇茨克維什麼時候離開？",
        "伊尔亚 苏茨克维什么时候离开？",
        "When did Ilia Sutskevar leave?",  # misspelt: the name index's fuzzy match
    ],
)
def test_a_name_in_any_script_or_spelling_is_one_person(index, question):
    parsed = parse(index, question, TODAY)
    assert parsed.people == ("ilya-sutskever",)
    assert parsed.intent == "moves" and "departed" in parsed.predicates


@pytest.mark.parametrize("question", ["Who is the CEO?", "誰是執行長？", "谁是首席执行官？", "who was chief executive"])
def test_roles_come_from_the_vocabulary_in_both_languages(index, question):
    parsed = parse(index, question, TODAY)
    assert parsed.intent == "role" and parsed.role is not None and parsed.role.id == "ceo"


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Who founded OpenAI?", "founders"),
        ("OpenAI 是誰創立的？", "founders"),
        ("OpenAI是谁创立的？", "founders"),
        ("Why did Mira leave?", "why"),
        ("穆拉蒂為什麼離開？", "why"),
        ("穆拉蒂为什么离开？", "why"),
        ("Where did Schulman go?", "where"),
        ("舒爾曼去了哪裡？", "where"),
        ("Who went to Anthropic?", "went_to"),
        ("誰去了 Anthropic？", "went_to"),
        ("What did Altman say?", "said"),
        ("奧特曼說了什麼？", "said"),
        ("Who taught Sutskever?", "taught_by"),
        ("辛頓的學生是誰？", "students"),
        ("How much did Microsoft invest?", "numbers"),
        ("微软投资了多少？", "numbers"),
        ("Which founders are still at OpenAI?", "founders_remain"),
        ("还有哪些创始人留在OpenAI？", "founders_remain"),
        ("What happened on 2023-11-17?", "events"),
        ("2023年11月17日發生了什麼？", "events"),
    ],
)
def test_intents_in_three_languages(index, question, intent):
    assert parse(index, question, TODAY).intent == intent


def test_question_words_are_never_taken_for_names(index):
    # "taught", "return", "fired" are close to the aliases "Tan", "Bret", "Wired"
    for question in ("Who taught Ilya?", "When did Sam return?", "Who was fired in 2023?"):
        parsed = parse(index, question, TODAY)
        assert not set(parsed.entities) & {"garry-tan", "bret-taylor", "wired"}, question


def test_an_unknown_name_is_kept_as_unknown(index):
    parsed = parse(index, "Who founded Foobar Labs?", TODAY)
    assert parsed.orgs == () and parsed.unknown == ("Foobar Labs",)


def test_scanner_takes_the_longest_alias_and_respects_word_and_case_boundaries():
    scanner = MentionScanner.build(
        [("sam", "Sam"), ("sam", "Sam Altman"), ("son", "Son"), ("ilya", "伊爾亞"), ("ilya", "伊爾亞·蘇茨克維")]
    )
    found = scanner.scan("Sam Altman met Son; my son met 伊尔亚·苏茨克维 and Samuel")
    assert [(m.entity_ids, m.text) for m in found] == [
        (("sam",), "Sam Altman"),
        (("son",), "Son"),
        (("ilya",), "伊尔亚·苏茨克维"),
    ]


def test_scanner_does_not_join_names_across_a_comma():
    scanner = MentionScanner.build([("a", "Jan Leike"), ("b", "Jan")])
    assert [m.entity_ids for m in scanner.scan("Jan, Leike")] == [("b",)]


def test_bigram_search_finds_two_character_chinese_words():
    docs = ["格雷格宣布長期休假。", "蘇茨克維宣布離職。", "Sam Altman was fired."]
    search = TextIndex(docs)
    assert [d for d, _, share in search.search("休假") if share == 1.0] == [0]
    assert [d for d, _, share in search.search("离职") if share == 1.0] == [1]  # either script
    assert [d for d, _, _ in search.search("Who was fired?")] == [2]
    assert "离职" in tokens("蘇茨克維宣布離職")
