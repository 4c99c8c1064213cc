"""`data export` writes the store (moderator changes included) so another instance seeds the same."""

from __future__ import annotations

from sqlmodel import select

from bot.cli import main
from bot.domain.dataset import load_dataset
from bot.i18n import Lang
from bot.services import facts
from bot.services.export import export
from bot.settings import Settings
from db.edits import citations_of
from db.models import Alias, Entity, Fact, Source
from db.queries import fact_snapshot, fact_view
from db.store import Store


def _state(store: Store) -> dict:
    with store.session() as session:
        return {
            "facts": {f.key: fact_snapshot(f, citations_of(session, f.id)) for f in session.exec(select(Fact))},
            "aliases": {(a.entity_id, a.norm) for a in session.exec(select(Alias).where(Alias.active == True))},  # noqa: E712
            "entities": {e.id: (e.name_en, e.name_zh) for e in session.exec(select(Entity))},
            "sources": {s.id: (s.title_en, s.url) for s in session.exec(select(Source))},
        }


def test_export_then_reseed_gives_the_same_store(store, tmp_path, databases):
    lang = Lang.EN
    added = facts.add_fact(
        store,
        facts.FactInput(
            subject="mira-murati",
            predicate="event",
            source="new",
            source_url="https://example.org/x",
            source_title="Later news",
            text_en="A moderator's fact.",
            start="2024-10",
        ),
        lang,
        actor="1",
    )
    with store.session() as session:
        target = session.exec(select(Fact).where(Fact.subject_id == "jan-leike")).first()
        form = facts.edit_form(fact_view(target.id, session=session), lang)
    outcome = facts.edit_fact(
        store, form, {"text_en": "Edited text.", "dates": "2024-05"}, reason="test", lang=lang, actor="1"
    )
    assert outcome.status == "ok"
    facts.retract_fact(store, added.fact.id, "wrong", lang, actor="1")
    facts.add_alias(store, "ilya-sutskever", "Ilyusha", lang, actor="1")
    facts.remove_alias(store, "sam-altman", "Sam Altaman", lang, actor="1")

    export(store, tmp_path / "exported")
    load_dataset(tmp_path / "exported")  # it validates
    copy = Store.open(databases.new(tmp_path, "copy"), data_dir=tmp_path / "exported")
    try:
        assert _state(copy) == _state(store)
        assert copy.names.resolve("Ilyusha").best.entity_id == "ilya-sutskever"
    finally:
        copy.close()


def test_export_command(tmp_path, capsys, db_url, dataset):
    settings = Settings(database_url=db_url)
    assert main(["data", "export", str(tmp_path / "out")], settings=settings) == 0
    counts = f"exported {len(dataset.facts)} facts, {len(dataset.entities)} entities, {len(dataset.sources)} sources"
    assert counts in capsys.readouterr().out
    assert (tmp_path / "out" / "facts" / "a000.yaml").is_file()
