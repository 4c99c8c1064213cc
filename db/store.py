"""The opened fact store: engine, schema at head, dataset applied, and the name index."""

from __future__ import annotations

import asyncio
import contextvars
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ParamSpec, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.domain.dataset import load_dataset, role_vocabulary
from bot.domain.names import NameIndex
from bot.domain.roles import RoleVocabulary
from db.engine import make_engine, session_scope
from db.queries import alias_pairs, data_version, entity_kinds
from db.seed import SeedReport, seed, seed_from_dir
from db.startup import explained, prepare

log = logging.getLogger(__name__)

T = TypeVar("T")
P = ParamSpec("P")
MEMO_SIZE = 2048
VERSION_TTL = 1.0  # seconds another process's change may take to show here


# Set while Store.run tries work on the event loop: touching the database then raises NeedsDatabase.
_memory_only = contextvars.ContextVar("almanac_memory_only", default=False)


class NeedsDatabase(BaseException):  # noqa: N818 - a signal, like GeneratorExit, not an error
    """The work tried from memory needs the database after all (a BaseException, so that no
    `except Exception` in between mistakes it for a failure)."""


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
        self._build_locks: dict[tuple, threading.Lock] = {}
        self._version: tuple[float, int] | None = None  # (when read, value)
        self.data_dir: Path | None = None  # the dataset it was seeded from, if any
        self.roles: RoleVocabulary | None = None  # that dataset's role vocabulary, loaded on first use

    @classmethod
    def open(cls, url: str, *, data_dir: Path | None = None, new_database: bool = False) -> Store:
        """Open the database at `url`, migrated to this release and seeded from `data_dir`.

        A new database is created only where none exists (or with `new_database`, which keeps an
        unusable file aside first); an empty, foreign or damaged one raises StoreError.
        """
        seed = None if data_dir is None else (lambda engine: seed_from_dir(engine, data_dir))
        prepare(url, seed=seed, new_database=new_database)
        with explained(url):
            store = cls(make_engine(url, create=False))
        store.data_dir = data_dir
        return store

    def seed_from(self, data_dir: Path) -> SeedReport:
        dataset = load_dataset(data_dir)
        self.roles = role_vocabulary(dataset.roles)
        with self.session() as session:
            report = seed(session, dataset)
        if report.changed:
            self.invalidate_names()
        return report

    async def run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`fn(*args, **kwargs)` for the event loop: answered right here when everything it needs
        is in memory (cached answers, the name index), otherwise in a worker thread, so the loop
        never waits on the database and a cached answer costs no thread hand-off.

        `fn` must read, not write, before its first database access: it may be stopped there and
        run again from the start in the thread.
        """
        token = _memory_only.set(True)
        try:
            return fn(*args, **kwargs)
        except NeedsDatabase:
            pass
        finally:
            _memory_only.reset(token)
        return await asyncio.to_thread(fn, *args, **kwargs)

    @contextmanager
    def session(self) -> Iterator[Session]:
        if _memory_only.get():
            raise NeedsDatabase
        with session_scope(self.engine) as session:
            yield session
            wrote = bool(session.new or session.dirty or session.deleted) or session.info.get("flushed", False)
        if wrote:
            self._version = None  # something changed: the next read asks the database

    @property
    def names(self) -> NameIndex:
        """The in-memory name index, built on first use and after every alias change."""
        index = self._names
        if index is not None:
            return index
        if _memory_only.get():
            raise NeedsDatabase  # never wait on the loop for another thread's build
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

    def memo(self, key: tuple, build: Callable[[], T], *, once: bool = False) -> T:
        """`build()`, cached until any fact changes (keyed by the store's data version), so answers
        and quiz material are not recomputed for every interaction; multi-process safe because the
        version is read from the database.

        `once`: for expensive builds (the statements: seconds at 100x the data). Callers arriving
        during a build wait for it instead of building again, and the event loop never waits: there
        a missing value sends the work to a thread."""
        version = self.data_version()
        hit = self._memo_hit(key, version)
        if hit is not None:
            return hit[1]  # type: ignore[return-value]
        if not once:
            return self._memo_put(key, version, build())
        if _memory_only.get():
            raise NeedsDatabase
        with self._memo_lock:
            lock = self._build_locks.setdefault(key, threading.Lock())
        with lock:
            hit = self._memo_hit(key, version)
            if hit is not None:
                return hit[1]  # type: ignore[return-value]
            return self._memo_put(key, version, build())

    def _memo_hit(self, key: tuple, version: int) -> tuple[int, object] | None:
        with self._memo_lock:
            hit = self._memo.get(key)
        return hit if hit is not None and hit[0] == version else None

    def _memo_put(self, key: tuple, version: int, value: T) -> T:
        with self._memo_lock:
            if len(self._memo) > MEMO_SIZE:
                self._memo.clear()
            self._memo[key] = (version, value)
        return value

    def forget(self) -> None:
        """Drop every cached answer and index: for rows changed outside the revision-writing paths
        (a test, a restore), which the data version cannot see."""
        with self._memo_lock:
            self._memo.clear()
        self.invalidate_names()

    def invalidate_names(self) -> None:
        with self._names_lock:
            self._names = None

    def close(self) -> None:
        self.engine.dispose()
