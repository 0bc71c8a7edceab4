"""PrefEval loader, turn builder, filler stream and metrics (no model), plus one real recall."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from personify import Personify
from personify.embeddings.minilm import MiniLMEmbedder
from personify.eval.harness import shuffled_options
from personify.eval.prefeval import (
    FORMS,
    TOPICS,
    ExplicitItem,
    FillerChat,
    ItemResult,
    PersonaItem,
    PrefEval,
    aggregate,
    carries,
    cosine_scores,
    filler_turns,
    hit_at_k,
    load_prefeval,
    mcq_correct,
    preference_conversation,
    rank_hit_at_k,
    shared_reader_scores,
)
from personify.models import Event, Hit, Memory, MemoryKind, ScoreBreakdown
from personify.read.agreement import rank_options, read_options, stances_in
from tests.conftest import FakeEmbedder, require_data

PUBLIC_ITEMS = 751  # the public split: 31-58 items per topic (the README's "50" is approximate)


@pytest.fixture(scope="module")
def prefeval() -> PrefEval:
    return load_prefeval(require_data("prefeval") / "prefeval")


def _chat(n_exchanges: int, tag: str) -> FillerChat:
    turns = []
    for j in range(n_exchanges):
        turns += [
            {"role": "user", "content": f"{tag} question {j}"},
            {"role": "assistant", "content": f"{tag} answer {j}"},
        ]
    return FillerChat.model_validate({"conversation_id": tag, "conversation": turns})


def _hit(kind: MemoryKind, evidence: list[str]) -> Hit:
    memory = Memory(user_id="u", kind=kind, text="t", evidence=evidence)
    return Hit(memory=memory, score=0.5, breakdown=ScoreBreakdown(cosine=0.5))


# -- loaders ---------------------------------------------------------------------------------


def test_loads_every_topic_in_every_form(prefeval: PrefEval) -> None:
    assert prefeval.topics == list(TOPICS)
    assert sum(len(v) for v in prefeval.mcq.values()) == PUBLIC_ITEMS
    for topic in TOPICS:
        n = len(prefeval.mcq[topic])
        assert 30 <= n <= 60
        for form in FORMS:
            items = prefeval.items(form, topic)
            assert len(items) == n
            assert [x.question for x in items] == [x.question for x in prefeval.mcq[topic]]
    assert len(prefeval.filler) == 24
    assert all(len(c.conversation) >= 2 for c in prefeval.filler)


def test_mcq_first_option_differs_from_the_others(prefeval: PrefEval) -> None:
    for items in prefeval.mcq.values():
        for item in items:
            first, *rest = item.classification_task_options
            assert len(rest) == 3
            assert first not in rest


def test_persona_turns_are_in_numeric_order(prefeval: PrefEval) -> None:
    item = prefeval.persona["travel_hotel"][0]
    n = len(item.conversation)
    assert [t.user for t in item.turns] == [item.conversation[str(i)].user for i in range(n)]
    keys = ["10", "2", "0", "1"]
    made = PersonaItem.model_validate(
        {"preference": "p", "question": "q", "persona": "x",
         "conversation": {k: {"user": k, "assistant": "a"} for k in keys}}
    )  # fmt: skip
    assert [t.user for t in made.turns] == ["0", "1", "2", "10"]


# -- turns -----------------------------------------------------------------------------------


def test_explicit_and_choice_turns(prefeval: PrefEval) -> None:
    explicit = preference_conversation("explicit", prefeval.explicit["shop_home"][0])
    assert [(t.role, t.session) for t in explicit.turns] == [("user", "pref")]
    assert explicit.turns[0].text == prefeval.explicit["shop_home"][0].preference
    assert explicit.revealing == [0]

    item = prefeval.choice["shop_home"][0]
    choice = preference_conversation("choice-based", item)
    assert [t.role for t in choice.turns] == ["user", "assistant", "user", "assistant"]
    assert {t.session for t in choice.turns} == {"pref"}
    assert choice.turns[0].text == item.conversation.query
    assert choice.turns[2].text == item.conversation.user_selection
    assert choice.revealing == [1, 2]  # options + selection; the query alone reveals nothing


def test_persona_turns_and_revealing_turn(prefeval: PrefEval) -> None:
    item = prefeval.persona["travel_hotel"][0]
    conv = preference_conversation("persona-driven", item, FakeEmbedder())
    assert len(conv.turns) == 2 * len(item.turns)
    assert [t.role for t in conv.turns] == ["user", "assistant"] * len(item.turns)
    assert {t.session for t in conv.turns} == {"pref"}
    assert len(conv.revealing) == 1 and conv.turns[conv.revealing[0]].role == "user"

    made = PersonaItem(
        preference="I avoid spicy food",
        question="q?",
        persona="p",
        conversation={
            "0": {"user": "hello there", "assistant": "hi"},
            "1": {"user": "by the way I avoid spicy food", "assistant": "noted"},
            "2": {"user": "what about the weather", "assistant": "sunny"},
        },
    )
    assert preference_conversation("persona-driven", made, FakeEmbedder()).revealing == [2]
    with pytest.raises(ValueError, match="embedder"):
        preference_conversation("persona-driven", made)
    with pytest.raises(TypeError):
        preference_conversation("choice-based", ExplicitItem(preference="p", question="q"))


# -- filler ----------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [0, 1, 7, 10, 100, 400])
def test_filler_yields_exactly_n_user_turns(n: int) -> None:
    chats = [_chat(3 + i % 4, f"c{i}") for i in range(6)]  # 27 user turns: 400 needs cycling
    turns = filler_turns(chats, n, seed="s")
    assert sum(t.role == "user" for t in turns) == n
    assert sum(t.role == "assistant" for t in turns) == n
    assert all(t.session and t.session.startswith("filler-") for t in turns)
    assert all(a.role != b.role for a, b in pairwise(turns))


def test_filler_is_deterministic_and_prefix_stable() -> None:
    chats = [_chat(5, f"c{i}") for i in range(6)]
    ten = filler_turns(chats, 10, seed=3)
    assert ten == filler_turns(chats, 10, seed=3)
    assert filler_turns(chats, 25, seed=3)[: len(ten)] == ten
    assert ten != filler_turns(chats, 10, seed=4)
    tag = chats[int(ten[0].session.removeprefix("filler-"))].conversation_id
    assert [t.text for t in ten[:2]] == [f"{tag} question 0", f"{tag} answer 0"]  # whole chats


def test_filler_on_real_chats(prefeval: PrefEval) -> None:
    turns = filler_turns(prefeval.filler, 100, seed="x")
    assert sum(t.role == "user" for t in turns) == 100
    assert len({t.session for t in turns}) > 1


# -- metrics ---------------------------------------------------------------------------------


def test_carries_and_hit_at_k() -> None:
    episodic = _hit(MemoryKind.EPISODIC, ["e1"])
    profile = _hit(MemoryKind.PREFERENCE, ["e9", "e1"])
    other = _hit(MemoryKind.PREFERENCE, ["e2"])
    raw, extracted = carries({"e1"}), carries({"e1"}, extracted_only=True)
    assert raw(episodic) and raw(profile) and not raw(other)
    assert not extracted(episodic) and extracted(profile)
    via_events = other.model_copy(update={"evidence": [Event(id="e1", user_id="u")]})
    assert raw(via_events)
    hits = [other, episodic, profile]
    assert hit_at_k(hits, raw, 1) == 0.0
    assert hit_at_k(hits, raw, 2) == 1.0
    assert hit_at_k(hits, extracted, 2) == 0.0
    assert hit_at_k(hits, extracted, 5) == 1.0
    assert rank_hit_at_k([4, 2, 7], [2], 1) == 0.0
    assert rank_hit_at_k([4, 2, 7], [2], 2) == 1.0
    assert rank_hit_at_k([], [0], 5) == 0.0


def test_mcq_correct_handles_ties() -> None:
    assert mcq_correct([0.1, 0.9, 0.2, 0.3], 1) == 1.0
    assert mcq_correct([0.1, 0.9, 0.2, 0.3], 0) == 0.0
    assert mcq_correct([0.0, 0.0, 0.0, 0.0], 2) == 0.25
    assert mcq_correct([0.5, 0.5, 0.1, 0.1], 1) == 0.5
    assert mcq_correct([0.5, 0.5, 0.1, 0.1], 2) == 0.0
    assert cosine_scores(FakeEmbedder().embed(["a", "b"]), None) == [0.0, 0.0]


def test_aggregate_per_form_and_filler() -> None:
    rows = [
        ItemResult(form="explicit", filler=10, topic="t", index=0, metrics={"m": 1.0}),
        ItemResult(form="explicit", filler=10, topic="t", index=1, metrics={"m": 0.0}),
        ItemResult(form="explicit", filler=100, topic="t", index=0, metrics={"m": 0.5}),
        ItemResult(form="persona-driven", filler=10, topic="t", index=0, metrics={"m": 0.25}),
    ]
    out = aggregate(rows)
    assert out["explicit"]["10"] == {"m": 0.5, "n": 2.0}
    assert out["explicit"]["100"] == {"m": 0.5, "n": 1.0}
    assert out["persona-driven"]["10"]["m"] == 0.25


# -- end to end with the real embedder --------------------------------------------------------


@pytest.mark.slow
def test_explicit_preference_is_recalled_and_learned(
    prefeval: PrefEval, minilm: MiniLMEmbedder, tmp_path: Path
) -> None:
    with Personify(tmp_path / "pref.db", embedder=minilm) as p:
        for i in range(2):
            item = prefeval.explicit["travel_hotel"][i]
            conv = preference_conversation("explicit", item)
            filler = filler_turns(prefeval.filler, 10, seed=i)
            user = p.user(f"travel_hotel-{i}")
            events = user.observe_many(conv.turns) + user.observe_many(filler)
            assert sum(e.role == "user" for e in events) == 11
            reveal = {events[j].id for j in conv.revealing}
            hits = user.recall(item.question, k=5)
            # the statement (or what was learned from it) outranks ten turns of chit-chat
            assert hit_at_k(hits, carries(reveal), 1) == 1.0
            assert hit_at_k(hits, carries(reveal), 5) == 1.0
            kinds = [MemoryKind.PREFERENCE, MemoryKind.CONSTRAINT]
            learned = [m for m in user.memories(kinds=kinds) if reveal & set(m.evidence)]
            assert learned, item.preference
            assert all(m.polarity is not None and m.polarity < 0 for m in learned)  # dislikes


# -- the shared MCQ reader ---------------------------------------------------------------------

SPICY = ["A platter of spicy food from the street market.", "A mild vegetable soup."]


def test_shared_reader_counts_a_dislike_against_the_option_plain_cosine_picks() -> None:
    emb = FakeEmbedder()
    texts = ["I dislike spicy food.", "the weather was lovely today"]
    question = "Which spicy food should I try for dinner?"
    fits = read_options(question, texts, SPICY, emb)
    assert [f.index for f in fits] == [1, 0]
    assert fits[1].reasons == ["conflicts with: I dislike spicy food."]
    # the old baseline reader, cosine to the top text, prefers the option naming the dislike
    cosine = cosine_scores(emb.embed(SPICY), emb.embed(texts[:1])[0])
    assert mcq_correct(cosine, 1) == 0.0
    assert mcq_correct(shared_reader_scores(question, texts, SPICY, emb), 1) == 1.0
    liked = read_options(question, ["I love spicy food."], SPICY, emb)
    assert [f.index for f in liked] == [0, 1]


def test_shared_reader_reads_a_choice_from_an_offer_and_a_pick_in_any_order() -> None:
    emb = FakeEmbedder()
    offer = (
        "Here are some options:\n1. A loud rooftop bar with live DJs\n2. A quiet garden cafe\n"
        "3. A busy night club with dancing"
    )
    pick = "I will go with the second one; the others sound too loud for me."
    texts = [pick, offer]  # retrieval order, not conversation order
    liked = [(i, obj) for i, polarity, obj, _ in stances_in(texts) if polarity > 0]
    assert liked == [(1, "A quiet garden cafe")]  # credited to the text naming the option
    assert stances_in([offer]) == [] and stances_in([pick]) == []  # neither half alone
    question = "Where can I get a quiet drink in a garden or a bar tonight?"
    options = ["A loud rooftop bar with DJs", "A quiet garden cafe with herbal tea"]
    assert [f.index for f in read_options(question, texts, options, emb)] == [1, 0]


def test_shared_reader_falls_back_to_cosine_and_to_no_opinion() -> None:
    emb = FakeEmbedder()
    options = ["soup with vegetables", "a long hike in the hills"]
    texts = ["vegetables soup recipe from grandma", "the hills were green"]
    question = "what should I cook"
    assert stances_in(texts) == []  # no opinion read: cosine to the top text, the old reader
    expected = cosine_scores(emb.embed(options), emb.embed(texts[:1])[0])
    assert shared_reader_scores(question, texts, options, emb) == pytest.approx(expected)
    assert shared_reader_scores(question, [], options, emb) == [0.0, 0.0]
    assert shared_reader_scores(question, [" "], options, emb) == [0.0, 0.0]


def test_rank_options_and_the_shared_reader_share_one_scoring_core() -> None:
    """Given the stance personify learned, its own reader scores exactly as the shared one."""
    emb = FakeEmbedder()
    text, question = "I dislike spicy food.", "Which spicy food should I try for dinner?"
    ((_, polarity, obj, confidence),) = stances_in([text])
    relevance = float(emb.embed([question])[0] @ emb.embed([text])[0])
    memory = Memory(
        user_id="u", kind=MemoryKind.PREFERENCE, text=text, polarity=polarity, object=obj,
        confidence=confidence,
    )  # fmt: skip
    hit = Hit(memory=memory, score=relevance, breakdown=ScoreBreakdown(cosine=relevance))
    own = rank_options(SPICY, emb.embed(SPICY), [hit], emb.embed([obj]))
    shared = read_options(question, [text], SPICY, emb)
    assert [(f.index, f.reasons) for f in own] == [(f.index, f.reasons) for f in shared]
    assert [f.score for f in own] == pytest.approx([f.score for f in shared])


# The first two topics (82 explicit items), measured 2026-11 (MiniLM): reading the gold preference
# statement alone, the shared reader 0.732, cosine to it 0.159. Floor = measured - 0.07.
PERFECT_RETRIEVAL_SHARED_FLOOR = 0.66


@pytest.mark.slow
def test_shared_reader_with_perfect_retrieval(prefeval: PrefEval, minilm: MiniLMEmbedder) -> None:
    """Given exactly the preference statement, the shared reader picks the respecting answer
    far above chance; plain cosine to that statement does not (it sits by what is avoided)."""
    shared, cosine = [], []
    for topic in TOPICS[:2]:
        for i, mcq in enumerate(prefeval.mcq[topic]):
            item = prefeval.explicit[topic][i]
            options, correct = shuffled_options(mcq, topic, i)
            scores = shared_reader_scores(item.question, [item.preference], options, minilm)
            shared.append(mcq_correct(scores, correct))
            top = minilm.embed([item.preference])[0]
            cosine.append(mcq_correct(cosine_scores(minilm.embed(options), top), correct))
    assert len(shared) == 82
    assert sum(shared) / len(shared) >= PERFECT_RETRIEVAL_SHARED_FLOOR
    assert sum(cosine) / len(cosine) <= 0.35  # near or below chance (0.25)
