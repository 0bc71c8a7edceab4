"""The lexical side of recall: words count where the memory is on topic (the gated term), a
lone everyday word in an unrelated memory does not, a request to the assistant is not evidence
(request shapes), and every weight 0 is plain dense retrieval."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from personify import Personify, RecallWeights
from personify.models import MemoryKind, Origin, ScoreBreakdown
from personify.read.recall import (
    _one_per_source,
    dense_only,
    lexical_term,
    request_shape,
    uses_lexical,
)
from personify.store import Candidate

LINEAR = RecallWeights(lexical=0.5, lexical_gated=0.0, request_penalty=0.0)  # the old fusion
ZERO = RecallWeights(
    lexical=0.0, lexical_gated=0.0, recency=0.0, confidence=0.0, request_penalty=0.0
)


def totals(cosine: list[float], bm25: list[float], weights: RecallWeights) -> np.ndarray:
    cos = np.asarray(cosine)
    return cos + lexical_term(cos, np.asarray(bm25), weights)


def test_rank_signal_and_gate() -> None:
    w = RecallWeights(lexical_gated=2.0, lexical_floor=0.2, lexical_signal="rank", lexical_rank_k=3)
    cos = np.asarray([0.5, 0.6, 0.1, 0.4, 0.3])
    bm25 = np.asarray([2.0, 7.0, 9.0, 0.0, 2.0])  # ranks: 9 -> 0, 7 -> 1, both 2s -> 2 (tied)
    want = [2 * 3 / 5 * 0.3, 2 * 3 / 4 * 0.4, 0.0, 0.0, 2 * 3 / 5 * 0.1]  # gate 0 below the floor
    assert lexical_term(cos, bm25, w) == pytest.approx(want)
    maxed = w.model_copy(update={"lexical_signal": "max"})
    assert lexical_term(cos, bm25, maxed) == pytest.approx(
        [2 * 2 / 9 * 0.3, 2 * 7 / 9 * 0.4, 0.0, 0.0, 2 * 2 / 9 * 0.1]
    )
    both = w.model_copy(update={"lexical": 0.1})
    assert lexical_term(cos, bm25, both) == pytest.approx(np.asarray(want) + 0.1 * bm25 / 9.0)


def test_tied_lexical_scores_share_a_rank_whatever_the_pool_order() -> None:
    """Stores gather candidates in different orders (and within float noise of each other's
    BM25): the lexical term must not depend on either."""
    w = RecallWeights()
    cos = np.asarray([0.6, 0.55, 0.5, 0.45])
    bm25 = np.asarray([3.0, 3.0 + 1e-12, 1.0, 3.0])
    term = lexical_term(cos, bm25, w)
    for order in ([3, 2, 1, 0], [1, 0, 3, 2], [2, 3, 0, 1]):
        shuffled = lexical_term(cos[order], bm25[order], w)
        assert shuffled == pytest.approx(term[order], abs=0)


def test_exact_term_lifts_an_on_topic_memory_above_a_slightly_closer_one() -> None:
    cosine, bm25 = [0.50, 0.45], [0.0, 8.0]  # [semantic neighbour, memory holding the term]
    assert np.argmax(totals(cosine, bm25, dense_only(RecallWeights()))) == 0
    assert np.argmax(totals(cosine, bm25, RecallWeights())) == 1


def test_a_lone_shared_word_in_an_unrelated_memory_does_not_outrank_the_paraphrase() -> None:
    cosine, bm25 = [0.45, 0.10], [0.0, 3.0]  # [paraphrase, off-topic reply sharing one word]
    assert np.argmax(totals(cosine, bm25, RecallWeights())) == 0
    assert np.argmax(totals(cosine, bm25, LINEAR)) == 1  # max-normalised BM25 alone: it wins


def _candidate(mid: str, kind: MemoryKind, evidence: list[str]) -> Candidate:
    at = datetime(2025, 1, 1, tzinfo=UTC)
    return Candidate(mid, kind, Origin.EXPLICIT, 1.0, at, at, None, evidence, {})


def test_a_turn_yields_only_to_a_memory_distilled_from_it_alone() -> None:
    """A choice distilled from the offer and the reply picking from it does not stand in for
    the reply; a memory distilled from one turn alone still does, either way round."""
    rows = [
        (_candidate("choice", MemoryKind.PREFERENCE, ["offer", "pick"]), 0.9),
        (_candidate("pick", MemoryKind.EPISODIC, ["pick"]), 0.8),
        (_candidate("picked", MemoryKind.FACT, ["pick"]), 0.7),  # its turn ranks higher
        (_candidate("likes", MemoryKind.PREFERENCE, ["x"]), 0.6),
        (_candidate("x", MemoryKind.EPISODIC, ["x"]), 0.5),  # said by "likes" above
    ]
    kept = _one_per_source([(c, ScoreBreakdown(cosine=s)) for c, s in rows])
    assert [c.id for c, _ in kept] == ["choice", "pick", "likes"]


def test_zero_weights_add_nothing_and_skip_the_full_text_index() -> None:
    cos = np.asarray([0.3, 0.9, 0.5])
    assert not uses_lexical(ZERO) and not uses_lexical(dense_only(RecallWeights()))
    assert lexical_term(cos, np.asarray([5.0, 1.0, 0.0]), ZERO).tolist() == [0.0, 0.0, 0.0]
    assert uses_lexical(RecallWeights())


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("please give 5 book recommendations for books that are hidden gems", 1.0),
        ("Can you suggest some hotels in Rome?", 1.0),
        ("Mel: Tell me more about the race!", 1.0),  # a speaker label is skipped
        ("Caroline: What did you paint? I love the colours.", 0.5),
        ("Hey, how are you? Did the move go well?", 1.0),
        ("I dislike wallpaper in any form.", 0.0),
        ("Caroline: I went to a support group yesterday and it was so powerful.", 0.0),
        ("Recommendations from friends are how I pick books.", 0.0),  # not an imperative
        ("in polish: where is the station", 1.0),  # a translation asked for
        ("", 0.0),
    ],
)
def test_request_shape(text: str, want: float) -> None:
    assert request_shape(text) == pytest.approx(want)


def test_dense_only_switches_request_shapes_off() -> None:
    assert RecallWeights(request_penalty=0.1).request_penalty == 0.1
    assert dense_only(RecallWeights(request_penalty=0.1)).request_penalty == 0.0


def test_a_request_sharing_the_question_words_yields_to_the_statement(engine: Personify) -> None:
    """The PrefEval failure: filler that asks for the same thing outranks the preference."""
    user = engine.user("requests")
    texts = [
        "I have a strong aversion to floral patterns in any form.",
        "please give 5 book recommendations for books that are hidden gems",
        "The printer on the third floor is out of toner again.",
    ]
    user.observe_many([{"text": t} for t in texts])
    question = "Can you recommend some chic and trendy wallpaper designs for my bedroom?"
    shaped = RecallWeights(request_penalty=0.15)
    off = shaped.model_copy(update={"request_penalty": 0.0})
    assert user.recall(question, k=1, kinds=["episodic"], weights=off)[0].memory.text == texts[1]
    hits = user.recall(question, k=2, kinds=["episodic"], weights=shaped)
    assert [h.memory.text for h in hits] == texts[:2]
    assert hits[1].breakdown.lexical == 0  # a request gets no lift from the words it shares
    assert hits[1].breakdown.confidence < off.confidence  # and gives up request_penalty
    assert all(h.score == pytest.approx(h.breakdown.total) for h in hits)


def test_defaults_on_real_text(engine: Personify) -> None:
    """A paraphrase finds the preference although chit-chat shares the question's words; a
    ticket code finds the turn that names it."""
    user = engine.user("fusion")
    texts = [
        "I have a strong aversion to crowded tourist spots and prefer quiet places.",
        "Write a recursive program where the user can recommend a base and an exponent.",
        "Can you try again without any numbers please",
        "Priya took over ZX-4471 yesterday.",
        "Support requests get reassigned to whoever is on call.",
        "The helpdesk queue is handled by the person on duty this week.",
        "The printer on the third floor is out of toner again.",
    ]
    user.observe_many([{"text": t} for t in texts])
    trip = "What would you recommend I try for a relaxing trip?"
    assert user.recall(trip, k=1, kinds=["episodic"])[0].memory.text == texts[0]
    assert user.recall(trip, k=1, kinds=["episodic"], weights=LINEAR)[0].memory.text == texts[2]
    hit = user.recall("Who owns ticket ZX-4471 now?", k=1, kinds=["episodic"])[0]
    assert hit.memory.text == texts[3] and hit.breakdown.lexical > 0
    assert hit.score == pytest.approx(hit.breakdown.total)


def test_zero_weights_rank_as_numpy_cosine(engine: Personify, minilm) -> None:
    user = engine.user("dense")
    texts = [f"note {i}: {w}" for i, w in enumerate("tea jazz hiking boots pasta garden".split())]
    user.observe_many([{"text": t} for t in texts])
    matrix = minilm.embed(texts)
    for query in ("hot drinks", "music", "walking in the hills"):
        q = minilm.embed([query])[0]
        want = [texts[i] for i in np.argsort(-(matrix @ q))[:4]]
        got = user.recall(query, k=4, weights=ZERO, kinds=["episodic"])
        assert [h.memory.text for h in got] == want
        assert all(h.breakdown.lexical == 0 for h in got)


def test_the_assistants_words_yield_to_what_the_user_said(engine: Personify) -> None:
    """An assistant reply that repeats the question's words is not evidence about the user:
    with ``other_speaker`` it gives up its lexical lift and the request penalty, and the
    user's own statement ranks first; off, the reply wins on shared words."""
    user = engine.user("speakers")
    said = "Honestly I can't stand crowded hostels, I sleep badly in dorms."
    reply = "Here are some hostels in Lisbon with dorms: Yes! Lisbon Hostel, Home Lisbon Hostel."
    user.observe_many([{"text": said}, {"text": reply, "role": "assistant"}])
    question = "Which hostels in Lisbon would you recommend for me?"
    off = RecallWeights(other_speaker=0.0)
    assert user.recall(question, k=1, kinds=["episodic"], weights=off)[0].memory.text == reply
    hits = user.recall(question, k=2, kinds=["episodic"], weights=RecallWeights(other_speaker=1.0))
    assert [h.memory.text for h in hits] == [said, reply]
    assert hits[1].breakdown.lexical == 0
    assert dense_only(RecallWeights()).other_speaker == 0.0


def test_options_the_user_chose_from_count_as_the_users(engine: Personify) -> None:
    """The assistant's list that a choice was distilled from is half of what the choice says:
    it keeps its full weight; another assistant reply does not."""
    user = engine.user("chooser")
    offer = (
        "Here are some options:\n1. Lake Garda for hiking\n2. Dolomites via ferrata\n"
        "3. Cinque Terre walks"
    )
    user.observe_many(
        [
            {"text": "Where should I go hiking in Italy this summer?"},
            {"text": offer, "role": "assistant"},
            {"text": "the dolomites one please, I love a via ferrata"},
            {"text": "Hiking boots should be broken in before Italy.", "role": "assistant"},
        ]
    )
    assert any(m.text.startswith("Chose") for m in user.memories("preference"))
    w = RecallWeights()
    hits = {h.memory.text: h for h in user.recall("hiking in Italy", k=10, weights=w)}
    assert hits[offer].breakdown.confidence == pytest.approx(w.confidence)
    boots = hits["Hiking boots should be broken in before Italy."]
    assert boots.breakdown.confidence == pytest.approx(w.confidence - w.request_penalty * 0.5)
