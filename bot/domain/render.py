"""Answers as Discord embed dicts (plain JSON), built from fact views. No discord import here:
cogs turn the dicts into discord.Embed, the offline runner prints them as they are."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from bot.domain.model import EntityRef, EntityView, FactView, SourceView
from bot.i18n import Lang, pick, t

log = logging.getLogger(__name__)

# Discord's limits (HTTP 400 when broken); we keep a margin under each.
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELD_VALUE_MAX = 1024
FIELD_NAME_MAX = 256
FOOTER_MAX = 2048
EMBED_TOTAL_MAX = 6000
PAGE_BUDGET = 3500  # characters of body per page: readable, and far from the 6000 total
LIST_PAGE_SIZE = 10  # list pages are cut in SQL: 10 lines of at most LINE_MAX stay under PAGE_BUDGET
LINE_MAX = 340
COLOUR = 0x10A37F

ROLE_PREDICATES = {"held_role", "board_member"}
MOVE_PREDICATES = {"founded", "joined", "departed", "returned", "leave_of_absence", "dismissed"}


def neutralise(text: str) -> str:
    """Text from members or facts, made inert: no mention syntax survives, even where pings are off."""
    return (
        text.replace("@", "@\u200b")
        .replace("<#", "<\u200b#")
        .replace("<@", "<\u200b@")
        .replace("<:", "<\u200b:")
        .replace("</", "<\u200b/")
    )


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def name(ref: EntityRef | None, lang: Lang) -> str:
    if ref is None:
        return ""
    return pick(lang, ref.name_en, ref.name_zh) if lang.chinese else ref.name_en


def both_names(ref: EntityRef, lang: Lang) -> str:
    zh = pick(Lang.ZH_CN if lang is Lang.ZH_CN else Lang.ZH_TW, None, ref.name_zh) if ref.name_zh else ""
    return f"{ref.name_en} · {zh}" if zh and zh != ref.name_en else ref.name_en


def fact_text(fact: FactView, lang: Lang) -> str:
    return neutralise(pick(lang, fact.text_en, fact.text_zh))


def when(fact: FactView) -> str:
    if fact.start and fact.end:
        return f"{fact.start}–{fact.end}"
    return fact.start or ""


@dataclass
class Citations:
    """Collects the sources an answer cites; numbers are the global ones /sources shows."""

    sources: dict[str, SourceView]

    def __post_init__(self) -> None:
        self.used: dict[str, SourceView] = {}

    def mark(self, fact: FactView) -> str:
        numbers = []
        for source_id in fact.source_ids:
            src = self.sources.get(source_id)
            if src is not None:
                self.used.setdefault(source_id, src)
                numbers.append(src.number)
        return "".join(f"[{n}]" for n in sorted(numbers))

    def footer(self, lang: Lang) -> str:
        items = [
            f"[{s.number}] {s.publisher}{' ' + s.published if s.published else ''}"
            for s in sorted(self.used.values(), key=lambda s: s.number)
        ]
        return clip(t("sources.footer", lang, sources=" · ".join(items)), FOOTER_MAX) if items else ""


def merge_duplicates(facts: Sequence[FactView]) -> list[FactView]:
    """One line per claim: the same role or move reported by several articles is shown once,
    citing all of them. Disputed facts are never merged (each side keeps its own line)."""
    merged: dict[tuple, FactView] = {}
    out: list[FactView] = []
    for fact in facts:
        if fact.dispute or fact.predicate not in ROLE_PREDICATES | MOVE_PREDICATES:
            out.append(fact)
            continue
        key = (
            fact.predicate,
            fact.subject.id,
            fact.object.id if fact.object else None,
            fact.destination.id if fact.destination else None,
            (fact.role_en or "").casefold(),
            fact.start,
            fact.end,
        )
        first = merged.get(key)
        if first is None:
            merged[key] = fact
            out.append(fact)
        else:
            combined = replace(first, citations=first.citations + fact.citations)
            merged[key] = combined
            out[out.index(first)] = combined
    return out


def _tag(fact: FactView, lang: Lang) -> str:
    return f" ⚖️ *{t('disputed.tag', lang)}*" if fact.dispute else ""


def fact_line(fact: FactView, lang: Lang, cites: Citations, *, with_date: bool = True) -> str:
    date = when(fact)
    prefix = f"**{date}** · " if with_date and date else ""
    return f"{prefix}{fact_text(fact, lang)} {cites.mark(fact)}{_tag(fact, lang)}"


def _chunks(lines: Sequence[str], limit: int) -> list[str]:
    """Join lines into blocks of at most `limit` characters; a single over-long line is clipped."""
    blocks: list[str] = []
    current = ""
    for line in lines:
        line = clip(line, limit)
        if current and len(current) + 1 + len(line) > limit:
            blocks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        blocks.append(current)
    return blocks


def _set_footer(embed: dict, footer: str, lang: Lang, page: int, pages: int) -> dict:
    parts = [footer] if footer else []
    if pages > 1:
        parts.append(t("page.footer", lang, page=page, pages=pages))
    if parts:
        embed["footer"] = {"text": clip(" — ".join(parts), FOOTER_MAX)}
    return embed


def _finish(pages: list[dict], footer: str, lang: Lang) -> list[dict]:
    """Page numbers and the sources footer on every page."""
    return [_set_footer(page, footer, lang, n, len(pages)) for n, page in enumerate(pages, start=1)]


def _embed(title: str, description: str | None = None) -> dict:
    embed: dict = {"title": clip(title, TITLE_MAX), "color": COLOUR}
    if description:
        embed["description"] = clip(description, DESCRIPTION_MAX)
    return embed


def list_page(title: str, lines: Sequence[str], footer: str, lang: Lang, *, page: int, pages: int) -> dict:
    """One page of a list the database already cut to LIST_PAGE_SIZE lines (page is 1-based)."""
    body = "\n".join(clip(line, LINE_MAX) for line in lines)
    return _set_footer(_embed(title, body), footer, lang, page, pages)


# ---- /who ------------------------------------------------------------------------------------


def _role_line(fact: FactView, lang: Lang, cites: Citations) -> str:
    role = pick(lang, fact.role_en, fact.role_zh) or fact_text(fact, lang)
    org = name(fact.object, lang)
    date = when(fact)
    head = f"**{date}** · " if date else ""
    where = f", {org}" if org and org not in role else ""
    return f"{head}{neutralise(role)}{where} {cites.mark(fact)}{_tag(fact, lang)}"


def current_role(facts: Iterable[FactView], subject_id: str) -> FactView | None:
    """The role with the latest start (undated roles count as earliest)."""
    roles = [f for f in facts if f.predicate == "held_role" and f.subject.id == subject_id and not f.dispute]
    if not roles:
        return None
    return max(roles, key=lambda f: (f.start_date.sort_key() if f.start_date else "", f.id))


def render_who(person: EntityView, facts: Sequence[FactView], sources: dict[str, SourceView], lang: Lang) -> list[dict]:
    cites = Citations(sources)
    ref = person.ref
    facts = merge_duplicates(facts)
    own = [f for f in facts if f.subject.id == ref.id]
    others = [f for f in facts if f.subject.id != ref.id]
    summary = pick(lang, person.summary_en, person.summary_zh)
    intro_parts = [neutralise(summary)] if summary else []
    if person.editorial:
        intro_parts.append(f"*{t('who.editorial', lang, note=neutralise(person.editorial))}*")

    sections: list[tuple[str, list[str]]] = []
    latest = current_role(own, ref.id)
    if latest is not None:
        sections.append((t("who.current_role", lang), [_role_line(latest, lang, cites)]))
    undisputed = [f for f in own if not f.dispute]
    roles = [_role_line(f, lang, cites) for f in undisputed if f.predicate in ROLE_PREDICATES]
    moves = [fact_line(f, lang, cites) for f in undisputed if f.predicate in MOVE_PREDICATES]
    notable = [fact_line(f, lang, cites) for f in undisputed if f.predicate not in ROLE_PREDICATES | MOVE_PREDICATES]
    notable += [fact_line(f, lang, cites) for f in others if not f.dispute]
    disputed: dict[str, list[FactView]] = {}
    for f in facts:
        if f.dispute:
            disputed.setdefault(f.dispute, []).append(f)
    for title, lines in (
        (t("who.roles", lang), roles),
        (t("who.moves", lang), moves),
        (t("who.notable", lang), notable),
    ):
        if lines:
            sections.append((title, lines))
    for _key, claims in disputed.items():
        sections.append((f"⚖️ {t('who.disputed', lang)}", [fact_line(f, lang, cites) for f in claims]))
    if not sections:
        intro_parts.append(t("who.no_facts", lang))

    title = both_names(ref, lang)
    intro = "\n".join(intro_parts) or None
    pages: list[dict] = []
    page = _embed(title, intro)
    size = len(intro or "")
    for section_title, lines in sections:
        for n, block in enumerate(_chunks(lines, FIELD_VALUE_MAX)):
            field_name = clip(section_title if n == 0 else f"{section_title} (…)", FIELD_NAME_MAX)
            fields = page.setdefault("fields", [])
            if fields and (size + len(block) + len(field_name) > PAGE_BUDGET or len(fields) >= 6):
                pages.append(page)
                page = _embed(title)
                size = 0
                fields = page.setdefault("fields", [])
            fields.append({"name": field_name, "value": block, "inline": False})
            size += len(block) + len(field_name)
    pages.append(page)
    return _finish(pages, cites.footer(lang), lang)


# ---- /departures -----------------------------------------------------------------------------


def departure_line(fact: FactView, role: FactView | None, lang: Lang, cites: Citations) -> str:
    who = name(fact.subject, lang)
    date = fact.start or "—"
    parts = [f"**{date}** · **{neutralise(who)}**"]
    if fact.predicate == "leave_of_absence":
        parts.append(f"({t('departures.leave', lang)})")
    elif fact.predicate == "dismissed":
        parts.append(f"({t('departures.dismissed', lang)})")
    role_text = pick(lang, role.role_en, role.role_zh) if role else pick(lang, fact.role_en, fact.role_zh)
    if role_text:
        parts.append(f"— {neutralise(role_text)}")
    if fact.destination:
        parts.append(f"→ {neutralise(name(fact.destination, lang))}")
    reason = pick(lang, fact.reason_en, fact.reason_zh)
    line = " ".join(parts)
    if reason:
        line += f"\n  ↳ {t('departures.why', lang)}: {neutralise(reason)}"
    return f"{line} {cites.mark(fact)}{_tag(fact, lang)}"


def role_at(roles: Sequence[FactView], fact: FactView) -> FactView | None:
    """The person's OpenAI role that started last before (or at) the departure."""
    key = fact.start_date.last_key() if fact.start_date else "9999"
    candidates = [
        r
        for r in roles
        if r.subject.id == fact.subject.id
        and r.object
        and fact.object
        and r.object.id == fact.object.id
        and (r.start_date is None or r.start_date.sort_key() <= key)
    ]
    return max(candidates, key=lambda r: (r.start_date.sort_key() if r.start_date else "", r.id), default=None)


def render_departures(
    facts: Sequence[FactView],
    roles: Sequence[FactView],
    sources: dict[str, SourceView],
    lang: Lang,
    *,
    title: str,
    page: int = 1,
    pages: int = 1,
) -> dict:
    cites = Citations(sources)
    lines = [departure_line(f, role_at(roles, f), lang, cites) for f in merge_duplicates(facts)]
    if not lines:
        return _embed(title, t("departures.none", lang))
    return list_page(title, lines, cites.footer(lang), lang, page=page, pages=pages)


# ---- /timeline -------------------------------------------------------------------------------


def render_timeline(
    facts: Sequence[FactView], sources: dict[str, SourceView], lang: Lang, *, title: str, page: int = 1, pages: int = 1
) -> dict:
    cites = Citations(sources)
    lines = [fact_line(f, lang, cites) for f in facts]
    if not lines:
        return _embed(title, t("timeline.none", lang))
    return list_page(title, lines, cites.footer(lang), lang, page=page, pages=pages)
