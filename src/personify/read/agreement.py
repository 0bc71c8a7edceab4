"""How well candidate answers fit what is known about a user.

An agent that drafted several answers, plans or tool calls can ask which one the user would
pick. Each option is compared with the *objects* of the relevant preferences and constraints,
signed by their polarity: an option close to something the user avoids loses, one close to
something they like wins. Similarities are centred across the options first, so only what
distinguishes the options counts. Plain cosine to the preference text cannot do this - "I can't
stand online courses" sits right next to "take an online course" in embedding space.

One scoring core serves two readers: :func:`rank_options` reads personify's recalled profile
memories (polarity and object already learned), and :func:`read_options` reads any list of
retrieved texts - what any memory system returned for the question - by running the rule and
choice extractors over them first. The evaluation harness gives every system the second reader,
so a comparison of memory systems is not a comparison of answer-selection steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel

from personify.lexical import overlap
from personify.models import Event, Hit, MemoryKind

if TYPE_CHECKING:
    from personify.embeddings import Embedder

LEXICAL_WEIGHT = 0.5
STANCE_KINDS = (MemoryKind.PREFERENCE, MemoryKind.CONSTRAINT)
"""What an answer can fit or conflict with: likes, dislikes and constraints."""


class OptionFit(BaseModel):
    index: int
    option: str
    score: float
    reasons: list[str]


@dataclass(frozen=True)
class Stance:
    """Something the user likes (``weight`` > 0) or avoids (< 0).

    ``weight`` is polarity x relevance to the question x confidence; ``object`` is what options
    are compared with, ``text`` the statement it comes from (quoted in reasons).
    """

    text: str
    object: str
    weight: float


def fit_contributions(
    options: Sequence[str],
    option_vectors: np.ndarray,
    stances: Sequence[Stance],
    object_vectors: np.ndarray,
) -> np.ndarray:
    """``out[i, j]``: how much stance ``j`` pushes option ``i`` up (+) or down (-).

    The scoring core shared by both readers; an option's score is its row sum.
    """
    if not stances:
        return np.zeros((len(options), 0))
    similarity = option_vectors @ object_vectors.T
    # Short phrases embed by topic more than by the thing named ("research papers on AI"
    # sits closer to "an AI course" than to "long research papers"): shared content words
    # pull the comparison back to the object itself.
    similarity += LEXICAL_WEIGHT * np.array(
        [[overlap(o, s.object) for s in stances] for o in options]
    )
    similarity -= similarity.mean(axis=0, keepdims=True)
    return similarity * np.array([s.weight for s in stances])


def _fits(
    options: Sequence[str], contributions: np.ndarray, stances: Sequence[Stance]
) -> list[OptionFit]:
    """Options best first (ties keep their order), each with its two strongest reasons."""
    scores = contributions.sum(axis=1)
    out = []
    for i, option in enumerate(options):
        top = np.argsort(-np.abs(contributions[i]))[:2]
        reasons = [
            f"{'fits' if contributions[i, j] > 0 else 'conflicts with'}: {stances[j].text}"
            for j in top
            if abs(contributions[i, j]) > 1e-3
        ]
        out.append(OptionFit(index=i, option=option, score=float(scores[i]), reasons=reasons))
    out.sort(key=lambda fit: (-fit.score, fit.index))
    return out


def rank_options(
    options: Sequence[str],
    option_vectors: np.ndarray,
    hits: Sequence[Hit],
    object_vectors: np.ndarray,
) -> list[OptionFit]:
    """Options best first. ``hits`` are recalled profile memories with polarity and object."""
    stances = [
        Stance(
            text=h.memory.text,
            object=h.memory.object or h.memory.text,
            weight=(h.memory.polarity or 0.0) * max(h.breakdown.cosine, 0.0) * h.memory.confidence,
        )
        for h in hits
    ]
    return _fits(
        options, fit_contributions(options, option_vectors, stances, object_vectors), stances
    )


def stances_in(texts: Sequence[str]) -> list[tuple[int, float, str, float]]:
    """(text index, polarity, object, confidence) of every like, dislike and constraint that
    personify's extractors read in ``texts``, each read as something the user said.

    The rule extractor reads each text alone; the choice extractor reads each pair of an
    offered list and a text that picks from it ("I'll go with the second one"), in either
    retrieval order, so a choice counts when both halves were retrieved. A choice is credited
    to the text that offered the list (it names what was chosen).
    """
    from personify.learn.extract.rules import RuleExtractor
    from personify.learn.extract.signals import ChoiceExtractor, offered_options

    rules, choices = RuleExtractor(), ChoiceExtractor()
    events = [Event(user_id="reader", role="user", text=text) for text in texts]
    found = [(i, c) for i, event in enumerate(events) for c in rules.extract(event)]
    for i, text in enumerate(texts):
        if len(offered_options(text)) < 2:
            continue
        offer = Event(user_id="reader", role="assistant", text=text)
        for j, event in enumerate(events):
            if j != i:
                found += [(i, c) for c in choices.extract(event, [offer])]
    return [
        (i, float(c.polarity), c.object, c.confidence)
        for i, c in found
        if c.kind in STANCE_KINDS and c.polarity and c.object
    ]


def read_options(
    question: str, texts: Sequence[str], options: Sequence[str], embedder: Embedder
) -> list[OptionFit]:
    """Options best first, judged from retrieved ``texts`` alone (any system's top-k).

    Likes and dislikes are read from the texts by :func:`stances_in` (personify's extractors),
    weighted by the cosine of their text to the question, and scored by the same core as
    :func:`rank_options`. When that yields no opinion (nothing extracted, or no extracted
    stance relevant to the question) it falls back to cosine to the first text; with no texts
    every option scores 0.
    """
    texts = [t for t in texts if t and t.strip()]
    if not texts:
        return [OptionFit(index=i, option=o, score=0.0, reasons=[]) for i, o in enumerate(options)]
    found = stances_in(texts)
    option_vectors = embedder.embed(list(options))
    if found:
        vectors = embedder.embed([question, *texts, *(obj for _, _, obj, _ in found)])
        relevance = vectors[1 : 1 + len(texts)] @ vectors[0]
        stances = [
            Stance(text=texts[i], object=obj, weight=pol * max(float(relevance[i]), 0.0) * conf)
            for i, pol, obj, conf in found
        ]
        contributions = fit_contributions(
            options, option_vectors, stances, vectors[1 + len(texts) :]
        )
        if np.ptp(contributions.sum(axis=1)) > 1e-9:
            return _fits(options, contributions, stances)
    top = embedder.embed([texts[0]])[0]
    similarity = option_vectors @ top
    fits = [
        OptionFit(index=i, option=o, score=float(similarity[i]), reasons=[f"close to: {texts[0]}"])
        for i, o in enumerate(options)
    ]
    fits.sort(key=lambda fit: (-fit.score, fit.index))
    return fits


def scores_by_index(fits: Sequence[OptionFit], n: int) -> list[float]:
    """The scores of ``fits`` in option order (``fits`` come best first)."""
    scores = [0.0] * n
    for fit in fits:
        scores[fit.index] = fit.score
    return scores
