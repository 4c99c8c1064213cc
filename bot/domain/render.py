"""Answers as Discord embed dicts (plain JSON), built from fact views. No discord import here:
cogs turn the dicts into discord.Embed, the offline runner prints them as they are."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.domain.model import EntityRef, EntityView, SourceView
from bot.domain.statements import MOVE_PREDICATES, ROLE_PREDICATES, Statement, Statements
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


class Cited(Protocol):
    """Anything an answer line cites: a claim, a statement or one version of a statement."""

    @property
    def source_ids(self) -> tuple[str, ...]: ...


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


def fact_text(fact: Statement, lang: Lang) -> str:
    return neutralise(pick(lang, fact.text_en, fact.text_zh))


def when(fact: Statement) -> str:
    if fact.start and fact.end:
        return f"{fact.start}–{fact.end}"
    return fact.start or ""


@dataclass
class Citations:
    """Collects the sources an answer cites; numbers are the global ones /sources shows."""

    sources: dict[str, SourceView]

    def __post_init__(self) -> None:
        self.used: dict[str, SourceView] = {}

    def mark(self, fact: Cited) -> str:
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


def _tag(fact: Statement, lang: Lang) -> str:
    return f" ⚖️ *{t('disputed.tag', lang)}*" if fact.disputed else ""


def _reported(st: Statement, lang: Lang) -> str:
    """A claim the dataset keeps only as what an article repeats (rank low) says so."""
    return f" *({t('who.reported_only', lang)})*" if st.rank == "low" else ""


def _versions(st: Statement, lang: Lang, cites: Citations) -> str:
    """The other versions of a disputed statement, each with its own date and articles."""
    others = [side for side in st.sides if side is not st.main]
    if not others:
        return ""
    parts = []
    for side in others:
        date = f"**{side.start}** · " if side.start else ""
        text = neutralise(pick(lang, side.text_en, side.text_zh))
        parts.append(f"{date}{text} {cites.mark(side)}")
    return f"\n  ↳ ⚖️ {t('disputed.other_reports', lang)}: " + " | ".join(parts)


def fact_line(fact: Statement, lang: Lang, cites: Citations, *, with_date: bool = True) -> str:
    date = when(fact)
    prefix = f"**{date}** · " if with_date and date else ""
    marks = cites.mark(fact.main) if len(fact.sides) > 1 else cites.mark(fact)
    notes = f"{_tag(fact, lang)}{_reported(fact, lang)}{_versions(fact, lang, cites)}"
    return f"{prefix}{fact_text(fact, lang)} {marks}{notes}"


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


def span(st: Statement, lang: Lang) -> str:
    """A role's dates: "2015 – 2024-05", "since 2022" while it lasts, "until 2024-05" when only the
    end is known, "" when the articles give none."""
    if st.start and st.end:
        return f"{st.start} – {st.end}"
    if st.start:
        return t("who.since", lang, date=st.start)
    return t("who.until", lang, date=st.end) if st.end else ""


def role_line(st: Statement, lang: Lang, cites: Citations) -> str:
    role = neutralise(pick(lang, st.role_en, st.role_zh) or fact_text(st, lang))
    org = neutralise(name(st.object, lang))
    if org and org not in role:
        role = f"{org} {role}" if lang.chinese else f"{role}, {org}"
    dates = span(st, lang)
    tail = f" · {dates}" if dates else ""
    marks = cites.mark(st.main) if len(st.sides) > 1 else cites.mark(st)
    return f"{role}{tail} {marks}{_tag(st, lang)}{_versions(st, lang, cites)}"


def _role_order(st: Statement) -> tuple:
    return (st.start_date is None, st.start_date.sort_key() if st.start_date else "", st.id)


def current_role(statements: Sequence[Statement], subject_id: str) -> tuple[Statement | None, bool]:
    """(role, still held): the ongoing role that started last (seniority breaks ties), or, when every
    role has ended, the one that ended last. Dates decide; a role that ended is not current."""
    roles = [
        s
        for s in statements
        if s.predicate in ROLE_PREDICATES and s.subject.id == subject_id and s.rank != "low" and s.role is not None
    ]
    if not roles:
        return None, False

    def seniority(s: Statement) -> int:
        return s.role.seniority if s.role else 0

    ongoing = [s for s in roles if s.end_date is None and s.start_date is not None]
    if ongoing:
        return max(ongoing, key=lambda s: (s.start_date.sort_key() if s.start_date else "", seniority(s))), True
    ended = [s for s in roles if s.end_date is not None]
    if ended:
        # the year it ended, then the most senior: "left in 2024" and "left 2024-05-15" are one exit
        return max(ended, key=lambda s: (s.end_date.year if s.end_date else 0, seniority(s), s.id)), False
    return max(roles, key=seniority), roles[0].end_date is None and len(roles) == 1


def _card_sections(
    person: EntityView, own: list[Statement], lang: Lang, cites: Citations
) -> tuple[list[tuple[str, list[str]]], set[str]]:
    """Page one: the current or last role, every role with its dates, joins and departures."""
    sections: list[tuple[str, list[str]]] = []
    latest, ongoing = current_role(own, person.ref.id)
    if latest is not None:
        sections.append((t("who.current_role" if ongoing else "who.last_role", lang), [role_line(latest, lang, cites)]))
    roles = sorted((s for s in own if s.predicate in ROLE_PREDICATES and s.rank != "low"), key=_role_order)
    roles = [s for s in roles if s is not latest]
    if roles:
        sections.append((t("who.roles", lang), [role_line(s, lang, cites) for s in roles]))
    moves = [s for s in own if s.predicate in MOVE_PREDICATES and s.rank != "low"]
    if moves:
        sections.append((t("who.moves", lang), [fact_line(s, lang, cites) for s in moves]))
    shown = {s.key for s in roles + moves} | ({latest.key} if latest else set())
    return sections, shown


def _weight(st: Statement) -> tuple:
    """Which of many facts page two keeps: the best reported first, then the most recent."""
    return (-len(st.source_ids), -(st.start_date.year if st.start_date else 0), st.id)


def _budgeted(
    sections: list[tuple[str, list[Statement]]], lang: Lang, cites: Citations, more: str
) -> list[tuple[str, list[str]]]:
    """Sections cut to one page: the most important lines first, then a pointer to the rest."""
    out: list[tuple[str, list[str]]] = []
    used, left = 0, 0
    for title, items in sections:
        lines: list[str] = []
        for st in sorted(items, key=_weight):
            line = clip(fact_line(st, lang, cites), LINE_MAX)
            if used + len(line) + 1 > PAGE_BUDGET - 200 or len(out) + (1 if not lines else 0) > 5:
                left += 1
                continue
            lines.append(line)
            used += len(line) + 1
        if lines:
            out.append((title, sorted(lines, key=lambda ln: ln)))
    if left and out:
        out[-1][1].append(t("who.more", lang, count=left, command=more))
    return out


def render_who(
    person: EntityView,
    statements: Sequence[Statement],
    sources: dict[str, SourceView],
    lang: Lang,
    *,
    index: Statements | None = None,
) -> list[dict]:
    """A card a member reads in ten seconds, then the notable facts and background on page two.
    Each statement appears once."""
    cites = Citations(sources)
    ref = person.ref
    own = [s for s in statements if s.subject.id == ref.id]
    summary = pick(lang, person.summary_en, person.summary_zh)
    intro_parts = [neutralise(summary)] if summary else []
    if person.editorial:
        intro_parts.append(f"*{t('who.editorial', lang, note=neutralise(person.editorial))}*")
    card, shown = _card_sections(person, own, lang, cites)
    rest = [s for s in statements if s.key not in shown]
    later = [
        (t("who.notable", lang), [s for s in rest if s.subject.id == ref.id and s.rank != "low"]),
        (t("who.background", lang), [s for s in rest if s.subject.id != ref.id and s.rank != "low"]),
        (t("who.reported", lang), [s for s in rest if s.rank == "low"]),
    ]
    extra = _budgeted(
        [(title, items) for title, items in later if items], lang, cites, f"/timeline person:{neutralise(ref.name_en)}"
    )
    if not card and not extra:
        intro_parts.append(t("who.no_facts", lang))
    title = both_names(ref, lang)
    intro = "\n".join(intro_parts) or None
    if card:  # the card is page one on its own; the rest follows on page two
        pages = _fill_pages(title, intro, card) + (_fill_pages(title, None, extra) if extra else [])
    else:
        pages = _fill_pages(title, intro, extra)
    return _finish(pages, cites.footer(lang), lang)


def _fill_pages(title: str, intro: str | None, sections: list[tuple[str, list[str]]]) -> list[dict]:
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
    return pages


# ---- /departures -----------------------------------------------------------------------------


def role_at(roles: Sequence[Statement], departure: Statement) -> Statement | None:
    """The role the person held at the organisation when they left: the most senior one that ended
    with this departure, else the last one that started before it."""
    if departure.object is None:
        return None
    mine = [
        r for r in roles if r.subject.id == departure.subject.id and r.object and r.object.id == departure.object.id
    ]
    ended_here = [
        r
        for r in mine
        if r.end_source is departure or (r.end_date and departure.start_date and r.end_date == departure.start_date)
    ]
    if ended_here:
        return max(ended_here, key=lambda r: (r.role.seniority if r.role else 0, r.id))
    key = departure.start_date.last_key() if departure.start_date else "9999"
    before = [r for r in mine if r.start_date is None or r.start_date.sort_key() <= key]
    return max(before, key=lambda r: (r.start_date.sort_key() if r.start_date else "", r.id), default=None)


def departure_line(st: Statement, role: Statement | None, lang: Lang, cites: Citations) -> str:
    who = name(st.subject, lang)
    date = st.start or "—"
    parts = [f"**{date}** · **{neutralise(who)}**"]
    if st.predicate == "leave_of_absence":
        parts.append(f"({t('departures.leave', lang)})")
    elif st.predicate == "dismissed":
        parts.append(f"({t('departures.dismissed', lang)})")
    elif st.role is not None and st.role.kind == "board":
        parts.append(f"({t('departures.board', lang)})")
    role_text = pick(lang, st.role_en, st.role_zh) if st.role else None
    if not role_text and role is not None:
        role_text = pick(lang, role.role_en, role.role_zh)
    if role_text:
        parts.append(f"— {neutralise(role_text)}")
    if st.destination:
        parts.append(f"→ {neutralise(name(st.destination, lang))}")
    marks = cites.mark(st.main) if len(st.sides) > 1 else cites.mark(st)
    line = f"{' '.join(parts)} {marks}{_tag(st, lang)}{_reported(st, lang)}"
    reason = pick(lang, st.reason_en, st.reason_zh)
    if reason:
        line += f"\n  ↳ {t('departures.why', lang)}: {neutralise(reason)}"
    return line + _versions(st, lang, cites)


def render_departures(
    statements: Sequence[Statement],
    roles: Sequence[Statement],
    sources: dict[str, SourceView],
    lang: Lang,
    *,
    title: str,
    page: int = 1,
    pages: int = 1,
) -> dict:
    cites = Citations(sources)
    lines = [departure_line(s, role_at(roles, s), lang, cites) for s in statements]
    if not lines:
        return _embed(title, t("departures.none", lang))
    return list_page(title, lines, cites.footer(lang), lang, page=page, pages=pages)


# ---- /timeline -------------------------------------------------------------------------------


def render_timeline(
    statements: Sequence[Statement],
    sources: dict[str, SourceView],
    lang: Lang,
    *,
    title: str,
    page: int = 1,
    pages: int = 1,
) -> dict:
    cites = Citations(sources)
    lines = [fact_line(s, lang, cites) for s in statements]
    if not lines:
        return _embed(title, t("timeline.none", lang))
    return list_page(title, lines, cites.footer(lang), lang, page=page, pages=pages)
