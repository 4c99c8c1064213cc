"""`source propose` on articles of our own about events after the store's last date: recall and precision.

Each fixture under tests/fixtures/articles/ is an article we wrote (.txt) and the statements a careful
editor would take from it (.yaml). The proposer must find at least 80% of them without flooding the
review queue (at most 3 proposals per expected statement).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.domain.dataset import load_roles
from bot.domain.dates import PartialDate
from bot.domain.names import normalise
from bot.domain.statements import dates_compatible
from bot.settings import DEFAULT_DATA_DIR, Settings

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
FIXTURES = sorted(ARTICLES.glob("*.yaml"))
VOCAB = load_roles(DEFAULT_DATA_DIR)


def _same_name(expected: str | None, got: str | None) -> bool:
    return (expected is None and got is None) or (
        expected is not None and got is not None and normalise(expected) == normalise(got)
    )


def _same_role(expected: str | None, item: dict) -> bool:
    if expected is None:
        return True
    want = VOCAB.match(expected, None)
    got = VOCAB.match(item.get("role_en"), item.get("role_zh"))
    return want is not None and got is not None and want.id == got.id


def _same_start(expected: str | None, got: str | None) -> bool:
    """The proposal's date agrees with the editor's and is at least as precise."""
    if expected is None:
        return True
    if got is None:
        return False
    want, have = PartialDate.parse(expected), PartialDate.parse(got)
    return dates_compatible(want, have) and have.precision >= want.precision


def matches(expected: dict, item: dict) -> bool:
    return (
        item["predicate"] == expected["predicate"]
        and _same_name(expected["subject"], item["subject"])
        and _same_name(expected.get("object"), item["object"])
        and (expected.get("destination") is None or _same_name(expected["destination"], item["destination"]))
        and _same_role(expected.get("role"), item)
        and _same_start(expected.get("start"), item["start"])
    )


def _propose(path: Path, meta: dict, db_url: str, capsys) -> list[dict]:
    capsys.readouterr()
    args = ["source", "propose", str(path), "--published", str(meta["published"]), "--json"]
    args += ["--title", meta["title"], "--publisher", meta["publisher"]]
    assert main(args, settings=Settings(database_url=db_url)) == 0
    return json.loads(capsys.readouterr().out)


def test_there_are_fixtures_in_both_scripts():
    scripts = {yaml.safe_load(p.read_text(encoding="utf-8"))["script"] for p in FIXTURES}
    assert {"traditional", "simplified"} <= scripts
    assert len(FIXTURES) >= 3


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_source_propose_recall_and_precision(fixture: Path, db_copy: str, capsys):
    meta = yaml.safe_load(fixture.read_text(encoding="utf-8"))
    article = fixture.with_suffix(".txt")
    items = _propose(article, meta, db_copy, capsys)
    expected = meta["expected"]
    found = [e for e in expected if any(matches(e, i) for i in items)]
    useful = [i for i in items if any(matches(e, i) for e in expected)]
    recall = len(found) / len(expected)
    precision = len(useful) / len(items) if items else 0.0
    missed = [e for e in expected if e not in found]
    with capsys.disabled():
        print(
            f"\n{fixture.stem}: recall {recall:.0%} ({len(found)}/{len(expected)}), "
            f"precision {precision:.0%} ({len(useful)}/{len(items)})"
        )
    assert recall >= 0.8, f"missed: {missed}"
    assert len(items) <= 3 * len(expected)
    lines = article.read_text(encoding="utf-8").splitlines()
    for item in items:
        assert set(item) >= {
            "subject",
            "predicate",
            "object",
            "destination",
            "role",
            "start",
            "end",
            "text_en",
            "text_zh",
            "line",
            "anchor",
            "confidence",
        }
        assert item["anchor"] in lines[item["line"] - 1] and 2 <= len(item["anchor"]) <= 24
        assert 0 <= item["confidence"] <= 1
        # Our own wording, never the article's sentence.
        assert item["text_zh"].rstrip("。") not in article.read_text(encoding="utf-8")
