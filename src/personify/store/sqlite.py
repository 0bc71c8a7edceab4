"""The default store: one SQLite file, WAL, ordered migrations, FTS5 and a cached vector index."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import numpy as np

from personify.errors import (
    ConflictError,
    EmbedderMismatchError,
    PersonifyError,
    UnknownMemoryError,
)
from personify.lexical import bm25, stem, term_counts, words
from personify.models import Event, Memory, StyleParam, utcnow
from personify.store import DERIVED_KINDS, Derived, MemoryFilter, UserSummary, without_text
from personify.store.migrations import MIGRATIONS
from personify.store.vector_index import IndexRow, UserVectorIndex
from personify.vectors import UserVectors

_MEMORY_COLUMNS = (
    "id, user_id, kind, text, confidence, origin, created_at, valid_from, valid_to, "
    "superseded_by, session, role, evidence, metadata, polarity, object, slot, confirmed_at"
)
_N_MEMORY_COLUMNS = _MEMORY_COLUMNS.count(",") + 1
_EVENT_COLUMNS = "id, user_id, kind, role, session, ts, text, metadata, redacted"
MAX_DF = 0.25
MIN_DOCS_FOR_MAX_DF = 50


def _ts(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="microseconds")


def _owner_token(user_id: str) -> str:
    """A single FTS token per user, so MATCH intersects with the user's postings in the index."""
    return "u" + hashlib.blake2b(user_id.encode(), digest_size=10).hexdigest()


def _memory_params(m: Memory) -> tuple[object, ...]:
    return (
        m.id,
        m.user_id,
        m.kind.value,
        m.text,
        m.confidence,
        m.origin.value,
        _ts(m.created_at),
        _ts(m.valid_from),
        _ts(m.valid_to),
        m.superseded_by,
        m.session,
        m.role,
        json.dumps(m.evidence),
        json.dumps(m.metadata),
        m.polarity,
        m.object,
        m.slot,
        _ts(m.confirmed_at),
    )


def _terms_and_stems(text: str) -> tuple[str, str]:
    counts = term_counts(text)
    return json.dumps(counts), " ".join(counts)


def _count_terms(conn: sqlite3.Connection, docs: list[tuple[str, str]], sign: int) -> None:
    """Keep each user's BM25 statistics in step with the memories added or removed."""
    if not docs:
        return
    df: Counter[tuple[str, str]] = Counter()
    totals: Counter[str] = Counter()
    docs_per_user: Counter[str] = Counter()
    for user_id, text in docs:
        counts = term_counts(text)
        df.update((user_id, term) for term in counts)
        totals[user_id] += sum(counts.values())
        docs_per_user[user_id] += 1
    conn.executemany(
        "INSERT INTO term_stats (user_id, term, df) VALUES (?, ?, ?) "
        "ON CONFLICT (user_id, term) DO UPDATE SET df = df + excluded.df",
        [(user_id, term, sign * count) for (user_id, term), count in df.items()],
    )
    if sign < 0:
        conn.executemany(
            "DELETE FROM term_stats WHERE user_id = ? AND term = ? AND df <= 0", list(df)
        )
    conn.executemany(
        "UPDATE users SET n_docs = n_docs + ?, n_terms = n_terms + ? WHERE id = ?",
        [(sign * docs_per_user[u], sign * totals[u], u) for u in docs_per_user],
    )


def _optimize_fts(conn: sqlite3.Connection) -> None:
    """Merge the full-text index into one segment: a deleted row's terms otherwise stay in
    ``memories_fts_data`` until some later merge happens to reach them."""
    conn.execute("INSERT INTO memories_fts (memories_fts) VALUES ('optimize')")


def _vectors(row: sqlite3.Row) -> UserVectors:
    return UserVectors(
        z_long=np.frombuffer(row["z_long"], dtype=np.float32).copy(),
        z_short=np.frombuffer(row["z_short"], dtype=np.float32).copy(),
        reward_baseline=row["reward_baseline"],
        session=row["session"],
        version=row["version"],
        updated_at=datetime.fromisoformat(row["updated_at"]),
        reason=row["reason"],
    )


