"""/sources, /about and /help as embed dicts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.domain.model import SourceView
from bot.domain.render import COLOUR, clip, neutralise
from bot.i18n import Lang, pick, t


def sources_embed(sources: Sequence[SourceView], fact_counts: dict[str, int], lang: Lang) -> dict:
    rows = []
    for s in sources:
        title = pick(lang, s.title_en, s.title_zh)
        script = t(f"sources.{s.script}", lang) if s.script in ("traditional", "simplified") else s.script
        row = t(
            "sources.row",
            lang,
            number=s.number,
            title=neutralise(title),
            publisher=neutralise(s.publisher),
            date=s.published or "—",
            script=script,
            facts=fact_counts.get(s.id, 0),
        )
        rows.append(row + (f"\n<{s.url}>" if s.url else ""))
    return {
        "title": t("sources.title", lang),
        "color": COLOUR,
        "description": clip(t("sources.intro", lang) + "\n\n" + "\n\n".join(rows), 4000),
    }


def _duration(seconds: float) -> str:
    minutes, _ = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    return f"{days}d {hours}h {minutes}m" if days else f"{hours}h {minutes}m"


def about_embed(counts: dict, lang: Lang, *, version: str, uptime_s: float, latency_s: float | None) -> dict:
    last = counts.get("last_change")
    when = f"<t:{int(last.timestamp())}:R>" if isinstance(last, datetime) else "—"
    latency = f"{latency_s * 1000:.0f} ms" if latency_s is not None else "—"
    return {
        "title": t("about.title", lang),
        "color": COLOUR,
        "description": t("about.body", lang),
        "fields": [
            {
                "name": t("about.knows", lang),
                "value": t(
                    "about.counts",
                    lang,
                    **{k: counts[k] for k in ("people", "orgs", "facts", "events", "sources", "aliases")},
                ),
                "inline": False,
            },
            {"name": t("about.last_change", lang), "value": when, "inline": True},
            {"name": t("about.version", lang), "value": version, "inline": True},
            {"name": t("about.uptime", lang), "value": _duration(uptime_s), "inline": True},
            {"name": t("about.latency", lang), "value": latency, "inline": True},
        ],
    }


def help_embed(lang: Lang) -> dict:
    sections = ("lookups", "charts", "quiz", "suggest", "moderators")
    return {
        "title": t("help.title", lang),
        "color": COLOUR,
        "description": t("help.intro", lang) + "\n" + t("help.about", lang),
        "fields": [
            {"name": t(f"help.{s}", lang), "value": t(f"help.{s}_body", lang), "inline": False} for s in sections
        ],
    }
