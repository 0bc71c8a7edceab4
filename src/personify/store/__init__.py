"""Storage backends behind one small protocol; the same conformance tests run against each."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple, Protocol, TypeVar, runtime_checkable

import numpy as np
from pydantic import BaseModel

from personify.errors import ConflictError, InvalidInputError
from personify.models import Event, Memory, MemoryKind, Origin, StyleParam, UserVectors, as_utc

WRITE_ATTEMPTS = 60
"""How often a read-learn-write cycle runs before a concurrent writer's ConflictError is raised
(only a user created by another process during a locked cycle can still conflict then)."""
BACKOFF_FIRST_S = 0.002
BACKOFF_CAP_S = 0.5

T = TypeVar("T")


def retrying(
    cycle: Callable[[], T],
    exclusive: Callable[[], AbstractContextManager[object]] | None = None,
    optimistic: int = 3,
) -> T:
    """Run a read-compute-write ``cycle`` until no other writer moved the user in between.

    The first ``optimistic`` tries take no lock and wait between them with jittered exponential
    backoff, so racing processes spread out instead of colliding again in lockstep (plain
    retries lost 17% of calls with four writers on one user). Then the cycle runs inside
    ``exclusive()`` (the store's lock on the user), so a long cycle (a rebuild) cannot be
    starved by short ones."""
    for attempt in range(WRITE_ATTEMPTS):
        locked = exclusive is not None and attempt >= optimistic
        try:
            if locked:
                with exclusive():  # type: ignore[misc]
                    return cycle()
            return cycle()
        except ConflictError:
            if attempt == WRITE_ATTEMPTS - 1:
                raise
            time.sleep(random.uniform(0, min(BACKOFF_CAP_S, BACKOFF_FIRST_S * 2**attempt)))
    raise AssertionError("unreachable")


@dataclass
class Derived:
    """A user's re-derived profile: replaces every derived memory and style parameter."""

    memories: list[tuple[Memory, np.ndarray]]
    style: list[StyleParam]


DERIVED_KINDS = ("preference", "constraint", "fact", "goal")
"""What the learner derives from the log; rebuild replaces these (never episodes or plans)."""


def without_text(kind: str, metadata: dict[str, Any], has_text: bool) -> dict[str, Any]:
    """An event's metadata with no copy of the user's words: edit events of earlier versions
    carried the memory's old text, pins its object, feedback the recall query; a plan holds
    its task and steps; a redacted turn keeps no metadata at all (callers put the user's data
    there too: an integration's stored item, a message's attachments)."""
    if kind == "turn" and not has_text:
        return {}
    out = dict(metadata)
    if kind == "edit":
        out.pop("old_text", None)
        if not has_text:  # a pin, or a redacted edit: ``object`` is the memory's words
            out.pop("object", None)
    if kind == "plan" and not has_text:
        out.pop("task", None)
        out.pop("steps", None)
    if kind == "feedback" and isinstance(out.get("recall"), dict):
        out["recall"] = {k: v for k, v in out["recall"].items() if k != "query"}
    return out


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


class Candidate(NamedTuple):
    """What recall ranks a memory by, without its text: a store with an in-process index
    answers from it, so a recall reads in full only the memories it returns. The fields are
    :class:`Memory`'s, so one scoring function takes either. (A tuple: a recall makes ~100,
    and a frozen dataclass takes five times as long to build.)"""

    id: str
    kind: MemoryKind
    origin: Origin
    confidence: float
    created_at: datetime
    valid_from: datetime
    confirmed_at: datetime | None
    evidence: list[str]
    metadata: dict[str, Any]
    """Only what ranking reads (``pinned``), or all of it."""
    role: str | None = None
    """Who wrote a raw turn ("user", "assistant", ...): recall discounts words the user did
    not write."""


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

    def exclusive(self, user_id: str) -> AbstractContextManager[object]:
        """Hold off every other writer of the user (other processes included) while a
        read-learn-write cycle runs inside; this handle's own writes go through."""
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
        vectors: Sequence[tuple[str, UserVectors]] = (),
    ) -> None:
        """One transaction: append events, add memories (with unit embeddings), update
        memories' mutable fields, upsert style, store each user's next preference-vector
        version (as :meth:`put_vectors`); ``expect_versions`` makes it optimistic
        (ConflictError if a user moved), ``replace_derived`` drops derived memories first."""
        ...

    def forget(
        self,
        user_id: str,
        memory_id: str,
        event: Event,
        redact: Sequence[str] | None = None,
        derived: Derived | None = None,
        expect_version: int | None = None,
    ) -> Memory:
        """One transaction: delete a memory, redact the events in ``redact`` (default: an
        episode's or plan's own event; text and any text in their metadata), drop the text
        that edit events naming the memory carried, log ``event``, and with ``derived``
        replace the user's derived memories and style.
        ``expect_version`` makes it optimistic (ConflictError if the user moved). Afterwards
        no copy of the text is left in any table or index."""
        ...

    # reads
    def get_memories(self, user_id: str, ids: Sequence[str]) -> list[Memory]: ...

    def texts(self, user_id: str, ids: Sequence[str]) -> dict[str, str]:
        """The text of each of these memories (unknown or foreign ids drop out): what ranking
        reads of a candidate's words, without building the memory."""
        ...

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

    def candidates(self, user_id: str, ids: Sequence[str]) -> dict[str, Candidate]:
        """What recall ranks these memories by; unknown or foreign ids drop out."""
        ...

    def close(self) -> None: ...
