"""The eval suite for every system, written under results/ as JSON, markdown tables and PNG charts.

CI-sized by default (LoCoMo conv-26; PrefEval 2 topics x 10 items x filler 10, all three forms);
``--full`` runs every conversation and every PrefEval item at filler 10, 100 and 300. Each
dataset gets ``results/<dataset>-<timestamp>.{json,md,png}`` through the same harness as
``personify eval``. Usage::

    .venv/bin/python benchmarks/report.py [--full] [--dataset locomo prefeval]
        [--system personify --system dense ...] [--out results] [--no-judge]
    .venv/bin/python benchmarks/report.py --merge A.json B.json [--out results]

``--merge`` joins runs of one dataset and settings into one report: runs of different systems,
or of one system on different PrefEval forms or fillers (processes side by side on a small
machine, e.g. ``personify eval prefeval --form explicit --system mem0``).

With ``PERSONIFY_LLM_MODEL`` (and ``PERSONIFY_LLM_BASE_URL``/``_API_KEY``) set, LoCoMo also gets
the answer + LLM-judge J score for every system.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

THREAD_VARS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")
for _var in THREAD_VARS:  # before numpy/torch load: stable timings on a shared small machine
    os.environ.setdefault(_var, "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from rich.console import Console  # noqa: E402

from personify.embeddings.minilm import MiniLMEmbedder  # noqa: E402
from personify.eval import harness  # noqa: E402
from personify.eval.merge import merge  # noqa: E402
from personify.eval.report import EvalResult, print_tables, write_report  # noqa: E402

CI: dict[str, dict[str, Any]] = {
    "locomo": {"limit": 1},
    "prefeval": {"limit": 10, "topics": 2, "fillers": [10]},
}
FULL: dict[str, dict[str, Any]] = {
    "locomo": {},
    "prefeval": {"fillers": [10, 100, 300]},
}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--full", action="store_true", help="whole datasets, not the CI subset")
    parser.add_argument("--dataset", nargs="+", choices=harness.DATASETS, default=harness.DATASETS)
    parser.add_argument(
        "--system", action="append", default=None, help="repeatable; default: all systems"
    )
    parser.add_argument("--out", type=Path, default=Path("results"))
    parser.add_argument("--no-progress", action="store_true")
    parser.add_argument(
        "--no-judge", action="store_true", help="skip the LLM J score even if a model is set"
    )
    parser.add_argument(
        "--merge", nargs="+", type=Path, metavar="JSON", help="join finished runs; runs nothing"
    )
    args = parser.parse_args(argv)
    console = Console(width=160)
    if args.merge:
        parts = [EvalResult.model_validate_json(p.read_text("utf-8")) for p in args.merge]
        try:
            result = merge(parts)
        except ValueError as exc:
            parser.exit(2, f"report.py --merge: {exc}\n")
        print_tables(result, console)
        for kind, path in write_report(result, args.out).items():
            console.print(f"wrote {kind}: {path}")
        return
    embedder = MiniLMEmbedder()  # loaded once, shared by every system and dataset
    for dataset in args.dataset:
        config = (FULL if args.full else CI)[dataset]
        console.rule(f"{dataset} ({'full' if args.full else 'CI-sized'}): {config}")
        result = harness.run(
            dataset,
            args.system,
            embedder=embedder,
            show_progress=not args.no_progress,
            judge=not args.no_judge,
            **config,
        )
        print_tables(result, console)
        for kind, path in write_report(result, args.out).items():
            console.print(f"wrote {kind}: {path}")


if __name__ == "__main__":
    main()
