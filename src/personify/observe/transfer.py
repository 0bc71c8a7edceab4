"""JSONL export and import.

Import takes three kinds of line, freely mixed:

- the records of an export (``{"type": "event", "id": ..., ...}`` and ``{"type": "memory", ...}``);
- plain chat turns: ``text`` with optional ``user_id``, ``role``, ``session``, ``ts``,
  ``metadata``;
- OpenAI-style chat messages: ``role`` and ``content`` (a string, or a list of
  ``{"type": "text", "text": ...}`` parts), with optional ``user_id``, ``session``, ``ts``,
  ``metadata`` and ``name``.

Every line is validated before anything is written; one bad line and nothing is imported.

Import is idempotent. An event keeps its id when it goes back into the user it came from and gets
an id derived from (target user, original id) otherwise; a line without an id gets an id derived
from its role, text, session and ts (and, without a ts, from how many identical lines came before
it). An event whose id the user already has, or a turn identical (role, text, session, ts) to one
the user already has, is skipped, so importing a file twice changes nothing.

Imported turns are learned from exactly as ``observe_many`` learns (``WritePath.learn``: profile
memories and communication style), in the same single transaction as the events (written by
:meth:`personify.writes.WritePath.import_plan`; this module only parses and exports). The profile
memories of an export are therefore not copied but re-derived from its events, like
``rebuild`` does; edits and forgets in the export are replayed onto the re-derived ids. Memories
no learner derives (accepted plans) are copied.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from personify.errors import ImportFileError, InvalidInputError
from personify.learn.consolidate import SEMANTIC_KINDS, derived_id
from personify.models import Event, EventKind, Memory, MemoryKind
from personify.observe import validate
from personify.observe.ingest import ROLES, Turn, check_turn, turn_records

if TYPE_CHECKING:
    from personify.store import Store

RELEARNED_KINDS = SEMANTIC_KINDS | {MemoryKind.EPISODIC}
"""Memory kinds an import re-derives from the events instead of copying."""
MAX_DERIVED_PER_EVENT = 16
"""How many derived memory ids per event are mapped when an export moves to another user."""
CHAT_FIELDS = ("role", "content", "session", "ts", "metadata", "name")
ROLE_ALIASES = {"developer": "system"}  # OpenAI's newer name for the system role
ID_CHUNK = 500  # ids per store lookup (SQLite caps the number of bound parameters)


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
    """Events written (turns, edits, forgets, feedback, tool calls, plans)."""
    memories: int
    """Memories written: one per imported turn, what was learned from them, copied plans."""
    skipped: int = 0
    """Events left out because the user already had them (or the file repeated them)."""


TurnKey = tuple[str | None, str | None, str | None, datetime]


@dataclass
class ImportPlan:
    """What a file would add, before deduplication against the store."""

    events: list[Event] = field(default_factory=list)
    memories: list[Memory] = field(default_factory=list)
    """An episodic memory per turn (evidence = [its turn]) and copied non-derived memories."""
    forgotten: set[str] = field(default_factory=set)
    """Memory ids the file's forget events name: never re-created by the import's learning."""
    skipped: int = 0
    """Events the file itself repeats."""

    @property
    def user_ids(self) -> list[str]:
        return sorted({e.user_id for e in self.events} | {m.user_id for m in self.memories})


def _derive(prefix: str, *parts: object) -> str:
    digest = hashlib.blake2b(json.dumps(parts, default=str).encode(), digest_size=8)
    return f"{prefix}_{digest.hexdigest()}"


def _turn_key(event: Event) -> TurnKey | None:
    if event.kind != EventKind.TURN or event.text is None:
        return None
    return (event.role, event.text, event.session, event.ts)


@dataclass
class _Entry:
    """An event as parsed from its line, before it gets its id in the target user."""

    event: Event
    memory: Memory | None  # the episodic memory of a turn
    source: str  # the user the line says it came from (the target when it names none)
    old_id: str | None
    explicit_ts: bool


@dataclass
class _Parser:
    max_chars: int
    user_override: str | None
    entries: list[_Entry] = field(default_factory=list)
    records: list[tuple[Memory, str]] = field(default_factory=list)  # memory lines, source

    def line(self, record: dict[str, Any]) -> tuple[str, str, str, dict[str, Any]]:
        """The record's type, the user it came from, the user it goes to, and its fields."""
        record = dict(record)
        kind = record.pop("type", "event")
        source = record.pop("user_id", None)
        alias = record.pop("user", None)
        source = source if source is not None else alias
        if source is not None:
            validate.check_user_id(source)
        target = self.user_override or source
        if not target:
            raise InvalidInputError("no user_id (pass --user to import into one user)")
        validate.check_user_id(target)
        if kind not in ("event", "memory"):
            raise InvalidInputError(f"type: unknown record type {kind!r} (event or memory)")
        return kind, source or target, target, record

    def event(self, record: dict[str, Any], source: str, target: str) -> None:
        old_id = validate.optional_identifier(record.pop("id", None), "id")
        if "messages" in record:
            raise InvalidInputError(
                "messages: a whole conversation on one line is not supported; "
                'write one message per line ({"role": ..., "content": ...})'
            )
        if "content" in record:
            if "text" in record:
                raise InvalidInputError("content: give either text or content, not both")
            record = _chat_message(record)
        kind = record.pop("kind", "turn")
        if record.pop("redacted", None) and kind == "edit":  # a forgotten edit stays forgotten
            return
        memory: Memory | None = None
        if kind == "turn":
            if "text" in record and record["text"] is None:  # a redacted turn stays forgotten
                return
            turn = check_turn(Turn.model_validate(record), self.max_chars)
            event, memory = turn_records(target, turn)
            explicit_ts = turn.ts is not None
        else:
            event = _valid(Event, {**record, "kind": kind, "user_id": target})
            _check_event(event, self.max_chars)
            explicit_ts = True
        self.entries.append(_Entry(event, memory, source, old_id, explicit_ts))

    def memory(self, record: dict[str, Any], source: str, target: str) -> None:
        memory = _valid(Memory, {**record, "user_id": target})
        _check_memory(memory, self.max_chars)
        self.records.append((memory, source))

    def finish(self) -> ImportPlan:
        """Give every event its id in the target user, drop what the file repeats, copy the
        memories no learner derives, and point edits and forgets at the right memories."""
        plan = ImportPlan()
        derived_with = self._derived_with()
        renamed: dict[tuple[str, str], str] = {}  # (target, id in the file) -> id here
        mapping: dict[tuple[str, str], str] = {}  # (target, memory id in the file) -> id here
        named = {
            e.event.metadata["memory_id"]
            for e in self.entries
            if e.event.kind in (EventKind.EDIT, EventKind.FORGET)
        }
        seen_ids: set[str] = set()
        seen_keys: set[tuple[str, TurnKey]] = set()
        repeats: Counter[tuple[Any, ...]] = Counter()
        for entry in self.entries:
            event = entry.event
            target = event.user_id
            origin = derived_with.get(entry.source, entry.source)
            if entry.old_id is not None:
                same = origin == target
                new_id = entry.old_id if same else _derive("evt", target, entry.old_id)
                renamed[(target, entry.old_id)] = new_id
                if not same and named and event.kind in (EventKind.TURN, EventKind.EDIT):
                    for index in range(MAX_DERIVED_PER_EVENT):
                        was = derived_id(origin, entry.old_id, index)
                        if was in named:
                            mapping[(target, was)] = derived_id(target, new_id, index)
            else:
                base = (target, event.kind.value, event.role, event.session, event.text)
                if entry.explicit_ts:
                    new_id = _derive("evt", *base, event.ts.isoformat())
                else:  # no ts: the n-th identical line of the file is the n-th such event
                    new_id = _derive("evt", *base, None, repeats[base])
                    repeats[base] += 1
            key = _turn_key(event)
            if new_id in seen_ids or (target, key) in seen_keys:
                plan.skipped += 1
                continue
            seen_ids.add(new_id)
            if key is not None:
                seen_keys.add((target, key))
            plan.events.append(event.model_copy(update={"id": new_id}))
            if entry.memory is not None:
                plan.memories.append(entry.memory.model_copy(update={"evidence": [new_id]}))
        for memory, source in self.records:
            if memory.kind in RELEARNED_KINDS:
                continue  # re-derived from the events, like rebuild does
            target = memory.user_id
            same = derived_with.get(source, source) == target
            evidence = [renamed[(target, e)] for e in memory.evidence if (target, e) in renamed]
            new_id = memory.id if same else _derive("mem", target, memory.id)
            plan.memories.append(
                memory.model_copy(
                    update={"id": new_id, "evidence": evidence, "superseded_by": None}
                )
            )
        for i, event in enumerate(plan.events):
            if event.kind not in (EventKind.EDIT, EventKind.FORGET):
                continue
            was = event.metadata["memory_id"]
            now = mapping.get((event.user_id, was), was)
            if now != was:
                plan.events[i] = event.model_copy(
                    update={"metadata": {**event.metadata, "memory_id": now}}
                )
            if event.kind == EventKind.FORGET:
                plan.forgotten.add(now)
        return plan

    def _derived_with(self) -> dict[str, str]:
        """For each source user, the user id its memory ids were derived with, where the
        file's memories prove it differs from the user id the file shows: a server export
        shows a tenant's user without its namespace (``acme::bo`` as ``bo``)."""
        target = self.user_override
        if not target:
            return {}
        found: dict[str, str] = {}
        samples: dict[str, list[tuple[str, str]]] = {}
        for memory, source in self.records:
            if memory.kind in SEMANTIC_KINDS and memory.evidence and source != target:
                samples.setdefault(source, []).append((memory.id, memory.evidence[0]))
        for source, pairs in samples.items():
            candidates = [source, *(target[:k] + source for k in range(1, len(target) + 1))]
            for memory_id, first in pairs[:3]:
                hit = next(
                    (
                        c
                        for c in candidates
                        for index in range(MAX_DERIVED_PER_EVENT)
                        if derived_id(c, first, index) == memory_id
                    ),
                    None,
                )
                if hit is not None:
                    found[source] = hit
                    break
        return found


