"""Multi-session collaboration simulator (after MultiSessionCollab in the VARS paper), LLM-free.

Simulated users hold hidden preferences drawn from PrefEval (explicit form, distinct topics) and
work through tasks - each preference's PrefEval questions - over several sessions, chatting in
between (filler from PrefEval's inter-turn chats and other users' persona chats, so recall meets
realistic distractors). For each task the agent recalls ``k`` memories; the task is served when
one carries the relevant preference, i.e. its evidence includes a turn in which the user stated
it. Otherwise the user spends a correction turn restating it (reward -1 on the failed recall) and
the agent recalls again; past ``max_corrections`` the task times out. A served task gets reward
+1. Corrections per task is the user's effort; the simulation is seeded, so it repeats exactly.

Only user turns are logged (the agent's answers are not simulated), so personify's implicit
reward detector never fires: every reward is the explicit one described above. Task questions
are not logged by default: PrefEval has at most two questions per preference, so a logged
question recurs verbatim and its own past copies (cosine 1.0) crowd every preference out of the
top k - an artifact of the data, not of real use, where tasks differ (``log_tasks`` keeps it).
"""

from __future__ import annotations

import random
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal, Protocol

import numpy as np
from pydantic import BaseModel

from personify.adapt.vectors import VarsSettings
from personify.config import RecallWeights, Settings
from personify.embeddings import Embedder
from personify.engine import Personify
from personify.eval.prefeval import PrefEval, carries
from personify.learn.extract.rules import RuleExtractor
from personify.models import Event


@dataclass(frozen=True)
class SimConfig:
    """Defaults: 6 sessions x 4 tasks over 6 hidden preferences, so each recurs about 4 times."""

    users: int = 8
    sessions: int = 6
    tasks: int = 4
    hidden: int = 6
    k: int = 3
    max_corrections: int = 2
    filler: int = 2  # filler user turns before each task
    persona_share: float = 0.5  # share of filler taken from other users' persona chats
    context: int = 20  # M: turns the recent-context baseline keeps
    log_tasks: bool = False  # also log each task's question as a user turn (see module doc)
    filler_max_chars: int = 600  # longer chat turns are mostly pasted code: costly to embed
    seed: int = 0


@dataclass(frozen=True)
class HiddenPreference:
    topic: str
    index: int
    text: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Step:
    kind: Literal["task", "filler"]
    text: str
    pref: int = -1


@dataclass(frozen=True)
class Script:
    user_id: str
    preferences: tuple[HiddenPreference, ...]
    sessions: tuple[tuple[Step, ...], ...]

    def texts(self) -> set[str]:
        return {p.text for p in self.preferences} | {
            s.text for session in self.sessions for s in session
        }


def _filler_pool(data: PrefEval, max_chars: int) -> list[str]:
    return [
        t.content
        for c in data.filler
        for t in c.conversation
        if t.role == "user" and t.content.strip() and len(t.content) <= max_chars
    ]


def make_script(data: PrefEval, config: SimConfig, user: int) -> Script:
    """One user's preferences and sessions; depends only on (seed, user), not on ``users``."""
    rng = random.Random(f"simulate:{config.seed}:{user}")
    topics = sorted(data.explicit)
    if config.hidden > len(topics):
        raise ValueError(f"hidden={config.hidden} exceeds the {len(topics)} topics")
    chosen = rng.sample(topics, config.hidden)
    prefs = []
    for topic in chosen:
        i = rng.randrange(len(data.explicit[topic]))
        item = data.explicit[topic][i]
        questions = [item.question]
        if topic in data.choice and data.choice[topic][i].implicit_query not in questions:
            questions.append(data.choice[topic][i].implicit_query)
        prefs.append(HiddenPreference(topic, i, item.preference, tuple(questions)))
    chat_pool = _filler_pool(data, config.filler_max_chars)
    others = [t for t in topics if t not in chosen and data.persona.get(t)]

    def filler() -> str:
        if others and rng.random() < config.persona_share:
            item = rng.choice(data.persona[rng.choice(others)])
            return rng.choice(item.turns).user
        return rng.choice(chat_pool)

    sessions = []
    for _ in range(config.sessions):
        if config.tasks <= config.hidden:
            picks = rng.sample(range(config.hidden), config.tasks)
        else:
            picks = [rng.randrange(config.hidden) for _ in range(config.tasks)]
        steps: list[Step] = []
        for p in picks:
            steps.extend(Step("filler", filler()) for _ in range(config.filler))
            steps.append(Step("task", rng.choice(prefs[p].questions), p))
        sessions.append(tuple(steps))
    return Script(f"user{user:03d}", tuple(prefs), tuple(sessions))


