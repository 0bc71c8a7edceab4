"""Rewards: explicit (thumbs, ratings) and weak ones read from the user's next turn.

A correction, "that's wrong", "not what I asked", a request to try again or an edited copy of
the answer are negative; thanks and acceptance are positive; simply carrying on with the same
topic is weakly positive. A change of topic weakens whatever was detected: the turn may not be
about the answer at all.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from personify.lexical import term_counts


class RewardSignal(BaseModel):
    reward: float = Field(ge=-1.0, le=1.0)
    reason: str


_NEGATIVE: list[tuple[re.Pattern[str], float, str]] = [
    (re.compile(p, re.IGNORECASE), r, reason)
    for p, r, reason in [
        (
            r"\b(?:that'?s|that is|this is|it'?s)\s+(?:\w+\s+)?(?:wrong|incorrect|not right|"
            r"not true|inaccurate)\b|\bwrong answer\b",
            -1.0,
            "said it was wrong",
        ),
        (
            r"\bnot what i (?:asked|wanted|meant|need(?:ed)?)\b|\bthat'?s not (?:it|what)\b",
            -1.0,
            "not what was asked",
        ),
        (
            r"\b(?:try again|regenerate|redo (?:it|that)|another (?:answer|try|version))\b",
            -1.0,
            "asked to regenerate",
        ),
        (
            r"\bi (?:already )?(?:told|said to|asked) you\b|\bas i (?:said|mentioned)\b|"
            r"\byou (?:forgot|ignored|missed)\b|\bi said\b",
            -1.0,
            "had to repeat themself",
        ),
        (
            r"^\s*(?:no|nope|nah)\b[,.! ]|\bactually,? (?:i|it|that)\b|\bi meant\b",
            -0.6,
            "corrected the answer",
        ),
        (
            r"\b(?:didn'?t|doesn'?t|does not|did not) (?:help|work)\b|\buseless\b",
            -0.8,
            "said it did not help",
        ),
        (r"\btoo (?:long|verbose|short|complicated|technical)\b", -0.5, "disliked the form"),
    ]
]
_POSITIVE: list[tuple[re.Pattern[str], float, str]] = [
    (re.compile(p, re.IGNORECASE), r, reason)
    for p, r, reason in [
        (
            r"\b(?:thanks|thank you|thx|perfect|exactly|awesome|brilliant|that (?:works|helps|"
            r"helped)|very helpful|love it|spot on)\b",
            0.8,
            "thanked or approved",
        ),
        (r"^\s*(?:ok(?:ay)?|sure|great|nice|cool|sounds good|got it|yes)\b", 0.4, "accepted"),
    ]
]


def _overlap(a: str, b: str) -> float:
    ta, tb = set(term_counts(a)), set(term_counts(b))
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def detect_reward(
    text: str,
    previous_answer: str | None = None,
    topic_similarity: float | None = None,
) -> RewardSignal | None:
    """The weak reward carried by the user's turn after an answer, or None if there is none.

    ``topic_similarity`` is the cosine between this turn and the user's previous one: a high
    value means the user carries on with the same topic.
    """
    signal = None
    if previous_answer and len(text) > 40 and 0.6 <= _overlap(text, previous_answer) < 0.98:
        signal = RewardSignal(reward=-0.5, reason="edited the answer")
    for pattern, reward, reason in _NEGATIVE:
        if signal is None and pattern.search(text):
            signal = RewardSignal(reward=reward, reason=reason)
    for pattern, reward, reason in _POSITIVE:
        if signal is None and pattern.search(text):
            signal = RewardSignal(reward=reward, reason=reason)
    if topic_similarity is None:
        return signal
    if signal is None:
        if topic_similarity >= 0.5:
            return RewardSignal(reward=0.2, reason="continued on topic")
        return None
    if topic_similarity < 0.2:
        return RewardSignal(reward=signal.reward * 0.5, reason=f"{signal.reason}; topic changed")
    return signal
