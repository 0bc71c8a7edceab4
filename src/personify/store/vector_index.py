"""In-process vector index of one user's memories, kept in sync with the store by version.

SQLite holds every embedding (the source of truth); this index is a cache rebuilt or caught up
from it whenever the user's version moved, so several processes can share one database file.
Below ``ann_threshold`` memories the search is an exact numpy scan (~1 ms at 10k x 384);
above it an HNSW graph (usearch) proposes candidates, which are then scored exactly.

Besides the vectors it holds what recall ranks by (kind, times, confidence, evidence), so a
recall reads in full only the memories it returns. The HNSW graph is keyed by each memory's
``seq``, not its position here, so a graph saved by one process is valid in another
(:meth:`UserVectorIndex.adopt` checks that it is, vector by vector).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

from personify.models import ROLES, MemoryKind, Origin, as_utc
from personify.store import Candidate
from personify.store.lexical_index import Postings

ANN_OVERSAMPLE = 4
ANN_MIN_CANDIDATES = 16
ADOPT_CHUNK = 8192
# rows added to a graph on all cores only from this many: a parallel insert's order (and so the
# graph) differs from run to run, so two processes adding the same few rows to the same saved
# graph would answer differently; a handful of rows takes no time on one thread
PARALLEL_ADD = 1024
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_US = timedelta(microseconds=1)
NO_TIME = int(np.iinfo(np.int64).min)
"""``confirmed`` of a memory never confirmed."""
_KINDS = {kind.value: kind for kind in MemoryKind}


def micros(value: datetime) -> int:
    """A time as whole microseconds since the epoch: exact, unlike a float timestamp, so the
    index's filters and scores agree with the database's own comparisons to the microsecond."""
    return (as_utc(value) - EPOCH) // ONE_US


def _time(us: int) -> datetime:
    return EPOCH + timedelta(microseconds=us)


def new_graph(dim: int) -> Any:
    """An empty HNSW graph with the parameters every index (and every saved one) uses.

    onnxruntime (the default embedder) is loaded first: loaded after usearch's compiled module,
    onnxruntime 1.31 crashes the process on import (seen with usearch 2.26), so a process that
    searched a large user before its first embedding died."""
    import onnxruntime  # noqa: F401
    from usearch.index import Index

    return Index(
        ndim=dim, metric="ip", dtype="f32", connectivity=16, expansion_add=64, expansion_search=128
    )


@dataclass(slots=True)
class IndexRow:
    seq: int
    id: str
    kind: str
    session: str | None
    created: int  # microseconds since the epoch, as every time here
    current: bool
    vector: np.ndarray | bytes  # bytes: float32 as the database stores it
    valid_from: int = 0
    confirmed: int | None = None
    confidence: float = 1.0
    explicit: bool = True  # origin
    pinned: bool = False
    role: int = 0  # position in ROLE_CODES
    evidence: str = "[]"  # JSON list of event ids, decoded only for a ranked candidate
    terms: str = "{}"  # JSON of the BM25 terms (stem -> count); a memory's never change


ROLE_CODES: tuple[str | None, ...] = (None, *ROLES)
"""A turn's role as a small int in the index (an unknown role reads as None)."""

TIE = 1e-7  # scores closer than this are tied (float32 noise between backends stays below it)


def best_first(found: list[tuple[str, float]], n: int) -> list[tuple[str, float]]:
    """The n best (id, score), ties by id, scores compared to 1e-7 (float32 noise between
    matrix sizes or backends stays below it): the same candidates whatever order a store loaded
    its rows in (SQLite and PostgreSQL copies of one user recall the same memories)."""
    return sorted(found, key=lambda pair: (-round(pair[1], 7), pair[0]))[:n]


