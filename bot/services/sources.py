"""The articles every fact cites, numbered as /sources lists them."""

from __future__ import annotations

from db import queries
from db.queries import SourceView
from db.store import Store


def sources_by_id(store: Store) -> dict[str, SourceView]:
    """Source id → source, kept in memory until the data changes (every answer cites them)."""

    def build() -> dict[str, SourceView]:
        with store.session() as session:
            return {s.id: s for s in queries.sources(session=session)}

    return store.memo(("sources",), build)
