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
BULK_ROWS = 256
"""Rows added in one call from which the postings are grouped with numpy, not in lists."""
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
        if len(docs) >= BULK_ROWS:
            self._add_bulk(docs, lengths)
        else:
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
            for term in list(self._pending):
                self._merge(term)

    def _add_bulk(self, docs: Sequence[str], lengths: np.ndarray) -> None:
        """Many rows at once (a process's first read of a user): grouped by term with numpy,
        one sort instead of a Python append per term occurrence (~2 s at 100k memories).
        Positions within a term are distinct, so their order changes no score."""
        vocab: dict[str, int] = {}
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for start in range(0, len(docs), BULK_ROWS):  # one JSON parse a chunk, not one a row
            parsed = json.loads(f"[{','.join(docs[start : start + BULK_ROWS])}]")
            sizes = np.fromiter(map(len, parsed), dtype=np.int64, count=len(parsed))
            total = int(sizes.sum())
            ids = (vocab.setdefault(t, len(vocab)) for doc in parsed for t in doc)
            counts = (c for doc in parsed for c in doc.values())
            parts.append((sizes, np.fromiter(ids, dtype=np.int64, count=total),
                          np.fromiter(counts, dtype=np.float64, count=total)))  # fmt: skip
        sizes, term_ids, counts = (np.concatenate(column) for column in zip(*parts, strict=True))
        rows = np.repeat(np.arange(len(docs), dtype=np.int64), sizes)
        # integer counts: the float sums are exact, equal to summing the ints
        lengths[self.size :] = np.bincount(rows, weights=counts, minlength=len(docs))
        order = np.argsort(term_ids, kind="stable")
        bounds = np.cumsum(np.bincount(term_ids, minlength=len(vocab)))[:-1]
        positions = np.split(rows[order] + self.size, bounds)
        tfs = np.split(counts[order], bounds)
        for term, at in vocab.items():
            if term in self._pending:
                self._merge(term)
            self._append(term, positions[at], tfs[at])

    def _merge(self, term: str) -> None:
        positions, counts = self._pending.pop(term)
        self._n_pending -= len(positions)
        self._append(
            term, np.asarray(positions, dtype=np.int64), np.asarray(counts, dtype=np.float64)
        )

    def _append(self, term: str, positions: np.ndarray, counts: np.ndarray) -> None:
        """Postings after the term's current ones, keeping the byte count true."""
        old = self._arrays.get(term)
        if old is not None:
            self._array_bytes -= old[0].nbytes + old[1].nbytes
            positions, counts = (
                np.concatenate([old[0], positions]),
                np.concatenate([old[1], counts]),
            )
        self._arrays[term] = (positions, counts)
        self._array_bytes += positions.nbytes + counts.nbytes

    def packed(self) -> tuple[list[str], dict[str, np.ndarray]]:
        """Every posting in one pair of arrays, term after term (for a saved copy): the terms
        in order and the arrays (``lengths``; ``positions`` and ``counts`` cut at ``bounds``)."""
        for term in list(self._pending):
            self._merge(term)
        terms = list(self._arrays)
        parts = [self._arrays[t] for t in terms]
        sizes = np.fromiter((len(pos) for pos, _ in parts), dtype=np.int64, count=len(parts))
        empty = np.zeros(0, dtype=np.int64)
        return terms, {
            "lengths": self._lengths[: self.size],
            "positions": np.concatenate([pos for pos, _ in parts] or [empty]),
            "counts": np.concatenate([tf for _, tf in parts] or [empty.astype(np.float64)]),
            "bounds": np.cumsum(sizes),
        }

    @classmethod
    def unpacked(cls, terms: list[str], arrays: dict[str, np.ndarray]) -> Postings:
        """The postings :meth:`packed` gave."""
        out = cls()
        out._lengths = np.asarray(arrays["lengths"], dtype=np.float64)
        out.size = len(out._lengths)
        if terms:
            cuts = np.asarray(arrays["bounds"], dtype=np.int64)[:-1]
            positions = np.split(np.asarray(arrays["positions"], dtype=np.int64), cuts)
            counts = np.split(np.asarray(arrays["counts"], dtype=np.float64), cuts)
            out._arrays = dict(zip(terms, zip(positions, counts, strict=True), strict=True))
        out._array_bytes = sum(pos.nbytes + tf.nbytes for pos, tf in out._arrays.values())
        return out

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
        first, and every row tied with the n-th (so the caller can break ties by something that
        does not depend on load order); ties by position. ``mask``: the rows allowed (None:
        all)."""
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
            rows = rows[scores[rows] >= cut - 1e-7]  # near-ties too (see vector_index.TIE)
        rows = rows[np.lexsort((rows, -scores[rows]))]
        return list(zip(rows.tolist(), scores[rows].tolist(), strict=True))
