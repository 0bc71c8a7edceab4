"""Records: the event log (source of truth) and the memories derived from it."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Protocol

import numpy as np
from pydantic import BaseModel, Field, field_validator


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """Naive datetimes are taken as UTC, so imported history never shifts by the local offset."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(8)}"


class EventKind(StrEnum):
    TURN = "turn"
    FEEDBACK = "feedback"
    TOOL_CALL = "tool_call"
    PLAN = "plan"
    EDIT = "edit"
    FORGET = "forget"


class MemoryKind(StrEnum):
    EPISODIC = "episodic"
    PREFERENCE = "preference"
    FACT = "fact"
    GOAL = "goal"
    CONSTRAINT = "constraint"
    PLAN = "plan"


class Origin(StrEnum):
    EXPLICIT = "explicit"
    IMPLICIT = "implicit"


ROLES = ("user", "assistant", "system", "tool")
"""Who can speak in a turn."""


class Event(BaseModel):
    """One entry of the append-only log: a conversation turn, a feedback signal, a tool call,
    a plan, a hand edit of the profile or a forget (``EventKind``)."""

    id: str = Field(default_factory=lambda: new_id("evt"))
    user_id: str
    kind: EventKind = EventKind.TURN
    role: str | None = "user"
    session: str | None = None
    text: str | None = None
    ts: datetime = Field(default_factory=utcnow)
    metadata: dict[str, Any] = Field(default_factory=dict)
    redacted: bool = False

    _utc = field_validator("ts")(lambda cls, v: as_utc(v))


class Memory(BaseModel):
    """A unit of what personify knows about a user, with the evidence behind it."""

    id: str = Field(default_factory=lambda: new_id("mem"))
    user_id: str
    kind: MemoryKind = MemoryKind.EPISODIC
    text: str
    confidence: float = Field(1.0, ge=0.0, le=1.0)
    origin: Origin = Origin.EXPLICIT
    created_at: datetime = Field(default_factory=utcnow)
    valid_from: datetime = Field(default_factory=utcnow)
    valid_to: datetime | None = None
    superseded_by: str | None = None
    session: str | None = None
    role: str | None = None
    evidence: list[str] = Field(default_factory=list, description="ids of the events behind it")
    metadata: dict[str, Any] = Field(default_factory=dict)
    polarity: float | None = Field(
        None, ge=-1.0, le=1.0, description="for preferences: +1 likes/wants, -1 avoids/rejects"
    )
    object: str | None = Field(None, description="what the preference/fact is about")
    slot: str | None = Field(None, description="single-valued attribute (e.g. 'location')")
    confirmed_at: datetime | None = Field(None, description="time of the latest evidence")

    _utc = field_validator("created_at", "valid_from", "valid_to", "confirmed_at")(
        lambda cls, v: None if v is None else as_utc(v)
    )

    @property
    def is_current(self) -> bool:
        return self.valid_to is None


class StyleParam(BaseModel):
    """One communication-style parameter: a number in [-1, 1], a category or a term list."""

    name: str
    value: float | str | list[str]
    confidence: float = Field(0.0, ge=0.0, le=1.0)
    evidence: list[str] = Field(default_factory=list)
    updated_at: datetime = Field(default_factory=utcnow)
    detail: dict[str, Any] = Field(default_factory=dict, description="learner state, e.g. counts")

    _utc = field_validator("updated_at")(lambda cls, v: as_utc(v))


class ScoreBreakdown(BaseModel):
    """Each additive term of the recall score, so a ranking can be explained."""

    cosine: float
    lexical: float = 0.0
    preference: float = 0.0
    recency: float = 0.0
    confidence: float = 0.0

    @property
    def total(self) -> float:
        return self.cosine + self.lexical + self.preference + self.recency + self.confidence


class Hit(BaseModel):
    memory: Memory
    score: float
    breakdown: ScoreBreakdown
    evidence: list[Event] = Field(default_factory=list)


class Mix(Protocol):
    """How much of each preference vector recall adds (``VarsSettings``)."""

    beta_long: float
    beta_short: float


@dataclass
class UserVectors:
    """A user's preference vectors, one stored version: a record of the store, learned and
    used above it (``personify.adapt.vectors``)."""

    z_long: np.ndarray
    z_short: np.ndarray
    reward_baseline: float = 0.0
    session: str | None = None
    version: int = 0
    updated_at: datetime = field(default_factory=utcnow)
    reason: str = ""
    contexts: np.ndarray | None = None  # (n, 2, dim): per query context, centroid and vector

    @classmethod
    def zeros(cls, dim: int) -> UserVectors:
        return cls(np.zeros(dim, dtype=np.float32), np.zeros(dim, dtype=np.float32))

    def effective(self, settings: Mix, session: str | None = None) -> np.ndarray:
        """z_eff; a new session sees no short-term vector."""
        short = self.z_short if session is None or session == self.session else 0.0
        return (settings.beta_long * self.z_long + settings.beta_short * short).astype(np.float32)

    def copy(self) -> UserVectors:
        return UserVectors(
            self.z_long.copy(),
            self.z_short.copy(),
            self.reward_baseline,
            self.session,
            self.version,
            self.updated_at,
            self.reason,
            None if self.contexts is None else self.contexts.copy(),
        )
