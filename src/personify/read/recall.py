"""Hybrid recall: dense and full-text candidates, reranked by one explainable additive score.

score(m | q) = cos + (1 - s_m) * (w_lex * bm25 / max bm25
                                  + w_gated * lex_signal * max(0, cos - floor))
               + <z_eff, v_m> + gamma * exp(-age_m / half_life) + delta * confidence_m
               - w_req * s_m

where ``s_m`` is how request-shaped a raw turn is (:func:`request_shape`; 0 for distilled
memories and when ``w_req`` is 0): a question or a request to the assistant is rarely evidence.
A turn the user did not write (the assistant's, a tool's) has ``s_m`` at least
``other_speaker``: its words echo the question's terms but state nothing the user said.

Fusion stays a sum (each term shows in the breakdown) rather than a rank fusion of two lists,
and with every weight 0 and zero preference vectors it ranks exactly as dense retrieval, the
baseline every benchmark compares against. The default lexical evidence is gated by the
memory's cosine (see :func:`lexical_term`); the design and its parameters were chosen by
leave-one-conversation-out on LoCoMo and leave-topics-out on PrefEval
(benchmarks/recall_cv.py). Lexical-only candidates get their exact cosine, so no candidate is
scored on partial evidence.

Candidates are ranked on what the store's :meth:`~personify.store.Store.candidates` gives
(kind, times, confidence, evidence; no text), so a recall reads in full only the memories it
returns (:func:`finished_hits`), the texts of the candidate turns when ``w_req`` > 0, and a
text only where it breaks a tie.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import NamedTuple

import numpy as np

from personify.config import RecallWeights
from personify.learn.consolidate import effective_confidence
from personify.models import Hit, Memory, MemoryKind, ScoreBreakdown
from personify.store import Candidate, MemoryFilter, Store

PreferenceBias = Callable[[list[str], np.ndarray], np.ndarray]
"""Given candidate ids and their unit embeddings, the per-candidate <z_eff, v_m> term."""


class Pool(NamedTuple):
    """A query's candidates before scoring: what every fusion reads, gathered once."""

    ids: list[str]
    found: dict[str, Candidate]
    matrix: np.ndarray
    """Unit embeddings, one row per id."""
    cosine: np.ndarray
    bm25: np.ndarray
    """BM25 with the user's own statistics; 0 where the memory shares no query term."""
    shape: np.ndarray | None = None
    """:func:`request_shape` of each raw turn (0 for distilled memories); None if not read."""


def gather(
    store: Store,
    user_id: str,
    query_text: str,
    query_vector: np.ndarray,
    n: int,
    filt: MemoryFilter,
    lexical: bool = True,
    shape: bool = False,
) -> Pool:
    """The union of the top ``n`` by cosine and (with ``lexical``) by BM25; lexical-only
    candidates get their exact cosine, so no candidate is scored on partial evidence. With
    ``shape``, the turns' texts are read for :func:`request_shape`."""
    dense = dict(store.vector_search(user_id, query_vector, n, filt))
    found_lex = dict(store.lexical_search(user_id, query_text, n, filt)) if lexical else {}
    ids = list(dense) + [i for i in found_lex if i not in dense]
    vectors = store.embeddings(user_id, ids) if ids else {}
    found = store.candidates(user_id, ids) if ids else {}
    ids = [i for i in ids if i in vectors]
    matrix = np.stack([vectors[i] for i in ids]) if ids else np.zeros((0, len(query_vector)))
    cosine = np.asarray([dense[i] if i in dense else float(vectors[i] @ query_vector) for i in ids])
    bm25 = np.asarray([found_lex.get(i, 0.0) for i in ids], dtype=float)
    pool = Pool(ids, found, matrix, cosine, bm25)
    return with_shapes(store, user_id, pool) if shape else pool


def with_shapes(store: Store, user_id: str, pool: Pool) -> Pool:
    """``pool`` with :func:`request_shape` of each raw turn (one read of the turns' texts only)."""
    turns = [i for i in pool.ids if i in pool.found and pool.found[i].kind == MemoryKind.EPISODIC]
    texts = store.texts(user_id, turns) if turns else {}
    shapes = np.asarray([request_shape(texts[i]) if i in texts else 0.0 for i in pool.ids])
    return pool._replace(shape=shapes)


