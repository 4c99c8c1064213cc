"""The fact store on a real SQLite file: migrations, seeding, idempotence, local edits kept."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

from sqlalchemy import inspect, text
from sqlmodel import select

from bot.domain.names import normalise
from db import migrate
from db.engine import make_engine
from db.models import Alias, Citation, Fact, Revision
from db.queries import store_counts
from db.store import Store
from tests.dbs import sqlite_only


def test_migrations_build_the_schema_from_an_empty_database(db_url):
    engine = make_engine(db_url)
    assert migrate.current_revision(engine) is None
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"source", "entity", "alias", "fact", "citation", "revision", "alembic_version"} <= tables
    migrate.upgrade(engine)  # a second upgrade is a no-op
    engine.dispose()


@sqlite_only
def test_sqlite_runs_in_wal_mode_with_foreign_keys(store):
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_first_start_loads_the_whole_dataset(store, dataset):
    with store.session() as session:
        counts = store_counts(session=session)
        assert counts["sources"] == len(dataset.sources)
        assert counts["entities"] == len(dataset.entities)
        assert counts["facts"] == len(dataset.facts)
        citations = session.exec(select(Citation)).all()
        assert len(citations) == sum(len(f.citations) for f in dataset.facts)
        revisions = session.exec(select(Revision)).all()
        assert len(revisions) == len(dataset.facts)  # one "seed" revision per fact
        assert {r.action for r in revisions} == {"seed"}


def test_reseeding_is_idempotent(store, data_dir):
    with store.session() as session:
        before = store_counts(session=session), len(session.exec(select(Revision)).all())
    report = store.seed_from(data_dir)
    assert not report.changed
    with store.session() as session:
        after = store_counts(session=session), len(session.exec(select(Revision)).all())
    assert before == after


def _edit_locally(store: Store, key: str, new_text: str) -> None:
    with store.session() as session:
        fact = session.exec(select(Fact).where(Fact.key == key)).one()
        fact.text_en = new_text
        fact.version += 1
        fact.dataset_hash = None  # what a moderator edit does
        session.add(
            Revision(
                fact_id=fact.id,
                version=fact.version,
                action="edit",
                actor="mod#1",
                reason="test",
                before="{}",
                after="{}",
            )
        )


def _change_dataset_text(src: Path, dst: Path, key: str, new_text: str) -> None:
    shutil.copytree(src, dst)
    for path in (dst / "facts").glob("*.yaml"):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for n, line in enumerate(lines):
            if line.strip() == f"- key: {key}":
                for m in range(n + 1, len(lines)):
                    if lines[m].lstrip().startswith("text_en:"):
                        indent = lines[m][: len(lines[m]) - len(lines[m].lstrip())]
                        lines[m] = f"{indent}text_en: {json.dumps(new_text)}\n"
                        path.write_text("".join(lines), encoding="utf-8")
                        return
    raise AssertionError(f"fact {key} not found")


def test_reseed_applies_changed_dataset_facts_with_a_revision(store, data_dir, dataset, tmp_path):
    key = dataset.facts[0].key
    _change_dataset_text(data_dir, tmp_path / "data2", key, "Reworded by the curators.")
    report = store.seed_from(tmp_path / "data2")
    assert report.facts_updated == 1
    with store.session() as session:
        fact = session.exec(select(Fact).where(Fact.key == key)).one()
        assert fact.text_en == "Reworded by the curators."
        assert fact.version == 2
        rev = session.exec(select(Revision).where(Revision.fact_id == fact.id, Revision.version == 2)).one()
        assert rev.action == "update"
        assert json.loads(rev.before)["text_en"] == dataset.facts[0].text_en


def test_reseed_never_overwrites_a_moderator_edit(store, data_dir, dataset, tmp_path):
    key = dataset.facts[1].key
    _edit_locally(store, key, "Corrected by a moderator.")
    _change_dataset_text(data_dir, tmp_path / "data2", key, "Reworded by the curators.")
    report = store.seed_from(tmp_path / "data2")
    assert key in report.facts_kept_local
    reopened = Store.open(
        store.engine.url.render_as_string(hide_password=False), data_dir=tmp_path / "data2"
    )  # a restart
    with reopened.session() as session:
        fact = session.exec(select(Fact).where(Fact.key == key)).one()
        assert fact.text_en == "Corrected by a moderator."
        assert fact.version == 2
    reopened.close()


def test_a_removed_alias_is_not_brought_back_by_a_reseed(store, data_dir):
    with store.session() as session:
        alias = session.exec(select(Alias).where(Alias.norm == normalise("Sam Altaman"))).one()
        alias.active = False
    store.invalidate_names()
    store.seed_from(data_dir)
    with store.session() as session:
        assert not session.exec(select(Alias).where(Alias.norm == normalise("Sam Altaman"))).one().active
    assert store.names.resolve("Sam Altaman").best.exact is False


def test_name_index_from_the_store_resolves_aliases(store):
    result = store.names.resolve("蘇特斯科夫")
    assert result.found and result.best.entity_id == "ilya-sutskever"


async def test_run_answers_from_memory_on_the_loop_and_goes_to_a_thread_for_the_database(store):
    """A cached answer costs no thread hand-off; anything that needs the database never blocks the loop."""
    built_in: list[str] = []
    answered_in: list[str] = []

    def count_facts() -> int:
        def build() -> int:
            with store.session() as session:
                built_in.append(threading.current_thread().name)
                return store_counts(session=session)["facts"]

        value = store.memo(("test-count",), build)
        answered_in.append(threading.current_thread().name)
        return value

    loop_thread = threading.current_thread().name
    first = await store.run(count_facts)
    assert len(built_in) == 1 and built_in[0] != loop_thread  # the database was read in a worker thread
    assert await store.run(count_facts) == first
    assert len(built_in) == 1
    assert answered_in[-1] == loop_thread  # the second answer came from memory, right on the loop


async def test_run_is_not_fooled_by_code_that_catches_every_exception(store):
    """Work that swallows `Exception` still gets its database: the switch to a thread is not an error."""

    def careful() -> str:
        try:
            with store.session() as session:
                return f"{store_counts(session=session)['facts']} facts"
        except Exception:  # noqa: BLE001 - what the test is about
            return "failed"

    assert (await store.run(careful)).endswith(" facts")


async def test_run_never_waits_on_the_loop_for_the_name_index(store):
    store.invalidate_names()
    resolved = await store.run(lambda: store.names.resolve("Ilya Sutskever").best.entity_id)
    assert resolved == "ilya-sutskever"
