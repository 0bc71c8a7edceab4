"""In-process vector index of one user's memories, kept in sync with the store by version.

SQLite holds every embedding (the source of truth); this index is a cache rebuilt or caught up
from it whenever the user's version moved, so several processes can share one database file.
Below ``ann_threshold`` memories the search is an exact numpy scan (~1 ms at 10k x 384);
above it an HNSW graph (usearch) proposes candidates, which are then scored exactly.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

ANN_OVERSAMPLE = 4
ANN_MIN_CANDIDATES = 16


@dataclass(frozen=True)
class IndexRow:
    seq: int
    id: str
    kind: str
    session: str | None
    created: float
    current: bool
    vector: np.ndarray


class UserVectorIndex:
    @property
    def nbytes(self) -> int:
        """Memory this index holds: its vectors and columns, and the ANN graph when built."""
        arrays = (self._matrix, self._seqs, self._created, self._current)
        graph = int(getattr(self._ann, "memory_usage", 0) or 0) if self._ann is not None else 0
        return sum(a.nbytes for a in arrays) + graph

    def __init__(self, dim: int, ann_threshold: int) -> None:
        self.dim = dim
        self.ann_threshold = ann_threshold
        self.version = -1
        self.size = 0
        self._matrix = np.zeros((0, dim), dtype=np.float32)
        self._seqs = np.zeros(0, dtype=np.int64)
        self._created = np.zeros(0, dtype=np.float64)
        self._current = np.zeros(0, dtype=bool)
        self.ids: list[str] = []
        self.kinds: list[str] = []
        self.sessions: list[str | None] = []
        self._position: dict[int, int] = {}
        self._by_id: dict[str, int] = {}
        self._ann = None

    def _grow(self, extra: int) -> None:
        need = self.size + extra
        if need <= len(self._seqs):
            return
        capacity = max(need, int(len(self._seqs) * 1.5) + 64)
        matrix = np.zeros((capacity, self.dim), dtype=np.float32)
        matrix[: self.size] = self._matrix[: self.size]
        self._matrix = matrix
        for name, dtype in (("_seqs", np.int64), ("_created", np.float64), ("_current", bool)):
            grown = np.zeros(capacity, dtype=dtype)
            grown[: self.size] = getattr(self, name)[: self.size]
            setattr(self, name, grown)

    def upsert(self, rows: Iterable[IndexRow]) -> None:
        rows = list(rows)
        self._grow(len(rows))
        fresh_positions = []
        for row in rows:
            pos = self._position.get(row.seq)
            if pos is None:
                pos = self.size
                self.size += 1
                self._position[row.seq] = pos
                self.ids.append(row.id)
                self._by_id[row.id] = pos
                self.kinds.append(row.kind)
                self.sessions.append(row.session)
                fresh_positions.append(pos)
            else:
                self.kinds[pos] = row.kind
                self.sessions[pos] = row.session
            self._seqs[pos] = row.seq
            self._matrix[pos] = row.vector
            self._created[pos] = row.created
            self._current[pos] = row.current
        self._update_ann(fresh_positions)

    def _update_ann(self, fresh: list[int]) -> None:
        if self.size < self.ann_threshold:
            self._ann = None
            return
        if self._ann is None:
            from usearch.index import Index

            self._ann = Index(
                ndim=self.dim,
                metric="ip",
                dtype="f32",
                connectivity=16,
                expansion_add=64,
                expansion_search=128,
            )
            fresh = list(range(self.size))
        if fresh:
            positions = np.asarray(fresh, dtype=np.int64)
            self._ann.add(positions, self._matrix[positions], threads=0)  # all cores

    def mask(
        self,
        kinds: frozenset[str] | None,
        session: str | None,
        since: float | None,
        until: float | None,
        include_history: bool,
    ) -> np.ndarray | None:
        """Boolean mask over positions, or None when nothing is filtered out."""
        n = self.size
        mask = np.ones(n, dtype=bool) if include_history else self._current[:n].copy()
        if kinds is not None:
            mask &= np.fromiter((k in kinds for k in self.kinds), dtype=bool, count=n)
        if session is not None:
            mask &= np.fromiter((s == session for s in self.sessions), dtype=bool, count=n)
        if since is not None:
            mask &= self._created[:n] >= since
        if until is not None:
            mask &= self._created[:n] <= until
        return None if mask.all() else mask

    def search(self, query: np.ndarray, n: int, mask: np.ndarray | None) -> list[tuple[str, float]]:
        if self.size == 0 or n <= 0:
            return []
        positions = None
        if self._ann is not None:
            allowed = self.size if mask is None else int(mask.sum())
            # A selective filter makes the graph walk waste its budget: scan the subset instead.
            if allowed > self.ann_threshold // 4:
                # The graph is approximate: ask it for a wider net and let the exact rescoring
                # below pick the top n, which buys recall for almost no time.
                want = min(self.size, max(n, ANN_MIN_CANDIDATES) * ANN_OVERSAMPLE)
                found = self._ann.search(query, want, threads=1)
                positions = np.asarray(found.keys, dtype=np.int64)
                if mask is not None:
                    positions = positions[mask[positions]]
                if len(positions) < min(n, allowed):
                    positions = None
        if positions is None and mask is None:  # a view, not a copy of the whole matrix
            positions = np.arange(self.size)
            sims = self._matrix[: self.size] @ query
        else:
            if positions is None:
                positions = np.flatnonzero(mask)
            if len(positions) == 0:
                return []
            sims = self._matrix[positions] @ query
        if len(positions) > n:
            top = np.argpartition(-sims, n - 1)[:n]
            positions, sims = positions[top], sims[top]
        order = np.lexsort((positions, -sims))
        return [(self.ids[positions[i]], float(sims[i])) for i in order]

    def vectors(self, ids: Iterable[str]) -> dict[str, np.ndarray]:
        return {mid: self._matrix[self._by_id[mid]] for mid in ids if mid in self._by_id}


class IndexCache:
    """Per-user indexes, least recently used first, within ``budget`` bytes in all.

    Each index is kept with the creation time of its user's row (a user deleted by any process
    and created anew restarts its version, so the version alone cannot tell the two apart) and
    the size it had when stored; the total is kept as entries come and go, not recomputed."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.total = 0
        self._entries: OrderedDict[str, tuple[UserVectorIndex, object, int]] = OrderedDict()

    def get(self, user_id: str, born: object) -> UserVectorIndex | None:
        """The user's cached index, unless its user row was created anew since."""
        entry = self._entries.get(user_id)
        if entry is None:
            return None
        if entry[1] != born:
            self.drop(user_id)
            return None
        self._entries.move_to_end(user_id)
        return entry[0]

    def put(self, user_id: str, index: UserVectorIndex, born: object) -> None:
        """Store (or re-measure) the user's index, then drop the least recently used others
        until the cache fits; the one just stored stays even alone over budget."""
        self.drop(user_id)
        size = index.nbytes
        self._entries[user_id] = (index, born, size)
        self.total += size
        while self.total > self.budget and len(self._entries) > 1:
            self.drop(next(iter(self._entries)))

    def drop(self, user_id: str) -> None:
        entry = self._entries.pop(user_id, None)
        if entry is not None:
            self.total -= entry[2]

    def __getitem__(self, user_id: str) -> UserVectorIndex:
        return self._entries[user_id][0]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)
