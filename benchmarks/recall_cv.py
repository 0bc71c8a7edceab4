"""Cross-validated choice of the recall fusion: held-out LoCoMo conversations and PrefEval topics.

Every text is embedded once and every store is built once (cached under ``--cache``); each
query's candidate pool (:func:`personify.read.recall.gather`: top 50 by cosine and by BM25, with
kinds, confidences and evidence) is gathered once, and every candidate design is scored on it
with :func:`personify.read.recall.score`, the function recall itself ranks with, so a figure
here is what ``user.recall`` would return with those weights.

Folds: LoCoMo conversation ``i`` and PrefEval topic group ``i`` are held out together; each
design's parameters are chosen on the other folds (best LoCoMo evidence recall@10 among the
parameters that lose no PrefEval hit@1/hit@5 form x filler cell to dense on the training topics;
if none, the one that trails dense least), and the held-out rankings are pooled over folds.
BM25 (bm25s, per conversation or per PrefEval item) and dense (the same store, raw turns, every
extra term off) run in the same process on the same questions. MCQ (both readers) chooses
nothing: it is measured on the held-out topics for the shipped design's per-fold choices and the
previous default (:meth:`Scores.run_mcq`), and through ``user.recall`` for the weights chosen on
all folds, the previous default and dense. The first run
builds the stores (~20 min on 2 busy cores for the default sizes); later runs take ~2 min
(~7 with MCQ). Usage::

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/recall_cv.py [--items 8]
        [--filler 10 100 300] [--no-mcq] [--cache /tmp/recall_cv] [--out results/recall_cv.json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import pickle
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

THREAD_VARS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")
for _var in THREAD_VARS:  # before numpy/onnxruntime load: a 2-core machine shared with others
    os.environ.setdefault(_var, "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from personify.config import RecallWeights  # noqa: E402
from personify.embeddings import CachedEmbedder, Embedder  # noqa: E402
from personify.eval import harness  # noqa: E402
from personify.eval import locomo as lc  # noqa: E402
from personify.eval import prefeval as pe  # noqa: E402
from personify.eval.baselines import BM25System, PersonifySystem  # noqa: E402
from personify.read.recall import Pool, dense_only, gather, score, with_shapes  # noqa: E402
from personify.store import MemoryFilter, Store  # noqa: E402

DEPTH = 50  # candidates per index, as RecallWeights.candidates
LOCOMO_K = 10
PREF_K = 5
EVERYTHING = MemoryFilter()
TURNS = MemoryFilter.of(kinds=["episodic"])
STANCES = MemoryFilter.of(kinds=["preference", "constraint"])  # what rank_options reads
OWN_K = 8  # rank_options' k
console = Console(width=160)


@dataclass
class Query:
    """One question with its candidate pools, gathered once and scored by every design."""

    group: str  # LoCoMo conversation id or PrefEval topic: what a fold holds out
    user_id: str
    pool: Pool  # every memory kind, lexical side included
    turns: Pool  # raw turns only, dense side only: the dense baseline's pool
    sources: dict[str, list[str]]  # memory id -> the labels (dia_id or turn index) it derives from
    gold: set[str]
    bm25: list[str] = field(default_factory=list)  # bm25s's ranking, labels
    qa: lc.QA | None = None
    case: Any = None  # harness.PrefCase


def labels(store: Store, user_id: str, key: str) -> dict[str, str]:
    """Event id -> its ``metadata[key]`` (what the gold evidence is named by)."""
    return {e.id: str(e.metadata[key]) for e in store.list_events(user_id) if key in e.metadata}


def memory_sources(store: Store, user_id: str, key: str) -> dict[str, list[str]]:
    by_event = labels(store, user_id, key)
    return {
        m.id: [by_event[e] for e in m.evidence if e in by_event]
        for m in store.list_memories(user_id, MemoryFilter(include_history=True))
    }


def ranked_labels(ranked: Iterable[Any], sources: dict[str, list[str]]) -> list[str]:
    """Labels in rank order; a memory citing several turns contributes them all (as the harness)."""
    return [s for c, _ in ranked for s in sources.get(c.id, [])]


# -- building (cached) ---------------------------------------------------------------------


def _pools(p: Any, uid: str, question: str, vector: np.ndarray) -> tuple[Pool, Pool]:
    store = p.store
    return (
        gather(store, uid, question, vector, DEPTH, EVERYTHING, lexical=True),
        gather(store, uid, question, vector, DEPTH, TURNS, lexical=False),
    )


def build_locomo(emb: Embedder, cache: Path) -> tuple[list[Query], Any]:
    data = lc.load_locomo()
    system = PersonifySystem(emb, cache / "locomo.db")
    p = system.p
    bm25 = BM25System()
    queries: list[Query] = []
    for conv in data.conversations:
        uid = f"locomo-{conv.sample_id}"
        sessions = harness.locomo_turns(conv)
        if not p.user(uid).exists:
            for session in sessions:
                system.ingest(uid, session)
        bm25.ingest(uid, [t for s in sessions for t in s])
        qas = [q for q in conv.qa if q.scored]
        vectors = emb.embed([q.question for q in qas])
        sources = memory_sources(p.store, uid, "dia_id")
        for qa, vector in zip(qas, vectors, strict=True):
            pool, turns = _pools(p, uid, qa.question, vector)
            found = bm25.search(uid, qa.question, LOCOMO_K)
            queries.append(
                Query(
                    group=conv.sample_id,
                    user_id=uid,
                    pool=pool,
                    turns=turns,
                    sources=sources,
                    gold=set(qa.evidence),
                    bm25=harness.dia_ids(found),
                    qa=qa,
                )
            )
    return queries, system


def build_prefeval(
    emb: Embedder, cache: Path, items: int, fillers: Sequence[int]
) -> tuple[list[Query], Any]:
    data = pe.load_prefeval()
    system = PersonifySystem(emb, cache / "prefeval.db")
    p = system.p
    bm25 = BM25System()
    queries: list[Query] = []
    for form in pe.FORMS:
        for filler in fillers:
            for case in harness.prefeval_cases(data, form, filler, data.topics, items, emb):
                uid = f"{form}-{filler}-{case.uid}"
                if not p.user(uid).exists:
                    system.ingest(uid, case.pref)
                    system.ingest(uid, case.rest)
                bm25.ingest(uid, [*case.pref, *case.rest])
                vector = emb.embed([case.question])[0]
                pool, turns = _pools(p, uid, case.question, vector)
                found = bm25.search(uid, case.question, PREF_K)
                queries.append(
                    Query(
                        group=case.topic,
                        user_id=uid,
                        pool=pool,
                        turns=turns,
                        sources=memory_sources(p.store, uid, "turn"),
                        gold={str(i) for i in case.revealing},
                        bm25=[str(t) for r in found for t in sorted(harness._turn_ids(r))],
                        case=case,
                    )
                )
                bm25.turns.pop(uid), bm25.index.pop(uid)  # one user at a time: bounded memory
    return queries, system


class _Unpickler(pickle.Unpickler):
    """Finds Query here whether the cache was written by this file run as a script or imported."""

    def find_class(self, module: str, name: str) -> Any:
        if name == "Query":
            return Query
        return super().find_class(module, name)


def load_or_build(cache: Path, items: int, fillers: Sequence[int]) -> dict[str, list[Query]]:
    """The queries with their pools, from ``cache`` when built before with the same options."""
    cache.mkdir(parents=True, exist_ok=True)
    stamp = cache / f"queries-items{items}-filler{'-'.join(map(str, fillers))}.pkl"
    if stamp.is_file():
        with stamp.open("rb") as f:
            return _Unpickler(f).load()
    from personify.embeddings.onnx import OnnxMiniLMEmbedder

    emb = CachedEmbedder(OnnxMiniLMEmbedder(), max_items=200_000)
    start = time.perf_counter()
    locomo, a = build_locomo(emb, cache)
    console.print(f"LoCoMo: {len(locomo)} questions in {time.perf_counter() - start:.0f}s")
    start = time.perf_counter()
    prefeval, b = build_prefeval(emb, cache, items, fillers)
    console.print(f"PrefEval: {len(prefeval)} items in {time.perf_counter() - start:.0f}s")
    a.close(), b.close()
    out = {"locomo": locomo, "prefeval": prefeval}
    stamp.write_bytes(pickle.dumps(out))
    return out


def add_shapes(stores: dict[str, Store], queries: dict[str, list[Query]]) -> None:
    """Each query's request shapes, read once, and its candidates' roles (a cache built before
    either existed lacks them)."""
    for name, store in stores.items():
        for q in queries[name]:
            if q.pool.shape is None:
                q.pool = with_shapes(store, q.user_id, q.pool)
            if not any(c.role for c in q.pool.found.values()):
                q.pool = q.pool._replace(found=store.candidates(q.user_id, q.pool.ids))


# -- designs and their grids -----------------------------------------------------------------

# the designs before request shapes and speakers keep them off
BASE = RecallWeights(request_penalty=0.0, other_speaker=0.0)


def _shaped(gated: float, floor: float, request: float, speaker: float = 0.0) -> RecallWeights:
    """Gated lexical rank (k = 3), request shapes and, from the speaker design, who spoke."""
    update = {
        "lexical": 0.0,
        "lexical_gated": gated,
        "lexical_floor": floor,
        "lexical_signal": "rank",
        "lexical_rank_k": 3.0,
        "request_penalty": request,
        "other_speaker": speaker,
    }
    return BASE.model_copy(update=update)


DESIGNS: dict[str, list[RecallWeights]] = {
    "linear (bm25/max)": [
        BASE.model_copy(update={"lexical": w, "lexical_gated": 0.0})
        for w in (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0)
    ],
    "gated, bm25/max": [
        BASE.model_copy(
            update={"lexical": 0.0, "lexical_gated": w, "lexical_floor": f, "lexical_signal": "max"}
        )
        for w, f in itertools.product((0.75, 1.0, 1.5, 2.0, 3.0), (0.0, 0.1, 0.15, 0.2, 0.25))
    ],
    "gated, lexical rank": [
        BASE.model_copy(
            update={
                "lexical": 0.0,
                "lexical_gated": w,
                "lexical_floor": f,
                "lexical_signal": "rank",
                "lexical_rank_k": k,
            }
        )
        for w, f, k in itertools.product((1.0, 1.5, 2.0, 3.0), (0.15, 0.2, 0.25), (3.0, 10.0))
    ],
    "linear + gated rank": [
        BASE.model_copy(
            update={"lexical": wl, "lexical_gated": w, "lexical_floor": f, "lexical_rank_k": 3.0}
        )
        for wl, w, f in itertools.product((0.05, 0.1), (1.5, 2.0, 3.0), (0.2, 0.25))
    ],
    "gated rank + request shape": [
        _shaped(w, f, r)
        for r, w, f in itertools.product(
            (0.0, 0.05, 0.1, 0.15, 0.2, 0.3), (1.5, 2.0, 3.0), (0.2, 0.25)
        )
    ],
    "request shape + speaker": [
        _shaped(w, f, r, o)
        for o, r, w, f in itertools.product(
            (0.25, 0.5, 0.75, 1.0), (0.05, 0.1, 0.15, 0.2), (2.0, 3.0), (0.2, 0.25)
        )
    ],
}
PREVIOUS = BASE.model_copy(update={"lexical": 0.1, "lexical_gated": 0.0})  # the old default
DENSE = dense_only(BASE)
SHIPPED_DESIGN = "request shape + speaker"
LAST_DESIGN = "gated rank + request shape"  # the last stop's default


def describe(w: RecallWeights) -> str:
    signal = f"rank k={w.lexical_rank_k:g}" if w.lexical_signal == "rank" else "max"
    return (
        f"lex={w.lexical:g} gated={w.lexical_gated:g} floor={w.lexical_floor:g} "
        f"signal={signal} request={w.request_penalty:g} speaker={w.other_speaker:g} "
        f"conf={w.confidence:g}"
    )


def top_memories(store: Store, q: Query, pool: Pool, w: RecallWeights, k: int, now: datetime):
    return score(store, q.user_id, pool, w, now)[:k]


def locomo_ranking(store: Store, q: Query, w: RecallWeights, now: datetime) -> list[str]:
    pool = q.turns if w == DENSE else q.pool
    return ranked_labels(top_memories(store, q, pool, w, LOCOMO_K, now), q.sources)


def pref_hits(store: Store, q: Query, w: RecallWeights, now: datetime) -> list[bool]:
    """Per hit of the top ``PREF_K``: does it carry a revealing turn (as the harness counts)."""
    pool = q.turns if w == DENSE else q.pool
    top = top_memories(store, q, pool, w, PREF_K, now)
    return [bool(q.gold.intersection(q.sources.get(c.id, []))) for c, _ in top]


def pref_metrics(carried: Sequence[bool]) -> dict[str, float]:
    return {"hit@1": float(any(carried[:1])), f"hit@{PREF_K}": float(any(carried[:PREF_K]))}


class Scores:
    """Every (design parameter, query) outcome, computed once and sliced by fold."""

    def __init__(
        self,
        stores: dict[str, Store],
        queries: dict[str, list[Query]],
        embedder: Embedder | None = None,
    ) -> None:
        self.stores, self.queries, self.embedder = stores, queries, embedder
        self.now = datetime.now().astimezone()
        self.locomo: dict[str, list[list[str]]] = {}
        self.pref: dict[str, list[dict[str, float]]] = {}
        self.mcq: dict[str, list[dict[str, float]]] = {}
        self._read: dict[tuple[str, ...], list[float]] = {}
        self._stances: dict[str, Pool] = {}

    def run_mcq(self, w: RecallWeights) -> None:
        """MCQ of ``w`` per PrefEval item with both readers, as ``mcq`` below measures them
        through ``user.recall`` and ``user.rank_options``: the shared reader over the top 5,
        personify's own over the top 8 preferences and constraints (its pool gathered once);
        one reading per distinct (question, texts)."""
        key = w.model_dump_json()
        if key in self.mcq or self.embedder is None:
            return
        store, rows = self.stores["prefeval"], []
        for q in self.queries["prefeval"]:
            top = top_memories(store, q, q.turns if w == DENSE else q.pool, w, PREF_K, self.now)
            found = store.texts(q.user_id, [c.id for c, _ in top])
            texts = tuple(found[c.id] for c, _ in top if c.id in found)
            case = q.case
            read = (case.question, *case.options, "", *texts)
            if read not in self._read:
                self._read[read] = pe.shared_reader_scores(
                    case.question, texts, case.options, self.embedder
                )
            row = {pe.MCQ_SHARED: pe.mcq_correct(self._read[read], case.correct)}
            if w != DENSE:
                row[pe.MCQ_OWN] = pe.mcq_correct(self.own_scores(q, w), case.correct)
            rows.append(row)
        self.mcq[key] = rows

    def own_scores(self, q: Query, w: RecallWeights) -> list[float]:
        """``user.rank_options`` on ``w``'s ranking of the item's stance pool."""
        from personify.read.agreement import rank_options, scores_by_index
        from personify.read.recall import finished_hits

        assert self.embedder is not None
        store, case = self.stores["prefeval"], q.case
        if q.user_id not in self._stances:
            vector = self.embedder.embed([case.question])[0]
            self._stances[q.user_id] = gather(
                store, q.user_id, case.question, vector, DEPTH, STANCES, lexical=True
            )
        ranked = score(store, q.user_id, self._stances[q.user_id], w, self.now)[:OWN_K]
        hits = [h for h in finished_hits(store, q.user_id, ranked) if h.memory.polarity]
        fits = rank_options(
            case.options,
            self.embedder.embed(list(case.options)),
            hits,
            self.embedder.embed([h.memory.object or h.memory.text for h in hits]),
        )
        return scores_by_index(fits, len(case.options))

    def run(self, w: RecallWeights) -> None:
        key = w.model_dump_json()
        if key in self.locomo:
            return
        store = self.stores["locomo"]
        self.locomo[key] = [locomo_ranking(store, q, w, self.now) for q in self.queries["locomo"]]
        store = self.stores["prefeval"]
        self.pref[key] = [
            pref_metrics(pref_hits(store, q, w, self.now)) for q in self.queries["prefeval"]
        ]

    def locomo_metrics(self, rankings: list[list[str]], keep: Callable[[Query], bool]) -> Any:
        chosen = [
            (q.qa, r) for q, r in zip(self.queries["locomo"], rankings, strict=True) if keep(q)
        ]
        return lc.score([qa for qa, _ in chosen], [r for _, r in chosen])

    def pref_cells(self, rows: list[dict[str, float]], keep: Callable[[Query], bool]) -> Any:
        results = [
            q.case.result(m) for q, m in zip(self.queries["prefeval"], rows, strict=True) if keep(q)
        ]
        return pe.aggregate(results)


# -- folds -------------------------------------------------------------------------------------

TOLERANCE = 0.0  # a PrefEval cell may not trail dense on the training topics


def folds(queries: dict[str, list[Query]]) -> list[tuple[str, set[str]]]:
    """Fold ``i`` holds out LoCoMo conversation ``i`` and every 6th PrefEval topic from ``i``."""
    convs = list(dict.fromkeys(q.group for q in queries["locomo"]))
    topics = list(dict.fromkeys(q.group for q in queries["prefeval"]))
    return [(conv, set(topics[i :: len(convs)])) for i, conv in enumerate(convs)]


def worst_margin(cells: Any, dense: Any) -> float:
    """The lowest (system - dense) over every form x filler cell and both hit metrics."""
    return min(
        cells[form][n][m] - dense[form][n][m]
        for form in cells
        for n in cells[form]
        for m in ("hit@1", f"hit@{PREF_K}")
    )


def choose(
    scores: Scores, grid: list[RecallWeights], keep: Callable[[Query], bool]
) -> RecallWeights:
    """Best training LoCoMo recall@10 among parameters within TOLERANCE of dense on every
    PrefEval training cell; if none is, the one closest to dense there."""
    dense = scores.pref_cells(scores.pref[DENSE.model_dump_json()], keep)
    rows = []
    for w in grid:
        key = w.model_dump_json()
        r10 = scores.locomo_metrics(scores.locomo[key], keep)["overall"]["recall@10"]
        rows.append((w, r10, worst_margin(scores.pref_cells(scores.pref[key], keep), dense)))
    feasible = [r for r in rows if r[2] >= -TOLERANCE]
    if feasible:
        return max(feasible, key=lambda r: (r[1], r[2]))[0]
    return max(rows, key=lambda r: (r[2], r[1]))[0]


def held_out(
    scores: Scores, grid: list[RecallWeights], fold_list
) -> tuple[Any, Any, list[str], Any]:
    """Pooled held-out LoCoMo rankings and PrefEval rows (hits, and MCQ where measured), each
    from the parameter chosen on the other folds; and what was chosen per fold."""
    loc_idx: dict[int, list[str]] = {}
    pref_idx: dict[int, dict[str, float]] = {}
    mcq_idx: dict[int, dict[str, float]] = {}
    picked = []
    for conv, topics in fold_list:
        w = choose(scores, grid, lambda q, c=conv, t=topics: q.group != c and q.group not in t)
        picked.append(f"{conv}: {describe(w)}")
        key = w.model_dump_json()
        for i, q in enumerate(scores.queries["locomo"]):
            if q.group == conv:
                loc_idx[i] = scores.locomo[key][i]
        for i, q in enumerate(scores.queries["prefeval"]):
            if q.group in topics:
                pref_idx[i] = scores.pref[key][i]
                if key in scores.mcq:
                    mcq_idx[i] = scores.mcq[key][i]
    loc = [loc_idx[i] for i in range(len(scores.queries["locomo"]))]
    n = len(scores.queries["prefeval"])
    pref = [pref_idx[i] for i in range(n)]
    mcq = [mcq_idx[i] for i in range(n)] if len(mcq_idx) == n else None
    return loc, pref, picked, mcq


# -- MCQ (not used to choose anything) -----------------------------------------------------------


def mcq(
    queries: list[Query], cache: Path, emb: Embedder, systems: dict[str, RecallWeights]
) -> dict[str, list[dict[str, float]]]:
    """Both MCQ readers per item for each system, as ``harness._prefeval_item`` scores them."""
    from personify import Personify

    out: dict[str, list[dict[str, float]]] = {}
    for name, w in systems.items():
        rows = []
        with Personify(cache / "prefeval.db", embedder=emb, weights=w) as p:
            for q in queries:
                case, user = q.case, p.user(q.user_id)
                kinds = ["episodic"] if w == DENSE else None
                hits = user.recall(case.question, k=PREF_K, kinds=kinds)
                texts = [h.memory.text for h in hits]
                shared = pe.shared_reader_scores(case.question, texts, case.options, emb)
                if w == DENSE:  # dense has no profile: cosine to its top-1 text
                    top = emb.embed(texts[:1])[0] if texts else None
                    own = pe.cosine_scores(emb.embed(case.options), top)
                else:
                    own = user_scores(user, case)
                rows.append(
                    {
                        pe.MCQ_SHARED: pe.mcq_correct(shared, case.correct),
                        pe.MCQ_OWN: pe.mcq_correct(own, case.correct),
                    }
                )
        out[name] = rows
    return out


def user_scores(user: Any, case: Any) -> list[float]:
    from personify.read.agreement import scores_by_index

    return scores_by_index(user.rank_options(case.question, case.options), len(case.options))


# -- report ------------------------------------------------------------------------------------

GROUPS = [*lc.CATEGORIES.values(), "overall"]


def locomo_table(title: str, rows: dict[str, Any]) -> None:
    table = Table(title=title, title_justify="left")
    table.add_column("system")
    for m in ("recall@10", "recall@5", "ndcg@10"):
        table.add_column(m, justify="right")
    for g in lc.CATEGORIES.values():
        table.add_column(f"{g} r@10", justify="right")
    for name, res in rows.items():
        o = res["overall"]
        cats = [f"{res[g]['recall@10']:.3f}" for g in lc.CATEGORIES.values()]
        table.add_row(
            name, f"{o['recall@10']:.3f}", f"{o['recall@5']:.3f}", f"{o['ndcg@10']:.3f}", *cats
        )
    console.print(table)


def pref_table(title: str, rows: dict[str, Any], metrics: Sequence[str]) -> None:
    table = Table(title=title, title_justify="left")
    table.add_column("system")
    cells = [(f, n) for f in pe.FORMS for n in sorted(next(iter(rows.values()))[f], key=int)]
    for f, n in cells:
        table.add_column(f"{f} {n}", justify="right")
    for name, res in rows.items():
        table.add_row(
            name,
            *(
                "/".join(f"{res[f][n][m]:.3f}" if m in res[f][n] else "-" for m in metrics)
                for f, n in cells
            ),
        )
    console.print(table)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--items", type=int, default=8, help="PrefEval items per topic")
    parser.add_argument("--filler", type=int, nargs="+", default=[10, 100, 300])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/recall_cv"))
    parser.add_argument("--no-mcq", action="store_true", help="skip MCQ (needs the embedder)")
    parser.add_argument("--out", type=Path, default=Path("results/recall_cv.json"))
    args = parser.parse_args(argv)
    from personify.store.sqlite import SQLiteStore

    start = time.perf_counter()
    queries = load_or_build(args.cache, args.items, args.filler)
    stores = {n: SQLiteStore(args.cache / f"{n}.db") for n in ("locomo", "prefeval")}
    add_shapes(stores, queries)
    emb = None
    if not args.no_mcq:
        from personify.embeddings.onnx import OnnxMiniLMEmbedder

        emb = CachedEmbedder(OnnxMiniLMEmbedder(), max_items=200_000)
    scores = Scores(stores, queries, emb)
    grids = {**DESIGNS, "previous default (lex=0.1)": [PREVIOUS], "dense": [DENSE]}
    for grid in grids.values():
        for w in grid:
            scores.run(w)
    mcq_grids = [[PREVIOUS], [DENSE], DESIGNS[LAST_DESIGN], DESIGNS[SHIPPED_DESIGN]]
    for grid in mcq_grids:
        for w in grid:
            scores.run_mcq(w)
    console.print(
        f"{len(queries['locomo'])} LoCoMo questions, {len(queries['prefeval'])} PrefEval items; "
        f"{len(scores.locomo)} weightings scored in {time.perf_counter() - start:.0f}s"
    )
    fold_list = folds(queries)
    everything = lambda q: True  # noqa: E731
    loc_rows: dict[str, Any] = {}
    pref_rows: dict[str, Any] = {}
    picked: dict[str, list[str]] = {}
    held_mcq: dict[str, Any] = {}
    for name, grid in grids.items():
        loc, pref, chosen, mcq_held = held_out(scores, grid, fold_list)
        label = name if len(grid) == 1 else f"{name}, held-out"
        loc_rows[label] = scores.locomo_metrics(loc, everything)
        pref_rows[label] = scores.pref_cells(pref, everything)
        picked[name] = chosen
        if mcq_held is not None and grid in mcq_grids:
            held_mcq[label] = scores.pref_cells(mcq_held, everything)
    loc_rows["BM25 (bm25s)"] = scores.locomo_metrics(
        [q.bm25 for q in queries["locomo"]], everything
    )
    bm25_pref = [pref_metrics([t in q.gold for t in q.bm25]) for q in queries["prefeval"]]
    pref_rows["BM25 (bm25s)"] = scores.pref_cells(bm25_pref, everything)

    design = SHIPPED_DESIGN
    shipped = choose(scores, DESIGNS[design], everything)
    key = shipped.model_dump_json()
    loc_rows[f"shipped ({describe(shipped)}), in-sample"] = scores.locomo_metrics(
        scores.locomo[key], everything
    )
    pref_rows["shipped, in-sample"] = scores.pref_cells(scores.pref[key], everything)

    console.print(f"folds (held-out conversation: PrefEval topics): {fold_list}")
    for name, chosen in picked.items():
        console.print(f"[bold]{name}[/] chosen per fold: " + "; ".join(chosen))
    locomo_table("LoCoMo evidence retrieval, held-out folds pooled (k=10)", loc_rows)
    pref_table(
        f"PrefEval hit@1/hit@{PREF_K}, held-out topics pooled",
        pref_rows,
        ("hit@1", f"hit@{PREF_K}"),
    )
    console.print(f"shipped default ({design}, chosen on all folds): {describe(shipped)}")

    payload: dict[str, Any] = {
        "locomo": loc_rows,
        "prefeval": pref_rows,
        "picked": picked,
        "shipped": shipped.model_dump(),
        "folds": [[c, sorted(t)] for c, t in fold_list],
        "items_per_topic": args.items,
        "fillers": args.filler,
    }
    if key in scores.mcq:  # the same weights through user.recall below: a check on run_mcq
        payload["mcq_shipped_pools"] = scores.pref_cells(scores.mcq[key], everything)
    if held_mcq:
        pref_table(
            "PrefEval MCQ: shared reader / own reader, held-out topics pooled",
            held_mcq,
            (pe.MCQ_SHARED, pe.MCQ_OWN),
        )
        payload["mcq_held_out"] = held_mcq
    if emb is not None:
        systems = {"shipped": shipped, "previous default (lex=0.1)": PREVIOUS, "dense": DENSE}
        rows = mcq(queries["prefeval"], args.cache, emb, systems)
        mcq_rows = {n: scores.pref_cells(r, everything) for n, r in rows.items()}
        pref_table(
            "PrefEval MCQ: shared reader / own reader (not used for choosing)",
            mcq_rows,
            (pe.MCQ_SHARED, pe.MCQ_OWN),
        )
        payload["mcq"] = mcq_rows
    for store in stores.values():
        store.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, indent=2))
    console.print(f"wrote {args.out} in {time.perf_counter() - start:.0f}s")


if __name__ == "__main__":
    main()
