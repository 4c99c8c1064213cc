"""Online backups of the SQLite store, and a restore that checks a backup before using it."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from db import migrate
from db.sqlite_file import problems, sqlite_path, with_side_files

log = logging.getLogger(__name__)


class BackupError(Exception):
    pass


def live_path(url: str) -> Path:
    path = sqlite_path(url)
    if path is None:
        raise BackupError("backup and restore work on a SQLite file; for PostgreSQL use pg_dump / pg_restore")
    return path


def backup(url: str, target: Path) -> Path:
    """A consistent copy while the bot runs (SQLite's backup API copies a snapshot page by page).
    Refuses a damaged database: a copy of it would only look like a backup."""
    source = live_path(url)
    if not source.is_file():
        raise BackupError(f"there is no database at {source}")
    found = problems(source)
    if found:
        raise BackupError(f"the database {source} is not intact, so no backup was made: {'; '.join(found)}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(source, timeout=30) as live, sqlite3.connect(target) as copy:
            live.backup(copy)
        live.close()
        copy.close()
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"cannot write the backup to {target}: {exc}") from exc
    found = check(target)
    if found:
        raise BackupError(f"the copy at {target} did not check out: {'; '.join(found)}")
    return target


def check(path: Path) -> list[str]:
    """Why `path` is not a usable Almanac backup (empty list: it is): the full integrity check,
    the tables, a schema version this release knows, and no row pointing at a missing row."""
    return problems(path, thorough=True, foreign_keys=True)


def restore(url: str, backup_file: Path) -> Path:
    """Replace the live database with a checked backup; the current one is kept beside it first.

    Returns the path of that safety copy. The restored database is then migrated to this release.
    """
    found = check(backup_file)
    if found:
        raise BackupError(f"{backup_file} cannot be restored: {'; '.join(found)}")
    live = live_path(url)
    safety = live.with_name(f"{live.name}.before-restore-{datetime.now(UTC):%Y%m%dT%H%M%SZ}")
    if live.is_file():
        keep_safety_copy(url, live, safety)
    incoming = live.with_name(live.name + ".restoring")
    incoming.unlink(missing_ok=True)
    with sqlite3.connect(backup_file) as source, sqlite3.connect(incoming) as target:
        source.backup(target)
    source.close()
    target.close()
    for stale in with_side_files(live)[1:]:  # the old WAL must never be replayed onto the backup
        stale.unlink()
    os.replace(incoming, live)
    from db.engine import make_engine

    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    return safety


def keep_safety_copy(url: str, live: Path, safety: Path) -> None:
    """A consistent online copy when the live database reads well; otherwise its files exactly
    as they are (a damaged database cannot be copied through SQLite, and is worth keeping)."""
    if not problems(live):
        backup(url, safety)
        return
    log.warning("the live database %s is damaged: keeping its raw files as %s", live, safety)
    for file in with_side_files(live):
        shutil.copy2(file, safety.with_name(safety.name + file.name[len(live.name) :]))
