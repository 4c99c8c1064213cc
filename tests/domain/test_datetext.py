"""Dates written inside a sentence, in English and Chinese, absolute and relative."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.dates import PartialDate
from bot.domain.datetext import date_span, find_dates

TODAY = date(2024, 10, 5)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("What happened on 2023-11-17?", "2023-11-17", "2023-11-17"),
        ("Nov 17 2023", "2023-11-17", "2023-11-17"),
        ("November 17, 2023", "2023-11-17", "2023-11-17"),
        ("17 November 2023", "2023-11-17", "2023-11-17"),
        ("the 17th of Nov. 2023", "2023-11-17", "2023-11-17"),
        ("2023/11/17", "2023-11-17", "2023-11-17"),
        ("2023年11月17日發生了什麼", "2023-11-17", "2023-11-17"),
        ("2023年11月17号发生了什么", "2023-11-17", "2023-11-17"),
        ("2023年11月", "2023-11", "2023-11"),
        ("in May 2024", "2024-05", "2024-05"),
        ("2024-05", "2024-05", "2024-05"),
        ("who left in 2024?", "2024", "2024"),
        ("2017年", "2017", "2017"),
        ("去年誰離開了", "2023", "2023"),
        ("今年", "2024", "2024"),
        ("前年", "2022", "2022"),
        ("上個月", "2024-09", "2024-09"),
        ("上个月", "2024-09", "2024-09"),
        ("last month", "2024-09", "2024-09"),
        ("this year", "2024", "2024"),
        ("yesterday", "2024-10-04", "2024-10-04"),
        ("between 2023-11-17 and 2023-11-22", "2023-11-17", "2023-11-22"),
        ("from Nov 2023 to May 2024", "2023-11", "2024-05"),
        ("2017年至2018年", "2017", "2018"),
        ("2023-11-22 – 2023-11-17", "2023-11-17", "2023-11-22"),
        ("before 2020", None, "2020"),
        ("2020年之前", None, "2020"),
        ("since 2023", "2023", None),
        ("2023年以後", "2023", None),
    ],
)
def test_dates_in_any_common_form(text, start, end):
    span = date_span(text, TODAY)
    assert span is not None
    assert (str(span.start) if span.start else None, str(span.end) if span.end else None) == (start, end)


def test_relative_dates_follow_today_across_a_year_boundary():
    assert str(date_span("last month", date(2024, 1, 10)).start) == "2023-12"
    assert str(date_span("去年", date(2025, 2, 1)).start) == "2024"


@pytest.mark.parametrize(
    "text", ["Who founded OpenAI?", "GPT-4 and GPT-3.5", "2024-13-40", "call 12345 now", "30 people"]
)
def test_no_date_where_none_is_written(text):
    assert date_span(text, TODAY) is None


def test_the_most_specific_form_wins_and_spans_are_reported():
    [found] = find_dates("On 17 November 2023 it happened", TODAY)
    assert found.date == PartialDate(2023, 11, 17)
    assert "On 17 November 2023 it happened"[found.start : found.end] == "17 November 2023"


def test_span_covers_dates_at_their_own_precision():
    span = date_span("2023年11月", TODAY)
    assert span.covers(PartialDate(2023, 11, 17)) and span.covers(PartialDate(2023))
    assert not span.covers(PartialDate(2023, 12, 1))
