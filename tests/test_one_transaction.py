"""observe is one transaction: the turns, what is learned from them and the implicit feedback
they carry (its event, the persona's refinement, the preference-vector update) are written
together or not at all. A failure injected at each step leaves the store exactly as it was."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from personify import Personify, User
from personify.errors import ConflictError


class Boom(RuntimeError):
    pass


def primed(engine: Personify) -> User:
    """A user with a recall and a persona pending, then an assistant answer: the next user
    turn ("thanks, perfect") is an implicit reward for them."""
    user = engine.user("ada")
    user.observe_many(
        [
            {"text": "I love hiking in the mountains.", "session": "s1"},
            {"text": "I'm vegetarian.", "session": "s1"},
        ]
    )
    user.recall("weekend plans", k=2)
    user.persona(task="plan a weekend", budget_tokens=200)
    user.observe("How about a hike near Zermatt?", role="assistant", session="s1")
    return user


def state(engine: Personify, user: User) -> tuple[Any, ...]:
    store = engine.store
    vectors = store.get_vectors(user.id)
    return (
        store.user_version(user.id),
        [(e.id, e.kind, e.text) for e in user.events()],
        sorted((m.id, m.confidence, m.valid_to) for m in user.memories(include_history=True)),
        [(p.name, p.value, p.confidence) for p in store.get_style(user.id)],
        None if vectors is None else vectors.version,
    )


def fail(monkeypatch: pytest.MonkeyPatch, target: object, name: str) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise Boom(name)

    monkeypatch.setattr(target, name, boom)


STEPS: dict[str, Callable[[Personify], tuple[object, str]]] = {
    "reading the implicit reward": lambda e: (e.feedback, "implicit"),
    "planning the feedback": lambda e: (e.feedback, "plan"),
    "refining the persona": lambda e: (e.store, "get_style"),
    "learning from the turn": lambda e: (e.learner, "learn"),
    "writing": lambda e: (e.store, "write"),
}


@pytest.mark.parametrize("step", list(STEPS))
def test_a_failure_at_any_step_writes_nothing(
    fake_engine: Personify, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    user = primed(fake_engine)
    before = state(fake_engine, user)
    target, name = STEPS[step](fake_engine)
    fail(monkeypatch, target, name)
    with pytest.raises(Boom):
        user.observe("thanks, that's perfect! I'm also training for a marathon.", session="s1")
    monkeypatch.undo()
    assert state(fake_engine, user) == before


def test_without_a_failure_everything_lands_in_one_version(fake_engine: Personify) -> None:
    user = primed(fake_engine)
    version, events, memories, _, vectors = state(fake_engine, user)
    user.observe("thanks, that's perfect! I'm also training for a marathon.", session="s1")
    after_version, after_events, after_memories, _, after_vectors = state(fake_engine, user)
    kinds = [k for _, k, _ in after_events[len(events) :]]
    assert kinds == ["feedback", "turn"]  # the reward and the turn that carried it
    assert after_vectors == (vectors or 0) + 1  # the preference vectors moved
    assert any(m[0] not in {x[0] for x in memories} for m in after_memories)  # learned
    assert after_version > version


def test_a_lost_race_is_retried_not_half_written(
    fake_engine: Personify, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = primed(fake_engine)
    events = len(user.events())
    real = fake_engine.store.write
    calls = {"n": 0}

    def flaky(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConflictError("another process moved the user")
        real(*args, **kwargs)

    monkeypatch.setattr(fake_engine.store, "write", flaky)
    user.observe("thanks, that's perfect!", session="s1")
    kinds = [e.kind for e in user.events()[events:]]
    assert calls["n"] == 2 and kinds == ["feedback", "turn"]
