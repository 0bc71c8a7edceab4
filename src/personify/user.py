"""``User``: everything personify does for one user, as a small typed facade."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from personify.adapt.feedback import FeedbackResult
from personify.adapt.vectors import RecallTrace, UserVectors, direction, rating_to_reward
from personify.config import RecallWeights
from personify.errors import InvalidInputError, UnknownMemoryError, UnknownUserError
from personify.models import (
    Event,
    EventKind,
    Hit,
    Memory,
    MemoryKind,
    as_utc,
    utcnow,
)
from personify.observe import transfer, validate
from personify.observe.ingest import Progress, Turn
from personify.read.actions import Plan, Suggestion, learn_defaults, plan_text, suggest
from personify.read.agreement import OptionFit, rank_options
from personify.read.pairs import PreferencePair, preference_pairs
from personify.read.persona import Persona, assemble_persona
from personify.read.profile import Explanation, Profile, build_profile, explain
from personify.read.recall import finished_hits, rank
from personify.store import MemoryFilter

if TYPE_CHECKING:
    from personify.engine import Personify

TRACE_CANDIDATES = 20  # recalled candidates kept for feedback credit
MAX_K = 1000


class User:
    def __init__(self, engine: Personify, user_id: str) -> None:
        self._p = engine
        self.id = user_id

    def __repr__(self) -> str:
        return f"User({self.id!r})"

    @property
    def exists(self) -> bool:
        return self._p.store.user_exists(self.id)

    def _require(self) -> None:
        if not self._p.store.user_exists(self.id):
            raise UnknownUserError(self.id)

    # -- writes -------------------------------------------------------------------------------
    def observe(
        self,
        text: str,
        role: str = "user",
        session: str | None = None,
        ts: datetime | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> Event:
        """Log one turn; it becomes an episodic memory at once."""
        turn = {
            "text": text,
            "role": role,
            "session": session,
            "ts": ts,
            "metadata": {} if metadata is None else metadata,
        }
        return self.observe_many([turn])[0]  # validated there: bad input names the field

    def observe_many(
        self, turns: Iterable[Turn | dict[str, Any]], progress: Progress | None = None
    ) -> list[Event]:
        """Log many turns in one transaction, embedding them in batches (the fast path)."""
        if isinstance(turns, str | bytes | Mapping | Turn) or not isinstance(turns, Iterable):
            raise InvalidInputError(f"turns must be a list of turns, got {type(turns).__name__}")
        return self._p.writes.observe(self.id, list(turns), progress)

    def edit(self, memory_id: str, text: str | None = None, pinned: bool | None = None) -> Memory:
        """Correct a profile memory by hand. New text supersedes the old memory (kept as
        history); ``pinned`` keeps a memory from decaying. Logged, so rebuild replays it."""
        validate.identifier(memory_id, "memory_id")
        validate.optional_text(text, "text", max_chars=self._p.settings.max_text_chars)
        if pinned is not None:
            validate.boolean(pinned, "pinned")
        self._require()
        return self._p.writes.edit(self.id, memory_id, text, pinned)

    def rebuild(self) -> Profile:
        """Recompute the profile from the event log alone (e.g. after a better extractor).
        A write that another process commits meanwhile is never lost."""
        self._require()
        self._p.writes.rebuild(self.id)
        return self.profile()

    def profile(self, min_confidence: float = 0.0, now: datetime | None = None) -> Profile:
        """Current preferences, constraints, facts, goals and style, with confidence."""
        validate.number(min_confidence, "min_confidence", 0.0, 1.0)
        now = validate.timestamp(now, "now")
        self._require()
        return build_profile(
            self._p.store, self.id, as_utc(now) if now else utcnow(), min_confidence
        )

    def explain(self, memory_id: str) -> Explanation:
        """The events behind a memory, and what it superseded or was superseded by."""
        validate.identifier(memory_id, "memory_id")
        self._require()
        found = self._p.store.get_memories(self.id, [memory_id])
        if not found:
            raise UnknownMemoryError(self.id, memory_id)
        return explain(self._p.store, self.id, found[0])

    def feedback(
        self,
        reward: float | None = None,
        *,
        rating: float | None = None,
        memories: Sequence[str] | None = None,
        source: str = "explicit",
        comment: str | None = None,
    ) -> FeedbackResult:
        """Credit or blame the last recall or persona: a thumb (reward +1/-1), a rating 1-5,
        or any reward in [-1, 1]. ``memories`` names the hits the answer actually used
        (default: all returned). The feedback is logged; returns what it changed (the
        preference-vector update, the confidences the last persona's items moved)."""
        if (reward is None) == (rating is None):
            raise InvalidInputError("give exactly one of reward (-1..1) or rating (1..5)")
        try:
            if rating is not None:
                value = rating_to_reward(validate.number(rating, "rating"))
            else:
                value = validate.number(reward, "reward", -1.0, 1.0)
        except ValueError as exc:
            raise InvalidInputError(str(exc)) from None
        if memories is not None:
            memories = validate.identifiers(memories, "memories")
        validate.identifier(source, "source")
        validate.optional_text(comment, "comment", allow_empty=True, max_chars=2000)
        self._require()
        return self._p.feedback.record(self.id, value, memories, source, comment)

    def persona(
        self,
        task: str | None = None,
        budget_tokens: int = 400,
        k: int = 8,
        *,
        now: datetime | None = None,
    ) -> Persona:
        """A system prompt for this user (and ``task``), within ``budget_tokens``. ``now``
        (default: the clock) is the moment whose confidences count: implicit items fade with
        time, so a replayed history compiles the same persona on any day."""
        validate.optional_text(task, "task", allow_empty=True)
        validate.integer(budget_tokens, "budget_tokens")
        if budget_tokens < 40:
            raise InvalidInputError(f"budget_tokens must be at least 40, got {budget_tokens}")
        validate.integer(k, "k", 1, MAX_K)
        now = validate.timestamp(now, "now")
        at = as_utc(now) if now else utcnow()
        self._require()
        relevant = constraints = None
        if task:
            # One embedding, two recalls: the constraints that bear on the task come first,
            # so a user with a hundred constraints still gets the relevant ones in the budget.
            vector = self._p.writes.embed_query(task)
            kinds = [MemoryKind.PREFERENCE, MemoryKind.FACT, MemoryKind.GOAL]
            relevant = self.recall_vector(task, vector, k, MemoryFilter.of(kinds=kinds), now=at)
            first = self._p.state.trace(self.id)
            constraints = self.recall_vector(
                task, vector, k, MemoryFilter.of(kinds=[MemoryKind.CONSTRAINT]), now=at
            )
            second = self._p.state.trace(self.id)
            if first is not None and second is not None:
                self._p.state.set_trace(self.id, first.merged(second))
        persona = assemble_persona(
            self._p.store, self.id, relevant, budget_tokens, k, at, constraints=constraints
        )
        self._p.state.set_persona(self.id, persona)
        return persona

    def record_tool_call(
        self,
        tool: str,
        arguments: dict[str, Any],
        outcome: str | None = None,
        *,
        task: str | None = None,
        session: str | None = None,
        ts: datetime | None = None,
    ) -> Event:
        """Log a tool call with its arguments and outcome ("success", "failure" or None)."""
        validate.identifier(tool, "tool")
        arguments = validate.json_object(arguments, "arguments")
        if outcome not in (None, "success", "failure"):
            raise InvalidInputError(
                f"outcome must be 'success', 'failure' or None, not {validate.show(outcome)}"
            )
        validate.optional_text(task, "task", max_chars=self._p.settings.max_text_chars)
        validate.optional_identifier(session, "session")
        ts = validate.timestamp(ts, "ts")
        event = Event(
            user_id=self.id,
            kind=EventKind.TOOL_CALL,
            role="tool",
            session=session,
            ts=as_utc(ts) if ts else utcnow(),
            metadata={"tool": tool, "arguments": arguments, "outcome": outcome, "task": task},
        )
        self._p.writes.record(event)
        return event

    def suggest_arguments(
        self, tool: str, partial_args: dict[str, Any] | None = None
    ) -> Suggestion:
        """Fill the arguments the caller left out with this user's learned defaults."""
        validate.identifier(tool, "tool")
        partial_args = validate.json_object(partial_args or {}, "partial_args")
        self._require()
        calls = self._p.store.list_events(self.id, kinds=[EventKind.TOOL_CALL])
        return suggest(tool, partial_args, learn_defaults(calls, tool, utcnow()))

    def record_plan(
        self, task: str, steps: Sequence[str], accepted: bool = True, session: str | None = None
    ) -> Event:
        """Log a task decomposition; accepted plans are remembered for similar tasks."""
        limit = self._p.settings.max_text_chars
        validate.text(task, "task", max_chars=limit)
        steps = validate.texts(steps, "steps", max_chars=limit)
        validate.boolean(accepted, "accepted")
        validate.optional_identifier(session, "session")
        text = validate.text(plan_text(task, steps), "plan", max_chars=limit)
        event = Event(
            user_id=self.id,
            kind=EventKind.PLAN,
            role="assistant",
            session=session,
            text=text,
            metadata={"task": task, "steps": list(steps), "accepted": accepted},
        )
        memories = []
        if accepted:
            memory = Memory(
                user_id=self.id,
                kind=MemoryKind.PLAN,
                text=text,
                session=session,
                role="assistant",
                evidence=[event.id],
                created_at=event.ts,
                valid_from=event.ts,
                metadata={"task": task, "steps": list(steps)},
            )
            memories = [memory]
        self._p.writes.record(event, memories)
        return event

    def similar_plans(self, task: str, k: int = 3) -> list[Plan]:
        """Accepted plans of this user for tasks like ``task``, best first."""
        hits = self.recall(task, k=k, kinds=[MemoryKind.PLAN])
        return [
            Plan(
                task=h.memory.metadata["task"],
                steps=h.memory.metadata["steps"],
                score=h.score,
                memory_id=h.memory.id,
                when=h.memory.created_at,
            )
            for h in hits
        ]

    def vectors(self) -> UserVectors | None:
        """The user's current preference vectors (None until the first feedback)."""
        self._require()
        return self._p.store.get_vectors(self.id)

    def rollback_vectors(self) -> UserVectors | None:
        """Undo the latest vector update; returns the state now in force."""
        self._require()
        return self._p.store.rollback_vectors(self.id)

    def forget(self, memory_id: str) -> Memory:
        """Delete a memory and every copy of its words. Forgetting a turn redacts it from the
        log and re-derives the profile as if it had never been said; forgetting a memory made
        by an edit redacts that edit. One transaction, so rebuild agrees at every moment."""
        validate.identifier(memory_id, "memory_id")
        self._require()
        return self._p.writes.forget(self.id, memory_id)

    # -- reads --------------------------------------------------------------------------------
    def recall(
        self,
        query: str,
        k: int = 5,
        *,
        kinds: Iterable[MemoryKind | str] | None = None,
        session: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        include_history: bool = False,
        now: datetime | None = None,
        weights: RecallWeights | None = None,
    ) -> list[Hit]:
        """The ``k`` memories most relevant to ``query``, best first, each with its evidence."""
        if not isinstance(query, str) or not query.strip():
            raise InvalidInputError("recall query must be non-empty text")
        validate.text(query, "query", max_chars=self._p.settings.max_text_chars)
        validate.integer(k, "k", 1, MAX_K)
        filt = _filter(kinds, session, since, until, include_history)
        now = validate.timestamp(now, "now")
        if weights is not None and not isinstance(weights, RecallWeights):
            raise InvalidInputError(f"weights must be RecallWeights, got {type(weights).__name__}")
        self._require()
        vector = self._p.writes.embed_query(query)
        return self.recall_vector(
            query, vector, k, filt, now=now, weights=weights or self._p.settings.weights
        )

    def recall_vector(
        self,
        query: str,
        vector,
        k: int,
        filt: MemoryFilter,
        *,
        now: datetime | None = None,
        weights: RecallWeights | None = None,
    ) -> list[Hit]:
        """Recall with a query embedding computed elsewhere (benchmarks, batched callers)."""
        vars_settings = self._p.settings.vars
        state = self._p.store.get_vectors(self.id) if vars_settings.rule != "off" else None
        bias = None
        if state is not None:
            z_eff = direction(state, vars_settings, vector, self._p.state.session(self.id))
            bias = lambda ids, matrix: matrix @ z_eff  # noqa: E731
        candidates = rank(
            self._p.store,
            self.id,
            query,
            vector,
            k,
            filt,
            weights or self._p.settings.weights,
            as_utc(now) if now else utcnow(),
            preference=bias,
        )
        ranked = candidates[:k]
        self._p.state.set_trace(
            self.id,
            RecallTrace(
                query=query,
                query_vector=np.asarray(vector, dtype=np.float32),
                candidate_ids=[m.id for m, _ in candidates[:TRACE_CANDIDATES]],
                scores=np.asarray([b.total for _, b in candidates[:TRACE_CANDIDATES]]),
                used_ids=[m.id for m, _ in ranked],
                session=self._p.state.session(self.id),
            ),
        )
        return finished_hits(self._p.store, self.id, ranked)

    @property
    def awaiting_feedback(self) -> bool:
        """Whether this process holds a recall or persona of this user to give feedback on."""
        return self._p.state.trace(self.id) is not None

    def rank_options(self, question: str, options: Sequence[str], k: int = 8) -> list[OptionFit]:
        """Rank candidate answers/plans for ``question`` by fit with the user's profile."""
        options = validate.texts(options, "options", max_chars=self._p.settings.max_text_chars)
        hits = [
            h
            for h in self.recall(
                question, k=k, kinds=[MemoryKind.PREFERENCE, MemoryKind.CONSTRAINT]
            )
            if h.memory.polarity
        ]
        embedder = self._p.embedder
        option_vectors = embedder.embed(list(options))
        object_vectors = embedder.embed([h.memory.object or h.memory.text for h in hits])
        return rank_options(options, option_vectors, hits, object_vectors)

    def memories(
        self,
        kinds: Iterable[MemoryKind | str] | None = None,
        *,
        session: str | None = None,
        include_history: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Memory]:
        filt = _filter(kinds, session, None, None, include_history)
        validate.optional_integer(limit, "limit", 0)
        validate.integer(offset, "offset", 0)
        self._require()
        return self._p.store.list_memories(self.id, filt, limit=limit, offset=offset)

    def events(self, limit: int | None = None, offset: int = 0) -> list[Event]:
        validate.optional_integer(limit, "limit", 0)
        validate.integer(offset, "offset", 0)
        self._require()
        return self._p.store.list_events(self.id, limit=limit, offset=offset)

    def export(self) -> list[dict[str, Any]]:
        """Everything stored about the user as JSON-ready records (the JSONL export lines)."""
        self._require()
        memories = self._p.store.list_memories(self.id, MemoryFilter(include_history=True))
        return transfer.export_records(self.events(), memories)

    def preference_pairs(self) -> list[PreferencePair]:
        """Chosen-over-rejected answers read from the log (choices, edits, corrections and
        ratings), in TRL's preference format: training data for a personal model."""
        self._require()
        return preference_pairs(self._p.store, self.id)


def _filter(kinds: Any, session: Any, since: Any, until: Any, include_history: Any) -> MemoryFilter:
    """A recall/listing filter from caller input, every part checked (times may be ISO text)."""
    return MemoryFilter.of(
        validate.kinds(kinds),
        validate.optional_identifier(session, "session"),
        validate.timestamp(since, "since"),
        validate.timestamp(until, "until"),
        validate.boolean(include_history, "include_history"),
    )