class UserVectorIndex:
    @property
    def nbytes(self) -> int:
        """Memory this index holds: its vectors and columns, and the ANN graph when built."""
        arrays = [self._matrix, *(getattr(self, name) for name, _, _ in self._COLUMNS)]
        graph = int(getattr(self._ann, "memory_usage", 0) or 0) if self._ann is not None else 0
        return sum(a.nbytes for a in arrays) + self._evidence_bytes + graph + self.lexical.nbytes

    def __init__(
        self,
        dim: int,
        ann_threshold: int,
        saved_graph: Callable[[], tuple[Any, str] | None] | None = None,
    ) -> None:
        """``saved_graph``: called once, when the graph is first needed, for a graph saved by
        an earlier process and the token of that save (or None); it is used if :meth:`adopt`
        accepts it."""
        self.dim = dim
        self.ann_threshold = ann_threshold
        self.version = -1
        self.size = 0
        self._matrix = np.zeros((0, dim), dtype=np.float32)
        self._seqs = np.zeros(0, dtype=np.int64)
        self._created = np.zeros(0, dtype=np.int64)
        self._current = np.zeros(0, dtype=bool)
        self._valid_from = np.zeros(0, dtype=np.int64)
        self._confirmed = np.zeros(0, dtype=np.int64)
        self._confidence = np.zeros(0, dtype=np.float64)
        self._explicit = np.zeros(0, dtype=bool)
        self._pinned = np.zeros(0, dtype=bool)
        self._role = np.zeros(0, dtype=np.int8)
        self.ids: list[str] = []
        self.kinds: list[str] = []
        self.sessions: list[str | None] = []
        self.evidence: list[str] = []
        self._evidence_bytes = 0
        self._position: dict[int, int] = {}
        self._by_id: dict[str, int] = {}
        self._ann: Any = None
        self._saved_graph = saved_graph
        self.lexical = Postings()
        """The rows' BM25 terms, at the same positions (see :mod:`.lexical_index`)."""
        self.graph_unsaved = 0
        """Rows in the graph that no saved copy holds (all of them after a fresh build)."""
        self.saved_token: str | None = None
        """The save this index was loaded from (see :meth:`unpacked`) or last saved as; None if
        neither."""

    # the per-row columns: (attribute, dtype, the IndexRow field it holds)
    _COLUMNS = (("_seqs", np.int64, "seq"), ("_created", np.int64, "created"),
                ("_current", bool, "current"), ("_valid_from", np.int64, "valid_from"),
                ("_confirmed", np.int64, "confirmed"), ("_confidence", np.float64, "confidence"),
                ("_explicit", bool, "explicit"), ("_pinned", bool, "pinned"),
                ("_role", np.int8, "role"))  # fmt: skip

    def _grow(self, extra: int) -> None:
        need = self.size + extra
        if need <= len(self._seqs):
            return
        capacity = max(need, int(len(self._seqs) * 1.5) + 64)
        matrix = np.zeros((capacity, self.dim), dtype=np.float32)
        matrix[: self.size] = self._matrix[: self.size]
        self._matrix = matrix
        for name, dtype, _ in self._COLUMNS:
            grown = np.zeros(capacity, dtype=dtype)
            grown[: self.size] = getattr(self, name)[: self.size]
            setattr(self, name, grown)

    def upsert(self, rows: Iterable[IndexRow]) -> None:
        rows = list(rows)
        self._grow(len(rows))
        fresh = [row for row in rows if row.seq not in self._position]
        for row in rows:
            pos = self._position.get(row.seq)
            if pos is None:
                continue
            self.kinds[pos] = row.kind
            self.sessions[pos] = row.session
            self._evidence_bytes += len(row.evidence) - len(self.evidence[pos])
            self.evidence[pos] = row.evidence
            self._set(np.asarray([pos]), [row])
        start = self.size
        for pos, row in enumerate(fresh, start):
            self._position[row.seq] = pos
            self._by_id[row.id] = pos
        self.ids += [row.id for row in fresh]
        self.kinds += [row.kind for row in fresh]
        self.sessions += [row.session for row in fresh]
        self.evidence += [row.evidence for row in fresh]
        self._evidence_bytes += sum(len(row.evidence) for row in fresh)
        self.size += len(fresh)
        self.lexical.add([row.terms for row in fresh])
        if fresh:  # column by column: a new user's 100k rows in one go
            self._set(np.arange(start, self.size), fresh)
        self._update_ann(list(range(start, self.size)))

    def _set(self, positions: np.ndarray, rows: list[IndexRow]) -> None:
        vectors = [row.vector for row in rows]
        if all(isinstance(v, bytes) for v in vectors):  # one copy, not one array per row
            matrix = np.frombuffer(b"".join(vectors), dtype=np.float32)  # type: ignore[arg-type]
            self._matrix[positions] = matrix.reshape(len(rows), self.dim)
        else:
            self._matrix[positions] = np.stack([np.asarray(v) for v in vectors])
        for name, dtype, field in self._COLUMNS:
            values = [getattr(row, field) for row in rows]
            if field == "confirmed":  # no confirmation yet: a time no memory has
                values = [NO_TIME if v is None else v for v in values]
            getattr(self, name)[positions] = np.asarray(values, dtype=dtype)

    def _update_ann(self, fresh: list[int]) -> None:
        if self.size < self.ann_threshold:
            self._ann = None
            return
        if self._ann is None:
            saved, self._saved_graph = self._saved_graph, None
            found = saved() if saved is not None else None
            if found is not None and self.adopt(found[0], found[1] == self.saved_token):
                return
            self._ann = new_graph(self.dim)
            fresh = list(range(self.size))
        if fresh:
            positions = np.asarray(fresh, dtype=np.int64)
            self._add(positions)
            self.graph_unsaved += len(positions)

    def adopt(self, graph: Any | None, saved_together: bool = False) -> bool:
        """Take ``graph`` (one saved earlier) as this index's ANN graph if it holds exactly
        these memories' vectors, none other, and add the rows it lacks (those written since
        it was saved). False, and nothing changed, if it holds anything else: a memory
        deleted since, or a vector that differs. ``saved_together``: the graph was saved
        with the rows this index was loaded from, so its vectors are theirs (a memory's vector
        never changes) and only its keys are checked."""
        if graph is None or graph.ndim != self.dim or len(graph) > self.size:
            return False
        keys = np.asarray(graph.keys, dtype=np.int64)
        positions = np.fromiter(
            (self._position.get(k, -1) for k in keys.tolist()), dtype=np.int64, count=len(keys)
        )
        if (positions < 0).any():
            return False
        for start in range(0, 0 if saved_together else len(keys), ADOPT_CHUNK):  # no 2nd copy
            part = slice(start, start + ADOPT_CHUNK)
            stored = np.asarray(graph.get(keys[part]), dtype=np.float32)
            if not np.array_equal(stored, self._matrix[positions[part]]):
                return False
        missing = np.ones(self.size, dtype=bool)
        missing[positions] = False
        graph.expansion_add, graph.expansion_search = 64, 128
        self._ann = graph
        self.graph_unsaved = 0
        fresh = np.flatnonzero(missing)
        if len(fresh):
            self._add(fresh)
            self.graph_unsaved = len(fresh)
        return True

    def _add(self, positions: np.ndarray) -> None:
        """Rows into the graph: on all cores for a bulk build, on one (the same graph in every
        process) for the few written since a save or in one call."""
        threads = 0 if len(positions) >= PARALLEL_ADD else 1
        self._ann.add(self._seqs[positions], self._matrix[positions], threads=threads)

    def packed(self) -> dict[str, np.ndarray]:
        """Everything but the graph as arrays (a saved copy a new process loads instead of
        reading and parsing every row: ~3 s at 100k memories); texts as one JSON array."""
        terms, postings = self.lexical.packed()
        texts = {"ids": self.ids, "kinds": self.kinds, "sessions": self.sessions,
                 "evidence": self.evidence, "terms": terms}  # fmt: skip
        n = self.size
        return {
            "version": np.asarray([self.version, n, self.dim], dtype=np.int64),
            "matrix": self._matrix[:n],
            **{name: getattr(self, name)[:n] for name, _, _ in self._COLUMNS},
            **{f"lexical_{name}": array for name, array in postings.items()},
            "texts": np.frombuffer(json.dumps(texts).encode(), dtype=np.uint8),
        }

    @classmethod
    def unpacked(
        cls,
        arrays: dict[str, np.ndarray],
        ann_threshold: int,
        saved_graph: Callable[[], Any | None] | None = None,
    ) -> UserVectorIndex:
        """The index :meth:`packed` gave, at the version it had (the caller catches it up);
        its graph comes from ``saved_graph``, checked as ever by :meth:`adopt`."""
        version, n, dim = (int(v) for v in arrays["version"])
        index = cls(dim, ann_threshold, saved_graph)
        # np.load's arrays are fresh and writable: no second copy of 100k vectors
        matrix = np.require(arrays["matrix"], np.float32, ["C", "W"]).reshape(n, dim)
        for name, dtype, _ in cls._COLUMNS:
            column = arrays[name]
            if len(column) != n:
                raise ValueError(f"saved index: column {name} has {len(column)} rows, not {n}")
            setattr(index, name, np.require(column, dtype, ["C", "W"]))
        texts = json.loads(bytes(arrays["texts"]))
        index._matrix = matrix
        index.ids, index.kinds = texts["ids"], texts["kinds"]
        index.sessions, index.evidence = texts["sessions"], texts["evidence"]
        if {len(index.ids), len(index.kinds), len(index.sessions), len(index.evidence)} != {n}:
            raise ValueError("saved index: texts and columns differ in length")
        index._evidence_bytes = sum(map(len, index.evidence))
        postings = {k[8:]: v for k, v in arrays.items() if k.startswith("lexical_")}
        index.lexical = Postings.unpacked(texts["terms"], postings)
        if index.lexical.size != n:
            raise ValueError("saved index: postings and columns differ in length")
        index._position = dict(zip(index._seqs.tolist(), range(n), strict=True))
        index._by_id = dict(zip(index.ids, range(n), strict=True))
        index.size, index.version = n, version
        return index

    @property
    def graph(self) -> Any | None:
        """The ANN graph (keys are memory seqs), None below ``ann_threshold``."""
        return self._ann

    @property
    def max_seq(self) -> int:
        return int(self._seqs[: self.size].max()) if self.size else -1

    def mask(
        self,
        kinds: frozenset[str] | None,
        session: str | None,
        since: datetime | None,
        until: datetime | None,
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
            mask &= self._created[:n] >= micros(since)
        if until is not None:
            mask &= self._created[:n] <= micros(until)
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
                where = self._position
                positions = np.fromiter(
                    (where[k] for k in np.asarray(found.keys).tolist()), dtype=np.int64
                )
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
        if len(positions) > n:  # the n best and everything tied with the n-th
            cut = -np.partition(-sims, n - 1)[n - 1]
            keep = sims >= cut - TIE  # near-ties too: best_first decides them the same everywhere
            positions, sims = positions[keep], sims[keep]
        return best_first(
            [(self.ids[p], float(s)) for p, s in zip(positions.tolist(), sims, strict=True)], n
        )

    def lexical_search(
        self,
        terms: list[str],
        df: dict[str, int],
        n_docs: int,
        n_terms: int,
        n: int,
        mask: np.ndarray | None,
    ) -> list[tuple[str, float]]:
        """The n best memories by the user's BM25 for ``terms`` (statistics given)."""
        found = self.lexical.top(terms, df, n_docs, n_terms, n, mask)
        return best_first([(self.ids[pos], score) for pos, score in found], n)

    def vectors(self, ids: Iterable[str]) -> dict[str, np.ndarray]:
        return {mid: self._matrix[self._by_id[mid]] for mid in ids if mid in self._by_id}

    def candidates(self, ids: Iterable[str]) -> dict[str, Candidate]:
        """What recall ranks these memories by (see :class:`~personify.store.Candidate`)."""
        ids = [mid for mid in ids if mid in self._by_id]
        at = np.fromiter((self._by_id[mid] for mid in ids), dtype=np.int64, count=len(ids))
        positions = at.tolist()
        # one JSON parse for all of them: ~100 candidates a recall, ~1 us each call saved
        evidence = json.loads(f"[{','.join([self.evidence[pos] for pos in positions])}]")
        columns = zip(
            ids,
            positions,
            evidence,
            self._created[at].tolist(),
            self._valid_from[at].tolist(),
            self._confirmed[at].tolist(),
            self._confidence[at].tolist(),
            self._explicit[at].tolist(),
            self._pinned[at].tolist(),
            self._role[at].tolist(),
            strict=True,
        )
        return {
            mid: Candidate(
                id=mid,
                kind=_KINDS[self.kinds[pos]],
                origin=Origin.EXPLICIT if explicit else Origin.IMPLICIT,
                confidence=conf,
                created_at=EPOCH + timedelta(microseconds=created),
                valid_from=EPOCH + timedelta(microseconds=valid_from),
                confirmed_at=None if confirmed == NO_TIME else _time(confirmed),
                evidence=sources,
                metadata={"pinned": True} if pinned else {},
                role=ROLE_CODES[role],
            )
            for mid, pos, sources, created, valid_from, confirmed, conf, explicit, pinned, role in (
                columns
            )
        }


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

    def entries(self) -> Iterator[tuple[str, UserVectorIndex, object]]:
        """(user id, index, birth of the user row) of each cached index."""
        for user_id, (index, born, _) in list(self._entries.items()):
            yield user_id, index, born

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
