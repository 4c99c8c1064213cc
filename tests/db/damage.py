"""Ways a SQLite database file gets damaged, for the fault tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def overwrite_an_index_page(path: Path) -> None:
    """4 KiB of garbage over the first page of the largest index, as a failing disk would leave it."""
    with sqlite3.connect(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE type='index' AND name LIKE 'ix_fact%' ORDER BY rootpage LIMIT 1"
        ).fetchone()[0]
    conn.close()
    with path.open("r+b") as raw:
        raw.seek((root - 1) * page_size)
        raw.write(bytes((n * 37 + 11) % 256 for n in range(4096)))


def break_a_foreign_key(path: Path) -> None:
    """A citation that points at a fact that is not there (written with the checks off)."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("UPDATE citation SET fact_id = 999999 WHERE rowid = (SELECT min(rowid) FROM citation)")
    conn.close()
