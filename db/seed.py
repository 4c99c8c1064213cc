"""Load the curated dataset into the store.

The first run fills an empty store; later runs add new dataset entries and apply changed ones, but
never touch a fact a moderator has edited (its `dataset_hash` is cleared on edit) nor bring back an
alias a moderator removed. Running it twice changes nothing the second time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.domain.dataset import Dataset, EntityRecord, FactRecord, SourceRecord, load_dataset
from bot.domain.names import normalise
from db.edits import NewFact, change_fact, create_facts
from db.engine import session_scope
from db.models import Alias, Entity, Fact, Origin, Source

log = logging.getLogger(__name__)

DATASET_ACTOR = "dataset"


@dataclass
class SeedReport:
    sources_added: int = 0
    entities_added: int = 0
    entities_updated: int = 0
    aliases_added: int = 0
    facts_added: int = 0
    facts_updated: int = 0
    facts_unchanged: int = 0
    facts_kept_local: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(
            (
                self.sources_added,
                self.entities_added,
                self.entities_updated,
                self.aliases_added,
                self.facts_added,
                self.facts_updated,
            )
        )

    def summary(self) -> str:
        return (
            f"{self.facts_added} facts added, {self.facts_updated} updated, "
            f"{self.facts_unchanged} unchanged, {len(self.facts_kept_local)} kept as edited locally; "
            f"{self.entities_added} entities added, {self.entities_updated} updated, "
            f"{self.aliases_added} aliases added, {self.sources_added} sources added"
        )


def _source_fields(rec: SourceRecord) -> dict:
    return {
        "file": rec.file,
        "title_en": rec.title_en,
        "title_zh": rec.title_zh,
        "publisher": rec.publisher,
        "published": rec.published,
        "script": rec.script.value,
        "url": rec.url,
    }


def _entity_fields(rec: EntityRecord) -> dict:
    return {
        "kind": rec.kind.value,
        "name_en": rec.name_en,
        "name_zh": rec.name_zh,
        "summary_en": rec.summary_en,
        "summary_zh": rec.summary_zh,
        "editorial": rec.editorial,
    }


def fact_fields(rec: FactRecord) -> dict:
    """Column values of a Fact row for a dataset record (everything but identity and bookkeeping)."""
    return {
        "predicate": rec.predicate.value,
        "subject_id": rec.subject,
        "object_id": rec.object,
        "value": rec.value,
        "role_en": rec.role_en,
        "role_zh": rec.role_zh,
        "start": rec.start,
        "end": rec.end,
        "destination_id": rec.destination,
        "reason_en": rec.reason_en,
        "reason_zh": rec.reason_zh,
        "text_en": rec.text_en,
        "text_zh": rec.text_zh,
        "rank": rec.rank.value,
        "dispute": rec.dispute,
        "statement": rec.statement,
        "date_note": rec.date_note,
        "editorial": rec.editorial,
        "status": rec.status.value,
    }


def _upsert_sources(session: Session, dataset: Dataset, report: SeedReport) -> None:
    existing = {s.id: s for s in session.exec(select(Source))}
    for rec in dataset.sources:
        row = existing.get(rec.id)
        if row is None:
            session.add(Source(id=rec.id, origin=Origin.DATASET, **_source_fields(rec)))
            report.sources_added += 1
        elif row.origin == Origin.DATASET:
            for name, value in _source_fields(rec).items():
                setattr(row, name, value)


def _upsert_entities(session: Session, dataset: Dataset, report: SeedReport) -> None:
    existing = {e.id: e for e in session.exec(select(Entity))}
    known_aliases = {(a.entity_id, a.norm) for a in session.exec(select(Alias))}
    for rec in dataset.entities:
        row = existing.get(rec.id)
        fields = _entity_fields(rec)
        if row is None:
            session.add(Entity(id=rec.id, origin=Origin.DATASET, **fields))
            report.entities_added += 1
        elif row.origin == Origin.DATASET and any(getattr(row, k) != v for k, v in fields.items()):
            for name, value in fields.items():
                setattr(row, name, value)
            report.entities_updated += 1
    session.flush()
    for rec in dataset.entities:
        for text in rec.all_names():
            norm = normalise(text)
            if norm and (rec.id, norm) not in known_aliases:
                known_aliases.add((rec.id, norm))
                session.add(Alias(entity_id=rec.id, text=text, norm=norm, origin=Origin.DATASET))
                report.aliases_added += 1


def _citation_dicts(rec: FactRecord) -> list[dict]:
    return [c.model_dump() for c in rec.citations]


def _upsert_facts(session: Session, dataset: Dataset, report: SeedReport) -> None:
    # Only keys and fingerprints: the store may hold many more facts than data/ (moderators' own).
    known = {
        key: (fact_id, digest) for fact_id, key, digest in session.exec(select(Fact.id, Fact.key, Fact.dataset_hash))
    }
    new: list[NewFact] = []
    for rec in dataset.facts:
        digest = rec.content_hash()
        found = known.get(rec.key)
        row = None if found is None else (found[1], found[0])
        if row is None:
            new.append(
                NewFact(
                    rec.key,
                    fact_fields(rec),
                    _citation_dicts(rec),
                    "seed",
                    DATASET_ACTOR,
                    "loaded from the dataset",
                    Origin.DATASET,
                    digest,
                )
            )
            report.facts_added += 1
        elif row[0] is None:
            report.facts_kept_local.append(rec.key)
        elif row[0] == digest:
            report.facts_unchanged += 1
        else:
            fact = session.get(Fact, row[1])
            changed = change_fact(
                session,
                fact,
                fields=fact_fields(rec),
                citations=_citation_dicts(rec),
                action="update",
                actor=DATASET_ACTOR,
                reason="dataset entry changed",
                dataset_hash=digest,
            )
            fact.dataset_hash = digest  # also when only the fingerprint moved (e.g. a new optional field)
            if changed is None:
                report.facts_unchanged += 1
            else:
                report.facts_updated += 1
    create_facts(session, new)


def seed(session: Session, dataset: Dataset) -> SeedReport:
    """Apply `dataset` to the store inside the caller's transaction."""
    report = SeedReport()
    _upsert_sources(session, dataset, report)
    _upsert_entities(session, dataset, report)
    session.flush()
    _upsert_facts(session, dataset, report)
    session.flush()
    if report.facts_kept_local:
        log.info(
            "seed kept %d locally edited facts: %s",
            len(report.facts_kept_local),
            ", ".join(report.facts_kept_local[:10]),
        )
    log.info("seed: %s", report.summary())
    return report


def seed_from_dir(engine: Engine, data_dir: Path) -> SeedReport:
    """Load `data_dir` and apply it in one transaction."""
    dataset = load_dataset(data_dir)
    with session_scope(engine) as session:
        return seed(session, dataset)
