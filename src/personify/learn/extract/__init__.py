"""Extractors turn observed events into candidate profile memories.

Every extractor, rule-based or LLM-backed, answers the same question: given a new user turn
and the turns just before it, what does this reveal about the user? Candidates then go to the
consolidator, which merges, supersedes and decays them against what is already known.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from pydantic import BaseModel, Field

from personify.models import Event, MemoryKind, Origin


class Candidate(BaseModel):
    kind: MemoryKind
    text: str = Field(description="the statement as shown in the profile")
    polarity: float | None = None
    object: str | None = None
    slot: str | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    origin: Origin
    evidence: list[str]
    correction: bool = Field(False, description="the user corrected an earlier statement")
    metadata: dict[str, Any] = Field(default_factory=dict)


class Extractor(Protocol):
    name: str

    def extract(self, event: Event, context: Sequence[Event]) -> list[Candidate]:
        """Candidates revealed by ``event``; ``context`` holds the preceding turns, oldest first."""
        ...
