"""Backups are consistent copies; restore refuses a bad file and keeps the previous database."""

from __future__ import annotations

import sqlite3

from sqlmodel import select

from bot.cli import main
from bot.settings import Settings
from db.backup import check
from db.models import Fact
from db.store import Store
from tests.dbs import sqlite_only


def test_backup_while_open_and_restore(store, db_url, tmp_path, capsys):
    settings = Settings(database_url=db_url)
    with store.session() as session:
        fact = session.exec(select(Fact).where(Fact.id == 1)).one()
        original = fact.text_en
    assert main(["db", "backup", str(tmp_path / "copy.db")], settings=settings) == 0  # the store is open meanwhile
    assert check(tmp_path / "copy.db") == []
    with store.session() as session:
        session.get(Fact, 1).text_en = "changed after the backup"
    store.close()

    assert main(["db", "restore", str(tmp_path / "copy.db")], settings=settings) == 2  # asks for --yes
    assert main(["db", "restore", str(tmp_path / "copy.db"), "--yes"], settings=settings) == 0
    out = capsys.readouterr().out
    assert "previous database is kept at" in out
    reopened = Store.open(db_url)
    with reopened.session() as session:
        assert session.get(Fact, 1).text_en == original
    reopened.close()
    kept = [p for p in tmp_path.glob("almanac.db.before-restore-*") if p.name.endswith("Z")]
    assert (
        kept
        and sqlite3.connect(kept[0]).execute("SELECT text_en FROM fact WHERE id=1").fetchone()[0]
        == "changed after the backup"
    )


def test_restore_refuses_a_file_that_is_not_a_good_backup(store, db_url, tmp_path, capsys):
    settings = Settings(database_url=db_url)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    assert main(["db", "restore", str(junk), "--yes"], settings=settings) == 1
    assert "cannot be restored" in capsys.readouterr().err
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).execute("CREATE TABLE x (y)").connection.commit()
    assert any("missing tables" in p for p in check(empty))
    with store.session() as session:
        assert session.get(Fact, 1) is not None  # nothing was replaced


def test_backup_needs_sqlite(capsys, tmp_path):
    settings = Settings(database_url="postgresql+psycopg://localhost/almanac")
    assert main(["db", "backup", str(tmp_path / "x.db")], settings=settings) == 2
    assert "pg_dump" in capsys.readouterr().err


pytestmark = sqlite_only