def make_scripts(data: PrefEval, config: SimConfig) -> list[Script]:
    return [make_script(data, config, u) for u in range(config.users)]


# -- agents ----------------------------------------------------------------------------------


class Agent(Protocol):
    """What the simulator needs from a memory system."""

    name: str

    def new_task(self, user_id: str) -> None: ...

    def hear(self, user_id: str, texts: Sequence[str], session: str) -> list[str]:
        """Log user turns; returns their event ids."""
        ...

    def holds(self, user_id: str, query: str, evidence: set[str]) -> bool:
        """Recall for ``query``; True when a recalled item has one of the ``evidence`` events."""
        ...

    def reward(self, user_id: str, value: float) -> None: ...

    def close(self) -> None: ...


class NoMemory:
    """A fresh context per task: only what the user says during the task is known."""

    def __init__(self, name: str = "no memory") -> None:
        self.name = name
        self._count = 0
        self._context: set[str] = set()

    def new_task(self, user_id: str) -> None:
        self._context = set()

    def hear(self, user_id: str, texts: Sequence[str], session: str) -> list[str]:
        ids = []
        for _ in texts:
            self._count += 1
            ids.append(f"{user_id}:{self._count}")
        self._context.update(ids)
        return ids

    def holds(self, user_id: str, query: str, evidence: set[str]) -> bool:
        return not self._context.isdisjoint(evidence)

    def reward(self, user_id: str, value: float) -> None:
        pass

    def close(self) -> None:
        pass


class Oracle(NoMemory):
    """Perfect recall: a preference is known once stated; the floor on any memory's effort."""

    def __init__(self, name: str = "oracle (perfect recall)") -> None:
        super().__init__(name)

    def holds(self, user_id: str, query: str, evidence: set[str]) -> bool:
        return bool(evidence)


class RecentContext(NoMemory):
    """The whole history in context, capped at the ``size`` most recent user turns."""

    def __init__(self, size: int, name: str | None = None) -> None:
        super().__init__(name or f"recent context (M={size})")
        self._windows: dict[str, deque[str]] = defaultdict(lambda: deque(maxlen=size))

    def new_task(self, user_id: str) -> None:
        pass

    def hear(self, user_id: str, texts: Sequence[str], session: str) -> list[str]:
        ids = super().hear(user_id, texts, session)
        self._windows[user_id].extend(ids)
        return ids

    def holds(self, user_id: str, query: str, evidence: set[str]) -> bool:
        return not evidence.isdisjoint(self._windows[user_id])


class PersonifyAgent:
    """personify recall (all memory kinds unless ``kinds``); rewards go to ``User.feedback``.

    ``basis`` (dim x d, orthonormal columns) restricts the preference vectors to a PCA subspace
    after every update: with centred PCA, <P z, P (v - mu)> ranks candidates exactly as
    <P^T P z, v> does, so this measures "v_m = PCA projection" without touching the engine.
    """

    def __init__(
        self,
        name: str,
        db_path: str | Path,
        embedder: Embedder,
        k: int,
        weights: RecallWeights | None = None,
        vars: VarsSettings | None = None,
        basis: np.ndarray | None = None,
        kinds: Sequence[str] | None = None,
    ) -> None:
        self.name = name
        self.k = k
        self.basis = basis
        self.kinds = kinds
        settings = Settings(
            db_path=Path(db_path),
            weights=weights or RecallWeights(),
            vars=vars or VarsSettings(rule="off"),
        )
        self.engine = Personify(settings=settings, embedder=embedder)
        self._recalled: set[str] = set()
        self._clock = CLOCK_START  # simulated time: decay and recency repeat exactly

    def new_task(self, user_id: str) -> None:
        pass

    def hear(self, user_id: str, texts: Sequence[str], session: str) -> list[str]:
        turns = []
        for t in texts:
            self._clock += timedelta(minutes=1)
            turns.append({"text": t, "role": "user", "session": session, "ts": self._clock})
        events = self.engine.user(user_id).observe_many(turns)
        return [e.id for e in events]

    def holds(self, user_id: str, query: str, evidence: set[str]) -> bool:
        user = self.engine.user(user_id)
        if not user.exists:
            return False
        self._recalled.add(user_id)
        hit = carries(evidence)
        found = user.recall(query, k=self.k, kinds=self.kinds, now=self._clock)
        return any(hit(h) for h in found)

    def reward(self, user_id: str, value: float) -> None:
        if user_id not in self._recalled:
            return
        result = self.engine.user(user_id).feedback(value, source="simulator")
        state = self.engine.store.get_vectors(user_id) if result.changed else None
        if self.basis is not None and state is not None:
            state.z_long = (self.basis @ (self.basis.T @ state.z_long)).astype(np.float32)
            state.z_short = (self.basis @ (self.basis.T @ state.z_short)).astype(np.float32)
            if state.contexts is not None:  # the context vectors too (not their centroids)
                inside = (self.basis @ (self.basis.T @ state.contexts[:, 1].T)).T
                state.contexts[:, 1] = inside.astype(np.float32)
            self.engine.store.put_vectors(user_id, state)

    def close(self) -> None:
        self.engine.close()


