"""A member's suggestion is checked before it reaches the queue: every part present, a real web address."""

from __future__ import annotations

import pytest

from bot.domain.suggest import SAY_MAX, SuggestionError, check

URL = "https://example.org/a"


def test_a_clean_suggestion():
    got = check(" sutskever-leaves-openai ", "  no date\n", "He left on 2024-05-14. ", URL)
    assert (got.statement_key, got.wrong, got.should_say, got.url) == (
        "sutskever-leaves-openai",
        "no date",
        "He left on 2024-05-14.",
        URL,
    )


@pytest.mark.parametrize(
    ("key", "wrong", "say", "url", "code"),
    [
        ("", "x", "y", URL, "suggest.need_statement"),
        ("k", "", "y", URL, "suggest.need_all"),
        ("k", "x", "   ", URL, "suggest.need_all"),
        ("k", "x", "…", URL, "suggest.need_all"),
        ("k", "x", "y", "", "suggest.need_all"),
        ("k", "x", "y", "ftp://example.org/a", "suggest.bad_url"),
        ("k", "x", "y", "https://", "suggest.bad_url"),
        ("k", "x", "y", "javascript:alert(1)", "suggest.bad_url"),
        ("k", "x", "y", "https://exa mple.org", "suggest.bad_url"),
        ("k", "x", "y" * (SAY_MAX + 1), URL, "suggest.too_long"),
    ],
)
def test_what_is_refused(key, wrong, say, url, code):
    with pytest.raises(SuggestionError) as caught:
        check(key, wrong, say, url)
    assert caught.value.code == code
