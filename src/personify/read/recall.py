"""Hybrid recall: dense and full-text candidates, reranked by one explainable additive score.

score(m | q) = cos(q, e_m) + w_lex * bm25(q, m) / max bm25 + <z_eff, v_m>
               + gamma * exp(-age_m / half_life) + delta * confidence_m

Fusion is a convex-style sum of the cosine and the max-normalised BM25 score rather than
reciprocal-rank fusion: it keeps the score additive (each term shows in the breakdown), and
with w_lex = gamma = delta = 0 and zero preference vectors it ranks exactly as dense retrieval,
the baseline every benchmark compares against. Lexical-only candidates get their exact cosine,
so no candidate is scored on partial evidence.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import datetime

import numpy as np

from personify.config import RecallWeights
from personify.learn.consolidate import effective_confidence
from personify.models import Hit, Memory, MemoryKind, ScoreBreakdown
from personify.store import MemoryFilter, Store

PreferenceBias = Callable[[list[str], np.ndarray], np.ndarray]
"""Given candidate ids and their unit embeddings, the per-candidate <z_eff, v_m> term."""


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
) -> list[tuple[Memory, ScoreBreakdown]]:
    """Every candidate, best first (callers keep the top ``k``; feedback needs the rest)."""
    n = max(weights.candidates, k)
    dense = dict(store.vector_search(user_id, query_vector, n, filt))
    lexical: dict[str, float] = {}
    if weights.lexical > 0:
        lexical = dict(store.lexical_search(user_id, query_text, n, filt))
    ids = list(dense) + [i for i in lexical if i not in dense]
    if not ids:
        return []
    vectors = store.embeddings(user_id, ids)
    ids = [i for i in ids if i in vectors]
    matrix = np.stack([vectors[i] for i in ids])
    cosine = np.asarray([dense[i] if i in dense else float(vectors[i] @ query_vector) for i in ids])
    top_bm25 = max(lexical.values(), default=0.0)
    lex = np.asarray([lexical.get(i, 0.0) for i in ids]) / top_bm25 if top_bm25 > 0 else None
    pref = preference(ids, matrix) if preference is not None else None

    memories = {m.id: m for m in store.get_memories(user_id, ids)}
    rows = []
    for j, mid in enumerate(ids):
        memory = memories.get(mid)
        if memory is None:  # deleted between the index lookup and now
            continue
        breakdown = ScoreBreakdown(
            cosine=float(cosine[j]),
            lexical=0.0 if lex is None else weights.lexical * float(lex[j]),
            preference=0.0 if pref is None else float(pref[j]),
            recency=weights.recency * _recency(memory, now, weights.half_life_days),
            confidence=weights.confidence * effective_confidence(memory, now),
        )
        rows.append((memory, breakdown))
    # at equal scores the distilled memory goes before the raw turn it came from
    rows.sort(
        key=lambda row: (
            -row[1].total,
            row[0].kind == MemoryKind.EPISODIC,
            row[0].created_at,
            row[0].text,  # before the id: ids come from random event ids, runs must repeat
            row[0].id,
        )
    )
    return _one_per_source(rows)


def _one_per_source(
    rows: list[tuple[Memory, ScoreBreakdown]],
) -> list[tuple[Memory, ScoreBreakdown]]:
    """Drop a turn already said by a better-ranked memory distilled from it, and a distilled
    memory whose turn already ranks higher.

    A turn and the preference extracted from it say the same thing; letting both take top-k
    slots would spend two of them on one piece of evidence. Two different statements distilled
    from one turn are both kept.
    """
    covered: set[str] = set()
    by_turns: set[str] = set()
    kept = []
    for memory, breakdown in rows:
        sources = set(memory.evidence)
        episodic = memory.kind == MemoryKind.EPISODIC
        if sources and sources <= (covered if episodic else by_turns):
            continue
        covered |= sources
        if episodic:
            by_turns |= sources
        kept.append((memory, breakdown))
    return kept


def _recency(memory: Memory, now: datetime, half_life_days: float) -> float:
    age_days = max(0.0, (now - memory.valid_from).total_seconds() / 86400.0)
    return math.exp(-math.log(2) * age_days / half_life_days)


def dense_only(weights: RecallWeights) -> RecallWeights:
    """The plain dense-retrieval baseline: every extra term switched off."""
    return weights.model_copy(update={"lexical": 0.0, "recency": 0.0, "confidence": 0.0})


__all__: Sequence[str] = ["PreferenceBias", "dense_only", "rank"]


def finished_hits(
    store: Store, user_id: str, ranked: Sequence[tuple[Memory, ScoreBreakdown]]
) -> list[Hit]:
    """The ranked memories as hits, each with the events behind it (one read for all)."""
    wanted = sorted({e for memory, _ in ranked for e in memory.evidence})
    events = {e.id: e for e in store.get_events(user_id, wanted)}
    return [
        Hit(
            memory=memory,
            score=breakdown.total,
            breakdown=breakdown,
            evidence=[events[e] for e in memory.evidence if e in events],
        )
        for memory, breakdown in ranked
    ]
