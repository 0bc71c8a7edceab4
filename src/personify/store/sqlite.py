"""The default store: one SQLite file, WAL, ordered migrations, FTS5 and a cached vector index.

The logic is :class:`~personify.store.sql.SQLStore`'s; this is SQLite's dialect: one connection
in autocommit mode whose transactions take the file's write lock (``BEGIN IMMEDIATE``), times
and JSON stored as text, FTS5 fed by triggers, and an in-process vector index per user that
follows each memory's revision; it holds the memories' BM25 terms too, so full-text search is
exact and in memory (:mod:`~personify.store.lexical_index`) instead of FTS5 ranking every match.

A user's HNSW graph (built above ``ann_threshold`` memories: ~30 s at 100k) is saved beside
the database file (``<file>.ann/``), keyed by the user, the user row's birth and the embedder,
so a new process loads it and adds only what was written since. The rest of the user's index
(vectors, ranking columns, BM25 postings) is saved with it (``<name>.npz``, at the user version
it had), so that process reads only the rows written since instead of all of them (~5 s at 100k
memories, ~0.6 s loaded). Both hold vectors, so they go whenever any of the user's memories is
deleted (forget, a derived replace, delete_user), and neither is used once it holds a deleted
memory (the count of rows tells; the index is then read from the database again).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from personify.lexical import stem, term_counts, words
from personify.models import Memory
from personify.store import Candidate, MemoryFilter
from personify.store.migrations import MIGRATIONS
from personify.store.sql import SQLStore, marks
from personify.store.vector_index import (
    EPOCH,
    ONE_US,
    ROLE_CODES,
    IndexCache,
    IndexRow,
    UserVectorIndex,
    micros,
    new_graph,
)

MAX_DF = 0.25
MIN_DOCS_FOR_MAX_DF = 50
SAVE_EVERY = 2000
"""Rows added to a user's graph since it was last saved before it is saved again (and on
close): a new process adds at most this many itself."""

# ``metadata.pinned`` as Python's truth of the decoded value (what effective confidence reads)
_PINNED = """CASE json_type(metadata, '$.pinned')
    WHEN 'true' THEN 1 WHEN 'integer' THEN json_extract(metadata, '$.pinned') != 0
    WHEN 'real' THEN json_extract(metadata, '$.pinned') != 0
    WHEN 'text' THEN json_extract(metadata, '$.pinned') != ''
    WHEN 'array' THEN json_array_length(metadata, '$.pinned') > 0
    WHEN 'object' THEN json_extract(metadata, '$.pinned') != '{}' ELSE 0 END AS pinned"""
_INDEX_SELECT = (
    "SELECT seq, id, kind, session, created_at, valid_to, embedding, valid_from, confirmed_at, "
    f"confidence, origin, role, evidence, {_PINNED}, terms FROM memories "
    "WHERE user_id = ? AND rev > ? ORDER BY seq"
)


def _owner_token(user_id: str) -> str:
    """A single FTS token per user, so MATCH intersects with the user's postings in the index."""
    return "u" + hashlib.blake2b(user_id.encode(), digest_size=10).hexdigest()


def _micros(text: str) -> int:
    value = datetime.fromisoformat(text)  # written from UTC times: an offset is always there
    return micros(value) if value.tzinfo is None else (value - EPOCH) // ONE_US


def _mask(index: UserVectorIndex, filt: MemoryFilter) -> np.ndarray | None:
    """The index rows ``filt`` lets through (None: all of them)."""
    return index.mask(
        None if filt.kinds is None else frozenset(k.value for k in filt.kinds),
        filt.session,
        filt.since,
        filt.until,
        filt.include_history,
    )


def _index_row(r: sqlite3.Row) -> IndexRow:
    confirmed = r["confirmed_at"]
    return IndexRow(
        seq=r["seq"],
        id=r["id"],
        kind=r["kind"],
        session=r["session"],
        created=_micros(r["created_at"]),
        current=r["valid_to"] is None,
        vector=r["embedding"],
        valid_from=_micros(r["valid_from"]),
        confirmed=None if confirmed is None else _micros(confirmed),
        confidence=float(r["confidence"]),
        explicit=r["origin"] == "explicit",
        pinned=bool(r["pinned"]),
        role=ROLE_CODES.index(r["role"]) if r["role"] in ROLE_CODES else 0,
        evidence=r["evidence"],
        terms=r["terms"],
    )


