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


def _convert(converter: opencc.OpenCC, text: str) -> str:
    # OpenCC reads its input as a C string: a NUL would end the text there and drop the rest.
    return "\x00".join(converter.convert(part) for part in text.split("\x00"))


def to_simplified(text: str) -> str:
    """Traditional (or mixed) Chinese → Simplified. Non-Chinese text passes through unchanged."""
    if not text:
        return text
    return _convert(_t2s(), text)


@lru_cache(maxsize=1)
def _tw2sp() -> opencc.OpenCC:
    return opencc.OpenCC("tw2sp")


# Taiwan words that OpenCC's phrase table leaves as they are but mainland readers write otherwise.
# Some are kept from the phrase table's choice where it reads wrong in context (資料來源 is "sources",
# not "data source").
_MAINLAND_WORDS = {
    "史丹佛": "斯坦福",
    "帳號": "賬號",
    "貼文": "帖子",
    "身分": "身份",
    "品質": "質量",
    "職涯": "職業生涯",
    "報導": "报道",
    "資料來源": "资料来源",
}
_MAINLAND_PATTERN = re.compile("|".join(map(re.escape, _MAINLAND_WORDS)))


@lru_cache(maxsize=4096)
def to_mainland(text: str) -> str:
    """Traditional (Taiwan usage) → Simplified as mainland readers write it: characters and words
    (技術長 → 首席技术官, 網路 → 网络, 影片 → 视频). For display; names are folded with to_simplified."""
    if not text:
        return text
    return _convert(_tw2sp(), _MAINLAND_PATTERN.sub(lambda m: _MAINLAND_WORDS[m.group()], text))


def to_traditional(text: str) -> str:
    """Simplified → Traditional, for storing moderator input. Best effort: review the output."""
    if not text:
        return text
    return _convert(_s2t(), text)


_CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None
