"""The public API end to end, on a real SQLite file with the real MiniLM embedder."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import pairwise

import numpy as np
import pytest

from personify import (
    InvalidInputError,
    Personify,
    RecallWeights,
    UnknownMemoryError,
    UnknownUserError,
)
from personify.read.recall import dense_only

CONVERSATION = [
    ("s1", "user", "I'm vegetarian and I hate long answers."),
    ("s1", "assistant", "Noted! I'll keep it short and meat-free."),
    ("s1", "user", "My daughter Mia starts school in Utrecht next September."),
    ("s2", "user", "Can you help me fix a flaky pytest fixture in our CI?"),
    ("s2", "assistant", "Sure, share the fixture and the error output."),
    ("s2", "user", "We deploy with Kubernetes on Hetzner, if that matters."),
    ("s3", "user", "I'm flying to Osaka in March for a conference on robotics."),
]


@pytest.fixture
def alice(engine: Personify):
    user = engine.user("alice")
    user.observe_many(
        [
            {"text": t, "role": r, "session": s, "metadata": {"n": i}}
            for i, (s, r, t) in enumerate(CONVERSATION)
        ]
    )
    return user


def test_recall_finds_the_relevant_turn_with_evidence(alice) -> None:
    hits = alice.recall("ideas for dinner", k=3, kinds=["episodic"])
    veg = next(h for h in hits[:2] if h.memory.text == "I'm vegetarian and I hate long answers.")
    assert [e.text for e in veg.evidence] == [veg.memory.text]
    assert veg.evidence[0].metadata == {"n": 0}
    assert veg.memory.metadata == {"n": 0}
    assert all(a.score >= b.score for a, b in pairwise(hits))
    for hit in hits:
        assert hit.score == pytest.approx(hit.breakdown.total)


def test_recall_across_sessions(alice) -> None:
    assert "Osaka" in alice.recall("upcoming travel plans", k=1)[0].memory.text
    assert "Kubernetes" in alice.recall("what infrastructure do we run on", k=1)[0].memory.text
    assert "Mia" in alice.recall("children and education", k=1)[0].memory.text


def test_hybrid_recall_finds_a_rare_name_dense_ranks_low(engine: Personify, minilm) -> None:
    """A made-up product code carries no meaning for the embedder; BM25 finds it."""
    user = engine.user("ops")
    filler = [f"Routine status update number {i}: all services are healthy." for i in range(40)]
    user.observe_many([{"text": t} for t in filler] + [{"text": "The Zorblax-7 unit is ours."}])
    query = "Zorblax-7"
    hybrid = [h.memory.text for h in user.recall(query, k=3)]
    assert hybrid[0] == "The Zorblax-7 unit is ours."
    dense = user.recall(query, k=3, weights=dense_only(engine.settings.weights))
    assert all(h.breakdown.lexical == 0 for h in dense)


def test_dense_only_weights_reproduce_brute_force_cosine(alice, minilm) -> None:
    texts = [t for _, _, t in CONVERSATION]
    matrix = minilm.embed(texts)
    for query in ("what should I eat", "software testing", "family"):
        q = minilm.embed([query])[0]
        expected = [texts[i] for i in np.argsort(-(matrix @ q))[:5]]
        weights = dense_only(RecallWeights())
        got = alice.recall(query, k=5, weights=weights, kinds=["episodic"])
        assert [h.memory.text for h in got] == expected
        assert [h.breakdown.cosine for h in got] == pytest.approx(
            sorted((matrix @ q).tolist(), reverse=True)[:5], abs=1e-5
        )


def test_filters_and_k(alice) -> None:
    hits = alice.recall("anything", k=10, session="s2", kinds=["episodic"])
    assert {h.memory.session for h in hits} == {"s2"}
    assert len(hits) == 3
    assert len(alice.recall("anything", k=2)) == 2
    facts = alice.recall("anything", k=5, kinds=["fact"])
    assert facts and {h.memory.kind for h in facts} == {"fact"}
    assert alice.recall("anything", k=5, kinds=["plan"]) == []
    with pytest.raises(InvalidInputError, match="unknown memory kind 'style'"):
        alice.recall("anything", kinds=["style"])  # style is a profile part, not a memory kind


def test_time_filters_use_the_turn_timestamp(engine: Personify) -> None:
    user = engine.user("hist")
    user.observe("We moved to Lisbon.", ts=datetime(2021, 5, 1))
    user.observe("We moved to Porto.", ts=datetime(2023, 5, 1, tzinfo=UTC))
    hits = user.recall(
        "where do we live", k=5, since=datetime(2022, 1, 1, tzinfo=UTC), kinds="episodic"
    )
    assert [h.memory.text for h in hits] == ["We moved to Porto."]
    assert hits[0].evidence[0].ts == datetime(2023, 5, 1, tzinfo=UTC)
    old = user.recall("where do we live", k=5, until=datetime(2022, 1, 1), kinds="episodic")
    assert [h.memory.text for h in old] == ["We moved to Lisbon."]


def test_recall_never_returns_another_users_memories(engine: Personify) -> None:
    engine.user("alice").observe("My bank PIN is 9931 and I bank with Triodos.")
    engine.user("bob").observe("I like hiking in the Alps.")
    for query in ("bank PIN Triodos 9931", "hiking", "what is my PIN"):
        for hit in engine.user("bob").recall(query, k=10):
            assert hit.memory.user_id == "bob"
            assert "9931" not in hit.memory.text


def test_memories_forget_and_redaction(alice) -> None:
    before = alice.memories("episodic")
    assert len(before) == len(CONVERSATION)
    target = next(m for m in before if "Mia" in m.text)
    forgotten = alice.forget(target.id)
    assert forgotten.id == target.id
    assert target.id not in {m.id for m in alice.memories()}
    recalled = alice.recall("daughter school", k=10, kinds=["episodic"])
    assert all("Mia" not in h.memory.text for h in recalled)
    events = alice.events()
    turn = next(e for e in events if e.id == target.evidence[0])
    assert turn.redacted and turn.text is None
    assert events[-1].kind == "forget" and events[-1].metadata["memory_id"] == target.id
    with pytest.raises(UnknownMemoryError, match=target.id):
        alice.forget(target.id)


def test_bad_input_is_named_and_changes_nothing(alice, engine: Personify) -> None:
    count = len(alice.memories())
    cases = [
        (lambda: alice.observe(""), "text is empty"),
        (lambda: alice.observe("   \n"), "text is empty"),
        (lambda: alice.observe("x" * 20_001), "20001 characters; the limit is 20000"),
        (lambda: alice.observe("hi", role="robot"), "role 'robot'"),
        (lambda: alice.observe(None), "turn 0: text"),
        (lambda: alice.observe("a\x00b"), "NUL character"),
        (lambda: alice.observe_many([{"text": "ok"}, {"text": ""}]), "turn 1: text is empty"),
        (lambda: alice.observe_many([{"text": "ok", "colour": "red"}]), "turn 0: colour"),
        (lambda: alice.recall("food", k=0), "k must be an integer from 1 to 1000"),
        (lambda: alice.recall("food", k=5000), "k must be"),
        (lambda: alice.recall("", k=3), "query must be non-empty"),
        (lambda: alice.recall("food", kinds=["nonsense"]), "unknown memory kind"),
        (lambda: engine.user(""), "user id must be a non-empty string"),
    ]
    for call, message in cases:
        with pytest.raises(InvalidInputError, match=message):
            call()
    assert len(alice.memories()) == count


def test_reads_on_an_unknown_user_fail_clearly(engine: Personify) -> None:
    ghost = engine.user("ghost")
    assert not ghost.exists
    for call in (lambda: ghost.recall("x"), ghost.memories, ghost.export, ghost.events):
        with pytest.raises(UnknownUserError, match="unknown user 'ghost'"):
            call()
    assert engine.users() == []


def test_bulk_and_single_observe_store_the_same(engine: Personify) -> None:
    one, many = engine.user("one"), engine.user("many")
    for _, role, text in CONVERSATION:
        one.observe(text, role=role)
    many.observe_many([{"text": t, "role": r} for _, r, t in CONVERSATION])
    assert [m.text for m in one.memories("episodic")] == [m.text for m in many.memories("episodic")]
    assert [m.text for m in one.memories("fact")] == [m.text for m in many.memories("fact")]
    summaries = {s.user_id: s for s in engine.users()}
    assert summaries["one"].events == summaries["many"].events == len(CONVERSATION)


def test_concurrent_writers_to_one_user_all_land(fake_engine: Personify) -> None:
    from concurrent.futures import ThreadPoolExecutor

    user = fake_engine.user("busy")

    def write(i: int) -> None:
        user.observe(f"I love hobby number {i}.", session=f"s{i % 3}")

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(write, range(48)))
    assert len(user.memories("episodic")) == 48
    assert len(user.events()) == 48


def test_a_topic_asked_about_in_three_sessions_is_an_implicit_liking(engine: Personify) -> None:
    """What keeps returning is the topic, never the name the user greets the other side with
    ("Wow, John, ...") nor a photo caption in brackets."""
    user = engine.user("fran")
    for i, text in enumerate(
        [
            "Wow, John, which film stock is best for film photography portraits?",
            "Hey John! which film stock is best for film photography landscapes?",
            "Thanks, John! (image: a photo of a camera) film stock for film photography at night?",
        ]
    ):
        user.observe(text, session=f"s{i}")
    implicit = [m for m in user.memories() if m.metadata.get("extractor") == "recurrence"]
    assert implicit and all(m.polarity == 1.0 and m.origin == "implicit" for m in implicit)
    assert any("film" in (m.object or "") for m in implicit), implicit
    assert not any(w in (m.object or "") for m in implicit for w in ("john", "image", "camera"))


def test_an_ask_without_a_question_mark_is_still_an_ask() -> None:
    """What keeps returning in asks is an interest; people often type them without the mark."""
    from personify.learn.learner import asks_about_a_topic

    assert asks_about_a_topic("small brown bird at the feeder this morning. what is it")
    assert asks_about_a_topic("unrelated but what's a good camera for shooting birds")
    assert not asks_about_a_topic("I photographed a small brown bird this morning.")
    assert not asks_about_a_topic("how was your weekend?")  # about the one answering
    # how the other speaker's event went is their life, not a topic of the user's
    assert not asks_about_a_topic("Wow, sounds amazing! What was the event like?")
    assert not asks_about_a_topic("How did the last game tournament go?")
    assert asks_about_a_topic("what was the best lens for birds in 2020? I need one")


def test_a_pastime_in_two_sessions_is_an_implicit_liking(engine: Personify) -> None:
    """Named by what it is about, never by the word: lichess ratings are chess. One session
    alone, or someone else's pastime, is no liking."""
    user = engine.user("kit")
    user.observe("hit 1400 on lichess rapid finally, chess openings next", session="s1")
    user.observe("need a monitor for work", session="s1")
    assert not [m for m in user.memories() if m.metadata.get("extractor") == "interests"]
    user.observe("lost a chess blitz game to the englund gambit, how do I refute it", session="s2")
    liked = [m for m in user.memories() if m.metadata.get("extractor") == "interests"]
    assert [(m.object, m.polarity, m.origin) for m in liked] == [("chess", 1.0, "implicit")]
    assert len(liked[0].evidence) == 2

    other = engine.user("lee")
    other.observe("my husband wants new golf clubs for his birthday", session="s1")
    other.observe("my husband's golf trip is next week, what should he pack", session="s2")
    assert not [m for m in other.memories() if m.metadata.get("extractor") == "interests"]