def _memory(row: sqlite3.Row) -> Memory:
    data = dict(row)
    data["evidence"] = json.loads(data["evidence"])
    data["metadata"] = json.loads(data["metadata"])
    return Memory.model_validate(data)


def _event(row: sqlite3.Row) -> Event:
    data = dict(row)
    data["metadata"] = json.loads(data["metadata"])
    data["redacted"] = bool(data["redacted"])
    return Event.model_validate(data)


def _filter_sql(user_id: str, filt: MemoryFilter, alias: str = "") -> tuple[str, list[object]]:
    """WHERE clause for a memory filter; always scoped to ``user_id``."""
    a = f"{alias}." if alias else ""
    clauses, params = [f"{a}user_id = ?"], [user_id]
    if not filt.include_history:
        clauses.append(f"{a}valid_to IS NULL")
    if filt.kinds is not None:
        clauses.append(f"{a}kind IN ({','.join('?' * len(filt.kinds))})")
        params.extend(sorted(k.value for k in filt.kinds))
    if filt.session is not None:
        clauses.append(f"{a}session = ?")
        params.append(filt.session)
    if filt.since is not None:
        clauses.append(f"{a}created_at >= ?")
        params.append(_ts(filt.since))
    if filt.until is not None:
        clauses.append(f"{a}created_at <= ?")
        params.append(_ts(filt.until))
    return " AND ".join(clauses), params


def _index_row(r: sqlite3.Row) -> IndexRow:
    return IndexRow(
        seq=r["seq"],
        id=r["id"],
        kind=r["kind"],
        session=r["session"],
        created=datetime.fromisoformat(r["created_at"]).timestamp(),
        current=r["valid_to"] is None,
        vector=np.frombuffer(r["embedding"], dtype=np.float32),
    )


