"""What is forgotten or deleted is gone: from every table and index, on every backend.

A unique marker word goes in through turns, edits, pins and recall queries; after the forget or
delete, no row of any table (full-text shadow tables and PostgreSQL's tsvectors included) holds
it. tests/test_reliability_store.py greps the raw SQLite file and WAL as well.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest

from personify import Personify
from personify.models import Event, EventKind
from personify.store.sqlite import SQLiteStore

MARKER = "qqzorblax"  # its own stem, and no other word shares its first letters


def all_rows(store: Any) -> str:
    """Every row of every table in the store, as text (blobs included, as their bytes)."""
    if isinstance(store, SQLiteStore):
        with store._lock:
            conn = store._conn
            tables = [
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            ]
            rows = [
                repr(tuple(row)) for t in tables for row in conn.execute(f'SELECT * FROM "{t}"')
            ]
        return "\n".join(rows)
    with store._connection() as conn:
        tables = [
            r["table_name"]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            )
        ]
        rows = [
            str(r["row"]) for t in tables for r in conn.execute(f"SELECT t::text AS row FROM {t} t")
        ]
    return "\n".join(rows)


def assert_gone(p: Personify, user_id: str | None = None) -> None:
    assert MARKER not in all_rows(p.store)
    if user_id is not None and p.user(user_id).exists:
        assert MARKER not in repr(p.user(user_id).export())


def test_forgetting_a_turn_removes_it_and_what_was_learned_from_it(
    store_engine: Personify,
) -> None:
    """Regression: the preference distilled from a forgotten turn stayed, word for word."""
    user = store_engine.user("ann")
    user.observe("I love jazz")
    user.observe(f"I love {MARKER} music")
    assert any(MARKER in m.text for m in user.memories(kinds=["preference"]))
    (turn,) = [m for m in user.memories(kinds=["episodic"]) if MARKER in m.text]
    user.forget(turn.id)
    assert_gone(store_engine, "ann")
    texts = [m.text for m in user.memories()]
    assert texts == ["I love jazz", "I love jazz"]  # the other turn and its preference
    events = [r for r in user.export() if r["type"] == "event"]
    assert [r["kind"] for r in events] == ["turn", "turn", "forget"]  # the export stays whole
    assert events[1]["redacted"] and events[1]["text"] is None


def test_an_edit_logs_ids_not_the_old_text_and_forgetting_drops_the_new(
    store_engine: Personify,
) -> None:
    """Regression: an edit event kept the memory's old text in ``metadata.old_text``."""
    user = store_engine.user("ann")
    user.observe(f"I love {MARKER}")
    (pref,) = user.memories(kinds=["preference"])
    pinned = user.edit(pref.id, pinned=True)
    edited = user.edit(pinned.id, text=f"I love {MARKER} and blues")
    edits = [e for e in user.events() if e.kind == EventKind.EDIT]
    assert all("old_text" not in e.metadata for e in edits)
    assert "object" not in edits[0].metadata  # the pin carries no words at all
    user.forget(edited.id)
    records = user.export()
    kept = [r for r in records if r["type"] == "event" and not r["redacted"]]
    assert [r["kind"] for r in kept] == ["turn", "edit", "forget"]  # the redacted edit: no text
    report = store_engine.import_jsonl([json.dumps(r) for r in records], user_id="ann2")
    assert report.events == len(kept)
    (turn,) = user.memories(kinds=["episodic"])
    user.forget(turn.id)
    store_engine.delete_user("ann2")
    assert_gone(store_engine, "ann")


def test_forget_scrubs_text_that_older_edit_events_carried(store_engine: Personify) -> None:
    """Logs written before ids-only edit events still lose the text on forget."""
    user = store_engine.user("ann")
    user.observe(f"I love {MARKER}")
    (pref,) = user.memories(kinds=["preference"])
    legacy = Event(
        user_id="ann",
        kind=EventKind.EDIT,
        text=None,
        metadata={
            "memory_id": pref.id,
            "old_text": pref.text,
            "object": MARKER,
            "kind": "preference",
            "pinned": True,
        },
    )
    store_engine.store.write([legacy], [])
    user.forget(pref.id)
    (turn,) = user.memories(kinds=["episodic"])
    user.forget(turn.id)
    assert_gone(store_engine, "ann")
    [scrubbed] = store_engine.store.get_events("ann", [legacy.id])
    assert scrubbed.metadata["memory_id"] == pref.id and scrubbed.metadata["pinned"] is True


def test_feedback_logs_the_recall_by_ids_not_its_query(store_engine: Personify) -> None:
    """Regression: a feedback event kept the recall query in ``metadata.recall.query``."""
    user = store_engine.user("ann")
    user.observe("I love jazz")
    user.recall(f"{MARKER} jazz evenings", k=2)
    user.feedback(1.0)
    (event,) = [e for e in user.events() if e.kind == EventKind.FEEDBACK]
    assert event.metadata["recall"]["candidates"]
    assert_gone(store_engine, "ann")


def test_forgetting_a_plan_redacts_its_event(store_engine: Personify) -> None:
    user = store_engine.user("ann")
    user.record_plan(f"book {MARKER}", ["find a venue", "send invites"])
    (plan,) = user.memories(kinds=["plan"])
    user.forget(plan.id)
    assert_gone(store_engine, "ann")


def test_delete_user_leaves_no_row_with_their_words(store_engine: Personify) -> None:
    user = store_engine.user("ann")
    store_engine.user("bob").observe("I love jazz")
    user.observe(f"I love {MARKER}")
    user.observe(f"please keep answers short, {MARKER} style")
    (pref,) = user.memories(kinds=["preference"])
    user.edit(pref.id, text=f"I adore {MARKER}")
    user.recall(MARKER, k=2)
    user.feedback(-1.0)
    user.record_plan(f"visit {MARKER}", ["go"])
    assert MARKER in all_rows(store_engine.store)
    assert store_engine.delete_user("ann")
    assert_gone(store_engine)
    assert not user.exists and store_engine.user("bob").memories()
    with pytest.raises(Exception, match="unknown user"):
        user.export()


def test_sqlite_full_text_index_is_clean_after_forget(store_engine: Personify) -> None:
    """The FTS5 shadow tables themselves (``memories_fts_data`` ...) hold no marker."""
    if not isinstance(store_engine.store, SQLiteStore):
        pytest.skip("SQLite's FTS5 shadow tables")
    user = store_engine.user("ann")
    for i in range(30):  # enough rows for several index segments
        user.observe(f"turn {i} about jazz and {MARKER if i % 7 == 0 else 'blues'}")
    for memory in user.memories(kinds=["episodic"]):
        if MARKER in memory.text:
            user.forget(memory.id)
    conn: sqlite3.Connection = store_engine.store._conn
    rows = conn.execute("SELECT block FROM memories_fts_data").fetchall()
    blobs = b"".join(bytes(r[0] or b"") for r in rows)
    assert MARKER.encode() not in blobs
    conn.execute("INSERT INTO memories_fts (memories_fts) VALUES ('integrity-check')")
