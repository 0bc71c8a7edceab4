"""One contract, every backend: each test runs on SQLite and on PostgreSQL (see conftest.py).

Backend-specific machinery (WAL, FTS5, pgvector) is tested beside its backend; here only what
the ``Store`` protocol promises, directly and through the engine.
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest

from personify import MemoryKind, Personify
from personify.adapt.vectors import UserVectors
from personify.demo import demo_turns
from personify.errors import (
    ConflictError,
    EmbedderMismatchError,
    PersonifyError,
    UnknownMemoryError,
)
from personify.models import Event, EventKind, Memory, Origin, StyleParam
from personify.observe.ingest import Turn, turn_records
from personify.store import MemoryFilter, Store
from personify.store.sqlite import SQLiteStore

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
ALL = MemoryFilter(include_history=True)


def unit(v: Any) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    return (v / np.linalg.norm(v)).astype(np.float32)


def integrity_errors() -> tuple[type[Exception], ...]:
    """What a constraint violation raises: the driver's own error, as SQLite's store does."""
    errors: list[type[Exception]] = [sqlite3.IntegrityError]
    try:
        import psycopg
    except ImportError:
        return tuple(errors)
    return (*errors, psycopg.IntegrityError)


def turn(store: Store, user: str, text: str, vector: Any = None, **fields: Any) -> Memory:
    """Write one turn (event + episodic memory) and return the memory."""
    event, memory = turn_records(user, Turn(text=text, **fields))
    store.write([event], [(memory, unit(vector if vector is not None else np.ones(8)))])
    return memory


def test_round_trip_of_every_field(store: Store) -> None:
    event = Event(
        user_id="alice",
        kind=EventKind.FEEDBACK,
        role="user",
        session="s1",
        text="ünïcode ✓ and 'quotes' \"too\"",
        ts=datetime(2026, 1, 2, 3, 4, 5, 678901),  # naive: taken as UTC
        metadata={"nested": {"a": [1, 2.5, None, True]}, "emoji": "🐝", "big": 2**53},
    )
    memory = Memory(
        user_id="alice",
        kind=MemoryKind.PREFERENCE,
        text="Prefers trains to flying",
        confidence=0.625,
        origin=Origin.IMPLICIT,
        created_at=T0,
        valid_from=T0 - timedelta(days=1),
        valid_to=T0 + timedelta(days=2, microseconds=7),
        superseded_by="mem_next",
        session="s1",
        role="user",
        evidence=[event.id, "evt_other"],
        metadata={"extractor": "rules", "score": 0.1 + 0.2},
        polarity=-0.75,
        object="flying",
        slot="travel_mode",
        confirmed_at=T0 + timedelta(hours=5),
    )
    vector = unit(np.arange(1, 9))
    assert store.user_version("alice") == -1
    store.write([event], [(memory, vector)])
    assert store.user_exists("alice") and store.user_version("alice") == 1
    assert store.get_events("alice", [event.id]) == [event]
    assert store.list_events("alice") == [event]
    assert store.list_events("alice", kinds=["turn"]) == []
    assert store.recent_events("alice", 5) == [event]
    assert store.get_memories("alice", [memory.id]) == [memory]
    assert store.texts("alice", [memory.id, "mem_unknown"]) == {memory.id: memory.text}
    assert store.list_memories("alice", ALL) == [memory]
    assert store.list_memories("alice") == []  # superseded: history only
    got = store.embeddings("alice", [memory.id, "mem_missing"])
    assert list(got) == [memory.id] and got[memory.id].dtype == np.float32
    assert np.array_equal(got[memory.id], vector)
    [summary] = store.list_users()
    assert (summary.user_id, summary.events, summary.memories) == ("alice", 1, 1)
    assert summary.last_event_at == event.ts


def test_updates_change_only_mutable_fields_and_bump_the_version(store: Store) -> None:
    memory = turn(store, "alice", "I live in Berlin")
    changed = memory.model_copy(
        update={
            "confidence": 0.5,
            "valid_to": T0,
            "superseded_by": "mem_x",
            "evidence": ["e1", "e2"],
            "metadata": {"k": "v"},
            "confirmed_at": T0,
            "text": "ignored: text is immutable",
        }
    )
    store.write([], [], [changed])
    assert store.get_memories("alice", [memory.id]) == [
        changed.model_copy(update={"text": memory.text})
    ]
    assert store.user_version("alice") == 2


def test_listing_order_limit_and_offset(store: Store) -> None:
    ids = [turn(store, "alice", f"note {i}").id for i in range(7)]
    assert [m.id for m in store.list_memories("alice")] == ids
    assert [m.id for m in store.list_memories("alice", limit=3, offset=2)] == ids[2:5]
    events = store.list_events("alice")
    assert [e.text for e in store.list_events("alice", limit=2, offset=5)] == ["note 5", "note 6"]
    assert store.recent_events("alice", 3) == events[-3:]


def test_no_query_crosses_users(store_engine: Personify) -> None:
    engine = store_engine
    engine.user("alice").observe("alice secret: the vault code is 4711")
    engine.user("bob").observe("bob likes the vault in the museum")
    store = engine.store
    alice_mem = store.list_memories("alice")[0]
    bob_mem = store.list_memories("bob")[0]
    assert store.get_memories("bob", [alice_mem.id]) == []
    assert store.texts("bob", [alice_mem.id]) == {}
    assert store.get_events("bob", alice_mem.evidence) == []
    assert store.embeddings("bob", [alice_mem.id]) == {}
    lexical = store.lexical_search("bob", "vault code 4711", 10, ALL)
    assert [m for m, _ in lexical] == [bob_mem.id]
    query = engine.embedder.embed(["alice secret vault code 4711"])[0]
    assert [m for m, _ in store.vector_search("bob", query, 10, ALL)] == [bob_mem.id]
    hits = engine.user("bob").recall("alice secret vault code 4711", k=10)
    assert {h.memory.user_id for h in hits} == {"bob"}
    with pytest.raises(UnknownMemoryError):
        engine.user("bob").forget(alice_mem.id)
    assert store.list_memories("alice") == [alice_mem]


def test_filters_apply_to_listing_and_both_searches(store_engine: Personify) -> None:
    user = store_engine.user("alice")
    user.observe("pizza on monday", session="s1", ts=T0)
    user.observe("pizza on friday", session="s2", ts=T0 + timedelta(days=4))
    user.observe(
        "pizza again, the assistant said", role="assistant", session="s2", ts=T0 + timedelta(days=5)
    )
    store = store_engine.store
    old = store.list_memories("alice", MemoryFilter.of(session="s1"))[0]
    store.write([], [], [old.model_copy(update={"valid_to": T0 + timedelta(days=1)})])
    q = store_engine.embedder.embed(["pizza"])[0]
    cases = [
        (MemoryFilter(), {"pizza on friday", "pizza again, the assistant said"}),
        (ALL, {"pizza on monday", "pizza on friday", "pizza again, the assistant said"}),
        (MemoryFilter.of(session="s1"), set()),
        (MemoryFilter.of(session="s1", include_history=True), {"pizza on monday"}),
        (
            MemoryFilter.of(since=T0 + timedelta(days=1), until=T0 + timedelta(days=4)),
            {"pizza on friday"},  # bounds are inclusive
        ),
        (MemoryFilter.of(until=T0, include_history=True), {"pizza on monday"}),
        (MemoryFilter.of(kinds=["fact"]), set()),
        (
            MemoryFilter.of(kinds=["episodic", "fact"], session="s2"),
            {"pizza on friday", "pizza again, the assistant said"},
        ),
    ]
    for filt, expected in cases:
        listed = {m.text for m in store.list_memories("alice", filt) if m.kind == "episodic"}
        dense = store.get_memories(
            "alice", [i for i, _ in store.vector_search("alice", q, 10, filt)]
        )
        lexical = store.get_memories(
            "alice", [i for i, _ in store.lexical_search("alice", "pizza", 10, filt)]
        )
        assert listed == expected, filt
        assert {m.text for m in dense if m.kind == "episodic"} == expected, filt
        assert {m.text for m in lexical if m.kind == "episodic"} == expected, filt


def test_a_failed_write_leaves_nothing_behind(store: Store) -> None:
    memory = turn(store, "alice", "first")
    before = (store.user_version("alice"), store.lexical_search("alice", "first", 5, ALL))
    dup_event, dup_memory = turn_records("alice", Turn(text="first second"))
    dup_memory = dup_memory.model_copy(update={"id": memory.id})  # violates UNIQUE(id)
    style = [("alice", StyleParam(name="tone", value="warm"))]
    with pytest.raises(integrity_errors()):
        store.write([dup_event], [(dup_memory, unit(np.ones(8)))], style=style)
    assert [e.text for e in store.list_events("alice")] == ["first"]
    assert [m.text for m in store.list_memories("alice")] == ["first"]
    assert store.get_style("alice") == []
    assert (store.user_version("alice"), store.lexical_search("alice", "first", 5, ALL)) == before
    turn(store, "alice", "still writable")
    assert len(store.list_memories("alice")) == 2


def test_expect_versions_makes_a_write_optimistic(store: Store, reopen) -> None:
    other = reopen(store)  # a second connection: another process racing this one
    event, memory = turn_records("alice", Turn(text="hello"))
    store.write([event], [(memory, unit(np.ones(8)))], expect_versions={"alice": -1})
    version = store.user_version("alice")
    turn(other, "alice", "a concurrent write")
    late_event, late_memory = turn_records("alice", Turn(text="late"))
    with pytest.raises(ConflictError):
        store.write(
            [late_event], [(late_memory, unit(np.ones(8)))], expect_versions={"alice": version}
        )
    with pytest.raises(ConflictError):
        store.write(
            [], [], expect_versions={"bob": 3}, style=[("bob", StyleParam(name="tone", value=""))]
        )
    assert [e.text for e in store.list_events("alice")] == ["hello", "a concurrent write"]
    assert not store.user_exists("bob")
    store.write(
        [late_event], [(late_memory, unit(np.ones(8)))], expect_versions={"alice": version + 1}
    )
    assert store.user_version("alice") == version + 2


def test_forget_redacts_the_turn_and_updates_term_statistics(store: Store, make_store) -> None:
    red = turn(store, "alice", "red apples")
    turn(store, "alice", "green apples")
    version = store.user_version("alice")
    event = Event(
        user_id="alice", kind=EventKind.FORGET, role="system", metadata={"memory_id": red.id}
    )
    assert store.forget("alice", red.id, event) == red
    assert store.user_version("alice") == version + 1
    [redacted] = store.get_events("alice", red.evidence)
    assert redacted.redacted and redacted.text is None
    assert store.list_events("alice")[-1] == event
    assert store.get_memories("alice", [red.id]) == []
    assert store.lexical_search("alice", "red", 5, ALL) == []
    fresh = make_store()  # statistics must be as if "red apples" had never been stored
    turn(fresh, "alice", "green apples")
    for query in ("apples", "green apples"):
        assert store.lexical_search("alice", query, 5, ALL) == [
            (store.list_memories("alice")[0].id, fresh.lexical_search("alice", query, 5, ALL)[0][1])
        ]
    with pytest.raises(UnknownMemoryError):
        store.forget("alice", red.id, event)


def test_bm25_scores_use_only_the_users_own_statistics(make_store, fake_embedder) -> None:
    alone = Personify(store=make_store(), embedder=fake_embedder)
    shared = Personify(store=make_store(), embedder=fake_embedder)
    bob_turns = [{"text": t} for t in ("hiking boots for winter", "winter tyres", "boots sale")]
    alone.user("bob").observe_many(bob_turns)
    shared.user("alice").observe_many([{"text": f"winter note {i} boots"} for i in range(30)])
    shared.user("bob").observe_many(bob_turns)
    for query in ("winter boots", "hiking", "tyres sale"):
        a = alone.store.lexical_search("bob", query, 10, MemoryFilter())
        s = shared.store.lexical_search("bob", query, 10, MemoryFilter())
        assert len(a) > 0
        assert [x for _, x in a] == [x for _, x in s]  # bit-identical, not merely close


@pytest.mark.parametrize("ann_threshold", [1_000_000, 50])
def test_vector_search_matches_numpy_brute_force(make_store, ann_threshold: int) -> None:
    """Exact below the threshold; the ANN path must find (nearly) the same top hits."""
    rng = np.random.default_rng(7)
    store = make_store(ann_threshold=ann_threshold)
    vectors = rng.normal(size=(400, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    pairs = [
        turn_records("u", Turn(text=f"memory {i}", session=f"s{i % 20}"))[1] for i in range(400)
    ]
    ids = [m.id for m in pairs]
    store.write([], list(zip(pairs, vectors, strict=True)))
    turn(store, "other", "noise", np.ones(32))
    overlaps = []
    for q in rng.normal(size=(20, 32)).astype(np.float32):
        q /= np.linalg.norm(q)
        sims = vectors @ q
        expected = [ids[i] for i in np.argsort(-sims)[:10]]
        got = store.vector_search("u", q, 10, MemoryFilter())
        if ann_threshold > 400:
            assert [m for m, _ in got] == expected
            assert [s for _, s in got] == pytest.approx(sorted(sims, reverse=True)[:10], abs=1e-6)
        overlaps.append(len({m for m, _ in got} & set(expected)) / 10)
        # a selective filter: 20 of 400 candidates; the answer must still be exact
        in_s3 = [i for i in range(400) if i % 20 == 3]
        want = [ids[i] for i in sorted(in_s3, key=lambda i: -sims[i])[:5]]
        assert [m for m, _ in store.vector_search("u", q, 5, MemoryFilter.of(session="s3"))] == want
    # An ANN graph is approximate and, built on several threads, not bit-reproducible: judge its
    # recall over the query set (see test_sqlite.py for the spread over 300 seeds).
    assert np.mean(overlaps) >= 0.93 and min(overlaps) >= 0.6


def test_style_upserts_and_vector_versions_roll_back_exactly(store: Store) -> None:
    params = [
        StyleParam(name="verbosity", value=-0.5, confidence=0.8, evidence=["e1"], detail={"n": 3}),
        StyleParam(name="tone", value="warm", confidence=0.25, updated_at=T0),
        StyleParam(name="vocabulary", value=["mise en place", "bain-marie"]),
    ]
    store.write([], [], style=[("alice", p) for p in params])
    assert store.get_style("alice") == sorted(params, key=lambda p: p.name)
    newer = params[1].model_copy(update={"value": "dry", "confidence": 0.5})
    store.write([], [], style=[("alice", newer)])
    assert [p for p in store.get_style("alice") if p.name == "tone"] == [newer]
    assert store.get_vectors("alice") is None
    rng = np.random.default_rng(1)
    kept = []
    for i in range(4):
        state = UserVectors(
            rng.normal(size=16).astype(np.float32),
            rng.normal(size=16).astype(np.float32),
            reward_baseline=0.1 * i,
            session=f"s{i}",
            reason=f"update {i}",
            contexts=rng.normal(size=(i, 2, 16)).astype(np.float32) if i else None,
        )
        kept.append(store.put_vectors("alice", state, keep=3))
        assert kept[-1].version == i + 1

    def same(a: UserVectors | None, b: UserVectors) -> bool:
        assert a is not None
        return (
            np.array_equal(a.z_long, b.z_long)
            and np.array_equal(a.z_short, b.z_short)
            and a.contexts is not None  # per-context rows of varying count come back whole
            and b.contexts is not None
            and np.array_equal(a.contexts, b.contexts)
            and (a.reward_baseline, a.session, a.version, a.reason, a.updated_at)
            == (b.reward_baseline, b.session, b.version, b.reason, b.updated_at)
        )

    assert same(store.get_vectors("alice"), kept[3])
    assert same(store.rollback_vectors("alice"), kept[2])
    assert same(store.get_vectors("alice"), kept[2])
    assert same(store.rollback_vectors("alice"), kept[1])
    assert store.rollback_vectors("alice") is None  # version 1 fell out of keep=3
    assert store.get_vectors("bob") is None


def test_delete_user_removes_everything(store: Store, make_store) -> None:
    memory = turn(store, "alice", "remember me")
    turn(store, "bob", "and me")
    store.write([], [], style=[("alice", StyleParam(name="tone", value="warm"))])
    store.put_vectors("alice", UserVectors.zeros(8))
    assert store.delete_user("alice") is True
    assert store.delete_user("alice") is False
    assert not store.user_exists("alice") and store.user_version("alice") == -1
    assert [u.user_id for u in store.list_users()] == ["bob"]
    assert store.list_events("alice") == [] and store.list_memories("alice", ALL) == []
    assert (
        store.get_memories("alice", [memory.id]) == []
        and store.embeddings("alice", [memory.id]) == {}
    )
    assert store.get_style("alice") == [] and store.get_vectors("alice") is None
    assert store.lexical_search("alice", "remember", 5, ALL) == []
    assert store.vector_search("alice", unit(np.ones(8)), 5, ALL) == []
    again = turn(store, "alice", "remember me again")  # statistics restart from zero
    fresh = make_store()
    turn(fresh, "alice", "remember me again")
    assert store.lexical_search("alice", "remember", 5, ALL) == [
        (again.id, fresh.lexical_search("alice", "remember", 5, ALL)[0][1])
    ]
    assert [m.text for m in store.list_memories("bob")] == ["and me"]


def test_replace_derived_drops_derived_memories_and_style_only(store: Store) -> None:
    episodic = turn(store, "alice", "I love sourdough bread")
    old = Memory(
        user_id="alice",
        kind=MemoryKind.PREFERENCE,
        text="likes sourdough bread",
        evidence=episodic.evidence,
    )
    store.write(
        [], [(old, unit(np.ones(8)))], style=[("alice", StyleParam(name="tone", value="warm"))]
    )
    turn(store, "bob", "bob bakes sourdough")
    bob_derived = Memory(user_id="bob", kind=MemoryKind.FACT, text="bob is a baker")
    store.write([], [(bob_derived, unit(np.ones(8)))])
    new = Memory(
        user_id="alice", kind=MemoryKind.PREFERENCE, text="loves bread", evidence=episodic.evidence
    )
    store.write(
        [],
        [(new, unit(np.ones(8)))],
        style=[("alice", StyleParam(name="emoji", value=0.5))],
        replace_derived=["alice"],
    )
    assert [m.text for m in store.list_memories("alice", ALL)] == [episodic.text, "loves bread"]
    assert [p.name for p in store.get_style("alice")] == ["emoji"]
    assert store.lexical_search("alice", "likes", 5, ALL) == []
    assert [m for m, _ in store.lexical_search("alice", "sourdough", 5, ALL)] == [episodic.id]
    assert [m.text for m in store.list_memories("bob")] == ["bob bakes sourdough", "bob is a baker"]


def test_embedder_is_recorded_and_a_different_one_refused(store: Store, reopen) -> None:
    store.check_embedder("model-a", 8)
    store.check_embedder("model-a", 8)
    turn(store, "alice", "hello")
    with pytest.raises(EmbedderMismatchError, match="model-a"):
        store.check_embedder("model-b", 8)
    with pytest.raises(EmbedderMismatchError, match="model-a"):
        reopen(store).check_embedder("model-a", 16)


def test_schema_is_migrated_once_and_a_newer_one_refused(store: Any, reopen) -> None:
    if isinstance(store, SQLiteStore):
        from personify.store.migrations import MIGRATIONS

        def set_version(v: int) -> None:
            with sqlite3.connect(store.path) as conn:
                conn.execute(f"PRAGMA user_version = {v}")
    else:
        import psycopg

        from personify.store.pg_migrations import MIGRATIONS

        def set_version(v: int) -> None:
            with psycopg.connect(store.dsn, autocommit=True) as conn:
                conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (v,))

    assert store.schema_version == len(MIGRATIONS)
    turn(store, "alice", "kept across opens")
    assert reopen(store).list_memories("alice")[0].text == "kept across opens"
    set_version(len(MIGRATIONS) + 1)
    with pytest.raises(PersonifyError, match="newer than this personify"):
        reopen(store)


def test_another_handle_sees_every_write(store: Store, reopen) -> None:
    """Caches (the SQLite vector index) must follow writes made through another connection."""
    other = reopen(store)
    first = turn(store, "alice", "tomatoes in the garden", np.arange(8))
    q = unit(np.arange(8))
    assert [m for m, _ in other.vector_search("alice", q, 5, ALL)] == [first.id]
    second = turn(other, "alice", "tomatoes and basil", np.arange(8) + 1)
    other.forget("alice", first.id, Event(user_id="alice", kind=EventKind.FORGET))
    assert [m for m, _ in store.vector_search("alice", q, 5, ALL)] == [second.id]
    assert list(store.embeddings("alice", [first.id, second.id])) == [second.id]


def test_concurrent_writers_on_one_store(store: Store) -> None:
    def work(user: str) -> None:
        for i in range(15):
            turn(store, user, f"{user} note {i}")

    threads = [threading.Thread(target=work, args=(f"user{i}",)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(u.memories for u in store.list_users()) == [15] * 6
    assert all(store.user_version(f"user{i}") == 15 for i in range(6))


def test_racing_handles_keep_versions_and_statistics_exact(
    store: Store, reopen, make_store
) -> None:
    """Optimistic writers and a forgetter on separate connections: no lost update, no deadlock."""
    old = [turn(store, "alice", f"old apples {i}") for i in range(10)]
    conflicts = []

    def writer(handle: Store, k: int) -> None:
        for i in range(8):
            while True:
                version = handle.user_version("alice")
                event, memory = turn_records("alice", Turn(text=f"writer {k} apples {i}"))
                try:
                    pair = (memory, unit(np.ones(8)))
                    handle.write([event], [pair], expect_versions={"alice": version})
                    break
                except ConflictError:
                    conflicts.append(k)

    def forgetter(handle: Store) -> None:
        for memory in old:
            handle.forget("alice", memory.id, Event(user_id="alice", kind=EventKind.FORGET))

    threads = [threading.Thread(target=writer, args=(reopen(store), k)) for k in range(4)]
    threads.append(threading.Thread(target=forgetter, args=(reopen(store),)))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    texts = sorted(m.text for m in store.list_memories("alice"))
    assert texts == sorted(f"writer {k} apples {i}" for k in range(4) for i in range(8))
    assert store.user_version("alice") == 10 + 32 + 10
    fresh = make_store()
    for text in texts:
        turn(fresh, "alice", text)
    for query in ("apples", "writer 2 apples 7", "old"):
        got = store.lexical_search("alice", query, 50, ALL)
        want = fresh.lexical_search("alice", query, 50, ALL)
        assert [x for _, x in got] == [x for _, x in want]


def _scenario(engine: Personify) -> dict[str, Any]:
    """Observe the demo conversation, then what a caller sees: profile, recall, rebuild."""
    user = engine.user("sam")
    user.observe_many(demo_turns())
    later = datetime(2026, 12, 1, tzinfo=UTC)
    user.observe_many(
        [
            {"text": "I live in Amsterdam.", "session": "later", "ts": later},
            {"text": "Actually I live in Munich now.", "session": "later", "ts": later},
        ]
    )

    def profile() -> dict[str, Any]:
        p = user.profile(now=datetime(2026, 12, 2, tzinfo=UTC))
        return {
            "items": sorted(
                (
                    i.memory.kind,
                    i.memory.text,
                    i.memory.slot,
                    i.memory.polarity,
                    round(i.confidence, 9),
                )
                for i in p.items()
            ),
            "history": sorted(m.text for m in p.history),
            "style": [(s.name, s.value, round(s.confidence, 9)) for s in p.style],
        }

    before = profile()
    now = datetime(2026, 12, 2, tzinfo=UTC)
    recalled = {  # ties are broken by random ids: order them by text for the comparison
        q: sorted(
            ((h.memory.text, round(h.score, 6)) for h in user.recall(q, k=50, now=now)),
            key=lambda hit: (-hit[1], hit[0]),
        )
        for q in ("what should I cook for dinner", "travel in December", "Munich")
    }
    user.rebuild()
    return {"profile": before, "recall": recalled, "rebuilt": profile()}


def test_engine_scenario_matches_the_sqlite_reference(
    store_engine: Personify, tmp_path, fake_embedder
) -> None:
    got = _scenario(store_engine)
    assert got["profile"]["items"] and got["profile"]["history"]
    assert got["rebuilt"] == got["profile"]
    reference = Personify(store=SQLiteStore(tmp_path / "reference.db"), embedder=fake_embedder)
    try:
        assert got == _scenario(reference)
    finally:
        reference.close()


def _rebuilt(engine: Personify) -> dict[str, Any]:
    """Every derived kind, a superseded fact, style and plans; what rebuild keeps of them."""
    user = engine.user("pat")
    user.observe_many(
        [
            {"text": text}
            for text in (
                "I am vegetarian.",
                "I live in Lisbon.",
                "My goal is to run a marathon this year.",
                "I prefer short answers.",
                "I love jazz.",
                "Actually I live in Porto now.",
            )
        ]
    )
    user.record_plan("Weekend in Porto", ["Book the train", "Find a quiet hotel"])
    user.record_plan("Weekend in Rome", ["Book a flight"], accepted=False)

    def state() -> dict[str, Any]:
        return {
            "memories": sorted(
                (m.kind.value, m.text, m.slot, m.polarity, m.confidence, m.valid_to is None)
                for m in user.memories(include_history=True)
            ),
            "style": [(p.name, p.value, round(p.confidence, 9)) for p in user.profile().style],
            "plans": [(p.task, p.steps) for p in user.similar_plans("weekend trip", k=5)],
        }

    before = state()
    user.rebuild()
    return {"before": before, "after": state()}


def test_rebuild_keeps_plans_and_rederives_every_kind_alike_on_each_backend(
    store_engine: Personify, tmp_path, fake_embedder
) -> None:
    """A PostgreSQL rebuild once deleted accepted plans with the derived memories."""
    got = _rebuilt(store_engine)
    kinds = {kind for kind, *_ in got["before"]["memories"]}
    assert kinds == {k.value for k in MemoryKind} - {"style"}, kinds
    assert any(not current for kind, *_, current in got["before"]["memories"] if kind == "fact")
    porto = ("Weekend in Porto", ["Book the train", "Find a quiet hotel"])
    assert got["before"]["plans"] == [porto]
    assert got["after"] == got["before"]
    reference = Personify(store=SQLiteStore(tmp_path / "reference.db"), embedder=fake_embedder)
    try:
        assert got == _rebuilt(reference)
    finally:
        reference.close()


def _vectors(reason: str, scale: float = 1.0) -> UserVectors:
    return UserVectors(unit(np.arange(1, 9)) * scale, unit(np.ones(8)), 0.25, "s1", reason=reason)


def test_write_stores_preference_vectors_in_its_transaction(store: Store) -> None:
    event, memory = turn_records("alice", Turn(text="hello"))
    store.write(
        [event],
        [(memory, unit(np.ones(8)))],
        vectors=[("alice", _vectors("first")), ("alice", _vectors("second", 0.5))],
    )
    got = store.get_vectors("alice")
    assert got is not None and (got.version, got.reason, got.session) == (2, "second", "s1")
    assert np.allclose(got.z_long, unit(np.arange(1, 9)) * 0.5)
    assert store.rollback_vectors("alice").reason == "first"  # type: ignore[union-attr]
    store.write([], [], vectors=[("bob", _vectors("new user"))])  # creates the user
    assert store.user_exists("bob") and store.get_vectors("bob").version == 1  # type: ignore


def test_a_write_that_fails_after_its_vectors_leaves_nothing(store: Store) -> None:
    memory = turn(store, "alice", "first")
    store.put_vectors("alice", _vectors("kept"))
    version = store.user_version("alice")
    dup_event, dup_memory = turn_records("alice", Turn(text="first second"))
    dup_memory = dup_memory.model_copy(update={"id": memory.id})  # violates UNIQUE(id)
    with pytest.raises(integrity_errors()):
        store.write(
            [dup_event], [(dup_memory, unit(np.ones(8)))], vectors=[("alice", _vectors("lost"))]
        )
    new_event, new_memory = turn_records("carol", Turn(text="hi"))
    with pytest.raises(integrity_errors()):  # a new user's row and vectors go with the rest
        store.write(
            [new_event],
            [(new_memory, unit(np.ones(8))), (dup_memory, unit(np.ones(8)))],
            vectors=[("carol", _vectors("lost"))],
        )
    got = store.get_vectors("alice")
    assert got is not None and (got.version, got.reason) == (1, "kept")
    assert store.user_version("alice") == version
    assert [e.text for e in store.list_events("alice")] == ["first"]
    assert not store.user_exists("carol") and store.get_vectors("carol") is None
