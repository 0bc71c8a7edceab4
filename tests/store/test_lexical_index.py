"""SQLite full-text search from the in-memory postings: the user's exact BM25 top n, whatever
the filter, after incremental writes, deletions and another process's writes."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from personify.lexical import bm25, stem, term_counts, words
from personify.models import Event, Memory, MemoryKind
from personify.store import MemoryFilter
from personify.store import lexical_index as lexical_module
from personify.store.sqlite import MAX_DF, MIN_DOCS_FOR_MAX_DF, SQLiteStore

VOCAB = """pizza pasta hiking trail boots winter summer garden tomato basil sauce guitar piano
    concert ticket train station coffee tea morning evening river bridge camera film photo
    paint canvas museum novel poem chess puzzle soccer tennis yoga bread cheese wine""".split()
T0 = datetime(2024, 1, 1, tzinfo=UTC)


def text(rng: np.random.Generator) -> str:
    n = int(rng.integers(2, 12))
    picks = rng.zipf(1.3, n) % len(VOCAB)  # a few words common, most rare
    return " ".join(VOCAB[i] for i in picks)


def write(store: SQLiteStore, user: str, rng: np.random.Generator, n: int, start: int) -> None:
    rows = []
    for i in range(start, start + n):
        event = Event(user_id=user, text=text(rng), ts=T0 + timedelta(hours=i))
        kind = MemoryKind.EPISODIC if i % 3 else MemoryKind.FACT
        memory = Memory(
            user_id=user,
            kind=kind,
            text=event.text or "",
            evidence=[event.id],
            created_at=event.ts,
            valid_from=event.ts,
        )
        vector = rng.normal(size=8).astype(np.float32)
        rows.append((event, memory, vector / np.linalg.norm(vector)))
    store.write([e for e, _, _ in rows], [(m, v) for _, m, v in rows])


def brute_force(
    store: SQLiteStore, user: str, query: str, filt: MemoryFilter
) -> list[tuple[str, float]]:
    """lexical.bm25 over every memory the filter lets through, statistics from all of them."""
    every = store.list_memories(user, MemoryFilter(include_history=True), limit=None)
    docs = {m.id: term_counts(m.text) for m in every}
    n_docs = len(docs)
    n_terms = sum(sum(d.values()) for d in docs.values())
    df: Counter[str] = Counter(t for d in docs.values() for t in d)
    terms = sorted(
        {
            stem(w)
            for w in words(query, limit=32)
            if n_docs < MIN_DOCS_FOR_MAX_DF or df[stem(w)] <= MAX_DF * n_docs
        }
    )
    scored = []
    for m in store.list_memories(user, filt, limit=None):
        d = docs[m.id]
        score = bm25(terms, d, sum(d.values()), df, n_docs, n_terms / max(n_docs, 1))
        if score > 0:
            scored.append((m.id, score))
    return sorted(scored, key=lambda x: -x[1])


def same_top(got: list[tuple[str, float]], expected: list[tuple[str, float]], n: int) -> None:
    assert [s for _, s in got] == [s for _, s in expected[:n]]  # the same floats, exactly
    if got:  # ids: those strictly above the n-th score are the same; ties may go either way
        last = got[-1][1]
        assert {i for i, s in got if s > last} == {i for i, s in expected if s > last}


FILTERS = [
    MemoryFilter(),
    MemoryFilter.of(kinds=["fact"]),
    MemoryFilter.of(since=T0 + timedelta(hours=100), until=T0 + timedelta(hours=400)),
]
QUERIES = ["pizza and basil", "winter hiking boots", "a chess puzzle by the river", "zebra"]


def test_exact_bm25_top_n_through_writes_and_deletions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lexical_module, "COMPACT_PENDING", 300)  # both list and array postings
    rng = np.random.default_rng(7)
    store = SQLiteStore(tmp_path / "lex.db")
    write(store, "bob", rng, 150, 0)  # another user's words move nothing
    for start in (0, 500, 520, 530):  # one big write, then small ones after searches
        write(store, "alice", rng, 500 if start == 0 else 10, start)
        for query in QUERIES:
            for filt in FILTERS:
                for n in (5, 40):
                    got = store.lexical_search("alice", query, n, filt)
                    same_top(got, brute_force(store, "alice", query, filt), n)
    assert store.lexical_search("alice", "pizza", 600, MemoryFilter())  # more than FTS's 200
    gone = store.list_memories("alice", MemoryFilter(), limit=None)[:5]
    for memory in gone:
        store.forget("alice", memory.id, Event(user_id="alice", kind="forget", role="system"))
    for query in QUERIES:
        got = store.lexical_search("alice", query, 40, MemoryFilter())
        assert not {m.id for m in gone} & {i for i, _ in got}
        same_top(got, brute_force(store, "alice", query, MemoryFilter()), 40)
    other = SQLiteStore(tmp_path / "lex.db")  # another process's write is seen
    write(other, "alice", rng, 20, 600)
    for query in QUERIES:
        got = store.lexical_search("alice", query, 40, MemoryFilter())
        same_top(got, brute_force(store, "alice", query, MemoryFilter()), 40)
    other.close()
    store.close()


def test_postings_count_in_the_cache_budget(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    store = SQLiteStore(tmp_path / "lex.db")
    write(store, "alice", rng, 200, 0)
    store.lexical_search("alice", "pizza", 5, MemoryFilter())
    index = store._index("alice")
    assert index.lexical.size == index.size == 200
    assert 0 < index.lexical.nbytes < index.nbytes
    store.close()
