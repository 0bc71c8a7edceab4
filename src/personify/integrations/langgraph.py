"""``PersonifyStore``: LangGraph's long-term memory store (``BaseStore``) backed by personify.

A LangGraph agent keeps calling ``store.put``/``get``/``search``/``list_namespaces``; every item
it writes becomes part of what personify knows about the user, so the same memories show up in
the user's recall, profile, persona and dashboard.

How LangGraph's model maps onto personify's:

- **Namespace -> user.** ``user_of=0`` (the default) takes the first namespace element as the
  personify user id: ``("alice", "memories")`` is user ``alice``. Another integer picks another
  position (``user_of=1`` for the ``("memories", user_id)`` convention); a function
  ``namespace -> user id`` allows anything else. A namespace too short for the position is
  rejected on ``put``. Searches and listings whose prefix names the user (position ``user_of``
  present and not ``"*"``) read only that user; others, and all with a function, scan every user.
- **Item -> observed turn.** ``put`` logs the item as one turn (an event plus its episodic memory,
  exactly what :meth:`personify.user.User.observe` writes). The turn's metadata holds the item:
  ``{"langgraph": {"namespace", "key", "value", "created_at", "updated_at", "indexed"}}``, so key
  and JSON value round-trip exactly (also through export and import: the event log is the
  source of truth), and ``get`` returns them with the item's ``created_at``/``updated_at``.
- **Text content is learned from.** The item's text is the strings at its index paths
  (``put(..., index=[...])``, else the store's ``fields``, default ``text``, ``content``,
  ``data``, ``memory``, ``body``, ``description``). An item with text content is observed as
  ``role`` (default ``"user"``): personify learns from it like from anything the user says, so
  ``{"text": "I'm vegetarian"}`` becomes a diet constraint in the profile and persona. That is
  the point of backing an agent's memory with personify; pass ``role="system"`` to keep items
  out of the learner (third-person notes such as "User likes X" are not extracted anyway, but
  they would count towards the user's writing style). An item without text content (structured
  data, or ``index=False``) is logged as a ``"tool"`` turn whose text is the value's JSON: stored
  and found by ``search`` (unless ``index=False``), never learned from.
- **Overwrite and delete.** Putting an existing key logs the new version first, then forgets
  the old ones; ``delete`` (``value=None``) forgets every version. Forgetting is
  :meth:`personify.user.User.forget`: the memory is deleted, its turn's text redacted, a forget
  event logged; profile memories learned from nothing but those turns are forgotten with them,
  so the persona, recall and a ``rebuild`` no longer carry what the agent replaced or deleted.
  The item keeps its ``created_at`` across overwrites. Reads take the newest current version,
  so a put interrupted between its two steps still reads right. (Forget redacts a turn's text,
  not yet its metadata: until it does, a forgotten item's value stays in the event log.)
- **Search.** ``namespace_prefix`` and ``filter`` (exact values, nested dicts, dotted paths,
  list containment, ``$eq $ne $gt $gte $lt $lte``) select among all the user's items; a
  ``query`` ranks them by cosine between its embedding (the engine's embedder) and the item's
  stored embedding - the vectors personify's own recall uses - with non-indexed items last
  (score ``None``). Without a query the newest items come first. ``limit``/``offset`` page.
- **Batches** run their operations in order (a ``get`` after a ``put`` sees it); every put of a
  batch is validated before anything is written. ``abatch`` runs ``batch`` in a worker thread.
  TTLs are not supported (``supports_ttl = False``).

Items are found by scanning the user's episodic memories once per change of the user (the scan
is cached against the store's per-user version), so reads stay cheap between writes.
"""

from __future__ import annotations

import asyncio
import copy
import json
import math
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np
from langgraph.store.base import (
    BaseStore,
    GetOp,
    InvalidNamespaceError,
    Item,
    ListNamespacesOp,
    MatchCondition,
    Op,
    PutOp,
    Result,
    SearchItem,
    SearchOp,
)
from langgraph.store.base.embed import get_text_at_path

from personify.errors import InvalidInputError
from personify.learn.consolidate import SEMANTIC_KINDS
from personify.models import Memory, MemoryKind, utcnow
from personify.observe.ingest import ROLES, Turn, check_turn
from personify.store import MemoryFilter

if TYPE_CHECKING:
    from personify.engine import Personify

