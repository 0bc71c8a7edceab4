"""The write path: checked turns are embedded, learned from and committed, one transaction each.

Every user-visible write (observe, edit, forget, rebuild, feedback, import, a tool call or plan)
goes through here. A cycle reads the user's version, computes what to write, and writes it only
if no other process moved the user meanwhile (``store.retrying``: optimistic tries with jittered
backoff, then the store's lock on the user). Within a process, one lock per user serialises the
cycles (:class:`personify.state.SessionState`).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from typing import Any

import numpy as np

from personify.adapt.feedback import FeedbackLoop
from personify.config import Settings
from personify.embeddings import Embedder
from personify.embeddings.base import WordEmbedder, Words
from personify.errors import InvalidInputError, UnknownMemoryError
from personify.learn.consolidate import SEMANTIC_KINDS, derived_id
from personify.learn.learner import CONTEXT_TURNS, Learned, Learner, PastTurn
from personify.models import Event, EventKind, Memory, MemoryKind
from personify.observe.ingest import Progress, Turn, check_turn, turn_records
from personify.observe.transfer import ImportPlan, ImportReport, unseen
from personify.state import SessionState
from personify.store import Derived, MemoryFilter, Store, retrying

EMBED_BATCH = 256
WORDS_AT_ONCE = 1024  # turns whose word states one observe keeps from its own pass
PAST_TURNS = 20  # stored turns a recurring question is compared with


class WritePath:
    def __init__(
        self,
        store: Store,
        embedder: Embedder,
        learner: Learner,
        settings: Settings,
        state: SessionState,
        feedback: FeedbackLoop,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.learner = learner
        self.settings = settings
        self.state = state
        self.feedback = feedback
        self._embedder_checked = False

    # -- embedding ------------------------------------------------------------------------------
    def check_embedder(self) -> None:
        """A store built with one embedder refuses another (their vectors share no space)."""
        if not self._embedder_checked:
            self.store.check_embedder(self.embedder.name, self.embedder.dim)
            self._embedder_checked = True

    def embed(
        self,
        memories: Sequence[Memory],
        progress: Progress | None = None,
        words: dict[str, Words] | None = None,
    ) -> list[tuple[Memory, np.ndarray]]:
        """Vectors of ``memories``; with ``words`` (and a learner that reads words), the user
        turns' word states from the same forward pass go there, keyed by event id. A bulk
        write larger than ``WORDS_AT_ONCE`` leaves them to the learner, which runs the model
        again a chunk at a time rather than hold every turn's states."""
        self.check_embedder()
        vectors: list[np.ndarray] = []
        wanted = (
            words is not None
            and self.settings.learn
            and self.learner.reads_words
            and len(memories) <= WORDS_AT_ONCE
        )
        reader = self.embedder if wanted else None
        for start in range(0, len(memories), EMBED_BATCH):
            batch = memories[start : start + EMBED_BATCH]
            texts = [m.text for m in batch]
            if isinstance(reader, WordEmbedder):
                found, states = reader.embed_words(texts)  # pooled only when read
                assert words is not None
                words.update(
                    (m.evidence[0], w)
                    for m, w in zip(batch, states, strict=True)
                    if m.role == "user" and m.evidence
                )
                vectors.extend(found)
            else:
                vectors.extend(self.embedder.embed(texts))
            if progress is not None:
                progress(len(batch))
        return list(zip(memories, vectors, strict=True))

    def embed_query(self, text: str) -> np.ndarray:
        self.check_embedder()
        return self.embedder.embed([text])[0]

    # -- turns ----------------------------------------------------------------------------------
    def observe(
        self, user_id: str, turns: Sequence[Turn | dict[str, Any]], progress: Progress | None
    ) -> list[Event]:
        """Turns, what the learner derives from them and any implicit feedback they carry,
        in one transaction."""
        checked = [
            check_turn(t, self.settings.max_text_chars, index=i) for i, t in enumerate(turns)
        ]
        if not checked:
            return []
        events, memories = [], []
        for turn in checked:
            event, memory = turn_records(user_id, turn)
            events.append(event)
            memories.append(memory)
        words: dict[str, Words] = {}
        episodic = self.embed(memories, progress, words)
        vectors = {m.evidence[0]: v for m, v in episodic}
        with self.state.lock(user_id):
            self._commit(user_id, events, episodic, vectors, implicit=True, words=words)
        return events

    def _commit(
        self,
        user_id: str,
        events: list[Event],
        episodic: list[tuple[Memory, np.ndarray]],
        vectors: dict[str, np.ndarray],
        implicit: bool = False,
        words: dict[str, Words] | None = None,
    ) -> Learned | None:
        """What was learned and written; the write is optimistic, retried, then locked."""
        store = self.store
        found = self.feedback.implicit(user_id, events, vectors) if implicit else None

        def cycle() -> Learned | None:
            version = store.user_version(user_id)
            plan = self.feedback.plan_implicit(user_id, found) if found else None
            learned = (
                self.learn(user_id, events, vectors, live=True, words=words)
                if self.settings.learn
                else None
            )
            store.write(
                [*([plan.event] if plan else []), *events],
                [*episodic, *(learned.new if learned else [])],
                [*(plan.updated if plan else []), *(learned.updated if learned else [])],
                [
                    *(plan.style if plan else []),
                    *((user_id, p) for p in (learned.style if learned else [])),
                ],
                expect_versions={user_id: version},
                vectors=[(user_id, plan.vectors)] if plan and plan.vectors is not None else (),
            )
            return learned

        return retrying(cycle, lambda: store.exclusive(user_id))

    def learn(
        self,
        user_id: str,
        events: list[Event],
        vectors: dict[str, np.ndarray],
        live: bool,
        skip: frozenset[str] = frozenset(),
        words: dict[str, Words] | None = None,
    ) -> Learned:
        """Run the learner over ``events``; live: on top of the stored profile, else from zero.
        ``skip``: stored memories to treat as gone (a forget being prepared)."""
        store = self.store
        known = live and store.user_exists(user_id)
        current: list[tuple[Memory, np.ndarray]] = []
        if known:
            semantic = store.list_memories(user_id, MemoryFilter(kinds=SEMANTIC_KINDS))
            embedded = store.embeddings(user_id, [m.id for m in semantic])
            current = [(m, embedded[m.id]) for m in semantic if m.id in embedded]
        batch = [(e, vectors[e.id]) for e in events if e.id in vectors and e.role == "user"]
        position = {e.id: i for i, (e, _) in enumerate(batch)}
        matrix = np.stack([v for _, v in batch]) if batch else np.zeros((0, 0), np.float32)

        def past_turns(vector: np.ndarray, event: Event) -> list[PastTurn]:
            found: dict[str, tuple[str | None, float, str]] = {}
            if store.user_exists(user_id):
                filt = MemoryFilter(kinds=frozenset({MemoryKind.EPISODIC}), until=event.ts)
                found_ids = store.vector_search(user_id, vector, PAST_TURNS + len(skip), filt)
                hits = dict([h for h in found_ids if h[0] not in skip][:PAST_TURNS])
                for m in store.get_memories(user_id, list(hits)):
                    if m.role == "user" and m.evidence and m.evidence[0] != event.id:
                        found[m.evidence[0]] = (m.session, hits[m.id], m.text)
            earlier = position.get(event.id, len(batch))  # the batch's turns before this one
            for (other, _), cosine in zip(batch[:earlier], matrix[:earlier] @ vector, strict=True):
                found[other.id] = (other.session, float(cosine), other.text or "")
            return [PastTurn(eid, *rest) for eid, rest in found.items()]

        return self.learner.learn(
            user_id,
            events,
            context=store.recent_events(user_id, CONTEXT_TURNS) if known else [],
            current=current,
            style=store.get_style(user_id) if known else [],
            turn_vectors=vectors,
            past_turns=past_turns,
            turn_words=words,
        )

    # -- corrections ----------------------------------------------------------------------------
    def edit(self, user_id: str, memory_id: str, text: str | None, pinned: bool | None) -> Memory:
        found = self.store.get_memories(user_id, [memory_id])
        if not found:
            raise UnknownMemoryError(user_id, memory_id)
        old = found[0]
        if old.kind not in SEMANTIC_KINDS or old.valid_to is not None:
            raise InvalidInputError(
                f"only current preferences, constraints, facts and goals can be edited; "
                f"{memory_id} is {'superseded' if old.valid_to else old.kind.value}"
            )
        if text is None and pinned is None:
            raise InvalidInputError("nothing to change: give text and/or pinned")
        event = Event(
            user_id=user_id,
            kind=EventKind.EDIT,
            role="user",
            text=text,
            session=self.state.session(user_id),
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
        with self.state.lock(user_id):
            learned = self._commit(user_id, [event], [], {})
        # as written, even if another process moves it the next moment; the same text again
        # is no new memory: the target stays
        wanted = memory_id if text is None else derived_id(user_id, event.id, 0)
        written = [*(m for m, _ in learned.new), *learned.updated] if learned else []
        for memory in written:
            if memory.id == wanted:
                return memory
        found = self.store.get_memories(user_id, [memory_id])
        if not found:  # learning is off, or the target went before the edit could apply
            raise UnknownMemoryError(user_id, memory_id)
        return found[0]

    def rebuild(self, user_id: str) -> None:
        """Recompute the profile from the log, holding the user's write version: a write that
        another process commits meanwhile makes the replace fail and the replay run again."""
        store = self.store

        def cycle() -> None:
            version = store.user_version(user_id)
            learned = self.replay(user_id, store.list_events(user_id))
            store.write(
                [],
                learned.new,
                [],
                [(user_id, p) for p in learned.style],
                expect_versions={user_id: version},
                replace_derived=[user_id],
            )

        with self.state.lock(user_id):  # a long cycle: after one race lost, take the lock
            retrying(cycle, lambda: store.exclusive(user_id), optimistic=1)

    def replay(
        self, user_id: str, events: list[Event], skip: frozenset[str] = frozenset()
    ) -> Learned:
        """The learner over the whole log from an empty profile, with the stored turn vectors."""
        store = self.store
        episodic = [
            m
            for m in store.list_memories(
                user_id, MemoryFilter(kinds=frozenset({MemoryKind.EPISODIC}), include_history=True)
            )
            if m.id not in skip
        ]
        embedded = store.embeddings(user_id, [m.id for m in episodic])
        vectors = {m.evidence[0]: embedded[m.id] for m in episodic if m.evidence}
        return self.learn(user_id, events, vectors, live=False, skip=skip)

    def forget(self, user_id: str, memory_id: str) -> Memory:
        """Delete a memory and every copy of its words in one transaction; forgetting a turn
        re-derives the profile as if it had never been said."""
        store = self.store

        def cycle() -> Memory:
            version = store.user_version(user_id)
            found = store.get_memories(user_id, [memory_id])
            if not found:
                raise UnknownMemoryError(user_id, memory_id)
            memory = found[0]
            event = Event(
                user_id=user_id,
                kind=EventKind.FORGET,
                role="system",
                metadata={"memory_id": memory_id},
            )
            sources = store.get_events(user_id, memory.evidence)
            # a turn or plan is its episode's own text; a semantic memory's turns are theirs
            redact = [
                e.id
                for e in sources
                if memory.kind not in SEMANTIC_KINDS or e.kind == EventKind.EDIT
            ]
            derived = None
            if any(e.kind in (EventKind.TURN, EventKind.EDIT) for e in sources if e.id in redact):
                derived = self._rederive(user_id, event, set(redact), memory_id)
                redact += self._dangling_edits(user_id, derived, set(redact))
            return store.forget(user_id, memory_id, event, redact, derived, version)

        with self.state.lock(user_id):
            return retrying(cycle, lambda: store.exclusive(user_id), optimistic=1)

    def _dangling_edits(self, user_id: str, derived: Derived, redact: set[str]) -> list[str]:
        """Edits whose memory the re-derivation no longer makes (what they edited was never
        said now): they hold user text that nothing shows, so they are redacted too. Replay
        skips them either way, so the derived profile stays the same."""
        store = self.store
        kept = {e for m, _ in derived.memories for e in m.evidence}
        made = {m.id for m, _ in derived.memories}
        vanished = {
            e
            for m in store.list_memories(
                user_id, MemoryFilter(kinds=SEMANTIC_KINDS, include_history=True)
            )
            if m.id not in made
            for e in m.evidence
        }
        candidates = sorted(vanished - kept - redact)
        return [e.id for e in store.get_events(user_id, candidates) if e.kind == EventKind.EDIT]

    def _rederive(self, user_id: str, forget: Event, redact: set[str], memory_id: str) -> Derived:
        """The derived profile once ``redact`` is gone from the log: replayed when learning is
        on; otherwise what was derived from those events is dropped."""
        store = self.store
        if not self.settings.learn:
            kept = [
                m
                for m in store.list_memories(
                    user_id, MemoryFilter(kinds=SEMANTIC_KINDS, include_history=True)
                )
                if not redact & set(m.evidence)
            ]
            vectors = store.embeddings(user_id, [m.id for m in kept])
            return Derived(
                [(m, vectors[m.id]) for m in kept if m.id in vectors], store.get_style(user_id)
            )
        events = [
            e.model_copy(update={"text": None, "redacted": True}) if e.id in redact else e
            for e in store.list_events(user_id)
        ]
        learned = self.replay(user_id, [*events, forget], skip=frozenset({memory_id}))
        return Derived(learned.new, learned.style)

    # -- other records --------------------------------------------------------------------------
    def record(self, event: Event, memories: Sequence[Memory] = ()) -> None:
        """A tool call or plan: the event and its memories (embedded here), one transaction."""
        self.store.write([event], self.embed(memories) if memories else [])

    def import_plan(self, plan: ImportPlan, progress: Progress | None = None) -> ImportReport:
        """Write what the users do not have yet, with what is learned from it, in one
        transaction: under the users' locks, retried if another process moves a user."""
        store = self.store
        users = plan.user_ids
        vectors: dict[str, np.ndarray] = {}  # memory id -> embedding, computed once across tries

        def cycle() -> ImportReport:
            versions = {u: store.user_version(u) for u in users}
            fresh, skipped = unseen(store, plan, users)
            missing = [m for m in fresh.memories if m.id not in vectors]
            vectors.update((m.id, v) for m, v in self.embed(missing, progress))
            if not fresh.events and not fresh.memories:
                return ImportReport(users=[], events=0, memories=0, skipped=skipped)
            memories = [(m, vectors[m.id]) for m in fresh.memories]
            learned_new: list[tuple[Memory, np.ndarray]] = []
            updates: list[Memory] = []
            style = []
            if self.settings.learn:
                for user_id in users:
                    events = [e for e in fresh.events if e.user_id == user_id]
                    if not events:
                        continue
                    turns = {
                        m.evidence[0]: v
                        for m, v in memories
                        if m.user_id == user_id and m.kind == MemoryKind.EPISODIC
                    }
                    learned = self.learn(user_id, events, turns, live=True)
                    learned_new += [(m, v) for m, v in learned.new if m.id not in plan.forgotten]
                    updates += learned.updated
                    style += [(user_id, p) for p in learned.style]
            store.write(
                fresh.events, [*memories, *learned_new], updates, style, expect_versions=versions
            )
            return ImportReport(
                users=fresh.user_ids,
                events=len(fresh.events),
                memories=len(memories) + len(learned_new),
                skipped=skipped,
            )

        with ExitStack() as locks:
            for user_id in users:
                locks.enter_context(self.state.lock(user_id))
            if len(users) == 1:
                return retrying(cycle, lambda: store.exclusive(users[0]))
            return retrying(cycle)
