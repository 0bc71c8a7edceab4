"""Persona compile latency for a user with 10k memories, and the token-count distribution.

    .venv/bin/python benchmarks/persona.py [--memories 10000] [--budgets 200 400 800]

The user's memories are real LoCoMo and PrefEval turns (read from ../shared/data, never copied)
observed with profile learning on, plus every explicit PrefEval preference statement, so the
profile holds hundreds of preferences, constraints and facts. Tasks are PrefEval questions.
Latency excludes the query embedding: task embeddings are computed once up front and served
from a CachedEmbedder. Baseline in the same run: "recall only" - the recall call the persona
makes anyway - so the persona's own cost is the difference.
Threads: OMP_NUM_THREADS=1 (set below, before numpy/torch load).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_var] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from personify import MemoryKind, Personify  # noqa: E402
from personify.embeddings import CachedEmbedder  # noqa: E402
from personify.embeddings.minilm import MiniLMEmbedder  # noqa: E402
from personify.eval.locomo import default_data_dir  # noqa: E402


def corpus(data: Path, limit: int) -> tuple[list[str], list[str], list[str]]:
    locomo = json.loads((data / "locomo" / "locomo_public.json").read_text())
    turns = [
        t["text"]
        for conv in locomo
        for key, session in conv["conversation"].items()
        if key.startswith("session_") and isinstance(session, list)
        for t in session
    ]
    prefs, questions = [], []
    for path in sorted((data / "prefeval" / "explicit_preference").glob("*.json")):
        for item in json.loads(path.read_text()):
            prefs.append(item["preference"])
            questions.append(item["question"])
    filler = json.loads((data / "prefeval" / "filtered_inter_turns.json").read_text())
    turns += [m["content"] for chat in filler for m in chat["conversation"] if m["role"] == "user"]
    persona_dir = data / "prefeval" / "implicit_preference" / "persona-driven"
    for path in sorted(persona_dir.glob("*.json")):
        for item in json.loads(path.read_text()):
            turns += [t["user"] for t in item["conversation"].values()]
    return turns[:limit], prefs, questions


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memories", type=int, default=10_000)
    parser.add_argument("--budgets", type=int, nargs="+", default=[200, 400, 800])
    parser.add_argument("--tasks", type=int, default=200)
    args = parser.parse_args()
    console = Console()
    console.print("threads: OMP_NUM_THREADS=1, MKL_NUM_THREADS=1, OPENBLAS_NUM_THREADS=1")
    turns, prefs, questions = corpus(default_data_dir(), args.memories)
    rng = random.Random(0)
    tasks = rng.sample(questions, min(args.tasks, len(questions)))
    embedder = CachedEmbedder(MiniLMEmbedder(), max_items=200_000)
    with tempfile.TemporaryDirectory() as tmp:
        p = Personify(Path(tmp) / "persona.db", embedder=embedder)
        user = p.user("heavy")
        texts = [*prefs, *turns]
        rng.shuffle(texts)
        target = args.memories
        start = time.perf_counter()
        for i in range(0, len(texts), 500):
            user.observe_many({"text": t, "session": f"s{i // 500}"} for t in texts[i : i + 500])
            if sum(s.memories for s in p.users()) >= target:
                break
        ingest = time.perf_counter() - start
        counts: dict[str, int] = {}
        for kind in MemoryKind:
            counts[kind.value] = len(user.memories(kind.value))
        total = sum(counts.values())
        console.print(f"user holds {total} memories {counts}; built in {ingest:.0f} s")
        embedder.embed(tasks)  # embeddings up front: the timings below exclude them
        kinds = [MemoryKind.PREFERENCE, MemoryKind.FACT, MemoryKind.GOAL]
        for task in tasks[:20]:  # warm caches
            user.persona(task=task, budget_tokens=400)
        table = Table(title=f"persona compile, {len(tasks)} tasks (query embedding excluded)")
        for column in (
            "config",
            "p50 ms",
            "p95 ms",
            "tokens p50",
            "tokens p95",
            "max",
            "items p50",
        ):
            table.add_column(column, justify="right")
        results: dict[str, dict[str, float]] = {}
        recall_ms = []
        for task in tasks:
            t0 = time.perf_counter()
            user.recall(task, k=8, kinds=kinds)
            recall_ms.append((time.perf_counter() - t0) * 1000)
        table.add_row(
            "baseline: recall only (k=8)",
            f"{pct(recall_ms, 0.5):.1f}",
            f"{pct(recall_ms, 0.95):.1f}",
            "-",
            "-",
            "-",
            "-",
        )
        results["recall_only"] = {"p50_ms": pct(recall_ms, 0.5), "p95_ms": pct(recall_ms, 0.95)}
        for budget in args.budgets:
            ms, tokens, items = [], [], []
            for task in tasks:
                t0 = time.perf_counter()
                persona = user.persona(task=task, budget_tokens=budget)
                ms.append((time.perf_counter() - t0) * 1000)
                tokens.append(persona.tokens)
                items.append(len(persona.memory_ids))
            assert max(tokens) <= budget
            table.add_row(
                f"persona budget={budget}",
                f"{pct(ms, 0.5):.1f}",
                f"{pct(ms, 0.95):.1f}",
                f"{pct(tokens, 0.5):.0f}",
                f"{pct(tokens, 0.95):.0f}",
                str(max(tokens)),
                f"{statistics.median(items):.0f}",
            )
            results[f"budget_{budget}"] = {
                "p50_ms": pct(ms, 0.5),
                "p95_ms": pct(ms, 0.95),
                "tokens_p50": pct(tokens, 0.5),
                "tokens_p95": pct(tokens, 0.95),
                "tokens_max": max(tokens),
            }
        console.print(table)
        console.print("target: p95 < 30 ms excluding embedding, at 10k memories")
        out = Path("results")
        out.mkdir(exist_ok=True)
        (out / "persona.json").write_text(json.dumps({"counts": counts, **results}, indent=2))


if __name__ == "__main__":
    main()