DEFAULT_FIELDS = ("text", "content", "data", "memory", "body", "description")
RECORD = "langgraph"  # the metadata key that marks a turn as a store item
STRUCTURED_ROLE = "tool"  # items without text content: stored and searchable, never learned
OPERATORS = frozenset({"$eq", "$ne", "$gt", "$gte", "$lt", "$lte"})

Namespace = tuple[str, ...]
UserOf = int | Callable[[Namespace], str]


@dataclass(frozen=True)
class _Version:
    """One stored version of an item: the episodic memory that carries it."""

    memory_id: str
    namespace: Namespace
    key: str
    value: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    indexed: bool

    def item(self, score: float | None = None, *, scored: bool = False) -> Item:
        fields = {
            "namespace": self.namespace,
            "key": self.key,
            "value": copy.deepcopy(self.value),  # callers may mutate what they get
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }
        return SearchItem(**fields, score=score) if scored else Item(**fields)


@dataclass(frozen=True)
class _Write:
    """A checked put (``value`` None: a delete), ready to run."""

    user_id: str
    namespace: Namespace
    key: str
    value: dict[str, Any] | None
    text: str
    role: str
    indexed: bool

    def record(self, now: datetime, created: datetime | None = None) -> dict[str, Any]:
        """The turn metadata that carries the item."""
        item = {
            "namespace": list(self.namespace),
            "key": self.key,
            "value": self.value,
            "created_at": (created or now).isoformat(),
            "updated_at": now.isoformat(),
            "indexed": self.indexed,
        }
        return {RECORD: item}


def _parse(memory: Memory) -> _Version | None:
    record = memory.metadata.get(RECORD)
    try:
        return _Version(
            memory_id=memory.id,
            namespace=tuple(record["namespace"]),
            key=record["key"],
            value=record["value"],
            created_at=datetime.fromisoformat(record["created_at"]),
            updated_at=datetime.fromisoformat(record["updated_at"]),
            indexed=bool(record.get("indexed", True)),
        )
    except (TypeError, KeyError, ValueError):  # not a store item (or a hand-made imitation)
        return None


