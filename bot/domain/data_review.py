"""Checks `data check` runs on a loaded dataset beyond its schema: how claims group into statements,
and whether Chinese text writes each person one way.

These are review findings for curators (a valid file can still group badly), so seeding does not
run them; `data check` fails on any.
"""

from __future__ import annotations

import logging
import re
from collections import Counter

from bot.domain.dataset import Dataset, Problem, role_vocabulary
from bot.domain.model import CitationView, EntityRef, FactView
from bot.domain.statements import grouping_report

log = logging.getLogger(__name__)

_CJK = re.compile(r"[\u3400-\u9fff]")
_KEYS = re.compile(r"\b[a-z]\d{3}-\d{3}\b")


def claim_views(ds: Dataset) -> list[FactView]:
    """The dataset's facts as the plain views the statement layer reads."""
    refs = {e.id: EntityRef(e.id, e.name_en, e.name_zh, e.kind.value) for e in ds.entities}
    views = []
    for n, f in enumerate(ds.facts, start=1):
        views.append(
            FactView(
                id=n,
                key=f.key,
                predicate=f.predicate.value,
                subject=refs[f.subject],
                object=refs.get(f.object) if f.object else None,
                destination=refs.get(f.destination) if f.destination else None,
                value=f.value,
                role_en=f.role_en,
                role_zh=f.role_zh,
                start=f.start,
                end=f.end,
                reason_en=f.reason_en,
                reason_zh=f.reason_zh,
                text_en=f.text_en,
                text_zh=f.text_zh,
                rank=f.rank.value,
                dispute=f.dispute,
                date_note=f.date_note,
                editorial=f.editorial,
                status=f.status.value,
                version=1,
                citations=tuple(CitationView(c.source, c.line, c.anchor, c.locator) for c in f.citations),
                statement=f.statement,
            )
        )
    return views


def grouping_problems(ds: Dataset) -> list[Problem]:
    files = ds.fact_files
    out = []
    for message in grouping_report(claim_views(ds), role_vocabulary(ds.roles)):
        key = next(iter(_KEYS.findall(message)), "-")
        out.append(Problem(files.get(key, "facts"), key, "statement", message))
    return out


def _name_forms(ds: Dataset) -> dict[str, tuple[set[str], set[str]]]:
    """Per person: (the canonical Chinese forms: full name and its parts, other Chinese spellings)."""
    owners: Counter[str] = Counter()
    for e in ds.entities:
        for name in {n for n in (e.name_zh, *e.aliases) if n}:
            owners[name] += 1
    canonical_anywhere = set()
    for e in ds.entities:
        if e.name_zh:
            canonical_anywhere |= {e.name_zh, *e.name_zh.split("·")}
    forms = {}
    for e in ds.entities:
        if e.kind.value != "person" or not e.name_zh or "·" not in e.name_zh:
            continue
        canonical = {e.name_zh, *(p for p in e.name_zh.split("·") if len(p) >= 2)}
        variants = set()
        for alias in e.aliases:
            if not _CJK.search(alias) or owners[alias] > 1 or alias in canonical_anywhere:
                continue
            for part in {alias, *alias.split("·")}:
                if (
                    len(part) >= 2
                    and _CJK.search(part)
                    and not any(part in c for c in canonical)
                    and part not in canonical_anywhere
                ):
                    variants.add(part)
        forms[e.id] = (canonical, variants)
    return forms


def name_problems(ds: Dataset) -> list[Problem]:
    """Chinese text that writes a person another way than their entity's name_zh."""
    out = []
    forms = _name_forms(ds)
    names = {e.id: e.name_zh for e in ds.entities}

    def scan(file: str, entry: str, field: str, text: str | None) -> None:
        if not text or not _CJK.search(text):
            return
        for entity_id, (canonical, variants) in forms.items():
            rest = text
            for form in sorted(canonical, key=len, reverse=True):
                rest = rest.replace(form, "\0")
            for variant in sorted(variants, key=len, reverse=True):
                if variant in rest:
                    out.append(
                        Problem(
                            file,
                            entry,
                            field,
                            f"writes {variant!r} for {names[entity_id]}; use the entity's Chinese name",
                        )
                    )
                    rest = rest.replace(variant, "\0")

    for f in ds.facts:
        for field in ("text_zh", "reason_zh", "role_zh"):
            scan(ds.fact_files[f.key], f.key, field, getattr(f, field))
    for e in ds.entities:
        scan("entities.yaml", e.id, "summary_zh", e.summary_zh)
    return out


def review(ds: Dataset) -> list[Problem]:
    return grouping_problems(ds) + name_problems(ds)
