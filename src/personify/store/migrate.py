"""Copy a SQLite store into PostgreSQL (``personify migrate``), then check that nothing was lost.

The source is read through :class:`SQLiteStore`'s own methods (``vector_history`` included), and
through ``sqlite3`` only for what they do not hand out: embeddings in bulk (``embeddings()`` would
build a search index) and the embedder record. The target is written through
:class:`PostgresStore` (``write``, ``put_vectors``), so it computes its own BM25 statistics,
lexemes and user versions exactly as for live writes. Only what the store stamps with "now" is
set back afterwards: a user's ``created_at`` and each vector version's number and ``updated_at``.

The target must hold no users: copying into a store in use would mix two histories, and
refusing is what makes a run safe to retry — an interrupted run leaves some users behind, and
the next run names them instead of writing twice. Stop writers to the source while it runs.
Verification counts rows per user and table on both sides (events, memories with their history,
style, vector versions, BM25 term statistics) and compares each user's BM25 totals.

API keys live in their own SQLite file beside the store (``Settings.keys_database``), and stay
there under PostgreSQL too; :func:`copy_keys` copies that file when the target's differs.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel

from personify.errors import InvalidInputError, PersonifyError
from personify.models import StyleParam, UserVectors
from personify.store import MemoryFilter
from personify.store.sqlite import SQLiteStore

MigrateProgress = Callable[[int, int], None]
"""Called with (rows copied so far, rows in all) as events and memories are written."""

BATCH = 1000
"""Events and memories per target transaction: large enough to pipeline, small enough to hold."""

# what is counted per user on both sides; users' BM25 totals are compared as well
COUNTED = ("events", "memories", "style", "user_vectors", "term_stats")


class MigrationReport(BaseModel):
    users: int
    events: int
    memories: int
    style: int
    vectors: int
    checks: int
    """(user, table) pairs compared after the copy."""
    mismatches: list[str]

    @property
    def ok(self) -> bool:
        return not self.mismatches


def _open_source(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise InvalidInputError(f"source: no SQLite store at {path}")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


@contextmanager
def _target(dsn: str) -> Iterator[Any]:
    if not dsn.startswith(("postgresql://", "postgres://")) and "=" not in dsn:
        raise InvalidInputError(
            f"target: {dsn!r} is not a PostgreSQL URL (postgresql://user@host:port/database)"
        )
    try:
        import psycopg

        from personify.store.postgres import PostgresStore
    except ImportError as exc:
        raise PersonifyError(
            f"PostgreSQL support is not installed ({exc}): pip install 'personify[postgres]'"
        ) from None
    try:
        store = PostgresStore(dsn)
    except psycopg.Error as exc:
        raise PersonifyError(f"target: cannot open the PostgreSQL store: {exc}") from None
    try:
        yield store
    finally:
        store.close()


def _counts(conn: Any) -> dict[tuple[str, str], int]:
    """Rows per (user, table), and each user's BM25 totals; the same SQL on either side."""
    out: dict[tuple[str, str], int] = {}
    for table in COUNTED:
        for user_id, n in conn.execute(f"SELECT user_id, count(*) FROM {table} GROUP BY user_id"):
            out[(user_id, table)] = n
    for user_id, docs, terms in conn.execute("SELECT id, n_docs, n_terms FROM users"):
        out[(user_id, "users.n_docs")], out[(user_id, "users.n_terms")] = docs, terms
    return out


def verify(source: str | Path, target_dsn: str) -> tuple[int, list[str]]:
    """Compare row counts per user and table; returns (checks made, mismatches in words)."""
    import psycopg

    with closing(_open_source(Path(source))) as conn:
        want = _counts(conn)
    with psycopg.connect(target_dsn, autocommit=True) as pg:
        got = _counts(pg)
    mismatches = [
        f"user {user_id!r}: {table} {want.get((user_id, table), 0)} in SQLite, "
        f"{got.get((user_id, table), 0)} in PostgreSQL"
        for user_id, table in sorted(set(want) | set(got))
        if want.get((user_id, table), 0) != got.get((user_id, table), 0)
    ]
    return len(set(want) | set(got)), mismatches


def _pages(fetch: Callable[[int, int], Sequence[Any]], size: int) -> Iterator[Sequence[Any]]:
    offset = 0
    while page := fetch(size, offset):
        yield page
        offset += len(page)


def _embeddings(conn: sqlite3.Connection, user_id: str, ids: list[str]) -> dict[str, np.ndarray]:
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        f"SELECT id, embedding FROM memories WHERE user_id = ? AND id IN ({marks})",
        (user_id, *ids),
    )
    return {r["id"]: np.frombuffer(r["embedding"], dtype=np.float32) for r in rows}


