"""PrefEval preference recall and MCQ: personify's profile against dense and BM25 over raw turns.

A view over ``personify.eval.harness.run_prefeval``, the one code path shared with
``personify eval prefeval`` and benchmarks/report.py: per form x filler x item a fresh user
observes the preference conversation then N filler turns, then the question is searched; MCQ
ranks the four shuffled answers twice: ``mcq`` with one shared reader over every system's
retrieved texts, ``mcq (own reader)`` with each system's own (personify: ``rank_options``; the
target below is for that one). Usage::

    .venv/bin/python benchmarks/preferences.py [--quick] [--filler 10 100] [--topics N]
        [--items N] [--forms explicit choice-based persona-driven] [--out results/preferences.json]
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path

THREAD_VARS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")
for _var in THREAD_VARS:  # before numpy/torch load: a 2-core machine shared with other work
    os.environ.setdefault(_var, "2")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from rich.console import Console  # noqa: E402

from personify.eval import harness  # noqa: E402
from personify.eval import prefeval as pe  # noqa: E402
from personify.eval.report import print_tables  # noqa: E402

MCQ_TARGET: dict[pe.Form, float] = {"explicit": 0.60, "choice-based": 0.45, "persona-driven": 0.45}
console = Console(width=160)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--filler", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--topics", type=int, default=None, help="first N topics only")
    parser.add_argument("--items", type=int, default=None, help="first N items per topic")
    parser.add_argument("--forms", nargs="+", choices=pe.FORMS, default=list(pe.FORMS))
    parser.add_argument("--quick", action="store_true", help="2 topics x 10 items x filler 10")
    parser.add_argument("--data", type=Path, default=None, help="data dir or prefeval dir")
    parser.add_argument("--out", type=Path, default=Path("results/preferences.json"))
    args = parser.parse_args(argv)
    console.print({v: os.environ[v] for v in THREAD_VARS})
    if args.quick:
        args.topics, args.items, args.filler = 2, 10, [10]
    topics = list(pe.TOPICS[: args.topics] if args.topics else pe.TOPICS)
    result = harness.run_prefeval(
        ["personify", "dense", "bm25"],
        data=pe.load_prefeval(args.data, topics=topics) if args.data else None,
        forms=args.forms,
        fillers=args.filler,
        topics=topics,
        items=args.items,
    )
    print_tables(result, console)
    personify = result.system("personify")
    for form in args.forms:
        for filler in args.filler:
            cell = personify.metrics.get(f"{form}/{filler}", {})
            own, shared = cell.get(pe.MCQ_OWN, 0.0), cell.get(pe.MCQ_SHARED, 0.0)
            met = "met" if own >= MCQ_TARGET[form] else "NOT met"
            console.print(
                f"{form} / {filler}: MCQ {own:.3f} with rank_options (target >= "
                f"{MCQ_TARGET[form]} {met}), {shared:.3f} with the shared reader"
            )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(result.model_dump_json(indent=2))
    console.print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
