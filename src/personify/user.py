"""``User``: everything personify does for one user, as a small typed facade."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from personify import transfer, validate
from personify.actions import Plan, Suggestion, learn_defaults, plan_text, suggest
from personify.agreement import OptionFit, rank_options
from personify.config import RecallWeights
from personify.consolidate import SEMANTIC_KINDS, derived_id
from personify.errors import InvalidInputError, UnknownMemoryError, UnknownUserError
from personify.feedback_loop import FeedbackResult, implicit_feedback, record_feedback
from personify.ingest import Progress, Turn, check_turn, turn_records
from personify.learn import CONTEXT_TURNS, Learned, PastTurn
from personify.models import (
    Event,
    EventKind,
    Hit,
    Memory,
    MemoryKind,
    as_utc,
    utcnow,
)
from personify.pairs import PreferencePair, preference_pairs
from personify.persona import Persona, assemble_persona
from personify.profile import Explanation, Profile, build_profile, explain
from personify.recall import rank
from personify.store import Derived, MemoryFilter, retrying
from personify.vectors import RecallTrace, UserVectors, rating_to_reward

if TYPE_CHECKING:
    from personify.engine import Personify

"""Tries of one read-learn-write cycle before a concurrent writer's ConflictError is raised."""


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
        limit = self._p.settings.max_text_chars
        if isinstance(turns, str | bytes | Mapping | Turn) or not isinstance(turns, Iterable):
            raise InvalidInputError(f"turns must be a list of turns, got {type(turns).__name__}")
        checked = [check_turn(t, limit, index=i) for i, t in enumerate(turns)]
        if not checked:
            return []
        events, memories = [], []
        for turn in checked:
            event, memory = turn_records(self.id, turn)
            events.append(event)
            memories.append(memory)
        episodic = self._p._embed(memories, progress)
        implicit_feedback(self._p, self.id, events, {m.evidence[0]: v for m, v in episodic})
        self._commit(events, episodic)
        return events

    def _commit(
        self, events: list[Event], episodic: list[tuple[Memory, np.ndarray]]
    ) -> Learned | None:
        """Write events with what the learner derives from them, in one transaction."""
        store = self._p.store
        if not self._p.settings.learn:
            store.write(events, episodic)
            return None
        vectors = {m.evidence[0]: v for m, v in episodic}
        with self._p.lock_for(self.id):
            return self._commit_locked(events, episodic, vectors)

    def _commit_locked(
        self,
        events: list[Event],
        episodic: list[tuple[Memory, np.ndarray]],
        vectors: dict[str, np.ndarray],
    ) -> Learned:
        """What was learned and written; the write is optimistic, retried, then locked."""
        store = self._p.store

        def cycle() -> Learned:  # optimistic: another process may move the user meanwhile
            version = store.user_version(self.id)
            learned = self._learn(events, vectors, live=True)
            store.write(
                events,
                [*episodic, *learned.new],
                learned.updated,
                [(self.id, p) for p in learned.style],
                expect_versions={self.id: version},
            )
            return learned

        return retrying(cycle, lambda: store.exclusive(self.id))

    def edit(self, memory_id: str, text: str | None = None, pinned: bool | None = None) -> Memory:
        """Correct a profile memory by hand. New text supersedes the old memory (kept as
        history); ``pinned`` keeps a memory from decaying. Logged, so rebuild replays it."""
        validate.identifier(memory_id, "memory_id")
        validate.optional_text(text, "text", max_chars=self._p.settings.max_text_chars)
        if pinned is not None:
            validate.boolean(pinned, "pinned")
        self._require()
        found = self._p.store.get_memories(self.id, [memory_id])
        if not found:
            raise UnknownMemoryError(self.id, memory_id)
        old = found[0]
        if old.kind not in SEMANTIC_KINDS or old.valid_to is not None:
            raise InvalidInputError(
                f"only current preferences, constraints, facts and goals can be edited; "
                f"{memory_id} is {'superseded' if old.valid_to else old.kind.value}"
            )
        if text is None and pinned is None:
            raise InvalidInputError("nothing to change: give text and/or pinned")
        event = Event(
            user_id=self.id,
            kind=EventKind.EDIT,
            role="user",
            text=text,
            session=self._p.sessions.get(self.id),
            # ids, not words: forgetting the memory must not leave its text in the log
            metadata={
                "memory_id": old.id,
                "kind": old.kind.value,
                "polarity": old.polarity,
                **({} if text is None else {"object": text}),
                "slot": old.slot,
                "pinned": pinned,
            },
        )
        learned = self._commit([event], [])
        # as written, even if another process moves it the next moment; the same text again
        # is no new memory: the target stays
        wanted = memory_id if text is None else derived_id(self.id, event.id, 0)
        written = [*(m for m, _ in learned.new), *learned.updated] if learned else []
        for memory in written:
            if memory.id == wanted:
                return memory
        found = self._p.store.get_memories(self.id, [memory_id])
        if not found:  # learning is off, or the target went before the edit could apply
            raise UnknownMemoryError(self.id, memory_id)
        return found[0]

    def _learn(
        self,
        events: list[Event],
        vectors: dict[str, np.ndarray],
        live: bool,
        skip: frozenset[str] = frozenset(),
    ) -> Learned:
        """Run the learner over ``events``; live: on top of the stored profile, else from zero.
        ``skip``: stored memories to treat as gone (a forget being prepared)."""
        store = self._p.store
        known = live and store.user_exists(self.id)
        current: list[tuple[Memory, np.ndarray]] = []
        if known:
            semantic = store.list_memories(self.id, MemoryFilter(kinds=SEMANTIC_KINDS))
            embedded = store.embeddings(self.id, [m.id for m in semantic])
            current = [(m, embedded[m.id]) for m in semantic if m.id in embedded]
        batch = [(e, vectors[e.id]) for e in events if e.id in vectors and e.role == "user"]
        position = {e.id: i for i, (e, _) in enumerate(batch)}
        matrix = np.stack([v for _, v in batch]) if batch else np.zeros((0, 0), np.float32)

        def past_turns(vector: np.ndarray, event: Event) -> list[PastTurn]:
            found: dict[str, tuple[str | None, float, str]] = {}
            if store.user_exists(self.id):
                filt = MemoryFilter(kinds=frozenset({MemoryKind.EPISODIC}), until=event.ts)
                found_ids = store.vector_search(self.id, vector, 20 + len(skip), filt)
                hits = dict([h for h in found_ids if h[0] not in skip][:20])
                for m in store.get_memories(self.id, list(hits)):
                    if m.role == "user" and m.evidence and m.evidence[0] != event.id:
                        found[m.evidence[0]] = (m.session, hits[m.id], m.text)
            earlier = position.get(event.id, len(batch))  # the batch's turns before this one
            for (other, _), cosine in zip(batch[:earlier], matrix[:earlier] @ vector, strict=True):
                found[other.id] = (other.session, float(cosine), other.text or "")
            return [PastTurn(eid, *rest) for eid, rest in found.items()]

        return self._p.learner.learn(
            self.id,
            events,
            context=store.recent_events(self.id, CONTEXT_TURNS) if known else [],
            current=current,
            style=store.get_style(self.id) if known else [],
            turn_vectors=vectors,
            past_turns=past_turns,
        )

    def rebuild(self) -> Profile:
        """Recompute the profile from the event log alone (e.g. after a better extractor).

        Holds the user's write version: a write that another process commits meanwhile makes
        the replace fail and the replay run again, so it is never lost."""
        self._require()
        store = self._p.store

        def cycle() -> None:
            version = store.user_version(self.id)
            learned = self._replay(store.list_events(self.id))
            store.write(
                [],
                learned.new,
                [],
                [(self.id, p) for p in learned.style],
                expect_versions={self.id: version},
                replace_derived=[self.id],
            )

        with self._p.lock_for(self.id):  # a long cycle: after one race lost, take the lock
            retrying(cycle, lambda: store.exclusive(self.id), optimistic=1)
        return self.profile()

    def _replay(self, events: list[Event], skip: frozenset[str] = frozenset()) -> Learned:
        """The learner over the whole log from an empty profile, with the stored turn vectors."""
        store = self._p.store
        episodic = [
            m
            for m in store.list_memories(
                self.id, MemoryFilter(kinds=frozenset({MemoryKind.EPISODIC}), include_history=True)
            )
            if m.id not in skip
        ]
        embedded = store.embeddings(self.id, [m.id for m in episodic])
        vectors = {m.evidence[0]: embedded[m.id] for m in episodic if m.evidence}
        return self._learn(events, vectors, live=False, skip=skip)

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
        return record_feedback(self._p, self.id, value, memories, source, comment)

    def persona(self, task: str | None = None, budget_tokens: int = 400, k: int = 8) -> Persona:
        """A system prompt for this user (and ``task``), within ``budget_tokens``."""
        validate.optional_text(task, "task", allow_empty=True)
        validate.integer(budget_tokens, "budget_tokens")
        if budget_tokens < 40:
            raise InvalidInputError(f"budget_tokens must be at least 40, got {budget_tokens}")
        validate.integer(k, "k", 1, MAX_K)
        self._require()
        relevant = constraints = None
        if task:
            # One embedding, two recalls: the constraints that bear on the task come first,
            # so a user with a hundred constraints still gets the relevant ones in the budget.
            self._p._check_embedder()
            vector = self._p.embedder.embed([task])[0]
            kinds = [MemoryKind.PREFERENCE, MemoryKind.FACT, MemoryKind.GOAL]
            relevant = self.recall_vector(task, vector, k, MemoryFilter.of(kinds=kinds))
            first = self._p.traces[self.id]
            constraints = self.recall_vector(
                task, vector, k, MemoryFilter.of(kinds=[MemoryKind.CONSTRAINT])
            )
            self._p.traces[self.id] = first.merged(self._p.traces[self.id])
        persona = assemble_persona(
            self._p.store, self.id, relevant, budget_tokens, k, utcnow(), constraints=constraints
        )
        self._p.personas[self.id] = persona
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
        self._p.store.write([event], [])
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
            memories = self._p._embed([memory])
        self._p.store.write([event], memories)
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
        store = self._p.store

        def cycle() -> Memory:
            version = store.user_version(self.id)
            found = store.get_memories(self.id, [memory_id])
            if not found:
                raise UnknownMemoryError(self.id, memory_id)
            memory = found[0]
            event = Event(
                user_id=self.id,
                kind=EventKind.FORGET,
                role="system",
                metadata={"memory_id": memory_id},
            )
            sources = store.get_events(self.id, memory.evidence)
            # a turn or plan is its episode's own text; a semantic memory's turns are theirs
            redact = [
                e.id
                for e in sources
                if memory.kind not in SEMANTIC_KINDS or e.kind == EventKind.EDIT
            ]
            derived = None
            if any(e.kind in (EventKind.TURN, EventKind.EDIT) for e in sources if e.id in redact):
                derived = self._rederive(event, set(redact), memory_id)
                redact += self._dangling_edits(derived, set(redact))
            return store.forget(self.id, memory_id, event, redact, derived, version)

        with self._p.lock_for(self.id):
            return retrying(cycle, lambda: store.exclusive(self.id), optimistic=1)

    def _dangling_edits(self, derived: Derived, redact: set[str]) -> list[str]:
        """Edits whose memory the re-derivation no longer makes (what they edited was never
        said now): they hold user text that nothing shows, so they are redacted too. Replay
        skips them either way, so the derived profile stays the same."""
        store = self._p.store
        kept = {e for m, _ in derived.memories for e in m.evidence}
        made = {m.id for m, _ in derived.memories}
        vanished = {
            e
            for m in store.list_memories(
                self.id, MemoryFilter(kinds=SEMANTIC_KINDS, include_history=True)
            )
            if m.id not in made
            for e in m.evidence
        }
        candidates = sorted(vanished - kept - redact)
        return [e.id for e in store.get_events(self.id, candidates) if e.kind == EventKind.EDIT]

    def _rederive(self, forget: Event, redact: set[str], memory_id: str) -> Derived:
        """The derived profile once ``redact`` is gone from the log: replayed when learning is
        on; otherwise what was derived from those events is dropped."""
        store = self._p.store
        if not self._p.settings.learn:
            kept = [
                m
                for m in store.list_memories(
                    self.id, MemoryFilter(kinds=SEMANTIC_KINDS, include_history=True)
                )
                if not redact & set(m.evidence)
            ]
            vectors = store.embeddings(self.id, [m.id for m in kept])
            return Derived(
                [(m, vectors[m.id]) for m in kept if m.id in vectors], store.get_style(self.id)
            )
        events = [
            e.model_copy(update={"text": None, "redacted": True}) if e.id in redact else e
            for e in store.list_events(self.id)
        ]
        learned = self._replay([*events, forget], skip=frozenset({memory_id}))
        return Derived(learned.new, learned.style)

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
        self._p._check_embedder()
        vector = self._p.embedder.embed([query])[0]
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
            z_eff = state.effective(vars_settings, self._p.sessions.get(self.id))
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
        self._p.traces[self.id] = RecallTrace(
            query=query,
            query_vector=np.asarray(vector, dtype=np.float32),
            candidate_ids=[m.id for m, _ in candidates[:TRACE_CANDIDATES]],
            scores=np.asarray([b.total for _, b in candidates[:TRACE_CANDIDATES]]),
            used_ids=[m.id for m, _ in ranked],
            session=self._p.sessions.get(self.id),
        )
        wanted = sorted({e for memory, _ in ranked for e in memory.evidence})
        events = {e.id: e for e in self._p.store.get_events(self.id, wanted)}
        return [
            Hit(
                memory=memory,
                score=breakdown.total,
                breakdown=breakdown,
                evidence=[events[e] for e in memory.evidence if e in events],
            )
            for memory, breakdown in ranked
        ]

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


def _filter(
    kinds: Any, session: Any, since: Any, until: Any, include_history: Any
) -> MemoryFilter:
    """A recall/listing filter from caller input, every part checked (times may be ISO text)."""
    return MemoryFilter.of(
        validate.kinds(kinds),
        validate.optional_identifier(session, "session"),
        validate.timestamp(since, "since"),
        validate.timestamp(until, "until"),
        validate.boolean(include_history, "include_history"),
    )
