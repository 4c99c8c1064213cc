"""Getting the database ready at start: one process at a time, a new database only where there was
none, never over an empty, foreign or damaged file, and a clear sentence for whatever goes wrong.

A SQLite database is made beside its final path and moved into place once it is migrated and
seeded, so a file at the configured path is always one that a start finished (a crash while
creating it leaves only the half-made `.new` file, which the next start replaces).
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from db import migrate
from db.engine import make_engine
from db.sqlite_file import known_revisions, problems, sqlite_path, with_side_files

try:
    import fcntl
except ImportError:  # not on POSIX: no lock between processes starting together
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

LOCK_WAIT_S = 300.0
PG_LOCK_KEY = 0x616C6D616E6163  # "almanac": the advisory lock every Almanac process takes at start
ADVICE = (
    "restore a backup with `./run.sh db restore FILE --yes`, or run `./run.sh db upgrade --new-database` "
    "to keep this file aside and start a new database from data/"
)


class StoreError(Exception):
    """The database cannot be opened or used; the message is one line that says what to do."""


def redacted(url: str) -> str:
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unparsable)"


@contextmanager
def explained(url: str, action: str = "open the database") -> Iterator[None]:
    """Turn the ways a database can fail to open into one sentence each (StoreError)."""
    where = redacted(url)
    try:
        yield
    except StoreError:
        raise
    except ArgumentError as exc:
        raise StoreError(f"DATABASE_URL is not a database URL Almanac can use ({exc})") from exc
    except NoSuchModuleError as exc:
        raise StoreError(f"DATABASE_URL names a kind of database this installation does not know ({where})") from exc
    except ImportError as exc:
        raise StoreError(
            f"the database driver for {where} is not installed ({exc}); "
            "for PostgreSQL install it with `pip install -e '.[postgres]'` and use postgresql+psycopg://"
        ) from exc
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
        raise StoreError(f"cannot {action} at {where}: {reason}{_hint(reason)}") from exc
    except OSError as exc:
        raise StoreError(f"cannot {action} at {where}: {exc.strerror or exc}{_hint(str(exc))}") from exc
    except sqlite3.Error as exc:
        raise StoreError(f"cannot {action} at {where}: {exc}{_hint(str(exc))}") from exc


def _hint(reason: str) -> str:
    reason = reason.lower()
    if "full" in reason or "no space" in reason:
        return " (the disk is full: free some space and start again)"
    if "disk i/o" in reason:
        return " (the disk may be full or failing: check free space and the system log)"
    if "readonly" in reason or "read-only" in reason or "permission" in reason or "unable to open" in reason:
        return " (Almanac needs to write the database file and its folder: check permissions and mounts)"
    return ""


@contextmanager
def startup_lock(engine: Engine) -> Iterator[None]:
    """Only one process at a time creates, migrates or seeds a database: a lock on the SQLite
    file's folder (held while open, released by the OS if the process dies), or a PostgreSQL
    advisory lock."""
    backend = engine.url.get_backend_name()
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    if path is not None and fcntl is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            _flock(fd, path)
            yield
        finally:
            os.close(fd)  # releases the lock
    elif backend == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": PG_LOCK_KEY})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": PG_LOCK_KEY})
                conn.commit()
    else:
        yield


def _flock(fd: int, path: Path) -> None:
    deadline = time.monotonic() + LOCK_WAIT_S
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
        if time.monotonic() > deadline:
            raise StoreError(
                f"another Almanac process has been starting on {path} for {LOCK_WAIT_S:.0f} s; is it stuck?"
            )
        time.sleep(0.05)


def prepare(url: str, *, seed: Callable[[Engine], object] | None, new_database: bool = False) -> None:
    """Make the database at `url` ready: created if nothing is there yet, otherwise checked,
    migrated to this release and seeded (`seed(engine)`), all under the start-up lock.

    Raises StoreError for an empty, foreign or damaged file (unless `new_database`, which keeps
    that file aside and creates a new one) and for anything else that stops the start.
    """
    with explained(url):
        engine = make_engine(url)
        try:
            with startup_lock(engine):
                path = sqlite_path(url)
                if path is None:
                    _prepare_server(engine, seed)
                else:
                    _prepare_file(path, url, seed, new_database=new_database)
        finally:
            engine.dispose()


def _prepare_file(path: Path, url: str, seed: Callable[[Engine], object] | None, *, new_database: bool) -> None:
    if path.exists():
        found = problems(path)
        if found and not new_database:
            raise StoreError(f"the database {path} cannot be used: {'; '.join(found)}. To go on, {ADVICE}")
        if found:
            kept = keep_aside(path, "unusable")
            log.warning("kept the unusable database aside at %s; creating a new one", kept)
    if not path.exists():
        _create_file(path, seed)
        return
    engine = make_engine(url, create=False)
    try:
        migrate.upgrade(engine)
        if seed is not None:
            seed(engine)
    finally:
        engine.dispose()


def _create_file(path: Path, seed: Callable[[Engine], object] | None) -> None:
    """Build a new database beside `path` and move it into place once it is whole."""
    building = path.with_name(path.name + ".new")
    for leftover in with_side_files(building):
        leftover.unlink(missing_ok=True)  # from a start that died while creating
    engine = make_engine(f"sqlite:///{building}")
    try:
        migrate.upgrade(engine)
        if seed is not None:
            seed(engine)
    finally:
        engine.dispose()  # the last connection checkpoints the WAL into the file
    with sqlite3.connect(building) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for side in with_side_files(building)[1:]:
        side.unlink()
    os.replace(building, path)
    log.info("created a new database at %s", path)


def keep_aside(path: Path, why: str) -> Path:
    """Rename the database file (and its WAL) out of the way; nothing is deleted."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}.{why}-{stamp}")
    for file in with_side_files(path):
        file.rename(target.with_name(target.name + file.name[len(path.name) :]))
    return target


def _prepare_server(engine: Engine, seed: Callable[[Engine], object] | None) -> None:
    tables = set(inspect(engine).get_table_names())
    if tables and "alembic_version" not in tables:
        raise StoreError(
            f"the database at {redacted(str(engine.url))} already holds tables that are not Almanac's "
            f"({', '.join(sorted(tables)[:5])}); point DATABASE_URL at an empty database or an Almanac one"
        )
    version = migrate.current_revision(engine)
    if version is not None and version not in known_revisions():
        raise StoreError(f"the database's schema version {version} is newer than this release knows; upgrade Almanac")
    migrate.upgrade(engine)
    if seed is not None:
        seed(engine)
