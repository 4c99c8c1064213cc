"""/ask answers and the "people in this message" cards as embed dicts (no discord import)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from bot.domain.ask import Result
from bot.domain.model import EntityRef, SourceView
from bot.domain.render import (
    COLOUR,
    DESCRIPTION_MAX,
    LINE_MAX,
    PAGE_BUDGET,
    TITLE_MAX,
    Citations,
    Statement,
    clip,
    current_role,
    departure_line,
    fact_line,
    name,
    neutralise,
    role_at,
    role_line,
)
from bot.domain.statements import DEPARTURE_PREDICATES, ROLE_PREDICATES, Statements
from bot.i18n import Lang, pick, t

log = logging.getLogger(__name__)

ENTITY_KEYS = ("name", "org")


def _values(values: dict, refs: dict[str, EntityRef], lang: Lang) -> dict:
    out = {}
    for key, value in values.items():
        if key in ENTITY_KEYS and value in refs:
            value = name(refs[value], lang)
        out[key] = neutralise(str(value))
    if "role_zh" in values and lang.chinese:
        out["role"] = pick(lang, None, values["role_zh"])
    return out


def unknown_text(result: Result, refs: dict[str, EntityRef], lang: Lang) -> str:
    """The plain "not in what I know", why, and the closest command to try."""
    text = t(result.unknown or "ask.unknown", lang, **_values(result.unknown_values, refs, lang))
    if result.suggest:
        text += "\n" + t("ask.suggest", lang, command=f"`{neutralise(result.suggest)}`")
    return text


def _counterparts(st: Statement, shown: set[int], index: Statements, lang: Lang, cites: Citations) -> str:
    """Statements elsewhere that contradict this one (a shared dispute key), side by side."""
    others = [o for o in index.counterparts(st) if id(o) not in shown]
    if not others:
        return ""
    parts = [
        f"{'**' + o.start + '** · ' if o.start else ''}{neutralise(pick(lang, o.text_en, o.text_zh))} {cites.mark(o)}"
        for o in others[:3]
    ]
    return f"\n  ↳ ⚖️ {t('disputed.other_reports', lang)}: " + " | ".join(parts)


def _line(result: Result, st: Statement, index: Statements, lang: Lang, cites: Citations) -> str:
    if result.style == "departure" and st.predicate in DEPARTURE_PREDICATES:
        roles = [s for s in index.about(st.subject.id) if s.predicate in ROLE_PREDICATES]
        return departure_line(st, role_at(roles, st), lang, cites)
    if result.style == "role":
        line = role_line(st, lang, cites)
        if result.question.intent == "role" and not result.question.people:
            line = f"**{neutralise(name(st.subject, lang))}** · {line}"
        return line
    return fact_line(st, lang, cites)


def _founder_lines(result: Result, refs: dict[str, EntityRef], lang: Lang, cites: Citations) -> list[str]:
    lines = []
    order = {"there": 0, "on_leave": 1, "left": 2}
    for person, status, evidence in sorted(result.founders, key=lambda f: order.get(f[1], 3)):
        who = neutralise(name(refs[person], lang)) if person in refs else person
        mark = "✅" if status == "there" else ("⏸️" if status == "on_leave" else "↩️")
        returned = status == "there" and evidence is not None and evidence.predicate == "returned"
        key = "ask.founder.returned" if returned else "ask.founder." + status
        date = None
        if evidence is not None and (status != "there" or returned):
            date = evidence.end if evidence.predicate in ROLE_PREDICATES and status == "left" else evidence.start
        label = t(key, lang, date=date or "")
        if date and not returned:
            label += f"（{date}）" if lang.chinese else f" ({date})"
        line = f"{mark} **{who}** — {label}"
        if evidence is not None:
            line += f" {cites.mark(evidence)}"
        lines.append(line)
    return lines


def render_answer(
    result: Result, index: Statements, refs: dict[str, EntityRef], sources: dict[str, SourceView], lang: Lang
) -> dict:
    """One embed: the question, a heading saying what the rows are, the rows with their citations
    (disputes side by side), and a pointer to the command listing everything when rows were cut."""
    cites = Citations(sources)
    key, values = result.heading or ("ask.h.search", {})
    lines: list[str] = [f"**{t(key, lang, **_values(values, refs, lang))}**"]
    if result.style == "founders":
        lines += _founder_lines(result, refs, lang, cites)
    shown = {id(st) for st in result.statements}
    used = sum(len(line) + 1 for line in lines)
    for st in result.statements:
        line = clip(_line(result, st, index, lang, cites) + _counterparts(st, shown, index, lang, cites), LINE_MAX * 2)
        if used + len(line) + 1 > PAGE_BUDGET:
            break
        lines.append(line)
        used += len(line) + 1
    left = result.total - len(result.statements) if result.style != "founders" else 0
    if left > 0 and result.more:
        lines.append(t("who.more", lang, count=left, command=f"`{neutralise(result.more)}`"))
    elif result.more and result.style == "fact" and result.question.intent == "person":
        lines.append(t("ask.see_also", lang, command=f"`{neutralise(result.more)}`"))
    embed: dict = {
        "title": clip(f"❓ {neutralise(result.question.text)}", TITLE_MAX),
        "color": COLOUR,
        "description": clip("\n".join(lines), DESCRIPTION_MAX),
    }
    footer = cites.footer(lang)
    if footer:
        embed["footer"] = {"text": footer}
    return embed


# ---- "Look up people in this message" -----------------------------------------------------------


def person_card(ref: EntityRef, own: Sequence[Statement], summary: str | None, lang: Lang, cites: Citations) -> str:
    """One line: the name, and the current (or last) role with its dates, or the summary."""
    who = f"**{neutralise(name(ref, lang))}**"
    role, ongoing = current_role(own, ref.id)
    if role is not None:
        label = t("who.current_role" if ongoing else "who.last_role", lang)
        colon = "：" if lang.chinese else ": "
        return clip(f"{who} — {label}{colon}{role_line(role, lang, cites)}", LINE_MAX)
    return clip(f"{who} — {neutralise(summary)}" if summary else who, LINE_MAX)


def render_people(cards: list[str], total: int, cites: Citations, lang: Lang) -> dict:
    body = "\n".join(cards)
    if total > len(cards):
        body += "\n" + t("lookup.more", lang, count=total - len(cards))
    embed: dict = {"title": t("lookup.title", lang), "color": COLOUR, "description": clip(body, DESCRIPTION_MAX)}
    footer = cites.footer(lang)
    if footer:
        embed["footer"] = {"text": footer}
    return embed
