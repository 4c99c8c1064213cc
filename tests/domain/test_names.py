"""Name resolution over the shipped aliases: every spelling, script, spacing and case."""

from __future__ import annotations

import pytest

from bot.bench.synthetic import scaled
from bot.domain.dataset import load_dataset
from bot.domain.names import NameIndex, _scores, normalise, similarity
from bot.domain.script import to_simplified
from bot.settings import DEFAULT_DATA_DIR

_DATASET = load_dataset(DEFAULT_DATA_DIR)
_ALIASES = sorted({(e.id, name) for e in _DATASET.entities for name in e.all_names()})


@pytest.fixture(scope="module")
def index() -> NameIndex:
    return NameIndex.build(_ALIASES)


def _owners(text: str) -> set[str]:
    return {entity for entity, name in _ALIASES if normalise(name).replace(" ", "") == normalise(text).replace(" ", "")}


@pytest.mark.parametrize(("entity_id", "alias"), _ALIASES, ids=[f"{e}:{a}" for e, a in _ALIASES])
def test_every_alias_resolves_exactly(index, entity_id, alias):
    for variant in {alias, to_simplified(alias), f"  {alias.upper()}  ", alias.replace(" ", "   ")}:
        result = index.resolve(variant)
        assert result.best is not None and result.best.exact, variant
        ids = {c.entity_id for c in result.candidates}
        assert entity_id in ids, variant
        # An alias two entities share is reported as ambiguous, never silently picked.
        assert result.ambiguous == (len(_owners(alias)) > 1)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Johnson Schulman", "john-schulman"),
        ("Shulman", "john-schulman"),
        ("Bob MacGrew", "bob-mcgrew"),
        ("Jakub Pachocku", "jakub-pachocki"),
        ("IIya", "ilya-sutskever"),
        ("Illya", "ilya-sutskever"),
        ("Sam Altaman", "sam-altman"),
        ("Anthrophic", "anthropic"),
        ("Antropic", "anthropic"),
        ("阿爾特曼", "sam-altman"),
        ("奧爾特曼", "sam-altman"),
        ("奥尔特曼", "sam-altman"),
        ("卡帕西", "andrej-karpathy"),
        ("蘇特斯科夫", "ilya-sutskever"),
        ("伊尔亚·苏茨克维", "ilya-sutskever"),
        ("伊爾亞 · 蘇茨克維", "ilya-sutskever"),
        ("SAM ALTMAN", "sam-altman"),
        ("sam.altman", "sam-altman"),
        ("Ｓａｍ　Ａｌｔｍａｎ", "sam-altman"),
        ("ilya\u200b sutskever", "ilya-sutskever"),
    ],
)
def test_misspellings_and_scripts_from_the_articles(index, typed, expected):
    result = index.resolve(typed)
    assert result.found, typed
    assert result.best.entity_id == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Ilia Sutskevar", "ilya-sutskever"),
        ("Andrej Karpaty", "andrej-karpathy"),
        ("Mira Murrati", "mira-murati"),
        ("Greg Brockmann", "greg-brockman"),
        ("Jan Leik", "jan-leike"),
    ],
)
def test_fuzzy_matches_unlisted_misspellings(index, typed, expected):
    result = index.resolve(typed)
    assert result.found
    assert result.best.entity_id == expected
    assert not result.best.exact


def test_unknown_name_finds_nothing_confident(index):
    result = index.resolve("Zxqv Wrtplk")
    assert not result.found


def test_empty_query_finds_nothing(index):
    assert index.resolve("   ").candidates == ()


def test_kevin_is_ambiguous(index):
    result = index.resolve("Kevin")
    assert result.ambiguous
    assert {"kevin-scott", "kevin-weil"} <= {c.entity_id for c in result.candidates}


def test_suggest_returns_prefix_matches_first_and_at_most_25(index):
    suggestions = index.suggest("s", limit=25)
    assert 0 < len(suggestions) <= 25
    assert len({s.entity_id for s in suggestions}) == len(suggestions)
    assert index.suggest("Sutsk")[0].entity_id == "ilya-sutskever"
    assert index.suggest("蘇茨")[0].entity_id == "ilya-sutskever"


def test_normalise_folds_scripts_width_case_and_separators():
    assert normalise("伊爾亞·蘇茨克維") == normalise("伊尔亚苏茨克维")
    assert normalise("  Sam   ALTMAN ") == "sam altman"
    assert normalise("Ｓａｍ") == "sam"


@pytest.fixture(scope="module")
def large():
    """Ten times the shipped people (invented names in both scripts) and a fixed set of typos."""
    synthetic = scaled(_DATASET, 10)
    kinds = {e.id: e.kind.value for e in synthetic.dataset.entities}
    pairs = [(e.id, name) for e in synthetic.dataset.entities for name in e.all_names()]
    return NameIndex.build(pairs, kinds), synthetic.typos


def test_the_shortlist_never_misses_the_best_match_in_a_large_index(large):
    """Only a shortlist is scored; the best alias anywhere in the index must always be on it."""
    index, typos = large
    pairs = zip(index._choices, index._owners, strict=True)  # noqa: SLF001
    people = [alias for alias, (entity, _) in pairs if index.kind_of(entity) == "person"]
    fuzzy = 0
    for typed, expected in typos:
        result = index.resolve(typed, kind="person")
        assert result.best is not None and result.best.entity_id == expected, typed
        if not result.best.exact:  # a typo that is some alias's spacing variant needs no scoring
            fuzzy += 1
            assert result.best.score == pytest.approx(_scores(normalise(typed), people)[0].max()), typed
    assert fuzzy > len(typos) / 2


@pytest.mark.parametrize(
    ("query", "alias"),
    [
        ("ilia sutskevar", "ilya sutskever"),
        ("altman", "sam altman"),
        ("苏茨", "伊尔亚苏茨克维"),
        ("al", "sam altman"),
        ("kevin", "kevin weil"),
    ],
)
def test_scores_of_a_list_are_the_scores_of_each_pair(query, alias):
    assert _scores(query, [alias, "zz", alias])[0].tolist() == [
        similarity(query, alias),
        similarity(query, "zz"),
        similarity(query, alias),
    ]


def test_script_conversion_keeps_text_after_a_nul():
    from bot.domain.script import to_mainland, to_simplified, to_traditional

    assert to_simplified("時間\x00網路") == "时间\x00网路"
    assert to_traditional("时间\x00网络") == "時間\x00網絡"
    assert to_mainland("請稍後\x00網路") == "请稍后\x00网络"
