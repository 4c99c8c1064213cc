"""Chinese script conversion. Text is stored in Traditional script; Simplified is derived.

OpenCC's Traditional→Simplified conversion is reliable (the reverse is not), so it is also the
direction used to fold names for matching.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import opencc

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def to_simplified(text: str) -> str:
    """Traditional (or mixed) Chinese → Simplified. Non-Chinese text passes through unchanged."""
    if not text:
        return text
    return _t2s().convert(text)


def to_traditional(text: str) -> str:
    """Simplified → Traditional, for storing moderator input. Best effort: review the output."""
    if not text:
        return text
    return _s2t().convert(text)


_CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None
