"""The word tagger: spans of a turn's words read from the model's own states."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from personify import Personify
from personify.embeddings.base import CachedEmbedder, WordEmbedder, Words
from personify.embeddings.minilm import MiniLMEmbedder
from personify.learn import learner
from personify.learn.extract import Candidate
from personify.learn.learner import Learner
from personify.learn.tagger import LABELS, SpanTagger, features
from personify.models import MemoryKind, Origin

TEXT = "brewing kombucha again, gluten-free stuff only"


def toy(
    threshold: float = 0.7, own: float | None = None, axes: tuple[str, str] = ("like", "constraint")
) -> SpanTagger:
    """A tagger over 2-d word states (features: word state and mean state, 4 inputs) whose
    first axis reads as ``axes[0]`` ("like") and second as ``axes[1]`` ("constraint"); a zero
    state is "none"."""
    w1 = np.zeros((4, 3), dtype=np.float32)
    w1[0, 0] = w1[1, 1] = 10.0
    w2 = np.zeros((3, len(LABELS)), dtype=np.float32)
    w2[0, LABELS.index(axes[0])] = w2[1, LABELS.index(axes[1])] = 1.0
    w2[2, 0] = 1.0
    b1 = np.array([0.0, 0.0, 1.0], dtype=np.float32)  # "none" wins on a zero state
    return SpanTagger.trained(
        w1=w1,
        b1=b1,
        w2=w2,
        b2=np.zeros(len(LABELS), np.float32),
        mean=np.zeros(4, np.float32),
        scale=np.ones(4, np.float32),
        embedder="toy",
        threshold=threshold,
        own_threshold=own,
    )


def words_of(text: str, states: dict[str, tuple[float, float]]) -> Words:
    """Words split on spaces and around '-' and ',', with the given states (else zero)."""
    import re

    spans = tuple((m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]", text))
    vectors = np.array([states.get(text[a:b], (0.0, 0.0)) for a, b in spans], np.float32)
    return Words(spans, vectors, np.zeros(2, np.float32))


def test_a_run_of_words_tagged_alike_is_one_span_across_a_hyphen() -> None:
    words = words_of(TEXT, {"kombucha": (1, 0), "gluten": (0, 1), "free": (0, 1)})
    found = [t.candidate for t in toy().read(TEXT, words, said=[], evidence="e1")]
    assert [(c.kind, c.polarity, c.object) for c in found] == [
        (MemoryKind.PREFERENCE, 1.0, "kombucha"),
        (MemoryKind.CONSTRAINT, -1.0, "gluten-free"),
    ]
    assert found[0].text == "brewing kombucha again, gluten-free stuff only"
    assert found[0].origin == Origin.IMPLICIT and found[0].evidence == ["e1"]
    assert found[0].metadata["extractor"] == "tagger"


def test_a_home_or_a_job_is_read_with_its_slot_unless_it_is_said_to_be_over() -> None:
    tagger = toy(axes=("location", "job"))
    text = "ok we're HERE, porto, boxes everywhere. barista by day"
    words = words_of(text, {"porto": (1, 0), "barista": (0, 1)})
    found = [t.candidate for t in tagger.read(text, words, said=[], evidence="e1")]
    assert [(c.kind, c.slot, c.object, c.polarity) for c in found] == [
        (MemoryKind.FACT, "location", "porto", None),
        (MemoryKind.FACT, "job", "barista", None),
    ]
    for over in (
        "moving to lisbon from porto next month",
        "paramedic, not a barista",
        "officially not a barista anymore",
        "I left porto in may",
        "I used to live in porto",
        "had the best flat in porto, miss that",
        "back home after nine years in porto",
        "we closed the porto branch in january",
        "priya's settled in porto, visiting in august",  # hers
        "need a formal email to a supplier in porto about a delayed shipment",  # theirs
        "my cousin in porto says hi",
    ):
        words = words_of(over, {"porto": (1, 0), "barista": (0, 1)})
        assert tagger.read(over, words, said=[], evidence="e1") == [], over


def test_a_town_on_a_journey_is_not_a_home_but_where_it_starts_may_be() -> None:
    """A stay away or a destination is not where the user lives; a journey's start most often
    is ("Flying Auckland to Sydney"); a town is read whole ("La Paz", not "Paz")."""
    tagger = toy(axes=("location", "job"))
    for away in (
        "just landed in Seoul for 6 weeks",
        "need a cheap powered site near Wanaka for 4 nights, dogs allowed",
        "booking Halifax for a 3-day audit",
        "hauling reefer Tulsa to Seoul tues",
        "hauling reefer Tulsa to Salt Lake tues",
    ):
        words = words_of(away, {w: (1, 0) for w in ("Seoul", "Wanaka", "Halifax", "Tulsa")})
        assert tagger.read(away, words, said=[], evidence="e1") == [], away
    for text, town in (
        ("Flying Auckland to Sydney for the festival", "Auckland"),
        ("DevOps contractor in Tallinn, I fly to clients in Helsinki a lot", "Tallinn"),
        ("home in Nashville for 10 days", "Nashville"),
        ("settled in La Paz with the kids", "La Paz"),
    ):
        words = words_of(text, {town.split()[-1]: (1, 0)})
        found = [t.candidate for t in tagger.read(text, words, said=[], evidence="e1")]
        assert [(c.slot, c.object) for c in found] == [("location", town)], text


def test_what_the_word_states_do_not_tell_is_not_read() -> None:
    """A like in a negated clause, a wish, a home or job told in the past, someone's own."""
    tagger = toy(axes=("like", "location"))
    for text in (
        "I could not care less about football, honestly",
        "Or what if I moved to Lisbon like half my cousins?",
        "I'm 57, I was an engineer in Lisbon for thirty years, and now I'm a carer",
        "the director enjoyed his football, which I'm counting as a victory",
        "married to a Lisbon fan = we never see each other lol",
        "football's out.",
        "rugby > football, always",
        "football: tried it twice, never again",
    ):
        words = words_of(text, {"football": (1, 0), "Lisbon": (0, 1)})
        assert tagger.read(text, words, said=[], evidence="e1") == [], text
    text = "football on a sunday, honestly, and moved to Lisbon in march"
    words = words_of(text, {"football": (1, 0), "Lisbon": (0, 1)})
    got = [t.candidate.object for t in tagger.read(text, words, said=[], evidence="e1")]
    assert got == ["football", "Lisbon"]


