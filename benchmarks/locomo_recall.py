"""LoCoMo evidence retrieval: personify's hybrid recall against dense, BM25 and RRF baselines.

Rows: ``default`` (the shipped weights: the lexical rank gated by cosine), ``linear lex=w``
(the earlier fusion, cosine + w * BM25 / max BM25, gated term off), dense, BM25 and RRF. For
the cross-validated choice of the default see benchmarks/recall_cv.py.

LLM-free: every turn of a conversation is observed in order (session date as timestamp), then for
each question (categories 1-4 with evidence) the top-k recalled turns are compared with the
evidence ``dia_id``s. Both speakers of a conversation go into ONE personify user (one memory
space), since questions ask about either speaker. Queries are embedded once and reused by every
configuration, so the configurations differ only in ranking.

All conversations share one database, and SQLite FTS5 computes BM25 statistics (IDF, average
length) over the whole table, i.e. across users: ``--limit`` therefore changes the lexical scores
of the conversations that remain. ``bm25 (bm25s)`` indexes each conversation on its own. Usage::

    .venv/bin/python benchmarks/locomo_recall.py [--limit N] [--out results/locomo_recall.json]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

THREAD_VARS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")
for _var in THREAD_VARS:  # before numpy/torch load: stable timings on a shared small machine
    os.environ.setdefault(_var, "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import bm25s  # noqa: E402
import numpy as np  # noqa: E402
import Stemmer  # noqa: E402

from personify import Personify  # noqa: E402
from personify.config import RecallWeights  # noqa: E402
from personify.eval.locomo import CATEGORIES, METRICS, QA, Conversation, load_locomo, score  # noqa: E402
from personify.store import MemoryFilter  # noqa: E402

K = 10
DEPTH = 50  # ranking depth fed to reciprocal-rank fusion
LEXICAL_WEIGHTS = (0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0)
RRF_K = 60
GROUPS = [*CATEGORIES.values(), "overall"]
DENSE = RecallWeights(lexical=0.0, lexical_gated=0.0)  # as before: turn confidence stays on


def linear(w: float) -> RecallWeights:
    """The earlier fusion: cosine + w * BM25 / max BM25, gated term off."""
    return RecallWeights(lexical=w, lexical_gated=0.0)


console = Console(width=140)


def turn_text(speaker: str, content: str) -> str:
    """The one text every system indexes, so differences come from ranking, not input."""
    return f"{speaker}: {content}"


class Run:
    """One configuration's rankings (dia_ids, best first) and per-query latencies in ms."""

    def __init__(self) -> None:
        self.rankings: list[list[str]] = []
        self.latency_ms: list[float] = []

    def timed(self, fn: Callable[..., list[str]], *args: Any) -> list[str]:
        start = time.perf_counter()
        ranked = fn(*args)
        self.latency_ms.append((time.perf_counter() - start) * 1000)
        self.rankings.append(ranked)
        return ranked


