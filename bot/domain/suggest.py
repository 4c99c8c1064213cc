"""A member's suggested correction, checked before it reaches the review queue.

Pure: the texts a member typed in, a clean suggestion (or the catalogue key of what is wrong) out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.domain import fields

log = logging.getLogger(__name__)

WRONG_MAX = 500  # what is wrong
SAY_MAX = fields.FACT_TEXT  # what it should say: a statement's text
URL_MAX = fields.URL


class SuggestionError(ValueError):
    """`code` names the catalogue message; `values` fill it."""

    def __init__(self, code: str, **values: object) -> None:
        super().__init__(code)
        self.code = code
        self.values = values


@dataclass(frozen=True)
class Suggestion:
    statement_key: str
    wrong: str
    should_say: str
    url: str

    def payload(self, *, current_en: str, current_zh: str, fact_id: int, version: int, lang: str) -> dict:
        """What the review item keeps: the suggestion and the statement as it read when suggested."""
        return {
            "statement": self.statement_key,
            "wrong": self.wrong,
            "should_say": self.should_say,
            "url": self.url,
            "fact_id": fact_id,
            "version": version,
            "current_en": current_en,
            "current_zh": current_zh,
            "lang": lang,
        }


def check(statement_key: str | None, wrong: str | None, should_say: str | None, url: str | None) -> Suggestion:
    """A clean suggestion, or SuggestionError. Every part is needed: which statement, what is wrong,
    what it should say, and where that can be read (an http or https address with a host)."""
    key = fields.clean(statement_key)
    if not key:
        raise SuggestionError("suggest.need_statement")
    wrong_text = fields.clean(wrong, multiline=True)
    say = fields.clean(should_say, multiline=True)
    address = fields.clean(url)
    if not wrong_text or not say or not address:
        raise SuggestionError("suggest.need_all")
    for name, text, limit in (("wrong", wrong_text, WRONG_MAX), ("should_say", say, SAY_MAX)):
        if len(text) > limit:
            raise SuggestionError("suggest.too_long", field=name, limit=limit)
    if not fields.meaningful(say):
        raise SuggestionError("suggest.need_all")
    if not fields.valid_url(address):
        raise SuggestionError("suggest.bad_url")
    return Suggestion(key[:64], wrong_text, say, address)
