"""Write the store back in the data/ format: moderators' changes included, so edits can be
reviewed in version control and another instance seeded from them without loss."""

from __future__ import annotations

import logging
import shutil
from collections import defaultdict
from pathlib import Path

import yaml
from sqlmodel import col, select

from bot.services.statements import dataset_dir
from db.edits import citations_of
from db.models import Alias, Entity, Fact, Source, SourceText, row_id
from db.queries import SNAPSHOT_FIELDS
from db.store import Store

log = logging.getLogger(__name__)

# The fields a revision records are the fields a fact file holds (the key is written first).
FACT_FIELDS = tuple(name for name in SNAPSHOT_FIELDS if name != "key")
RENAMED = {"subject_id": "subject", "object_id": "object", "destination_id": "destination"}


def _dump(path: Path, top: str, rows: list[dict], header: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        out.write(header)
        yaml.safe_dump({top: rows}, out, allow_unicode=True, sort_keys=False, width=110)


def _compact(row: dict) -> dict:
    return {k: v for k, v in row.items() if v is not None and v != []}


def export(store: Store, target: Path) -> dict[str, int]:
    with store.session() as session:
        sources = list(session.exec(select(Source).order_by(Source.id)))
        texts = {row.source_id: row.text for row in session.exec(select(SourceText))}
        entities = list(session.exec(select(Entity).order_by(col(Entity.kind).desc(), col(Entity.id))))
        aliases = defaultdict(list)
        for alias in session.exec(select(Alias).where(Alias.active == True).order_by(col(Alias.id))):  # noqa: E712
            aliases[alias.entity_id].append(alias.text)
        facts = list(session.exec(select(Fact).order_by(col(Fact.id))))
        citations = {f.id: citations_of(session, row_id(f)) for f in facts}
    # Sources added through Almanac travel with their text, so their citations can be checked.
    for source_id, text in texts.items():
        (target / "articles").mkdir(parents=True, exist_ok=True)
        (target / "articles" / f"{source_id}.txt").write_text(text + "\n", encoding="utf-8")
    _dump(
        target / "sources.yaml",
        "sources",
        [
            _compact(
                {
                    "id": s.id,
                    "file": s.file,
                    "title_en": s.title_en,
                    "title_zh": s.title_zh,
                    "publisher": s.publisher,
                    "published": s.published,
                    "script": s.script,
                    "url": s.url,
                }
            )
            for s in sources
        ],
        "# Exported from the fact store.\n",
    )
    entity_rows = []
    for e in entities:
        names = {e.name_en, e.name_zh}
        entity_rows.append(
            _compact(
                {
                    "id": e.id,
                    "kind": e.kind,
                    "name_en": e.name_en,
                    "name_zh": e.name_zh,
                    "summary_en": e.summary_en,
                    "summary_zh": e.summary_zh,
                    "aliases": [a for a in dict.fromkeys(aliases[e.id]) if a not in names],
                    "editorial": e.editorial,
                }
            )
        )
    _dump(target / "entities.yaml", "entities", entity_rows, "# Exported from the fact store.\n")
    by_source: dict[str, list[dict]] = defaultdict(list)
    for fact in facts:
        cites = citations[fact.id]
        row = {"key": fact.key, **{RENAMED.get(k, k): getattr(fact, k) for k in FACT_FIELDS}}
        row["citations"] = [
            _compact({"source": c.source_id, "line": c.line, "anchor": c.anchor, "locator": c.locator}) for c in cites
        ]
        if row["rank"] == "normal":
            del row["rank"]
        if row["status"] == "active":
            del row["status"]
        by_source[cites[0].source_id if cites else "unsourced"].append(_compact(row))
    old = target / "facts"
    if old.is_dir():
        for stale in old.glob("*.yaml"):
            stale.unlink()
    for source_id, rows in by_source.items():
        _dump(target / "facts" / f"{source_id}.yaml", "facts", rows, "# Exported from the fact store.\n")
    shutil.copyfile(dataset_dir(store) / "roles.yaml", target / "roles.yaml")  # the vocabulary is not stored
    return {"sources": len(sources), "entities": len(entities), "facts": len(facts)}
