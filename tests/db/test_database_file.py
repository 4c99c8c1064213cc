"""The database file at start and around backups: a missing file is created, but an empty,
foreign or damaged one is refused with what to do, and never silently rebuilt from data/."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.cli import main
from bot.settings import Settings
from db.models import Fact
from db.startup import StoreError
from db.store import Store
from tests.db.damage import break_a_foreign_key, overwrite_an_index_page
from tests.dbs import sqlite_only

pytestmark = sqlite_only


def _path(url: str) -> Path:
    return Path(make_url(url).database)


def _edit_fact_one(url: str, text: str) -> None:
    store = Store.open(url)
    with store.session() as session:
        session.get(Fact, 1).text_en = text
    store.close()


def _refused(capsys, argv: list[str], url: str, data_dir: Path) -> str:
    assert main(argv, settings=Settings(database_url=url, data_dir=data_dir)) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Traceback" not in err
    return err


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty (0 bytes)"),
        (b"PK\x03\x04 a zip file, say" * 200, "not a SQLite database"),
    ],
    ids=["empty", "not-sqlite"],
)
def test_an_empty_or_foreign_file_is_refused_not_rebuilt(tmp_path, data_dir, capsys, content, reason):
    db = tmp_path / "almanac.db"
    db.write_bytes(content)
    url = f"sqlite:///{db}"
    with pytest.raises(StoreError, match="db restore"):
        Store.open(url, data_dir=data_dir)
    err = _refused(capsys, ["db", "upgrade"], url, data_dir)
    assert reason in err and "--new-database" in err
    assert db.read_bytes() == content, "the file was left exactly as it was"


def test_another_programs_sqlite_database_is_refused(tmp_path, data_dir, capsys):
    db = tmp_path / "almanac.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('mine')")
    conn.close()
    err = _refused(capsys, ["db", "upgrade"], f"sqlite:///{db}", data_dir)
    assert "not an Almanac database" in err
    assert sqlite3.connect(db).execute("SELECT body FROM notes").fetchall() == [("mine",)]


def test_new_database_keeps_the_unusable_file_aside(tmp_path, data_dir, capsys):
    db = tmp_path / "almanac.db"
    db.write_bytes(b"")
    settings = Settings(database_url=f"sqlite:///{db}", data_dir=data_dir)
    assert main(["db", "upgrade", "--new-database"], settings=settings) == 0
    kept = list(tmp_path.glob("almanac.db.unusable-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == b""
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM fact").fetchone()[0] > 400


def test_a_damaged_index_stops_the_start_and_export_but_not_the_data(db_copy, tmp_path, data_dir, capsys):
    _edit_fact_one(db_copy, "A moderator's correction.")
    overwrite_an_index_page(_path(db_copy))
    damaged = _path(db_copy).read_bytes()
    with pytest.raises(StoreError, match="damaged"):
        Store.open(db_copy, data_dir=data_dir)
    assert "damaged" in _refused(capsys, ["db", "upgrade"], db_copy, data_dir)
    assert "damaged" in _refused(capsys, ["data", "export", str(tmp_path / "export")], db_copy, data_dir)
    assert not (tmp_path / "export").exists()
    assert "not intact" in _refused(capsys, ["db", "backup", str(tmp_path / "b.db")], db_copy, data_dir)
    assert not (tmp_path / "b.db").exists(), "no backup that only looks like one"
    assert _path(db_copy).read_bytes() == damaged


def test_restore_over_a_damaged_database_keeps_its_files(db_copy, tmp_path, data_dir, capsys):
    settings = Settings(database_url=db_copy, data_dir=data_dir)
    assert main(["db", "backup", str(tmp_path / "good.db")], settings=settings) == 0
    _edit_fact_one(db_copy, "Written after the backup.")
    overwrite_an_index_page(_path(db_copy))
    damaged = _path(db_copy).read_bytes()

    assert main(["db", "restore", str(tmp_path / "good.db"), "--yes"], settings=settings) == 0
    assert "previous database is kept at" in capsys.readouterr().out
    kept = [p for p in tmp_path.glob("almanac.db.before-restore-*") if p.name.endswith("Z")]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged, "the damaged file is kept as it was"
    store = Store.open(db_copy, data_dir=data_dir)  # starts again
    with store.session() as session:
        assert session.get(Fact, 1).text_en != "Written after the backup."
    store.close()


def test_restore_refuses_a_backup_with_broken_foreign_keys(db_copy, tmp_path, capsys):
    settings = Settings(database_url=db_copy)
    assert main(["db", "backup", str(tmp_path / "b.db")], settings=settings) == 0
    break_a_foreign_key(tmp_path / "b.db")
    before = _path(db_copy).read_bytes()
    assert main(["db", "restore", str(tmp_path / "b.db"), "--yes"], settings=settings) == 1
    assert "citation → fact" in capsys.readouterr().err
    assert _path(db_copy).read_bytes() == before


def test_backup_and_export_refuse_existing_and_unwritable_paths(db_copy, tmp_path, data_dir, capsys):
    (tmp_path / "taken.db").write_bytes(b"someone's file")
    assert "already exists" in _refused(capsys, ["db", "backup", str(tmp_path / "taken.db")], db_copy, data_dir)
    assert (tmp_path / "taken.db").read_bytes() == b"someone's file"
    assert "is a file" in _refused(capsys, ["data", "export", str(tmp_path / "taken.db")], db_copy, data_dir)
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("keep")
    assert "not empty" in _refused(capsys, ["data", "export", str(tmp_path / "full")], db_copy, data_dir)
    blocked = tmp_path / "taken.db" / "sub"  # a folder inside a file: cannot be created by anyone
    assert "cannot write the backup" in _refused(capsys, ["db", "backup", str(blocked / "b.db")], db_copy, data_dir)
    assert "cannot write the export" in _refused(capsys, ["data", "export", str(blocked)], db_copy, data_dir)


def test_seed_with_a_missing_folder_says_so(db_copy, tmp_path, data_dir, capsys):
    err = _refused(capsys, ["db", "seed", "--data", str(tmp_path / "nowhere")], db_copy, data_dir)
    assert "no dataset folder" in err


def test_the_database_folder_cannot_be_created(tmp_path, data_dir, capsys):
    (tmp_path / "file").write_text("x")
    err = _refused(capsys, ["db", "upgrade"], f"sqlite:///{tmp_path / 'file' / 'almanac.db'}", data_dir)
    assert "cannot open the database" in err


def test_a_half_created_database_is_made_again(tmp_path, data_dir):
    db = tmp_path / "almanac.db"
    (tmp_path / "almanac.db.new").write_bytes(b"left by a start that died while creating")
    Store.open(f"sqlite:///{db}", data_dir=data_dir).close()
    assert not (tmp_path / "almanac.db.new").exists()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM fact").fetchone()[0] > 400


def test_copy_of_a_good_database_opens(db_copy, tmp_path, data_dir):
    shutil.copy(_path(db_copy), tmp_path / "other.db")
    Store.open(f"sqlite:///{tmp_path / 'other.db'}", data_dir=data_dir).close()
