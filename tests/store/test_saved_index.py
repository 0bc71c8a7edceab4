"""A user's whole index (vectors, ranking columns, BM25 postings) saved with the HNSW graph and
loaded by the next process instead of reading every row: every search answers exactly as an
index read row by row from the database (ids and scores equal), after writes since the save,
updates and deletions; and postings grouped in bulk equal postings added one row at a time."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from personify.config import RecallWeights
from personify.models import Event, EventKind, Memory, MemoryKind
from personify.read.recall import rank
from personify.store import MemoryFilter
from personify.store.lexical_index import BULK_ROWS, Postings
from personify.store.sqlite import SQLiteStore

DIM = 16
THRESHOLD = 50
T0 = datetime(2025, 1, 1, tzinfo=UTC)
VOCAB = """pizza pasta hiking trail boots winter summer garden tomato basil sauce guitar piano
    concert ticket train station coffee tea morning evening river bridge camera film photo
    paint canvas museum novel poem chess puzzle soccer tennis yoga bread cheese wine""".split()
QUERIES = ["pizza and pasta", "hiking boots for winter", "coffee or tea", "chess puzzle night",
           "a river bridge photo", "jazz"]  # fmt: skip
FILTERS = [
    MemoryFilter(),
    MemoryFilter(include_history=True),
    MemoryFilter(kinds=frozenset({MemoryKind.FACT})),
    MemoryFilter(session="s1"),
    MemoryFilter(since=T0 + timedelta(days=40)),
]


def _text(rng: np.random.Generator) -> str:
    picks = rng.zipf(1.3, int(rng.integers(2, 10))) % len(VOCAB)
    return " ".join(VOCAB[i] for i in picks)


def _vector(rng: np.random.Generator) -> np.ndarray:
    v = rng.normal(size=DIM).astype(np.float32)
    return v / np.linalg.norm(v)


def _write(store: SQLiteStore, rng: np.random.Generator, n: int, start: int) -> list[Memory]:
    events, pairs = [], []
    for i in range(start, start + n):
        ts = T0 + timedelta(days=i // 2, minutes=i)
        event = Event(user_id="alice", text=_text(rng), ts=ts, session=f"s{i % 3}")
        memory = Memory(
            user_id="alice",
            kind=MemoryKind.EPISODIC if i % 3 else MemoryKind.FACT,
            text=event.text or "",
            evidence=[event.id],
            created_at=ts,
            valid_from=ts,
            session=event.session,
            confidence=0.5 + (i % 5) / 10,
            metadata={"pinned": True} if i % 7 == 0 else {},
        )
        events.append(event)
        pairs.append((memory, _vector(rng)))
    store.write(events, pairs)
    return [m for m, _ in pairs]


def _answers(store: SQLiteStore, seed: int) -> list[object]:
    """Everything recall reads from the index, for a few queries under several filters."""
    rng = np.random.default_rng(seed)
    out: list[object] = []
    weights = RecallWeights()
    for query in QUERIES:
        vector = _vector(rng)
        for filt in FILTERS:
            dense = store.vector_search("alice", vector, 12, filt)
            lexical = store.lexical_search("alice", query, 12, filt)
            ids = [i for i, _ in dense + lexical]
            ranked = rank(store, "alice", query, vector, 10, filt, weights, T0 + timedelta(90))
            out += [
                dense,
                lexical,
                sorted(store.candidates("alice", ids).items()),
                {i: v.tolist() for i, v in store.embeddings("alice", ids).items()},
                [(c.id, b.total, b.cosine, b.lexical, b.recency, b.confidence) for c, b in ranked],
            ]
    return out


def _read_row_by_row(db: Path) -> SQLiteStore:
    """A store that builds its index from the database rows (as before saved indexes), with
    the same saved graph, so the graph's approximate search is the same in both."""
    store = SQLiteStore(db, ann_threshold=THRESHOLD)
    store._saved_index = lambda user_id, born: None  # type: ignore[method-assign]
    return store


def _loaded(db: Path) -> SQLiteStore:
    store = SQLiteStore(db, ann_threshold=THRESHOLD)
    index = store._index("alice")
    assert index.saved_token is not None, "the saved index was not used"
    return store