def _chat_message(record: dict[str, Any]) -> dict[str, Any]:
    """An OpenAI-style chat message as a plain turn record; bad fields are named."""
    unknown = sorted(set(record) - set(CHAT_FIELDS))
    if unknown:
        raise InvalidInputError(
            f"{unknown[0]}: not a field of a chat message (expected {', '.join(CHAT_FIELDS)})"
        )
    role = record.get("role")
    if not isinstance(role, str):
        raise InvalidInputError("role: required, a string (user, assistant or system)")
    metadata = record.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise InvalidInputError("metadata: expected a JSON object")
    name = record.get("name")
    if name is not None:
        if not isinstance(name, str):
            raise InvalidInputError("name: expected a string")
        metadata = {**metadata, "name": name}
    text = _content_text(record.get("content"))
    if not text.strip():
        raise InvalidInputError("content: no text")
    turn: dict[str, Any] = {"text": text, "role": ROLE_ALIASES.get(role, role)}
    turn.update({k: record[k] for k in ("session", "ts") if record.get(k) is not None})
    if metadata:
        turn["metadata"] = metadata
    return turn


def _content_text(content: object) -> str:
    """The text of a message's content: a string or a list of parts (text parts are joined;
    images, audio and files carry no text and are left out)."""
    if isinstance(content, str):
        return content
    if not isinstance(content, list):
        raise InvalidInputError("content: expected a string or a list of parts")
    texts = []
    for i, part in enumerate(content):
        if not isinstance(part, dict) or not isinstance(part.get("type"), str):
            raise InvalidInputError(f"content.{i}: expected a part with a type")
        if part["type"] == "text":
            if not isinstance(part.get("text"), str):
                raise InvalidInputError(f"content.{i}.text: expected a string")
            texts.append(part["text"])
    return "\n".join(texts)


