"""JSONL export and import: round trips, chat histories, and all-or-nothing on bad lines."""

from __future__ import annotations

import json

import pytest

from personify import ImportFileError, Personify


def test_export_then_import_into_another_user(fake_engine: Personify) -> None:
    alice = fake_engine.user("alice")
    alice.observe("I run every morning", session="s1", metadata={"dia_id": "D1:1"})
    alice.observe("Nice, keep it up!", role="assistant", session="s1")
    gone = alice.observe("delete this one")
    alice.forget(next(m.id for m in alice.memories() if m.evidence == [gone.id]))
    lines = [json.dumps(r) for r in alice.export()]
    report = fake_engine.import_jsonl(lines, user_id="alice2")
    copy = fake_engine.user("alice2")
    assert report.users == ["alice2"]
    assert [(m.text, m.role, m.session, m.metadata) for m in copy.memories()] == [
        (m.text, m.role, m.session, m.metadata) for m in alice.memories()
    ]
    assert "delete this one" not in {m.text for m in copy.memories()}
    assert {m.id for m in copy.memories()}.isdisjoint({m.id for m in alice.memories()})
    assert copy.recall("running", k=1)[0].memory.text == "I run every morning"


def test_import_plain_chat_history(fake_engine: Personify) -> None:
    lines = [
        json.dumps({"user_id": "carol", "text": "I moved to Oslo", "ts": "2022-03-01T10:00:00"}),
        "",
        json.dumps({"user_id": "dave", "text": "I play the cello", "role": "user"}),
    ]
    report = fake_engine.import_jsonl(lines)
    assert report.users == ["carol", "dave"] and report.events == 2
    memory = fake_engine.user("carol").memories()[0]
    assert memory.created_at.year == 2022 and memory.created_at.tzinfo is not None


def test_bad_lines_are_numbered_and_nothing_is_imported(fake_engine: Personify) -> None:
    fake_engine.user("carol").observe("already here")
    lines = [
        json.dumps({"user_id": "carol", "text": "fine"}),
        "{not json",
        json.dumps({"user_id": "carol", "text": ""}),
        json.dumps({"text": "who am I"}),
        json.dumps({"user_id": "carol", "type": "memory", "text": "x", "kind": "wish"}),
        json.dumps([1, 2]),
    ]
    with pytest.raises(ImportFileError) as info:
        fake_engine.import_jsonl(lines)
    numbers = [n for n, _ in info.value.problems]
    assert numbers == [2, 3, 4, 6, 5]
    assert "line 2: not valid JSON" in str(info.value)
    assert "line 4: no user_id" in str(info.value)
    assert [m.text for m in fake_engine.user("carol").memories()] == ["already here"]