def rrf(*rankings: Sequence[str], k: int = RRF_K) -> list[str]:
    """Reciprocal-rank fusion: sum of 1/(k + rank); ties keep the first list's order."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, doc in enumerate(ranking, start=1):
            scores[doc] = scores.get(doc, 0.0) + 1.0 / (k + rank)
    return sorted(scores, key=lambda d: -scores[d])


def ingest(p: Personify, convs: Sequence[Conversation]) -> float:
    start = time.perf_counter()
    for conv in convs:
        p.user(f"locomo-{conv.sample_id}").observe_many(
            {
                "text": turn_text(turn.speaker, turn.content),
                "role": "user",
                "session": f"session_{session.index}",
                "ts": session.date,
                "metadata": {"dia_id": turn.dia_id, "speaker": turn.speaker},
            }
            for session, turn in conv.turns
        )
    return time.perf_counter() - start


class Rankers:
    """Every ranking function over one conversation's memory space, each returning dia_ids."""

    def __init__(self, p: Personify, conv: Conversation, stemmer: Any) -> None:
        # Turn retrieval: the episodic memories (one per turn); the profile is not scored here.
        self.p, self.stemmer = p, stemmer
        self.everything = MemoryFilter.of(kinds=["episodic"])
        self.user = p.user(f"locomo-{conv.sample_id}")
        self.dia = {m.id: m.metadata["dia_id"] for m in self.user.memories("episodic")}
        self.turns = [t for _, t in conv.turns]
        corpus = self._tokenize([turn_text(t.speaker, t.content) for t in self.turns])
        self.bm25 = bm25s.BM25()
        self.bm25.index(corpus, show_progress=False)

    def _tokenize(self, texts: list[str], **kw: Any) -> Any:
        return bm25s.tokenize(
            texts, stopwords="en", stemmer=self.stemmer, show_progress=False, **kw
        )

    def personify(
        self, question: str, vector: Any, weights: RecallWeights, k: int = K
    ) -> list[str]:
        hits = self.user.recall_vector(question, vector, k, self.everything, weights=weights)
        return [h.memory.metadata["dia_id"] for h in hits]

    def bm25s(self, question: str) -> list[str]:
        tokens = self._tokenize([question], return_ids=False)
        n = min(DEPTH, len(self.turns))
        docs, scores = self.bm25.retrieve(tokens, k=n, show_progress=False)
        return [self.turns[d].dia_id for d, s in zip(docs[0], scores[0], strict=True) if s > 0]

    def rrf(self, question: str, vector: Any) -> list[str]:
        """Timed end to end: both deep rankings plus the fusion."""
        return rrf(self.personify(question, vector, DENSE, DEPTH), self.bm25s(question))

    def fts5(self, question: str) -> list[str]:
        """personify's own lexical side alone (SQLite FTS5, porter stemmer, its stop words)."""
        found = self.p.store.lexical_search(self.user.id, question, DEPTH, self.everything)
        return [self.dia[i] for i, _ in found]


def evaluate(p: Personify, convs: Sequence[Conversation]) -> tuple[list[QA], dict[str, Run], float]:
    """Rankings of every configuration for every scored question."""
    items = [(conv, qa) for conv in convs for qa in conv.qa if qa.scored]
    start = time.perf_counter()
    vectors = p.embedder.embed([qa.question for _, qa in items])
    embed_s = time.perf_counter() - start
    names = ["dense", "bm25 (bm25s)", "bm25 (fts5)"]
    names += ["default"] + [f"linear lex={w:g}" for w in LEXICAL_WEIGHTS]
    names += ["rrf(dense, bm25s)"]
    runs = {name: Run() for name in names}
    stemmer = Stemmer.Stemmer("english")
    rankers: dict[str, Rankers] = {}
    for (conv, qa), vec in zip(items, vectors, strict=True):
        r = rankers.get(conv.sample_id) or rankers.setdefault(
            conv.sample_id, Rankers(p, conv, stemmer)
        )
        q = qa.question
        runs["dense"].timed(r.personify, q, vec, DENSE)
        runs["default"].timed(r.personify, q, vec, RecallWeights())
        for w in LEXICAL_WEIGHTS:
            runs[f"linear lex={w:g}"].timed(r.personify, q, vec, linear(w))
        runs["bm25 (bm25s)"].timed(r.bm25s, q)
        runs["bm25 (fts5)"].timed(r.fts5, q)
        runs["rrf(dense, bm25s)"].timed(r.rrf, q, vec)
    return [qa for _, qa in items], runs, embed_s


def percentiles(values: Sequence[float]) -> tuple[float, float]:
    p50, p95 = np.percentile(np.asarray(values), [50, 95])
    return float(p50), float(p95)


