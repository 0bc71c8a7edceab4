"""How well candidate answers fit what personify knows about a user.

An agent that drafted several answers, plans or tool calls can ask which one the user would
pick. Each option is compared with the *objects* of the relevant preferences and constraints,
signed by their polarity: an option close to something the user avoids loses, one close to
something they like wins. Similarities are centred across the options first, so only what
distinguishes the options counts. Plain cosine to the preference text cannot do this - "I can't
stand online courses" sits right next to "take an online course" in embedding space.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from pydantic import BaseModel

from personify.lexical import overlap
from personify.models import Hit

LEXICAL_WEIGHT = 0.5


class OptionFit(BaseModel):
    index: int
    option: str
    score: float
    reasons: list[str]


def rank_options(
    options: Sequence[str],
    option_vectors: np.ndarray,
    hits: Sequence[Hit],
    object_vectors: np.ndarray,
) -> list[OptionFit]:
    """Options best first. ``hits`` are recalled profile memories with polarity and object."""
    scores = np.zeros(len(options))
    contributions = np.zeros((len(options), len(hits)))
    if hits:
        similarity = option_vectors @ object_vectors.T
        # Short phrases embed by topic more than by the thing named ("research papers on AI"
        # sits closer to "an AI course" than to "long research papers"): shared content words
        # pull the comparison back to the object itself.
        similarity += LEXICAL_WEIGHT * np.array(
            [[overlap(o, h.memory.object or h.memory.text) for h in hits] for o in options]
        )
        similarity -= similarity.mean(axis=0, keepdims=True)
        weights = np.array(
            [
                (h.memory.polarity or 0.0) * max(h.breakdown.cosine, 0.0) * h.memory.confidence
                for h in hits
            ]
        )
        contributions = similarity * weights
        scores = contributions.sum(axis=1)
    out = []
    for i, option in enumerate(options):
        top = np.argsort(-np.abs(contributions[i]))[:2] if hits else []
        reasons = [
            f"{'fits' if contributions[i, j] > 0 else 'conflicts with'}: {hits[j].memory.text}"
            for j in top
            if abs(contributions[i, j]) > 1e-3
        ]
        out.append(OptionFit(index=i, option=option, score=float(scores[i]), reasons=reasons))
    out.sort(key=lambda fit: (-fit.score, fit.index))
    return out
