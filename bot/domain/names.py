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
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from bot.domain.grams import GramIndex
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
PREFIX_ENOUGH = 1  # names that start with what was typed beat fuzzy guesses; fuzzy fills an empty list


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


class NameIndex:
    """Every alias of every entity, ready for exact, prefix and fuzzy look-up."""

    def __init__(self) -> None:
        self._exact: dict[str, list[tuple[str, str]]] = {}
        self._choices: list[str] = []  # normalised alias, parallel to _owners
        self._owners: list[tuple[str, str]] = []  # (entity id, original alias)
        self._prefix: list[tuple[str, int]] = []  # sorted (compact alias, row)
        self._kinds: dict[str, str] = {}
        self._kind_masks: dict[str, np.ndarray] = {}
        self._rows_of: dict[str, list[int]] = {}
        self._grams = GramIndex([])

    @classmethod
    def build(cls, aliases: Iterable[tuple[str, str]], kinds: Mapping[str, str] | None = None) -> NameIndex:
        """Build from (entity id, alias text) pairs; duplicates are harmless. `kinds` maps entity
        ids to "person"/"organisation" so look-ups can be limited to one kind cheaply."""
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
            # Members often type the family name first: "sutsk" should find "Ilya Sutskever".
            words = norm.split(" ")
            index._prefix.extend(("".join(words[i:]), row) for i in range(1, len(words)))
            index._rows_of.setdefault(entity_id, []).append(row)
        index._prefix.sort()
        index._grams = GramIndex([compact(c) for c in index._choices])
        index._kinds = dict(kinds or {})
        for kind in set(index._kinds.values()):
            index._kind_masks[kind] = np.fromiter(
                (index._kinds.get(e) == kind for e, _ in index._owners), dtype=bool, count=len(index._owners)
            )
        log.debug("name index built: %d aliases", len(index._choices))
        return index

    def __len__(self) -> int:
        return len(self._choices)

    def entity_ids(self) -> set[str]:
        return set(self._rows_of)

    def aliases(self) -> list[tuple[str, str]]:
        """Every (entity id, alias) the index holds, as given: what a text scanner looks for."""
        return list(self._owners)

    def kinds(self) -> dict[str, str]:
        return dict(self._kinds)

    def kind_of(self, entity_id: str) -> str | None:
        return self._kinds.get(entity_id)

    def first_of_kind(self, kind: str, limit: int) -> list[str]:
        """Entity ids of one kind in name order (what autocomplete offers before anything is typed)."""
        out: list[str] = []
        for _alias, row in self._prefix:
            entity = self._owners[row][0]
            if self._kinds.get(entity) == kind and entity not in out:
                out.append(entity)
                if len(out) >= limit:
                    break
        return out

    def _allowed(self, among: Collection[str] | None, kind: str | None) -> Callable[[str], bool]:
        if among is None and kind is None:
            return lambda _entity: True
        return lambda entity: (among is None or entity in among) and (kind is None or self._kinds.get(entity) == kind)

    def _mask(self, among: Collection[str] | None, kind: str | None) -> np.ndarray | None:
        mask = self._kind_masks.get(kind) if kind else None
        if kind and mask is None:
            mask = np.zeros(len(self._owners), dtype=bool)
        if among is not None:
            chosen = np.zeros(len(self._owners), dtype=bool)
            for entity in among:
                chosen[self._rows_of.get(entity, [])] = True
            mask = chosen if mask is None else (mask & chosen)
        return mask

    def resolve(
        self, query: str, *, limit: int = 5, among: Collection[str] | None = None, kind: str | None = None
    ) -> Resolution:
        """Rank entities for `query`; `ambiguous` when the top ones are too close to call.

        `among` (entity ids) and `kind` ("person", "organisation") restrict the answer.
        """
        norm = normalise(query)
        if not norm:
            return Resolution(query, (), False)
        allowed = self._allowed(among, kind)
        exact = [(e, text) for e, text in self._exact.get(compact(norm), []) if allowed(e)]
        if exact:
            owners = list(dict.fromkeys(entity for entity, _ in exact))
            by_entity = {entity: text for entity, text in reversed(exact)}
            candidates = tuple(Candidate(e, 100.0, by_entity[e], True) for e in owners)
            return Resolution(query, candidates[:limit], len(owners) > 1)
        candidates = self._fuzzy(norm, limit, mask=self._mask(among, kind))
        ambiguous = (
            len(candidates) > 1
            and candidates[0].score >= MIN_SCORE
            and candidates[0].score - candidates[1].score < AMBIGUITY_MARGIN
        )
        return Resolution(query, candidates, ambiguous)

    def suggest(
        self, query: str, *, limit: int = 25, among: Collection[str] | None = None, kind: str | None = None
    ) -> list[Candidate]:
        """Autocomplete: prefix matches first (in alias order), then fuzzy ones, one per entity."""
        norm = normalise(query)
        if not norm:
            return []
        key = compact(norm)
        allowed = self._allowed(among, kind)
        picked: dict[str, Candidate] = {}
        start = bisect.bisect_left(self._prefix, (key, -1))
        for i in range(start, len(self._prefix)):  # by index: slicing would copy the whole tail
            alias, row = self._prefix[i]
            if not alias.startswith(key) or len(picked) >= limit:
                break
            entity_id, text = self._owners[row]
            if allowed(entity_id):
                picked.setdefault(entity_id, Candidate(entity_id, 100.0, text, alias == key))
        # Names starting with what was typed (any word of them) are what a member wants; fuzzy
        # matching (the costly part) steps in when nothing starts with it, e.g. a typo.
        if len(picked) < PREFIX_ENOUGH:
            # Beyond the first ten, fuzzy guesses for a typo are noise: score only a short list.
            for cand in self._fuzzy(
                norm, min(limit, 10), floor=SCORE_FLOOR_FOR_SUGGESTIONS, mask=self._mask(among, kind)
            ):
                if len(picked) >= limit:
                    break
                picked.setdefault(cand.entity_id, cand)
        return list(picked.values())[:limit]

    def _fuzzy(
        self, norm: str, limit: int, floor: float = SCORE_FLOOR_FOR_SUGGESTIONS, mask: np.ndarray | None = None
    ) -> tuple[Candidate, ...]:
        # Bigram overlap shortlists a few dozen aliases; the stricter score below ranks them.
        rows = self._grams.shortlist(compact(norm), max(limit * 2, SHORTLIST), mask)
        if not rows:
            return ()
        scores, whole = _scores(norm, [self._choices[row] for row in rows])
        best: dict[str, tuple[float, float, Candidate]] = {}
        for row, score, ratio in zip(rows, scores.tolist(), whole.tolist(), strict=True):
            if score < floor:
                continue
            entity_id, text = self._owners[row]
            # Ties (two Kevins matched on "Kevin") go to the alias closest as a whole string.
            if entity_id not in best or (score, ratio) > best[entity_id][:2]:
                best[entity_id] = (score, ratio, Candidate(entity_id, score, text))
        ranked = sorted(best.values(), key=lambda r: (-r[0], -r[1], r[2].entity_id))
        return tuple(r[2] for r in ranked[:limit])


