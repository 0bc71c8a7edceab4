"""Feedback plumbing: log the feedback event, then move the user's preference vectors.

Kept apart from the engine so the learning rule stays in :mod:`personify.vectors` and the
reward detector in :mod:`personify.feedback`; this module only connects them to the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from personify.errors import InvalidInputError
from personify.feedback import detect_reward
from personify.models import Event, EventKind
from personify.vectors import UserVectors, update

if TYPE_CHECKING:
    from personify.engine import Personify


def record_feedback(
    engine: Personify,
    user_id: str,
    reward: float,
    memories: Sequence[str] | None,
    source: str,
    comment: str | None,
) -> UserVectors | None:
    trace = engine.traces.get(user_id)
    if trace is None and not memories:
        raise InvalidInputError(
            f"no recall to give feedback on for {user_id!r} in this process; pass memories="
        )
    used = list(memories) if memories else list(trace.used_ids) if trace else []
    metadata: dict[str, object] = {"reward": reward, "source": source, "used": used}
    if trace is not None:
        metadata["recall"] = {
            "query": trace.query,
            "candidates": trace.candidate_ids,
            "scores": [round(float(s), 6) for s in trace.scores],
        }
    event = Event(
        user_id=user_id,
        kind=EventKind.FEEDBACK,
        role="user",
        text=comment,
        session=engine.sessions.get(user_id),
        metadata=metadata,
    )
    engine.store.write([event], [])
    refine_persona(engine, user_id, reward)
    if trace is None or engine.settings.vars.rule == "off":
        return engine.store.get_vectors(user_id)
    vectors = engine.store.embeddings(user_id, [*trace.candidate_ids, *used])
    ids = [i for i in trace.candidate_ids if i in vectors]
    used_vectors = [vectors[i] for i in used if i in vectors]
    if not ids or not used_vectors:
        return engine.store.get_vectors(user_id)
    pairs = zip(trace.candidate_ids, trace.scores, strict=True)
    scores = np.asarray([s for i, s in pairs if i in vectors])
    state = engine.store.get_vectors(user_id) or UserVectors.zeros(len(used_vectors[0]))
    new = update(
        state,
        reward,
        np.stack([vectors[i] for i in ids]),
        scores,
        np.stack(used_vectors),
        trace.query_vector,
        engine.settings.vars,
        session=engine.sessions.get(user_id),
    )
    new.reason = f"{source} {reward:+.2f}"
    return engine.store.put_vectors(user_id, new)


def implicit_feedback(
    engine: Personify, user_id: str, events: Sequence[Event], vectors: dict[str, np.ndarray]
) -> None:
    """Read weak rewards from user turns that answer an assistant turn after a recall.

    Also tracks the user's session: a new one resets the short-term vector.
    """
    for event in events:
        if event.role == "user" and event.session is not None:
            engine.sessions[user_id] = event.session
    trace = engine.traces.get(user_id)
    if trace is None:
        return
    previous = engine.store.recent_events(user_id, 1) if engine.store.user_exists(user_id) else []
    before: Event | None = previous[0] if previous else None
    for event in events:
        if event.role == "user" and before is not None and before.role == "assistant":
            similarity = None
            if event.id in vectors:
                similarity = float(vectors[event.id] @ trace.query_vector)
            signal = detect_reward(event.text or "", before.text, similarity)
            if signal is not None:
                record_feedback(engine, user_id, signal.reward, None, "implicit", signal.reason)
                engine.traces.pop(user_id, None)
                return
        before = event


def refine_persona(engine: Personify, user_id: str, reward: float) -> None:
    """Outcomes refine the persona: what the last persona carried gains or loses confidence.

    A positive reward confirms the preferences and style instructions the answer followed; a
    negative one makes them less certain, so weak items drop out of the next persona first.
    """
    persona = engine.personas.pop(user_id, None)
    if persona is None or reward == 0:
        return
    rate = 0.1 * abs(reward)

    def adjust(confidence: float) -> float:
        moved = confidence + rate * (1 - confidence) if reward > 0 else confidence * (1 - rate)
        return min(1.0, max(0.0, moved))

    memories = [
        m.model_copy(update={"confidence": adjust(m.confidence)})
        for m in engine.store.get_memories(user_id, persona.memory_ids)
    ]
    names = set(persona.style_params)
    style = [
        (user_id, p.model_copy(update={"confidence": adjust(p.confidence)}))
        for p in engine.store.get_style(user_id)
        if p.name in names
    ]
    engine.store.write([], [], memories, style)