def _valid(model: type[Event] | type[Memory], record: dict[str, Any]) -> Any:
    """A record as a model; a time out of range is a bad field, not a crash."""
    try:
        return model.model_validate(record)
    except (OverflowError, TypeError) as exc:
        raise InvalidInputError(f"a time or number is out of range ({exc})") from None


def _check_common(record: Event | Memory, max_chars: int) -> None:
    """What every stored record needs: text, ids and metadata that store and read back."""
    validate.optional_text(record.text, "text", max_chars=max_chars, allow_empty=True)
    validate.optional_identifier(record.session, "session")
    if record.role is not None and record.role not in ROLES:
        roles = ", ".join(ROLES)
        raise InvalidInputError(f"role {validate.show(record.role)} is not one of {roles}")
    validate.json_object(record.metadata, "metadata")


def _check_memory(memory: Memory, max_chars: int) -> None:
    """A copied memory must read back: a plan keeps its task and steps (similar_plans)."""
    validate.text(memory.text, "text", max_chars=max_chars)
    _check_common(memory, max_chars)
    validate.optional_text(memory.object, "object", allow_empty=True, max_chars=max_chars)
    validate.optional_identifier(memory.slot, "slot")
    for i, evidence in enumerate(memory.evidence):
        validate.identifier(evidence, f"evidence.{i}")
    if memory.kind == MemoryKind.PLAN:
        validate.text(memory.metadata.get("task"), "metadata.task", max_chars=max_chars)
        validate.texts(memory.metadata.get("steps"), "metadata.steps", max_chars=max_chars)