def _partial_counts(query: str, alias: str) -> bool:
    """Whether a part of one may stand for the other: the shorter side must be long enough to
    mean something (two CJK characters, three letters) and at least half the longer one."""
    short, long = sorted((query, alias), key=len)
    min_len = 2 if has_cjk(short) else 3
    return len(short) >= min_len and len(short) / len(long) >= 0.5


def _scores(query: str, aliases: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """similarity() of `query` against each alias, and the plain whole-string ratio (for ties),
    scored by rapidfuzz in C over the whole list at once."""

    def each(scorer: Callable[..., float], choices: Sequence[str]) -> np.ndarray:
        return process.cdist([query], choices, scorer=scorer, dtype=np.float64)[0]

    whole = each(fuzz.ratio, aliases)
    score = np.maximum(whole, each(fuzz.token_sort_ratio, aliases))
    partial = [i for i, alias in enumerate(aliases) if _partial_counts(query, alias)]
    if partial:
        chosen = [aliases[i] for i in partial]
        part = PARTIAL_WEIGHT * np.maximum(each(fuzz.partial_ratio, chosen), each(fuzz.token_set_ratio, chosen))
        score[partial] = np.maximum(score[partial], part)
    return score, whole


def similarity(query: str, alias: str) -> float:
    """0-100: how well a normalised query matches a normalised alias.

    Whole-string and word-order-free similarity, plus partial matching ("altman" inside
    "sam altman") only when the shorter side is long enough to mean something.
    """
    return float(_scores(query, [alias])[0][0])