# -- the loop --------------------------------------------------------------------------------


CLOCK_START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


class TaskResult(BaseModel):
    user: str
    session: int
    pref: int
    corrections: int
    timed_out: bool
    first_try: bool


def simulate(agent: Agent, scripts: Iterable[Script], config: SimConfig) -> list[TaskResult]:
    """Run every script through ``agent``; the same scripts give the same results."""
    results = []
    for script in scripts:
        uid = script.user_id
        stated: dict[int, set[str]] = defaultdict(set)
        for s, steps in enumerate(script.sessions):
            session = f"s{s}"
            buffer: list[str] = []
            for step in steps:
                if step.kind == "filler":
                    buffer.append(step.text)
                    continue
                if buffer:
                    agent.hear(uid, buffer, session)
                    buffer = []
                agent.new_task(uid)
                pref = script.preferences[step.pref]
                hit = first = agent.holds(uid, step.text, stated[step.pref])
                corrections = 0
                while not hit:
                    agent.reward(uid, -1.0)
                    if corrections == config.max_corrections:
                        break
                    corrections += 1
                    stated[step.pref].update(agent.hear(uid, [pref.text], session))
                    hit = agent.holds(uid, step.text, stated[step.pref])
                if hit:
                    agent.reward(uid, 1.0)
                if config.log_tasks:
                    agent.hear(uid, [step.text], session)
                results.append(
                    TaskResult(
                        user=uid,
                        session=s,
                        pref=step.pref,
                        corrections=corrections,
                        timed_out=not hit,
                        first_try=first,
                    )
                )
            if buffer:
                agent.hear(uid, buffer, session)
    return results


@dataclass
class Metrics:
    tasks: int
    corrections: float  # per task: the user's effort
    timeout: float
    success: float  # served within the correction limit
    first_try: float  # served with no correction

    def as_dict(self) -> dict[str, float]:
        return {k: float(v) for k, v in asdict(self).items()}


def metrics(results: Sequence[TaskResult]) -> Metrics:
    if not results:
        return Metrics(0, float("nan"), float("nan"), float("nan"), float("nan"))
    n = len(results)
    timeouts = sum(r.timed_out for r in results)
    return Metrics(
        tasks=n,
        corrections=sum(r.corrections for r in results) / n,
        timeout=timeouts / n,
        success=1 - timeouts / n,
        first_try=sum(r.first_try for r in results) / n,
    )


def per_session(results: Sequence[TaskResult], sessions: int) -> list[Metrics]:
    return [metrics([r for r in results if r.session == s]) for s in range(sessions)]


def late(results: Sequence[TaskResult], first_session: int = 2) -> Metrics:
    """Sessions from ``first_session`` (0-based) on: where memory should have paid off."""
    return metrics([r for r in results if r.session >= first_session])


# -- embedding helpers -----------------------------------------------------------------------


def warm(embedder: Embedder, texts: Iterable[str], batch: int = 64) -> None:
    """Embed known texts up front in a fixed (sorted) order, so a cached run repeats exactly.

    The profile statements the rule extractor will derive from them are included: embedded
    later, one observe at a time, they would cost a model call each.
    """
    known = set(texts)
    extractor = RuleExtractor()
    derived = {
        c.text
        for t in known
        for c in extractor.extract(Event(user_id="warm", role="user", text=t), [])
    }
    todo = sorted(known | derived)
    for start in range(0, len(todo), batch):
        embedder.embed(todo[start : start + batch])


def pca_basis(vectors: np.ndarray, dims: int) -> np.ndarray:
    """Orthonormal (dim x dims) top principal directions of centred ``vectors``."""
    centred = vectors - vectors.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    return vt[:dims].T.astype(np.float32)
