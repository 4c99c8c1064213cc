"""A character-bigram index that shortlists fuzzy-match candidates in well under a millisecond,
so the exact scorer only runs on a few dozen aliases instead of every alias in the store."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from bot.domain.script import has_cjk

NEAR_BEST = 0.6  # rows with fewer than this share of the best row's bigram count are left out
ENOUGH_ROWS = 4  # ... and more are left out while over this many times the rows asked for remain


def grams(text: str) -> set[str]:
    """Bigrams with word boundaries; CJK characters also count alone (two-character names)."""
    padded = f" {text} "
    out = {padded[i : i + 2] for i in range(len(padded) - 1)}
    if has_cjk(text):
        out |= {ch for ch in text if not ch.isspace()}
    return out


class GramIndex:
    def __init__(self, strings: Sequence[str]) -> None:
        postings: dict[str, list[int]] = defaultdict(list)
        sizes = np.zeros(len(strings), dtype=np.float32)
        for row, text in enumerate(strings):
            mine = grams(text)
            sizes[row] = len(mine)
            for gram in mine:
                postings[gram].append(row)
        self._postings = {g: np.asarray(rows, dtype=np.int32) for g, rows in postings.items()}
        self._sizes = sizes
        self._n = len(strings)

    def shortlist(self, query: str, k: int, mask: np.ndarray | None = None) -> list[int]:
        """Up to `k` rows most similar to `query` by shared bigrams (Dice coefficient), best first;
        `mask` (one bool per row) leaves rows out."""
        mine = grams(query)
        arrays = [self._postings[g] for g in mine if g in self._postings]
        if not arrays or self._n == 0:
            return []
        # Small counts (a name shares at most a few hundred bigrams) keep the passes below cheap.
        hits = np.bincount(np.concatenate(arrays), minlength=self._n).astype(np.uint16)
        if mask is not None:
            hits *= mask
        # Only rows sharing most of the best row's bigrams can be close matches (one typo
        # changes at most three); scoring every row that shares any bigram would cost a pass
        # over most of a large index.
        top = int(hits.max())
        least = max(1, int(NEAR_BEST * top))
        rows = np.flatnonzero(hits >= least)
        while rows.size > ENOUGH_ROWS * k and least < top:  # a short query shares a little with many
            least += 1
            rows = rows[hits[rows] >= least]
        if rows.size == 0:
            return []
        score = 2.0 * hits[rows] / (len(mine) + self._sizes[rows])
        if rows.size > k:
            best = np.argpartition(-score, k - 1)[:k]
            rows, score = rows[best], score[best]
        ranked: list[int] = rows[np.argsort(-score, kind="stable")].tolist()
        return ranked
