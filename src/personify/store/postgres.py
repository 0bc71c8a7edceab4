"""PostgreSQL + pgvector store: the SQLite store's semantics for several processes and hosts.

Differences are only in the machinery. Embeddings live in a ``vector(dim)`` column with an HNSW
index (cosine); full-text candidates come from a GIN-indexed ``tsvector`` of each memory's own
BM25 terms, so the candidates are exactly the memories that can score above zero, and they are
scored in Python with the user's own statistics (``ts_rank`` would mix in other rules and no
IDF). Needs ``pip install 'personify[postgres]'`` and a database where ``vector`` is installed
or may be created.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import numpy as np
import psycopg
from pgvector.psycopg import register_vector
from psycopg.rows import dict_row

from personify.errors import (
    ConflictError,
    EmbedderMismatchError,
    PersonifyError,
    UnknownMemoryError,
)
from personify.lexical import bm25, stem, term_counts, words
from personify.models import Event, Memory, StyleParam, utcnow
from personify.store import DERIVED_KINDS, Derived, MemoryFilter, UserSummary, without_text
from personify.store.pg_migrations import MIGRATIONS
from personify.store.sqlite import _EVENT_COLUMNS, _MEMORY_COLUMNS, _memory_params
from personify.vectors import UserVectors

Conn = psycopg.Connection[dict[str, Any]]

_MAX_LEXEME_BYTES = 2046  # tsvector refuses longer lexemes; such "words" are never searched for
_EVENT_INSERT = f"INSERT INTO events ({_EVENT_COLUMNS}) VALUES ({', '.join(['%s'] * 9)})"
_MEMORY_INSERT = (
    f"INSERT INTO memories ({_MEMORY_COLUMNS}, embedding, terms, lexemes) "
    f"VALUES ({', '.join(['%s'] * (_MEMORY_COLUMNS.count(',') + 3))}, "
    "array_to_tsvector(%s::text[]))"
)


def _lexemes(terms: Sequence[str]) -> list[str]:
    return [t for t in terms if len(t.encode()) <= _MAX_LEXEME_BYTES]


def _tsquery(terms: Sequence[str]) -> str:
    """An OR of quoted lexemes, taken verbatim (no parser, no stemmer, no stop list)."""
    return " | ".join("'" + t.replace("'", "''") + "'" for t in terms)  # words hold no \\


def _array(value: Any) -> np.ndarray:
    """pgvector >= 0.3 loads a ``Vector``; older releases load a numpy array."""
    return np.asarray(value.to_numpy() if hasattr(value, "to_numpy") else value, dtype=np.float32)


def _event_params(e: Event) -> tuple[object, ...]:
    return (e.id, e.user_id, e.kind.value, e.role, e.session, e.ts, e.text, json.dumps(e.metadata),
            e.redacted)  # fmt: skip


def _memory_row(m: Memory, vector: np.ndarray) -> tuple[object, ...]:
    terms = term_counts(m.text)
    vector = np.asarray(vector, dtype=np.float32)
    return (*_memory_params(m), vector, json.dumps(terms), _lexemes(list(terms)))


def _update_params(m: Memory) -> tuple[object, ...]:
    """The fields of a memory that may change after it is written; text and vector never do."""
    return (m.confidence, m.valid_to, m.superseded_by, json.dumps(m.evidence),
            json.dumps(m.metadata), m.confirmed_at, m.user_id, m.id)  # fmt: skip


def _style_params(user_id: str, p: StyleParam) -> tuple[object, ...]:
    return (user_id, p.name, json.dumps(p.value), p.confidence, json.dumps(p.evidence),
            json.dumps(p.detail), p.updated_at)  # fmt: skip


def _count_terms(conn: Conn, docs: list[tuple[str, str]], sign: int) -> None:
    """Keep each user's BM25 statistics in step with the memories added or removed."""
    if not docs:
        return
    df: Counter[tuple[str, str]] = Counter()
    totals: Counter[str] = Counter()
    per_user: Counter[str] = Counter()
    for user_id, text in docs:
        counts = term_counts(text)
        df.update((user_id, term) for term in counts)
        totals[user_id] += sum(counts.values())
        per_user[user_id] += 1
    with conn.cursor() as cur:
        # sorted: concurrent writers lock term rows in one order, so they cannot deadlock
        cur.executemany(
            "INSERT INTO term_stats AS t (user_id, term, df) VALUES (%s, %s, %s) "
            "ON CONFLICT (user_id, term) DO UPDATE SET df = t.df + excluded.df",
            [(u, term, sign * n) for (u, term), n in sorted(df.items())],
        )
        if sign < 0:
            cur.executemany(
                "DELETE FROM term_stats WHERE user_id = %s AND term = %s AND df <= 0", sorted(df)
            )
        cur.executemany(
            "UPDATE users SET n_docs = n_docs + %s, n_terms = n_terms + %s WHERE id = %s",
            [(sign * per_user[u], sign * totals[u], u) for u in sorted(per_user)],
        )