class SQLiteStore(SQLStore):
    """Thread-safe (one connection behind a lock); safe to share a file between processes."""

    MIGRATIONS = MIGRATIONS
    BY_ID = "+user_id"
    NO_LIMIT = -1
    REVISIONS = True
    INDEX_COLUMNS = "owner_token, rev, embedding, terms, stems"
    INDEX_VALUES = marks(5)
    EMBEDDER_ADVICE = "Use another database file or re-import an export with the new embedder."

    def __init__(
        self,
        path: str | Path,
        ann_threshold: int = 20_000,
        durable: bool = True,
        cache_bytes: int = 512 * 2**20,
        save_graphs: bool = True,
    ) -> None:
        """``save_graphs``: keep each user's HNSW graph in ``<path>.ann/`` for the next
        process (never for ``:memory:``)."""
        self.path = Path(path)
        in_memory = str(path) == ":memory:"
        if not in_memory:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.graph_dir = None if in_memory or not save_graphs else Path(f"{path}.ann")
        self._embedder_name: str | None = None
        self.ann_threshold = ann_threshold
        self._lock = threading.RLock()
        self._checkpoint_due = False
        self._conn = sqlite3.connect(
            str(path), isolation_level=None, check_same_thread=False, timeout=30.0
        )
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        # FULL: a write acknowledged to the caller survives power loss, not only a crash.
        self._conn.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
        self._conn.execute("PRAGMA foreign_keys=ON")
        # Deleted rows are overwritten with zeros, so forgotten text does not linger in free
        # pages of the file (or in the WAL's copies of them).
        self._conn.execute("PRAGMA secure_delete=ON")
        self._migrate(self._conn)
        # per-user vector indexes within cache_bytes: a server that sees 100k users keeps the
        # ones in use, not every one it ever saw
        self._indexes = IndexCache(cache_bytes)

    # -- dialect ------------------------------------------------------------------------------
    @property
    def _place(self) -> str:
        return str(self.path)

    def _json_text(self, column: str, key: str) -> str:
        return f"json_extract({column}, '$.{key}')"

    @staticmethod
    def _ts(value: datetime | None) -> str | None:
        return None if value is None else value.isoformat(timespec="microseconds")

    @staticmethod
    def _time(value: Any) -> datetime:
        return datetime.fromisoformat(value)

    @staticmethod
    def _json(value: Any) -> Any:
        return json.loads(value)

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self._conn

    @contextmanager
    def _begin(self, conn: sqlite3.Connection) -> Iterator[None]:
        """SQLite has one writer at a time: a transaction takes the write lock up front (other
        processes wait up to the 30 s busy timeout)."""
        nested = self._exclusive
        conn.execute("SAVEPOINT nested" if nested else "BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK TO nested" if nested else "ROLLBACK")
            if nested:
                conn.execute("RELEASE nested")
            raise
        conn.execute("RELEASE nested" if nested else "COMMIT")

    def _index_params(self, m: Memory, vector: np.ndarray, version: int) -> tuple[object, ...]:
        counts = term_counts(m.text)
        return (_owner_token(m.user_id), version, np.asarray(vector, dtype=np.float32).tobytes(),
                json.dumps(counts), " ".join(counts))  # fmt: skip

    @contextmanager
    def _migrating(self, conn: sqlite3.Connection) -> Iterator[None]:
        with self._lock:
            yield

    def _schema_at(self, conn: sqlite3.Connection) -> int:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])

    def _apply(self, conn: sqlite3.Connection, version: int, script: str) -> None:
        # executescript commits first; the script runs inside its own transaction
        conn.executescript(f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {version};\nCOMMIT;")

    def _purge(self, conn: sqlite3.Connection) -> None:
        """Merge the full-text index into one segment: a deleted row's terms otherwise stay in
        ``memories_fts_data`` until some later merge happens to reach them."""
        conn.execute("INSERT INTO memories_fts (memories_fts) VALUES ('optimize')")

    def _purged(self, user_id: str | None = None) -> None:
        if user_id is not None:
            self._indexes.drop(user_id)
        self._checkpoint()

    def _committed(self) -> None:
        if self._checkpoint_due:
            self._checkpoint()

    def _checkpoint(self) -> None:
        """Copy the WAL into the file and truncate it: the WAL's old page images (which still
        hold deleted text) go. Best effort: a reader in another process may hold it a while."""
        with self._lock:
            self._checkpoint_due = self._exclusive  # not inside a transaction: after it
            if not self._exclusive:
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def _memories_deleted(self, user_ids: frozenset[str]) -> None:
        for user_id in user_ids:
            self._drop_graph(user_id)

    def close(self) -> None:
        """Saves the graphs that have rows no saved copy holds, then closes the file."""
        with self._lock:
            try:
                for user_id, index, born in self._indexes.entries():
                    if index.graph is not None and index.graph_unsaved:
                        self._save_graph(user_id, born, index)
            except sqlite3.ProgrammingError:  # closed already
                pass
        super().close()

    # -- saved HNSW graphs ----------------------------------------------------------------------
    def _graph_files(self, user_id: str) -> tuple[Path, Path]:
        """The user's graph and the key it was saved under (names hash the user id; the rest
        of the index is ``<name>.npz`` beside them)."""
        assert self.graph_dir is not None
        name = _owner_token(user_id)
        return self.graph_dir / f"{name}.usearch", self.graph_dir / f"{name}.json"

    def _saved_index(self, user_id: str, born: object) -> UserVectorIndex | None:
        """The index an earlier process saved with the user's graph (at the version it had
        then), if it was saved for this user row and embedder; None otherwise."""
        if self.graph_dir is None:
            return None
        graph_file, _ = self._graph_files(user_id)
        try:
            with np.load(graph_file.with_suffix(".npz")) as saved:
                arrays = {name: saved[name] for name in saved.files}
            key = json.loads(bytes(arrays.pop("key")))
            dim = int(arrays["version"][2])
            if key != self._graph_key(user_id, born, dim) or self._dim not in (None, dim):
                return None
            index = UserVectorIndex.unpacked(
                arrays, self.ann_threshold, lambda: self._saved_graph(user_id, born, dim)
            )
            index.saved_token = bytes(arrays["token"]).decode()
            return index
        except (OSError, ValueError, KeyError, IndexError, TypeError):  # none, torn or foreign
            return None

    def _graph_key(self, user_id: str, born: object, dim: int) -> dict[str, object]:
        """What a saved graph must have been built for (the embedder the file records, if
        any: stores written through ``write`` alone record none)."""
        if self._embedder_name is None:
            row = self._conn.execute("SELECT value FROM meta WHERE key = 'embedder'").fetchone()
            self._embedder_name = None if row is None else json.loads(row[0])["name"]
        return {"user": user_id, "born": born, "embedder": self._embedder_name, "dim": dim}

    def _saved_graph(self, user_id: str, born: object, dim: int) -> tuple[Any, str] | None:
        """The graph an earlier process saved for this user if its key matches, and the token
        of that save (the index then checks its contents unless it was saved with them)."""
        if self.graph_dir is None:
            return None
        graph_file, key_file = self._graph_files(user_id)
        try:
            saved = json.loads(key_file.read_text())
        except (OSError, ValueError):
            return None
        if not isinstance(saved, dict) or saved.get("key") != self._graph_key(user_id, born, dim):
            return None
        graph = new_graph(dim)
        try:
            graph.load(str(graph_file))
        except (OSError, RuntimeError, ValueError):  # gone meanwhile, or torn
            return None
        return graph, str(saved.get("token"))

    def _save_graph(self, user_id: str, born: object, index: UserVectorIndex) -> None:
        """Write the graph beside the database (atomically: temp file, then rename); if one of
        the memories it holds was deleted meanwhile (by any process), remove it again."""
        if self.graph_dir is None or index.graph is None:
            return
        key = self._graph_key(user_id, born, index.dim)
        graph_file, key_file = self._graph_files(user_id)
        part = f".{os.getpid()}-{threading.get_ident()}.part"
        try:
            self.graph_dir.mkdir(exist_ok=True)
            index.graph.save(str(graph_file) + part)
            os.replace(str(graph_file) + part, graph_file)
            token = os.urandom(8).hex()  # this save's: the graph and the index go together
            index.saved_token = token  # tried once: a folder that takes no file stays so
            packed = index.packed()
            packed["key"] = np.frombuffer(json.dumps(key).encode(), dtype=np.uint8)
            packed["token"] = np.frombuffer(token.encode(), dtype=np.uint8)
            with open(str(graph_file.with_suffix(".npz")) + part, "wb") as fh:
                np.savez(fh, **packed)
            os.replace(str(graph_file.with_suffix(".npz")) + part, graph_file.with_suffix(".npz"))
            record = {"key": key, "version": index.version, "size": len(index.graph),
                      "token": token}  # fmt: skip
            Path(str(key_file) + part).write_text(json.dumps(record))
            os.replace(str(key_file) + part, key_file)
        except (OSError, RuntimeError):  # read-only, full, or a forget took the part file
            self._drop_graph(user_id)
            return
        # Every memory of the user up to the graph's last seq is in it; fewer rows now means
        # one was deleted after the graph was read, perhaps after that deletion removed the
        # files: the copy just written must not outlive it.
        present = self._conn.execute(
            "SELECT count(*) FROM memories WHERE user_id = ? AND seq <= ?",
            (user_id, index.max_seq),
        ).fetchone()[0]
        if present != len(index.graph):
            self._drop_graph(user_id)
            return
        index.graph_unsaved = 0

    def _drop_graph(self, user_id: str) -> None:
        """Remove the user's saved graph, its key and any part file a writer left."""
        if self.graph_dir is None or not self.graph_dir.is_dir():
            return
        graph_file, _ = self._graph_files(user_id)
        stem = graph_file.name.removesuffix(".usearch")
        for path in self.graph_dir.glob(f"{stem}.*"):
            path.unlink(missing_ok=True)

    # -- search -------------------------------------------------------------------------------
    def _new_index(self, user_id: str, born: object, dim: int) -> UserVectorIndex:
        return UserVectorIndex(
            dim, self.ann_threshold, lambda: self._saved_graph(user_id, born, dim)
        )

    def _index(self, user_id: str) -> UserVectorIndex:
        """The user's vector index, caught up with the database if any write moved it."""
        with self._lock:
            row = self._conn.execute(
                "SELECT version, created_at FROM users WHERE id = ?", (user_id,)
            ).fetchone()
            version, born = (-1, None) if row is None else (int(row[0]), row[1])
            index = self._indexes.get(user_id, born)
            if index is not None and index.version == version:
                return index
            if index is None:  # the copy saved with the graph, caught up below, else all rows
                index = self._saved_index(user_id, born)
                if index is None or index.version > version:
                    index = self._new_index(user_id, born, self._dim or 0)
            rows = self._conn.execute(_INDEX_SELECT, (user_id, index.version)).fetchall()
            if rows and index.dim == 0:
                index = self._new_index(user_id, born, len(rows[0]["embedding"]) // 4)
            index.upsert(_index_row(r) for r in rows)
            count = self._conn.execute(
                "SELECT count(*) FROM memories WHERE user_id = ?", (user_id,)
            ).fetchone()[0]
            if index.size != count:  # memories were deleted since: rebuild from scratch
                index = self._new_index(user_id, born, index.dim)
                everything = self._conn.execute(_INDEX_SELECT, (user_id, -1))
                index.upsert(_index_row(r) for r in everything)
            index.version = version
            if index.graph is not None and (
                index.graph_unsaved >= min(SAVE_EVERY, index.size) or index.saved_token is None
            ):  # (a graph saved without its index, by an older version: the index goes with it)
                self._save_graph(user_id, born, index)
            self._indexes.put(user_id, index, born)
            return index

    @property
    def cached_bytes(self) -> int:
        """What the per-user vector indexes hold now (bounded by ``cache_bytes``)."""
        with self._lock:
            return self._indexes.total

    def vector_search(
        self, user_id: str, query: np.ndarray, n: int, filt: MemoryFilter
    ) -> list[tuple[str, float]]:
        index = self._index(user_id)
        return index.search(np.asarray(query, dtype=np.float32), n, _mask(index, filt))

    def lexical_search(
        self, user_id: str, query: str, n: int, filt: MemoryFilter
    ) -> list[tuple[str, float]]:
        query_words = words(query, limit=32)
        if not query_words:
            return []
        stems = {w: stem(w) for w in query_words}
        unique = sorted(set(stems.values()))  # "restaurant" and "restaurants" share a stem
        with self._lock:  # the index and the statistics at one version
            index = self._index(user_id)
            row = self._conn.execute(
                "SELECT n_docs, n_terms FROM users WHERE id = ?", (user_id,)
            ).fetchone()
            if row is None:
                return []
            n_docs, n_terms = row
            df = dict(
                self._conn.execute(
                    f"SELECT term, df FROM term_stats WHERE user_id = ? AND term IN "
                    f"({marks(len(unique))})",
                    (user_id, *unique),
                ).fetchall()
            )
            # Words in most of this user's memories (a speaker's name, say) rank nothing:
            # they are left out of the query.
            useful = [
                w
                for w in query_words
                if n_docs < MIN_DOCS_FOR_MAX_DF or df.get(stems[w], 0) <= MAX_DF * n_docs
            ]
            if not useful:
                return []
            terms = sorted({stems[w] for w in useful})
            # under the lock: a search merges the postings it reads
            return index.lexical_search(terms, df, n_docs, n_terms, n, _mask(index, filt))

    def embeddings(self, user_id: str, ids: Sequence[str]) -> dict[str, np.ndarray]:
        return self._index(user_id).vectors(ids)

    def candidates(self, user_id: str, ids: Sequence[str]) -> dict[str, Candidate]:
        """From the in-process index: no read of the database."""
        return self._index(user_id).candidates(ids)
