"""PostgreSQL + pgvector store: the SQLite store's semantics for several processes and hosts.

The logic is :class:`~personify.store.sql.SQLStore`'s; this is PostgreSQL's dialect. Embeddings
live in a ``vector(dim)`` column with an HNSW index (cosine); full-text candidates come from a
GIN-indexed ``tsvector`` of each memory's own BM25 terms, so the candidates are exactly the
memories that can score above zero, and they are scored in Python with the user's own
statistics (``ts_rank`` would mix in other rules and no IDF). Writers lock the user's row
(``FOR UPDATE``), not the database. Needs ``pip install 'personify[postgres]'`` and a database
where ``vector`` is installed or may be created.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import numpy as np
import psycopg
from pgvector.psycopg import register_vector
from psycopg.rows import dict_row

from personify.lexical import stem, term_counts, words
from personify.models import Memory
from personify.store import MemoryFilter
from personify.store.pg_migrations import MIGRATIONS
from personify.store.sql import SQLStore, bm25_top
from personify.store.vector_index import best_first

_CUT_MARGIN = 16  # rows past the n-th fetched so near-ties at the cut are decided in float32

Conn = psycopg.Connection[dict[str, Any]]

_MAX_LEXEME_BYTES = 2046  # tsvector refuses longer lexemes; such "words" are never searched for


def _lexemes(terms: Sequence[str]) -> list[str]:
    return [t for t in terms if len(t.encode()) <= _MAX_LEXEME_BYTES]


def _tsquery(terms: Sequence[str]) -> str:
    """An OR of quoted lexemes, taken verbatim (no parser, no stemmer, no stop list)."""
    return " | ".join("'" + t.replace("'", "''") + "'" for t in terms)  # words hold no \\


def _array(value: Any) -> np.ndarray:
    """pgvector >= 0.3 loads a ``Vector``; older releases load a numpy array."""
    return np.asarray(value.to_numpy() if hasattr(value, "to_numpy") else value, dtype=np.float32)


class PostgresStore(SQLStore):
    """Thread-safe (one connection behind a lock); any number of processes may share a database.

    ``dsn`` is a libpq connection string or URL; put ``options=-csearch_path=...`` in it to keep
    several stores in one database. Below ``ann_threshold`` memories of a user, vector search
    is an exact scan (as in SQLite); above it the HNSW index answers.
    """

    MIGRATIONS = MIGRATIONS
    ROW_LOCK = " FOR UPDATE"
    INDEX_COLUMNS = "embedding, terms, lexemes"
    INDEX_VALUES = "?, ?, array_to_tsvector(?::text[])"
    EMBEDDER_ADVICE = (
        "Use another database (or schema) or re-import an export with the new embedder."
    )

    def __init__(self, dsn: str, ann_threshold: int = 20_000) -> None:
        self.dsn = dsn
        self.ann_threshold = ann_threshold
        self._lock = threading.RLock()
        self._conn = self._connect()

    def _connect(self) -> Conn:
        conn = psycopg.connect(self.dsn, autocommit=True, row_factory=dict_row)
        conn.execute("SET TIME ZONE 'UTC'")
        self._migrate(conn)
        register_vector(conn)
        iterative = conn.execute(
            "SELECT 1 FROM pg_settings WHERE name = 'hnsw.iterative_scan'"
        ).fetchone()
        self._iterative_scan = iterative is not None  # pgvector >= 0.8
        return conn

    # -- dialect ------------------------------------------------------------------------------
    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s")

    def _in(self, column: str, values: Sequence[object]) -> tuple[str, list[object]]:
        return f"{column} = ANY(?)", [list(values)]

    def _json_text(self, column: str, key: str) -> str:
        return f"{column} ->> '{key}'"

    @contextmanager
    def _connection(self) -> Iterator[Conn]:
        """The connection, held by this thread; reopened if the server dropped it."""
        with self._lock:
            if self._conn.broken:  # not after close(): a closed store stays closed
                self._conn = self._connect()
            yield self._conn

    def _begin(self, conn: Conn) -> AbstractContextManager[object]:
        return conn.transaction()  # nested: a savepoint

    def _index_params(self, m: Memory, vector: np.ndarray, version: int) -> tuple[object, ...]:
        terms = term_counts(m.text)
        return (np.asarray(vector, dtype=np.float32), json.dumps(terms), _lexemes(list(terms)))

    @staticmethod
    def _serialize(conn: Conn) -> None:
        """Schema changes take one advisory lock per schema, so racing processes apply them once."""
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('personify:' || current_schema()))")

    @contextmanager
    def _migrating(self, conn: Conn) -> Iterator[None]:
        with conn.transaction():
            self._serialize(conn)
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY)")
            yield

    def _schema_at(self, conn: Conn) -> int:
        return int(
            conn.execute("SELECT coalesce(max(version), 0) AS v FROM schema_version").fetchone()[
                "v"
            ]
        )

    def _apply(self, conn: Conn, version: int, script: str) -> None:
        conn.execute(script)
        conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (version,))

    # -- embedder bookkeeping -----------------------------------------------------------------
    def _typed_dim(self, conn: Conn) -> int | None:
        row = conn.execute(
            "SELECT atttypmod FROM pg_attribute "
            "WHERE attrelid = 'memories'::regclass AND attname = 'embedding'"
        ).fetchone()
        return row["atttypmod"] if row["atttypmod"] > 0 else None

    def _unrecorded_embedder(self, conn: Conn, dim: int) -> dict[str, Any] | None:
        typed = self._typed_dim(conn)
        return None if typed in (None, dim) else {"name": "an unrecorded embedder", "dim": typed}

    def _embedder_recorded(self, conn: Conn, dim: int) -> None:
        """Give the embedding column its dimension and HNSW index, once, on first knowledge."""
        self._serialize(conn)
        if self._typed_dim(conn) is None:
            conn.execute(f"ALTER TABLE memories ALTER COLUMN embedding TYPE vector({int(dim)})")
            conn.execute(
                "CREATE INDEX IF NOT EXISTS memories_embedding ON memories "
                "USING hnsw (embedding vector_cosine_ops)"
            )

    def _before_write(self, conn: Conn, memories: Sequence[tuple[Memory, np.ndarray]]) -> None:
        if memories and self._typed_dim(conn) is None:
            self._embedder_recorded(conn, len(memories[0][1]))

    # -- search -------------------------------------------------------------------------------
    def vector_search(
        self, user_id: str, query: np.ndarray, n: int, filt: MemoryFilter
    ) -> list[tuple[str, float]]:
        """PostgreSQL picks the top ``n``; their cosine is ``v @ query`` in float32 (as SQLite)."""
        if n <= 0:
            return []
        query = np.asarray(query, dtype=np.float32)
        where, params = self._filter_sql(user_id, filt)
        select = f"SELECT id, seq, embedding FROM memories WHERE {where} ORDER BY"
        with self._connection() as conn:
            size = conn.execute("SELECT n_docs FROM users WHERE id = %s", (user_id,)).fetchone()
            if size is None:
                return []
            rows = []
            if size["n_docs"] >= self.ann_threshold:
                with conn.transaction():
                    conn.execute(
                        "SELECT set_config('hnsw.ef_search', %s, true)",
                        (str(min(max(40, n), 1000)),),
                    )
                    if self._iterative_scan:  # walk on until the filter has let n through
                        conn.execute(
                            "SELECT set_config('hnsw.iterative_scan', 'strict_order', true)"
                        )
                    sql = f"{select} embedding <=> ? LIMIT ?"
                    rows = self._x(conn, sql, (*params, query, n)).fetchall()
            if len(rows) < n:  # small user, or a selective filter starved the graph walk
                # "+ 0": an ordering the HNSW index cannot serve, so this scans the user's rows
                # a few more than n: the cut is made below on the same float32 cosine as the
                # in-memory index, not on PostgreSQL's distance, so both backends agree on it
                sql = f"{select} (embedding <=> ?) + 0, id LIMIT ?"
                rows = self._x(conn, sql, (*params, query, n + _CUT_MARGIN)).fetchall()
        if not rows:
            return []
        sims = np.stack([_array(r["embedding"]) for r in rows]) @ query
        return best_first([(r["id"], float(s)) for r, s in zip(rows, sims, strict=True)], n)

    def lexical_search(
        self, user_id: str, query: str, n: int, filt: MemoryFilter
    ) -> list[tuple[str, float]]:
        stems = sorted({stem(w) for w in words(query, limit=32)})
        if not _lexemes(stems) or n <= 0:
            return []
        where, params = self._filter_sql(user_id, filt)
        with self._connection() as conn:
            rows = self._x(
                conn,
                f"SELECT id, terms FROM memories WHERE {where} AND lexemes @@ ?::tsquery "
                "ORDER BY id",
                (*params, _tsquery(_lexemes(stems))),
            ).fetchall()
            if not rows:
                return []
            stats = conn.execute(
                "SELECT n_docs, n_terms, (SELECT coalesce(json_object_agg(term, df), '{}') "
                "FROM term_stats WHERE user_id = %s AND term = ANY(%s)) AS df "
                "FROM users WHERE id = %s",
                (user_id, stems, user_id),
            ).fetchone()
        candidates = ((r["id"], r["terms"]) for r in rows)  # in id order: ties go by id
        return bm25_top(stems, candidates, stats["df"], stats["n_docs"], stats["n_terms"], n)

    def embeddings(self, user_id: str, ids: Sequence[str]) -> dict[str, np.ndarray]:
        rows = self._by_ids("memories", "id, embedding", user_id, ids)
        return {r["id"]: _array(r["embedding"]) for r in rows}
