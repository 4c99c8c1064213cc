"""The console and `call` keep to a database of their own unless told which one to use, so
trying `/quiz now` offline never leaves a post in the bot's database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import bot.cli
from bot.cli import main
from bot.settings import DEFAULT_DB_PATH, Settings


def _posts(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM quizpost").fetchone()[0]


def _state(path: Path) -> tuple[int, int] | None:
    return (path.stat().st_mtime_ns, path.stat().st_size) if path.exists() else None


@pytest.fixture
def offline_db(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "almanac-offline.db"
    monkeypatch.setattr(bot.cli, "OFFLINE_DATABASE_URL", f"sqlite:///{path}")
    return path


def test_call_uses_its_own_database_by_default(offline_db, data_dir, capfd):
    before = _state(DEFAULT_DB_PATH)
    assert main(["call", "quiz", "now", "--moderator"], settings=Settings(data_dir=data_dir)) == 0
    assert "Posted a question" in capfd.readouterr().out
    assert _posts(offline_db) == 1
    assert _state(DEFAULT_DB_PATH) == before, "the bot's database was not touched"


def test_a_chosen_database_is_used(offline_db, tmp_path, data_dir, capfd):
    chosen = tmp_path / "chosen.db"
    argv = ["call", "quiz", "now", "--moderator", "--database", f"sqlite:///{chosen}"]
    assert main(argv, settings=Settings(data_dir=data_dir)) == 0
    named = tmp_path / "named.db"  # DATABASE_URL set to a database of one's own (as ../shared/tools do)
    assert main(["call", "quiz", "now", "--moderator"], settings=Settings(database_url=f"sqlite:///{named}")) == 0
    assert _posts(chosen) == 1 and _posts(named) == 1
    assert not offline_db.exists()