def _filter_sql(user_id: str, filt: MemoryFilter) -> tuple[str, list[object]]:
    """WHERE clause for a memory filter; always scoped to ``user_id``."""
    clauses, params = ["user_id = %s"], [user_id]
    if not filt.include_history:
        clauses.append("valid_to IS NULL")
    if filt.kinds is not None:
        clauses.append("kind = ANY(%s)")
        params.append(sorted(k.value for k in filt.kinds))
    for clause, value in (
        ("session = %s", filt.session),
        ("created_at >= %s", filt.since),
        ("created_at <= %s", filt.until),
    ):
        if value is not None:
            clauses.append(clause)
            params.append(value)
    return " AND ".join(clauses), params


class PostgresStore:
    """Thread-safe (one connection behind a lock); any number of processes may share a database.

    ``dsn`` is a libpq connection string or URL; put ``options=-csearch_path=...`` in it to keep
    several stores in one database. Below ``ann_threshold`` memories of a user, vector search
    is an exact scan (as in SQLite); above it the HNSW index answers.
    """

    def __init__(self, dsn: str, ann_threshold: int = 20_000) -> None:
        self.dsn = dsn
        self.ann_threshold = ann_threshold
        self._lock = threading.RLock()
        self._exclusive = False
        self._conn = self._connect()

    # -- plumbing -----------------------------------------------------------------------------
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

    @contextmanager
    def _connection(self) -> Iterator[Conn]:
        """The connection, held by this thread; reopened if the server dropped it."""
        with self._lock:
            if self._conn.broken:  # not after close(): a closed store stays closed
                self._conn = self._connect()
            yield self._conn

    @contextmanager
    def exclusive(self, user_id: str) -> Iterator[None]:
        """One transaction holding the user's row lock: every other writer of the user takes
        that row first, so it waits; this handle's writes nest as savepoints."""
        with self._connection() as conn:
            if self._exclusive:
                yield
                return
            with conn.transaction():
                conn.execute("SELECT 1 FROM users WHERE id = %s FOR UPDATE", (user_id,))
                self._exclusive = True
                try:
                    yield
                finally:
                    self._exclusive = False

    @contextmanager
    def _transaction(self) -> Iterator[Conn]:
        with self._connection() as conn, conn.transaction():
            yield conn

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[dict[str, Any]]:
        """One statement in autocommit: a read needs no BEGIN/COMMIT round trips."""
        with self._connection() as conn:
            return conn.execute(sql, params).fetchall()

    @staticmethod
    def _serialize(conn: Conn) -> None:
        """Schema changes take one advisory lock per schema, so racing processes apply them once."""
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('personify:' || current_schema()))")

    def _migrate(self, conn: Conn) -> None:
        with conn.transaction():
            self._serialize(conn)
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY)")
            current = conn.execute(
                "SELECT coalesce(max(version), 0) AS v FROM schema_version"
            ).fetchone()["v"]
            if current > len(MIGRATIONS):
                raise PersonifyError(
                    f"the database has schema version {current}, newer than this personify "
                    f"({len(MIGRATIONS)}): upgrade personify"
                )
            for version, script in enumerate(MIGRATIONS[current:], start=current + 1):
                conn.execute(script)
                conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (version,))

    @property
    def schema_version(self) -> int:
        return int(self._read("SELECT max(version) AS v FROM schema_version")[0]["v"])

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- embedder bookkeeping -----------------------------------------------------------------
    def _typed_dim(self, conn: Conn) -> int | None:
        row = conn.execute(
            "SELECT atttypmod FROM pg_attribute "
            "WHERE attrelid = 'memories'::regclass AND attname = 'embedding'"
        ).fetchone()
        return row["atttypmod"] if row["atttypmod"] > 0 else None

    def _ensure_dim(self, conn: Conn, dim: int) -> None:
        """Give the embedding column its dimension and HNSW index, once, on first knowledge."""
        self._serialize(conn)
        if self._typed_dim(conn) is None:
            conn.execute(f"ALTER TABLE memories ALTER COLUMN embedding TYPE vector({int(dim)})")
            conn.execute(
                "CREATE INDEX IF NOT EXISTS memories_embedding ON memories "
                "USING hnsw (embedding vector_cosine_ops)"
            )

    def check_embedder(self, name: str, dim: int) -> None:
        with self._transaction() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'embedder'").fetchone()
            stored = None if row is None else json.loads(row["value"])
            typed = self._typed_dim(conn)
            if stored is None and typed not in (None, dim):  # written before any check
                stored = {"name": "an unrecorded embedder", "dim": typed}
            if stored is not None and stored != {"name": name, "dim": dim}:
                raise EmbedderMismatchError(
                    f"this database was built with embedder {stored['name']} "
                    f"({stored['dim']}-d); it cannot be searched with {name} ({dim}-d). "
                    "Use another database (or schema) or re-import an export with the new "
                    "embedder."
                )
            if row is None:
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('embedder', %s)",
                    (json.dumps({"name": name, "dim": dim}),),
                )
                self._ensure_dim(conn, dim)

    # -- users --------------------------------------------------------------------------------
    def user_exists(self, user_id: str) -> bool:
        return bool(self._read("SELECT 1 FROM users WHERE id = %s", (user_id,)))

    def user_version(self, user_id: str) -> int:
        rows = self._read("SELECT version FROM users WHERE id = %s", (user_id,))
        return -1 if not rows else int(rows[0]["version"])

    def list_users(self) -> list[UserSummary]:
        rows = self._read(
            """
            SELECT u.id AS user_id, u.created_at,
                (SELECT count(*) FROM events e WHERE e.user_id = u.id) AS events,
                (SELECT count(*) FROM memories m WHERE m.user_id = u.id) AS memories,
                (SELECT max(ts) FROM events e WHERE e.user_id = u.id) AS last_event_at
            FROM users u ORDER BY u.id
            """
        )
        return [UserSummary.model_validate(row) for row in rows]

    def delete_user(self, user_id: str) -> bool:
        """Cascades to events, memories, term statistics, style and vectors."""
        with self._transaction() as conn:
            return conn.execute("DELETE FROM users WHERE id = %s", (user_id,)).rowcount > 0

    # -- writes -------------------------------------------------------------------------------
    def write(
        self,
        events: Sequence[Event],
        memories: Sequence[tuple[Memory, np.ndarray]],
        updates: Sequence[Memory] = (),
        style: Sequence[tuple[str, StyleParam]] = (),
        expect_versions: dict[str, int] | None = None,
        replace_derived: Sequence[str] = (),
    ) -> None:
        users = (
            {e.user_id for e in events}
            | {m.user_id for m, _ in memories}
            | {m.user_id for m in updates}
            | {u for u, _ in style}
            | set(replace_derived)
        )
        with self._transaction() as conn:
            self._write(conn, users, events, memories, updates, style, expect_versions,
                        replace_derived)  # fmt: skip

    def _write(
        self,
        conn: Conn,
        users: set[str],
        events: Sequence[Event],
        memories: Sequence[tuple[Memory, np.ndarray]],
        updates: Sequence[Memory],
        style: Sequence[tuple[str, StyleParam]],
        expect_versions: dict[str, int] | None,
        replace_derived: Sequence[str],
    ) -> None:
        """The body of :meth:`write`, inside the caller's transaction."""
        now = utcnow()
        if memories and self._typed_dim(conn) is None:
            self._ensure_dim(conn, len(memories[0][1]))
        for user_id in sorted(users):  # one lock order for every writer: no deadlocks
            # A new user's row appears here (prior version -1); an existing one is locked,
            # so the version compared is the one this transaction will bump.
            created = conn.execute(
                "INSERT INTO users (id, created_at) VALUES (%s, %s) "
                "ON CONFLICT (id) DO NOTHING RETURNING version",
                (user_id, now),
            ).fetchone()
            if created is not None:
                before = -1
            else:
                before = conn.execute(
                    "SELECT version FROM users WHERE id = %s FOR UPDATE", (user_id,)
                ).fetchone()["version"]
            expected = (expect_versions or {}).get(user_id)
            if expected is not None and before != expected:
                raise ConflictError(f"user {user_id!r} changed during the write; retry")
            conn.execute("UPDATE users SET version = version + 1 WHERE id = %s", (user_id,))
        for user_id in replace_derived:
            # as in SQLite: accepted plans are no learner's output, so they stay
            derived = "FROM memories WHERE user_id = %s AND kind = ANY(%s)"
            texts = conn.execute(
                f"SELECT text {derived}", (user_id, list(DERIVED_KINDS))
            ).fetchall()
            _count_terms(conn, [(user_id, r["text"]) for r in texts], -1)
            conn.execute(f"DELETE {derived}", (user_id, list(DERIVED_KINDS)))
            conn.execute("DELETE FROM style WHERE user_id = %s", (user_id,))
        cur = conn.cursor()  # executemany pipelines the rows: one round trip per batch
        cur.executemany(_EVENT_INSERT, [_event_params(e) for e in events])
        cur.executemany(_MEMORY_INSERT, [_memory_row(m, v) for m, v in memories])
        _count_terms(conn, [(m.user_id, m.text) for m, _ in memories], +1)
        cur.executemany(
            "UPDATE memories SET confidence = %s, valid_to = %s, superseded_by = %s, "
            "evidence = %s, metadata = %s, confirmed_at = %s WHERE user_id = %s AND id = %s",
            [_update_params(m) for m in updates],
        )
        cur.executemany(
            "INSERT INTO style "
            "(user_id, name, value, confidence, evidence, detail, updated_at) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (user_id, name) DO UPDATE SET "
            "(value, confidence, evidence, detail, updated_at) = (excluded.value, "
            "excluded.confidence, excluded.evidence, excluded.detail, excluded.updated_at)",
            [_style_params(user_id, p) for user_id, p in style],
        )

    def forget(
        self,
        user_id: str,
        memory_id: str,
        event: Event,
        redact: Sequence[str] | None = None,
        derived: Derived | None = None,
        expect_version: int | None = None,
    ) -> Memory:
        with self._transaction() as conn:
            row = conn.execute(
                f"SELECT {_MEMORY_COLUMNS} FROM memories WHERE user_id = %s AND id = %s",
                (user_id, memory_id),
            ).fetchone()
            if row is None:
                raise UnknownMemoryError(user_id, memory_id)
            memory = Memory.model_validate(row)
            if redact is None:  # an episode or plan is its event's own text
                redact = [] if memory.kind.value in DERIVED_KINDS else memory.evidence
            logged = event.model_copy(update={"user_id": user_id, "redacted": False})
            # takes the user row first, as write() does: one lock order, so no deadlock
            self._write(
                conn,
                {user_id},
                [logged],
                [] if derived is None else derived.memories,
                [],
                [] if derived is None else [(user_id, p) for p in derived.style],
                None if expect_version is None else {user_id: expect_version},
                [] if derived is None else [user_id],
            )
            if conn.execute(
                "DELETE FROM memories WHERE user_id = %s AND id = %s", (user_id, memory_id)
            ).rowcount:
                _count_terms(conn, [(user_id, memory.text)], -1)
            named = conn.execute(
                "SELECT id, kind, text, metadata FROM events WHERE user_id = %s AND "
                "(id = ANY(%s) OR (kind = 'edit' AND metadata ->> 'memory_id' = %s))",
                (user_id, list(redact), memory_id),
            ).fetchall()
            conn.cursor().executemany(
                "UPDATE events SET text = %s, redacted = redacted OR %s, metadata = %s "
                "WHERE user_id = %s AND id = %s",
                [
                    (
                        None if r["id"] in redact else r["text"],
                        r["id"] in redact,
                        json.dumps(
                            without_text(
                                r["kind"],
                                r["metadata"],
                                r["text"] is not None and r["id"] not in redact,
                            )
                        ),
                        user_id,
                        r["id"],
                    )
                    for r in named
                ],
            )
        return memory

    # -- preference vectors -------------------------------------------------------------------
    def get_vectors(self, user_id: str) -> UserVectors | None:
        rows = self._read(
            "SELECT z_long, z_short, reward_baseline, session, version, updated_at, reason "
            "FROM user_vectors WHERE user_id = %s ORDER BY version DESC LIMIT 1",
            (user_id,),
        )
        if not rows:
            return None
        row = rows[0]
        for key in ("z_long", "z_short"):
            row[key] = np.frombuffer(row[key], dtype=np.float32).copy()
        return UserVectors(**row)

    def put_vectors(self, user_id: str, vectors: UserVectors, keep: int = 100) -> UserVectors:
        """Store ``vectors`` as the user's next version; older versions beyond ``keep`` go."""
        with self._transaction() as conn:
            # the user row lock serialises concurrent updates, so versions never collide
            conn.execute("SELECT 1 FROM users WHERE id = %s FOR UPDATE", (user_id,))
            top = conn.execute(
                "SELECT coalesce(max(version), 0) AS v FROM user_vectors WHERE user_id = %s",
                (user_id,),
            ).fetchone()["v"]
            stored = replace(vectors, version=top + 1, updated_at=utcnow())
            conn.execute(
                "INSERT INTO user_vectors (user_id, version, z_long, z_short, reward_baseline, "
                "session, reason, updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    user_id,
                    stored.version,
                    stored.z_long.astype(np.float32).tobytes(),
                    stored.z_short.astype(np.float32).tobytes(),
                    stored.reward_baseline,
                    stored.session,
                    stored.reason,
                    stored.updated_at,
                ),
            )
            conn.execute(
                "DELETE FROM user_vectors WHERE user_id = %s AND version <= %s",
                (user_id, stored.version - keep),
            )
        return stored

    def rollback_vectors(self, user_id: str) -> UserVectors | None:
        """Drop the latest version; returns the one now in force (None: back to zero)."""
        with self._transaction() as conn:
            conn.execute("SELECT 1 FROM users WHERE id = %s FOR UPDATE", (user_id,))  # as put
            conn.execute(
                "DELETE FROM user_vectors WHERE user_id = %s AND version = "
                "(SELECT max(version) FROM user_vectors WHERE user_id = %s)",
                (user_id, user_id),
            )
        return self.get_vectors(user_id)

    def get_style(self, user_id: str) -> list[StyleParam]:
        rows = self._read(
            "SELECT name, value, confidence, evidence, detail, updated_at FROM style "
            "WHERE user_id = %s ORDER BY name",
            (user_id,),
        )
        return [StyleParam.model_validate(r) for r in rows]

    # -- reads --------------------------------------------------------------------------------
    def _by_ids(self, table: str, columns: str, user_id: str, ids: Sequence[str]) -> list[dict]:
        """The user's rows with these ids, in the order asked; unknown or foreign ids drop out."""
        if not ids:
            return []
        sql = f"SELECT {columns} FROM {table} WHERE user_id = %s AND id = ANY(%s)"
        by_id = {row["id"]: row for row in self._read(sql, (user_id, list(ids)))}
        return [by_id[i] for i in ids if i in by_id]

    def get_memories(self, user_id: str, ids: Sequence[str]) -> list[Memory]:
        rows = self._by_ids("memories", _MEMORY_COLUMNS, user_id, ids)
        return [Memory.model_validate(row) for row in rows]

    def list_memories(
        self,
        user_id: str,
        filt: MemoryFilter | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Memory]:
        where, params = _filter_sql(user_id, filt or MemoryFilter())
        sql = (
            f"SELECT {_MEMORY_COLUMNS} FROM memories WHERE {where} ORDER BY seq LIMIT %s OFFSET %s"
        )
        return [Memory.model_validate(r) for r in self._read(sql, (*params, limit, offset))]

    def get_events(self, user_id: str, ids: Sequence[str]) -> list[Event]:
        return [
            Event.model_validate(row)
            for row in self._by_ids("events", _EVENT_COLUMNS, user_id, ids)
        ]

    def recent_events(self, user_id: str, n: int) -> list[Event]:
        """The user's last ``n`` events, oldest first."""
        rows = self._read(
            f"SELECT {_EVENT_COLUMNS} FROM events WHERE user_id = %s ORDER BY seq DESC LIMIT %s",
            (user_id, n),
        )
        return [Event.model_validate(row) for row in reversed(rows)]

    def list_events(
        self,
        user_id: str,
        limit: int | None = None,
        offset: int = 0,
        kinds: Sequence[str] | None = None,
    ) -> list[Event]:
        kind_sql = " AND kind = ANY(%s)" if kinds else ""
        rows = self._read(
            f"SELECT {_EVENT_COLUMNS} FROM events WHERE user_id = %s{kind_sql} ORDER BY seq "
            "LIMIT %s OFFSET %s",
            (user_id, *([[str(k) for k in kinds]] if kinds else []), limit, offset),
        )
        return [Event.model_validate(row) for row in rows]

    # -- search -------------------------------------------------------------------------------
    def vector_search(
        self, user_id: str, query: np.ndarray, n: int, filt: MemoryFilter
    ) -> list[tuple[str, float]]:
        """PostgreSQL picks the top ``n``; their cosine is ``v @ query`` in float32 (as SQLite)."""
        if n <= 0:
            return []
        query = np.asarray(query, dtype=np.float32)
        where, params = _filter_sql(user_id, filt)
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
                    sql = f"{select} embedding <=> %s LIMIT %s"
                    rows = conn.execute(sql, (*params, query, n)).fetchall()
            if len(rows) < n:  # small user, or a selective filter starved the graph walk
                # "+ 0": an ordering the HNSW index cannot serve, so this scans the user's rows
                sql = f"{select} (embedding <=> %s) + 0, seq LIMIT %s"
                rows = conn.execute(sql, (*params, query, n)).fetchall()
        if not rows:
            return []
        sims = np.stack([_array(r["embedding"]) for r in rows]) @ query
        order = np.lexsort((np.asarray([r["seq"] for r in rows]), -sims))
        return [(rows[i]["id"], float(sims[i])) for i in order]

    def lexical_search(
        self, user_id: str, query: str, n: int, filt: MemoryFilter
    ) -> list[tuple[str, float]]:
        stems = sorted({stem(w) for w in words(query, limit=32)})
        if not _lexemes(stems) or n <= 0:
            return []
        where, params = _filter_sql(user_id, filt)
        with self._connection() as conn:
            rows = conn.execute(
                f"SELECT id, seq, terms FROM memories WHERE {where} AND lexemes @@ %s::tsquery",
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
        n_docs, df = stats["n_docs"], stats["df"]
        avg_len = stats["n_terms"] / max(n_docs, 1)
        scored = []
        for row in rows:
            doc = row["terms"]
            score = bm25(stems, doc, sum(doc.values()), df, n_docs, avg_len)
            if score > 0:
                scored.append((-score, row["seq"], row["id"]))
        scored.sort()
        return [(mid, -neg) for neg, _, mid in scored[:n]]

    def embeddings(self, user_id: str, ids: Sequence[str]) -> dict[str, np.ndarray]:
        rows = self._by_ids("memories", "id, embedding", user_id, ids)
        return {r["id"]: _array(r["embedding"]) for r in rows}
