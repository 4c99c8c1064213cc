"""/chart: build chart data from the store, render off the loop, cache until the data changes."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass

from bot.charts import Chart, departures_chart, label_lang, tenure_chart
from bot.domain.dates import PartialDate
from bot.domain.render import name
from bot.domain.tenure import _mid, departures_per_year, departures_text, group_members, tenure_text, tenures
from bot.i18n import Lang, t
from bot.services.statements import statements
from db import queries
from db.store import Store

log = logging.getLogger(__name__)

_CACHE: OrderedDict[tuple, Chart] = OrderedDict()
_CACHE_SIZE = 32
_LOCK = threading.Lock()


@dataclass(frozen=True)
class ChartAnswer:
    chart: Chart
    filename: str
    title: str
    note: str | None
    alt: str  # what the picture shows, in words: the embed text and the image's alt text


def data_version(store: Store) -> int:
    with store.session() as session:
        return queries.data_version(session=session)


def _cached(key: tuple, render) -> Chart:  # noqa: ANN001
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    chart = render()
    with _LOCK:
        _CACHE[key] = chart
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return chart


def tenure(store: Store, group: str, lang: Lang) -> ChartAnswer:
    drawn_lang, fell_back = label_lang(lang)
    version = data_version(store)
    index = statements(store)
    latest = max((d for st in index.all for d in st.dates()), default=PartialDate(2024))
    title = t(f"chart.tenure_{group}", drawn_lang, date=latest.iso())
    members = group_members(index.all, group)
    bars = [b for p, b in tenures(index.all).items() if p in members]
    alt = tenure_text(
        bars,
        lambda ref: name(ref, lang),
        still=t("chart.still_there", lang),
        leave=t("chart.on_leave", lang),
        left_undated=t("chart.left_undated", lang),
    )

    def render() -> Chart:
        names = {b.person.id: name(b.person, drawn_lang) for b in bars}
        return tenure_chart(bars, names, drawn_lang, title=title, now=_mid(latest))

    chart = _cached(("tenure", group, drawn_lang, version), render)
    note = t("chart.font_note", lang) if fell_back else None
    return ChartAnswer(chart, f"tenure-{group}.png", title, note, alt)


def departures(store: Store, lang: Lang) -> ChartAnswer:
    drawn_lang, fell_back = label_lang(lang)
    version = data_version(store)
    title = t("chart.departures_title", drawn_lang)
    data = departures_per_year(statements(store).all)
    alt = departures_text(data, lambda d: name(data.names[d], lang), unknown=t("chart.unknown_destination", lang))

    def render() -> Chart:
        names = {d: name(ref, drawn_lang) for d, ref in data.names.items()}
        return departures_chart(data, names, drawn_lang, title=title)

    chart = _cached(("departures", drawn_lang, version), render)
    note = t("chart.font_note", lang) if fell_back else None
    return ChartAnswer(chart, "departures.png", title, note, alt)
