"""A database made by an older release (schema 0001, with a moderator edit) upgrades without loss."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import inspect
from sqlmodel import select

from db import migrate
from db.models import Fact, Revision
from db.store import Store
from tests.dbs import sqlite_only

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "almanac-schema-0001.sql"


def test_old_database_upgrades_and_keeps_moderator_edits(tmp_path, data_dir):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(FIXTURE.read_text(encoding="utf-8"))
    with sqlite3.connect(path) as conn:
        old_facts = conn.execute("SELECT count(*) FROM fact").fetchone()[0]
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"

    store = Store.open(f"sqlite:///{path}", data_dir=data_dir)  # what a start of the new release does
    try:
        assert migrate.current_revision(store.engine) == migrate.head_revision(store.engine)
        assert {"quizpost", "quizanswer", "guildconfig", "meta"} <= set(inspect(store.engine).get_table_names())
        with store.session() as session:
            edited = session.exec(select(Fact).where(Fact.key == "a000-054")).one()
            assert edited.text_en == "Edited by a moderator before the upgrade."
            assert edited.version == 2 and edited.dataset_hash is None
            history = session.exec(select(Revision).where(Revision.fact_id == edited.id)).all()
            assert [r.action for r in sorted(history, key=lambda r: r.version)] == ["seed", "edit"]
            total = len(session.exec(select(Fact)).all())
        assert total > old_facts  # the rest of the dataset arrived
    finally:
        store.close()


pytestmark = sqlite_only
