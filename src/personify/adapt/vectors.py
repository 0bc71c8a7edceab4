"""Per-user preference vectors (VARS): a learned bias on recall, trained by weak rewards.

Each user has ``z_long`` (never reset) and ``z_short`` (reset at a new session), mixed as
``z_eff = beta_long * z_long + beta_short * z_short``; recall adds ``<z_eff, v_m>`` to a memory's
score, where ``v_m`` is the memory's unit embedding (the backbone stays frozen; nothing is
fine-tuned). After an answer, a scalar reward updates the vectors by REINFORCE over the
candidates that recall ranked, as in the VARS reference implementation:

    pi = softmax(s / tau)      A = g * (r - r_bar)      grad = (A / tau) * (mean v_used - E_pi[v])
    z_long += eta_long * grad  z_short = (1 - lam) * z_short + eta_short * grad

One vector per user can learn which kinds of memory help, not which memory a given kind of
task needs, so each user also keeps up to ``contexts`` context vectors, keyed by the query: a
query joins the context whose centroid (the first query that opened it) is at least
``context_cosine`` similar, else it opens one (or, when all are taken, credits the nearest).
The same ``grad`` moves that context's vector by ``eta_context``, and recall adds
``beta_context * <z_context, v_m>`` for queries of that context only, so a reward on a travel
task reaches a recall about taxes only through the slower global vectors. The contexts are
part of each stored version, so a rollback restores them exactly. They are learned from
recalls whose queries are not logged (ids only), so ``rebuild`` leaves them as they are.

The gate ``g`` attributes blame: a negative reward after a recall that found nothing similar to
the query blames retrieval (g large), one after a close match blames the answer (g small). The
simpler rule (``z_short += eta * r * v_used``, ``z_long = 0.99 z_long + 0.01 z_short``, no
contexts) is kept as a named alternative. Norms are clipped so no burst of rewards can
dominate the relevance term.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from personify.config import VarsSettings
from personify.models import UserVectors


@dataclass(frozen=True)
class RecallTrace:
    """What one recall ranked, kept so feedback can credit or blame it."""

    query: str
    query_vector: np.ndarray
    candidate_ids: list[str]
    scores: np.ndarray
    used_ids: list[str]
    session: str | None = None

    def merged(self, other: RecallTrace) -> RecallTrace:
        """One trace for two recalls of the same query (a persona recalls preferences and
        constraints apart): feedback on the persona credits what either brought."""
        fresh = [i not in self.candidate_ids for i in other.candidate_ids]
        return RecallTrace(
            query=self.query,
            query_vector=self.query_vector,
            candidate_ids=[
                *self.candidate_ids,
                *(i for i, new in zip(other.candidate_ids, fresh, strict=True) if new),
            ],
            scores=np.concatenate([self.scores, other.scores[np.asarray(fresh, dtype=bool)]])
            if len(other.scores)
            else self.scores,
            used_ids=[*self.used_ids, *(i for i in other.used_ids if i not in self.used_ids)],
            session=self.session,
        )


def _clip(v: np.ndarray, bound: float) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return v * (bound / norm) if norm > bound else v


def context_of(state: UserVectors, query_vector: np.ndarray, settings: VarsSettings) -> int | None:
    """The user's query context nearest to ``query_vector`` if its centroid is at least
    ``context_cosine`` similar, else None (a query unlike any seen gets the global vectors)."""
    if state.contexts is None or not len(state.contexts) or settings.contexts == 0:
        return None
    sims = state.contexts[:, 0] @ query_vector
    best = int(np.argmax(sims))
    return best if sims[best] >= settings.context_cosine else None


def direction(
    state: UserVectors,
    settings: VarsSettings,
    query_vector: np.ndarray,
    session: str | None = None,
) -> np.ndarray:
    """The vector recall adds to: z_eff plus ``beta_context`` times the query's context vector."""
    z = state.effective(settings, session)
    found = context_of(state, np.asarray(query_vector, dtype=np.float32), settings)
    if found is not None and state.contexts is not None:
        z = z + settings.beta_context * state.contexts[found, 1]
    return z.astype(np.float32)


def _credit_context(
    state: UserVectors, grad: np.ndarray, query_vector: np.ndarray, settings: VarsSettings
) -> None:
    """Add ``grad`` to the query's context vector, opening a context (centroid: this query)
    while the user has fewer than ``contexts``; past that, the nearest one takes it."""
    if settings.contexts == 0 or settings.eta_context == 0:
        return
    dim = len(grad)
    bank = state.contexts if state.contexts is not None else np.zeros((0, 2, dim), np.float32)
    found = context_of(state, query_vector, settings)
    if found is None and len(bank) < settings.contexts:
        norm = float(np.linalg.norm(query_vector)) or 1.0
        fresh = np.stack([query_vector / norm, np.zeros(dim)]).astype(np.float32)
        bank = np.concatenate([bank, fresh[None]])
        found = len(bank) - 1
    elif found is None:
        found = int(np.argmax(bank[:, 0] @ query_vector))
    else:
        bank = bank.copy()
    bank[found, 1] = _clip(bank[found, 1] + settings.eta_context * grad, settings.max_norm)
    state.contexts = bank.astype(np.float32)


def gate(reward: float, best_cosine: float, settings: VarsSettings) -> float:
    if reward >= 0:
        return settings.gate_retrieval
    return settings.gate_retrieval if best_cosine < settings.blame_cosine else settings.gate_answer


def update(
    state: UserVectors,
    reward: float,
    candidate_vectors: np.ndarray,
    scores: np.ndarray,
    used_vectors: np.ndarray,
    query_vector: np.ndarray,
    settings: VarsSettings,
    session: str | None = None,
) -> UserVectors:
    """One learning step; returns a new state (the old one stays as the previous version)."""
    new = state.copy()
    if session is not None and session != state.session:
        new.z_short = np.zeros_like(state.z_short)
        new.session = session
    if settings.rule == "off" or len(used_vectors) == 0:
        return new
    v_used = used_vectors.mean(axis=0)
    if settings.rule == "simple":
        new.z_short = _clip(new.z_short + settings.simple_eta * reward * v_used, settings.max_norm)
        new.z_long = _clip(0.99 * new.z_long + 0.01 * new.z_short, settings.max_norm)
    else:
        logits = scores / settings.tau
        pi = np.exp(logits - logits.max())
        pi /= pi.sum()
        best = float((used_vectors @ query_vector).max())
        advantage = gate(reward, best, settings) * (reward - state.reward_baseline)
        grad = (advantage / settings.tau) * (v_used - pi @ candidate_vectors)
        new.z_long = _clip(new.z_long + settings.eta_long * grad, settings.max_norm)
        new.z_short = _clip(
            (1 - settings.decay) * new.z_short + settings.eta_short * grad, settings.max_norm
        )
        _credit_context(new, grad, query_vector, settings)
    new.reward_baseline = (1 - settings.ema) * state.reward_baseline + settings.ema * reward
    new.z_long = new.z_long.astype(np.float32)
    new.z_short = new.z_short.astype(np.float32)
    return new


def rating_to_reward(rating: float) -> float:
    """Ratings 1-5 map linearly onto [-1, 1]."""
    if not 1 <= rating <= 5:
        raise ValueError(f"rating must be from 1 to 5, got {rating}")
    return (rating - 3) / 2


__all__: Sequence[str] = [
    "RecallTrace",
    "UserVectors",
    "VarsSettings",
    "context_of",
    "direction",
    "gate",
    "rating_to_reward",
    "update",
]