@pytest.mark.parametrize(
    "text",
    [
        "How long have you been brewing kombucha?",
        "what do you love most about kombucha?",
        "Have a great kombucha tasting!",
    ],
)
def test_a_question_about_the_other_person_or_a_wish_for_them_is_theirs(text: str) -> None:
    words = words_of(text, {"kombucha": (1, 0)})
    assert toy().read(text, words, said=[], evidence="e1") == []
    mine = text.rstrip("?!") + " for me?"  # the user in it: read as before
    words = words_of(mine, {"kombucha": (1, 0)})
    assert [t.candidate.object for t in toy().read(mine, words, said=[], evidence="e1")] == [
        "kombucha"
    ]


def test_a_town_asked_about_in_a_wh_question_is_no_home_but_here_in_one_is() -> None:
    text = "what would an engineer make in amsterdam vs here in leeds?"
    words = words_of(text, {"amsterdam": (1, 0), "leeds": (1, 0)})
    tagger = toy(axes=("location", "constraint"))
    assert [t.candidate.object for t in tagger.read(text, words, said=[], evidence="e1")] == [
        "leeds"
    ]


def test_below_the_threshold_nothing_is_read() -> None:
    words = words_of(TEXT, {"kombucha": (0.05, 0)})
    assert toy().read(TEXT, words, said=[], evidence="e1") == []


