"""The feedback loop: a reward logs a feedback event, refines what the last persona carried and
moves the user's preference vectors, all in one transaction.

The learning rule lives in :mod:`personify.adapt.vectors` and the reward detector in
:mod:`personify.learn.rewards`; this module connects them to the store and the per-process state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel, Field, computed_field

from personify.adapt.vectors import RecallTrace, UserVectors, VarsSettings, direction, update
from personify.errors import InvalidInputError
from personify.learn.consolidate import refined_confidence
from personify.learn.rewards import detect_reward
from personify.models import Event, EventKind, Memory, StyleParam
from personify.state import SessionState
from personify.store import Store, retrying

if TYPE_CHECKING:
    from personify.read.persona import Persona


class Moved(BaseModel):
    """One confidence that a piece of feedback moved: a profile memory or a style parameter."""

    id: str = Field(description="memory id, or the style parameter's name")
    text: str
    before: float
    after: float


class FeedbackResult(BaseModel):
    """What one piece of feedback changed, so a caller can show it (and tests can check it).

    ``vectors_moved`` is the L2 distance between the effective preference vector before and
    after; ``memories`` and ``style`` are the confidences that the last persona's outcome moved.
    ``note`` says why nothing moved when nothing did."""

    event_id: str
    reward: float
    source: str
    vectors_version_before: int
    vectors_version: int
    vectors_moved: float
    memories: list[Moved] = Field(default_factory=list)
    style: list[Moved] = Field(default_factory=list)
    note: str | None = None

    @computed_field
    @property
    def changed(self) -> bool:
        return self.vectors_version != self.vectors_version_before or bool(
            self.memories or self.style
        )


@dataclass
class ImplicitReward:
    reward: float
    reason: str
    trace: RecallTrace
    persona: Persona | None


@dataclass
class FeedbackPlan:
    """What one piece of feedback writes (in the caller's transaction) and reports."""

    event: Event
    updated: list[Memory]
    style: list[tuple[str, StyleParam]]
    vectors: UserVectors | None  # the new preference vectors, or None when they do not move
    result: FeedbackResult


class FeedbackLoop:
    """Turns rewards into changes: logs the feedback, refines what the last persona carried,
    moves the preference vectors. Owns the per-process state it needs (:class:`SessionState`).

    ``plan`` only reads; the caller writes the plan in one transaction, alone (``record``) or
    with the turns that carried an implicit reward (``observe``)."""

    def __init__(self, store: Store, settings: VarsSettings, state: SessionState) -> None:
        self.store = store
        self.settings = settings
        self.state = state

    def record(
        self,
        user_id: str,
        reward: float,
        memories: Sequence[str] | None,
        source: str,
        comment: str | None,
    ) -> FeedbackResult:
        """Explicit feedback on the last recall or persona, written in one transaction."""
        trace = self.state.trace(user_id)
        if trace is None and not memories:
            raise InvalidInputError(
                f"no recall or persona to give feedback on for {user_id!r} in this process: "
                "recall first, or name the memories the answer used"
            )
        persona = self.state.take_persona(user_id)

        def cycle() -> FeedbackResult:
            version = self.store.user_version(user_id)
            plan = self.plan(user_id, reward, memories, source, comment, trace, persona)
            self.store.write(
                [plan.event],
                [],
                plan.updated,
                plan.style,
                expect_versions={user_id: version},
                vectors=() if plan.vectors is None else [(user_id, plan.vectors)],
            )
            return plan.result

        with self.state.lock(user_id):  # one cycle per user at a time, as every write
            return retrying(cycle, lambda: self.store.exclusive(user_id))

    def plan(
        self,
        user_id: str,
        reward: float,
        memories: Sequence[str] | None,
        source: str,
        comment: str | None,
        trace: RecallTrace | None,
        persona: Persona | None,
    ) -> FeedbackPlan:
        used = list(memories) if memories else list(trace.used_ids) if trace else []
        metadata: dict[str, object] = {"reward": reward, "source": source, "used": used}
        if trace is not None:
            metadata["recall"] = {  # ids, not the query: forgetting must not leave words behind
                "candidates": trace.candidate_ids,
                "scores": [round(float(s), 6) for s in trace.scores],
            }
        event = Event(
            user_id=user_id,
            kind=EventKind.FEEDBACK,
            role="user",
            text=comment,
            session=self.state.session(user_id),
            metadata=metadata,
        )
        updated, style, moved_memories, moved_style = refine_persona(
            self.store, user_id, reward, persona
        )
        if updated or style:  # logged, so rebuild replays the same confidences
            event.metadata["refined"] = {
                "memories": [m.id for m in updated],
                "style": [p.name for _, p in style],
            }
        before = self.store.get_vectors(user_id) if self.store.user_exists(user_id) else None
        new, note = self._move_vectors(user_id, reward, trace, used, source, before)
        if not (moved_memories or moved_style) and note is None and new is None:
            note = "no persona was compiled since the last feedback, so no confidence moved"
        version_before = 0 if before is None else before.version
        result = FeedbackResult(
            event_id=event.id,
            reward=reward,
            source=source,
            vectors_version_before=version_before,
            vectors_version=version_before if new is None else version_before + 1,
            vectors_moved=self._distance(before, new, trace),
            memories=moved_memories,
            style=moved_style,
            note=note,
        )
        return FeedbackPlan(event, updated, style, new, result)

    def implicit(
        self, user_id: str, events: Sequence[Event], vectors: dict[str, np.ndarray]
    ) -> ImplicitReward | None:
        """A weak reward read from a user turn that answers an assistant turn after a recall
        (the caller plans and writes it with the turns). Also follows the user's session: a
        new one resets the short-term vector."""
        for event in events:
            if event.role == "user":
                self.state.enter_session(user_id, event.session)
        trace = self.state.trace(user_id)
        if trace is None:
            return None
        known = self.store.user_exists(user_id)
        previous = self.store.recent_events(user_id, 1) if known else []
        before: Event | None = previous[0] if previous else None
        for event in events:
            if event.role == "user" and before is not None and before.role == "assistant":
                similarity = None
                if event.id in vectors:
                    similarity = float(vectors[event.id] @ trace.query_vector)
                signal = detect_reward(event.text or "", before.text, similarity)
                if signal is not None:
                    self.state.clear_trace(user_id)
                    persona = self.state.take_persona(user_id)
                    return ImplicitReward(signal.reward, signal.reason, trace, persona)
            before = event
        return None

    def plan_implicit(self, user_id: str, found: ImplicitReward) -> FeedbackPlan:
        return self.plan(
            user_id, found.reward, None, "implicit", found.reason, found.trace, found.persona
        )

    def _distance(
        self, before: UserVectors | None, after: UserVectors | None, trace: RecallTrace | None
    ) -> float:
        """How far the vector that recall adds for the traced query moved."""
        if after is None or trace is None:
            return 0.0
        new = direction(after, self.settings, trace.query_vector)
        old = (
            direction(before, self.settings, trace.query_vector)
            if before is not None
            else np.zeros_like(new)
        )
        return round(float(np.linalg.norm(new - old)), 6)

    def _move_vectors(
        self,
        user_id: str,
        reward: float,
        trace: RecallTrace | None,
        used: list[str],
        source: str,
        state: UserVectors | None,
    ) -> tuple[UserVectors | None, str | None]:
        """The VARS update for the last recall: the new state, or None and why not."""
        if self.settings.rule == "off":
            return None, "preference vectors are off (vars.rule = off)"
        if trace is None:
            return None, "no recall in this process, so the preference vectors did not move"
        vectors = self.store.embeddings(user_id, [*trace.candidate_ids, *used])
        ids = [i for i in trace.candidate_ids if i in vectors]
        used_vectors = [vectors[i] for i in used if i in vectors]
        if not ids or not used_vectors:
            return None, "the last recall returned nothing to credit"
        pairs = zip(trace.candidate_ids, trace.scores, strict=True)
        scores = np.asarray([s for i, s in pairs if i in vectors])
        start = state or UserVectors.zeros(len(used_vectors[0]))
        new = update(
            start,
            reward,
            np.stack([vectors[i] for i in ids]),
            scores,
            np.stack(used_vectors),
            trace.query_vector,
            self.settings,
            session=self.state.session(user_id),
        )
        new.reason = f"{source} {reward:+.2f}"
        return new, None


def refine_persona(
    store: Store, user_id: str, reward: float, persona: Persona | None
) -> tuple[list[Memory], list[tuple[str, StyleParam]], list[Moved], list[Moved]]:
    """Outcomes refine the persona: what the last persona carried gains or loses confidence.

    A positive reward confirms the preferences and style instructions the answer followed; a
    negative one makes them less certain, so weak items drop out of the next persona first.
    Returns the updated records (for the caller's write) and what moved (for its result).
    """
    if persona is None or reward == 0:
        return [], [], [], []

    def adjust(confidence: float) -> float:
        return refined_confidence(confidence, reward)

    old_memories = store.get_memories(user_id, persona.memory_ids)
    memories = [m.model_copy(update={"confidence": adjust(m.confidence)}) for m in old_memories]
    names = set(persona.style_params)
    old_style = [p for p in store.get_style(user_id) if p.name in names]
    style = [p.model_copy(update={"confidence": adjust(p.confidence)}) for p in old_style]
    return (
        memories,
        [(user_id, p) for p in style],
        [
            Moved(id=m.id, text=m.text, before=o.confidence, after=m.confidence)
            for o, m in zip(old_memories, memories, strict=True)
        ],
        [
            Moved(id=p.name, text=_shown(p.value), before=o.confidence, after=p.confidence)
            for o, p in zip(old_style, style, strict=True)
        ],
    )


def _shown(value: float | str | list[str]) -> str:
    if isinstance(value, list):
        return ", ".join(value)
    return f"{value:+.2f}" if isinstance(value, float) else str(value)
