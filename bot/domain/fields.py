"""What moderators may type: one set of limits for every field, used by the dataset schema, the
database tables, the command options and forms, and input validation. Input that breaks a limit
is refused with a message; nothing is ever cut short."""

from __future__ import annotations

import logging
import re
import unicodedata
from urllib.parse import urlsplit

from bot.domain.dates import PartialDate

log = logging.getLogger(__name__)

# Longest text, in characters, of each field.
FACT_TEXT = 900  # text_en, text_zh
ROLE = 150  # role_en, role_zh
VALUE = 300
DETAIL = max(ROLE, VALUE)  # the edit form's one field for a role title or a value
REASON = 500
LOCATOR = 200
SOURCE_TITLE = 300
PUBLISHER = 200
URL = 500
NAME = 100  # entity names, aliases, and names typed to find them
SOURCE_ID = 40
DATE = 10  # YYYY-MM-DD
DATE_SPAN = 40  # "YYYY-MM-DD – YYYY-MM-DD" with room for spaces
TIME_OF_DAY = 8
ZONE = 64

# Dates a fact can carry: OpenAI's story starts in the 2010s, but people's earlier lives
# (studies, first jobs) are facts too. Beyond next year nothing can have been reported.
FIRST_YEAR = 1900


def last_year(this_year: int) -> int:
    return this_year + 1


# Integer options: ids are 32-bit in every database we run on, and Discord rejects a whole number
# outside what the option declares before it ever reaches us.
ID_MAX = 2**31 - 1
VERSION_MAX = 100_000

# Bidirectional embedding/override/isolate marks can make a line read backwards (U+202A-U+202E,
# U+2066-U+2069); they have no place in a fact.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def clean(text: str | None, *, multiline: bool = False) -> str:
    """Typed text as stored: control characters and NUL removed (line breaks kept where the field
    allows several lines, tabs become spaces), bidirectional overrides removed, outer spaces trimmed."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if not multiline:
        text = text.replace("\n", " ")
    text = "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) != "Cc")
    return _BIDI.sub("", text).strip()


class TooLong(ValueError):
    def __init__(self, field: str, length: int, limit: int) -> None:
        super().__init__(f"{field}: {length} characters, limit {limit}")
        self.field, self.length, self.limit = field, length, limit


def check_length(field: str, text: str | None, limit: int) -> None:
    """Raises TooLong when `text` has more than `limit` characters."""
    if text is not None and len(text) > limit:
        raise TooLong(field, len(text), limit)


class OutOfRange(ValueError):
    def __init__(self, value: str, low: int, high: int) -> None:
        super().__init__(f"{value} is outside {low}..{high}")
        self.value, self.low, self.high = value, low, high


def check_date(date: PartialDate, this_year: int) -> None:
    """Raises OutOfRange for a year no fact can have (0000, 9999-12-31)."""
    high = last_year(this_year)
    if not FIRST_YEAR <= date.year <= high:
        raise OutOfRange(date.iso(), FIRST_YEAR, high)


def valid_url(text: str) -> bool:
    """An http(s) address with a host name, e.g. https://example.org/news (not "http://")."""
    # Spaces, quotes and angle brackets are never part of an address as written (they are encoded).
    if len(text) > URL or any(ch.isspace() or ch in "<>\"'`" for ch in text):
        return False
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(re.fullmatch(r"[\w-]+(\.[\w-]+)*", host)) and "." in host


def meaningful(text: str) -> bool:
    """Text with at least one letter or digit (a title of only dots or marks says nothing)."""
    return any(ch.isalnum() for ch in text)


def whole_number(text: str) -> int | None:
    """`text` as a non-negative whole number of ASCII digits; None otherwise ('²' and '١' are not ids)."""
    text = text.strip()
    return int(text) if text and len(text) <= 12 and text.isascii() and text.isdigit() else None
