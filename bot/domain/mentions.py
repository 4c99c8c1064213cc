"""Finding known names inside running text: a member's question or a message someone wrote.

The text is cut into units (a Latin word, or one CJK character, folded to Simplified and lower
case); every alias is cut the same way. At each unit the longest run of units that spells an alias
wins ("Sam Altman" over "Sam", "伊爾亞·蘇茨克維" over "伊爾亞"), so a name is found in any script,
with any separator, inside any sentence. Cost: a few dict look-ups per unit, however many aliases.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from bot.domain.script import to_simplified

log = logging.getLogger(__name__)

_UNIT = re.compile(r"[0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]+|[\u3400-\u9fff\uf900-\ufaff]")
SHORT_LATIN = 4  # aliases this short ("Son", "Arm", "Jan") only match when capitalised as written


@dataclass(frozen=True)
class Mention:
    entity_ids: tuple[str, ...]  # several when the alias is shared ("Kevin")
    start: int  # character span in the original text
    end: int
    text: str  # as written in the text


def _fold(word: str) -> str:
    return unicodedata.normalize("NFKC", word).casefold()


def units(text: str) -> list[tuple[str, int, int, str]]:
    """(folded unit, start, end, original) for each word or CJK character of `text`."""
    simplified = to_simplified(text)
    if len(simplified) != len(text):  # a phrase conversion changed the length: convert per character
        simplified = "".join(to_simplified(ch) for ch in text)
    return [(_fold(simplified[m.start() : m.end()]), m.start(), m.end(), m.group()) for m in _UNIT.finditer(text)]


def alias_key(alias: str) -> tuple[str, ...]:
    return tuple(u for u, *_ in units(alias))


class MentionScanner:
    """Every alias of every entity, keyed by its units, for longest-match scanning."""

    def __init__(self) -> None:
        self._owners: dict[tuple[str, ...], list[str]] = {}
        self._capital: set[tuple[str, ...]] = set()  # short Latin aliases written with a capital
        self._longest = 1

    @classmethod
    def build(cls, aliases: Iterable[tuple[str, str]], *, capitals: bool = True) -> MentionScanner:
        """From (entity id, alias) pairs. With `capitals`, short Latin aliases written with a capital
        ("Son", "Arm") only match a capitalised word; titles ("CEO" as "ceo") do not need it."""
        scanner = cls()
        for entity_id, alias in aliases:
            key = alias_key(alias)
            if not key:
                continue
            latin = key[0].isascii()
            if len(key) == 1 and len(key[0]) < 2:
                continue  # "X", a single character: matches everything
            if capitals and len(key) == 1 and latin and len(key[0]) <= SHORT_LATIN and alias.strip()[:1].isupper():
                scanner._capital.add(key)
            owners = scanner._owners.setdefault(key, [])
            if entity_id not in owners:
                owners.append(entity_id)
            scanner._longest = max(scanner._longest, len(key))
        return scanner

    def scan(self, text: str, *, skip: Iterable[tuple[int, int]] = ()) -> list[Mention]:
        """Every alias in `text`, longest first, left to right, not overlapping; `skip` lists
        character spans to ignore (dates already read, for instance)."""
        skipped = list(skip)
        cut = [u for u in units(text) if all(u[2] <= a or u[1] >= b for a, b in skipped)]
        found: list[Mention] = []
        i = 0
        while i < len(cut):
            match = None
            for j in range(min(len(cut), i + self._longest), i, -1):
                key = tuple(u[0] for u in cut[i:j])
                owners = self._owners.get(key)
                if owners is None:
                    continue
                if key in self._capital and not cut[i][3][:1].isupper():
                    continue
                if j - i > 1 and not _adjacent(text, cut[i:j]):
                    continue
                match = Mention(tuple(owners), cut[i][1], cut[j - 1][2], text[cut[i][1] : cut[j - 1][2]])
                i = j
                break
            if match is None:
                i += 1
            else:
                found.append(match)
        return found


def _adjacent(text: str, run: list[tuple[str, int, int, str]]) -> bool:
    """Units of one name are separated by at most a space, dot or hyphen (not a comma or a word)."""
    return all(len(text[a[2] : b[1]]) <= 2 and "," not in text[a[2] : b[1]] for a, b in zip(run, run[1:], strict=False))
