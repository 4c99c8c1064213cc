"""Moderator input, checked before anything is written: cleaned of control characters, within the
field limits, dates within the range a fact can have, roles with an English title, sources with a
real address. Every refusal is a FactError with a localised message that is safe to show."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from urllib.parse import urlsplit

from bot.domain import fields
from bot.domain.dates import DateError, PartialDate, parse_span
from bot.domain.render import neutralise
from bot.domain.script import has_cjk, to_traditional
from bot.i18n import Lang, t

log = logging.getLogger(__name__)


class FactError(ValueError):
    """A moderator input that cannot be applied; the message is localised and safe to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def text(value: str | None, field: str, limit: int, lang: Lang, *, multiline: bool = False) -> str | None:
    """`value` cleaned (None when empty); FactError when longer than `limit`."""
    cleaned = fields.clean(value, multiline=multiline)
    try:
        fields.check_length(field, cleaned, limit)
    except fields.TooLong as exc:
        raise FactError(t("error.too_long", lang, field=field, length=exc.length, limit=exc.limit)) from None
    return cleaned or None


def this_year() -> int:
    return datetime.now(UTC).year


def _bounded(date: PartialDate, lang: Lang) -> PartialDate:
    try:
        fields.check_date(date, this_year())
    except fields.OutOfRange as exc:
        raise FactError(t("error.date_out_of_range", lang, value=exc.value, low=exc.low, high=exc.high)) from None
    return date


def _bad_date(value: str, lang: Lang) -> FactError:
    return FactError(t("error.bad_date", lang, value=neutralise(value)[:40]))


def date(value: str | None, lang: Lang) -> str | None:
    """A YYYY, YYYY-MM or YYYY-MM-DD date in the range facts can have, as stored; None when empty."""
    typed = fields.clean(value)
    if not typed:
        return None
    try:
        return _bounded(PartialDate.parse(typed), lang).iso()
    except DateError:
        raise _bad_date(typed, lang) from None


def span(value: str | None, lang: Lang) -> tuple[str | None, str | None]:
    """'2023-11-17 – 2023-11-22' (or one date, or nothing) → (start, end) as stored."""
    typed = fields.clean(value)
    try:
        start, end = parse_span(typed)
    except DateError:
        raise _bad_date(typed, lang) from None
    return (_bounded(start, lang).iso() if start else None, _bounded(end, lang).iso() if end else None)


def check_order(start: str | None, end: str | None, lang: Lang) -> None:
    if start and end and PartialDate.parse(end).last_key() < PartialDate.parse(start).sort_key():
        raise FactError(t("error.bad_range", lang, start=start, end=end))


def roles(role: str | None, role_zh: str | None, lang: Lang) -> dict[str, str | None]:
    """Role titles by language. An English title is required whenever a title is given, so English
    answers never show a Chinese one; a Chinese title typed as `role` is taken as the Chinese title."""
    en = text(role, "role", fields.ROLE, lang)
    zh = text(role_zh, "role_zh", fields.ROLE, lang)
    if en and has_cjk(en):
        if zh:
            raise FactError(t("facts.role_not_english", lang))
        en, zh = None, en
    if zh and not en:
        raise FactError(t("facts.need_role_en", lang))
    return {"role_en": en, "role_zh": to_traditional(zh) if zh else None}


def fact_texts(text_en: str | None, text_zh: str | None, lang: Lang) -> tuple[str, str]:
    """Both languages' texts; one is enough (the other shows the same words until translated)."""
    en = text(text_en, "text_en", fields.FACT_TEXT, lang, multiline=True)
    zh = text(text_zh, "text_zh", fields.FACT_TEXT, lang, multiline=True)
    if not en and not zh:
        raise FactError(t("facts.need_text", lang))
    if zh:
        zh = to_traditional(zh)  # stored in Traditional; Simplified is derived when shown
    return en or zh, zh or en


def source_fields(url: str | None, title: str | None, publisher: str | None, lang: Lang) -> tuple[str, str, str]:
    """(url, title, publisher) of a new source; FactError unless the address is a real http(s)
    address and the title says something."""
    url = text(url, "source_url", fields.URL, lang)
    title = text(title, "source_title", fields.SOURCE_TITLE, lang)
    publisher = text(publisher, "source_publisher", fields.PUBLISHER, lang)
    if not url or not title:
        raise FactError(t("facts.need_source", lang))
    if not fields.valid_url(url):
        raise FactError(t("facts.bad_url", lang, value=neutralise(url)[:100]))
    if not fields.meaningful(title) or (publisher is not None and not fields.meaningful(publisher)):
        raise FactError(t("facts.bad_title", lang))
    return url, title, publisher or urlsplit(url).hostname or url