def migrate(
    source: str | Path,
    target_dsn: str,
    progress: MigrateProgress | None = None,
    batch: int = BATCH,
) -> MigrationReport:
    """Copy every user of the SQLite store at ``source`` into the empty PostgreSQL store at
    ``target_dsn``, then verify the counts. Raises before writing anything if the target is
    not empty, was built with another embedder, or cannot be reached."""
    source = Path(source)
    with closing(_open_source(source)) as raw, _target(target_dsn) as target:
        present = target.list_users()
        if present:
            names = ", ".join(repr(s.user_id) for s in present[:5])
            more = f" and {len(present) - 5} more" if len(present) > 5 else ""
            raise PersonifyError(
                f"the PostgreSQL target already holds {len(present)} user(s) ({names}{more}); "
                "migrate copies into an empty store only, and wrote nothing. Point --to at a "
                "fresh database or schema (options=-csearch_path=...), or delete those users "
                "there first (e.g. what an interrupted run left)."
            )
        row = raw.execute("SELECT value FROM meta WHERE key = 'embedder'").fetchone()
        if row is not None:
            embedder = json.loads(row["value"])
            target.check_embedder(embedder["name"], int(embedder["dim"]))
        import psycopg

        src = SQLiteStore(source)
        stamps = psycopg.connect(target.dsn, autocommit=True)
        try:
            summaries = src.list_users()
            total = sum(s.events + s.memories for s in summaries)
            done = styles = versions = 0
            if progress is not None:
                progress(0, total)
            for summary in summaries:
                uid = summary.user_id
                style: list[tuple[str, StyleParam]] = [(uid, p) for p in src.get_style(uid)]
                styles += len(style)
                events = _pages(lambda n, o, u=uid: src.list_events(u, limit=n, offset=o), batch)
                memories = _pages(
                    lambda n, o, u=uid: src.list_memories(
                        u, MemoryFilter(include_history=True), limit=n, offset=o
                    ),
                    batch,
                )
                first = True
                while True:
                    page_events = next(events, [])
                    page_memories = next(memories, [])
                    if not first and not page_events and not page_memories:
                        break
                    vectors = _embeddings(raw, uid, [m.id for m in page_memories])
                    target.write(
                        page_events,
                        [(m, vectors[m.id]) for m in page_memories],
                        style=style if first else (),
                        # creates the user's row even when it has nothing else to copy; in an
                        # empty target there is nothing derived to replace
                        replace_derived=[uid] if first else (),
                    )
                    first = False
                    done += len(page_events) + len(page_memories)
                    if progress is not None:
                        progress(done, total)
                history = src.vector_history(uid)
                for v in history:
                    target.put_vectors(uid, v, keep=len(history) + 1)
                versions += len(history)
                _restore_stamps(stamps, uid, summary.created_at, history)
        finally:
            stamps.close()
            src.close()
    checks, mismatches = verify(source, target_dsn)
    return MigrationReport(
        users=len(summaries),
        events=sum(s.events for s in summaries),
        memories=sum(s.memories for s in summaries),
        style=styles,
        vectors=versions,
        checks=checks,
        mismatches=mismatches,
    )


def _restore_stamps(conn: Any, user_id: str, created_at: Any, history: list[UserVectors]) -> None:
    """Give back what the store stamped with "now": the user's creation time, and each vector
    version its number and time (renumbered from the top down, so no two ever collide)."""
    with conn.transaction():
        conn.execute("UPDATE users SET created_at = %s WHERE id = %s", (created_at, user_id))
        for replayed, v in reversed(list(enumerate(history, start=1))):
            conn.execute(
                "UPDATE user_vectors SET version = %s, updated_at = %s "
                "WHERE user_id = %s AND version = %s",
                (v.version, v.updated_at, user_id, replayed),
            )


def _rows_per_table(conn: sqlite3.Connection) -> dict[str, int]:
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def copy_keys(source: Path, target: Path, dry_run: bool = False) -> int | None:
    """Copy the API keys file ``source`` to ``target``; returns the keys copied (None: no file,
    or the same file). Refuses a target that already holds keys rather than merge two sets;
    ``dry_run`` makes only that check, so a caller can refuse before changing anything."""
    if not source.is_file() or (target.exists() and target.resolve() == source.resolve()):
        return None
    if target.exists():
        with closing(_open_source(target)) as existing:
            if any(_rows_per_table(existing).values()):
                raise PersonifyError(
                    f"keys: {target} already holds keys; not merging {source} into it "
                    "(pass another --keys-to, or move that file away)"
                )
    if dry_run:
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(_open_source(source)) as src, closing(sqlite3.connect(target)) as dst:
        want = _rows_per_table(src)
        src.backup(dst)
    with closing(_open_source(target)) as copied:
        got = _rows_per_table(copied)
    if got != want:
        raise PersonifyError(f"keys: {target} holds {got} rows after the copy, not {want}")
    return want.get("api_keys", 0)