def _check_event(event: Event, max_chars: int) -> None:
    """Non-turn events carry what replaying them needs; check it now, not while learning."""
    _check_common(event, max_chars)
    meta = event.metadata
    edits = (EventKind.EDIT, EventKind.FORGET)
    if event.kind in edits and not isinstance(meta.get("memory_id"), str):
        raise InvalidInputError(f"metadata.memory_id: required for a {event.kind.value} event")
    if event.kind == EventKind.EDIT:
        if meta.get("kind") not in {k.value for k in SEMANTIC_KINDS}:
            raise InvalidInputError(
                "metadata.kind: an edit event needs preference, constraint, fact or goal"
            )
        pin = meta.get("pinned") is not None or isinstance(meta.get("old_text"), str)
        if event.text is None and not pin:
            raise InvalidInputError("text: an edit event needs text, or metadata.pinned")
        if meta.get("polarity") is not None:
            validate.number(meta["polarity"], "metadata.polarity", -1.0, 1.0)
        validate.optional_text(meta.get("object"), "metadata.object", max_chars=max_chars)
        validate.optional_identifier(meta.get("slot"), "metadata.slot")
        if meta.get("pinned") is not None:
            validate.boolean(meta["pinned"], "metadata.pinned")
    if event.kind == EventKind.TOOL_CALL:
        validate.identifier(meta.get("tool"), "metadata.tool")
        if not isinstance(meta.get("arguments", {}), dict):
            raise InvalidInputError("metadata.arguments: expected a JSON object")
        if meta.get("outcome") not in (None, "success", "failure"):
            raise InvalidInputError("metadata.outcome: must be success, failure or null")
    if event.kind == EventKind.FEEDBACK and meta.get("reward") is not None:
        validate.number(meta["reward"], "metadata.reward", -1.0, 1.0)


def parse_jsonl(
    lines: Iterable[str], max_chars: int, user_override: str | None = None
) -> ImportPlan:
    """Validate every line before anything is written; report all bad lines by number."""
    parser = _Parser(max_chars, user_override)
    problems: list[tuple[int, str]] = []
    pending: list[tuple[int, dict[str, Any], str, str]] = []
    for number, line in enumerate(lines, start=1):
        if not isinstance(line, str):
            problems.append((number, f"expected a line of text, got {type(line).__name__}"))
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise InvalidInputError("expected a JSON object")
            kind, source, target, body = parser.line(record)
            if kind == "memory":
                pending.append((number, body, source, target))
            else:
                parser.event(body, source, target)
        except json.JSONDecodeError as exc:
            problems.append((number, f"not valid JSON ({exc.msg})"))
        except (InvalidInputError, ValidationError) as exc:
            problems.append((number, _message(exc)))
    for number, body, source, target in pending:  # after the events: their ids are mapped
        try:
            parser.memory(body, source, target)
        except (InvalidInputError, ValidationError) as exc:
            problems.append((number, _message(exc)))
    if problems:
        raise ImportFileError(problems)
    return parser.finish()


def unseen(store: Store, plan: ImportPlan, users: Sequence[str]) -> tuple[ImportPlan, int]:
    """The part of ``plan`` the store does not hold yet, and how many events were left out."""
    have_ids: set[str] = set()
    have_keys: set[tuple[str, TurnKey]] = set()
    have_memories: set[str] = set()
    for user_id in users:
        if not store.user_exists(user_id):
            continue
        ids = [e.id for e in plan.events if e.user_id == user_id]
        for start in range(0, len(ids), ID_CHUNK):
            have_ids.update(e.id for e in store.get_events(user_id, ids[start : start + ID_CHUNK]))
        if any(e.user_id == user_id and e.kind == EventKind.TURN for e in plan.events):
            for e in store.list_events(user_id, kinds=[EventKind.TURN.value]):
                key = _turn_key(e)
                if key is not None:
                    have_keys.add((user_id, key))
        copied = [
            m.id for m in plan.memories if m.user_id == user_id and m.kind != MemoryKind.EPISODIC
        ]
        for start in range(0, len(copied), ID_CHUNK):
            chunk = copied[start : start + ID_CHUNK]
            have_memories.update(m.id for m in store.get_memories(user_id, chunk))
    events = [
        e
        for e in plan.events
        if e.id not in have_ids and (e.user_id, _turn_key(e)) not in have_keys
    ]
    kept = {e.id for e in events}
    memories = [
        m
        for m in plan.memories
        if (m.evidence[0] in kept if m.kind == MemoryKind.EPISODIC else m.id not in have_memories)
    ]
    fresh = ImportPlan(events=events, memories=memories, forgotten=plan.forgotten)
    return fresh, plan.skipped + len(plan.events) - len(events)


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        where = ".".join(validate.show(p).strip("'") for p in err["loc"]) or "value"
        return f"{where}: {err['msg']}"
    return str(exc)
