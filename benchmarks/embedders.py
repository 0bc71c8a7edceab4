"""MiniLM on torch (sentence-transformers) against MiniLM on onnxruntime, float and int8:
sentences/s on the same text, and how close the int8 vectors are.

Both embed the same 1,000 real sentences (the demo conversation plus LoCoMo turns spread evenly
over all conversations, as in tests/embeddings/test_onnx.py) with the same thread count; runs
alternate between the two and the best of ``--repeats`` counts, which damps a shared machine's
noise. Load time is measured too (ONNX from a warm cache; the first run exports the graph and says
so). Usage::

    .venv/bin/python benchmarks/embedders.py [--threads 2] [--repeats 3] [--out results/x.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--threads", type=int, default=int(os.environ.get("OMP_NUM_THREADS", 2)))
parser.add_argument("--repeats", type=int, default=3)
parser.add_argument("--sentences", type=int, default=1000)
parser.add_argument("--out", type=Path, default=None)
ARGS = parser.parse_args()
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_var] = str(ARGS.threads)  # before numpy/torch/onnxruntime load
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402

import personify  # noqa: E402
from personify.embeddings.minilm import MiniLMEmbedder  # noqa: E402
from personify.embeddings.onnx import OnnxMiniLMEmbedder  # noqa: E402
from personify.eval.locomo import default_data_dir, load_locomo  # noqa: E402


def sentences(n: int) -> list[str]:
    demo_file = Path(personify.__file__).parent / "demo" / "conversation.jsonl"
    demo = [json.loads(line)["text"] for line in demo_file.read_text().splitlines() if line]
    locomo = default_data_dir() / "locomo" / "locomo_public.json"
    if not locomo.is_file():
        sys.exit(f"LoCoMo not found at {locomo}: set PERSONIFY_EVAL_DATA_DIR")
    turns = [t.content for c in load_locomo(locomo).conversations for _, t in c.turns]
    turns = list(dict.fromkeys(turns))
    picks = np.linspace(0, len(turns) - 1, n - len(demo)).round().astype(int)
    return demo + [turns[i] for i in picks]


def main() -> None:
    texts = sentences(ARGS.sentences)
    systems: dict[str, object] = {}
    load_s: dict[str, float] = {}
    for label, make in (
        ("torch (sentence-transformers)", MiniLMEmbedder),
        ("onnxruntime", OnnxMiniLMEmbedder),
        ("onnxruntime int8", lambda: OnnxMiniLMEmbedder(quantized=True)),
    ):
        start = time.perf_counter()
        embedder = make()
        embedder.embed(["warm up"])
        load_s[label] = time.perf_counter() - start
        systems[label] = embedder
    onnx = systems["onnxruntime"]
    exported = getattr(onnx, "exported", False)

    best: dict[str, float] = dict.fromkeys(systems, float("inf"))
    vectors: dict[str, np.ndarray] = {}
    for _ in range(ARGS.repeats):
        for label, embedder in systems.items():
            start = time.perf_counter()
            vectors[label] = embedder.embed(texts)  # type: ignore[attr-defined]
            best[label] = min(best[label], time.perf_counter() - start)

    torch_v, onnx_v, int8_v = vectors.values()
    cos = (torch_v * onnx_v).sum(axis=1)
    cos8 = (torch_v * int8_v).sum(axis=1)
    print(
        f"{len(texts)} sentences, OMP_NUM_THREADS={ARGS.threads}, best of {ARGS.repeats}, "
        f"{os.cpu_count()} CPUs visible"
    )
    results = {}
    for label in systems:
        rate = len(texts) / best[label]
        note = " (includes the one-off ONNX export)" if label == "onnxruntime" and exported else ""
        print(f"  {label:30s} {rate:8.1f} sentences/s   load {load_s[label]:5.2f} s{note}")
        results[label] = {"sentences_per_s": rate, "load_s": load_s[label]}
    speedup = best["torch (sentence-transformers)"] / best["onnxruntime"]
    speedup8 = best["torch (sentence-transformers)"] / best["onnxruntime int8"]
    print(f"  speed-up {speedup:.2f}x; min cosine torch vs onnx {cos.min():.7f}")
    print(
        f"  int8 speed-up {speedup8:.2f}x; cosine torch vs int8 mean {cos8.mean():.4f}, "
        f"min {cos8.min():.4f}"
    )
    if ARGS.out:
        ARGS.out.parent.mkdir(parents=True, exist_ok=True)
        summary = {
            "sentences": len(texts),
            "omp_num_threads": ARGS.threads,
            "repeats": ARGS.repeats,
            "systems": results,
            "speedup": speedup,
            "min_cosine": float(cos.min()),
            "int8_speedup": speedup8,
            "int8_cosine_mean": float(cos8.mean()),
            "int8_cosine_min": float(cos8.min()),
        }
        ARGS.out.write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()
