"""The :class:`Store` protocol implemented once in SQL; a backend supplies only its dialect.

Everything with meaning lives here: user versions and optimistic writes, the derived-memory
replace of a rebuild, forget's redaction, BM25 statistics, style, preference vectors, filters,
getters and the migrations driver. :class:`~personify.store.sqlite.SQLiteStore` and
:class:`~personify.store.postgres.PostgresStore` say what differs in the machinery: how to
connect and begin a transaction, how a user's row is locked, how an array or a JSON field is
written in SQL, the columns that feed their search indexes, and the candidate search itself
(FTS5 and an in-process vector index; tsvector and pgvector). Two copies of this logic once
drifted apart (a PostgreSQL rebuild deleted accepted plans); one copy cannot.

Shared SQL is written with ``?`` placeholders; :meth:`SQLStore._sql` turns them into the
driver's own.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from datetime import datetime
from typing import Any, ClassVar

import numpy as np

from personify.errors import (
    ConflictError,
    EmbedderMismatchError,
    PersonifyError,
    UnknownMemoryError,
)
from personify.lexical import bm25, term_counts
from personify.models import (
    Event,
    Memory,
    MemoryKind,
    Origin,
    StyleParam,
    UserVectors,
    as_utc,
    utcnow,
)
from personify.store import (
    DERIVED_KINDS,
    Candidate,
    Derived,
    MemoryFilter,
    UserSummary,
    without_text,
)
from personify.store.vector_index import best_first

MEMORY_COLUMNS = (
    "id, user_id, kind, text, confidence, origin, created_at, valid_from, valid_to, "
    "superseded_by, session, role, evidence, metadata, polarity, object, slot, confirmed_at"
)
EVENT_COLUMNS = "id, user_id, kind, role, session, ts, text, metadata, redacted"
CANDIDATE_COLUMNS = (
    "id, kind, origin, confidence, created_at, valid_from, confirmed_at, evidence, metadata, role"
)
VECTOR_COLUMNS = "z_long, z_short, reward_baseline, session, version, updated_at, reason"

Row = Any
"""A result row: ``sqlite3.Row`` or a dict, read by column name either way."""


def marks(n: int) -> str:
    return ", ".join(["?"] * n)


def bm25_top(
    terms: Sequence[str],
    candidates: Iterable[tuple[str, dict[str, int]]],
    df: dict[str, int],
    n_docs: int,
    n_terms: int,
    n: int,
) -> list[tuple[str, float]]:
    """Score full-text candidates (id, term counts) with the user's own statistics only, so no
    other user's words move a score; ties (to ``vector_index.TIE``, above float noise between
    backends) go by id, whatever order the candidates came in."""
    avg_len = n_terms / max(n_docs, 1)
    scored = []
    for memory_id, doc in candidates:
        score = bm25(terms, doc, sum(doc.values()), df, n_docs, avg_len)
        if score > 0:
            scored.append((memory_id, score))
    return best_first(scored, n)


class SQLStore:
    """The shared implementation; thread-safe (one connection behind a lock).

    A subclass sets the dialect below and implements the hooks that raise here, plus
    ``vector_search``, ``lexical_search`` and ``embeddings``."""

    MIGRATIONS: ClassVar[Sequence[str]] = ()
    ROW_LOCK: ClassVar[str] = ""
    """Appended to a SELECT of a user's row to lock it for the transaction ("" if a
    transaction already holds the database's one write lock)."""
    BY_ID: ClassVar[str] = "user_id"
    """How a row looked up by id names its owner (SQLite: ``+user_id``, so the id index is
    used, not the owner's)."""
    NO_LIMIT: ClassVar[int | None] = None
    REVISIONS: ClassVar[bool] = False
    """Memories carry the user version that last wrote them (an in-process index follows it)."""
    INDEX_COLUMNS: ClassVar[str] = ""
    """Memory columns beyond :data:`MEMORY_COLUMNS`, for search, and their SQL values."""
    INDEX_VALUES: ClassVar[str] = ""
    EMBEDDER_ADVICE: ClassVar[str] = ""

    _conn: Any
    _lock: threading.RLock
    _exclusive: bool = False
    _dim: int | None = None
    _gone: frozenset[str] = frozenset()
    """Users some of whose memories the transaction in progress deletes."""

    # -- the dialect --------------------------------------------------------------------------
    @property
    def _place(self) -> str:
        """How errors name the store."""
        return "this database"

    def _sql(self, sql: str) -> str:
        """``sql`` with the driver's placeholders."""
        return sql

    def _in(self, column: str, values: Sequence[object]) -> tuple[str, list[object]]:
        """``column`` is one of ``values``: SQL and its parameters."""
        return f"{column} IN ({marks(len(values))})", list(values)

    def _json_text(self, column: str, key: str) -> str:
        """SQL for the text of ``key`` in the JSON object ``column``."""
        raise NotImplementedError

    @staticmethod
    def _ts(value: datetime | None) -> object:
        """A time as the driver stores it."""
        return value

    @staticmethod
    def _time(value: Any) -> datetime:
        """A stored time as a datetime."""
        return value

    @staticmethod
    def _json(value: Any) -> Any:
        """A stored JSON value as Python."""
        return value

    def _connection(self) -> AbstractContextManager[Any]:
        """The connection, held by this thread."""
        raise NotImplementedError

    def _begin(self, conn: Any) -> AbstractContextManager[object]:
        """One transaction; inside :meth:`exclusive`, a savepoint of its transaction."""
        raise NotImplementedError

    def _index_params(self, m: Memory, vector: np.ndarray, version: int) -> tuple[object, ...]:
        """Values of :attr:`INDEX_COLUMNS` for a new memory."""
        raise NotImplementedError

    def _migrating(self, conn: Any) -> AbstractContextManager[object]:
        """Held while migrations are read and applied: one process applies each once."""
        raise NotImplementedError

    def _schema_at(self, conn: Any) -> int:
        raise NotImplementedError

    def _apply(self, conn: Any, version: int, script: str) -> None:
        """Run one migration script and record ``version``, atomically."""
        raise NotImplementedError

    # hooks with nothing to do by default
    def _unrecorded_embedder(self, conn: Any, dim: int) -> dict[str, Any] | None:
        """An embedder other than one of ``dim`` that the schema shows though no meta row
        names it (written before any check)."""
        return None

    def _embedder_recorded(self, conn: Any, dim: int) -> None:
        """The first embedder was just recorded."""

    def _before_write(self, conn: Any, memories: Sequence[tuple[Memory, np.ndarray]]) -> None:
        """Called in the write's transaction before any row changes."""

    def _purge(self, conn: Any) -> None:
        """In a transaction that deleted text: make the deletion reach every index."""

    def _purged(self, user_id: str | None = None) -> None:
        """After a transaction that deleted text committed (``user_id``: a user went)."""

    def _committed(self) -> None:
        """After :meth:`exclusive`'s transaction committed."""

    def _memories_deleted(self, user_ids: frozenset[str]) -> None:
        """After a transaction that deleted memories of these users committed (a forget, a
        derived replace, a deleted user): what the backend keeps of them outside the database
        goes."""

    def _settled(self) -> None:
        """After a transaction ends (inside :meth:`exclusive`: only at the end of its own):
        the users whose memories it deleted go to :meth:`_memories_deleted`."""
        with self._lock:  # another thread's transaction may be adding to it
            if self._exclusive or not self._gone:
                return
            gone, self._gone = self._gone, frozenset()
            self._memories_deleted(gone)

    # -- plumbing -----------------------------------------------------------------------------
    def _x(self, conn: Any, sql: str, params: Sequence[object] = ()) -> Any:
        return conn.execute(self._sql(sql), params)

    def _xm(self, conn: Any, sql: str, rows: Iterable[Sequence[object]]) -> None:
        """One statement over many rows (PostgreSQL pipelines them: one round trip)."""
        conn.cursor().executemany(self._sql(sql), list(rows))

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        """One statement, without BEGIN/COMMIT round trips (in :meth:`exclusive`'s transaction
        when inside it)."""
        with self._connection() as conn:
            return self._x(conn, sql, params).fetchall()

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        with self._connection() as conn, self._begin(conn):
            yield conn

    def _lock_user(self, conn: Any, user_id: str) -> None:
        if self.ROW_LOCK:
            self._x(conn, f"SELECT 1 FROM users WHERE id = ?{self.ROW_LOCK}", (user_id,))

    @contextmanager
    def exclusive(self, user_id: str) -> Iterator[None]:
        """One transaction holding off every other writer of the user (the user's row lock, or
        the database's write lock); this handle's own writes nest inside it."""
        with self._connection() as conn:
            if self._exclusive:
                yield
                return
            with self._begin(conn):
                self._lock_user(conn, user_id)
                self._exclusive = True
                try:
                    yield
                finally:
                    self._exclusive = False
            self._committed()
            self._settled()

    def _migrate(self, conn: Any) -> None:
        with self._migrating(conn):
            current = self._schema_at(conn)
            if current > len(self.MIGRATIONS):
                raise PersonifyError(
                    f"{self._place} has schema version {current}, newer than this personify "
                    f"({len(self.MIGRATIONS)}): upgrade personify"
                )
            for version, script in enumerate(self.MIGRATIONS[current:], start=current + 1):
                self._apply(conn, version, script)

    @property
    def schema_version(self) -> int:
        with self._connection() as conn:
            return self._schema_at(conn)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- embedder bookkeeping -----------------------------------------------------------------
    def check_embedder(self, name: str, dim: int) -> None:
        want = {"name": name, "dim": dim}
        with self._transaction() as conn:
            row = self._x(conn, "SELECT value FROM meta WHERE key = 'embedder'").fetchone()
            stored = json.loads(row["value"]) if row else self._unrecorded_embedder(conn, dim)
            if stored is not None and stored != want:
                raise EmbedderMismatchError(
                    f"{self._place} was built with embedder {stored['name']} ({stored['dim']}-d); "
                    f"it cannot be searched with {name} ({dim}-d). {self.EMBEDDER_ADVICE}"
                )
            if row is None:
                self._x(
                    conn,
                    "INSERT INTO meta (key, value) VALUES ('embedder', ?)",
                    (json.dumps(want),),
                )
                self._embedder_recorded(conn, dim)
        self._dim = dim

    # -- users --------------------------------------------------------------------------------
    def user_exists(self, user_id: str) -> bool:
        return bool(self._read("SELECT 1 FROM users WHERE id = ?", (user_id,)))

    def user_version(self, user_id: str) -> int:
        rows = self._read("SELECT version FROM users WHERE id = ?", (user_id,))
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
        return [UserSummary.model_validate(dict(row)) for row in rows]

    def delete_user(self, user_id: str) -> bool:
        """Memories and events go first; the rest (term statistics, style, vectors) cascades."""
        with self._transaction() as conn:
            self._x(conn, "DELETE FROM memories WHERE user_id = ?", (user_id,))
            self._x(conn, "DELETE FROM events WHERE user_id = ?", (user_id,))
            deleted = self._x(conn, "DELETE FROM users WHERE id = ?", (user_id,)).rowcount > 0
            if deleted:
                self._purge(conn)
                self._gone |= {user_id}
        if deleted:
            self._purged(user_id)
        self._settled()
        return deleted

    # -- writes -------------------------------------------------------------------------------
    def write(
        self,
        events: Sequence[Event],
        memories: Sequence[tuple[Memory, np.ndarray]],
        updates: Sequence[Memory] = (),
        style: Sequence[tuple[str, StyleParam]] = (),
        expect_versions: dict[str, int] | None = None,
        replace_derived: Sequence[str] = (),
        vectors: Sequence[tuple[str, UserVectors]] = (),
    ) -> None:
        users = (
            {e.user_id for e in events}
            | {m.user_id for m, _ in memories}
            | {m.user_id for m in updates}
            | {u for u, _ in style}
            | set(replace_derived)
            | {u for u, _ in vectors}
        )
        with self._transaction() as conn:
            self._write(conn, users, events, memories, updates, style, expect_versions,
                        replace_derived, vectors)  # fmt: skip
        self._settled()

    def _write(
        self,
        conn: Any,
        users: set[str],
        events: Sequence[Event],
        memories: Sequence[tuple[Memory, np.ndarray]],
        updates: Sequence[Memory],
        style: Sequence[tuple[str, StyleParam]],
        expect_versions: dict[str, int] | None,
        replace_derived: Sequence[str],
        vectors: Sequence[tuple[str, UserVectors]] = (),
    ) -> None:
        """The body of :meth:`write`, inside the caller's transaction."""
        self._before_write(conn, memories)
        now = self._ts(utcnow())
        versions = {}
        for user_id in sorted(users):  # one lock order for every writer: no deadlocks
            # A new user's row appears here (prior version -1); an existing one is locked,
            # so the version compared is the one this transaction will bump.
            created = self._x(
                conn,
                "INSERT INTO users (id, created_at) VALUES (?, ?) "
                "ON CONFLICT (id) DO NOTHING RETURNING version",
                (user_id, now),
            ).fetchone()
            before = -1
            if created is None:
                before = self._x(
                    conn, f"SELECT version FROM users WHERE id = ?{self.ROW_LOCK}", (user_id,)
                ).fetchone()["version"]
            expected = (expect_versions or {}).get(user_id)
            if expected is not None and before != expected:
                raise ConflictError(f"user {user_id!r} changed during the write; retry")
            versions[user_id] = self._x(
                conn, "UPDATE users SET version = version + 1 WHERE id = ? RETURNING version",
                (user_id,),
            ).fetchone()["version"]  # fmt: skip
        for user_id, v in vectors:
            self._put_vectors(conn, user_id, v)
        for user_id in replace_derived:
            # accepted plans and episodes are no learner's output: they stay
            kinds, params = self._in("kind", DERIVED_KINDS)
            derived = f"FROM memories WHERE user_id = ? AND {kinds}"
            texts = self._x(conn, f"SELECT text {derived}", (user_id, *params)).fetchall()
            self._count_terms(conn, [(user_id, r["text"]) for r in texts], -1)
            self._x(conn, f"DELETE {derived}", (user_id, *params))
            self._gone |= {user_id}
            self._x(conn, "DELETE FROM style WHERE user_id = ?", (user_id,))
        self._xm(
            conn,
            f"INSERT INTO events ({EVENT_COLUMNS}) VALUES ({marks(9)})",
            [self._event_params(e) for e in events],
        )
        self._xm(
            conn,
            f"INSERT INTO memories ({MEMORY_COLUMNS}, {self.INDEX_COLUMNS}) "
            f"VALUES ({marks(MEMORY_COLUMNS.count(',') + 1)}, {self.INDEX_VALUES})",
            [
                (*self._memory_params(m), *self._index_params(m, v, versions[m.user_id]))
                for m, v in memories
            ],
        )
        self._count_terms(conn, [(m.user_id, m.text) for m, _ in memories], +1)
        rev = ", rev = ?" if self.REVISIONS else ""
        self._xm(
            conn,
            "UPDATE memories SET confidence = ?, valid_to = ?, superseded_by = ?, "
            f"evidence = ?, metadata = ?, confirmed_at = ?{rev} WHERE {self.BY_ID} = ? AND id = ?",
            [self._update_params(m, versions[m.user_id]) for m in updates],
        )
        self._xm(
            conn,
            "INSERT INTO style (user_id, name, value, confidence, evidence, detail, updated_at) "
            f"VALUES ({marks(7)}) ON CONFLICT (user_id, name) DO UPDATE SET "
            "value = excluded.value, confidence = excluded.confidence, "
            "evidence = excluded.evidence, detail = excluded.detail, "
            "updated_at = excluded.updated_at",
            [self._style_params(user_id, p) for user_id, p in style],
        )

    def _event_params(self, e: Event) -> tuple[object, ...]:
        return (e.id, e.user_id, e.kind.value, e.role, e.session, self._ts(e.ts), e.text,
                json.dumps(e.metadata), e.redacted)  # fmt: skip

    def _update_params(self, m: Memory, version: int) -> tuple[object, ...]:
        """The fields of a memory that may change after it is written; text and vector never do."""
        rev = (version,) if self.REVISIONS else ()
        return (m.confidence, self._ts(m.valid_to), m.superseded_by, json.dumps(m.evidence),
                json.dumps(m.metadata), self._ts(m.confirmed_at), *rev, m.user_id,
                m.id)  # fmt: skip

    def _style_params(self, user_id: str, p: StyleParam) -> tuple[object, ...]:
        return (user_id, p.name, json.dumps(p.value), p.confidence, json.dumps(p.evidence),
                json.dumps(p.detail), self._ts(p.updated_at))  # fmt: skip

    def _memory_params(self, m: Memory) -> tuple[object, ...]:
        return (m.id, m.user_id, m.kind.value, m.text, m.confidence, m.origin.value,
                self._ts(m.created_at), self._ts(m.valid_from), self._ts(m.valid_to),
                m.superseded_by, m.session, m.role, json.dumps(m.evidence),
                json.dumps(m.metadata), m.polarity, m.object, m.slot,
                self._ts(m.confirmed_at))  # fmt: skip

    def _count_terms(self, conn: Any, docs: list[tuple[str, str]], sign: int) -> None:
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
        # sorted: concurrent writers lock term rows in one order, so they cannot deadlock
        self._xm(
            conn,
            "INSERT INTO term_stats AS t (user_id, term, df) VALUES (?, ?, ?) "
            "ON CONFLICT (user_id, term) DO UPDATE SET df = t.df + excluded.df",
            [(u, term, sign * n) for (u, term), n in sorted(df.items())],
        )
        if sign < 0:
            self._xm(
                conn,
                "DELETE FROM term_stats WHERE user_id = ? AND term = ? AND df <= 0",
                sorted(df),
            )
        self._xm(
            conn,
            "UPDATE users SET n_docs = n_docs + ?, n_terms = n_terms + ? WHERE id = ?",
            [(sign * per_user[u], sign * totals[u], u) for u in sorted(per_user)],
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
            row = self._x(
                conn,
                f"SELECT {MEMORY_COLUMNS} FROM memories WHERE {self.BY_ID} = ? AND id = ?",
                (user_id, memory_id),
            ).fetchone()
            if row is None:
                raise UnknownMemoryError(user_id, memory_id)
            memory = self._memory(row)
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
            # the derived replace may have removed it already (and counted its terms)
            if self._x(
                conn,
                f"DELETE FROM memories WHERE {self.BY_ID} = ? AND id = ?",
                (user_id, memory_id),
            ).rowcount:
                self._count_terms(conn, [(user_id, memory.text)], -1)
            self._gone |= {user_id}
            ids, params = self._in("id", redact)
            named = self._x(
                conn,
                f"SELECT id, kind, text, metadata FROM events WHERE {self.BY_ID} = ? AND ({ids} "
                f"OR (kind = 'edit' AND {self._json_text('metadata', 'memory_id')} = ?))",
                (user_id, *params, memory_id),
            ).fetchall()
            self._xm(
                conn,
                "UPDATE events SET text = ?, redacted = redacted OR ?, metadata = ? "
                f"WHERE {self.BY_ID} = ? AND id = ?",
                [
                    (
                        None if r["id"] in redact else r["text"],
                        r["id"] in redact,
                        json.dumps(
                            without_text(
                                r["kind"],
                                self._json(r["metadata"]),
                                r["text"] is not None and r["id"] not in redact,
                            )
                        ),
                        user_id,
                        r["id"],
                    )
                    for r in named
                ],
            )
            self._purge(conn)
        self._purged()
        self._settled()
        return memory

    # -- preference vectors -------------------------------------------------------------------
    def _vectors(self, row: Row) -> UserVectors:
        # the z_long column also carries the per-context rows after z_long itself (no schema
        # change: a row without contexts is exactly the old one)
        z_short = np.frombuffer(row["z_short"], dtype=np.float32).copy()
        packed = np.frombuffer(row["z_long"], dtype=np.float32)
        dim = len(z_short)
        return UserVectors(
            z_long=packed[:dim].copy(),
            z_short=z_short,
            reward_baseline=row["reward_baseline"],
            session=row["session"],
            version=row["version"],
            updated_at=self._time(row["updated_at"]),
            reason=row["reason"],
            contexts=packed[dim:].reshape(-1, 2, dim).copy() if len(packed) > dim else None,
        )

    def get_vectors(self, user_id: str) -> UserVectors | None:
        rows = self._read(
            f"SELECT {VECTOR_COLUMNS} FROM user_vectors WHERE user_id = ? "
            "ORDER BY version DESC LIMIT 1",
            (user_id,),
        )
        return self._vectors(rows[0]) if rows else None

    def vector_history(self, user_id: str) -> list[UserVectors]:
        """Every stored version of the user's preference vectors, oldest first."""
        rows = self._read(
            f"SELECT {VECTOR_COLUMNS} FROM user_vectors WHERE user_id = ? ORDER BY version",
            (user_id,),
        )
        return [self._vectors(r) for r in rows]

    def put_vectors(self, user_id: str, vectors: UserVectors, keep: int = 100) -> UserVectors:
        """Store ``vectors`` as the user's next version; older versions beyond ``keep`` go."""
        with self._transaction() as conn:
            return self._put_vectors(conn, user_id, vectors, keep)

    def _put_vectors(
        self, conn: Any, user_id: str, vectors: UserVectors, keep: int = 100
    ) -> UserVectors:
        self._lock_user(conn, user_id)  # concurrent updates wait: versions never collide
        top = self._x(
            conn,
            "SELECT coalesce(max(version), 0) AS v FROM user_vectors WHERE user_id = ?",
            (user_id,),
        ).fetchone()["v"]
        stored = replace(vectors, version=top + 1, updated_at=utcnow())
        self._x(
            conn,
            f"INSERT INTO user_vectors (user_id, {VECTOR_COLUMNS}) VALUES ({marks(8)})",
            (
                user_id,
                np.concatenate(
                    [stored.z_long, *([] if stored.contexts is None else [stored.contexts.ravel()])]
                )
                .astype(np.float32)
                .tobytes(),
                stored.z_short.astype(np.float32).tobytes(),
                stored.reward_baseline,
                stored.session,
                stored.version,
                self._ts(stored.updated_at),
                stored.reason,
            ),
        )
        self._x(
            conn,
            "DELETE FROM user_vectors WHERE user_id = ? AND version <= ?",
            (user_id, stored.version - keep),
        )
        return stored

    def rollback_vectors(self, user_id: str) -> UserVectors | None:
        """Drop the latest version; returns the one now in force (None: back to zero)."""
        with self._transaction() as conn:
            self._lock_user(conn, user_id)  # as put_vectors
            self._x(
                conn,
                "DELETE FROM user_vectors WHERE user_id = ? AND version = "
                "(SELECT max(version) FROM user_vectors WHERE user_id = ?)",
                (user_id, user_id),
            )
        return self.get_vectors(user_id)

    def get_style(self, user_id: str) -> list[StyleParam]:
        rows = self._read(
            "SELECT name, value, confidence, evidence, detail, updated_at FROM style "
            "WHERE user_id = ? ORDER BY name",
            (user_id,),
        )
        return [
            StyleParam.model_validate(
                {**dict(r), **{k: self._json(r[k]) for k in ("value", "evidence", "detail")}}
            )
            for r in rows
        ]

    # -- reads --------------------------------------------------------------------------------
    def _memory(self, row: Row) -> Memory:
        data = dict(row)
        data["evidence"] = self._json(data["evidence"])
        data["metadata"] = self._json(data["metadata"])
        return Memory.model_validate(data)

    def _event(self, row: Row) -> Event:
        data = dict(row)
        data["metadata"] = self._json(data["metadata"])
        data["redacted"] = bool(data["redacted"])
        return Event.model_validate(data)

    def _filter_sql(
        self, user_id: str, filt: MemoryFilter, alias: str = ""
    ) -> tuple[str, list[object]]:
        """WHERE clause for a memory filter; always scoped to ``user_id``."""
        a = f"{alias}." if alias else ""
        clauses, params = [f"{a}user_id = ?"], [user_id]
        if not filt.include_history:
            clauses.append(f"{a}valid_to IS NULL")
        if filt.kinds is not None:
            kinds, values = self._in(f"{a}kind", sorted(k.value for k in filt.kinds))
            clauses.append(kinds)
            params.extend(values)
        for clause, value in (
            (f"{a}session = ?", filt.session),
            (f"{a}created_at >= ?", self._ts(filt.since)),
            (f"{a}created_at <= ?", self._ts(filt.until)),
        ):
            if value is not None:
                clauses.append(clause)
                params.append(value)
        return " AND ".join(clauses), params

    def _by_ids(self, table: str, columns: str, user_id: str, ids: Sequence[str]) -> list[Row]:
        """The user's rows with these ids, in the order asked; unknown or foreign ids drop out."""
        if not ids:
            return []
        where, params = self._in("id", ids)
        sql = f"SELECT {columns} FROM {table} WHERE {self.BY_ID} = ? AND {where}"
        by_id = {row["id"]: row for row in self._read(sql, (user_id, *params))}
        return [by_id[i] for i in ids if i in by_id]

    def get_memories(self, user_id: str, ids: Sequence[str]) -> list[Memory]:
        return [self._memory(r) for r in self._by_ids("memories", MEMORY_COLUMNS, user_id, ids)]

    def texts(self, user_id: str, ids: Sequence[str]) -> dict[str, str]:
        return {r["id"]: r["text"] for r in self._by_ids("memories", "id, text", user_id, ids)}

    def candidates(self, user_id: str, ids: Sequence[str]) -> dict[str, Candidate]:
        """What recall ranks these memories by: one read of the columns it needs, no text."""
        out = {}
        for r in self._by_ids("memories", CANDIDATE_COLUMNS, user_id, ids):
            confirmed = r["confirmed_at"]
            out[r["id"]] = Candidate(
                id=r["id"],
                kind=MemoryKind(r["kind"]),
                origin=Origin(r["origin"]),
                confidence=float(r["confidence"]),
                created_at=as_utc(self._time(r["created_at"])),
                valid_from=as_utc(self._time(r["valid_from"])),
                confirmed_at=None if confirmed is None else as_utc(self._time(confirmed)),
                evidence=self._json(r["evidence"]),
                metadata=self._json(r["metadata"]),
                role=r["role"],
            )
        return out

    def list_memories(
        self,
        user_id: str,
        filt: MemoryFilter | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Memory]:
        where, params = self._filter_sql(user_id, filt or MemoryFilter())
        sql = f"SELECT {MEMORY_COLUMNS} FROM memories WHERE {where} ORDER BY seq LIMIT ? OFFSET ?"
        limited = self.NO_LIMIT if limit is None else limit
        return [self._memory(r) for r in self._read(sql, (*params, limited, offset))]

    def get_events(self, user_id: str, ids: Sequence[str]) -> list[Event]:
        return [self._event(r) for r in self._by_ids("events", EVENT_COLUMNS, user_id, ids)]

    def recent_events(self, user_id: str, n: int) -> list[Event]:
        """The user's last ``n`` events, oldest first."""
        rows = self._read(
            f"SELECT {EVENT_COLUMNS} FROM events WHERE user_id = ? ORDER BY seq DESC LIMIT ?",
            (user_id, n),
        )
        return [self._event(row) for row in reversed(rows)]

    def list_events(
        self,
        user_id: str,
        limit: int | None = None,
        offset: int = 0,
        kinds: Sequence[str] | None = None,
    ) -> list[Event]:
        kind_sql, params = self._in("kind", [str(k) for k in kinds]) if kinds else ("", [])
        rows = self._read(
            f"SELECT {EVENT_COLUMNS} FROM events WHERE user_id = ?"
            f"{' AND ' + kind_sql if kinds else ''} ORDER BY seq LIMIT ? OFFSET ?",
            (user_id, *params, self.NO_LIMIT if limit is None else limit, offset),
        )
        return [self._event(row) for row in rows]