class SQLiteStore:
    """Thread-safe (one connection behind a lock); safe to share a file between processes."""

    def __init__(self, path: str | Path, ann_threshold: int = 20_000, durable: bool = True) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.ann_threshold = ann_threshold
        self._lock = threading.RLock()
        self._exclusive = False
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
        self._migrate()
        self._indexes: dict[str, UserVectorIndex] = {}
        # when each cached index's user row was created: a user deleted (by any process) and
        # created anew restarts its version, so the version alone cannot tell the caches apart
        self._index_born: dict[str, str | None] = {}
        self._dim: int | None = None

    # -- plumbing -----------------------------------------------------------------------------
    @contextmanager
    def exclusive(self, user_id: str) -> Iterator[None]:
        """SQLite has one writer at a time: the cycle holds the write lock (other processes
        wait up to the 30 s busy timeout), and its writes join the one transaction."""
        with self._lock:
            if self._exclusive:
                yield
                return
            self._conn.execute("BEGIN IMMEDIATE")
            self._exclusive = True
            try:
                yield
            except BaseException:
                self._exclusive = False
                self._conn.execute("ROLLBACK")
                raise
            self._exclusive = False
            self._conn.execute("COMMIT")
            if self._checkpoint_due:
                self._checkpoint()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._exclusive:  # inside exclusive(): part of its transaction
                yield self._conn
                return
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _migrate(self) -> None:
        with self._lock:
            current = self._conn.execute("PRAGMA user_version").fetchone()[0]
            if current > len(MIGRATIONS):
                raise PersonifyError(
                    f"{self.path} has schema version {current}, newer than this personify "
                    f"({len(MIGRATIONS)}): upgrade personify"
                )
            for version, script in enumerate(MIGRATIONS[current:], start=current + 1):
                # executescript commits first; the script runs inside its own transaction
                self._conn.executescript(
                    f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {version};\nCOMMIT;"
                )

    @property
    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- embedder bookkeeping -----------------------------------------------------------------
    def check_embedder(self, name: str, dim: int) -> None:
        with self._transaction() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'embedder'").fetchone()
            if row is None:
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('embedder', ?)",
                    (json.dumps({"name": name, "dim": dim}),),
                )
            else:
                stored = json.loads(row["value"])
                if stored != {"name": name, "dim": dim}:
                    raise EmbedderMismatchError(
                        f"{self.path} was built with embedder {stored['name']} "
                        f"({stored['dim']}-d); "
                        f"it cannot be searched with {name} ({dim}-d). Use another database file "
                        f"or re-import an export with the new embedder."
                    )
        self._dim = dim

    # -- users --------------------------------------------------------------------------------
    def user_exists(self, user_id: str) -> bool:
        with self._lock:
            row = self._conn.execute("SELECT 1 FROM users WHERE id = ?", (user_id,)).fetchone()
        return row is not None

    def list_users(self) -> list[UserSummary]:
        query = """
            SELECT u.id AS user_id, u.created_at,
                (SELECT count(*) FROM events e WHERE e.user_id = u.id) AS events,
                (SELECT count(*) FROM memories m WHERE m.user_id = u.id) AS memories,
                (SELECT max(ts) FROM events e WHERE e.user_id = u.id) AS last_event_at
            FROM users u ORDER BY u.id
        """
        with self._lock:
            rows = self._conn.execute(query).fetchall()
        return [UserSummary.model_validate(dict(row)) for row in rows]

    def delete_user(self, user_id: str) -> bool:
        with self._transaction() as conn:
            conn.execute("DELETE FROM memories WHERE user_id = ?", (user_id,))
            conn.execute("DELETE FROM events WHERE user_id = ?", (user_id,))
            deleted = conn.execute("DELETE FROM users WHERE id = ?", (user_id,)).rowcount
            if deleted:
                _optimize_fts(conn)
        self._indexes.pop(user_id, None)
        if deleted:
            self._checkpoint()
        return bool(deleted)

    def _checkpoint(self) -> None:
        """Copy the WAL into the file and truncate it: the WAL's old page images (which still
        hold deleted text) go. Best effort: a reader in another process may hold it a while."""
        with self._lock:
            self._checkpoint_due = self._exclusive  # not inside a transaction: after it
            if not self._exclusive:
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    # -- writes -------------------------------------------------------------------------------
    def user_version(self, user_id: str) -> int:
        with self._lock:
            row = self._conn.execute(
                "SELECT version FROM users WHERE id = ?", (user_id,)
            ).fetchone()
        return -1 if row is None else int(row[0])

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
        conn: sqlite3.Connection,
        users: set[str],
        events: Sequence[Event],
        memories: Sequence[tuple[Memory, np.ndarray]],
        updates: Sequence[Memory],
        style: Sequence[tuple[str, StyleParam]],
        expect_versions: dict[str, int] | None,
        replace_derived: Sequence[str],
    ) -> None:
        """The body of :meth:`write`, inside the caller's transaction."""
        now = _ts(utcnow())
        versions = {}
        for user_id in sorted(users):
            expected = (expect_versions or {}).get(user_id)
            if expected is not None and self.user_version(user_id) != expected:
                raise ConflictError(f"user {user_id!r} changed during the write; retry")
            conn.execute(
                "INSERT OR IGNORE INTO users (id, created_at) VALUES (?, ?)", (user_id, now)
            )
            versions[user_id] = conn.execute(
                "UPDATE users SET version = version + 1 WHERE id = ? RETURNING version",
                (user_id,),
            ).fetchone()[0]
        for user_id in replace_derived:
            derived = f"FROM memories WHERE user_id = ? AND kind IN {DERIVED_KINDS!r}"
            texts = conn.execute(f"SELECT text {derived}", (user_id,)).fetchall()
            _count_terms(conn, [(user_id, r[0]) for r in texts], -1)
            conn.execute(f"DELETE {derived}", (user_id,))
            conn.execute("DELETE FROM style WHERE user_id = ?", (user_id,))
        conn.executemany(
            f"INSERT INTO events ({_EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    e.id,
                    e.user_id,
                    e.kind.value,
                    e.role,
                    e.session,
                    _ts(e.ts),
                    e.text,
                    json.dumps(e.metadata),
                    int(e.redacted),
                )
                for e in events
            ],
        )
        conn.executemany(
            f"INSERT INTO memories ({_MEMORY_COLUMNS}, owner_token, rev, embedding, terms, "
            f"stems) VALUES ({', '.join('?' * (_N_MEMORY_COLUMNS + 5))})",
            [
                (
                    *_memory_params(m),
                    _owner_token(m.user_id),
                    versions[m.user_id],
                    np.asarray(vector, dtype=np.float32).tobytes(),
                    *_terms_and_stems(m.text),
                )
                for m, vector in memories
            ],
        )
        _count_terms(conn, [(m.user_id, m.text) for m, _ in memories], +1)
        conn.executemany(
            "UPDATE memories SET confidence = ?, valid_to = ?, superseded_by = ?, "
            "evidence = ?, metadata = ?, confirmed_at = ?, rev = ? "
            "WHERE +user_id = ? AND id = ?",
            [
                (
                    m.confidence,
                    _ts(m.valid_to),
                    m.superseded_by,
                    json.dumps(m.evidence),
                    json.dumps(m.metadata),
                    _ts(m.confirmed_at),
                    versions[m.user_id],
                    m.user_id,
                    m.id,
                )
                for m in updates
            ],
        )
        conn.executemany(
            "INSERT INTO style "
            "(user_id, name, value, confidence, evidence, detail, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, name) DO UPDATE SET "
            "value = excluded.value, confidence = excluded.confidence, "
            "evidence = excluded.evidence, detail = excluded.detail, "
            "updated_at = excluded.updated_at",
            [
                (
                    user_id,
                    p.name,
                    json.dumps(p.value),
                    p.confidence,
                    json.dumps(p.evidence),
                    json.dumps(p.detail),
                    _ts(p.updated_at),
                )
                for user_id, p in style
            ],
        )

    # -- preference vectors -------------------------------------------------------------------
    def get_vectors(self, user_id: str) -> UserVectors | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT * FROM user_vectors WHERE user_id = ? ORDER BY version DESC LIMIT 1",
                (user_id,),
            ).fetchone()
        return None if row is None else _vectors(row)

    def put_vectors(self, user_id: str, vectors: UserVectors, keep: int = 100) -> UserVectors:
        """Store ``vectors`` as the user's next version; older versions beyond ``keep`` go."""
        with self._transaction() as conn:
            top = conn.execute(
                "SELECT coalesce(max(version), 0) FROM user_vectors WHERE user_id = ?", (user_id,)
            ).fetchone()[0]
            stored = UserVectors(
                vectors.z_long,
                vectors.z_short,
                vectors.reward_baseline,
                vectors.session,
                top + 1,
                utcnow(),
                vectors.reason,
            )
            conn.execute(
                "INSERT INTO user_vectors (user_id, version, z_long, z_short, reward_baseline, "
                "session, reason, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    user_id,
                    stored.version,
                    stored.z_long.astype(np.float32).tobytes(),
                    stored.z_short.astype(np.float32).tobytes(),
                    stored.reward_baseline,
                    stored.session,
                    stored.reason,
                    _ts(stored.updated_at),
                ),
            )
            conn.execute(
                "DELETE FROM user_vectors WHERE user_id = ? AND version <= ?",
                (user_id, stored.version - keep),
            )
        return stored

    def rollback_vectors(self, user_id: str) -> UserVectors | None:
        """Drop the latest version; returns the one now in force (None: back to zero)."""
        with self._transaction() as conn:
            conn.execute(
                "DELETE FROM user_vectors WHERE user_id = ? AND version = "
                "(SELECT max(version) FROM user_vectors WHERE user_id = ?)",
                (user_id, user_id),
            )
        return self.get_vectors(user_id)

    def get_style(self, user_id: str) -> list[StyleParam]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT name, value, confidence, evidence, detail, updated_at FROM style "
                "WHERE user_id = ? ORDER BY name",
                (user_id,),
            ).fetchall()
        return [
            StyleParam.model_validate(
                {**dict(r), **{k: json.loads(r[k]) for k in ("value", "evidence", "detail")}}
            )
            for r in rows
        ]

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
                f"SELECT {_MEMORY_COLUMNS} FROM memories WHERE +user_id = ? AND id = ?",
                (user_id, memory_id),
            ).fetchone()
            if row is None:
                raise UnknownMemoryError(user_id, memory_id)
            memory = _memory(row)
            if redact is None:  # an episode or plan is its event's own text
                redact = [] if memory.kind.value in DERIVED_KINDS else memory.evidence
            logged = event.model_copy(update={"user_id": user_id, "redacted": False})
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
            if conn.execute(
                "DELETE FROM memories WHERE +user_id = ? AND id = ?", (user_id, memory_id)
            ).rowcount:
                _count_terms(conn, [(user_id, memory.text)], -1)
            marks = ",".join("?" * len(redact))
            named = conn.execute(
                f"SELECT id, kind, text, metadata FROM events WHERE +user_id = ? AND (id IN "
                f"({marks}) OR (kind = 'edit' AND json_extract(metadata, '$.memory_id') = ?))",
                (user_id, *redact, memory_id),
            ).fetchall()
            conn.executemany(
                "UPDATE events SET text = ?, redacted = redacted OR ?, metadata = ? "
                "WHERE +user_id = ? AND id = ?",
                [
                    (
                        None if r["id"] in redact else r["text"],
                        int(r["id"] in redact),
                        json.dumps(
                            without_text(
                                r["kind"],
                                json.loads(r["metadata"]),
                                r["text"] is not None and r["id"] not in redact,
                            )
                        ),
                        user_id,
                        r["id"],
                    )
                    for r in named
                ],
            )
            _optimize_fts(conn)
        self._checkpoint()
        return memory

    # -- reads --------------------------------------------------------------------------------
    def get_memories(self, user_id: str, ids: Sequence[str]) -> list[Memory]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_MEMORY_COLUMNS} FROM memories WHERE +user_id = ? AND id IN ({marks})",
                (user_id, *ids),
            ).fetchall()
        by_id = {row["id"]: _memory(row) for row in rows}
        return [by_id[i] for i in ids if i in by_id]

    def list_memories(
        self,
        user_id: str,
        filt: MemoryFilter | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Memory]:
        where, params = _filter_sql(user_id, filt or MemoryFilter())
        sql = f"SELECT {_MEMORY_COLUMNS} FROM memories WHERE {where} ORDER BY seq LIMIT ? OFFSET ?"
        with self._lock:
            rows = self._conn.execute(sql, (*params, -1 if limit is None else limit, offset))
            return [_memory(row) for row in rows.fetchall()]

    def get_events(self, user_id: str, ids: Sequence[str]) -> list[Event]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_EVENT_COLUMNS} FROM events WHERE +user_id = ? AND id IN ({marks})",
                (user_id, *ids),
            ).fetchall()
        by_id = {row["id"]: _event(row) for row in rows}
        return [by_id[i] for i in ids if i in by_id]

    def recent_events(self, user_id: str, n: int) -> list[Event]:
        """The user's last ``n`` events, oldest first."""
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_EVENT_COLUMNS} FROM events WHERE user_id = ? ORDER BY seq DESC LIMIT ?",
                (user_id, n),
            ).fetchall()
        return [_event(row) for row in reversed(rows)]

    def list_events(
        self,
        user_id: str,
        limit: int | None = None,
        offset: int = 0,
        kinds: Sequence[str] | None = None,
    ) -> list[Event]:
        kind_sql = f" AND kind IN ({','.join('?' * len(kinds))})" if kinds else ""
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_EVENT_COLUMNS} FROM events WHERE user_id = ?{kind_sql} ORDER BY seq "
                "LIMIT ? OFFSET ?",
                (user_id, *(kinds or ()), -1 if limit is None else limit, offset),
            ).fetchall()
        return [_event(row) for row in rows]

    # -- search -------------------------------------------------------------------------------
    def _index(self, user_id: str) -> UserVectorIndex:
        """The user's vector index, caught up with the database if any write moved it."""
        select = (
            "SELECT seq, id, kind, session, created_at, valid_to, embedding FROM memories "
            "WHERE user_id = ? AND rev > ? ORDER BY seq"
        )
        with self._lock:
            row = self._conn.execute(
                "SELECT version, created_at FROM users WHERE id = ?", (user_id,)
            ).fetchone()
            version, born = (-1, None) if row is None else (int(row[0]), row[1])
            index = self._indexes.get(user_id)
            if index is not None and self._index_born.get(user_id) != born:
                index = None  # deleted and created again since: nothing cached is theirs
            if index is not None and index.version == version:
                return index
            if index is None:
                index = UserVectorIndex(self._dim or 0, self.ann_threshold)
            rows = self._conn.execute(select, (user_id, index.version)).fetchall()
            if rows and index.dim == 0:
                index = UserVectorIndex(len(rows[0]["embedding"]) // 4, self.ann_threshold)
            index.upsert(_index_row(r) for r in rows)
            count = self._conn.execute(
                "SELECT count(*) FROM memories WHERE user_id = ?", (user_id,)
            ).fetchone()[0]
            if index.size != count:  # memories were deleted since: rebuild from scratch
                index = UserVectorIndex(index.dim, self.ann_threshold)
                index.upsert(_index_row(r) for r in self._conn.execute(select, (user_id, -1)))
            index.version = version
            self._indexes[user_id] = index
            self._index_born[user_id] = born
            return index

    def vector_search(
        self, user_id: str, query: np.ndarray, n: int, filt: MemoryFilter
    ) -> list[tuple[str, float]]:
        index = self._index(user_id)
        mask = index.mask(
            None if filt.kinds is None else frozenset(k.value for k in filt.kinds),
            filt.session,
            None if filt.since is None else filt.since.timestamp(),
            None if filt.until is None else filt.until.timestamp(),
            filt.include_history,
        )
        return index.search(np.asarray(query, dtype=np.float32), n, mask)

    def lexical_search(
        self, user_id: str, query: str, n: int, filt: MemoryFilter
    ) -> list[tuple[str, float]]:
        query_words = words(query, limit=32)
        if not query_words:
            return []
        stems = {w: stem(w) for w in query_words}
        unique = sorted(set(stems.values()))  # "restaurant" and "restaurants" share a stem
        marks = ",".join("?" * len(unique))
        with self._lock:
            row = self._conn.execute(
                "SELECT n_docs, n_terms FROM users WHERE id = ?", (user_id,)
            ).fetchone()
            if row is None:
                return []
            n_docs, n_terms = row
            df = dict(
                self._conn.execute(
                    f"SELECT term, df FROM term_stats WHERE user_id = ? AND term IN ({marks})",
                    (user_id, *unique),
                ).fetchall()
            )
            # Words in most of this user's memories (a speaker's name, say) rank nothing and
            # would make FTS5 score thousands of matches: leave them out of the match.
            useful = [
                w
                for w in query_words
                if n_docs < MIN_DOCS_FOR_MAX_DF or df.get(stems[w], 0) <= MAX_DF * n_docs
            ]
            if not useful:
                return []
            quoted = " OR ".join(sorted({'"' + stems[w].replace('"', '""') + '"' for w in useful}))
            match = f'owner_token : "{_owner_token(user_id)}" AND ({quoted})'
            where, params = _filter_sql(user_id, filt, alias="m")
            # FTS5 proposes candidates; they are scored below with this user's statistics only.
            rows = self._conn.execute(
                "SELECT m.id, m.terms FROM memories_fts "
                "JOIN memories m ON m.seq = memories_fts.rowid "
                f"WHERE memories_fts MATCH ? AND {where} ORDER BY rank LIMIT ?",
                (match, *params, max(4 * n, 200)),
            ).fetchall()
        terms = sorted({stems[w] for w in useful})
        avg_len = n_terms / max(n_docs, 1)
        scored = []
        for found in rows:
            doc = json.loads(found["terms"])
            score = bm25(terms, doc, sum(doc.values()), df, n_docs, avg_len)
            if score > 0:
                scored.append((found["id"], score))
        scored.sort(key=lambda item: -item[1])
        return scored[:n]

    def embeddings(self, user_id: str, ids: Sequence[str]) -> dict[str, np.ndarray]:
        return self._index(user_id).vectors(ids)