def test_a_sentence_the_grammar_holds_as_about_the_user_is_read_at_the_lower_threshold() -> None:
    words = words_of(TEXT, {"kombucha": (0.25, 0)})  # "like" at about 0.64
    bare = Candidate(
        kind=MemoryKind.FACT, text=TEXT, confidence=0.5, origin=Origin.EXPLICIT,
        evidence=["e1"], metadata={"extractor": "disclosure"},
    )  # fmt: skip
    tagger = toy(threshold=0.9, own=0.5)
    assert tagger.read(TEXT, words, said=[], evidence="e1") == []
    found = tagger.read(TEXT, words, said=[bare], evidence="e1")
    assert [t.candidate.object for t in found] == ["kombucha"]
    past = bare.model_copy(update={"metadata": {"extractor": "disclosure", "past": True}})
    assert tagger.read(TEXT, words, said=[past], evidence="e1") == []


def test_what_the_grammar_said_keeps_the_grammar_reading() -> None:
    words = words_of(TEXT, {"kombucha": (1, 0), "gluten": (0, 1), "free": (0, 1)})
    grammar = Candidate(
        kind=MemoryKind.CONSTRAINT,
        text="gluten-free stuff only",
        object="gluten-free",
        confidence=0.8,
        origin=Origin.EXPLICIT,
        evidence=["e1"],
        metadata={"extractor": "rules"},
    )
    bare = Candidate(
        kind=MemoryKind.FACT,
        text=TEXT,
        confidence=0.5,
        origin=Origin.EXPLICIT,
        evidence=["e1"],
        metadata={"extractor": "disclosure"},
    )
    found = [t.candidate for t in toy().read(TEXT, words, said=[grammar, bare], evidence="e1")]
    assert [c.object for c in found] == ["kombucha"]  # a bare fact names nothing: no block


@pytest.mark.parametrize("window", [0, 1])
def test_the_folded_network_is_the_trained_one(window: int) -> None:
    rng = np.random.default_rng(0)
    n = 8 * (1 + window)  # 4-d states: word and mean, then the words before and after
    w1, b1 = rng.normal(size=(n, 5)), rng.normal(size=5)
    w2, b2 = rng.normal(size=(5, len(LABELS))), rng.normal(size=len(LABELS))
    mean, scale = rng.normal(size=n), rng.uniform(0.5, 2, size=n)
    spans = ((0, 1), (2, 3), (4, 5))
    words = Words(spans, rng.normal(size=(3, 4)).astype(np.float32), rng.normal(size=4))
    x = (features(words, window) - mean) / scale
    logits = np.maximum(x @ w1 + b1, 0) @ w2 + b2
    expected = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    tagger = SpanTagger.trained(
        w1, b1, w2, b2, mean, scale, embedder="toy", threshold=0.5, window=window
    )
    np.testing.assert_allclose(tagger.probabilities(words), expected, rtol=1e-4, atol=1e-6)


def test_a_word_is_read_beside_its_neighbours() -> None:
    words = Words(((0, 1), (2, 3), (4, 5)), np.eye(3, dtype=np.float32), np.zeros(3))
    x = features(words, window=1)
    assert x.shape == (3, 12)
    np.testing.assert_array_equal(x[:, 6:9], [[0, 0, 0], [1, 0, 0], [0, 1, 0]])  # before
    np.testing.assert_array_equal(x[:, 9:12], [[0, 1, 0], [0, 0, 1], [0, 0, 0]])  # after


def test_words_average_the_pieces_of_each_word() -> None:
    hidden = np.array([[9, 9], [1, 3], [3, 5], [2, 2], [9, 9]], dtype=np.float32)
    words = Words.pooled([None, 0, 0, 1, None], [(0, 0), (0, 3), (3, 5), (6, 8), (0, 0)], hidden)
    assert words.spans == ((0, 5), (6, 8))
    np.testing.assert_allclose(words.vectors, [[2, 4], [2, 2]])
    np.testing.assert_allclose(words.mean, hidden.mean(axis=0))


