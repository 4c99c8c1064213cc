"""Charts render in every language with real glyphs, and follow the store."""

from __future__ import annotations

import io

import pytest
from matplotlib import image
from matplotlib.ft2font import FT2Font

from bot.charts import cjk_font_path
from bot.i18n import Lang
from bot.services import charts


def _fonts() -> list[FT2Font]:
    from matplotlib import font_manager

    fonts = [FT2Font(font_manager.findfont("DejaVu Sans"))]
    if cjk_font_path() is not None:
        fonts.append(FT2Font(str(cjk_font_path())))
    return fonts


def _assert_glyphs(labels: tuple[str, ...]) -> None:
    fonts = _fonts()
    missing = {
        ch for label in labels for ch in label if not ch.isspace() and not any(f.get_char_index(ord(ch)) for f in fonts)
    }
    assert not missing, f"characters with no glyph (would draw as boxes): {sorted(missing)}"


def _decode(png: bytes):
    return image.imread(io.BytesIO(png), format="png")


@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize("group", charts.GROUPS)
def test_tenure_chart_renders_with_real_glyphs(store, lang, group):
    answer = charts.tenure(store, group, lang)
    pixels = _decode(answer.chart.png)
    assert pixels.shape[:2] == (answer.chart.height, answer.chart.width)
    assert answer.chart.width == 1100 and answer.chart.height >= 330
    assert len(answer.chart.png) < 10 * 1024 * 1024
    _assert_glyphs(answer.chart.labels)
    if lang.chinese:
        assert cjk_font_path() is not None, "the CJK font ships with the mplfonts package"
        assert any("\u4e00" <= ch <= "\u9fff" for label in answer.chart.labels for ch in label)
        assert answer.note is None


@pytest.mark.parametrize("lang", list(Lang))
def test_departures_chart_renders(store, lang):
    answer = charts.departures(store, lang)
    pixels = _decode(answer.chart.png)
    assert pixels.shape[:2] == (answer.chart.height, answer.chart.width)
    _assert_glyphs(answer.chart.labels)
    assert "Anthropic" in answer.chart.labels


def test_founders_chart_has_the_eleven(store):
    answer = charts.tenure(store, "founders", Lang.EN)
    names = set(answer.chart.labels)
    assert {"Sam Altman", "Ilya Sutskever", "Andrej Karpathy", "Elon Musk", "Pamela Vagata"} <= names


def test_a_moderator_change_shows_in_the_next_chart(store):
    from bot.services import facts

    before = charts.departures(store, Lang.EN)
    facts.add_fact(
        store,
        facts.FactInput(
            subject="wojciech-zaremba",
            predicate="departed",
            object="openai",
            destination="xai",
            source="a001",
            text_en="Test departure.",
            start="2024-10",
        ),
        Lang.EN,
        actor="1",
    )
    after = charts.departures(store, Lang.EN)
    assert after.chart.png != before.chart.png
    assert "xAI" in after.chart.labels and "xAI" not in before.chart.labels


def test_english_fallback_when_the_font_is_missing(store, monkeypatch):
    import bot.charts as module

    monkeypatch.setattr(module, "_font_family", lambda: None)
    answer = charts.tenure(store, "founders", Lang.ZH_TW)
    assert "The 11 founders" in answer.title
    assert answer.note and "中文字型" in answer.note
    assert not any("\u4e00" <= ch <= "\u9fff" for label in answer.chart.labels for ch in label)
