"""Quiz messages as embed dicts: the question, the reveal, and private feedback."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.domain.model import SourceView
from bot.domain.render import COLOUR, clip, neutralise
from bot.i18n import Lang, t

LETTERS = "ABCD"
REVEAL_COLOUR = 0x5865F2


def option_labels(question: dict, lang: Lang) -> list[str]:
    """Button labels: A-D, or True/False for a true-or-false question."""
    if question["kind"] == "true_false":
        return [neutralise(o)[:80] for o in question["options"]]
    return [LETTERS[i] for i in range(len(question["options"]))]


def _options_text(question: dict) -> str:
    if question["kind"] == "true_false":
        return ""
    return "\n".join(f"**{LETTERS[i]}.** {neutralise(o)}" for i, o in enumerate(question["options"]))


def question_embed(
    question: dict, lang: Lang, *, answers: int, closes_at: datetime | None, practice: bool = False
) -> dict:
    body = [f"**{neutralise(question['question'])}**"]
    options = _options_text(question)
    if options:
        body.append(options)
    footer = t("quiz.answers_so_far", lang, count=answers) if not practice else t("quiz.practice_footer", lang)
    embed = {
        "title": t("quiz.title_practice" if practice else "quiz.title", lang),
        "color": COLOUR,
        "description": clip("\n\n".join(body), 4000),
        "footer": {"text": footer},
    }
    if closes_at is not None and not practice:
        embed["fields"] = [
            {"name": t("quiz.closes", lang), "value": f"<t:{int(closes_at.timestamp())}:R>", "inline": True}
        ]
    return embed


def _sources_line(source_ids: Sequence[str], sources: dict[str, SourceView], lang: Lang) -> str:
    items = [
        f"[{src.number}] {src.publisher}{' ' + src.published if src.published else ''}"
        for src in (sources[s] for s in source_ids if s in sources)
    ]
    return t("sources.footer", lang, sources=" · ".join(items)) if items else ""


def reveal_embed(
    question: dict, lang: Lang, *, counts: Sequence[int], winners: Sequence[int], sources: dict[str, SourceView]
) -> dict:
    right = question["answer_index"]
    total = sum(counts)
    lines = [f"**{neutralise(question['question'])}**", ""]
    for i, option in enumerate(question["options"]):
        mark = "✅" if i == right else "▫️"
        label = LETTERS[i] if question["kind"] != "true_false" else ""
        head = f"{label}. " if label else ""
        lines.append(f"{mark} {head}{neutralise(option)} — {counts[i] if i < len(counts) else 0}")
    lines += ["", f"💡 {neutralise(question['explanation'])}"]
    shown = " ".join(f"<@{u}>" for u in winners[:30])
    more = f" +{len(winners) - 30}" if len(winners) > 30 else ""
    fields = [
        {
            "name": t("quiz.right_answers", lang, right=len(winners), total=total),
            "value": (shown + more) or t("quiz.nobody", lang),
            "inline": False,
        }
    ]
    return {
        "title": t("quiz.title_closed", lang),
        "color": REVEAL_COLOUR,
        "description": clip("\n".join(lines), 4000),
        "fields": fields,
        "footer": {"text": clip(_sources_line(question["sources"], sources, lang), 2048)},
    }


def feedback_text(question: dict, lang: Lang, *, choice: int, correct: bool, sources: dict[str, SourceView]) -> str:
    right = question["answer_index"]
    label = option_labels(question, lang)
    verdict = (
        t("quiz.right", lang)
        if correct
        else t("quiz.wrong", lang, answer=f"{label[right]}. {neutralise(question['options'][right])}")
    )
    source = _sources_line(question["sources"], sources, lang)
    return clip(f"{verdict}\n💡 {neutralise(question['explanation'])}\n-# {source}", 1900)
