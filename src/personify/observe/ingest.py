"""Turning an observed turn into log records: validation first, so bad input stores nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from personify.errors import InvalidInputError
from personify.models import (
    ROLES,
    Event,
    EventKind,
    Memory,
    MemoryKind,
    Origin,
    as_utc,
    utcnow,
)
from personify.observe import validate

Progress = Callable[[int], None]
"""Called with how many items were just embedded (a progress bar's advance)."""


class Turn(BaseModel):
    """One conversational turn as callers hand it to ``observe``/``observe_many``."""

    model_config = ConfigDict(extra="forbid")

    text: str
    role: str = "user"
    session: str | None = None
    ts: datetime | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)


def check_turn(turn: Turn | dict[str, Any], max_chars: int, index: int | None = None) -> Turn:
    """A turn with every field checked (see :mod:`personify.observe.validate`): text, role, session,
    ts and metadata; the error names the field (and the turn's index in a batch)."""
    where = "" if index is None else f"turn {index}: "
    try:
        turn = turn if isinstance(turn, Turn) else Turn.model_validate(turn)
        validate.text(turn.text, "text", max_chars=max_chars)
        if turn.role not in ROLES:
            raise InvalidInputError(
                f"role {validate.show(turn.role)} is not one of {', '.join(ROLES)}"
            )
        validate.optional_identifier(turn.session, "session")
        ts = validate.timestamp(turn.ts, "ts")
        metadata = validate.json_object(turn.metadata, "metadata")
    except ValidationError as exc:
        raise InvalidInputError(f"{where}{_first_error(exc)}") from None
    except InvalidInputError as exc:
        raise InvalidInputError(f"{where}{exc}") from None
    return turn.model_copy(update={"ts": ts, "metadata": metadata})


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    field = ".".join(validate.show(p).strip("'") for p in err["loc"]) or "value"
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
