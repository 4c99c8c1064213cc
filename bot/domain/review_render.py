"""The review queue as Discord embeds: each pending item with what it would change."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from bot.domain.render import clip, neutralise
from bot.i18n import Lang, pick, t

log = logging.getLogger(__name__)

SHOWN = 5  # items per /review answer: each has an approve and a reject button (5 rows at most)


class Item(Protocol):
    id: int
    kind: str
    statement_key: str | None
    payload: dict
    suggester: str
    source_id: str | None


def item_lines(item: Item, current: str | None, source_label: str | None, lang: Lang) -> str:
    """What the item proposes, set against the statement as it reads now (the diff a moderator decides on)."""
    p = item.payload
    proposed = pick(lang, p.get("text_en"), p.get("text_zh")) or p.get("should_say") or ""
    lines = []
    if item.statement_key:
        lines.append("− " + t("review.current", lang, current=clip(neutralise(current or item.statement_key), 300)))
    else:
        lines.append("− " + t("review.new", lang))
    lines.append("+ " + t("review.proposed", lang, text=clip(neutralise(proposed), 300)))
    if p.get("line") is not None and source_label:
        anchor = neutralise(str(p.get("anchor") or ""))
        lines.append(t("review.cited", lang, source=source_label, line=p["line"], anchor=anchor))
    if p.get("confidence") is not None:
        lines.append(f"confidence {p['confidence']:.2f}")
    if item.kind == "suggestion":
        lines.append(t("review.wrong", lang, text=clip(neutralise(p.get("wrong") or ""), 300)))
        lines.append(t("review.source_url", lang, url=clip(neutralise(p.get("url") or ""), 300)))
    return clip("\n".join(lines), 1024)


def _decision(item: Any, lang: Lang) -> str:
    status = t(f"review.status.{item.status}", lang)
    who = neutralise(item.decided_by or "?")
    if item.reason:
        return t("review.decision_reason", lang, status=status, who=who, reason=clip(neutralise(item.reason), 300))
    line = t("review.decision", lang, status=status, who=who)
    return line + (f" → #{item.fact_id}" if item.fact_id else "")


def history_embed(
    items: Sequence[Any],
    total: int,
    status: str,
    current: Mapping[int, str | None],
    sources: Mapping[str, str],
    lang: Lang,
) -> dict[str, Any]:
    """Decided items, newest first: what was proposed, and who decided it and why."""
    label = t(f"review.status.{status}", lang)
    if not items:
        return {
            "title": t("review.history_title", lang, count=0, status=label),
            "description": t("review.history_empty", lang, status=label),
        }
    fields = []
    for item in items[:SHOWN]:
        kind = t(f"review.kind.{item.kind}", lang)
        value = (
            _decision(item, lang)
            + "\n"
            + item_lines(item, current.get(item.id), sources.get(item.source_id or ""), lang)
        )
        fields.append(
            {
                "name": clip(t("review.item", lang, id=item.id, kind=kind, who=neutralise(item.suggester)), 256),
                "value": clip(value, 1024),
                "inline": False,
            }
        )
    return {"title": t("review.history_title", lang, count=total, status=label), "fields": fields}


def queue_embed(
    items: Sequence[Item],
    total: int,
    current: Mapping[int, str | None],
    sources: Mapping[str, str],
    lang: Lang,
) -> dict[str, Any]:
    if not items:
        return {"title": t("review.title", lang, count=0), "description": t("review.empty", lang)}
    fields = []
    for item in items[:SHOWN]:
        kind = t(f"review.kind.{item.kind}", lang)
        fields.append(
            {
                "name": clip(t("review.item", lang, id=item.id, kind=kind, who=neutralise(item.suggester)), 256),
                "value": item_lines(item, current.get(item.id), sources.get(item.source_id or ""), lang),
                "inline": False,
            }
        )
    return {"title": t("review.title", lang, count=total), "fields": fields}