def test_the_packaged_tagger_needs_the_model_it_was_trained_on() -> None:
    tagger = SpanTagger.packaged()
    assert tagger.fits("all-MiniLM-L6-v2") and not tagger.fits("text-embedding-3-small")
    assert Learner(MiniLMEmbedder()).tagger is not None
    assert Learner(MiniLMEmbedder(), tagger=False).tagger is None


def test_wrappers_hand_out_word_states_exactly_when_the_model_does(fake_embedder) -> None:
    assert isinstance(CachedEmbedder(MiniLMEmbedder()), WordEmbedder)
    assert not isinstance(CachedEmbedder(fake_embedder), WordEmbedder)
    assert Learner(fake_embedder).tagger is None


@pytest.mark.parametrize(
    ("turn", "kind", "word"),
    [
        ("any bouldering gyms near arroios?? my usual one shut down", "preference", "bouldering"),
        ("ok so my sourdough starter died again, third time this year", "preference", "sourdough"),
    ],
)
def test_the_default_engine_learns_what_is_said_in_passing(
    tmp_path: Path, minilm: MiniLMEmbedder, turn: str, kind: str, word: str
) -> None:
    def learned(**settings: object) -> list[tuple[str, str]]:
        with Personify(tmp_path / f"p{len(settings)}.db", embedder=minilm, **settings) as p:
            user = p.user("u1")
            user.observe(turn)
            return [(m.kind.value, f"{m.object} {m.text}".lower()) for m in user.memories()]

    assert any(k == kind and word in obj for k, obj in learned())
    assert not any(k == kind and word in obj for k, obj in learned(tagger=False))


class Spy:
    """The real model, counting which of its two entry points each write uses."""

    def __init__(self, inner: MiniLMEmbedder) -> None:
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.embedded: list[str] = []
        self.worded: list[str] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.embedded += texts
        return self.inner.embed(texts)

    def embed_words(self, texts: list[str]) -> tuple[np.ndarray, list[Words]]:
        self.worded += texts
        return self.inner.embed_words(texts)


def test_observe_runs_the_model_once_per_turn_and_rebuild_reads_the_same(
    tmp_path: Path, minilm: MiniLMEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = Spy(minilm)
    turns = [
        {"role": "user", "text": "ok so my sourdough starter died again, third time this year"},
        {"role": "assistant", "text": "Sorry! Try feeding it twice a day somewhere warm."},
        {
            "role": "user",
            "text": "any bouldering gyms near arroios?? my usual one shut down",
        },
    ]
    with Personify(tmp_path / "p.db", embedder=spy) as p:
        user = p.user("u1")
        user.observe_many(turns)
        assert spy.worded == [t["text"] for t in turns]  # one pass: vectors and word states
        assert not any(t["text"] in spy.embedded for t in turns)
        said = [t["text"] for t in turns if t["role"] == "user"]

        def read() -> list[tuple[str, str | None, str | None]]:
            return sorted(
                (m.kind.value, m.object, m.text)
                for m in user.memories()
                if m.kind.value != "episodic"
            )

        live = read()
        assert any(obj and "bouldering" in obj for _, obj, _ in live)
        user.rebuild()
        assert read() == live
        monkeypatch.setattr(learner, "WORDS_CHUNK", 1)  # a long log: states a chunk at a time
        spy.worded.clear()
        user.rebuild()
        assert read() == live
        assert spy.worded == said


def test_options_named_in_a_question_are_not_liked(engine) -> None:
    text = (
        "Setting up my new kitchen in Birmingham. Need a coffee maker. Milk, sugar? Nah. "
        "Black, strong, that's it"
    )
    user = engine.user("u")
    user.observe_many([{"text": text}])
    liked = [m.object for m in user.memories(("preference",)) if (m.polarity or 0) > 0]
    assert "sugar" not in liked and "Milk" not in liked
