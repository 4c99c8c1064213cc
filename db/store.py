"""The opened fact store: engine, schema at head, dataset applied, and the name index."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import TypeVar
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
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
VERSION_TTL = 1.0  # seconds another process's change may take to show here


@event.listens_for(Session, "after_flush")
def _mark_flushed(session: Session, _context: object) -> None:
    session.info["flushed"] = True


class Store:
    """One per process. Thread-safe: database work runs off the event loop in worker threads."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._names: NameIndex | None = None
        self._names_lock = threading.Lock()
        self._memo: dict[tuple, tuple[int, object]] = {}
        self._memo_lock = threading.Lock()
        self._version: tuple[float, int] | None = None  # (when read, value)

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
            wrote = bool(session.new or session.dirty or session.deleted) or session.info.get("flushed", False)
        if wrote:
            self._version = None  # something changed: the next read asks the database

    @property
    def names(self) -> NameIndex:
        """The in-memory name index, built on first use and after every alias change."""
        with self._names_lock:
            if self._names is None:
                with self.session() as session:
                    self._names = NameIndex.build(alias_pairs(session=session), entity_kinds(session=session))
            return self._names

    def data_version(self) -> int:
        """The highest revision id. Our own writes make the next call re-read it; other
        processes' writes are seen within VERSION_TTL seconds."""
        now = time.monotonic()
        cached = self._version
        if cached is not None and now - cached[0] < VERSION_TTL:
            return cached[1]
        with self.session() as session:
            version = data_version(session=session)
        self._version = (now, version)
        return version

    def memo(self, key: tuple, build: Callable[[], T]) -> T:
        """`build()`, cached until any fact changes (keyed by the store's data version), so answers
        and quiz material are not recomputed for every interaction; multi-process safe because the
        version is read from the database."""
        version = self.data_version()
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
