"""What a sentence the grammar could only keep as a bare fact says about the user.

"made tonkotsu from scratch again this weekend, worth every minute" has no verb cue, so the rule
extractor keeps it as a fact (:mod:`.extract.disclosure`); its meaning, a liking, is in the
embedding. A small multinomial logistic regression over the MiniLM sentence vector reads such a
sentence as a liking, a dislike, a constraint, a goal, a plain fact or not about the user; only
a confident liking, dislike, constraint or goal changes the item's kind. The weights ship with
the package (``kinds.npz``) and are written by ``scripts/train_kinds.py`` from sentences written
for it and from the tuning conversations of the suite, never the report fold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import numpy as np

from personify.learn.extract import Candidate
from personify.learn.extract.endings import HEALED
from personify.models import MemoryKind

LABELS = ("like", "dislike", "constraint", "goal", "fact", "other")
# what a confident reading turns a bare fact into: (kind, polarity)
READINGS: dict[str, tuple[MemoryKind, float | None]] = {
    "like": (MemoryKind.PREFERENCE, 1.0),
    "dislike": (MemoryKind.PREFERENCE, -1.0),
    "constraint": (MemoryKind.CONSTRAINT, None),
    "goal": (MemoryKind.GOAL, 1.0),
}
WEIGHTS = "kinds.npz"


@dataclass(frozen=True)
class KindClassifier:
    """``softmax(((v - mean) / scale) @ weights + bias)`` over :data:`LABELS`, for vectors of
    the embedder it was trained on (``embedder``); ``threshold`` is the least probability that
    changes an item's kind, chosen for precision by the training script."""

    weights: np.ndarray  # (dim, len(LABELS))
    bias: np.ndarray  # (len(LABELS),)
    mean: np.ndarray  # (dim,)
    scale: np.ndarray  # (dim,)
    embedder: str
    threshold: float

    @classmethod
    def packaged(cls) -> KindClassifier:
        with resources.files("personify.learn").joinpath(WEIGHTS).open("rb") as f:
            data = np.load(f)
            return cls(
                weights=data["weights"],
                bias=data["bias"],
                mean=data["mean"],
                scale=data["scale"],
                embedder=str(data["embedder"]),
                threshold=float(data["threshold"]),
            )

    def fits(self, embedder_name: str) -> bool:
        """Vectors from another model (an OpenAI embedder) share no space with these weights;
        the int8 graph of the same model does."""
        return embedder_name.removesuffix("-int8") == self.embedder

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        logits = ((np.atleast_2d(vectors) - self.mean) / self.scale) @ self.weights + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def read(self, candidate: Candidate, vector: np.ndarray) -> None:
        """Give a bare first-person fact the kind its meaning carries, when confident; the item
        keeps its text (the user's words) and records the reading and its probability."""
        if not bare_fact(candidate):
            return
        probabilities = self.probabilities(vector)[0]
        best = int(np.argmax(probabilities))
        label = LABELS[best]
        if label not in READINGS or probabilities[best] < self.threshold:
            return
        said = candidate.text
        if label == "constraint" and (_FINE.search(said) or HEALED.search(said)):
            return  # "peanuts i eat no problem", "dairy trial over": no limit (or one ended)
        if label == "like" and TURNED_AWAY.search(said):
            return  # "Oatmeal: spiked me to 160, never again"
        candidate.kind, candidate.polarity = READINGS[label]
        candidate.metadata["read_as"] = f"{label} {probabilities[best]:.2f}"


_FINE = re.compile(
    r"\b(?:no\s+problem|not\s+a\s+problem|(?:is|are|'s)\s+(?:totally\s+|actually\s+)?(?:fine|ok|okay)|"
    r"(?:totally|completely|perfectly|absolutely|actually)\s+fine|(?:fine|ok|okay)\s+for\s+me|"
    r"(?:don't|do\s+not)\s+mind)\b",
    re.IGNORECASE,
)


# a thing turned away, whatever else the sentence's meaning carries: no liking of it
TURNED_AWAY = re.compile(
    r"\b(?:never\s+again|no\s+more|(?:'s|\s+is|\s+are)\s+out\b|not\s+for\s+me|no\s+thanks|"
    r"no\s+way|nope|worst|hated?|hates|can't\s+stand|cannot\s+stand|revolt\w*|gross|disgusting|"
    r"awful|terrible|horrible|(?:sick|tired)\s+of|fed\s+up|nightmare|"
    # given up: "been off coffee since Jan", "going cold turkey on the coke", "4 weeks no coke"
    r"(?:been|am|i'm|went)\s+off|cold\s+turkey|(?:days?|weeks?|months?|years?)\s+(?:of\s+)?no|"
    r"quit|quitting|gave\s+up|giving\s+up|given\s+up|cut(?:ting)?\s+out)\b",
    re.IGNORECASE,
)


def bare_fact(candidate: Candidate) -> bool:
    """A sentence the grammar kept only as "something about the user": not someone else's,
    not how things were, no slot, no polarity (what this reader re-reads, and what the word
    tagger reads at its lower threshold and does not let block its words)."""
    meta = candidate.metadata
    return (
        meta.get("extractor") == "disclosure"
        and not meta.get("about")
        and not meta.get("past")
        and candidate.kind == MemoryKind.FACT
        and candidate.slot is None
        and candidate.polarity is None
    )
