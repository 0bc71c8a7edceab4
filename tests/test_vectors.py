"""VARS preference vectors: direction of updates, isolation, rollback, implicit rewards."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from personify import InvalidInputError, Personify
from personify.adapt.vectors import UserVectors, VarsSettings, direction, gate, update
from personify.config import RecallWeights
from personify.learn.rewards import detect_reward
from personify.read.recall import dense_only

MEMORIES = [
    "I love hiking in the Dolomites every summer.",
    "My favourite weekend activity is visiting art museums.",
    "I enjoy trying new ramen places downtown.",
    "I go climbing at the indoor gym on Thursdays.",
]


@pytest.fixture
def fast(db_path: Path, minilm) -> Personify:
    """Learning rates raised so a few rewards visibly move the ranking."""
    return Personify(
        db_path,
        embedder=minilm,
        vars={"eta_long": 0.5, "eta_short": 0.5, "beta_long": 1.0, "beta_short": 1.0},
    )


def seeded(p: Personify, name: str):
    user = p.user(name)
    user.observe_many([{"text": t, "session": "s1"} for t in MEMORIES])
    return user


def test_rewards_move_the_ranking_in_the_expected_direction(fast: Personify) -> None:
    user = seeded(fast, "amy")
    query = "plans for the weekend"
    kinds = ["episodic"]
    before = [h.memory.text for h in user.recall(query, k=4, kinds=kinds)]
    disliked = before[0]
    for _ in range(12):
        hits = user.recall(query, k=1, kinds=kinds)
        reward = -1.0 if hits[0].memory.text == disliked else 1.0
        user.feedback(reward)
    after = user.recall(query, k=4, kinds=kinds)
    assert after[0].memory.text != disliked
    assert [h.memory.text for h in after].index(disliked) > 0
    assert any(h.breakdown.preference != 0 for h in after)
    events = [e for e in user.events() if e.kind == "feedback"]
    assert len(events) == 12 and events[0].metadata["recall"]["candidates"]
    assert "query" not in events[0].metadata["recall"]  # ids, not the user's words


def test_zero_vectors_rank_exactly_as_plain_recall(fast: Personify) -> None:
    user = seeded(fast, "bea")
    plain = [(h.memory.id, h.score) for h in user.recall("museums", k=4)]
    dim = fast.embedder.dim
    fast.store.put_vectors("bea", UserVectors.zeros(dim))
    with_zero = [(h.memory.id, h.score) for h in user.recall("museums", k=4)]
    assert with_zero == plain


def test_one_users_rewards_never_change_another_users_ranking(fast: Personify) -> None:
    amy, bob = seeded(fast, "amy"), seeded(fast, "bob")
    bob_before = [(h.memory.text, h.score) for h in bob.recall("weekend", k=4)]
    for _ in range(5):
        amy.recall("weekend", k=1)
        amy.feedback(-1.0)
    assert amy.vectors() is not None and bob.vectors() is None
    assert [(h.memory.text, h.score) for h in bob.recall("weekend", k=4)] == bob_before


def test_rollback_restores_exactly(fast: Personify) -> None:
    user = seeded(fast, "cat")
    user.recall("food", k=2)
    user.feedback(1.0)
    first = user.vectors()
    ranking = [(h.memory.id, h.score) for h in user.recall("food", k=4)]
    user.feedback(-1.0)
    assert user.vectors().version == first.version + 1
    restored = user.rollback_vectors()
    assert restored.version == first.version
    assert np.array_equal(restored.z_long, first.z_long)
    assert np.array_equal(restored.z_short, first.z_short)
    assert [(h.memory.id, h.score) for h in user.recall("food", k=4)] == ranking
    assert user.rollback_vectors() is None  # back to no vectors at all


def test_feedback_input_is_validated(fast: Personify) -> None:
    user = seeded(fast, "dan")
    with pytest.raises(InvalidInputError, match="exactly one of"):
        user.feedback()
    with pytest.raises(InvalidInputError, match="rating must be from 1 to 5"):
        user.feedback(rating=7)
    with pytest.raises(InvalidInputError, match="no recall or persona to give feedback on"):
        fast.user("dan").feedback(1.0)  # fresh engine state: no recall yet in this process
    user.recall("art", k=2)
    result = user.feedback(rating=5)
    assert result.reward == 1.0 and result.vectors_version == result.vectors_version_before + 1
    assert result.vectors_moved > 0 and result.changed
    assert user.vectors().reward_baseline == pytest.approx(0.05)


def test_gate_blames_retrieval_only_when_nothing_similar_was_found() -> None:
    settings = VarsSettings()
    assert gate(-1.0, 0.1, settings) == settings.gate_retrieval
    assert gate(-1.0, 0.9, settings) == settings.gate_answer
    rng = np.random.default_rng(0)
    candidates = rng.normal(size=(5, 8)).astype(np.float32)
    candidates /= np.linalg.norm(candidates, axis=1, keepdims=True)
    state = UserVectors.zeros(8)
    far, near = -candidates[0], candidates[0]
    blamed = update(state, -1.0, candidates, np.zeros(5), candidates[:1], far, settings)
    excused = update(state, -1.0, candidates, np.zeros(5), candidates[:1], near, settings)
    assert np.linalg.norm(blamed.z_long) > 3 * np.linalg.norm(excused.z_long)


def test_norms_stay_bounded_under_a_burst_of_rewards() -> None:
    settings = VarsSettings(eta_long=10.0, eta_short=10.0, max_norm=0.5)
    state = UserVectors.zeros(4)
    candidates = np.eye(4, dtype=np.float32)
    for _ in range(50):
        state = update(state, 1.0, candidates, np.zeros(4), candidates[:1], candidates[0], settings)
    assert np.linalg.norm(state.z_long) <= 0.5 + 1e-6
    assert np.linalg.norm(state.z_short) <= 0.5 + 1e-6


def test_simple_rule_moves_toward_used_memories() -> None:
    settings = VarsSettings(rule="simple")
    candidates = np.eye(3, dtype=np.float32)
    state = update(
        UserVectors.zeros(3), 1.0, candidates, np.zeros(3), candidates[:1], candidates[0], settings
    )
    assert state.z_short[0] > 0 and state.z_long[0] > 0 and state.z_short[1] == 0


@pytest.mark.parametrize(
    ("turn", "sign"),
    [
        ("That's wrong, I told you I'm vegetarian.", -1),
        ("This is not what I asked for.", -1),
        ("Can you try again? Shorter this time.", -1),
        ("No, I meant the Lisbon office, not Porto.", -1),
        ("Thanks, that's perfect!", 1),
        ("Sounds good, let's book it.", 1),
    ],
)
def test_reward_detector_on_realistic_turns(turn: str, sign: int) -> None:
    signal = detect_reward(turn)
    assert signal is not None and np.sign(signal.reward) == sign


def test_reward_detector_topic_and_edits() -> None:
    assert detect_reward("And what about the hotel near the station?", None, 0.7).reward == 0.2
    assert detect_reward("What's the capital of Peru?", None, 0.05) is None
    weakened = detect_reward("That's wrong. Anyway, how do I repot a cactus in winter?", None, 0.1)
    assert weakened.reward == -0.5
    answer = "Book the 9:15 train to Cologne, seat 42, and the Hotel Stern for two nights."
    edit = "Book the 9:15 train to Cologne, seat 43, and the Hotel Stern for three nights."
    assert detect_reward(edit, answer).reason == "edited the answer"


def test_implicit_reward_from_the_next_turn(fast: Personify) -> None:
    user = seeded(fast, "eli")
    user.recall("what should I do on Saturday", k=2)
    user.observe("How about a ramen crawl downtown?", role="assistant", session="s1")
    user.observe("That's not what I asked, I wanted something outdoors.", session="s1")
    feedback = [e for e in user.events() if e.kind == "feedback"]
    assert len(feedback) == 1
    assert feedback[0].metadata["reward"] < 0 and feedback[0].metadata["source"] == "implicit"
    assert user.vectors() is not None


def test_a_new_session_starts_without_the_short_term_vector(fast: Personify) -> None:
    user = seeded(fast, "fay")
    user.recall("museum", k=1)
    user.feedback(1.0)
    state = user.vectors()
    assert np.linalg.norm(state.z_short) > 0 and state.session == "s1"
    settings = fast.settings.vars
    assert np.allclose(state.effective(settings, "s2"), settings.beta_long * state.z_long)
    user.observe("New day, new questions.", session="s2")
    user.recall("museum", k=1)
    user.feedback(1.0)
    assert user.vectors().session == "s2"


def test_feedback_after_a_persona_says_what_it_moved(fast: Personify) -> None:
    """The README's sequence (observe, recall, persona, feedback) once moved nothing: the
    persona's constraint recall replaced the trace with an empty one."""
    user = seeded(fast, "gus")
    user.recall("museum", k=2)
    persona = user.persona(task="plan a museum visit", budget_tokens=200)
    result = user.feedback(1.0)
    assert result.changed and result.vectors_version == result.vectors_version_before + 1
    assert result.vectors_moved > 0 and result.note is None
    assert {m.id for m in result.memories} == set(persona.memory_ids)
    assert all(m.after > m.before for m in result.memories)
    again = user.feedback(1.0, memories=persona.memory_ids)  # no persona since: only vectors
    assert again.memories == [] and again.vectors_version == result.vectors_version + 1


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


