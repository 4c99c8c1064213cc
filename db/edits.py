"""Changing facts: every change is a new version with a Revision holding before and after.

Nothing is deleted: retracting sets the status, reverting writes an old state as a new version.
A moderator's change also marks the fact as locally edited (no dataset hash), so re-seeding
from data/ never overwrites it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session, col, select

from bot.domain.dates import PartialDate
from db.models import Citation, Fact, FactStatus, Origin, Revision, row_id, utcnow
from db.queries import SNAPSHOT_FIELDS, fact_snapshot

log = logging.getLogger(__name__)

EDITABLE = tuple(name for name in SNAPSHOT_FIELDS if name != "key")


def date_key(text: str | None) -> str | None:
    return PartialDate.parse(text).sort_key() if text else None


def citations_of(session: Session, fact_id: int) -> list[Citation]:
    return list(session.exec(select(Citation).where(Citation.fact_id == fact_id).order_by(col(Citation.position))))


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _set_citations(session: Session, fact: Fact, citations: Iterable[dict]) -> list[Citation]:
    for old in citations_of(session, row_id(fact)):
        session.delete(old)
    session.flush()
    rows = [
        Citation(
            fact_id=row_id(fact),
            source_id=c["source"],
            position=n,
            line=c.get("line"),
            anchor=c.get("anchor"),
            locator=c.get("locator"),
        )
        for n, c in enumerate(citations)
    ]
    session.add_all(rows)
    return rows


@dataclass(frozen=True)
class NewFact:
    key: str
    fields: dict
    citations: list[dict]
    action: str
    actor: str
    reason: str | None
    origin: str
    dataset_hash: str | None = None


def create_facts(session: Session, items: list[NewFact]) -> list[Fact]:
    """Insert facts as version 1, each with its citations and first revision (one flush for all)."""
    facts = [
        Fact(key=i.key, version=1, origin=i.origin, dataset_hash=i.dataset_hash, **_with_keys(i.fields)) for i in items
    ]
    session.add_all(facts)
    session.flush()
    for fact, item in zip(facts, items, strict=True):
        rows = [
            Citation(
                fact_id=row_id(fact),
                source_id=c["source"],
                position=n,
                line=c.get("line"),
                anchor=c.get("anchor"),
                locator=c.get("locator"),
            )
            for n, c in enumerate(item.citations)
        ]
        session.add_all(rows)
        session.add(
            Revision(
                fact_id=row_id(fact),
                version=1,
                action=item.action,
                actor=item.actor,
                reason=item.reason,
                before=None,
                after=_dumps(fact_snapshot(fact, rows)),
            )
        )
    return facts


def create_fact(session: Session, **item: object) -> Fact:
    return create_facts(session, [NewFact(**item)])[0]  # type: ignore[arg-type]


def change_fact(
    session: Session,
    fact: Fact,
    *,
    fields: dict,
    citations: list[dict] | None,
    action: str,
    actor: str,
    reason: str | None,
    dataset_hash: str | None = None,
) -> Revision | None:
    """Apply `fields` (and citations, when given) as a new version; None when nothing changed."""
    old_rows = citations_of(session, row_id(fact))
    before = fact_snapshot(fact, old_rows)
    proposed = {**before, **{k: v for k, v in fields.items() if k in EDITABLE}}
    if citations is not None:
        proposed["citations"] = [
            {"source": c["source"], "line": c.get("line"), "anchor": c.get("anchor"), "locator": c.get("locator")}
            for c in citations
        ]
    if proposed == before:
        return None
    for name, value in _with_keys({k: v for k, v in fields.items() if k in EDITABLE}).items():
        setattr(fact, name, value)
    rows = _set_citations(session, fact, citations) if citations is not None else old_rows
    fact.version += 1
    fact.updated_at = utcnow()
    fact.dataset_hash = dataset_hash
    if dataset_hash is None:
        fact.origin = Origin.LOCAL
    revision = Revision(
        fact_id=row_id(fact),
        version=fact.version,
        action=action,
        actor=actor,
        reason=reason,
        before=_dumps(before),
        after=_dumps(fact_snapshot(fact, rows)),
    )
    session.add(revision)
    return revision


def _with_keys(fields: dict) -> dict:
    """Derived sort keys follow the dates."""
    out = dict(fields)
    if "start" in out:
        out["start_key"] = date_key(out["start"])
    if "end" in out:
        out["end_key"] = date_key(out["end"])
    return out


@dataclass(frozen=True)
class Conflict:
    """Someone else changed the fact after the editor loaded it."""

    current_version: int
    changed: dict[str, tuple[object, object]]  # field → (what the editor saw, what is there now)


def conflict(session: Session, fact: Fact, seen_version: int) -> Conflict | None:
    if fact.version == seen_version:
        return None
    seen = session.exec(select(Revision).where(Revision.fact_id == fact.id, Revision.version == seen_version)).first()
    then = json.loads(seen.after) if seen else {}
    now = fact_snapshot(fact, citations_of(session, row_id(fact)))
    changed = {k: (then.get(k), now.get(k)) for k in now if then.get(k) != now.get(k)}
    return Conflict(fact.version, changed)


def retract(session: Session, fact: Fact, *, actor: str, reason: str) -> Revision | None:
    return change_fact(
        session,
        fact,
        fields={"status": FactStatus.RETRACTED},
        citations=None,
        action="retract",
        actor=actor,
        reason=reason,
    )


def revert(session: Session, fact: Fact, version: int, *, actor: str, reason: str | None) -> Revision | None:
    """Restore the state after `version` as a new version. Raises LookupError for an unknown version."""
    target = session.exec(select(Revision).where(Revision.fact_id == fact.id, Revision.version == version)).first()
    if target is None:
        raise LookupError(version)
    state = json.loads(target.after)
    fields = {k: state.get(k) for k in EDITABLE}
    return change_fact(
        session,
        fact,
        fields=fields,
        citations=state.get("citations", []),
        action="revert",
        actor=actor,
        reason=reason or f"revert to version {version}",
    )


def history(session: Session, fact_id: int) -> list[Revision]:
    return list(session.exec(select(Revision).where(Revision.fact_id == fact_id).order_by(col(Revision.version))))
