"""The opened fact store: engine, schema at head, dataset applied, and the name index."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.domain.dataset import load_dataset
from bot.domain.names import NameIndex
from db import migrate
from db.engine import make_engine, session_scope
from db.queries import alias_pairs, data_version, entity_kinds
from db.seed import SeedReport, seed

log = logging.getLogger(__name__)

T = TypeVar("T")
MEMO_SIZE = 2048


class Store:
    """One per process. Thread-safe: database work runs off the event loop in worker threads."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._names: NameIndex | None = None
        self._names_lock = threading.Lock()
        self._memo: dict[tuple, tuple[int, object]] = {}
        self._memo_lock = threading.Lock()

    @classmethod
    def open(cls, url: str, *, data_dir: Path | None = None) -> Store:
        """Open (creating if needed) the database at `url`, migrate it, and seed it from `data_dir`."""
        store = cls(make_engine(url))
        migrate.upgrade(store.engine)
        if data_dir is not None:
            store.seed_from(data_dir)
        return store

    def seed_from(self, data_dir: Path) -> SeedReport:
        dataset = load_dataset(data_dir)
        with self.session() as session:
            report = seed(session, dataset)
        if report.changed:
            self.invalidate_names()
        return report

    @contextmanager
    def session(self) -> Iterator[Session]:
        with session_scope(self.engine) as session:
            yield session

    @property
    def names(self) -> NameIndex:
        """The in-memory name index, built on first use and after every alias change."""
        with self._names_lock:
            if self._names is None:
                with self.session() as session:
                    self._names = NameIndex.build(alias_pairs(session=session), entity_kinds(session=session))
            return self._names

    def memo(self, key: tuple, build: Callable[[], T]) -> T:
        """`build()`, cached until any fact changes (keyed by the store's data version), so answers
        and quiz material are not recomputed for every interaction; multi-process safe because the
        version is read from the database."""
        with self.session() as session:
            version = data_version(session=session)
        with self._memo_lock:
            hit = self._memo.get(key)
            if hit is not None and hit[0] == version:
                return hit[1]  # type: ignore[return-value]
        value = build()
        with self._memo_lock:
            if len(self._memo) > MEMO_SIZE:
                self._memo.clear()
            self._memo[key] = (version, value)
        return value

    def invalidate_names(self) -> None:
        with self._names_lock:
            self._names = None

    def close(self) -> None:
        self.engine.dispose()
