"""The profile end to end: a realistic multi-session user, explain, rebuild, CLI."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from personify import Personify, UnknownMemoryError
from personify.cli import app

T0 = datetime(2025, 5, 1, 8, 0, tzinfo=UTC)

SESSIONS = [
    (
        "mon",
        [
            ("user", "Hi! I'm a nurse and I work night shifts, so keep answers short please."),
            ("assistant", "Will do. How can I help?"),
            ("user", "I'm looking for recipes. I'm vegetarian and I can't stand mushrooms."),
            ("assistant", "Here are options: 1. Mushroom risotto 2. Chickpea curry 3. Lentil soup"),
            ("user", "The chickpea curry sounds good, the others don't work for me."),
        ],
    ),
    (
        "wed",
        [
            ("user", "I'm training for a half marathon in October."),
            ("assistant", "Great goal! Want a training plan?"),
            ("user", "yes pls, mornings only, I prefer running before my shift"),
        ],
    ),
    (
        "fri",
        [
            ("user", "Correction: I actually don't mind mushrooms now, I tried them again."),
            ("user", "Any quick dinner ideas?"),
        ],
    ),
]


@pytest.fixture
def nurse(engine: Personify):
    user = engine.user("nurse")
    turns = []
    for d, (session, conversation) in enumerate(SESSIONS):
        for i, (role, text) in enumerate(conversation):
            turns.append(
                {
                    "text": text,
                    "role": role,
                    "session": session,
                    "ts": T0 + timedelta(days=2 * d, minutes=i),
                }
            )
    user.observe_many(turns)
    return user


def objects(items) -> set[tuple[str | None, float | None]]:
    return {(i.memory.object, i.memory.polarity) for i in items}


def test_profile_of_a_multi_session_user(nurse) -> None:
    profile = nurse.profile()
    facts = {i.memory.text for i in profile.facts}
    assert "I'm a nurse" in facts
    assert "vegetarian" in {i.memory.object for i in profile.constraints}
    assert any("half marathon" in (i.memory.object or "") for i in profile.goals)
    prefs = objects(profile.preferences)
    assert ("running before my shift", 1.0) in prefs
    assert any(o and "Chickpea curry" in o and p == 1.0 for o, p in prefs)
    assert any(o and "Mushroom risotto" in o and p == -1.0 for o, p in prefs)
    # "I can't stand mushrooms" was superseded by the correction two sessions later
    assert any("can't stand mushrooms" in m.text for m in profile.history)
    assert not any("can't stand mushrooms" in i.memory.text for i in profile.items())
    style = {p.name: p for p in profile.style}
    assert style["verbosity"].value < -0.5 and style["verbosity"].confidence >= 0.8
    assert style["formality"].value < 0


def test_explain_points_at_the_turns(nurse) -> None:
    item = next(i for i in nurse.profile().preferences if i.memory.origin == "implicit")
    why = nurse.explain(item.memory.id)
    assert {e.role for e in why.events} == {"user", "assistant"}
    assert any("chickpea curry sounds good" in (e.text or "") for e in why.events)
    with pytest.raises(UnknownMemoryError):
        nurse.explain("mem_doesnotexist")


def test_rebuild_reproduces_the_profile_exactly(nurse) -> None:
    def snapshot():
        memories = nurse.memories(
            ["preference", "constraint", "fact", "goal"], include_history=True
        )
        style = [(p.name, p.value, round(p.confidence, 9)) for p in nurse.profile().style]
        return sorted(m.model_dump_json() for m in memories), style

    before = snapshot()
    rebuilt = nurse.rebuild()
    assert snapshot() == before
    assert len(rebuilt.items()) > 5


def test_a_forgotten_preference_stays_forgotten_after_rebuild(nurse) -> None:
    target = next(i.memory for i in nurse.profile().goals)
    nurse.forget(target.id)
    nurse.rebuild()
    assert target.id not in {m.id for m in nurse.memories(include_history=True)}


def test_profile_and_explain_from_the_cli(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "cli.db")
    for text in ("I'm allergic to peanuts.", "Be brief, please."):
        assert runner.invoke(app, ["observe", "zoe", text, "--db", db]).exit_code == 0
    result = runner.invoke(app, ["profile", "zoe", "--json", "--db", db])
    data = json.loads(result.stdout)
    constraint = data["constraints"][0]["memory"]
    assert constraint["object"] == "peanuts" and constraint["polarity"] == -1.0
    assert {p["name"]: p["value"] for p in data["style"]}["verbosity"] < -0.5
    table = runner.invoke(app, ["profile", "zoe", "--db", db]).stdout
    assert "peanuts" in table and "verbosity" in table
    why = runner.invoke(app, ["explain", "zoe", constraint["id"], "--db", db]).stdout
    assert "I'm allergic to peanuts." in why
    assert "rebuilt zoe" in runner.invoke(app, ["rebuild", "zoe", "--db", db]).stdout


def test_edit_supersedes_and_pin_survives_rebuild(nurse) -> None:
    goal = next(i.memory for i in nurse.profile().goals)
    edited = nurse.edit(goal.id, text="I'm training for a full marathon in October.")
    assert edited.text == "I'm training for a full marathon in October."
    assert edited.confidence == 1.0 and edited.origin == "explicit"
    old = nurse.explain(goal.id)
    assert old.superseded_by is not None and old.superseded_by.id == edited.id
    pinned = nurse.edit(edited.id, pinned=True)
    assert pinned.metadata["pinned"] is True and pinned.id == edited.id
    nurse.rebuild()
    again = nurse.explain(edited.id).memory
    assert again.text == edited.text and again.metadata["pinned"] is True
    with pytest.raises(UnknownMemoryError):
        nurse.edit("mem_nope", text="x")