class PersonifyStore(BaseStore):
    """A LangGraph ``BaseStore`` whose items are personify memories (see the module docs).

    >>> store = PersonifyStore(Personify("memory.db"))      # doctest: +SKIP
    >>> graph = builder.compile(store=store)                 # doctest: +SKIP
    """

    def __init__(
        self,
        engine: Personify,
        *,
        user_of: UserOf = 0,
        role: str = "user",
        fields: Sequence[str] = DEFAULT_FIELDS,
    ) -> None:
        if isinstance(user_of, bool) or not (
            callable(user_of) or (isinstance(user_of, int) and user_of >= 0)
        ):
            raise InvalidInputError(
                f"user_of must be a namespace position (int >= 0) or a function, not {user_of!r}"
            )
        if role not in ROLES:
            raise InvalidInputError(f"role {role!r} is not one of {', '.join(ROLES)}")
        if isinstance(fields, str) or not all(isinstance(f, str) and f for f in fields):
            raise InvalidInputError("fields must be a list of JSON paths, e.g. ['text']")
        self.engine = engine
        self.user_of = user_of
        self.role = role
        self.fields = tuple(fields)
        self._lock = threading.RLock()
        self._cache: dict[str, tuple[int, dict[tuple[Namespace, str], list[_Version]]]] = {}
        self._embedder_checked = False

    # -- BaseStore ----------------------------------------------------------------------------
    def batch(self, ops: Iterable[Op]) -> list[Result]:
        ops = list(ops)
        writes = [self._check(op) for op in ops]  # every write checked before the first one
        with self._lock:
            return [self._run(op, write) for op, write in zip(ops, writes, strict=True)]

    async def abatch(self, ops: Iterable[Op]) -> list[Result]:
        return await asyncio.to_thread(self.batch, list(ops))

    def _run(self, op: Op, write: _Write | None) -> Result:
        if write is not None:
            if write.value is None:
                self._delete(write)
            else:
                self._put(write)
            return None
        if isinstance(op, GetOp):
            return self._get(op.namespace, op.key)
        if isinstance(op, SearchOp):
            return self._search(op)
        assert isinstance(op, ListNamespacesOp)
        return self._list_namespaces(op)

    # -- validation ---------------------------------------------------------------------------
    def _check(self, op: Op) -> _Write | None:
        """Refuse bad input with an error naming the field; a put comes back ready to run."""
        if isinstance(op, PutOp):
            return self._write(op)
        if isinstance(op, GetOp):
            _check_labels(op.namespace)
        elif isinstance(op, SearchOp):
            _check_labels(op.namespace_prefix)
            _check_page(op.limit, op.offset)
            _check_filter(op.filter or {})
        elif isinstance(op, ListNamespacesOp):
            for condition in op.match_conditions or ():
                if condition.match_type not in ("prefix", "suffix"):
                    raise InvalidInputError(
                        f"match_type must be 'prefix' or 'suffix', not {condition.match_type!r}"
                    )
                _check_labels(condition.path)
            _check_page(op.limit, op.offset)
            if op.max_depth is not None and (
                isinstance(op.max_depth, bool)
                or not isinstance(op.max_depth, int)
                or op.max_depth < 1
            ):
                raise InvalidInputError(
                    f"max_depth must be a positive integer, not {op.max_depth!r}"
                )
        else:
            raise InvalidInputError(f"unknown store operation {type(op).__name__}")
        return None

    def _write(self, op: PutOp) -> _Write:
        namespace = tuple(op.namespace)
        user_id = self._user_for(namespace, strict=True)
        assert user_id is not None  # strict raises instead
        if not isinstance(op.key, str):
            raise InvalidInputError(f"key must be a string, not {type(op.key).__name__}")
        if op.value is None:
            return _Write(user_id, namespace, op.key, None, "", "", False)
        if op.index not in (None, False) and (
            isinstance(op.index, str) or not all(isinstance(p, str) for p in op.index)
        ):
            raise InvalidInputError(f"index must be False or a list of paths, not {op.index!r}")
        value = _json_value(op.value, namespace, op.key)
        texts = _texts(value, self.fields if op.index is None else op.index or ())
        text = "\n".join(texts) or json.dumps(value, ensure_ascii=False, sort_keys=True)
        limit = self.engine.settings.max_text_chars  # the value is kept whole in the record
        write = _Write(
            user_id,
            namespace,
            op.key,
            value,
            text.replace("\x00", " ")[:limit],
            self.role if texts else STRUCTURED_ROLE,
            op.index is not False,
        )
        # the engine's own turn check, so observe cannot refuse the write half-way a batch
        check_turn(Turn(text=write.text, role=write.role, metadata=write.record(utcnow())), limit)
        return write

    def _user_for(self, namespace: Namespace, strict: bool = False) -> str | None:
        """The personify user a namespace belongs to (None: it cannot name one)."""
        _check_labels(namespace)
        if strict and not namespace:
            raise InvalidNamespaceError("namespace cannot be empty")
        if callable(self.user_of):
            try:
                user = self.user_of(tuple(namespace))
            except (LookupError, TypeError, ValueError) as exc:
                if strict:
                    raise InvalidNamespaceError(f"namespace {namespace}: {exc}") from None
                return None
        elif self.user_of < len(namespace):
            user = namespace[self.user_of]
        elif strict:
            raise InvalidNamespaceError(
                f"namespace {namespace} has no element {self.user_of} to name the personify user"
            )
        else:
            return None
        try:
            return self.engine.user(user).id  # the engine's own user-id check
        except InvalidInputError as exc:
            if strict:
                raise InvalidNamespaceError(f"namespace {namespace}: {exc}") from None
            return None

    def _scope(self, prefix: Sequence[str]) -> list[str]:
        """The users a prefix can reach: one when it names the user, else all of them."""
        if isinstance(self.user_of, int) and self.user_of < len(prefix):
            user = prefix[self.user_of]
            if user != "*":
                return [user]
        return [s.user_id for s in self.engine.users()]

    # -- reads --------------------------------------------------------------------------------
    def _items(self, user: str) -> dict[tuple[Namespace, str], list[_Version]]:
        """The user's current item versions (oldest first), rescanned only after a write."""
        store = self.engine.store
        version = store.user_version(user)
        cached = self._cache.get(user)
        if cached is not None and cached[0] == version:
            return cached[1]
        items: dict[tuple[Namespace, str], list[_Version]] = {}
        if version >= 0:
            episodic = MemoryFilter(kinds=frozenset({MemoryKind.EPISODIC}))
            for memory in store.list_memories(user, episodic):
                if RECORD in memory.metadata and (found := _parse(memory)) is not None:
                    items.setdefault((found.namespace, found.key), []).append(found)
            for versions in items.values():
                versions.sort(key=lambda v: v.updated_at)  # stable: log order breaks ties
        self._cache[user] = (version, items)
        return items

    def _newest(self, user: str) -> list[_Version]:
        return [versions[-1] for versions in self._items(user).values()]

    def _get(self, namespace: Namespace, key: str) -> Item | None:
        user = self._user_for(namespace)
        if user is None:
            return None
        versions = self._items(user).get((tuple(namespace), key))
        return versions[-1].item() if versions else None

    def _search(self, op: SearchOp) -> list[SearchItem]:
        prefix = tuple(op.namespace_prefix)
        found = [
            (user, v)
            for user in self._scope(prefix)
            for v in self._newest(user)
            if v.namespace[: len(prefix)] == prefix and _matches(v.value, op.filter or {})
        ]
        newest_first = sorted(found, key=lambda uv: (uv[1].namespace, uv[1].key))
        newest_first.sort(key=lambda uv: uv[1].updated_at, reverse=True)
        if not op.query:
            page = newest_first[op.offset : op.offset + op.limit]
            return [v.item(scored=True) for _, v in page]  # type: ignore[misc]
        scores = self._scores(op.query, [uv for uv in newest_first if uv[1].indexed])
        ranked = sorted(
            newest_first,
            key=lambda uv: -scores[uv[1].memory_id] if uv[1].memory_id in scores else math.inf,
        )
        page = ranked[op.offset : op.offset + op.limit]
        return [v.item(scores.get(v.memory_id), scored=True) for _, v in page]  # type: ignore[misc]

    def _scores(self, query: str, found: list[tuple[str, _Version]]) -> dict[str, float]:
        """Cosine of the query with each item's stored (unit) embedding."""
        if not found:
            return {}
        embedder = self.engine.embedder
        if not self._embedder_checked:  # another embedder's vectors would score as noise
            self.engine.store.check_embedder(embedder.name, embedder.dim)
            self._embedder_checked = True
        vector = np.asarray(embedder.embed([query])[0], dtype=np.float32)
        by_user: dict[str, list[str]] = {}
        for user, v in found:
            by_user.setdefault(user, []).append(v.memory_id)
        scores = {}
        for user, ids in by_user.items():
            for memory_id, stored in self.engine.store.embeddings(user, ids).items():
                scores[memory_id] = float(stored @ vector)
        return scores

    def _list_namespaces(self, op: ListNamespacesOp) -> list[Namespace]:
        conditions = op.match_conditions or ()
        prefix = next((c.path for c in conditions if c.match_type == "prefix"), ())
        namespaces = {
            v.namespace
            for user in self._scope(prefix)
            for v in self._newest(user)
            if all(_does_match(c, v.namespace) for c in conditions)
        }
        if op.max_depth is not None:
            namespaces = {ns[: op.max_depth] for ns in namespaces}
        return sorted(namespaces)[op.offset : op.offset + op.limit]

    # -- writes -------------------------------------------------------------------------------
    def _put(self, write: _Write) -> None:
        where = (write.namespace, write.key)
        previous = self._items(write.user_id).get(where, [])
        now = utcnow()
        event = self.engine.user(write.user_id).observe(
            write.text,
            role=write.role,
            ts=now,
            metadata=write.record(now, previous[-1].created_at if previous else None),
        )
        if previous:  # the new version is in place: now the old ones go
            self._retire(write.user_id, *where, keep_event=event.id)

    def _delete(self, write: _Write) -> None:
        if self.engine.store.user_version(write.user_id) >= 0:
            self._retire(write.user_id, write.namespace, write.key)

    def _retire(
        self, user_id: str, namespace: Namespace, key: str, keep_event: str | None = None
    ) -> None:
        """Forget the item's versions (all but the one logged by ``keep_event``) and the
        profile memories learned from nothing else, so that neither recall, the persona nor a
        rebuild from the log brings back what the agent replaced or deleted."""
        memories = self.engine.store.list_memories(user_id, MemoryFilter(include_history=True))
        versions = [
            m
            for m in memories
            if m.kind == MemoryKind.EPISODIC
            and keep_event not in m.evidence
            and (v := _parse(m)) is not None
            and (v.namespace, v.key) == (namespace, key)
        ]
        turns = {e for m in versions for e in m.evidence}
        learned = [
            m
            for m in memories
            if m.kind in SEMANTIC_KINDS and m.evidence and set(m.evidence) <= turns
        ]
        user = self.engine.user(user_id)
        for memory in versions:  # forgetting a turn re-derives the profile without it
            user.forget(memory.id)
        for memory in self.engine.store.get_memories(user_id, [m.id for m in learned]):
            user.forget(memory.id)


