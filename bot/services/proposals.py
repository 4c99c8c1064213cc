"""What a new article would add (proposals), built from the store's current knowledge."""

from __future__ import annotations

import logging

from sqlmodel import select

from bot.domain.article_dates import first_full_date
from bot.domain.dates import PartialDate
from bot.domain.propose import EntityInfo, ProposalSet, Proposer
from bot.services.statements import statements, vocabulary
from db.models import Entity
from db.store import Store

log = logging.getLogger(__name__)


def proposer(store: Store) -> Proposer:
    """A proposer over every entity, alias, role and statement the store has now."""
    with store.session() as session:
        entities = [EntityInfo(e.id, e.kind, e.name_en, e.name_zh) for e in session.exec(select(Entity)).all()]
    return Proposer(
        entities=entities, aliases=store.names.aliases(), roles=vocabulary(store), statements=statements(store)
    )


def propose(store: Store, text: str, *, published: str | None = None) -> ProposalSet:
    """Proposals for an article; `published` (YYYY[-MM[-DD]]) anchors its relative dates, else its dateline."""
    date = PartialDate.parse(published) if published else first_full_date(text)
    return proposer(store).propose(text, published=date)
