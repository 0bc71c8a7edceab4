"""Preference pairs for DPO-style fine-tuning, read from the event log.

A personal model learns most from what the user preferred over what they were given. The log
already holds three kinds of such evidence, each turned into ``prompt``/``chosen``/``rejected``
records in TRL's conversational preference format:

- **choice**: the assistant offered options and the user picked one; the pick is chosen over
  each option passed over (as :class:`~personify.learn.extract.signals.ChoiceExtractor` reads it).
- **edit**: the user pasted back an edited copy of the answer; their version is chosen.
- **correction**: the user pushed back ("that's wrong", "not what I asked", "try again") and a
  later answer was then accepted (the user carried on without pushing back again); the accepted
  answer is chosen over each one pushed back on. Nothing is paired while the outcome is open.
- **rating**: explicit ratings or thumbs on answers to similar prompts (stored turn vectors,
  cosine >= ``SIMILAR_PROMPTS``, or the same text) that differ by at least ``RATING_GAP``
  (two points on the 1-5 scale, or up against down); the prompt is the better answer's.

The pairs are a pure reading of the log: nothing is stored, and forgotten (redacted) turns
never appear in them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Literal

import numpy as np
from pydantic import BaseModel, Field

from personify.learn.extract.signals import ChoiceExtractor
from personify.learn.learner import CONTEXT_TURNS
from personify.learn.rewards import detect_reward
from personify.models import Event, EventKind, MemoryKind
from personify.store import MemoryFilter, Store

SIMILAR_PROMPTS = 0.8
"""Cosine between two prompts' turn vectors above which their rated answers are compared."""
RATING_GAP = 1.0
"""Smallest reward difference that makes a pair: ratings 5 vs 3, 4 vs 2, or +1 vs -1."""
EDITED = "edited the answer"  # the reason detect_reward gives for a pasted, edited answer


class PairSource(StrEnum):
    CHOICE = "choice"
    EDIT = "edit"
    CORRECTION = "correction"
    RATING = "rating"


class ChatMessage(BaseModel):
    role: Literal["system", "user", "assistant"]
    content: str


class PreferencePair(BaseModel):
    """One preference example: TRL's conversational format plus where it came from.

    ``prompt``/``chosen``/``rejected`` are what TRL's DPO trainer reads; the other fields
    are ignored by it and let a dataset be audited, filtered or split by time.
    """

    prompt: list[ChatMessage]
    chosen: list[ChatMessage]
    rejected: list[ChatMessage]
    source: PairSource
    user_id: str
    evidence: list[str] = Field(description="ids of the events behind the pair, oldest first")
    ts: datetime = Field(description="when the preference was expressed")


def preference_pairs(store: Store, user_id: str) -> list[PreferencePair]:
    """Every preference pair the user's log supports, in the order they were expressed."""
    events = store.list_events(user_id)
    pairs, rated = _read_log(user_id, events)
    pairs.extend(_rating_pairs(user_id, rated, _prompt_vectors(store, user_id, rated)))
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for pair in sorted(pairs, key=lambda p: p.ts):
        key = (pair.prompt[-1].content, pair.chosen[0].content, pair.rejected[0].content)
        if key not in seen and key[1] != key[2]:
            seen.add(key)
            unique.append(pair)
    return unique


class _Rated(BaseModel):
    prompt: Event
    answer: Event
    reward: float
    feedback: Event


def _pair(
    source: PairSource, user_id: str, prompt: Event, chosen: str, rejected: str, *evidence: Event
) -> PreferencePair:
    ordered = sorted({e.id: e for e in (prompt, *evidence)}.values(), key=lambda e: e.ts)
    return PreferencePair(
        prompt=[ChatMessage(role="user", content=prompt.text or "")],
        chosen=[ChatMessage(role="assistant", content=chosen)],
        rejected=[ChatMessage(role="assistant", content=rejected)],
        source=source,
        user_id=user_id,
        evidence=[e.id for e in ordered],
        ts=max(e.ts for e in ordered),
    )


