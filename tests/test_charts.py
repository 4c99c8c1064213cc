"""Charts render in every language with real glyphs, and follow the store."""

from __future__ import annotations

import io
import re

import pytest
from matplotlib import image
from matplotlib.ft2font import FT2Font

from bot.charts import cjk_font_path
from bot.domain.tenure import GROUPS
from bot.i18n import Lang
from bot.services import charts
from bot.services.statements import statements


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
@pytest.mark.parametrize("group", GROUPS)
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


def test_tenure_bars_end_where_the_departures_say(store):
    """The chart and /departures read the same statements: every bar of someone who left ends on
    the date of their (last) departure, and the text alternative lists it."""
    answer = charts.tenure(store, "departed", Lang.EN)
    index = statements(store)
    leaving = [st for st in index.departures() if st.predicate == "departed" and st.rank != "low"]
    for person in {st.subject for st in leaving}:
        last = max(
            (st for st in leaving if st.subject.id == person.id and st.start_date),
            key=lambda st: st.start_date.sort_key(),
            default=None,
        )
        if last is None:
            continue
        line = next(ln for ln in answer.alt.splitlines() if ln.startswith(person.name_en + ":"))
        assert line.endswith(str(last.start)) or f"– {last.start}" in line, line


@pytest.mark.parametrize("lang", list(Lang))
def test_every_chart_has_a_text_alternative_naming_what_it_draws(store, lang):
    tenure = charts.tenure(store, "founders", lang)
    people = [line.split(": ")[0] for line in tenure.alt.splitlines()]
    assert len(people) == 11 and set(people) <= set(tenure.chart.labels), "the bars drawn, one line each"
    assert all(re.search(r": \d{4}", line) for line in tenure.alt.splitlines()), "each person with dates"
    departures = charts.departures(store, lang)
    assert all(re.match(r"\d{4}: \d+ \(", line) for line in departures.alt.splitlines()), "year by year"
