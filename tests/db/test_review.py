"""New sources and the review queue on a real database: stored text, queued proposals, decisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.dataset import load_dataset
from bot.services import review
from bot.services.export import export
from bot.services.review import ReviewError
from bot.services.statements import statements
from db.store import Store

ARTICLE = Path(__file__).parents[1] / "fixtures" / "articles" / "autumn-2024-tw.txt"


@pytest.fixture
def seeded(db_copy: str, data_dir: Path):
    opened = Store.open(db_copy, data_dir=data_dir)
    yield opened
    opened.close()


def _add(store: Store):
    return review.add_source(
        store,
        ARTICLE.read_text(encoding="utf-8"),
        title="OpenAI autumn changes",
        publisher="Test desk",
        published="2024-11-20",
        url="https://example.org/a",
        actor="mod-1",
    )


def _find(added, subject: str, predicate: str):
    return next(i for i in added.items if i.payload["subject"] == subject and i.payload["predicate"] == predicate)


def test_adding_a_source_stores_its_text_and_queues_proposals(seeded: Store):
    added = _add(seeded)
    assert (
        review.source_text(seeded, added.source_id).splitlines()[2]
        == ARTICLE.read_text(encoding="utf-8").splitlines()[2]
    )
    queued, total = review.pending(seeded)
    assert total == len(added.items) >= 5
    assert [i.id for i in queued] == [i.id for i in added.items]
    assert _find(added, "Greg Brockman", "leave_of_absence").statement_key  # already known: a reference
    assert _find(added, "Miles Brundage", "departed").statement_key is None
    with pytest.raises(ReviewError) as exc:
        _add(seeded)
    assert exc.value.code == "source.duplicate"


def test_approving_a_new_statement_shows_at_once_and_survives_reseeding(seeded: Store, data_dir: Path):
    added = _add(seeded)
    item = _find(added, "Miles Brundage", "departed")
    decision = review.approve(seeded, item.id, actor="mod-2")
    assert decision.item.status == "approved" and decision.fact_id
    assert seeded.names.resolve("布倫戴奇").found  # the new person, by the Chinese family name too
    departed = [st for st in statements(seeded).departures(year=2024) if st.subject.name_en == "Miles Brundage"]
    assert len(departed) == 1 and departed[0].start == "2024-10"
    assert (
        departed[0].citations[0].source_id == added.source_id and departed[0].citations[0].line == item.payload["line"]
    )
    seeded.seed_from(data_dir)
    assert [st for st in statements(seeded).departures(year=2024) if st.subject.name_en == "Miles Brundage"]
    with pytest.raises(ReviewError) as exc:
        review.approve(seeded, item.id, actor="mod-2")
    assert exc.value.code == "review.decided"


def test_approving_a_known_statement_adds_a_reference_not_a_row(seeded: Store):
    before = statements(seeded)
    added = _add(seeded)
    item = _find(added, "Greg Brockman", "leave_of_absence")
    count = len(before.all)
    review.approve(seeded, item.id, actor="mod-2")
    after = statements(seeded)
    assert len(after.all) == count
    st = after.by_claim[item.statement_key]
    assert added.source_id in st.source_ids


def test_rejected_items_stay_with_their_reason(seeded: Store):
    added = _add(seeded)
    first = added.items[0]
    with pytest.raises(ReviewError):
        review.reject(seeded, first.id, actor="mod-2", reason="  ")
    review.reject(seeded, first.id, actor="mod-2", reason="duplicate of an older report")
    kept = review.item(seeded, first.id)
    assert (kept.status, kept.reason, kept.decided_by) == ("rejected", "duplicate of an older report", "mod-2")
    assert first.id not in [i.id for i in review.pending(seeded)[0]]


def test_export_writes_new_sources_with_their_text(seeded: Store, tmp_path: Path):
    added = _add(seeded)
    review.approve(seeded, _find(added, "Miles Brundage", "departed").id, actor="mod-2")
    export(seeded, tmp_path / "out")
    text = (tmp_path / "out" / "articles" / f"{added.source_id}.txt").read_text(encoding="utf-8")
    assert text.strip() == ARTICLE.read_text(encoding="utf-8").strip()
    dataset = load_dataset(tmp_path / "out", articles_dir=tmp_path / "out" / "articles")
    assert any(s.id == added.source_id and s.file == f"{added.source_id}.txt" for s in dataset.sources)
    assert any(e.id == "miles-brundage" for e in dataset.entities)