_SPEAKER = re.compile(r"^[A-Z][\w .'-]{0,30}: ")
_REQUEST = re.compile(
    r"^(please|pls|can you|could you|would you|will you|give|write|list|tell me|suggest|"
    r"recommend|help me|make|create|generate|explain|describe|translate|summari[sz]e|provide|"
    r"show me|find|i want you|let's)\b|in\s+[a-z]+\s*:",  # "in polish: ..." asks to translate
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def request_shape(text: str) -> float:
    """How much a turn reads as a request rather than a statement: 1 if it opens with a
    request ("please give 5 book recommendations", "can you ..."), else the share of its
    sentences that are questions. A leading ``"Name: "`` speaker label is skipped.

    What a user asks for says little about what they prefer or did, and its words echo the
    question being recalled for, so without this a request outranks the statement that
    answers the question (chosen by cross-validation, benchmarks/recall_cv.py).
    """
    body = _SPEAKER.sub("", text.strip(), count=1)
    if _REQUEST.match(body):
        return 1.0
    sentences = [s for s in _SENTENCE_END.split(body) if s.strip()]
    if not sentences:
        return 0.0
    return sum(s.rstrip().endswith("?") for s in sentences) / len(sentences)


def rank(
    store: Store,
    user_id: str,
    query_text: str,
    query_vector: np.ndarray,
    k: int,
    filt: MemoryFilter,
    weights: RecallWeights,
    now: datetime,
    preference: PreferenceBias | None = None,
) -> list[tuple[Candidate, ScoreBreakdown]]:
    """Every candidate, best first (callers keep the top ``k``; feedback needs the rest)."""
    n = max(weights.candidates, k)
    shaped = weights.request_penalty > 0
    pool = gather(store, user_id, query_text, query_vector, n, filt, uses_lexical(weights), shaped)
    return score(store, user_id, pool, weights, now, preference)


def score(
    store: Store,
    user_id: str,
    pool: Pool,
    weights: RecallWeights,
    now: datetime,
    preference: PreferenceBias | None = None,
) -> list[tuple[Candidate, ScoreBreakdown]]:
    """``pool`` scored with ``weights``, best first, one memory per piece of evidence."""
    if not pool.ids:
        return []
    lex = lexical_term(pool.cosine, pool.bm25, weights)
    shape = np.zeros_like(pool.cosine, dtype=float)
    if weights.request_penalty > 0:
        if pool.shape is None:
            pool = with_shapes(store, user_id, pool)
        shape = pool.shape
    if weights.other_speaker > 0:
        shape = np.maximum(shape, weights.other_speaker * _not_the_users(pool))
    lex = lex * (1.0 - shape)  # a request's shared words are the question's own words
    pref = preference(pool.ids, pool.matrix) if preference is not None else None
    rows = []
    for j, mid in enumerate(pool.ids):
        memory = pool.found.get(mid)
        if memory is None:  # deleted between the index lookup and now
            continue
        breakdown = ScoreBreakdown(
            cosine=float(pool.cosine[j]),
            lexical=float(lex[j]),
            preference=0.0 if pref is None else float(pref[j]),
            recency=weights.recency * _recency(memory, now, weights.half_life_days),
            confidence=weights.confidence * effective_confidence(memory, now)
            - weights.request_penalty * float(shape[j]),
        )
        rows.append((memory, breakdown))
    return _one_per_source(_ordered(store, user_id, rows))


def _not_the_users(pool: Pool) -> np.ndarray:
    """1 for each raw turn someone other than the user wrote (the assistant, a tool), else 0.
    A turn with no role on record counts as the user's, and so does one a candidate memory was
    distilled from (the options the user chose from: half of what the choice says)."""
    found = pool.found
    used = {e for c in found.values() if c.kind != MemoryKind.EPISODIC for e in c.evidence}
    return np.asarray(
        [
            float(
                (c := found.get(mid)) is not None
                and c.kind == MemoryKind.EPISODIC
                and c.role not in (None, "user")
                and not used.intersection(c.evidence)
            )
            for mid in pool.ids
        ]
    )


def uses_lexical(weights: RecallWeights) -> bool:
    """Whether ``weights`` read BM25 at all (if not, the full-text index is not queried)."""
    return weights.lexical > 0 or weights.lexical_gated > 0


def lexical_term(cosine: np.ndarray, bm25: np.ndarray, weights: RecallWeights) -> np.ndarray:
    """The lexical term of each candidate's score:
    ``w_lex * bm25 / max bm25 + w_gated * signal * max(0, cos - floor)``, where ``signal`` is
    ``k / (k + BM25 rank)`` (``lexical_signal="rank"``) or ``bm25 / max bm25``; 0 without a
    shared term.

    Max-normalising alone makes the best lexical match worth 1 even when it shares a single
    everyday word with the query ("recommend"), which is how chit-chat outranked a stated
    preference. The gate scales the lexical evidence by the memory's own cosine above a
    floor: shared words lift memories already on the query's topic and leave unrelated ones
    where dense put them. A rank signal is the same scale for every user and query, where raw
    BM25 grows with the user's vocabulary.
    """
    top = float(bm25.max(initial=0.0))
    if top <= 0 or not uses_lexical(weights):
        return np.zeros_like(cosine, dtype=float)
    term = weights.lexical * (bm25 / top)
    if weights.lexical_gated > 0:
        if weights.lexical_signal == "rank":
            # a memory's rank is how many score strictly higher: tied scores share a rank, so
            # the pool's order (which differs between stores and processes) never decides it
            rounded = np.round(bm25, 9)
            ranks = np.searchsorted(np.sort(-rounded), -rounded, side="left").astype(float)
            k = weights.lexical_rank_k
            signal = np.where(bm25 > 0, k / (k + ranks), 0.0)
        else:
            signal = bm25 / top
        gate = np.maximum(cosine - weights.lexical_floor, 0.0)
        term = term + weights.lexical_gated * signal * gate
    return term


def _ordered(
    store: Store, user_id: str, rows: list[tuple[Candidate, ScoreBreakdown]]
) -> list[tuple[Candidate, ScoreBreakdown]]:
    """Best first. At equal scores the distilled memory goes before the raw turn it came
    from, then the older; then the text (before the id: ids come from random event ids, runs
    must repeat), read only for the rows still tied."""
    keys = [(-b.total, c.kind == MemoryKind.EPISODIC, c.created_at) for c, b in rows]
    counts = Counter(keys)
    tied = [c.id for (c, _), key in zip(rows, keys, strict=True) if counts[key] > 1]
    texts = store.texts(user_id, tied) if tied else {}
    order = sorted(
        range(len(rows)), key=lambda j: (*keys[j], texts.get(rows[j][0].id, ""), rows[j][0].id)
    )
    return [rows[j] for j in order]


def _one_per_source(
    rows: list[tuple[Candidate, ScoreBreakdown]],
) -> list[tuple[Candidate, ScoreBreakdown]]:
    """Drop a turn already said by a better-ranked memory distilled from it alone, and a
    distilled memory whose turns already rank higher.

    A turn and the preference extracted from it say the same thing; letting both take top-k
    slots would spend two of them on one piece of evidence. A memory distilled from several
    turns (a choice: the offered list and the reply picking from it) restates only part of
    each, so it does not stand in for the user's own words ("I'll go with the second one, the
    others don't appeal to me"). Two different statements distilled from one turn are both
    kept.
    """
    said: set[str] = set()
    by_turns: set[str] = set()
    kept = []
    for memory, breakdown in rows:
        sources = set(memory.evidence)
        episodic = memory.kind == MemoryKind.EPISODIC
        if sources and sources <= (said if episodic else by_turns):
            continue
        if episodic:
            by_turns |= sources
        elif len(sources) == 1:
            said |= sources
        kept.append((memory, breakdown))
    return kept


def _recency(memory: Memory | Candidate, now: datetime, half_life_days: float) -> float:
    age_days = max(0.0, (now - memory.valid_from).total_seconds() / 86400.0)
    return math.exp(-math.log(2) * age_days / half_life_days)


def dense_only(weights: RecallWeights) -> RecallWeights:
    """The plain dense-retrieval baseline: every extra term switched off."""
    off = {
        "lexical": 0.0,
        "lexical_gated": 0.0,
        "recency": 0.0,
        "confidence": 0.0,
        "request_penalty": 0.0,
        "other_speaker": 0.0,
    }
    return weights.model_copy(update=off)


__all__: Sequence[str] = [
    "Pool",
    "PreferenceBias",
    "dense_only",
    "gather",
    "rank",
    "request_shape",
    "score",
    "with_shapes",
]


def finished_hits(
    store: Store, user_id: str, ranked: Sequence[tuple[Candidate | Memory, ScoreBreakdown]]
) -> list[Hit]:
    """The ranked memories as hits, read in full with the events behind them (one read of
    each table); a memory deleted since it was ranked drops out."""
    memories = {m.id: m for m in store.get_memories(user_id, [c.id for c, _ in ranked])}
    kept = [(memories[c.id], b) for c, b in ranked if c.id in memories]
    wanted = sorted({e for memory, _ in kept for e in memory.evidence})
    events = {e.id: e for e in store.get_events(user_id, wanted)}
    return [
        Hit(
            memory=memory,
            score=breakdown.total,
            breakdown=breakdown,
            evidence=[events[e] for e in memory.evidence if e in events],
        )
        for memory, breakdown in kept
    ]
