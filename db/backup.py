"""Online backups of the SQLite store, and a restore that checks a backup before using it."""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from db import migrate

log = logging.getLogger(__name__)

REQUIRED_TABLES = {"source", "entity", "alias", "fact", "citation", "revision", "alembic_version"}


class BackupError(Exception):
    pass


def sqlite_path(url: str) -> Path:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        raise BackupError("backup and restore work on a SQLite file; for PostgreSQL use pg_dump / pg_restore")
    return Path(parsed.database)


def backup(url: str, target: Path) -> Path:
    """A consistent copy while the bot runs (SQLite's backup API copies a snapshot page by page)."""
    source = sqlite_path(url)
    if not source.is_file():
        raise BackupError(f"there is no database at {source}")
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source, timeout=30) as live, sqlite3.connect(target) as copy:
        live.backup(copy)
    problems = check(target)
    if problems:
        raise BackupError(f"the copy at {target} did not check out: {'; '.join(problems)}")
    return target


def check(path: Path) -> list[str]:
    """Why `path` is not a usable Almanac database (empty list: it is)."""
    if not path.is_file():
        return [f"{path} does not exist"]
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            version = (
                conn.execute("SELECT version_num FROM alembic_version").fetchone()
                if "alembic_version" in tables
                else None
            )
    except sqlite3.DatabaseError as exc:
        return [f"not a SQLite database: {exc}"]
    problems = []
    if integrity != "ok":
        problems.append(f"integrity check failed: {integrity}")
    missing = REQUIRED_TABLES - tables
    if missing:
        problems.append(f"missing tables: {', '.join(sorted(missing))}")
    if version is not None:
        known = {rev.revision for rev in ScriptDirectory(str(migrate.MIGRATIONS_DIR)).walk_revisions()}
        if version[0] not in known:
            problems.append(f"schema version {version[0]} is newer than this release knows")
    return problems


def restore(url: str, backup_file: Path) -> Path:
    """Replace the live database with a checked backup; the current one is kept beside it first.

    Returns the path of that safety copy. The restored database is then migrated to this release.
    """
    problems = check(backup_file)
    if problems:
        raise BackupError(f"{backup_file} cannot be restored: {'; '.join(problems)}")
    live = sqlite_path(url)
    safety = live.with_name(f"{live.name}.before-restore-{datetime.now(UTC):%Y%m%dT%H%M%SZ}")
    if live.is_file():
        backup(url, safety)
    with sqlite3.connect(backup_file) as source, sqlite3.connect(live, timeout=30) as target:
        source.backup(target)
    from db.engine import make_engine

    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    return safety
