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
    return clip("\n".join(lines), 1024)


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
