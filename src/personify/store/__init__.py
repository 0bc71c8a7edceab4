"""Storage backends behind one small protocol; the same conformance tests run against each."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol, runtime_checkable

import numpy as np
from pydantic import BaseModel

from personify.errors import InvalidInputError
from personify.models import Event, Memory, MemoryKind, StyleParam, as_utc
from personify.vectors import UserVectors

WRITE_ATTEMPTS = 5
"""How often a read-learn-write cycle retries when another writer moved the user meanwhile."""


class MemoryFilter(BaseModel):
    """Restricts recall and listings. Superseded memories are history: only on request."""

    kinds: frozenset[MemoryKind] | None = None
    session: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    include_history: bool = False

    @classmethod
    def of(
        cls,
        kinds: Iterable[MemoryKind | str] | None = None,
        session: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        include_history: bool = False,
    ) -> MemoryFilter:
        """Build a filter from loose arguments, naming any unknown kind."""
        parsed = None
        if isinstance(kinds, str):
            kinds = [kinds]
        if kinds is not None:
            parsed = set()
            for kind in kinds:
                try:
                    parsed.add(MemoryKind(kind))
                except ValueError:
                    valid = ", ".join(k.value for k in MemoryKind)
                    raise InvalidInputError(f"unknown memory kind {kind!r}; use {valid}") from None
        return cls(
            kinds=None if parsed is None else frozenset(parsed),
            session=session,
            since=None if since is None else as_utc(since),
            until=None if until is None else as_utc(until),
            include_history=include_history,
        )


class UserSummary(BaseModel):
    user_id: str
    events: int
    memories: int
    created_at: datetime
    last_event_at: datetime | None


@runtime_checkable
class Store(Protocol):
    """Every method is scoped by ``user_id``: no call can return another user's records."""

    def check_embedder(self, name: str, dim: int) -> None: ...

    # users
    def user_exists(self, user_id: str) -> bool: ...

    def user_version(self, user_id: str) -> int:
        """Bumped by every write to the user; -1 for an unknown user."""
        ...

    def list_users(self) -> list[UserSummary]: ...

    def delete_user(self, user_id: str) -> bool: ...

    # writes
    def write(
        self,
        events: Sequence[Event],
        memories: Sequence[tuple[Memory, np.ndarray]],
        updates: Sequence[Memory] = (),
        style: Sequence[tuple[str, StyleParam]] = (),
        expect_versions: dict[str, int] | None = None,
        replace_derived: Sequence[str] = (),
    ) -> None:
        """One transaction: append events, add memories (with unit embeddings), update
        memories' mutable fields, upsert style; ``expect_versions`` makes it optimistic
        (ConflictError if a user moved), ``replace_derived`` drops derived memories first."""
        ...

    def forget(self, user_id: str, memory_id: str, event: Event) -> Memory:
        """Delete a memory, redact the turns it came from, and log ``event`` — atomically."""
        ...

    # reads
    def get_memories(self, user_id: str, ids: Sequence[str]) -> list[Memory]: ...

    def list_memories(
        self,
        user_id: str,
        filt: MemoryFilter | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Memory]: ...

    def get_events(self, user_id: str, ids: Sequence[str]) -> list[Event]: ...

    def list_events(
        self,
        user_id: str,
        limit: int | None = None,
        offset: int = 0,
        kinds: Sequence[str] | None = None,
    ) -> list[Event]: ...

    def recent_events(self, user_id: str, n: int) -> list[Event]: ...

    def get_style(self, user_id: str) -> list[StyleParam]: ...

    # preference vectors, versioned
    def get_vectors(self, user_id: str) -> UserVectors | None: ...

    def put_vectors(self, user_id: str, vectors: UserVectors, keep: int = 100) -> UserVectors: ...

    def rollback_vectors(self, user_id: str) -> UserVectors | None: ...

    # search
    def vector_search(
        self, user_id: str, query: np.ndarray, n: int, filt: MemoryFilter
    ) -> list[tuple[str, float]]:
        """Top ``n`` (memory id, cosine) for a unit query vector."""
        ...

    def lexical_search(
        self, user_id: str, query: str, n: int, filt: MemoryFilter
    ) -> list[tuple[str, float]]:
        """Top ``n`` (memory id, BM25 score with the user's own statistics) for ``query``."""
        ...

    def embeddings(self, user_id: str, ids: Sequence[str]) -> dict[str, np.ndarray]: ...

    def close(self) -> None: ...