def _read_log(
    user_id: str, events: Sequence[Event]
) -> tuple[list[PreferencePair], dict[str, _Rated]]:
    """One pass over the log: choice, edit and correction pairs, and the rated answers."""
    pairs: list[PreferencePair] = []
    rated: dict[str, _Rated] = {}  # answer id -> its latest explicit rating
    prompt_of: dict[str, Event] = {}  # answer id -> the user turn it answered
    history: list[Event] = []
    prompt: Event | None = None  # the user turn the current exchange answers
    answer: Event | None = None  # the latest assistant turn not yet judged
    pushed_back: list[tuple[Event, Event]] = []  # (answer to ``prompt``, the user's push-back)
    latest: Event | None = None  # the latest assistant turn: what a rating refers to
    previous: Event | None = None
    choices = ChoiceExtractor()
    for event in events:
        window, history = history[-CONTEXT_TURNS:], [*history[-CONTEXT_TURNS:], event]
        if event.kind == EventKind.FEEDBACK:
            reward = event.metadata.get("reward")
            explicit = event.metadata.get("source") != "implicit"
            if explicit and latest is not None and latest.id in prompt_of and reward is not None:
                rated[latest.id] = _Rated(
                    prompt=prompt_of[latest.id], answer=latest, reward=reward, feedback=event
                )
            continue
        if event.kind != EventKind.TURN:
            continue
        if not event.text or event.redacted or (previous and previous.session != event.session):
            prompt, answer, pushed_back = None, None, []  # a forgotten turn or a new session
        previous = event
        if not event.text or event.redacted:
            if event.role == "assistant":
                latest = None  # a rating after a forgotten answer is not about an earlier one
            continue
        if event.role == "assistant":
            answer = latest = event
            if prompt is not None:
                prompt_of[event.id] = prompt
            continue
        if event.role != "user":
            continue
        pairs.extend(_choice_pairs(choices, user_id, event, window))
        if answer is None:  # the user keeps talking: more push-back, else a new request
            more = detect_reward(event.text)
            if not (pushed_back and more is not None and more.reward < 0):
                prompt, pushed_back = event, []
            continue
        signal = detect_reward(event.text, answer.text)
        if prompt is not None and signal is not None and signal.reward < 0:
            if signal.reason != EDITED:
                pushed_back.append((answer, event))
                answer = None
                continue
            for worse, why in [*pushed_back, (answer, event)]:  # the user wrote what they wanted
                mine, theirs = event.text, worse.text or ""
                edited = _pair(PairSource.EDIT, user_id, prompt, mine, theirs, worse, why, event)
                pairs.append(edited)
        elif prompt is not None:
            for worse, why in pushed_back:  # carried on: the answer after the push-back stood
                better, theirs = answer.text or "", worse.text or ""
                pairs.append(
                    _pair(
                        PairSource.CORRECTION,
                        user_id,
                        prompt,
                        better,
                        theirs,
                        worse,
                        why,
                        answer,
                        event,
                    )
                )
        prompt, answer, pushed_back = event, None, []
    return pairs, rated


def _choice_pairs(
    choices: ChoiceExtractor, user_id: str, event: Event, window: Sequence[Event]
) -> Iterator[PreferencePair]:
    """The picked option over each one passed over, as answers to the question asked."""
    for candidate in choices.extract(event, window):
        meta = candidate.metadata
        if candidate.polarity != 1.0 or "passed_over" not in meta or not meta.get("asked"):
            continue
        offer = window[-1]
        asked = next(e for e in reversed(window[:-1]) if e.role == "user")
        picked = candidate.object or ""
        for other in meta["passed_over"]:
            yield _pair(PairSource.CHOICE, user_id, asked, picked, other, offer, event)


def _prompt_vectors(store: Store, user_id: str, rated: dict[str, _Rated]) -> dict[str, np.ndarray]:
    """The stored turn vectors of the rated answers' prompts (event id -> vector)."""
    if len(rated) < 2:
        return {}
    wanted = {r.prompt.id for r in rated.values()}
    episodic = store.list_memories(user_id, MemoryFilter(kinds=frozenset({MemoryKind.EPISODIC})))
    memory_of = {m.evidence[0]: m.id for m in episodic if m.evidence and m.evidence[0] in wanted}
    vectors = store.embeddings(user_id, list(memory_of.values()))
    return {eid: vectors[mid] for eid, mid in memory_of.items() if mid in vectors}


def _rating_pairs(
    user_id: str, rated: dict[str, _Rated], vectors: dict[str, np.ndarray]
) -> list[PreferencePair]:
    """Better-rated over worse-rated answers to similar prompts."""
    items = sorted(rated.values(), key=lambda r: r.feedback.ts)
    pairs = []
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            better, worse = (a, b) if a.reward > b.reward else (b, a)
            if better.reward - worse.reward < RATING_GAP or not _similar(a, b, vectors):
                continue
            pairs.append(
                _pair(
                    PairSource.RATING,
                    user_id,
                    better.prompt,
                    better.answer.text or "",
                    worse.answer.text or "",
                    better.answer,
                    better.feedback,
                    worse.prompt,
                    worse.answer,
                    worse.feedback,
                )
            )
    return pairs


def _similar(a: _Rated, b: _Rated, vectors: dict[str, np.ndarray]) -> bool:
    if (a.prompt.text or "").strip().lower() == (b.prompt.text or "").strip().lower():
        return True
    va, vb = vectors.get(a.prompt.id), vectors.get(b.prompt.id)
    if va is None or vb is None:
        return False
    cosine = float(va @ vb) / float(np.linalg.norm(va) * np.linalg.norm(vb) or 1.0)
    return cosine >= SIMILAR_PROMPTS
