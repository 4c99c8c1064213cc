"""Full-text search over statement texts in English and Chinese, in memory.

Chinese has no spaces, so words are not tokens: every pair of adjacent CJK characters is one
(離職 → 离职, 董事會 → 董事, 事会), and a lone character counts alone. Two-character words, the
commonest in Chinese, are found whole, which SQLite FTS5 cannot do (its default tokenizer reads a
run of CJK characters as one token; its trigram tokenizer needs three characters). English words
are folded to lower case with a light suffix strip. Ranking is BM25. Built once per data version.
"""

from __future__ import annotations

import logging
import math
import re
from collections import defaultdict
from collections.abc import Sequence

from bot.domain.script import to_simplified

log = logging.getLogger(__name__)

_WORD = re.compile(r"[0-9a-z\u00c0-\u024f]+(?:[.'][0-9a-z]+)*")
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
K1, B = 1.2, 0.75
_STOP_WORDS = (
    "a an the of to in on at by for and or is are was were be been did do does what who whom whose which when "
    "where why how that this these those it its his her their he she they them with as from about into after "
    "before than then there any me tell know you your i s"
)
STOP = frozenset(_STOP_WORDS.split())
# Particles and question words: a pair with one of them is the question's wording, not its topic.
CJK_STOP = frozenset("的了是在和与吗呢么什谁哪")


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[str]:
    """Search terms of a text: folded English words, CJK bigrams (and lone CJK characters)."""
    text = to_simplified(text.casefold())
    words = (re.sub(r"'s$", "", w) for w in _WORD.findall(text.replace("’", "'")))
    out = [_stem(w) for w in words if w not in STOP]
    for run in _CJK_RUN.findall(text):
        if len(run) == 1:
            if run not in CJK_STOP:
                out.append(run)
            continue
        pairs = (run[i : i + 2] for i in range(len(run) - 1))
        out.extend(p for p in pairs if not set(p) & CJK_STOP)
    return out


class TextIndex:
    """BM25 over documents (a statement's English and Chinese text together)."""

    def __init__(self, documents: Sequence[str]) -> None:
        self._postings: dict[str, dict[int, int]] = defaultdict(dict)
        self._lengths: list[int] = []
        for doc_id, text in enumerate(documents):
            terms = tokens(text)
            self._lengths.append(len(terms))
            for term in terms:
                row = self._postings[term]
                row[doc_id] = row.get(doc_id, 0) + 1
        self._n = len(documents)
        self._avg = (sum(self._lengths) / self._n) if self._n else 1.0

    def __len__(self) -> int:
        return self._n

    def idf(self, term: str) -> float:
        df = len(self._postings.get(term, ()))
        return math.log(1 + (self._n - df + 0.5) / (df + 0.5))

    def search(self, query: str, *, limit: int = 10, among: set[int] | None = None) -> list[tuple[int, float, float]]:
        """(document, score, share of the query's weight it matched), best first."""
        terms = list(dict.fromkeys(tokens(query)))
        if not terms:
            return []
        weights = {t: self.idf(t) for t in terms}
        total = sum(weights.values()) or 1.0
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, float] = defaultdict(float)
        for term in terms:
            postings = self._postings.get(term)
            if not postings:
                continue
            idf = weights[term]
            items = postings.items() if among is None else ((d, postings[d]) for d in among if d in postings)
            for doc, tf in items:
                norm = K1 * (1 - B + B * self._lengths[doc] / self._avg)
                scores[doc] += idf * tf * (K1 + 1) / (tf + norm)
                matched[doc] += idf
        ranked = sorted(scores, key=lambda d: (-scores[d], d))[:limit]
        return [(d, scores[d], matched[d] / total) for d in ranked]
