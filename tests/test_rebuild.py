"""``rebuild`` reproduces the live profile exactly, and never loses a concurrent write.

The state machine drives one user through any interleaving of observe, edit, pin, forget,
persona + feedback and rebuild, and after every step compares the live store with a second
store rebuilt from a copy of the same event log: same ids, texts, confidences, validity and
style. The fake embedder keeps it to seconds.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from personify import Personify
from personify.errors import UnknownMemoryError
from personify.models import EventKind
from personify.store.sqlite import SQLiteStore
from tests.conftest import FakeEmbedder

# Read at import (tests/conftest.py clears PERSONIFY_* per test); 1000 for a long run.
EXAMPLES = int(os.environ.get("PERSONIFY_REBUILD_EXAMPLES", "60"))
STATEMENTS = [
    "I love jazz",
    "I can't stand jazz anymore",
    "I love jazz",
    "I'm vegetarian",
    "I live in Lisbon",
    "we moved to Vancouver",
    "I want to run a marathon",
    "I ran the marathon, did it!",
    "I hate long answers, keep it brief",
    "I prefer tea over coffee",
    "actually, coffee, not tea",
    "my sister lives in Porto",
    "any tips for birding with binoculars?",
    "best binoculars for birding?",
    "I'm allergic to peanuts",
    "please use bullet points from now on",
]


def snapshot(p: Personify, user_id: str) -> dict[str, Any]:
    """Everything rebuild derives: semantic memories (history included) and style."""
    user = p.user(user_id)
    memories = {
        m.id: (
            m.kind.value,
            m.text,
            round(m.confidence, 12),
            m.valid_to is None,
            m.superseded_by,
            tuple(m.evidence),
            m.metadata.get("pinned"),
            m.polarity,
        )
        for m in user.memories(
            kinds=["preference", "constraint", "fact", "goal"], include_history=True
        )
    }
    style = {s.name: (s.value, round(s.confidence, 12)) for s in p.store.get_style(user_id)}
    return {"memories": memories, "style": style}


def rebuilt_copy(p: Personify, user_id: str, path: Path) -> dict[str, Any]:
    """Rebuild a byte copy of the database, so the live store stays untouched."""
    assert isinstance(p.store, SQLiteStore)
    path.unlink(missing_ok=True)
    copy = sqlite3.connect(path)
    with p.store._lock:
        p.store._conn.backup(copy)
    copy.close()
    with Personify(path, embedder=p.embedder) as other:
        other.user(user_id).rebuild()
        return snapshot(other, user_id)


def test_observe_forget_the_preference_observe_again_keeps_it(fake_engine: Personify) -> None:
    """Regression: the forgotten memory absorbed the second statement on replay, so rebuild
    dropped the preference the live store had."""
    user = fake_engine.user("u")
    user.observe("I love jazz")
    (pref,) = user.memories(kinds=["preference"])
    user.forget(pref.id)
    user.observe("I love jazz")
    live = snapshot(fake_engine, "u")
    assert len(live["memories"]) == 1
    user.rebuild()
    assert snapshot(fake_engine, "u") == live


def test_forgetting_a_turn_forgets_what_was_distilled_from_it(fake_engine: Personify) -> None:
    """Regression: the preference distilled from a forgotten turn stayed live (word for word),
    while rebuild dropped it."""
    user = fake_engine.user("u")
    user.observe("I love jazz")
    user.observe("I can't stand jazz anymore")
    (turn,) = [m for m in user.memories(kinds=["episodic"]) if "stand" in m.text]
    user.forget(turn.id)
    live = snapshot(fake_engine, "u")
    assert not any("stand" in m[1] for m in live["memories"].values())
    assert [m[1] for m in live["memories"].values() if m[3]] == ["I love jazz"]
    user.rebuild()
    assert snapshot(fake_engine, "u") == live


def test_an_edit_whose_target_was_superseded_meanwhile_rebuilds_the_same(
    fake_engine: Personify, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression (PostgreSQL CI, 4 writers): another process superseded the target between
    edit's check and its commit; live learning (current memories only) skipped the edit, but
    replay (history included) applied it to the superseded memory, so rebuild differed."""
    user = fake_engine.user("u")
    user.observe("I love jazz")
    (target,) = user.memories(kinds=["preference"])
    commit = fake_engine.writes._commit
    raced: list[bool] = []

    def race_then_commit(*args: Any, **kwargs: Any):
        if not raced:  # another process edits the target just before this edit commits
            raced.append(True)
            with Personify(db_path, embedder=FakeEmbedder()) as other:
                other.user("u").edit(target.id, text="I love free jazz")
        return commit(*args, **kwargs)

    monkeypatch.setattr(fake_engine.writes, "_commit", race_then_commit)
    with contextlib.suppress(UnknownMemoryError):  # the target went first: a correct answer
        user.edit(target.id, text="I love cool jazz")
    assert raced
    live = snapshot(fake_engine, "u")
    assert live["memories"][target.id][3] is False  # superseded by the other process
    assert [m[1] for m in live["memories"].values() if m[3]] == ["I love free jazz"]
    user.rebuild()
    assert snapshot(fake_engine, "u") == live


