"""The question set: questions members ask in three languages, answered from the shipped data.

Accuracy is reported in the test summary; the set must pass at 95% or better. Every answer is also
rendered as the member sees it, in the question's language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.domain.ask import answer, parse
from bot.domain.script import to_simplified
from bot.i18n import Lang
from bot.services.ask import ask
from tests.ask.conftest import TODAY

QUESTIONS = yaml.safe_load((Path(__file__).parent / "questions.yaml").read_text(encoding="utf-8"))["questions"]
TARGET = 0.95
REPORT: dict[str, object] = {}


def _shown_dates(result) -> set[str]:
    out = set()
    for st in result.statements:
        out |= {d for d in (st.start, st.end) if d}
        out |= {d for side in st.sides for d in (side.start, side.end) if d}
    return out


def check(index, item: dict) -> str | None:
    """None when the answer is right, else what is wrong with it."""
    result = answer(index, parse(index, item["q"], TODAY))
    if item["expect"] in ("unknown", "ambiguous"):
        said = {"unknown": lambda u: u not in (None, "ask.ambiguous"), "ambiguous": lambda u: u == "ask.ambiguous"}
        if said[item["expect"]](result.unknown):
            return None
        return f"answered {[s.key for s in result.statements] or result.unknown} instead of {item['expect']}"
    if not result.answered:
        return f"said unknown ({result.unknown})"
    shown = {st.subject.id for st in result.statements} | {p for p, status, _ in result.founders if status != "left"}
    missing = set(item["expect"]) - shown
    wrong = set(item.get("not", ())) & shown
    dates = {str(d) for d in item.get("dates", ())} - _shown_dates(result)
    problems = [
        f"missing {sorted(missing)}" if missing else "",
        f"wrongly includes {sorted(wrong)}" if wrong else "",
        f"missing dates {sorted(dates)}" if dates else "",
    ]
    return "; ".join(p for p in problems if p) or None


def test_the_question_set_is_big_enough_and_in_three_languages():
    locales = {item["locale"] for item in QUESTIONS}
    assert len(QUESTIONS) >= 60 and locales == {"en", "zh-TW", "zh-CN"}
    assert sum(item["expect"] == "unknown" for item in QUESTIONS) >= 8


def test_question_set_accuracy(index):
    failures = {item["q"]: problem for item in QUESTIONS if (problem := check(index, item))}
    accuracy = 1 - len(failures) / len(QUESTIONS)
    REPORT.update(accuracy=accuracy, total=len(QUESTIONS), failures=failures)
    assert accuracy >= TARGET, f"accuracy {accuracy:.1%} < {TARGET:.0%}: {failures}"


@pytest.mark.parametrize("item", QUESTIONS, ids=[f"{i:02d}-{q['locale']}" for i, q in enumerate(QUESTIONS)])
def test_every_answer_renders_in_the_askers_language(seeded_store, item):
    lang = Lang.from_locale(item["locale"])
    reply = ask(seeded_store, item["q"], lang, TODAY)
    text = reply.content or "\n".join(
        str(v) for page in reply.pages for v in (page.get("title"), page.get("description"), page.get("footer"))
    )
    if item["expect"] in ("unknown", "ambiguous"):
        assert not reply.pages and reply.ephemeral
        phrases = {
            "unknown": {"en": "not in what I know", "zh-TW": "我知道的內容裡沒有", "zh-CN": "我知道的内容里没有"},
            "ambiguous": {"en": "could be several people", "zh-TW": "可能指好幾位", "zh-CN": "可能指好几位"},
        }
        assert phrases[item["expect"]][item["locale"]] in text
        if lang is Lang.ZH_CN:
            assert to_simplified(text) == text
        return
    page = reply.pages[0]
    assert len(page["description"]) <= 4096 and len(page["title"]) <= 256
    assert (
        sum(len(str(v)) for v in (page["title"], page["description"], page.get("footer", {}).get("text", ""))) <= 6000
    )
    assert re.search(r"\[\d\]", page["description"]), "every answer cites its articles"
    if lang is Lang.ZH_CN:
        assert to_simplified(text) == text, "no Traditional characters in a Simplified answer"
    assert "@everyone" not in text
