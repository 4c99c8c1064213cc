"""Query functions. Each takes the session as a keyword argument; the caller owns the transaction."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from bot.domain.model import CitationView, EntityRef, EntityView, FactView, SourceView
from db.models import Alias, Citation, Entity, Fact, FactStatus, Meta, Revision, Source, row_id

log = logging.getLogger(__name__)


SNAPSHOT_FIELDS = (
    "key",
    "predicate",
    "subject_id",
    "object_id",
    "value",
    "role_en",
    "role_zh",
    "start",
    "end",
    "destination_id",
    "reason_en",
    "reason_zh",
    "text_en",
    "text_zh",
    "rank",
    "dispute",
    "statement",
    "date_note",
    "editorial",
    "status",
)


def fact_snapshot(fact: Fact, citations: Iterable[Citation]) -> dict:
    """The user-visible state of a fact, as stored in revisions (before/after)."""
    data = {name: getattr(fact, name) for name in SNAPSHOT_FIELDS}
    data["citations"] = [
        {"source": c.source_id, "line": c.line, "anchor": c.anchor, "locator": c.locator}
        for c in sorted(citations, key=lambda c: c.position)
    ]
    return data


def alias_pairs(*, session: Session) -> list[tuple[str, str]]:
    """(entity id, alias) for every active alias plus every entity's own names: the name index input."""
    pairs: list[tuple[str, str]] = []
    for entity_id, name_en, name_zh in session.exec(select(Entity.id, Entity.name_en, Entity.name_zh)):
        pairs.append((entity_id, name_en))
        if name_zh:
            pairs.append((entity_id, name_zh))
    pairs.extend(session.exec(select(Alias.entity_id, Alias.text).where(Alias.active == True)))  # noqa: E712
    return pairs


def data_version(*, session: Session) -> int:
    """Grows with every change to any fact (each change writes a revision): a cache key."""
    return session.exec(select(func.max(Revision.id))).one() or 0


def entity_kinds(*, session: Session) -> dict[str, str]:
    return dict(session.exec(select(Entity.id, Entity.kind)).all())


def store_counts(*, session: Session) -> dict[str, int]:
    def count(stmt: SelectOfScalar[int]) -> int:
        return session.exec(stmt).one()

    return {
        "sources": count(select(func.count()).select_from(Source)),
        "entities": count(select(func.count()).select_from(Entity)),
        "aliases": count(select(func.count()).select_from(Alias).where(Alias.active == True)),  # noqa: E712
        "facts": count(select(func.count()).select_from(Fact).where(Fact.status == FactStatus.ACTIVE)),
        "retracted": count(select(func.count()).select_from(Fact).where(Fact.status == FactStatus.RETRACTED)),
    }


# ---- read views for the lookup commands -------------------------------------------------------


def _refs(session: Session, ids: set[str]) -> dict[str, EntityRef]:
    if not ids:
        return {}
    rows = session.exec(select(Entity).where(col(Entity.id).in_(ids)))
    return {e.id: EntityRef(e.id, e.name_en, e.name_zh, e.kind) for e in rows}


def _views(session: Session, facts: list[Fact]) -> list[FactView]:
    if not facts:
        return []
    ids = (
        {f.subject_id for f in facts}
        | {f.object_id for f in facts if f.object_id}
        | {f.destination_id for f in facts if f.destination_id}
    )
    refs = _refs(session, ids)
    cites: dict[int, list[Citation]] = {}
    for cite in session.exec(
        select(Citation).where(col(Citation.fact_id).in_([row_id(f) for f in facts])).order_by(col(Citation.position))
    ):
        cites.setdefault(cite.fact_id, []).append(cite)
    return [
        FactView(
            id=row_id(f),
            key=f.key,
            predicate=f.predicate,
            subject=refs[f.subject_id],
            object=refs.get(f.object_id) if f.object_id else None,
            destination=refs.get(f.destination_id) if f.destination_id else None,
            value=f.value,
            role_en=f.role_en,
            role_zh=f.role_zh,
            start=f.start,
            end=f.end,
            reason_en=f.reason_en,
            reason_zh=f.reason_zh,
            text_en=f.text_en,
            text_zh=f.text_zh,
            rank=f.rank,
            dispute=f.dispute,
            statement=f.statement,
            date_note=f.date_note,
            editorial=f.editorial,
            status=f.status,
            version=f.version,
            citations=tuple(CitationView(c.source_id, c.line, c.anchor, c.locator) for c in cites.get(row_id(f), [])),
        )
        for f in facts
    ]


def _shown(stmt: SelectOfScalar[Fact]) -> SelectOfScalar[Fact]:
    """Only what members see: active facts, not deprecated ones, oldest first."""
    return stmt.where(Fact.status == FactStatus.ACTIVE, Fact.rank != "deprecated").order_by(
        col(Fact.start_key).is_(None), col(Fact.start_key), col(Fact.id)
    )


def sources(*, session: Session) -> list[SourceView]:
    rows = session.exec(select(Source).order_by(Source.id)).all()
    return [
        SourceView(s.id, n, s.title_en, s.title_zh, s.publisher, s.published, s.script, s.url)
        for n, s in enumerate(rows, start=1)
    ]


def entity(entity_id: str, *, session: Session) -> EntityView | None:
    row = session.get(Entity, entity_id)
    if row is None:
        return None
    return EntityView(
        EntityRef(row.id, row.name_en, row.name_zh, row.kind), row.summary_en, row.summary_zh, row.editorial
    )


