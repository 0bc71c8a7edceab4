"""The user's profile: what personify currently believes, with confidence and evidence."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from personify.learn.consolidate import SEMANTIC_KINDS, effective_confidence
from personify.learn.style import default_style
from personify.models import Event, Memory, MemoryKind, StyleParam
from personify.store import MemoryFilter, Store


class ProfileItem(BaseModel):
    memory: Memory
    confidence: float = Field(description="confidence now, after decay of unconfirmed implicit")


class Profile(BaseModel):
    user_id: str
    preferences: list[ProfileItem]
    constraints: list[ProfileItem]
    facts: list[ProfileItem]
    goals: list[ProfileItem]
    style: list[StyleParam]
    history: list[Memory] = Field(description="superseded memories: what used to be true")

    def items(self) -> list[ProfileItem]:
        return [*self.constraints, *self.preferences, *self.facts, *self.goals]


class ProfileChange(BaseModel):
    """What changed between two profiles of one user: what was learned, what a newer
    statement retired to history, which style parameters moved. Shown after ``observe``."""

    learned: list[ProfileItem] = Field(default_factory=list)
    retired: list[Memory] = Field(default_factory=list)
    style: list[StyleParam] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.learned or self.retired or self.style)

    @classmethod
    def between(cls, before: Profile | None, after: Profile) -> ProfileChange:
        known = {i.memory.id for i in before.items()} if before else set()
        past = {m.id for m in before.history} if before else set()
        old_style = {p.name: (p.value, p.confidence) for p in before.style} if before else {}
        return cls(
            learned=[i for i in after.items() if i.memory.id not in known],
            retired=[m for m in after.history if m.id not in past],
            style=[p for p in after.style if old_style.get(p.name) != (p.value, p.confidence)],
        )


class Explanation(BaseModel):
    """Why personify believes something: the memory, its evidence, what it replaced."""

    memory: Memory
    events: list[Event]
    supersedes: list[Memory]
    superseded_by: Memory | None


def build_profile(
    store: Store, user_id: str, now: datetime, min_confidence: float = 0.0
) -> Profile:
    memories = store.list_memories(
        user_id, MemoryFilter(kinds=SEMANTIC_KINDS, include_history=True)
    )
    groups: dict[MemoryKind, list[ProfileItem]] = {k: [] for k in SEMANTIC_KINDS}
    history = []
    for memory in memories:
        if memory.valid_to is not None:
            history.append(memory)
            continue
        confidence = effective_confidence(memory, now)
        if confidence >= min_confidence:
            groups[memory.kind].append(ProfileItem(memory=memory, confidence=confidence))
    for items in groups.values():
        items.sort(key=lambda item: (-item.confidence, item.memory.created_at))
    stored = {p.name: p for p in store.get_style(user_id)}
    style = [stored.get(name, default) for name, default in default_style().items()]
    return Profile(
        user_id=user_id,
        preferences=groups[MemoryKind.PREFERENCE],
        constraints=groups[MemoryKind.CONSTRAINT],
        facts=groups[MemoryKind.FACT],
        goals=groups[MemoryKind.GOAL],
        style=style,
        history=history,
    )


def explain(store: Store, user_id: str, memory: Memory) -> Explanation:
    older = [
        m
        for m in store.list_memories(user_id, MemoryFilter(include_history=True))
        if m.superseded_by == memory.id
    ]
    newer = store.get_memories(user_id, [memory.superseded_by]) if memory.superseded_by else []
    return Explanation(
        memory=memory,
        events=store.get_events(user_id, memory.evidence),
        supersedes=older,
        superseded_by=newer[0] if newer else None,
    )
