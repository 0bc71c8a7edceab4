"""Hybrid recall: dense and full-text candidates, reranked by one explainable additive score.

score(m | q) = cos(q, e_m) + w_lex * bm25(q, m) / max bm25 + <z_eff, v_m>
               + gamma * exp(-age_m / half_life) + delta * confidence_m

Fusion is a convex-style sum of the cosine and the max-normalised BM25 score rather than
reciprocal-rank fusion: it keeps the score additive (each term shows in the breakdown), and
with w_lex = gamma = delta = 0 and zero preference vectors it ranks exactly as dense retrieval,
the baseline every benchmark compares against. Lexical-only candidates get their exact cosine,
so no candidate is scored on partial evidence.

Candidates are ranked on what the store's :meth:`~personify.store.Store.candidates` gives
(kind, times, confidence, evidence; no text), so a recall reads in full only the memories it
returns (:func:`finished_hits`), and a text only where it breaks a tie.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime

import numpy as np

from personify.config import RecallWeights
from personify.learn.consolidate import effective_confidence
from personify.models import Hit, Memory, MemoryKind, ScoreBreakdown
from personify.store import Candidate, MemoryFilter, Store

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
) -> list[tuple[Candidate, ScoreBreakdown]]:
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
    found = store.candidates(user_id, ids)
    ids = [i for i in ids if i in vectors]
    matrix = np.stack([vectors[i] for i in ids])
    cosine = np.asarray([dense[i] if i in dense else float(vectors[i] @ query_vector) for i in ids])
    top_bm25 = max(lexical.values(), default=0.0)
    lex = np.asarray([lexical.get(i, 0.0) for i in ids]) / top_bm25 if top_bm25 > 0 else None
    pref = preference(ids, matrix) if preference is not None else None

    rows = []
    for j, mid in enumerate(ids):
        memory = found.get(mid)
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
    return _one_per_source(_ordered(store, user_id, rows))


def _ordered(
    store: Store, user_id: str, rows: list[tuple[Candidate, ScoreBreakdown]]
) -> list[tuple[Candidate, ScoreBreakdown]]:
    """Best first. At equal scores the distilled memory goes before the raw turn it came
    from, then the older; then the text (before the id: ids come from random event ids, runs
    must repeat), read only for the rows still tied."""
    keys = [(-b.total, c.kind == MemoryKind.EPISODIC, c.created_at) for c, b in rows]
    counts = Counter(keys)
    tied = [c.id for (c, _), key in zip(rows, keys, strict=True) if counts[key] > 1]
    texts = {m.id: m.text for m in store.get_memories(user_id, tied)} if tied else {}
    order = sorted(
        range(len(rows)), key=lambda j: (*keys[j], texts.get(rows[j][0].id, ""), rows[j][0].id)
    )
    return [rows[j] for j in order]


def _one_per_source(
    rows: list[tuple[Candidate, ScoreBreakdown]],
) -> list[tuple[Candidate, ScoreBreakdown]]:
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


def _recency(memory: Memory | Candidate, now: datetime, half_life_days: float) -> float:
    age_days = max(0.0, (now - memory.valid_from).total_seconds() / 86400.0)
    return math.exp(-math.log(2) * age_days / half_life_days)


def dense_only(weights: RecallWeights) -> RecallWeights:
    """The plain dense-retrieval baseline: every extra term switched off."""
    return weights.model_copy(update={"lexical": 0.0, "recency": 0.0, "confidence": 0.0})


__all__: Sequence[str] = ["PreferenceBias", "dense_only", "rank"]


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
