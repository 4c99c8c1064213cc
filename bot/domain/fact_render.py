"""Moderator views of one fact: its card, its history, and the log-channel announcement."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from bot.domain.dates import format_span
from bot.domain.model import FactView, SourceView
from bot.domain.render import COLOUR, Citations, clip, fact_text, name, neutralise
from bot.i18n import Lang, pick, t

RETRACTED_COLOUR = 0x95A5A6


def fact_card(fact: FactView, sources: dict[str, SourceView], lang: Lang) -> dict:
    cites = Citations(sources)
    marks = cites.mark(fact)
    lines = [f"{fact_text(fact, lang)} {marks}"]
    details = [
        f"**{t('facts.show_kind', lang)}:** `{fact.predicate}` · {neutralise(name(fact.subject, lang))}"
        + (f" → {neutralise(name(fact.object, lang))}" if fact.object else "")
    ]
    span = format_span(fact.start, fact.end)
    if span:
        details.append(f"📅 {span}")
    role = pick(lang, fact.role_en, fact.role_zh) or fact.value
    if role:
        details.append(f"🏷️ {neutralise(role)}")
    if fact.destination:
        details.append(f"➡️ {neutralise(name(fact.destination, lang))}")
    if fact.dispute:
        details.append(f"⚖️ {t('disputed.tag', lang)}: `{fact.dispute}`")
    source_lines = []
    for c in fact.citations:
        src = sources.get(c.source_id)
        where = f"line {c.line}" if c.line else neutralise(c.locator or "")
        label = f"[{src.number}] {src.publisher} {src.published or ''}".strip() if src else c.source_id
        link = f" <{src.url}>" if src and src.url else ""
        source_lines.append(f"{label} — {where}{link}")
    return {
        "title": clip(f"#{fact.id} · {name(fact.subject, lang)}", 256),
        "color": RETRACTED_COLOUR if fact.status == "retracted" else COLOUR,
        "description": clip("\n".join(lines + [""] + details), 4000),
        "fields": [
            {"name": t("facts.show_status", lang), "value": fact.status, "inline": True},
            {"name": t("facts.show_version", lang), "value": str(fact.version), "inline": True},
            {
                "name": t("facts.show_sources", lang),
                "value": clip("\n".join(source_lines) or "—", 1024),
                "inline": False,
            },
        ],
    }


def history_embed(fact_id: int, revisions: Sequence[dict], lang: Lang) -> dict:
    """revisions: dicts with version, action, actor, at (datetime), reason, changed (list of fields)."""
    lines = []
    for rev in reversed(revisions[-15:]):
        actor = f"<@{rev['actor']}>" if str(rev["actor"]).isdigit() else neutralise(str(rev["actor"]))
        when = f"<t:{int(rev['at'].timestamp())}:f>" if isinstance(rev["at"], datetime) else str(rev["at"])
        lines.append(t("facts.history_row", lang, version=rev["version"], action=rev["action"], actor=actor, when=when))
        if rev.get("reason"):
            lines.append(f"  ↳ {neutralise(rev['reason'])[:300]}")
        if rev.get("changed"):
            lines.append(f"  ↳ {t('facts.history_changed', lang, fields=', '.join(rev['changed']))}")
    return {
        "title": t("facts.history_title", lang, id=fact_id),
        "color": COLOUR,
        "description": clip("\n".join(lines), 4000),
    }


def log_embed(fact: FactView, action: str, actor_id: int, reason: str | None, lang: Lang) -> dict:
    return {
        "title": t("facts.log_title", lang, id=fact.id, action=action),
        "color": RETRACTED_COLOUR if fact.status == "retracted" else COLOUR,
        "description": clip(f"{fact_text(fact, lang)}\n\n{t('facts.log_history', lang, id=fact.id)}", 4000),
        "fields": [
            {"name": t("facts.log_by", lang), "value": f"<@{actor_id}>", "inline": True},
            {"name": t("facts.log_reason", lang), "value": clip(neutralise(reason or "—"), 1024), "inline": True},
        ],
    }


def snapshot_diff(before: str | None, after: str) -> list[str]:
    if not before:
        return []
    old, new = json.loads(before), json.loads(after)
    return [k for k in new if old.get(k) != new.get(k)]
