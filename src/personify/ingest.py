"""Turning an observed turn into log records: validation first, so bad input stores nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from personify.errors import InvalidInputError
from personify.models import Event, EventKind, Memory, MemoryKind, Origin, as_utc, utcnow

ROLES = ("user", "assistant", "system", "tool")


MAX_USER_ID = 256
Progress = Callable[[int], None]
"""Called with how many items were just embedded (a progress bar's advance)."""


def check_user_id(user_id: str) -> str:
    """A user id as every entry point accepts it: non-empty, bounded, no control characters."""
    if not isinstance(user_id, str) or not user_id.strip():
        raise InvalidInputError("user id must be a non-empty string")
    if len(user_id) > MAX_USER_ID:
        raise InvalidInputError(f"user id is {len(user_id)} characters; the limit is {MAX_USER_ID}")
    if any(ord(c) < 32 for c in user_id):
        raise InvalidInputError(f"user id {user_id!r} contains control characters")
    return user_id


class Turn(BaseModel):
    """One conversational turn as callers hand it to ``observe``/``observe_many``."""

    model_config = ConfigDict(extra="forbid")

    text: str
    role: str = "user"
    session: str | None = None
    ts: datetime | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)


def check_turn(turn: Turn | dict[str, Any], max_chars: int, index: int | None = None) -> Turn:
    where = "" if index is None else f"turn {index}: "
    try:
        turn = turn if isinstance(turn, Turn) else Turn.model_validate(turn)
    except ValidationError as exc:
        raise InvalidInputError(f"{where}{_first_error(exc)}") from exc
    if not turn.text.strip():
        raise InvalidInputError(f"{where}text is empty")
    if "\x00" in turn.text:
        raise InvalidInputError(f"{where}text contains a NUL character")
    if len(turn.text) > max_chars:
        raise InvalidInputError(
            f"{where}text is {len(turn.text)} characters; the limit is {max_chars} "
            "(PERSONIFY_MAX_TEXT_CHARS)"
        )
    if turn.role not in ROLES:
        raise InvalidInputError(f"{where}role {turn.role!r} is not one of {', '.join(ROLES)}")
    return turn


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err["loc"]) or "value"
    return f"{field}: {err['msg']}"


def turn_records(user_id: str, turn: Turn) -> tuple[Event, Memory]:
    """The log event for a turn and the episodic memory derived from it."""
    ts = as_utc(turn.ts) if turn.ts else utcnow()
    event = Event(
        user_id=user_id,
        kind=EventKind.TURN,
        role=turn.role,
        session=turn.session,
        text=turn.text,
        ts=ts,
        metadata=turn.metadata,
    )
    memory = Memory(
        user_id=user_id,
        kind=MemoryKind.EPISODIC,
        text=turn.text,
        confidence=1.0,
        origin=Origin.EXPLICIT,
        created_at=ts,
        valid_from=ts,
        session=turn.session,
        role=turn.role,
        evidence=[event.id],
        metadata=turn.metadata,
    )
    return event, memory
