"""The review queue: new sources and their proposed statements, decided by moderators.

Adding a source stores the article's text (its lines are what citations point at) and queues one
item per proposed statement. Approving an item writes it through the same path as `/fact add`
(a new claim with its first revision, credited to the suggester and the moderator), so the
statement layer, lookups, charts and the quiz see it at once. Rejecting keeps the item with the
reason. Nothing is deleted.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import select

from bot.domain.dates import DateError, PartialDate
from bot.domain.names import normalise
from bot.domain.render import neutralise
from bot.domain.script import has_cjk, to_simplified, to_traditional
from bot.services.proposals import propose
from db import edits
from db.models import Alias, Entity, Origin, ReviewItem, ReviewStatus, Source, SourceText, utcnow
from db.store import Store

log = logging.getLogger(__name__)

MAX_ARTICLE_CHARS = 200_000


class ReviewError(ValueError):
    """Input that cannot be applied; `code` names the message (see bot/i18n.py), `args` fill it."""

    def __init__(self, code: str, **values: object) -> None:
        super().__init__(code)
        self.code = code
        self.values = values


@dataclass(frozen=True)
class ItemView:
    id: int
    kind: str
    status: str
    source_id: str | None
    statement_key: str | None
    payload: dict
    suggester: str
    suggester_id: int | None
    decided_by: str | None
    reason: str | None
    fact_id: int | None
    guild_id: int | None = None


def _view(row: ReviewItem) -> ItemView:
    return ItemView(
        id=row.id or 0,
        kind=row.kind,
        status=row.status,
        source_id=row.source_id,
        statement_key=row.statement_key,
        payload=json.loads(row.payload),
        suggester=row.suggester,
        suggester_id=row.suggester_id,
        decided_by=row.decided_by,
        reason=row.reason,
        fact_id=row.fact_id,
        guild_id=row.guild_id,
    )


@dataclass(frozen=True)
class AddedSource:
    source_id: str
    title: str
    items: list[ItemView]

    @property
    def known(self) -> int:
        return sum(1 for i in self.items if i.statement_key)


def _script(text: str) -> str:
    """traditional | simplified: which conversion changes the text less."""
    return "simplified" if to_simplified(text) == text and to_traditional(text) != text else "traditional"


def add_source(
    store: Store,
    text: str,
    *,
    title: str,
    publisher: str,
    published: str | None,
    url: str | None,
    actor: str,
    actor_id: int | None = None,
    guild_id: int | None = None,
) -> AddedSource:
    """Store an article with its text and queue what it would add. Raises ReviewError."""
    text = text.replace("\r\n", "\n").strip("\ufeff")
    if not text.strip() or not has_cjk(text) and len(text.split()) < 3:
        raise ReviewError("source.empty")
    if len(text) > MAX_ARTICLE_CHARS:
        raise ReviewError("source.too_long", limit=MAX_ARTICLE_CHARS)
    title, publisher = (title or "").strip(), (publisher or "").strip()
    if not title or not publisher:
        raise ReviewError("source.need_title")
    try:
        date = PartialDate.parse(published).iso() if published and published.strip() else None
    except DateError:
        raise ReviewError("source.bad_date", value=neutralise(published or "")[:40]) from None
    url = (url or "").strip() or None
    if url and not url.startswith(("http://", "https://")):
        raise ReviewError("source.bad_url")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with store.session() as session:
        twin = session.exec(select(SourceText).where(SourceText.sha256 == digest)).first()
        if twin is not None:
            raise ReviewError("source.duplicate", id=twin.source_id)
    proposals = propose(store, text, published=date)
    source_id = f"n{digest[:8]}"
    rows: list[ReviewItem] = []
    with store.session() as session:
        session.add(
            Source(
                id=source_id,
                file=f"{source_id}.txt",
                title_en=title[:300],
                title_zh=to_traditional(title)[:300],
                publisher=publisher[:200],
                published=date,
                script=_script(text),
                url=url[:500] if url else None,
                origin=Origin.LOCAL,
            )
        )
        session.flush()
        session.add(SourceText(source_id=source_id, text=text, sha256=digest, added_by=actor[:100]))
        for item in proposals.as_dicts():
            row = ReviewItem(
                kind="proposal",
                source_id=source_id,
                statement_key=item["existing"],
                payload=json.dumps(item, ensure_ascii=False),
                guild_id=guild_id,
                suggester=actor[:100],
                suggester_id=actor_id,
            )
            session.add(row)
            rows.append(row)
        session.flush()
        items = [_view(r) for r in rows]
    log.info("%s added source %s (%d proposals)", actor, source_id, len(items))
    return AddedSource(source_id, title, items)


def source_text(store: Store, source_id: str) -> str | None:
    with store.session() as session:
        row = session.get(SourceText, source_id)
        return row.text if row else None


def pending(store: Store, *, limit: int = 25) -> tuple[list[ItemView], int]:
    """The oldest pending items (first come, first reviewed) and how many are pending in all."""
    with store.session() as session:
        rows = list(
            session.exec(
                select(ReviewItem).where(ReviewItem.status == ReviewStatus.PENDING).order_by(ReviewItem.id).limit(limit)
            )
        )
        total = session.exec(select(func.count()).where(ReviewItem.status == ReviewStatus.PENDING)).one()
        return [_view(r) for r in rows], total


def item(store: Store, item_id: int) -> ItemView | None:
    with store.session() as session:
        row = session.get(ReviewItem, item_id) if 0 < item_id < 2**31 else None
        return _view(row) if row else None


def _entity(session, info: dict, actor: str) -> None:  # noqa: ANN001 - a Session
    """Create a proposed new entity (both scripts as aliases), unless it exists by now."""
    if session.get(Entity, info["id"]) is not None:
        return
    session.add(
        Entity(
            id=info["id"],
            kind=info["kind"],
            name_en=info["name_en"][:100],
            name_zh=(info.get("name_zh") or None),
            origin=Origin.LOCAL,
        )
    )
    session.flush()
    for text in dict.fromkeys(t for t in (info["name_en"], info.get("name_zh")) if t):
        session.add(Alias(entity_id=info["id"], text=text[:100], norm=normalise(text)[:100], origin=Origin.LOCAL))
    log.info("%s created entity %s from a review item", actor, info["id"])


@dataclass(frozen=True)
class Decision:
    item: ItemView
    fact_id: int | None


def credit(moderator: str, suggester: str) -> str:
    """Who a change is credited to: the moderator who approved it and the member who suggested it."""
    if moderator == suggester:
        return moderator[:100]
    return f"{moderator} (suggested by {suggester})"[:100]


def approve(store: Store, item_id: int, *, actor: str) -> Decision:
    """Apply a pending proposal as a new claim. Raises ReviewError (missing / already decided)."""
    with store.session() as session:
        row = session.get(ReviewItem, item_id) if 0 < item_id < 2**31 else None
        if row is None:
            raise ReviewError("review.missing", id=item_id)
        if row.status != ReviewStatus.PENDING:
            raise ReviewError("review.decided", id=item_id, status=row.status)
        data = json.loads(row.payload)
        if row.kind != "proposal":
            raise ReviewError("review.not_applicable", id=item_id)
        for info in data.get("new_entities") or []:
            _entity(session, info, actor)
        fields = {
            "predicate": data["predicate"],
            "subject_id": data["subject_id"],
            "object_id": data.get("object_id"),
            "destination_id": data.get("destination_id"),
            "value": None,
            "start": data.get("start"),
            "end": data.get("end"),
            "text_en": data["text_en"],
            "text_zh": data["text_zh"],
            "role_en": data.get("role_en"),
            "role_zh": data.get("role_zh"),
            "rank": "normal",
            "status": "active",
            "reason_en": None,
            "reason_zh": None,
            "dispute": None,
            # Joins the statement it was matched to, as another reference.
            "statement": row.statement_key,
            "date_note": None,
            "editorial": None,
        }
        citation = {"source": row.source_id, "line": data.get("line"), "anchor": data.get("anchor"), "locator": None}
        fact = edits.create_fact(
            session,
            key=f"r{item_id}-{secrets.token_hex(3)}",
            fields=fields,
            citations=[citation],
            action="add",
            actor=credit(actor, row.suggester),
            reason=f"review #{item_id} approved",
            origin=Origin.LOCAL,
        )
        row.status, row.decided_by, row.decided_at, row.fact_id = ReviewStatus.APPROVED, actor[:100], utcnow(), fact.id
        session.add(row)
        session.flush()
        decided = _view(row)
    if data.get("new_entities"):
        store.invalidate_names()
    return Decision(decided, decided.fact_id)


def reject(store: Store, item_id: int, *, actor: str, reason: str) -> Decision:
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError("review.need_reason")
    with store.session() as session:
        row = session.get(ReviewItem, item_id) if 0 < item_id < 2**31 else None
        if row is None:
            raise ReviewError("review.missing", id=item_id)
        if row.status != ReviewStatus.PENDING:
            raise ReviewError("review.decided", id=item_id, status=row.status)
        row.status, row.decided_by, row.decided_at, row.reason = ReviewStatus.REJECTED, actor[:100], utcnow(), reason
        session.add(row)
        session.flush()
        return Decision(_view(row), None)