# -- helpers ----------------------------------------------------------------------------------
def _check_labels(namespace: Sequence[str]) -> None:
    if not isinstance(namespace, tuple | list):
        raise InvalidNamespaceError(f"namespace must be a tuple of strings, not {namespace!r}")
    for label in namespace:
        if not isinstance(label, str) or not label:
            raise InvalidNamespaceError(
                f"namespace {tuple(namespace)}: labels must be non-empty strings, got {label!r}"
            )


def _check_page(limit: int, offset: int) -> None:
    for name, n in (("limit", limit), ("offset", offset)):
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise InvalidInputError(f"{name} must be a non-negative integer, not {n!r}")


def _check_filter(filt: Mapping[str, Any], where: str = "filter") -> None:
    if not isinstance(filt, Mapping):
        raise InvalidInputError(f"{where} must be a dict, not {type(filt).__name__}")
    ops = [k for k in filt if isinstance(k, str) and k.startswith("$")]
    if ops:
        unknown = [k for k in filt if k not in OPERATORS]
        if unknown:
            raise InvalidInputError(
                f"{where}: unknown operator {unknown[0]!r}; use {', '.join(sorted(OPERATORS))}"
            )
        return
    for key, expected in filt.items():
        if isinstance(expected, Mapping):
            _check_filter(expected, f"{where}.{key}")