def entity_refs(ids: set[str], *, session: Session) -> dict[str, EntityRef]:
    return _refs(session, ids)


def entity_ids(*, kind: str | None = None, session: Session) -> set[str]:
    stmt = select(Entity.id)
    if kind:
        stmt = stmt.where(Entity.kind == kind)
    return set(session.exec(stmt))


def get_meta(key: str, *, session: Session) -> str | None:
    row = session.get(Meta, key)
    return row.value if row else None


def set_meta(key: str, value: str, *, session: Session) -> None:
    row = session.get(Meta, key)
    if row is None:
        session.add(Meta(key=key, value=value))
    else:
        row.value = value


def shown_claims(*, session: Session) -> list[FactView]:
    """Every claim members can see (active, not deprecated), disputes included, with full citations:
    what the statement layer is built from. Read as rows, not ORM objects (fast at 100x the data)."""
    refs = {
        row[0]: EntityRef(*row) for row in session.exec(select(Entity.id, Entity.name_en, Entity.name_zh, Entity.kind))
    }
    shown = (Fact.status == FactStatus.ACTIVE, Fact.rank != "deprecated")
    cites: dict[int, list[CitationView]] = {}
    cite_columns: tuple[Any, ...] = (
        Citation.fact_id,
        Citation.source_id,
        Citation.line,
        Citation.anchor,
        Citation.locator,
    )
    cited = (
        select(*cite_columns)
        .join(Fact, col(Fact.id) == Citation.fact_id)
        .where(*shown)
        .order_by(col(Citation.fact_id), col(Citation.position))
    )
    for fact_id, source_id, line, anchor, locator in session.exec(cited):
        cites.setdefault(fact_id, []).append(CitationView(source_id, line, anchor, locator))
    # More columns than sqlmodel's select() overloads spell out (four): typed loosely.
    columns: tuple[Any, ...] = (
        Fact.id,
        Fact.key,
        Fact.predicate,
        Fact.subject_id,
        Fact.object_id,
        Fact.destination_id,
        Fact.value,
        Fact.role_en,
        Fact.role_zh,
        Fact.start,
        Fact.end,
        Fact.reason_en,
        Fact.reason_zh,
        Fact.text_en,
        Fact.text_zh,
        Fact.rank,
        Fact.dispute,
        Fact.date_note,
        Fact.editorial,
        Fact.version,
        Fact.statement,
    )
    views = []
    for row in session.exec(select(*columns).where(*shown).order_by(col(Fact.id))):
        (
            fact_id,
            key,
            predicate,
            subject,
            obj,
            dest,
            value,
            role_en,
            role_zh,
            start,
            end,
            reason_en,
            reason_zh,
            text_en,
            text_zh,
            rank,
            dispute,
            date_note,
            editorial,
            version,
            statement,
        ) = row
        views.append(
            FactView(
                id=fact_id,
                key=key,
                predicate=predicate,
                subject=refs[subject],
                object=refs.get(obj) if obj else None,
                destination=refs.get(dest) if dest else None,
                value=value,
                role_en=role_en,
                role_zh=role_zh,
                start=start,
                end=end,
                reason_en=reason_en,
                reason_zh=reason_zh,
                text_en=text_en,
                text_zh=text_zh,
                rank=rank,
                dispute=dispute,
                date_note=date_note,
                editorial=editorial,
                status=FactStatus.ACTIVE,
                version=version,
                citations=tuple(cites.get(fact_id, ())),
                statement=statement,
            )
        )
    return views


def fact_view(fact_id: int, *, session: Session) -> FactView | None:
    """One fact whatever its status (moderators see retracted ones too)."""
    fact = session.get(Fact, fact_id)
    return _views(session, [fact])[0] if fact else None


def similar_facts(subject_id: str, predicate: str, object_id: str | None, *, session: Session) -> list[FactView]:
    """Shown facts with the same subject, predicate and object: a hint that a new one may repeat them."""
    stmt = select(Fact).where(Fact.subject_id == subject_id, Fact.predicate == predicate)
    if object_id is not None:
        stmt = stmt.where(Fact.object_id == object_id)
    return _views(session, list(session.exec(_shown(stmt).limit(5))))


def source_fact_counts(*, session: Session) -> dict[str, int]:
    """How many shown facts cite each source."""
    stmt = (
        select(Citation.source_id, func.count(func.distinct(Citation.fact_id)))
        .join(Fact, col(Fact.id) == Citation.fact_id)
        .where(Fact.status == FactStatus.ACTIVE, Fact.rank != "deprecated")
        .group_by(Citation.source_id)
    )
    return dict(session.exec(stmt).all())


def knowledge_counts(*, session: Session) -> dict[str, object]:
    shown = (Fact.status == FactStatus.ACTIVE, Fact.rank != "deprecated")
    return {
        "people": session.exec(select(func.count()).select_from(Entity).where(Entity.kind == "person")).one(),
        "orgs": session.exec(select(func.count()).select_from(Entity).where(Entity.kind == "organisation")).one(),
        "facts": session.exec(select(func.count()).select_from(Fact).where(*shown)).one(),
        "events": session.exec(
            select(func.count()).select_from(Fact).where(*shown, col(Fact.start).is_not(None))
        ).one(),
        "sources": session.exec(select(func.count()).select_from(Source)).one(),
        "aliases": session.exec(select(func.count()).select_from(Alias).where(Alias.active == True)).one(),  # noqa: E712
        "last_change": session.exec(select(func.max(Revision.at))).one(),
    }