def test_a_loaded_index_answers_exactly_as_one_read_row_by_row(db_path: Path) -> None:
    rng = np.random.default_rng(0)
    first = SQLiteStore(db_path, ann_threshold=THRESHOLD)
    written = _write(first, rng, 150, 0)
    first.vector_search("alice", _vector(rng), 5, MemoryFilter())  # builds and saves the graph
    assert (db_path.parent / f"{db_path.name}.ann").is_dir()
    first.close()

    loaded, reference = _loaded(db_path), _read_row_by_row(db_path)
    assert _answers(loaded, 1) == _answers(reference, 1)
    loaded.close()
    reference.close()

    # written since the save: new rows, and old ones superseded (their columns change)
    writer = SQLiteStore(db_path, ann_threshold=THRESHOLD, save_graphs=False)
    _write(writer, rng, 12, 150)
    gone = [m.model_copy(update={"valid_to": T0 + timedelta(days=80)}) for m in written[:9]]
    writer.write([], [], updates=gone)
    writer.close()
    loaded, reference = _loaded(db_path), _read_row_by_row(db_path)
    assert loaded._index("alice").size == 162
    assert _answers(loaded, 2) == _answers(reference, 2)
    loaded.close()
    reference.close()


def test_a_saved_index_older_than_a_deletion_is_not_used(db_path: Path) -> None:
    rng = np.random.default_rng(3)
    store = SQLiteStore(db_path, ann_threshold=THRESHOLD)
    written = _write(store, rng, 90, 0)
    store.vector_search("alice", _vector(rng), 5, MemoryFilter())
    graph_dir = db_path.parent / f"{db_path.name}.ann"
    kept = {p.name: p.read_bytes() for p in graph_dir.iterdir()}
    assert sorted(Path(name).suffix for name in kept) == [".json", ".npz", ".usearch"]
    event = Event(user_id="alice", kind=EventKind.FORGET, role="system")
    store.forget("alice", written[4].id, event)
    assert list(graph_dir.iterdir()) == []  # the saved index goes with the graph
    store.close()
    for name, data in kept.items():  # a copy from before the forget comes back
        (graph_dir / name).write_bytes(data)
    fresh = SQLiteStore(db_path, ann_threshold=THRESHOLD)
    index = fresh._index("alice")
    assert index.size == 89 and written[4].id not in index.ids
    reference = _read_row_by_row(db_path)
    assert _answers(fresh, 4) == _answers(reference, 4)
    fresh.close()
    reference.close()


def test_a_graph_saved_without_its_index_gets_one(db_path: Path) -> None:
    """As an older version left it: the next process reads the rows, then saves the index."""
    rng = np.random.default_rng(5)
    store = SQLiteStore(db_path, ann_threshold=THRESHOLD)
    _write(store, rng, 70, 0)
    store.vector_search("alice", _vector(rng), 5, MemoryFilter())
    store.close()
    (saved,) = (db_path.parent / f"{db_path.name}.ann").glob("*.npz")
    saved.unlink()
    reader = SQLiteStore(db_path, ann_threshold=THRESHOLD)
    reader.vector_search("alice", _vector(rng), 5, MemoryFilter())  # read row by row
    assert saved.is_file()
    reader.close()
    loaded, reference = _loaded(db_path), _read_row_by_row(db_path)
    assert _answers(loaded, 6) == _answers(reference, 6)
    loaded.close()
    reference.close()


def _docs(rng: np.random.Generator, n: int) -> list[str]:
    return [json.dumps(Counter(_text(rng).split())) for _ in range(n)] + ["{}"]


def _tops(postings: Postings, rng: np.random.Generator) -> list[object]:
    out: list[object] = []
    for _ in range(30):
        terms = sorted(set(rng.choice(VOCAB, size=int(rng.integers(1, 5))).tolist()))
        df = {t: int(rng.integers(1, postings.size)) for t in terms}
        mask = rng.random(postings.size) < 0.6 if rng.random() < 0.5 else None
        out.append(postings.top(terms, df, postings.size, 5 * postings.size, 20, mask))
    return out


@pytest.mark.parametrize("first", [0, 7, BULK_ROWS + 3])
def test_postings_grouped_in_bulk_equal_postings_added_row_by_row(first: int) -> None:
    rng = np.random.default_rng(first)
    docs = _docs(rng, 3 * BULK_ROWS)
    one_by_one = Postings()
    for doc in docs:
        one_by_one.add([doc])
    bulk = Postings()
    bulk.add(docs[:first])  # rows held before: none, a few in lists, or in arrays already
    bulk.add(docs[first:])
    reloaded = Postings.unpacked(*bulk.packed())
    expected = _tops(one_by_one, np.random.default_rng(9))
    assert any(expected), "no query matched: the comparison would prove nothing"
    assert _tops(bulk, np.random.default_rng(9)) == expected
    assert _tops(reloaded, np.random.default_rng(9)) == expected
    assert reloaded.size == bulk.size == len(docs)
