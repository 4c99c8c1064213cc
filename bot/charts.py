"""Chart images (PNG) with matplotlib: tenure timelines and departures per year.

Chinese labels use Noto Sans CJK from the mplfonts package; if that font is missing, labels fall
back to English with a note, never to empty boxes. Rendering is CPU work: call it off the loop.
"""

from __future__ import annotations

import io
import logging
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display; must precede pyplot
from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from bot.domain.tenure import Tenure, YearCounts  # noqa: E402
from bot.i18n import Lang, t  # noqa: E402

log = logging.getLogger(__name__)

WIDTH_IN, DPI = 10.0, 110
MIN_BAR = 0.12  # years: a role that began just before the latest report still shows
BAR_COLOUR, OPEN_COLOUR = "#10a37f", "#7fd1b9"
PALETTE = ["#10a37f", "#5865f2", "#eb459e", "#fee75c", "#ed4245", "#57f287", "#f0b232", "#9b59b6", "#95a5a6"]


@lru_cache(maxsize=1)
def cjk_font_path() -> Path | None:
    try:
        import mplfonts
    except ImportError:
        return None
    path = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def _font_family() -> str | None:
    path = cjk_font_path()
    if path is None:
        return None
    font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()
    # Latin text keeps DejaVu Sans; CJK characters come from Noto Sans CJK.
    matplotlib.rcParams["font.family"] = ["DejaVu Sans", family]
    return family


def label_lang(lang: Lang) -> tuple[Lang, bool]:
    """The language labels can be drawn in, and whether it had to fall back to English."""
    if lang.chinese and _font_family() is None:
        return Lang.EN, True
    return lang, False


@dataclass(frozen=True)
class Chart:
    png: bytes
    width: int
    height: int
    labels: tuple[str, ...]  # every text drawn (for checking glyph coverage)
    fell_back: bool


def _figure(height_in: float) -> Figure:
    _font_family()
    return Figure(figsize=(WIDTH_IN, height_in), dpi=DPI, layout="constrained")


def _png(fig: Figure) -> tuple[bytes, int, int]:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    png = buffer.getvalue()
    width, height = struct.unpack(">II", png[16:24])  # the PNG header's own size
    return png, width, height


def tenure_chart(bars: list[Tenure], names: dict[str, str], lang: Lang, *, title: str, now: float) -> Chart:
    lang, fell_back = label_lang(lang)
    rows = sorted(bars, key=lambda b: b.first, reverse=True)
    fig = _figure(max(3.0, 0.42 * len(rows) + 1.6))
    ax = fig.add_subplot()
    labels = [title]
    for y, bar in enumerate(rows):
        for start, end in bar.segments:
            stop = max(end if end is not None else now, start + MIN_BAR)
            if end is None and bar.left_undated:
                ax.barh(y, stop - start, left=start, height=0.55, color="white", edgecolor=BAR_COLOUR, hatch="//")
                continue
            ax.barh(y, stop - start, left=start, height=0.55, color=OPEN_COLOUR if end is None else BAR_COLOUR)
            if end is None:
                ax.annotate(
                    "", xy=(now + 0.35, y), xytext=(now, y), arrowprops={"arrowstyle": "->", "color": OPEN_COLOUR}
                )
        for when in bar.leaves:
            ax.plot(when, y, marker="|", markersize=16, color="#ed4245", mew=2)
        for when in bar.returns:
            ax.plot(when, y, marker="o", markersize=6, color="#5865f2")
    ylabels = [names[b.person.id] for b in rows]
    labels += ylabels
    ax.set_yticks(range(len(rows)), ylabels, fontsize=11)
    legend = [
        t("chart.legend_at", lang),
        t("chart.legend_still", lang),
        t("chart.legend_leave", lang),
        t("chart.legend_return", lang),
        t("chart.legend_undated", lang),
    ]
    labels += legend
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    fig.legend(
        handles=[
            Patch(color=BAR_COLOUR, label=legend[0]),
            Patch(color=OPEN_COLOUR, label=legend[1]),
            Line2D([], [], marker="|", color="#ed4245", linestyle="None", markersize=12, mew=2, label=legend[2]),
            Line2D([], [], marker="o", color="#5865f2", linestyle="None", label=legend[3]),
            Patch(facecolor="white", edgecolor=BAR_COLOUR, hatch="//", label=legend[4]),
        ],
        loc="outside lower center",
        fontsize=9,
        ncols=5,
        frameon=False,
    )
    ax.set_title(title, fontsize=14)
    ax.set_xlabel(t("chart.year", lang), fontsize=11)
    labels.append(t("chart.year", lang))
    ax.grid(axis="x", alpha=0.3)
    ax.set_xlim(min((b.first for b in rows), default=2015) - 0.5, now + 0.6)
    png, width, height = _png(fig)
    return Chart(png, width, height, tuple(labels), fell_back)


def departures_chart(data: YearCounts, names: dict[str, str], lang: Lang, *, title: str) -> Chart:
    lang, fell_back = label_lang(lang)
    fig = _figure(5.2)
    ax = fig.add_subplot()
    bottom = [0] * len(data.years)
    labels = [title]
    for n, dest in enumerate(data.destinations):
        label = names.get(dest) or t("chart.unknown_destination", lang)
        labels.append(label)
        counts = data.counts[dest]
        ax.bar([str(y) for y in data.years], counts, bottom=bottom, label=label, color=PALETTE[n % len(PALETTE)])
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    ax.set_title(title, fontsize=14)
    ax.set_ylabel(t("chart.people", lang), fontsize=11)
    labels.append(t("chart.people", lang))
    locator = ax.yaxis.get_major_locator()
    if isinstance(locator, MaxNLocator):  # the default AutoLocator is one: whole people only
        locator.set_params(integer=True)
    fig.legend(fontsize=9, loc="outside lower center", ncols=min(5, max(1, len(data.destinations))), frameon=False)
    ax.grid(axis="y", alpha=0.3)
    png, width, height = _png(fig)
    return Chart(png, width, height, tuple(labels), fell_back)
