"""The HNSW graph saved beside a SQLite file: loaded by the next process, extended with what was
written since, and gone (from every file) when a memory it holds is forgotten or its user is
deleted."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import personify.store.vector_index as vector_index
from personify.models import Event, EventKind
from personify.observe.ingest import Turn, turn_records
from personify.store import MemoryFilter
from personify.store.sqlite import SQLiteStore

DIM = 16
THRESHOLD = 50


def _vectors(n: int, seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _write(store: SQLiteStore, user: str, vectors: np.ndarray, start: int = 0) -> list[str]:
    events, pairs = [], []
    for i, vector in enumerate(vectors, start):
        event, memory = turn_records(user, Turn(text=f"memory number {i}"))
        events.append(event)
        pairs.append((memory, vector))
    store.write(events, pairs)
    return [m.id for m, _ in pairs]


def _search(store: SQLiteStore, user: str, seed: int = 0) -> list[str]:
    query = _vectors(1, 1000 + seed)[0]
    return [m for m, _ in store.vector_search(user, query, 5, MemoryFilter())]


def _files(db: Path) -> list[Path]:
    """Every file the store keeps: the database, its WAL and the saved graphs."""
    return [p for p in db.parent.rglob("*") if p.is_file()]


def _holding(db: Path, vector: np.ndarray) -> list[str]:
    raw = np.asarray(vector, dtype=np.float32).tobytes()
    return [p.name for p in _files(db) if raw in p.read_bytes()]


def _forget(store: SQLiteStore, user: str, memory_id: str) -> None:
    store.forget(user, memory_id, Event(user_id=user, kind=EventKind.FORGET, role="system"))


def test_a_new_process_loads_the_graph_and_adds_what_was_written_since(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vectors = _vectors(130, 1)
    first = SQLiteStore(db_path, ann_threshold=THRESHOLD)
    ids = _write(first, "alice", vectors[:120])
    _search(first, "alice")
    graph_file = db_path.parent / f"{db_path.name}.ann"
    assert [p.suffix for p in sorted(graph_file.iterdir())] == [".json", ".npz", ".usearch"]
    more = _write(first, "alice", vectors[120:], start=120)  # after the save
    first.close()

    def refuse(dim: int) -> None:
        raise AssertionError("built a graph from scratch instead of loading the saved one")

    monkeypatch.setattr(vector_index, "new_graph", refuse)
    second = SQLiteStore(db_path, ann_threshold=THRESHOLD)
    index = second._index("alice")
    graph = index.graph
    assert graph is not None and len(graph) == 130  # 120 loaded, 10 added
    assert set(np.asarray(graph.keys).tolist()) == set(index._seqs[:130].tolist())
    for i in (0, 125):  # a loaded and an added memory are each found first by their own vector
        hits = second.vector_search("alice", vectors[i], 1, MemoryFilter())
        assert hits[0][0] == [*ids, *more][i]
    second.close()


def test_a_graph_for_another_user_birth_or_embedder_is_not_loaded(db_path: Path) -> None:
    store = SQLiteStore(db_path, ann_threshold=THRESHOLD)
    _write(store, "alice", _vectors(80, 2))
    _search(store, "alice")
    store.close()
    fresh = SQLiteStore(db_path, ann_threshold=THRESHOLD)
    (born,) = fresh._conn.execute("SELECT created_at FROM users WHERE id = 'alice'").fetchone()
    assert fresh._saved_graph("alice", born, DIM) is not None
    assert fresh._saved_graph("alice", "2020-01-01T00:00:00+00:00", DIM) is None
    assert fresh._saved_graph("bob", born, DIM) is None
    fresh.check_embedder("another-embedder", DIM)  # the file now records one it was not saved with
    assert fresh._saved_graph("alice", born, DIM) is None


@pytest.mark.parametrize("how", ["forget", "delete_user"])
def test_forget_and_delete_user_leave_no_file_with_the_vector(db_path: Path, how: str) -> None:
    vectors = _vectors(100, 3)
    store = SQLiteStore(db_path, ann_threshold=THRESHOLD)
    ids = _write(store, "alice", vectors)
    _write(store, "bob", _vectors(60, 4))
    _search(store, "alice")
    _search(store, "bob")
    # the test can fail: before, the saved graph holds the vector
    assert any(name.endswith(".usearch") for name in _holding(db_path, vectors[7]))
    if how == "forget":
        _forget(store, "alice", ids[7])
    else:
        store.delete_user("alice")
    assert _holding(db_path, vectors[7]) == []
    assert bool(_holding(db_path, vectors[8])) == (how == "forget")  # the rest stays
    assert any(name.endswith(".usearch") for name in _holding(db_path, _vectors(60, 4)[0]))
    if how == "forget":  # the next search rebuilds and saves a graph without it
        assert ids[7] not in _search(store, "alice")
        saved = [n for n in _holding(db_path, vectors[8]) if n.endswith(".usearch")]
        assert saved and _holding(db_path, vectors[7]) == []
    store.close()
    assert _holding(db_path, vectors[7]) == []


def test_forget_in_another_process_removes_the_graph_this_one_saved(db_path: Path) -> None:
    vectors = _vectors(90, 5)
    mine = SQLiteStore(db_path, ann_threshold=THRESHOLD)
    ids = _write(mine, "alice", vectors)
    _search(mine, "alice")
    other = SQLiteStore(db_path, ann_threshold=THRESHOLD)
    _forget(other, "alice", ids[3])
    assert _holding(db_path, vectors[3]) == []
    assert ids[3] not in [m for m, _ in mine.vector_search("alice", vectors[3], 5, MemoryFilter())]
    mine.close()
    other.close()
    assert _holding(db_path, vectors[3]) == []


def test_a_graph_saved_after_a_deletion_elsewhere_removes_itself(db_path: Path) -> None:
    """A process that read the user before another deleted a memory, and saves after that
    deletion removed the files, must not leave its copy behind."""
    vectors = _vectors(70, 6)
    mine = SQLiteStore(db_path, ann_threshold=THRESHOLD)
    ids = _write(mine, "alice", vectors)
    index = mine._index("alice")
    born = mine._conn.execute("SELECT created_at FROM users WHERE id = 'alice'").fetchone()[0]
    other = SQLiteStore(db_path, ann_threshold=THRESHOLD)
    _forget(other, "alice", ids[0])
    index.graph_unsaved = 1
    mine._save_graph("alice", born, index)  # the stale graph, still holding ids[0]
    assert _holding(db_path, vectors[0]) == []
    assert not list((db_path.parent / f"{db_path.name}.ann").glob("*"))


def test_a_stale_graph_holding_a_deleted_memory_is_not_used(db_path: Path) -> None:
    vectors = _vectors(80, 7)
    store = SQLiteStore(db_path, ann_threshold=THRESHOLD)
    ids = _write(store, "alice", vectors)
    _search(store, "alice")
    graph_dir = db_path.parent / f"{db_path.name}.ann"
    kept = {p.name: p.read_bytes() for p in graph_dir.iterdir()}
    _forget(store, "alice", ids[5])
    store.close()
    for name, data in kept.items():  # e.g. a backup restored, or a copy from before
        (graph_dir / name).write_bytes(data)
    fresh = SQLiteStore(db_path, ann_threshold=THRESHOLD)
    index = fresh._index("alice")
    assert index.graph is not None and len(index.graph) == 79
    assert _holding(db_path, vectors[5]) == []  # rebuilt and saved over the stale copy
    fresh.close()


def test_no_graph_file_below_the_threshold_or_when_disabled(tmp_path: Path) -> None:
    small = SQLiteStore(tmp_path / "small.db", ann_threshold=THRESHOLD)
    _write(small, "alice", _vectors(THRESHOLD - 1, 8))
    _search(small, "alice")
    small.close()
    off = SQLiteStore(tmp_path / "off.db", ann_threshold=THRESHOLD, save_graphs=False)
    _write(off, "alice", _vectors(80, 9))
    _search(off, "alice")
    off.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".ann")) == []


def test_search_works_where_no_graph_can_be_saved(db_path: Path) -> None:
    (db_path.parent / f"{db_path.name}.ann").write_text("a file where the folder would go")
    store = SQLiteStore(db_path, ann_threshold=THRESHOLD)
    vectors = _vectors(70, 10)
    ids = _write(store, "alice", vectors)
    assert store.vector_search("alice", vectors[4], 1, MemoryFilter())[0][0] == ids[4]
    _forget(store, "alice", ids[4])
    store.close()
    store.close()