def test_a_pastime_talked_about_in_its_own_words_is_recognised(engine: Personify) -> None:
    """Neither session names the pastime: its everyday words (a starter, a loaf, its crumb)
    are enough, read through the phrases that describe it."""
    user = engine.user("sam")
    user.observe("my starter smells really sour after feeding, is it dead?", session="s1")
    user.observe("took the loaf out at 230C, the crumb is too tight. more water?", session="s2")
    liked = [m for m in user.memories() if m.metadata.get("extractor") == "interests"]
    assert [m.object for m in liked] == ["sourdough baking"]


def test_a_pastime_in_the_users_week_is_an_implicit_liking(engine: Personify) -> None:
    """One turn that makes a pastime part of the user's week is enough; one about how things
    were, or about someone else's week, is not."""
    user = engine.user("pat")
    user.observe("GP started me on HRT patches. Can I still do my Saturday parkrun?", session="s1")
    liked = [m for m in user.memories() if m.metadata.get("extractor") == "interests"]
    assert [(m.object, m.polarity, m.origin) for m in liked] == [("parkrun", 1.0, "implicit")]
    assert liked[0].text == "Can I still do my Saturday parkrun?"

    for n, text in enumerate(
        (
            "Years ago I swam laps every morning before work, when I was at uni.",
            "my husband does parkrun every saturday, what should he eat before",
            "Can I still do parkrun on HRT patches?",  # no routine said
        )
    ):
        other = engine.user(f"x{n}")
        other.observe(text, session="s1")
        assert not [m for m in other.memories() if m.metadata.get("extractor") == "interests"]


def test_a_pastime_asked_about_the_other_person_is_not_the_users(engine: Personify) -> None:
    user = engine.user("mel")
    user.observe(
        "Wow, that's awesome! What do you love most about camping with your fam?", session="s1"
    )
    user.observe("Glad you had a good time camping! Do you go camping often?", session="s2")
    assert not [m for m in user.memories() if m.metadata.get("extractor") == "interests"]
