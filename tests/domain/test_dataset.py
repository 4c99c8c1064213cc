"""The shipped dataset validates, and broken files are reported by file, entry and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.domain.dataset import DEPARTURE_PREDICATES, DatasetError, Predicate, load_dataset


def test_shipped_dataset_is_valid_and_substantial(dataset):
    counts = dataset.counts()
    assert counts["sources"] == 5
    assert counts["people"] >= 50
    assert counts["facts"] >= 150
    assert counts["departures"] >= 20
    assert counts["dated events"] >= 80
    assert counts["disputes"] >= 2


def test_citation_anchors_are_found_in_the_articles(data_dir, articles_dir):
    if articles_dir is None:
        pytest.skip("source articles are not beside the project")
    load_dataset(data_dir, articles_dir=articles_dir)


def test_every_source_is_cited(dataset):
    cited = {c.source for f in dataset.facts for c in f.citations}
    assert cited == {s.id for s in dataset.sources}


def test_the_eleven_founders_are_recorded(dataset):
    founders = {f.subject for f in dataset.facts if f.predicate is Predicate.FOUNDED and f.object == "openai"}
    expected = {
        "sam-altman",
        "greg-brockman",
        "ilya-sutskever",
        "wojciech-zaremba",
        "john-schulman",
        "andrej-karpathy",
        "elon-musk",
        "trevor-blackwell",
        "vicki-cheung",
        "durk-kingma",
        "pamela-vagata",
    }
    assert expected <= founders


def test_disputed_claims_have_at_least_two_sides_with_sources(dataset):
    groups: dict[str, list] = {}
    for fact in dataset.facts:
        if fact.dispute:
            groups.setdefault(fact.dispute, []).append(fact)
    assert "superalignment-founding-date" in groups
    for key, claims in groups.items():
        assert len(claims) >= 2, f"dispute {key} has one side only"


def test_departures_name_who_left(dataset):
    departures = [f for f in dataset.facts if f.predicate in DEPARTURE_PREDICATES]
    assert {"ilya-sutskever", "jan-leike", "john-schulman", "mira-murati", "andrej-karpathy"} <= {
        f.subject for f in departures
    }


@pytest.fixture
def broken_copy(tmp_path: Path, data_dir: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(data_dir, target)
    return target


def _problems(path: Path) -> list[str]:
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    return [str(p) for p in info.value.problems]


def _append_fact(folder: Path, text: str) -> None:
    path = folder / "facts" / "zz-test.yaml"
    path.write_text("facts:\n" + text, encoding="utf-8")


GOOD_FACT = """  - key: zz-001
    predicate: joined
    subject: sam-altman
    object: openai
    start: "{start}"
    text_en: "A test fact."
    text_zh: "測試。"
    citations:
      - source: {source}
        line: 1
        anchor: "OpenAI"
"""


def test_bad_date_names_file_entry_and_field(broken_copy):
    _append_fact(broken_copy, GOOD_FACT.format(start="2023-13-01", source="a000"))
    assert any(p.startswith("facts/zz-test.yaml: zz-001: start:") and "2023-13-01" in p for p in _problems(broken_copy))


def test_unknown_source_and_entity_are_reported(broken_copy):
    _append_fact(broken_copy, GOOD_FACT.format(start="2023", source="nope").replace("sam-altman", "nobody-known"))
    problems = _problems(broken_copy)
    assert any("zz-001: subject: unknown entity 'nobody-known'" in p for p in problems)
    assert any("zz-001: citations.0.source: unknown source 'nope'" in p for p in problems)


def test_fact_without_citation_is_refused(broken_copy):
    text = GOOD_FACT.format(start="2023", source="a000").split("    citations:")[0] + "    citations: []\n"
    _append_fact(broken_copy, text)
    assert any("zz-001: citations:" in p for p in _problems(broken_copy))


def test_duplicate_fact_key_is_reported(broken_copy, dataset):
    existing = dataset.facts[0].key
    _append_fact(broken_copy, GOOD_FACT.format(start="2023", source="a000").replace("zz-001", existing))
    assert any(f"{existing}: key: used by more than one fact" in p for p in _problems(broken_copy))


def test_invalid_yaml_is_reported_with_its_line(broken_copy):
    (broken_copy / "facts" / "zz-test.yaml").write_text("facts:\n  - key: [unclosed\n", encoding="utf-8")
    assert any(p.startswith("facts/zz-test.yaml: line") and "not valid YAML" in p for p in _problems(broken_copy))


def test_unknown_field_is_refused(broken_copy):
    _append_fact(broken_copy, GOOD_FACT.format(start="2023", source="a000") + "    colour: blue\n")
    assert any("zz-001: colour: Extra inputs are not permitted" in p for p in _problems(broken_copy))


def test_anchor_not_on_its_line_is_reported(broken_copy, articles_dir):
    if articles_dir is None:
        pytest.skip("source articles are not beside the project")
    _append_fact(broken_copy, GOOD_FACT.format(start="2023", source="a000").replace('"OpenAI"', '"no such words"'))
    with pytest.raises(DatasetError) as info:
        load_dataset(broken_copy, articles_dir=articles_dir)
    assert any("zz-001: citations.0: anchor 'no such words' not found on line 1" in str(p) for p in info.value.problems)
