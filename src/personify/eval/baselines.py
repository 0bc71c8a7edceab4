"""The systems the eval harness compares: personify and the peers it has to beat.

Every system sees the same turns, the same embedder (MiniLM) and is asked for the same ``k``, so
differences come from what each one stores and how it ranks. A peer that cannot run here raises
:class:`Unavailable` with the exact reason, which the report prints instead of a silent gap.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import tempfile
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from pydantic import BaseModel, Field

from personify.config import RecallWeights, Settings
from personify.embeddings import Embedder
from personify.observe.ingest import Turn
from personify.read.agreement import scores_by_index
from personify.read.recall import dense_only

PROFILE_KINDS = ("preference", "constraint", "fact", "goal")
SYSTEMS: tuple[str, ...] = ("personify", "dense", "bm25", "recency", "mem0")
DEFAULT_WINDOW = 20


class Retrieved(BaseModel):
    """One search result. ``sources`` holds the metadata of the turns it derives from.

    Raw-turn systems return one source (the turn itself); a personify profile memory returns the
    turns that are its evidence, so metrics can credit it with the turns it summarises.
    """

    text: str
    score: float = 0.0
    kind: str = "turn"
    ts: datetime | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)
    sources: list[dict[str, Any]] = Field(default_factory=list)


class Unavailable(Exception):
    """A system cannot run in this environment; ``str(exc)`` says exactly why."""


class System(Protocol):
    """What the harness needs from a memory system (one store, many users)."""

    name: str
    notes: list[str]

    def ingest(self, user_id: str, turns: Sequence[Turn]) -> None: ...

    def search(self, user_id: str, query: str, k: int) -> list[Retrieved]: ...

    def stored_tokens(self, user_id: str) -> int:
        """Tokens the system keeps for the user (what an agent would pay to hold or send)."""
        ...

    def rank_options(
        self, user_id: str, question: str, options: Sequence[str]
    ) -> list[float] | None:
        """The system's own reader: scores for candidate answers from a learned profile, or
        None (the harness then uses cosine to the top-1 text). Every system is also scored
        with one shared reader over its retrieved texts (``agreement.read_options``)."""
        ...

    def end_user(self, user_id: str) -> None:
        """The harness is done with this user; a system may drop what it holds for them."""
        ...

    def close(self) -> None: ...


@lru_cache(maxsize=200_000)
def tokens(text: str) -> int:
    """MiniLM word-piece tokens (personify's budget unit); cached, filler text repeats a lot."""
    from personify.read.persona import count_tokens

    return count_tokens(text)


def _turn_source(turn: Turn) -> dict[str, Any]:
    return {**turn.metadata, "session": turn.session, "role": turn.role}


def _as_retrieved(turn: Turn, score: float) -> Retrieved:
    source = _turn_source(turn)
    return Retrieved(text=turn.text, score=score, ts=turn.ts, metadata=source, sources=[source])


class PersonifySystem:
    """personify as shipped (default settings), or a variant through settings ``overrides``."""

    def __init__(
        self,
        embedder: Embedder,
        path: Path,
        name: str = "personify",
        profile_mcq: bool = True,
        kinds: Sequence[str] | None = None,
        **overrides: Any,
    ) -> None:
        from personify.engine import Personify

        self.name, self.profile_mcq, self.kinds, self.notes = name, profile_mcq, kinds, []
        if kinds:
            self.notes = [f"search restricted to memory kinds {', '.join(kinds)}"]
        self.p = Personify(path, embedder=embedder, **overrides)

    def ingest(self, user_id: str, turns: Sequence[Turn]) -> None:
        self.p.user(user_id).observe_many(turns)

    def search(self, user_id: str, query: str, k: int) -> list[Retrieved]:
        user = self.p.user(user_id)
        if not user.exists:
            return []
        out = []
        for hit in user.recall(query, k=k, kinds=self.kinds):
            m = hit.memory
            sources = [e.metadata for e in hit.evidence] or [m.metadata]
            out.append(
                Retrieved(
                    text=m.text,
                    score=hit.score,
                    kind=m.kind.value,
                    ts=m.valid_from or m.created_at,
                    metadata=m.metadata,
                    sources=sources,
                )
            )
        return out

    def stored_tokens(self, user_id: str) -> int:
        user = self.p.user(user_id)
        return sum(tokens(m.text) for m in user.memories()) if user.exists else 0

    def rank_options(
        self, user_id: str, question: str, options: Sequence[str]
    ) -> list[float] | None:
        user = self.p.user(user_id)
        if not self.profile_mcq or not user.exists:
            return None
        return scores_by_index(user.rank_options(question, options), len(options))

    def profile_sources(self, user_id: str) -> list[dict[str, Any]]:
        """Metadata of the turns behind the current profile (did learning capture them?)."""
        user = self.p.user(user_id)
        if not user.exists:
            return []
        wanted = {e for m in user.memories(kinds=PROFILE_KINDS) for e in m.evidence}
        return [e.metadata for e in user.events() if e.id in wanted]

    def end_user(self, user_id: str) -> None:
        pass

    def close(self) -> None:
        self.p.close()


def dense_system(embedder: Embedder, path: Path) -> PersonifySystem:
    """Dense RAG over raw turns: personify's store with learning and the lexical term off."""
    return PersonifySystem(
        embedder,
        path,
        name="dense",
        profile_mcq=False,
        learn=False,
        weights=dense_only(RecallWeights()),
    )


class _RawTurns:
    """Baselines that keep each user's raw turns in memory and have no profile to rank with."""

    turns: dict[str, list[Turn]]

    def stored_tokens(self, user_id: str) -> int:
        return sum(tokens(t.text) for t in self.turns.get(user_id, []))

    def rank_options(self, user_id: str, question: str, options: Sequence[str]) -> None:
        return None

    def end_user(self, user_id: str) -> None:
        pass

    def close(self) -> None:
        self.turns.clear()


class BM25System(_RawTurns):
    """bm25s over each user's raw turns (English stop words, Snowball stemmer)."""

    name = "bm25"

    def __init__(self) -> None:
        import bm25s
        import Stemmer

        self._bm25s, self.stemmer, self.notes = bm25s, Stemmer.Stemmer("english"), []
        self.turns: dict[str, list[Turn]] = {}
        self.index: dict[str, Any] = {}

    def _tokenize(self, texts: list[str], **kw: Any) -> Any:
        return self._bm25s.tokenize(
            texts, stopwords="en", stemmer=self.stemmer, show_progress=False, **kw
        )

    def ingest(self, user_id: str, turns: Sequence[Turn]) -> None:
        """Re-index the user's turns (BM25 statistics change with every turn), so ingest pays it."""
        kept = self.turns.setdefault(user_id, [])
        kept.extend(turns)
        index = self._bm25s.BM25()
        index.index(self._tokenize([t.text for t in kept]), show_progress=False)
        self.index[user_id] = index

    def search(self, user_id: str, query: str, k: int) -> list[Retrieved]:
        turns = self.turns.get(user_id, [])
        if not turns:
            return []
        query_tokens = self._tokenize([query], return_ids=False)
        if not query_tokens[0]:
            return []  # only stop words: BM25 has nothing to match
        docs, scores = self.index[user_id].retrieve(
            query_tokens, k=min(k, len(turns)), show_progress=False
        )
        return [
            _as_retrieved(turns[int(d)], float(s))
            for d, s in zip(docs[0], scores[0], strict=True)
            if s > 0
        ]

    def close(self) -> None:
        super().close()
        self.index.clear()


class RecencySystem(_RawTurns):
    """What a plain context-window agent sees: the last ``window`` turns, nothing older.

    ``search`` ignores the query and returns the newest ``min(k, window)`` turns, newest first:
    the turns such an agent would have in its prompt, ranked the only way it can.
    """

    def __init__(self, window: int = DEFAULT_WINDOW) -> None:
        self.name, self.window = "recency", window
        self.notes = [f"window = last {window} turns; search returns its newest k, query unused"]
        self.turns: dict[str, list[Turn]] = {}

    def ingest(self, user_id: str, turns: Sequence[Turn]) -> None:
        kept = [*self.turns.get(user_id, []), *turns]
        self.turns[user_id] = kept[-self.window :]

    def search(self, user_id: str, query: str, k: int) -> list[Retrieved]:
        newest = self.turns.get(user_id, [])[::-1][:k]
        return [_as_retrieved(t, 1.0 / (i + 1)) for i, t in enumerate(newest)]


def mem0_notes(infer: bool) -> list[str]:
    """What this mem0 install runs with, so a reader knows which mem0 was measured."""
    notes = [
        "mem0ai OSS Memory; qdrant in-process (in memory), history SQLite in a temp dir; "
        "one add() per turn; mem0's huggingface embedder loads the same MiniLM weights, and its "
        "calls go to the run's shared embedder once a probe sentence embeds identically both "
        "ways, so its timings count embedding exactly as personify's and dense's do",
        "infer=True: the configured LLM extracts and updates facts"
        if infer
        else "infer=False (no LLM configured): every turn stored verbatim, no fact extraction",
    ]
    if importlib.util.find_spec("fastembed") is None:
        notes.append(
            "hybrid BM25 off: needs fastembed (mem0ai[extras]), whose Qdrant/bm25 model is "
            "downloaded on first use, so it cannot run offline; search is semantic only"
        )
    if importlib.util.find_spec("spacy") is None:
        notes.append(
            "entity boosts and lemmatised keywords off: need spaCy + en_core_web_sm "
            "(mem0ai[nlp], a model download)"
        )
    return notes


class _SharedEmbedding:
    """mem0's embedder interface served from the run's shared (cached) embedder.

    Refuses unless both give the same vector for a probe sentence, so the swap can change
    mem0's speed but never its results.
    """

    PROBE = "I would rather take the train than fly to Lisbon."

    def __init__(self, own: Any, shared: Embedder) -> None:
        mine = np.asarray(own.embed(self.PROBE), dtype=np.float32)
        theirs = shared.embed([self.PROBE])[0]
        if mine.shape != theirs.shape or float(np.max(np.abs(mine - theirs))) > 1e-4:
            raise Unavailable("mem0's embedder and the shared one disagree on a probe sentence")
        self.config = own.config
        self.shared = shared

    def embed(self, text: str, memory_action: str | None = None) -> list[float]:
        return self.shared.embed([text])[0].tolist()

    def embed_batch(self, texts: Sequence[str], memory_action: str = "add") -> list[list[float]]:
        return self.shared.embed(list(texts)).tolist() if texts else []


class Mem0System:
    """mem0 run locally with the same embedder; ``infer`` follows whether an LLM is configured.

    Turns are added one per call so each memory carries its turn's metadata (``dia_id``,
    turn index), which maps results back to turns. ``search`` uses threshold 0 so mem0
    returns ``k`` results like the other systems.
    """

    name = "mem0"

    def __init__(
        self, path: Path, settings: Settings | None = None, shared: Embedder | None = None
    ) -> None:
        os.environ["MEM0_TELEMETRY"] = "False"  # read at import: no network calls from mem0
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("MEM0_DIR", str(Path(tempfile.gettempdir()) / "personify-mem0"))
        try:
            from mem0 import Memory
            from qdrant_client import QdrantClient
        except ImportError as exc:
            msg = f"mem0ai is not installed ({exc}): pip install 'personify[eval]'"
            raise Unavailable(msg) from exc
        logging.getLogger("mem0").setLevel(logging.ERROR)
        from transformers.utils import logging as hf_logging

        from personify.embeddings.minilm import model_path

        hf_logging.disable_progress_bar()
        settings = settings or Settings()
        self.infer = settings.llm_model is not None
        llm = {"model": settings.llm_model or "unused", "api_key": settings.llm_api_key or "unused"}
        if self.infer:
            llm["openai_base_url"] = settings.llm_base_url
        path.mkdir(parents=True, exist_ok=True)
        embedder = {
            "model": str(model_path()),
            "embedding_dims": 384,
            "model_kwargs": {"device": "cpu"},
        }
        store = {"client": QdrantClient(location=":memory:"), "embedding_model_dims": 384}
        config = {
            "embedder": {"provider": "huggingface", "config": embedder},
            "vector_store": {"provider": "qdrant", "config": {**store, "collection_name": "eval"}},
            "llm": {"provider": "openai", "config": llm},
            "history_db_path": str(path / "mem0-history.db"),
        }
        try:
            with warnings.catch_warnings():  # qdrant: "payload indexes have no effect locally"
                warnings.simplefilter("ignore", UserWarning)
                self.memory = Memory.from_config(config)
        except Exception as exc:  # any setup failure is a reason to report, not a crash
            raise Unavailable(f"mem0 setup failed: {type(exc).__name__}: {exc}") from exc
        if shared is not None:
            self.memory.embedding_model = _SharedEmbedding(self.memory.embedding_model, shared)
        self.notes = mem0_notes(self.infer)

    def ingest(self, user_id: str, turns: Sequence[Turn]) -> None:
        for turn in turns:
            meta = {k: v for k, v in _turn_source(turn).items() if k != "role"}
            meta = {k: v for k, v in meta.items() if v is not None}
            if turn.ts is not None:
                meta["ts"] = turn.ts.isoformat()
            self.memory.add(
                [{"role": turn.role, "content": turn.text}],
                user_id=user_id,
                metadata=meta,
                infer=self.infer,
            )

    def search(self, user_id: str, query: str, k: int) -> list[Retrieved]:
        found = self.memory.search(query, top_k=k, filters={"user_id": user_id}, threshold=0.0)
        out = []
        for r in found["results"]:
            meta = dict(r.get("metadata") or {})
            ts = meta.get("ts")
            out.append(
                Retrieved(
                    text=r["memory"],
                    score=float(r.get("score") or 0.0),
                    kind="mem0",
                    ts=datetime.fromisoformat(ts) if isinstance(ts, str) else None,
                    metadata=meta,
                    sources=[meta],
                )
            )
        return out

    def stored_tokens(self, user_id: str) -> int:
        listed = self.memory.get_all(filters={"user_id": user_id}, top_k=1_000_000)
        return sum(tokens(r["memory"]) for r in listed["results"])

    def rank_options(self, user_id: str, question: str, options: Sequence[str]) -> None:
        return None

    def end_user(self, user_id: str) -> None:
        """Empty the collection: local qdrant scans every point (filters included) per call,
        so one collection holding hundreds of finished users makes each search O(all users)."""
        self.memory.vector_store.reset()

    def close(self) -> None:
        self.memory.vector_store.client.close()


@dataclass
class Context:
    """What every system of one run shares: the embedder, settings and a scratch directory."""

    embedder: Embedder
    workdir: Path
    settings: Settings | None = None
    window: int = DEFAULT_WINDOW
    opened: dict[str, int] = field(default_factory=dict)

    def path(self, name: str) -> Path:
        """A fresh directory per opened system, so no two runs share a store."""
        n = self.opened[name] = self.opened.get(name, 0) + 1
        out = self.workdir / f"{name}-{n}"
        out.mkdir(parents=True, exist_ok=True)
        return out


FACTORIES: dict[str, Callable[[Context], System]] = {
    "personify": lambda c: PersonifySystem(c.embedder, c.path("personify") / "p.db"),
    "personify-episodic": lambda c: PersonifySystem(
        c.embedder, c.path("personify-episodic") / "p.db", "personify-episodic", kinds=["episodic"]
    ),
    "dense": lambda c: dense_system(c.embedder, c.path("dense") / "p.db"),
    "bm25": lambda c: BM25System(),
    "recency": lambda c: RecencySystem(c.window),
    "mem0": lambda c: Mem0System(c.path("mem0"), c.settings, shared=c.embedder),
}


def open_system(name: str, ctx: Context) -> System:
    """A fresh instance of ``name``; raises :class:`Unavailable` with the reason if it cannot."""
    factory = FACTORIES.get(name)
    if factory is None:
        raise Unavailable(f"unknown system {name!r}; known: {', '.join(FACTORIES)}")
    try:
        return factory(ctx)
    except Unavailable:
        raise
    except ImportError as exc:
        msg = f"{name} needs a missing package ({exc}): pip install 'personify[eval]'"
        raise Unavailable(msg) from exc
