"""In-process postings of one user's BM25 terms, held by the vector index (same rows, same
version, same cache budget).

Full-text candidates used to come from FTS5 ``ORDER BY rank LIMIT 200``, which ranks every
match before the limit: ~3-6 ms a query at 10k memories, ~35 ms at 100k. Here the user's own
BM25 (with the statistics the store keeps in ``term_stats``, as before) is computed with numpy
over every memory that holds a query term, and the top n are taken: the same scores, bit for
bit (the same float operations in the same order as :func:`personify.lexical.bm25`), and the
true top n rather than the best n among FTS5's 200.

Terms are written once with a memory and never change, so rows are only ever appended; a
deletion makes the owner rebuild the whole index.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence

import numpy as np

from personify.lexical import K1, B

COMPACT_PENDING = 20_000
"""Postings held as Python lists (rows added a few at a time) before they become arrays."""
_PENDING_BYTES = 72  # a position and a count in lists, roughly
_TERM_BYTES = 160  # a dict slot, the key and the arrays' headers, roughly


class Postings:
    """Term -> (positions, term counts), positions being the owner's row positions."""

    def __init__(self) -> None:
        self.size = 0
        self._lengths = np.zeros(0, dtype=np.float64)
        self._arrays: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._pending: dict[str, tuple[list[int], list[int]]] = {}
        self._n_pending = 0
        self._array_bytes = 0

    @property
    def nbytes(self) -> int:
        terms = len(self._arrays.keys() | self._pending.keys())
        return (
            self._lengths.nbytes
            + self._array_bytes
            + self._n_pending * _PENDING_BYTES
            + terms * _TERM_BYTES
        )

    def add(self, docs: Sequence[str]) -> None:
        """Append rows (their ``terms`` JSON: stem -> count), at positions ``size`` on."""
        if not docs:
            return
        lengths = np.zeros(self.size + len(docs), dtype=np.float64)
        lengths[: self.size] = self._lengths[: self.size]
        pending = self._pending
        for pos, text in enumerate(docs, self.size):
            doc = json.loads(text)
            lengths[pos] = sum(doc.values())
            for term, count in doc.items():
                entry = pending.get(term)
                if entry is None:
                    entry = pending[term] = ([], [])
                entry[0].append(pos)
                entry[1].append(count)
            self._n_pending += len(doc)
        self._lengths = lengths
        self.size += len(docs)
        if self._n_pending >= COMPACT_PENDING:
            for term in list(pending):
                self._merge(term)

    def _merge(self, term: str) -> None:
        positions, counts = self._pending.pop(term)
        self._n_pending -= len(positions)
        new = (np.asarray(positions, dtype=np.int64), np.asarray(counts, dtype=np.float64))
        old = self._arrays.get(term)
        if old is not None:
            self._array_bytes -= old[0].nbytes + old[1].nbytes
            new = (np.concatenate([old[0], new[0]]), np.concatenate([old[1], new[1]]))
        self._arrays[term] = new
        self._array_bytes += new[0].nbytes + new[1].nbytes

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        if term in self._pending:
            self._merge(term)
        return self._arrays.get(term)

    def top(
        self,
        terms: Sequence[str],
        df: dict[str, int],
        n_docs: int,
        n_terms: int,
        n: int,
        mask: np.ndarray | None,
    ) -> list[tuple[int, float]]:
        """(position, score) of the n best rows with a positive BM25 score for ``terms``, best
        first; ties by position. ``mask``: the rows allowed (None: all)."""
        if n <= 0 or not self.size:
            return []
        avg_len = n_terms / max(n_docs, 1)
        scores = np.zeros(self.size, dtype=np.float64)
        for term in terms:
            found = self.postings(term)
            if found is None:
                continue
            positions, tf = found
            if mask is not None:
                keep = mask[positions]
                positions, tf = positions[keep], tf[keep]
            norm = K1 * (1 - B + B * self._lengths[positions] / max(avg_len, 1e-9))
            count = df.get(term, 0)
            idf = math.log(1 + (n_docs - count + 0.5) / (count + 0.5))
            scores[positions] += idf * tf * (K1 + 1) / (tf + norm)  # positions are distinct
        rows = np.flatnonzero(scores > 0)  # every idf is positive: a row holding a term scores
        if len(rows) > n:  # all rows tied with the n-th, so that ties go by position
            cut = -np.partition(-scores[rows], n - 1)[n - 1]
            rows = rows[scores[rows] >= cut]
        rows = rows[np.lexsort((rows, -scores[rows]))][:n]
        return list(zip(rows.tolist(), scores[rows].tolist(), strict=True))
