"""Engine and sessions from DATABASE_URL. SQLite gets WAL, foreign keys and a busy timeout."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

from db.sqlite_file import guard_against_replacement, sqlite_path

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str, *, echo: bool = False, create: bool = True) -> Engine:
    """Create the engine; for a SQLite file, make its folder and switch on WAL and foreign keys.

    With `create=False` the SQLite file must already exist, and the engine refuses to commit once
    that file is deleted or replaced (the running bot's engine: its database is never made anew
    behind its back).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, echo=echo, pool_pre_ping=True)
    path = sqlite_path(url)
    if path is None or create:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False})
    else:
        uri = f"file:{quote(str(path.resolve()))}?mode=rw"
        engine = create_engine(url, echo=echo, creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))
        guard_against_replacement(engine, path)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose transaction commits on success and rolls back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
