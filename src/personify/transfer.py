"""JSONL export and import. An export re-imports into an equivalent user (new ids, same content).

Import also takes a plain chat history: lines with just ``text`` (and optionally ``user_id``,
``role``, ``session``, ``ts``, ``metadata``) are observed as turns.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from personify.errors import ImportFileError, InvalidInputError
from personify.ingest import Turn, check_turn, turn_records
from personify.models import Event, Memory, MemoryKind, new_id


def export_records(events: list[Event], memories: list[Memory]) -> list[dict[str, Any]]:
    out = [{"type": "event", **e.model_dump(mode="json")} for e in events]
    # Episodic memories are re-derived from their turns on import; export only the rest.
    out += [
        {"type": "memory", **m.model_dump(mode="json")}
        for m in memories
        if m.kind != MemoryKind.EPISODIC
    ]
    return out


class ImportReport(BaseModel):
    users: list[str]
    events: int
    memories: int


class ImportPlan(BaseModel):
    events: list[Event]
    memories: list[Memory]

    @property
    def user_ids(self) -> list[str]:
        return sorted({e.user_id for e in self.events} | {m.user_id for m in self.memories})

    def report(self) -> ImportReport:
        return ImportReport(
            users=self.user_ids, events=len(self.events), memories=len(self.memories)
        )


def parse_jsonl(
    lines: Iterable[str], max_chars: int, user_override: str | None = None
) -> ImportPlan:
    """Validate every line before anything is written; report all bad lines by number."""
    problems: list[tuple[int, str]] = []
    events: list[Event] = []
    memories: list[Memory] = []
    renamed: dict[str, str] = {}
    pending_memories: list[tuple[int, dict[str, Any]]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise InvalidInputError("expected a JSON object")
            record = dict(record)
            kind = record.pop("type", "event")
            user_id = user_override or record.pop("user_id", None) or record.pop("user", None)
            record.pop("user_id", None)
            record.pop("user", None)
            if not user_id:
                raise InvalidInputError("no user_id (pass --user to import into one user)")
            if kind == "memory":
                pending_memories.append((number, {**record, "user_id": user_id}))
            elif kind == "event":
                events.extend(_event_records(record, user_id, max_chars, renamed, memories))
            else:
                raise InvalidInputError(f"unknown record type {kind!r}")
        except json.JSONDecodeError as exc:
            problems.append((number, f"not valid JSON ({exc.msg})"))
        except (InvalidInputError, ValidationError) as exc:
            problems.append((number, _message(exc)))
    for number, record in pending_memories:
        try:
            memory = Memory.model_validate(record)
            if not memory.text.strip() or len(memory.text) > max_chars:
                raise InvalidInputError("memory text is empty or too long")
            memories.append(
                memory.model_copy(
                    update={
                        "id": new_id("mem"),
                        "evidence": [renamed[e] for e in memory.evidence if e in renamed],
                        "superseded_by": None,
                    }
                )
            )
        except (InvalidInputError, ValidationError) as exc:
            problems.append((number, _message(exc)))
    if problems:
        raise ImportFileError(problems)
    return ImportPlan(events=events, memories=memories)


def _event_records(
    record: dict[str, Any],
    user_id: str,
    max_chars: int,
    renamed: dict[str, str],
    memories: list[Memory],
) -> list[Event]:
    old_id = record.pop("id", None)
    kind = record.pop("kind", "turn")
    record.pop("redacted", None)
    if kind == "turn":
        if record.get("text") is None:  # a redacted turn stays forgotten
            return []
        turn = check_turn(Turn.model_validate(record), max_chars)
        event, memory = turn_records(user_id, turn)
        memories.append(memory)
    else:
        event = Event.model_validate({**record, "kind": kind, "user_id": user_id})
    if old_id:
        renamed[old_id] = event.id
    return [event]


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        return f"{'.'.join(str(p) for p in err['loc']) or 'value'}: {err['msg']}"
    return str(exc)