def test_context_vectors_move_the_query_context_and_leave_an_unrelated_one() -> None:
    """Credit for a query in context A reaches A's own vector; a query unlike A (cosine below
    ``context_cosine``) sees only the global vectors, which are held still here."""
    settings = VarsSettings(eta_long=0.0, eta_short=0.0, eta_context=0.5, context_cosine=0.6)
    rng = np.random.default_rng(3)
    candidates = np.stack([_unit(rng.normal(size=16)) for _ in range(4)])
    query_a, query_b = np.eye(16, dtype=np.float32)[0], np.eye(16, dtype=np.float32)[1]
    near_a = _unit(query_a + 0.3 * query_b)  # cosine 0.96 with A, 0.29 with B
    state = update(
        UserVectors.zeros(16), 1.0, candidates, np.zeros(4), candidates[:1], query_a, settings
    )
    assert state.contexts is not None and state.contexts.shape == (1, 2, 16)
    moved = direction(state, settings, query_a)
    assert np.linalg.norm(moved) > 0 and moved @ candidates[0] > 0  # toward what was credited
    assert np.array_equal(direction(state, settings, near_a), moved)  # same context
    assert not direction(state, settings, query_b).any()  # unrelated: untouched
    # a second context opens for B; A's vector stays as it was
    after_b = update(state, -1.0, candidates, np.zeros(4), candidates[1:2], query_b, settings)
    assert after_b.contexts is not None and len(after_b.contexts) == 2
    assert np.array_equal(direction(after_b, settings, query_a), moved)
    assert state.contexts.shape == (1, 2, 16)  # the old version is not changed in place


