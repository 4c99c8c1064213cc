"""Name resolution: any script, spelling, spacing or case of a name → ranked entities.

Exact alias matches win; otherwise rapidfuzz scores the query against every alias and the best
score per entity ranks it. The index is plain in-memory data built from (entity id, alias) pairs
and rebuilt whenever aliases change.
"""

from __future__ import annotations

import bisect
import logging
import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process, utils

from bot.domain.script import has_cjk, to_simplified

log = logging.getLogger(__name__)

# Separators people put between name parts: middle dots of every script, full stops, hyphens,
# underscores, apostrophes, plus invisible characters that sneak in from copy and paste.
_SEPARATORS = re.compile(r"[\s·・•‧∙⋅.．。\-‐‑–—_'’`\"“”,，、\u200b-\u200f\u2060\ufeff]+")

# Scores are 0-100. A fuzzy match below MIN_SCORE is no match at all; candidates whose scores lie
# within AMBIGUITY_MARGIN of the best are too close to choose between.
MIN_SCORE = 72.0
AMBIGUITY_MARGIN = 4.0
SCORE_FLOOR_FOR_SUGGESTIONS = 50.0
PARTIAL_WEIGHT = 0.9  # a part of a name is good evidence, but less than the whole name
SHORTLIST = 40
PREFILTER_CUTOFF = 30.0


def normalise(text: str) -> str:
    """Fold a name to the form aliases are compared in.

    NFKC (full-width letters, compatibility forms), case-fold, Traditional→Simplified, separators
    and spaces collapsed to single spaces, and spaces between CJK characters dropped.
    """
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(ch for ch in text if unicodedata.category(ch) not in {"Cc", "Cf"})
    text = to_simplified(text.casefold())
    text = _SEPARATORS.sub(" ", text).strip()
    return re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", text)


def compact(norm: str) -> str:
    """The normalised form without spaces: "Sam Altman", "SamAltman" and "sam.altman" agree."""
    return norm.replace(" ", "")


@dataclass(frozen=True)
class Candidate:
    entity_id: str
    score: float
    matched: str  # the alias text that scored best
    exact: bool = False


@dataclass(frozen=True)
class Resolution:
    query: str
    candidates: tuple[Candidate, ...]
    ambiguous: bool

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def found(self) -> bool:
        """A single confident answer."""
        return bool(self.candidates) and not self.ambiguous and self.candidates[0].score >= MIN_SCORE


@dataclass
class NameIndex:
    """Every alias of every entity, ready for exact, prefix and fuzzy look-up."""

    _exact: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    _choices: list[str] = field(default_factory=list)  # normalised alias, parallel to _owners
    _owners: list[tuple[str, str]] = field(default_factory=list)  # (entity id, original alias)
    _prefix: list[tuple[str, int]] = field(default_factory=list)  # sorted (compact alias, row)

    @classmethod
    def build(cls, aliases: Iterable[tuple[str, str]]) -> NameIndex:
        """Build from (entity id, alias text) pairs; duplicates are harmless."""
        index = cls()
        seen: set[tuple[str, str]] = set()
        for entity_id, text in aliases:
            norm = normalise(text)
            if not norm or (entity_id, norm) in seen:
                continue
            seen.add((entity_id, norm))
            row = len(index._choices)
            index._choices.append(norm)
            index._owners.append((entity_id, text))
            index._exact.setdefault(compact(norm), []).append((entity_id, text))
            index._prefix.append((compact(norm), row))
        index._prefix.sort()
        log.debug("name index built: %d aliases", len(index._choices))
        return index

    def __len__(self) -> int:
        return len(self._choices)

    def entity_ids(self) -> set[str]:
        return {owner for owner, _ in self._owners}

    def resolve(self, query: str, *, limit: int = 5, among: Collection[str] | None = None) -> Resolution:
        """Rank entities for `query`; `ambiguous` when the top ones are too close to call.

        `among` restricts the answer to those entity ids (e.g. people only).
        """
        norm = normalise(query)
        if not norm:
            return Resolution(query, (), False)
        exact = [(e, text) for e, text in self._exact.get(compact(norm), []) if among is None or e in among]
        if exact:
            owners = list(dict.fromkeys(entity for entity, _ in exact))
            by_entity = {entity: text for entity, text in reversed(exact)}
            candidates = tuple(Candidate(e, 100.0, by_entity[e], True) for e in owners)
            return Resolution(query, candidates[:limit], len(owners) > 1)
        candidates = self._fuzzy(norm, limit, among=among)
        ambiguous = (
            len(candidates) > 1
            and candidates[0].score >= MIN_SCORE
            and candidates[0].score - candidates[1].score < AMBIGUITY_MARGIN
        )
        return Resolution(query, candidates, ambiguous)

    def suggest(self, query: str, *, limit: int = 25, among: Collection[str] | None = None) -> list[Candidate]:
        """Autocomplete: prefix matches first (in alias order), then fuzzy ones, one per entity."""
        norm = normalise(query)
        if not norm:
            return []
        key = compact(norm)
        picked: dict[str, Candidate] = {}
        start = bisect.bisect_left(self._prefix, (key, -1))
        for alias, row in self._prefix[start:]:
            if not alias.startswith(key) or len(picked) >= limit:
                break
            entity_id, text = self._owners[row]
            if among is None or entity_id in among:
                picked.setdefault(entity_id, Candidate(entity_id, 100.0, text, alias == key))
        if len(picked) < limit:
            for cand in self._fuzzy(norm, limit * 2, floor=SCORE_FLOOR_FOR_SUGGESTIONS, among=among):
                if len(picked) >= limit:
                    break
                picked.setdefault(cand.entity_id, cand)
        return list(picked.values())[:limit]

    def _fuzzy(self, norm: str, limit: int, floor: float = SCORE_FLOOR_FOR_SUGGESTIONS,
               among: Collection[str] | None = None) -> tuple[Candidate, ...]:
        # WRatio (in C) shortlists; the stricter pure-Python score below then ranks the shortlist.
        # WRatio alone lets a one-letter alias ("X") score 90 inside any query containing an x.
        rows = process.extract(norm, self._choices, scorer=fuzz.WRatio, processor=utils.default_process,
                               limit=max(limit * 8, SHORTLIST), score_cutoff=PREFILTER_CUTOFF)
        best: dict[str, Candidate] = {}
        for choice, _prefilter, row in rows:
            score = similarity(norm, choice)
            entity_id, text = self._owners[row]
            if score < floor or (among is not None and entity_id not in among):
                continue
            if entity_id not in best or score > best[entity_id].score:
                best[entity_id] = Candidate(entity_id, score, text)
        ranked = sorted(best.values(), key=lambda c: (-c.score, c.entity_id))
        return tuple(ranked[:limit])


def similarity(query: str, alias: str) -> float:
    """0-100: how well a normalised query matches a normalised alias.

    Whole-string and word-order-free similarity, plus partial matching ("altman" inside
    "sam altman") only when the shorter side is long enough to mean something.
    """
    score = max(fuzz.ratio(query, alias), fuzz.token_sort_ratio(query, alias))
    short, long = sorted((query, alias), key=len)
    min_len = 2 if has_cjk(short) else 3
    if len(short) >= min_len and len(short) / len(long) >= 0.3:
        score = max(score, PARTIAL_WEIGHT * fuzz.partial_ratio(query, alias),
                    PARTIAL_WEIGHT * fuzz.token_set_ratio(query, alias))
    return float(score)
