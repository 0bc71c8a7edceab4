"""JSONL export and import: round trips, chat histories, and all-or-nothing on bad lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from personify import ImportFileError, Personify
from personify.cli import app
from tests.conftest import FakeEmbedder

runner = CliRunner()


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

    def content(user):  # one transaction writes the turns first, then what was learned
        return sorted(
            (m.kind, m.text, m.role or "", m.session or "", json.dumps(m.metadata))
            for m in user.memories()
        )

    assert content(copy) == content(alice)
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


# -- import is safe: idempotent, learned from like observe, OpenAI lines, clear CLI outcome --------

TURNS = [
    {"text": "I'm allergic to shellfish.", "session": "s1", "ts": "2024-01-01T10:00:00"},
    {
        "text": "Noted, no shellfish.",
        "role": "assistant",
        "session": "s1",
        "ts": "2024-01-01T10:00:05",
    },
    {
        "text": "Please keep your replies brief and no emoji.",
        "session": "s1",
        "ts": "2024-01-01T10:01:00",
    },
    {"text": "I love hiking in the mountains.", "session": "s2", "ts": "2024-01-02T09:00:00"},
]


def _state(p: Personify, user_id: str) -> tuple[object, ...]:
    """Everything an import could change for a user: log, memories, style."""
    user = p.user(user_id)
    events = [(e.id, e.kind, e.role, e.text, e.session, e.ts) for e in user.events()]
    memories = [
        (m.id, m.kind, m.text, m.confidence, m.valid_to, m.superseded_by, tuple(m.evidence))
        for m in user.memories(include_history=True)
    ]
    style = [(s.name, s.value, s.confidence, tuple(s.evidence)) for s in user.profile().style]
    return events, memories, style


def _profile_items(p: Personify, user_id: str) -> list[tuple[object, ...]]:
    prof = p.user(user_id).profile()
    items = [*prof.preferences, *prof.constraints, *prof.facts, *prof.goals]
    return sorted((i.memory.kind, i.memory.text, i.memory.polarity, i.memory.object) for i in items)


def _style(p: Personify, user_id: str) -> list[tuple[object, ...]]:
    return [(s.name, s.value, round(s.confidence, 6)) for s in p.user(user_id).profile().style]


def test_importing_the_same_export_twice_changes_nothing(fake_engine: Personify) -> None:
    alice = fake_engine.user("alice")
    alice.observe_many(TURNS)
    alice.record_plan("Weekend in Porto", ["Book the train", "Find a quiet hotel"])
    lines = [json.dumps(r) for r in alice.export()]

    first = fake_engine.import_jsonl(lines, user_id="alice2")
    assert first.events == len(alice.events()) and first.skipped == 0
    state = _state(fake_engine, "alice2")
    assert len(fake_engine.user("alice2").memories(kinds=["plan"])) == 1

    second = fake_engine.import_jsonl(lines, user_id="alice2")
    assert (second.events, second.memories, second.skipped) == (0, 0, len(alice.events()))
    assert _state(fake_engine, "alice2") == state

    # Back into the user it came from: everything is already there.
    before = _state(fake_engine, "alice")
    again = fake_engine.import_jsonl(lines)
    assert (again.events, again.memories) == (0, 0)
    assert _state(fake_engine, "alice") == before


def test_a_grown_history_imports_only_what_is_new(fake_engine: Personify) -> None:
    lines = [json.dumps({"user_id": "bea", **t}) for t in TURNS]
    assert fake_engine.import_jsonl(lines[:2]).events == 2
    report = fake_engine.import_jsonl(lines)
    assert (report.events, report.skipped) == (2, 2)
    assert [e.text for e in fake_engine.user("bea").events()] == [t["text"] for t in TURNS]


def test_import_learns_profile_and_style_as_observe_many_does(fake_engine: Personify) -> None:
    fake_engine.user("observed").observe_many(TURNS)
    fake_engine.import_jsonl([json.dumps(t) for t in TURNS], user_id="imported")
    learned = _profile_items(fake_engine, "imported")
    assert ("constraint", "I'm allergic to shellfish", -1.0, "shellfish") in learned
    assert learned == _profile_items(fake_engine, "observed")
    style = _style(fake_engine, "imported")
    assert any(name == "emoji" and value < 0 and conf > 0 for name, value, conf in style)
    assert style == _style(fake_engine, "observed")


def test_an_export_with_edits_and_forgets_moves_to_another_user(fake_engine: Personify) -> None:
    alice = fake_engine.user("alice")
    alice.observe_many(TURNS)
    constraint = alice.memories(kinds=["constraint"])[0]
    alice.edit(constraint.id, text="I'm allergic to shellfish and to peanuts")
    alice.forget(alice.memories(kinds=["preference"])[0].id)
    fake_engine.import_jsonl([json.dumps(r) for r in alice.export()], user_id="copy")
    assert _profile_items(fake_engine, "copy") == _profile_items(fake_engine, "alice")
    assert [m.text for m in fake_engine.user("copy").memories(kinds=["constraint"])] == [
        "I'm allergic to shellfish and to peanuts"
    ]


def test_openai_style_lines_are_accepted_and_idempotent(fake_engine: Personify) -> None:
    lines = [
        json.dumps({"role": "system", "content": "You are a travel assistant."}),
        json.dumps({"role": "user", "content": "I'm allergic to shellfish.", "session": "s1"}),
        json.dumps({"role": "assistant", "content": "Noted.", "session": "s1"}),
        json.dumps(
            {
                "role": "user",
                "session": "s1",
                "ts": "2024-05-01T12:00:00Z",
                "content": [
                    {"type": "text", "text": "Here is the menu."},
                    {"type": "image_url", "image_url": {"url": "https://example.com/m.png"}},
                    {"type": "text", "text": "Which dishes are safe?"},
                ],
            }
        ),
        json.dumps({"role": "user", "content": "ok", "session": "s1"}),
        json.dumps({"role": "user", "content": "ok", "session": "s1"}),  # said twice: both kept
    ]
    report = fake_engine.import_jsonl(lines, user_id="olga")
    assert (report.events, report.skipped) == (6, 0)
    events = fake_engine.user("olga").events()
    assert [(e.role, e.text, e.session) for e in events] == [
        ("system", "You are a travel assistant.", None),
        ("user", "I'm allergic to shellfish.", "s1"),
        ("assistant", "Noted.", "s1"),
        ("user", "Here is the menu.\nWhich dishes are safe?", "s1"),
        ("user", "ok", "s1"),
        ("user", "ok", "s1"),
    ]
    assert events[3].ts.isoformat() == "2024-05-01T12:00:00+00:00"
    assert [m.object for m in fake_engine.user("olga").memories(kinds=["constraint"])] == [
        "shellfish"
    ]
    state = _state(fake_engine, "olga")
    again = fake_engine.import_jsonl(lines, user_id="olga")
    assert (again.events, again.skipped) == (0, 6)
    assert _state(fake_engine, "olga") == state


def test_bad_chat_lines_name_the_line_and_field(fake_engine: Personify) -> None:
    lines = [
        json.dumps({"user_id": "olga", "role": "user", "content": "fine"}),
        json.dumps({"user_id": "olga", "content": "who said this"}),
        json.dumps({"user_id": "olga", "role": "user", "content": 5}),
        json.dumps({"user_id": "olga", "role": "user", "content": [{"type": "text", "text": 1}]}),
        json.dumps({"user_id": "olga", "role": "user", "content": "x", "mood": "happy"}),
        json.dumps({"user_id": "olga", "role": "robot", "content": "beep"}),
        json.dumps({"user_id": "olga", "messages": [{"role": "user", "content": "hi"}]}),
        json.dumps({"user_id": "olga", "role": "user", "content": "  "}),
        json.dumps({"user_id": "olga", "role": "user", "content": "x", "ts": "yesterday"}),
        json.dumps({"user_id": "olga", "type": "event", "kind": "edit", "metadata": {}}),
    ]
    with pytest.raises(ImportFileError) as info:
        fake_engine.import_jsonl(lines)
    problems = dict(info.value.problems)
    assert sorted(problems) == list(range(2, 11))
    assert problems[2].startswith("role:")
    assert problems[3].startswith("content:")
    assert problems[4].startswith("content.0.text:")
    assert problems[5].startswith("mood:")
    assert "role 'robot'" in problems[6]
    assert problems[7].startswith("messages:")
    assert problems[8].startswith("content:")
    assert problems[9].startswith("ts:")
    assert problems[10].startswith("metadata.memory_id:")
    assert not fake_engine.user("olga").exists


def test_cli_import_counts_and_exits_1_when_nothing_was_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("personify.engine.embedder_from_settings", lambda s: FakeEmbedder())
    db = str(tmp_path / "cli.db")
    history = tmp_path / "chat.jsonl"
    history.write_text(
        "\n".join(
            json.dumps({"role": "user", **t})
            for t in (
                {"content": "I'm allergic to shellfish.", "ts": "2024-01-01T10:00:00"},
                {"content": "I love hiking.", "ts": "2024-01-01T10:05:00"},
            )
        )
        + "\n"
    )
    first = runner.invoke(app, ["import", str(history), "--user", "olga", "--db", db])
    assert first.exit_code == 0, first.output
    assert "imported 2 events" in first.stdout and "skipped 0" in first.stdout
    second = runner.invoke(app, ["import", str(history), "--user", "olga", "--db", db])
    assert second.exit_code == 1
    assert "nothing imported" in second.stderr and "skipped 2" in second.stderr
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    assert runner.invoke(app, ["import", str(empty), "--user", "olga", "--db", db]).exit_code == 1
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    result = runner.invoke(app, ["import", str(binary), "--user", "olga", "--db", db])
    assert result.exit_code == 2 and "UTF-8" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_server_export_without_the_namespace_re_imports_safely(fake_engine: Personify) -> None:
    """The REST export shows ``acme::bo`` as ``bo``; its memory ids still name ``acme::bo``."""
    bo = fake_engine.user("acme::bo")
    bo.observe_many(TURNS)
    bo.edit(bo.memories(kinds=["constraint"])[0].id, text="I'm allergic to shellfish and kiwi")
    lines = [
        json.dumps({**r, "user_id": "bo"} if r["user_id"] == "acme::bo" else r) for r in bo.export()
    ]
    before = _state(fake_engine, "acme::bo")
    same = fake_engine.import_jsonl(lines, user_id="acme::bo")
    assert (same.events, same.memories) == (0, 0)
    assert _state(fake_engine, "acme::bo") == before
    fake_engine.import_jsonl(lines, user_id="acme::bo2")
    assert _profile_items(fake_engine, "acme::bo2") == _profile_items(fake_engine, "acme::bo")
