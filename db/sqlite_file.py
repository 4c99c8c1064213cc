"""The SQLite file on disk: where it is, whether it is an intact Almanac database, and a guard
that refuses to commit once the file a running process opened was deleted or replaced."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError

log = logging.getLogger(__name__)

HEADER = b"SQLite format 3\x00"
REQUIRED_TABLES = {"source", "entity", "alias", "fact", "citation", "revision", "alembic_version"}
SIDE_FILES = ("-wal", "-shm", "-journal")


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL; None for another database or an in-memory one."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database).expanduser()


def with_side_files(path: Path) -> list[Path]:
    """The database file and whichever of its WAL, shared-memory and journal files exist."""
    return [path, *(p for p in (path.with_name(path.name + s) for s in SIDE_FILES) if p.exists())]


def known_revisions() -> set[str]:
    from db.migrate import MIGRATIONS_DIR

    return {rev.revision for rev in ScriptDirectory(str(MIGRATIONS_DIR)).walk_revisions()}


def problems(path: Path, *, thorough: bool = False, foreign_keys: bool = False) -> list[str]:
    """Why `path` is not an intact Almanac database (empty list: it is).

    `thorough` runs the full integrity check (it also compares every index with its table);
    otherwise the quicker structural check, fast enough for every start. `foreign_keys` also
    reports rows that point at rows that do not exist.
    """
    if not path.is_file():
        return [f"{path} does not exist"]
    if path.stat().st_size == 0:
        return ["the file is empty (0 bytes)"]
    with path.open("rb") as raw:
        if raw.read(len(HEADER)) != HEADER:
            return ["the file is not a SQLite database"]
    found: list[str] = []
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30) as conn:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            check = "integrity_check" if thorough else "quick_check"
            verdict = [" ".join(str(row[0]).split()) for row in conn.execute(f"PRAGMA {check}")]
            if verdict != ["ok"]:
                found.append(f"the file is damaged ({check}: {'; '.join(verdict[:3])})")
            version = (
                conn.execute("SELECT version_num FROM alembic_version").fetchone()
                if "alembic_version" in tables
                else None
            )
            dangling = conn.execute("PRAGMA foreign_key_check").fetchall() if foreign_keys and not found else []
    except sqlite3.OperationalError as exc:
        if "unable to open" in str(exc):
            raise  # the file could not be opened here (permissions, a read-only mount): not damage
        return [f"the file cannot be read as a database ({exc})"]
    except sqlite3.DatabaseError as exc:
        return [f"the file cannot be read as a database ({exc})"]
    missing = REQUIRED_TABLES - tables
    if missing:
        found.append(f"it is not an Almanac database (missing tables: {', '.join(sorted(missing))})")
    if version is not None and version[0] not in known_revisions():
        found.append(f"its schema version {version[0]} is newer than this release knows")
    if dangling:
        pointing = sorted({f"{table} → {parent}" for table, _rowid, parent, _fk in dangling})
        found.append(f"{len(dangling)} rows point at rows that do not exist ({', '.join(pointing)})")
    return found


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


def guard_against_replacement(engine: Engine, path: Path) -> None:
    """Refuse every commit once `path` is no longer the file this engine first opened.

    SQLite keeps writing to a deleted file through its open handle: without this, a write made
    after someone deleted (or swapped) the database would be acknowledged and then lost.
    """
    opened: list[tuple[int, int] | None] = []

    def _check(_conn: object) -> None:
        now = _identity(path)
        if not opened:
            opened.append(now)
        elif now != opened[0]:
            log.error("the database file %s was deleted or replaced while in use; restart Almanac", path)
            raise OperationalError(
                "COMMIT",
                None,
                sqlite3.OperationalError(f"the database file {path} was deleted or replaced while in use"),
            )

    event.listen(engine, "connect", lambda _dbapi, _record: _check(None))
    event.listen(engine, "commit", _check)