def print_tables(results: dict[str, dict[str, Any]], counts: dict[str, int]) -> None:
    for metric in METRICS:
        table = Table(title=f"evidence {metric}", title_justify="left")
        table.add_column("config")
        for group in GROUPS:
            table.add_column(f"{group} (n={counts[group]})", justify="right")
        for name, res in results.items():
            table.add_row(name, *(f"{res['metrics'][g][metric]:.3f}" for g in GROUPS))
        console.print(table)
    table = Table(title="ranking latency per query (ms; query embedding excluded)")
    for column in ("config", "p50", "p95"):
        table.add_column(column, justify="left" if column == "config" else "right")
    for name, res in results.items():
        table.add_row(name, f"{res['latency_ms']['p50']:.2f}", f"{res['latency_ms']['p95']:.2f}")
    console.print(table)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N conversations only")
    parser.add_argument("--data", type=Path, default=None, help="data dir or locomo_public.json")
    parser.add_argument("--out", type=Path, default=Path("results/locomo_recall.json"))
    parser.add_argument("--db", type=Path, default=None, help="SQLite file (default: a temp dir)")
    args = parser.parse_args(argv)
    threads = {v: os.environ[v] for v in (*THREAD_VARS, "TOKENIZERS_PARALLELISM")}
    console.print(f"threads: {threads}")

    data = load_locomo(args.data)
    convs = data.conversations[: args.limit] if args.limit else data.conversations
    ev = data.evidence
    console.print(
        f"{len(convs)} conversations, {sum(len(c.turns) for c in convs)} turns, "
        f"{sum(len(c.qa) for c in convs)} QA; evidence strings {ev.raw_strings}: split "
        f"{ev.split}, repaired {ev.repaired}, dropped {ev.dropped} "
        f"(malformed {ev.malformed}, unknown {ev.unknown})"
    )
    with tempfile.TemporaryDirectory() as tmp, Personify(args.db or Path(tmp) / "locomo.db") as p:
        start = time.perf_counter()
        p.embedder.embed(["warm-up"])
        load_s = time.perf_counter() - start
        ingest_s = ingest(p, convs)
        n_turns = sum(len(c.turns) for c in convs)
        console.print(
            f"model load {load_s:.1f}s; ingest {n_turns} turns in {ingest_s:.1f}s "
            f"({n_turns / ingest_s:.0f} turns/s, embedding included)"
        )
        questions, runs, embed_s = evaluate(p, convs)
        console.print(f"embedded {len(questions)} questions once in {embed_s:.1f}s")
        sample = [(c, q) for c in convs for q in c.qa if q.scored][:200]
        e2e: list[float] = []
        for conv, qa in sample:
            start = time.perf_counter()
            p.user(f"locomo-{conv.sample_id}").recall(qa.question, k=K)
            e2e.append((time.perf_counter() - start) * 1000)

    results: dict[str, dict[str, Any]] = {}
    for name, run in runs.items():
        p50, p95 = percentiles(run.latency_ms)
        results[name] = {
            "metrics": score(questions, run.rankings),
            "latency_ms": {"p50": p50, "p95": p95},
        }
    counts = {g: int(results["dense"]["metrics"][g]["n"]) for g in GROUPS}
    print_tables(results, counts)
    e2e_p50, e2e_p95 = percentiles(e2e)
    console.print(
        f"user.recall() end to end (embed query + rank, default weights, {len(e2e)} queries): "
        f"p50 {e2e_p50:.1f} ms, p95 {e2e_p95:.1f} ms"
    )

    def key(w: float) -> tuple[float, float]:
        overall = results[f"linear lex={w:g}"]["metrics"]["overall"]
        return overall["recall@10"], overall["ndcg@10"]

    best = max(LEXICAL_WEIGHTS, key=key)
    dense_r10 = results["dense"]["metrics"]["overall"]["recall@10"]
    console.print(
        f"best linear lexical weight overall (recall@10, then nDCG@10; in-sample): {best:g}; "
        f"recall@10 {key(best)[0]:.3f} vs default "
        f"{results['default']['metrics']['overall']['recall@10']:.3f}, dense {dense_r10:.3f}"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "dataset": "LoCoMo public split (CC BY-NC 4.0)",
        "memory_space": "one personify user per conversation, both speakers",
        "conversations": [c.sample_id for c in convs],
        "turns": n_turns,
        "questions_scored": len(questions),
        "evidence_normalisation": ev.model_dump(),
        "threads": threads,
        "k": K,
        "timing_s": {"model_load": load_s, "ingest": ingest_s, "embed_questions": embed_s},
        "recall_end_to_end_ms": {"p50": e2e_p50, "p95": e2e_p95, "n": len(e2e)},
        "best_lexical_weight": best,
        "configs": results,
    }
    args.out.write_text(json.dumps(payload, indent=2))
    console.print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
