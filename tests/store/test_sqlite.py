"""The SQLite store: schema, transactions, isolation and the cached vector index."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from personify import MemoryKind, Personify
from personify.errors import EmbedderMismatchError, PersonifyError, UnknownMemoryError
from personify.observe.ingest import Turn, turn_records
from personify.store import MemoryFilter
from personify.store.migrations import MIGRATIONS
from personify.store.sqlite import SQLiteStore


def unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


def test_fresh_file_is_migrated_and_in_wal_mode(db_path: Path) -> None:
    store = SQLiteStore(db_path)
    assert store.schema_version == len(MIGRATIONS)
    store.close()
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"users", "events", "memories", "memories_fts", "meta"} <= tables


def test_refuses_a_database_from_a_newer_personify(db_path: Path) -> None:
    SQLiteStore(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.close()
    with pytest.raises(PersonifyError, match="newer than this personify"):
        SQLiteStore(db_path)


def test_embedder_is_recorded_and_a_different_one_refused(db_path: Path) -> None:
    store = SQLiteStore(db_path)
    store.check_embedder("model-a", 8)
    store.check_embedder("model-a", 8)
    with pytest.raises(EmbedderMismatchError, match="model-a"):
        store.check_embedder("model-b", 8)


def test_a_failed_write_leaves_nothing_behind(db_path: Path) -> None:
    store = SQLiteStore(db_path)
    event, memory = turn_records("alice", Turn(text="first"))
    store.write([event], [(memory, unit(np.ones(8)))])
    dup_event, dup_memory = turn_records("alice", Turn(text="second"))
    dup_memory = dup_memory.model_copy(update={"id": memory.id})  # violates UNIQUE(id)
    with pytest.raises(sqlite3.IntegrityError):
        store.write([dup_event], [(dup_memory, unit(np.ones(8)))])
    assert [e.text for e in store.list_events("alice")] == ["first"]
    assert [m.text for m in store.list_memories("alice")] == ["first"]


def test_an_acknowledged_write_survives_a_crash(db_path: Path) -> None:
    """A process that observes and then dies without closing loses nothing it was told is stored."""
    code = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {str(Path(__file__).parents[1])!r})
        from conftest import FakeEmbedder
        from personify import Personify
        p = Personify({str(db_path)!r}, embedder=FakeEmbedder())
        p.user("alice").observe("I keep bees on the roof")
        p.user("alice").observe_many([{{"text": f"turn {{i}}"}} for i in range(50)])
        os._exit(0)
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    store = SQLiteStore(db_path)
    turns = [m.text for m in store.list_memories("alice", MemoryFilter.of(kinds=["episodic"]))]
    assert turns[0] == "I keep bees on the roof"
    assert len(turns) == 51


def test_store_queries_never_cross_users(fake_engine: Personify) -> None:
    fake_engine.user("alice").observe("alice secret: the vault code is 4711")
    fake_engine.user("bob").observe("bob likes the vault in the museum")
    store = fake_engine.store
    alice_mem = store.list_memories("alice")[0]
    assert store.get_memories("bob", [alice_mem.id]) == []
    assert store.get_events("bob", alice_mem.evidence) == []
    assert store.embeddings("bob", [alice_mem.id]) == {}
    terms = "vault code 4711"
    assert {m for m, _ in store.lexical_search("bob", terms, 10, MemoryFilter())} == {
        store.list_memories("bob")[0].id
    }
    query = fake_engine.embedder.embed(["alice secret vault code 4711"])[0]
    hits = store.vector_search("bob", query, 10, MemoryFilter())
    assert [m for m, _ in hits] == [store.list_memories("bob")[0].id]
    with pytest.raises(UnknownMemoryError):
        fake_engine.user("bob").forget(alice_mem.id)
    assert store.list_memories("alice")[0].id == alice_mem.id


def test_vector_index_follows_writes_from_another_process(db_path: Path, fake_embedder) -> None:
    first = Personify(db_path, embedder=fake_embedder)
    first.user("alice").observe("I grow tomatoes in the garden")
    assert len(first.user("alice").recall("tomatoes", k=5)) == 1  # index now cached
    second = Personify(db_path, embedder=fake_embedder)
    second.user("alice").observe("tomatoes and basil for the sauce")
    (turn,) = [m for m in first.user("alice").memories(kinds=["episodic"]) if "garden" in m.text]
    second.user("alice").forget(turn.id)  # and with it what was learned from it
    hits = first.user("alice").recall("tomatoes", k=5)
    assert [h.memory.text for h in hits] == ["tomatoes and basil for the sauce"]


@pytest.mark.parametrize("ann_threshold", [1_000_000, 50])
def test_vector_search_matches_brute_force(db_path: Path, ann_threshold: int) -> None:
    """Exact below the threshold; the HNSW path must find the same top hits on 400 vectors."""
    rng = np.random.default_rng(7)
    store = SQLiteStore(db_path, ann_threshold=ann_threshold)
    vectors = rng.normal(size=(400, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    pairs, ids = [], []
    for i, vector in enumerate(vectors):
        _, memory = turn_records("u", Turn(text=f"memory number {i}"))
        pairs.append((memory, vector))
        ids.append(memory.id)
    events = [turn_records("u", Turn(text="x"))[0]]
    store.write(events, pairs)
    overlaps = []
    for q in rng.normal(size=(20, 32)).astype(np.float32):
        q /= np.linalg.norm(q)
        expected = [ids[i] for i in np.argsort(-(vectors @ q))[:10]]
        got = [m for m, _ in store.vector_search("u", q, 10, MemoryFilter())]
        if ann_threshold > 400:
            assert got == expected
        overlaps.append(len(set(got) & set(expected)) / 10)
    # HNSW is approximate (and built on several threads, so not bit-reproducible): judge its
    # recall over the query set, as ANN benchmarks do, not query by query.
    # Over 300 seeds: mean 0.994, worst mean 0.965, worst single query 0.8.
    assert np.mean(overlaps) >= 0.93
    assert min(overlaps) >= 0.6


def test_filters_apply_to_both_indexes(fake_engine: Personify) -> None:
    user = fake_engine.user("alice")
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    user.observe("pizza on monday", session="s1", ts=t0)
    user.observe("pizza on friday", session="s2", ts=t0 + timedelta(days=4))
    user.observe(
        "pizza again, the assistant said", role="assistant", session="s2", ts=t0 + timedelta(days=5)
    )
    store = fake_engine.store
    q = fake_engine.embedder.embed(["pizza"])[0]
    # turns only: what the learner distils from them (a recurring topic) is not under test
    by_session = MemoryFilter.of(kinds=["episodic"], session="s2")
    since = MemoryFilter.of(
        kinds=["episodic"], since=t0 + timedelta(days=1), until=t0 + timedelta(days=4, hours=1)
    )
    for filt, expected in [
        (by_session, {"pizza on friday", "pizza again, the assistant said"}),
        (since, {"pizza on friday"}),
        (MemoryFilter.of(kinds=["fact"]), set()),
    ]:
        dense = {
            m.text
            for m in store.get_memories(
                "alice", [i for i, _ in store.vector_search("alice", q, 10, filt)]
            )
        }
        lexical = {
            m.text
            for m in store.get_memories(
                "alice", [i for i, _ in store.lexical_search("alice", "pizza", 10, filt)]
            )
        }
        assert dense == expected
        assert lexical == expected


def test_delete_user_removes_everything(fake_engine: Personify, db_path: Path) -> None:
    fake_engine.user("alice").observe("remember me")
    fake_engine.user("bob").observe("and me")
    assert fake_engine.delete_user("alice") is True
    assert fake_engine.delete_user("alice") is False
    conn = sqlite3.connect(db_path)
    for table in ("events", "memories"):
        assert (
            conn.execute(f"SELECT count(*) FROM {table} WHERE user_id='alice'").fetchone()[0] == 0
        )
    fts = conn.execute("SELECT count(*) FROM memories_fts WHERE memories_fts MATCH 'remember'")
    assert fts.fetchone()[0] == 0
    assert [u.user_id for u in fake_engine.users()] == ["bob"]


def test_kinds_filter_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown memory kind 'prefs'"):
        MemoryFilter.of(kinds=["prefs"])
    assert MemoryFilter.of(kinds=["fact", MemoryKind.GOAL]).kinds == {
        MemoryKind.FACT,
        MemoryKind.GOAL,
    }


def test_bm25_scores_use_only_the_users_own_statistics(db_path: Path, fake_embedder) -> None:
    """Another user's text must not move this user's lexical scores (no IDF leak)."""
    alone = Personify(db_path.with_name("alone.db"), embedder=fake_embedder)
    shared = Personify(db_path, embedder=fake_embedder)
    bob_turns = [{"text": t} for t in ("hiking boots for winter", "winter tyres", "boots sale")]
    alone.user("bob").observe_many(bob_turns)
    shared.user("alice").observe_many([{"text": f"winter note {i}"} for i in range(30)])
    shared.user("bob").observe_many(bob_turns)
    for query in ("winter boots", "hiking", "tyres sale"):
        a = alone.store.lexical_search("bob", query, 10, MemoryFilter())
        s = shared.store.lexical_search("bob", query, 10, MemoryFilter())
        assert [round(x, 9) for _, x in a] == [round(x, 9) for _, x in s]
        assert len(a) > 0


def test_term_statistics_follow_forget_and_delete(fake_engine: Personify, db_path: Path) -> None:
    user = fake_engine.user("alice")
    user.observe_many([{"text": "red apples"}, {"text": "green apples"}])
    conn = sqlite3.connect(db_path)

    def stats() -> tuple:
        return (
            conn.execute("SELECT n_docs, n_terms FROM users WHERE id='alice'").fetchone(),
            dict(conn.execute("SELECT term, df FROM term_stats WHERE user_id='alice'")),
        )

    assert stats() == ((2, 4), {"red": 1, "green": 1, "appl": 2})
    user.forget(user.memories()[0].id)
    assert stats() == ((1, 2), {"green": 1, "appl": 1})
    fake_engine.delete_user("alice")
    assert conn.execute("SELECT count(*) FROM term_stats").fetchone()[0] == 0


def test_query_words_sharing_a_stem(fake_engine: Personify) -> None:
    fake_engine.user("alice").observe("The best restaurant in town")
    found = fake_engine.store.lexical_search(
        "alice", "restaurants restaurant dining", 5, MemoryFilter()
    )
    assert len(found) == 1


def test_vector_cache_is_bounded_by_bytes_and_least_recently_used_goes(tmp_path: Path) -> None:
    """A server that sees many users keeps the indexes in use within its byte budget."""
    import numpy as np

    from personify.models import Event, Memory, MemoryKind
    from personify.store import MemoryFilter

    rng = np.random.default_rng(0)
    store = SQLiteStore(tmp_path / "cache.db", cache_bytes=60_000)
    one_user = 0
    for u in range(6):
        user = f"u{u}"
        events = [Event(user_id=user, text=f"turn {i}") for i in range(20)]
        memories = []
        for e in events:
            v = rng.normal(size=384).astype(np.float32)
            memories.append(
                (Memory(user_id=user, kind=MemoryKind.EPISODIC, text=e.text, evidence=[e.id]),
                 v / np.linalg.norm(v))
            )  # fmt: skip
        store.write(events, memories)
        target = memories[7][1]
        hits = store.vector_search(user, target, 1, MemoryFilter())
        assert hits[0][0] == memories[7][0].id  # exact, whatever was evicted before
        one_user = max(one_user, store._indexes[user].nbytes)
        assert store.cached_bytes <= max(60_000, one_user)
    assert 1 <= len(store._indexes) < 6 and list(store._indexes)[-1] == "u5"
    store.vector_search("u0", target, 1, MemoryFilter())  # evicted long ago: rebuilt on demand
    assert list(store._indexes)[-1] == "u0"