def test_rebuild_does_not_lose_a_write_committed_while_it_learns(
    fake_engine: Personify, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: another process's write between rebuild's read and its write was dropped
    by the replace (its preference vanished until the next rebuild)."""
    user = fake_engine.user("u")
    user.observe("I love jazz")
    learn = fake_engine.learner.learn
    raced: list[bool] = []

    def learn_then_race(*args: Any, **kwargs: Any):
        if not raced:  # another process writes once, while rebuild is busy learning
            raced.append(True)
            with Personify(db_path, embedder=FakeEmbedder()) as other:
                other.user("u").observe("I'm vegetarian")
        return learn(*args, **kwargs)

    monkeypatch.setattr(fake_engine.learner, "learn", learn_then_race)
    user.rebuild()
    texts = [m.text for m in user.memories(kinds=["preference", "constraint", "fact", "goal"])]
    assert "I'm vegetarian" in " ".join(texts) or any("vegetarian" in t for t in texts)
    before = snapshot(fake_engine, "u")
    user.rebuild()
    assert snapshot(fake_engine, "u") == before


class LiveVersusRebuilt(RuleBasedStateMachine):
    """Any interleaving of writes: the live profile equals the one rebuilt from the log."""

    def __init__(self) -> None:
        super().__init__()
        self.cases = 0

    @initialize()
    def open(self) -> None:
        import tempfile

        self.dir = Path(tempfile.mkdtemp(prefix="rebuild-sm-"))
        self.p = Personify(self.dir / "live.db", embedder=FakeEmbedder())
        self.user = self.p.user("u")
        self.session = 0

    def teardown(self) -> None:
        if hasattr(self, "p"):
            self.p.close()
            import shutil

            shutil.rmtree(self.dir, ignore_errors=True)

    def _semantic(self, current: bool = True) -> list[str]:
        if not self.user.exists:
            return []
        return [
            m.id
            for m in self.user.memories(kinds=["preference", "constraint", "fact", "goal"])
            if not current or m.valid_to is None
        ]

    @rule(text=st.sampled_from(STATEMENTS), new_session=st.booleans())
    def observe(self, text: str, new_session: bool) -> None:
        self.session += int(new_session)
        self.user.observe(text, session=f"s{self.session}")

    @rule(text=st.sampled_from(STATEMENTS))
    def assistant_says(self, text: str) -> None:
        self.user.observe(f"Sure - {text.lower()}", role="assistant", session=f"s{self.session}")

    @precondition(lambda self: bool(self._semantic()))
    @rule(data=st.data(), text=st.sampled_from(["I adore blues", "I live in Rome", "no dairy"]))
    def edit(self, data: st.DataObject, text: str) -> None:
        self.user.edit(data.draw(st.sampled_from(self._semantic())), text=text)

    @precondition(lambda self: bool(self._semantic()))
    @rule(data=st.data(), pinned=st.booleans())
    def pin(self, data: st.DataObject, pinned: bool) -> None:
        self.user.edit(data.draw(st.sampled_from(self._semantic())), pinned=pinned)

    @precondition(lambda self: self.user.exists and bool(self.user.memories(include_history=True)))
    @rule(data=st.data())
    def forget(self, data: st.DataObject) -> None:
        ids = [m.id for m in self.user.memories(include_history=True)]
        self.user.forget(data.draw(st.sampled_from(ids)))

    @precondition(lambda self: self.user.exists)
    @rule(reward=st.sampled_from([1.0, -1.0, 0.5]), task=st.sampled_from(["music", "dinner"]))
    def persona_then_feedback(self, reward: float, task: str) -> None:
        self.user.persona(task=task)
        self.user.feedback(reward)

    @precondition(lambda self: self.user.exists)
    @rule()
    def rebuild(self) -> None:
        before = snapshot(self.p, "u")
        self.user.rebuild()
        assert snapshot(self.p, "u") == before

    @invariant()
    def live_equals_rebuilt(self) -> None:
        if not hasattr(self, "p") or not self.user.exists:
            return
        self.cases += 1
        assert rebuilt_copy(self.p, "u", self.dir / "copy.db") == snapshot(self.p, "u")


LiveVersusRebuilt.TestCase.settings = settings(
    max_examples=EXAMPLES,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_live_profile_equals_rebuilt_profile = LiveVersusRebuilt.TestCase


def test_forget_events_keep_only_the_memory_id(fake_engine: Personify) -> None:
    user = fake_engine.user("u")
    user.observe("I love jazz")
    (pref,) = user.memories(kinds=["preference"])
    user.forget(pref.id)
    (turn,) = user.memories()
    user.forget(turn.id)
    assert user.memories(include_history=True) == []
    forgets = [e for e in user.events() if e.kind == EventKind.FORGET]
    assert [e.metadata for e in forgets] == [{"memory_id": pref.id}, {"memory_id": turn.id}]


def test_style_vocabulary_rebuilds_exactly_past_its_stored_top_terms(
    fake_engine: Personify,
) -> None:
    """Regression: the live learner resumed from the stored top-100 term counts while replay
    kept every count, so ties (and terms past 100) came out in another order."""
    import random

    rng = random.Random(5)
    user = fake_engine.user("u")
    for _ in range(60):  # 150 terms, many tied, more than the 100 counts stored
        user.observe(" ".join(f"svc{rng.randrange(150)}" for _ in range(4)))
    live = snapshot(fake_engine, "u")
    assert len(live["style"]["vocabulary"][0]) > 5
    user.rebuild()
    assert snapshot(fake_engine, "u") == live
