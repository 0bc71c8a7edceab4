"""Recall ranks on the store's light candidate records and reads only the returned memories in
full; the ranking and every score must be exactly what ranking full memories gave."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from personify.config import RecallWeights
from personify.learn.consolidate import effective_confidence
from personify.models import Memory, MemoryKind, Origin, ScoreBreakdown
from personify.observe.ingest import Turn, turn_records
from personify.read.recall import _one_per_source, _recency, finished_hits, rank, request_shape
from personify.store import MemoryFilter, Store

DIM = 12
T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
NOW = T0 + timedelta(days=40)
WORDS = "tomato basil garden sauce pasta hiking boots trail coffee tea jazz piano".split()
PINS = [None, True, False, 0, 1, "", "yes", [], ["x"], {}, {"a": 1}]


def _reference(
    store: Store,
    user_id: str,
    query: str,
    vector: np.ndarray,
    k: int,
    filt: MemoryFilter,
    weights: RecallWeights,
    preference,
) -> list[tuple[Memory, ScoreBreakdown]]:
    """Ranking as it was before candidates: every candidate read in full."""
    n = max(weights.candidates, k)
    dense = dict(store.vector_search(user_id, vector, n, filt))
    use_lexical = weights.lexical > 0 or weights.lexical_gated > 0
    lexical = dict(store.lexical_search(user_id, query, n, filt)) if use_lexical else {}
    ids = list(dense) + [i for i in lexical if i not in dense]
    vectors = store.embeddings(user_id, ids)
    ids = [i for i in ids if i in vectors]
    matrix = np.stack([vectors[i] for i in ids])
    cosine = [dense[i] if i in dense else float(vectors[i] @ vector) for i in ids]
    top = max(lexical.values(), default=0.0)
    bm25 = [lexical.get(i, 0.0) for i in ids]
    lex = np.asarray(bm25) / top if top > 0 else None
    # the gated term, written out: rank = how many score strictly higher (ties share it), k/(k+r)
    rounded = [round(b, 9) for b in bm25]
    rank_of = {j: sum(other > rounded[j] for other in rounded) for j in range(len(ids))}
    k = weights.lexical_rank_k

    def signal(j: int) -> float:
        if weights.lexical_signal == "max":
            return lex[j]
        return k / (k + rank_of[j]) if bm25[j] > 0 else 0.0

    pref = preference(ids, matrix)
    memories = {m.id: m for m in store.get_memories(user_id, ids)}
    rows = []
    for j, mid in enumerate(ids):
        m = memories[mid]
        turn = m.kind == MemoryKind.EPISODIC and weights.request_penalty > 0
        shape = request_shape(m.text) if turn else 0.0
        rows.append((m, ScoreBreakdown(
            cosine=float(cosine[j]),
            lexical=0.0 if lex is None else float(
                weights.lexical * lex[j]
                + weights.lexical_gated * signal(j) * max(cosine[j] - weights.lexical_floor, 0.0)
            ) * (1.0 - shape),
            preference=float(pref[j]),
            recency=weights.recency * _recency(m, NOW, weights.half_life_days),
            confidence=weights.confidence * effective_confidence(m, NOW)
            - weights.request_penalty * shape,
        )))  # fmt: skip
    rows.sort(key=lambda r: (-r[1].total, r[0].kind == MemoryKind.EPISODIC, r[0].created_at,
                             r[0].text, r[0].id))  # fmt: skip
    return _one_per_source(rows)


def _seed(store: Store, rng: np.random.Generator) -> list[Memory]:
    """Turns and what was "learned" from them: ties in score, time and text, pins of every
    JSON type, implicit and explicit, confirmed or not, superseded, updated after writing."""
    base = rng.normal(size=(8, DIM)).astype(np.float32)
    events, pairs = [], []
    for i in range(60):
        words = " ".join(rng.choice(WORDS, size=3))
        said = f"I said {words}" + ("?" if i % 7 == 3 else "")  # some turns are questions
        event, turn = turn_records("alice", Turn(text=said, ts=T0 + timedelta(i)))
        # ties: same vector and time as other turns; the text orders them, or the id (i % 20)
        tie = i % 5 == 0
        text = f"noted zebra {i % 20}" if tie else turn.text  # words no query has
        vector = base[0] if tie else base[i % 8] + 0.3 * rng.normal(size=DIM)
        turn = turn.model_copy(update={"created_at": T0 if tie else turn.created_at,
                                       "text": text})  # fmt: skip
        events.append(event)
        pairs.append((turn, vector))
        if i % 3 == 0:
            kind = [MemoryKind.PREFERENCE, MemoryKind.FACT, MemoryKind.GOAL][i % 9 // 3]
            derived = Memory(
                user_id="alice",
                kind=kind,
                text=f"likes {words}" if i % 2 else turn.text,
                confidence=float(rng.uniform(0.2, 1.0)),
                origin=Origin.IMPLICIT if i % 4 else Origin.EXPLICIT,
                created_at=T0 + timedelta(days=i, microseconds=7),
                valid_from=T0 + timedelta(days=i // 2, seconds=13),
                valid_to=T0 + timedelta(days=50) if i % 15 == 0 else None,
                confirmed_at=T0 + timedelta(days=i + 3) if i % 5 else None,
                evidence=[event.id],
                metadata={} if PINS[i % 11] is None else {"pinned": PINS[i % 11]},
            )
            pairs.append((derived, vector if i % 2 == 0 else vector + 0.1))
    for i, (m, v) in enumerate(pairs):
        pairs[i] = (m, (v / np.linalg.norm(v)).astype(np.float32))
    store.write(events, pairs)
    memories = store.list_memories("alice", MemoryFilter(include_history=True))
    updated = [
        m.model_copy(
            update={
                "confidence": 0.5,
                "confirmed_at": NOW - timedelta(days=2),
                "metadata": {"pinned": True},
            }
        )
        for m in memories[1:40:7]
        if m.kind != MemoryKind.EPISODIC
    ]
    store.write([], [], updates=updated)
    return store.list_memories("alice", MemoryFilter(include_history=True))


def test_candidates_are_the_memories_fields(make_store) -> None:
    store = make_store()
    memories = _seed(store, np.random.default_rng(1))
    found = store.candidates("alice", [m.id for m in memories] + ["mem_unknown"])
    assert set(found) == {m.id for m in memories}
    for m in memories:
        c = found[m.id]
        assert (c.kind, c.origin, c.confidence, c.evidence) == (
            m.kind, m.origin, m.confidence, m.evidence,
        )  # fmt: skip
        assert (c.created_at, c.valid_from, c.confirmed_at) == (
            m.created_at, m.valid_from, m.confirmed_at,
        )  # fmt: skip
        assert bool(c.metadata.get("pinned")) == bool(m.metadata.get("pinned"))
        assert effective_confidence(c, NOW) == effective_confidence(m, NOW)  # type: ignore[arg-type]
    assert store.candidates("bob", [m.id for m in memories]) == {}


@pytest.mark.parametrize(
    "filt",
    [
        MemoryFilter(),
        MemoryFilter(include_history=True),
        MemoryFilter.of(kinds=["episodic"]),
        MemoryFilter(since=T0 + timedelta(days=10)),
    ],
)
@pytest.mark.parametrize(
    "fusion",
    [
        {"lexical_gated": 0.0, "request_penalty": 0.0},
        {"lexical_gated": 2.0, "lexical_floor": -0.2},
        {"lexical_gated": 2.0, "lexical_floor": -0.2, "request_penalty": 0.0},
        {"lexical_gated": 1.0, "lexical_floor": 0.0, "lexical_signal": "max"},
    ],
)
def test_ranking_and_scores_equal_ranking_full_memories(
    make_store, filt: MemoryFilter, fusion: dict
) -> None:
    store = make_store()
    rng = np.random.default_rng(2)
    _seed(store, rng)
    weights = RecallWeights(lexical=0.3, recency=0.2, confidence=0.15, candidates=25, **fusion)
    z = rng.normal(size=DIM).astype(np.float32) * 0.05

    def bias(ids, matrix):
        return matrix @ z

    compared = 0
    for _ in range(12):
        query = " ".join(rng.choice(WORDS, size=2))
        vector = rng.normal(size=DIM).astype(np.float32)
        vector /= np.linalg.norm(vector)
        got = rank(store, "alice", query, vector, 5, filt, weights, NOW, bias)
        want = _reference(store, "alice", query, vector, 5, filt, weights, bias)
        assert [(c.id, b) for c, b in got] == [(m.id, b) for m, b in want]
        hits = finished_hits(store, "alice", got[:5])
        assert [h.memory for h in hits] == [m for m, _ in want[:5]]
        compared += len(got)
    assert compared > 100


def test_candidates_tied_at_the_cut_do_not_depend_on_write_order(make_store) -> None:
    """Two copies of one user written in opposite orders (a SQLite store and its PostgreSQL
    migration load rows differently) give the same dense and BM25 candidates: ties go by id."""
    vector = np.ones(DIM, dtype=np.float32) / np.sqrt(DIM)
    pairs = []
    for i in range(12):  # twelve identical turns: every score ties
        event, turn = turn_records("alice", Turn(text="ok thanks zebra", ts=T0 + timedelta(i)))
        pairs.append((event, (turn, vector)))
    stores = [make_store(), make_store()]
    for store, order in zip(stores, (pairs, pairs[::-1]), strict=True):
        for event, pair in order:
            store.write([event], [pair])
    for n in (3, 7):
        dense = [store.vector_search("alice", vector, n, MemoryFilter()) for store in stores]
        lexical = [store.lexical_search("alice", "zebra", n, MemoryFilter()) for store in stores]
        assert dense[0] == dense[1] and lexical[0] == lexical[1]
        assert [i for i, _ in dense[0]] == sorted(i for i, _ in dense[0])
