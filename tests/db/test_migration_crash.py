"""A process killed in the middle of a migration: the next start finishes the upgrade."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys

from sqlalchemy import inspect
from sqlmodel import select

from bot.settings import PROJECT_ROOT
from db import migrate
from db.models import Fact
from db.store import Store
from tests.db.test_upgrade_old_release import FIXTURE
from tests.dbs import sqlite_only

pytestmark = sqlite_only


def _start_and_die(url: str, data_dir, kill_at: int) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "tests.db.crash_worker", url, str(data_dir), str(kill_at)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr[-2000:]


def test_killed_while_upgrading_an_old_database(tmp_path, data_dir):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(FIXTURE.read_text(encoding="utf-8"))
    conn.close()
    url = f"sqlite:///{path}"
    _start_and_die(url, data_dir, kill_at=3)  # 0002 made `meta`; 0003 has made one of its tables

    store = Store.open(url, data_dir=data_dir)  # the next start
    try:
        assert migrate.current_revision(store.engine) == migrate.head_revision(store.engine)
        assert {"quizpost", "quizanswer", "quizconfig", "meta"} <= set(inspect(store.engine).get_table_names())
        with store.session() as session:
            edited = session.exec(select(Fact).where(Fact.key == "a000-054")).one()
            assert edited.text_en == "Edited by a moderator before the upgrade."
    finally:
        store.close()


def test_killed_while_creating_a_new_database(tmp_path, data_dir):
    url = f"sqlite:///{tmp_path / 'almanac.db'}"
    _start_and_die(url, data_dir, kill_at=9)
    store = Store.open(url, data_dir=data_dir)
    try:
        assert migrate.current_revision(store.engine) == migrate.head_revision(store.engine)
        with store.session() as session:
            assert len(session.exec(select(Fact)).all()) > 400
    finally:
        store.close()