def test_contexts_are_bounded_and_off_means_one_vector_per_user() -> None:
    settings = VarsSettings(contexts=2, context_cosine=0.9)
    eye = np.eye(8, dtype=np.float32)
    state = UserVectors.zeros(8)
    for i in range(5):  # five unrelated queries, room for two contexts
        state = update(state, 1.0, eye, np.zeros(8), eye[i : i + 1], eye[i], settings)
    assert state.contexts is not None and len(state.contexts) == 2
    assert all(np.linalg.norm(z) <= settings.max_norm + 1e-6 for z in state.contexts[:, 1])
    off = VarsSettings(contexts=0)
    plain = update(UserVectors.zeros(8), 1.0, eye, np.zeros(8), eye[:1], eye[0], off)
    assert plain.contexts is None
    assert np.array_equal(direction(plain, off, eye[0]), plain.effective(off))


def test_feedback_in_one_context_changes_only_that_contexts_ranking(db_path: Path, minilm) -> None:
    """End to end on the real embedder: rewards on weekend plans reorder that recall; a recall
    about a different matter ranks exactly as before, scores included. Plain dense recall, so
    the margin to overcome does not depend on the default fusion."""
    p = Personify(
        db_path,
        embedder=minilm,
        weights=dense_only(RecallWeights()),
        vars={"eta_long": 0.0, "eta_short": 0.0, "eta_context": 0.5, "beta_context": 1.0},
    )
    user = seeded(p, "ivy")
    user.observe_many(
        [
            {"text": "My tax return is due at the end of April.", "session": "s1"},
            {"text": "I keep my receipts in a shoebox for the accountant.", "session": "s1"},
        ]
    )
    query, other = "plans for the weekend", "how should I file my taxes"
    unrelated = [(h.memory.id, h.score) for h in user.recall(other, k=6, kinds=["episodic"])]
    before = [h.memory.text for h in user.recall(query, k=4, kinds=["episodic"])]
    disliked = before[0]
    for _ in range(6):
        hits = user.recall(query, k=1, kinds=["episodic"])
        user.feedback(-1.0 if hits[0].memory.text == disliked else 1.0)
    after = [h.memory.text for h in user.recall(query, k=4, kinds=["episodic"])]
    assert after[0] != disliked
    state = user.vectors()
    assert state is not None and state.contexts is not None and len(state.contexts) == 1
    assert not state.z_long.any()  # only the context learned (eta_long = eta_short = 0)
    assert [(h.memory.id, h.score) for h in user.recall(other, k=6, kinds=["episodic"])] == (
        unrelated
    )
    p.close()


def test_rollback_and_rebuild_keep_context_vectors_exact(fast: Personify) -> None:
    user = seeded(fast, "jon")
    user.recall("food", k=2)
    user.feedback(1.0)
    first = user.vectors()
    ranking = [(h.memory.id, h.score) for h in user.recall("food", k=4)]
    user.recall("climbing gym", k=2)  # another context
    user.feedback(-1.0)
    moved = user.vectors()
    assert first.contexts is not None and moved.contexts is not None
    assert len(moved.contexts) == len(first.contexts) + 1
    user.rebuild()  # the profile is re-derived from the log; the vectors are not derived
    again = user.vectors()
    assert again.version == moved.version and np.array_equal(again.contexts, moved.contexts)
    restored = user.rollback_vectors()
    assert restored.version == first.version
    assert np.array_equal(restored.contexts, first.contexts)
    assert np.array_equal(restored.z_long, first.z_long)
    assert [(h.memory.id, h.score) for h in user.recall("food", k=4)] == ranking
