import pytest

from bot.domain.dates import DateError, PartialDate, Precision, parse_optional


@pytest.mark.parametrize(
    ("text", "precision", "iso"),
    [
        ("2017", Precision.YEAR, "2017"),
        ("2023-11", Precision.MONTH, "2023-11"),
        ("2023-11-17", Precision.DAY, "2023-11-17"),
        (" 2023-1-7 ", Precision.DAY, "2023-01-07"),
    ],
)
def test_parse_keeps_precision(text, precision, iso):
    date = PartialDate.parse(text)
    assert date.precision is precision
    assert date.iso() == iso


@pytest.mark.parametrize("text", ["", "23", "2023/11/17", "2023-13", "2023-02-30", "2023-11-17T10", "next week"])
def test_parse_rejects_bad_dates(text):
    with pytest.raises(DateError):
        PartialDate.parse(text)


def test_less_precise_date_sorts_first():
    dates = [PartialDate.parse(t) for t in ["2023-11-17", "2023", "2023-11", "2015-12-11"]]
    assert [d.iso() for d in sorted(dates)] == ["2015-12-11", "2023", "2023-11", "2023-11-17"]


def test_range_keys_cover_the_whole_period():
    assert PartialDate.parse("2024").first_key() == "2024-01-01"
    assert PartialDate.parse("2024").last_key() == "2024-12-31"
    assert PartialDate.parse("2024-02").last_key() == "2024-02-29"
    assert PartialDate.parse("2023-11").sort_key() == "2023-11-00"


def test_optional_dates():
    assert parse_optional(None) is None
    assert parse_optional("  ") is None
    assert parse_optional("2019").year == 2019


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2023-11-17", "2023-11-17", None),
        ("2023-11-17 – 2023-11-22", "2023-11-17", "2023-11-22"),
        ("2019..2024", "2019", "2024"),
        ("2015-12 to 2018-02", "2015-12", "2018-02"),
        ("2020 至 2021", "2020", "2021"),
        ("", None, None),
    ],
)
def test_parse_span(text, start, end):
    from bot.domain.dates import parse_span

    a, b = parse_span(text)
    assert (a.iso() if a else None, b.iso() if b else None) == (start, end)


@pytest.mark.parametrize("text", ["2024 – 2023", "soon", "2023-11-17 – later"])
def test_parse_span_rejects(text):
    from bot.domain.dates import parse_span

    with pytest.raises(DateError):
        parse_span(text)