def _json_value(value: Any, namespace: Namespace, key: str) -> dict[str, Any]:
    """The value as it will read back: plain JSON (tuples become lists), or a clear error."""
    where = f"value of {tuple(namespace)}/{key!r}"
    if not isinstance(value, Mapping):
        raise InvalidInputError(f"{where} must be a dict, not {type(value).__name__}")
    try:
        return json.loads(json.dumps(dict(value), allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"{where} is not JSON: {exc}") from None


def _texts(value: dict[str, Any], paths: Iterable[str]) -> list[str]:
    """The non-blank strings at the item's index paths, in path order."""
    return [t for path in paths for t in get_text_at_path(value, path) if t.strip()]


_MISSING = object()


def _lookup(value: Any, key: str) -> Any:
    if isinstance(value, dict) and key in value:
        return value[key]
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


def _matches(value: dict[str, Any], filt: Mapping[str, Any]) -> bool:
    return all(_compare(_lookup(value, k), expected) for k, expected in filt.items())


def _compare(actual: Any, expected: Any) -> bool:
    if isinstance(expected, Mapping):
        if any(k in OPERATORS for k in expected):
            return all(_apply(actual, op, operand) for op, operand in expected.items())
        return isinstance(actual, dict) and _matches(actual, expected)
    if isinstance(expected, list | tuple):  # containment, as JSONB's @> reads a list
        return isinstance(actual, list) and all(
            any(_compare(a, e) for a in actual) for e in expected
        )
    if isinstance(actual, bool) != isinstance(expected, bool):  # True is not 1 in JSON
        return False
    return actual is not _MISSING and actual == expected


def _apply(actual: Any, op: str, operand: Any) -> bool:
    if op == "$eq":
        return _compare(actual, operand)
    if op == "$ne":
        return not _compare(actual, operand)
    numbers = all(isinstance(x, int | float) and not isinstance(x, bool) for x in (actual, operand))
    strings = isinstance(actual, str) and isinstance(operand, str)
    if not (numbers or strings):
        return False
    if op == "$gt":
        return actual > operand
    if op == "$gte":
        return actual >= operand
    if op == "$lt":
        return actual < operand
    return actual <= operand


def _does_match(condition: MatchCondition, namespace: Namespace) -> bool:
    """Whole labels from the start (prefix) or the end (suffix); ``*`` matches any one label."""
    path = tuple(condition.path)
    if len(namespace) < len(path):
        return False
    part = namespace[: len(path)] if condition.match_type == "prefix" else namespace[-len(path) :]
    return all(p in ("*", n) for p, n in zip(path, part, strict=True)) if path else True


__all__ = ["DEFAULT_FIELDS", "PersonifyStore"]
