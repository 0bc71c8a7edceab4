"""Train the classifier that reads bare facts (personify.learn.kinds) and write its weights.

    OMP_NUM_THREADS=2 .venv/bin/python scripts/train_kinds.py [--out src/personify/learn/kinds.npz]

Data, none of it from what the benchmarks report on:
- ``data/kinds/*.jsonl``: short user sentences written for this classifier, one
  ``{"text", "label"}`` per line, ``label`` in personify.learn.kinds.LABELS;
- the suite's tuning conversations (``load_suite("tune")``): every sentence the rule extractor
  keeps as a bare fact, labelled by the gold expectation whose object it names (a liking, a
  dislike, a constraint, a goal), else "fact".

Prints held-out figures from 5-fold cross-validation (folds by source, so sentences from one
writer or one conversation never sit on both sides) beside the majority baseline, picks the
least threshold whose held-out precision of the changed items is at least ``--precision``, then
fits on everything and writes the weights.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
from collections import Counter
from pathlib import Path

import numpy as np

from personify.embeddings.onnx import OnnxMiniLMEmbedder
from personify.eval.profile import load_suite
from personify.learn.extract.rules import RuleExtractor
from personify.learn.kinds import LABELS, READINGS
from personify.lexical import term_set
from personify.models import Event

ROOT = Path(__file__).resolve().parent.parent


def written(folder: Path) -> list[tuple[str, str, str]]:
    """(source, text, label) from the sentence files."""
    out = []
    for path in sorted(folder.glob("*.jsonl")):
        for n, line in enumerate(path.read_text().splitlines()):
            if line.strip():
                row = json.loads(line)
                if row["label"] not in LABELS:
                    raise SystemExit(f"{path}:{n + 1}: label {row['label']!r} not in {LABELS}")
                out.append((f"{path.name}:{n // 50}", row["text"], row["label"]))
    return out


def from_suite() -> list[tuple[str, str, str]]:
    """(conversation id, sentence, label) for the bare facts the grammar keeps from the tuning
    conversations, labelled by the gold check that names what the sentence says."""
    rules = RuleExtractor()
    out = []
    for conv in load_suite("tune"):
        context: list[Event] = []
        for turn in conv.dialog().turns:
            event = Event(user_id="u", role=turn.role, text=turn.text)
            if turn.role == "user":
                for c in rules.extract(event, context[-6:]):
                    meta = c.metadata
                    if meta.get("extractor") != "disclosure" or meta.get("about"):
                        continue
                    out.append((conv.id, c.text, _gold_label(conv, term_set(c.text))))
            context.append(event)
    return out


def _gold_label(conv, words: frozenset[str]) -> str:
    label = "fact"
    for check in conv.expect:
        want = term_set(check.object)
        kinds = [check.kind] if isinstance(check.kind, str) else (check.kind or [])
        if not want or not want <= words or not kinds:
            continue
        if kinds[0] == "preference" and check.polarity:
            label = "like" if check.polarity > 0 else "dislike"
        elif kinds[0] in ("constraint", "goal"):
            label = kinds[0]
    for check in conv.forbid:  # a forbidden liking named here: the sentence is no liking
        if check.polarity and term_set(check.object) and term_set(check.object) <= words:
            label = "fact"
    return label


def fit(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 600) -> tuple[np.ndarray, ...]:
    """Multinomial logistic regression, balanced class weights, full-batch gradient descent
    with a fixed step: deterministic, a few seconds for a few thousand rows."""
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mean) / scale
    k = len(LABELS)
    counts = np.bincount(y, minlength=k).astype(float)
    weight = (len(y) / (k * np.maximum(counts, 1)))[y]
    onehot = np.eye(k)[y]
    w, b = np.zeros((z.shape[1], k)), np.zeros(k)
    for _ in range(steps):
        logits = z @ w + b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - onehot) * weight[:, None] / len(y)
        w -= 0.5 * (z.T @ g + l2 * w)
        b -= 0.5 * g.sum(axis=0)
    return w, b, mean, scale


def predict(model: tuple[np.ndarray, ...], x: np.ndarray) -> np.ndarray:
    w, b, mean, scale = model
    logits = ((x - mean) / scale) @ w + b
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    return p / p.sum(axis=1, keepdims=True)


def fold_of(source: str) -> int:
    return int(hashlib.sha256(source.encode()).hexdigest()[:8], 16) % 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "kinds")
    parser.add_argument("--out", type=Path, default=ROOT / "src/personify/learn/kinds.npz")
    parser.add_argument("--l2", type=float, default=0.05)
    parser.add_argument("--precision", type=float, default=0.85)
    parser.add_argument("--no-suite", action="store_true", help="the written sentences only")
    args = parser.parse_args()
    print(f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}")
    rows = written(args.data) + ([] if args.no_suite else from_suite())
    print(f"{len(rows)} sentences:", dict(Counter(label for _, _, label in rows)))
    embedder = OnnxMiniLMEmbedder()
    x = np.asarray(embedder.embed([text for _, text, _ in rows]), dtype=np.float64)
    y = np.array([LABELS.index(label) for _, _, label in rows])
    folds = np.array([fold_of(source) for source, _, _ in rows])
    held = np.zeros((len(rows), len(LABELS)))
    for f in range(5):
        model = fit(x[folds != f], y[folds != f], args.l2)
        held[folds == f] = predict(model, x[folds == f])
    guess = held.argmax(axis=1)
    majority = np.bincount(y).argmax()
    print(
        f"held-out accuracy {np.mean(guess == y):.3f} (majority class {np.mean(y == majority):.3f})"
    )
    changing = np.isin(guess, [LABELS.index(r) for r in READINGS])
    threshold = 1.0
    print("threshold  changed  precision  (of sentences the grammar keeps as bare facts)")
    for t in np.arange(0.4, 0.96, 0.05):
        chosen = changing & (held.max(axis=1) >= t)
        precision = float(np.mean(guess[chosen] == y[chosen])) if chosen.any() else 0.0
        print(f"  {t:.2f}  {int(chosen.sum()):7d}  {precision:.3f}")
        if precision >= args.precision and threshold == 1.0:
            threshold = float(round(t, 2))
    print(f"threshold {threshold} (least with held-out precision >= {args.precision})")
    w, b, mean, scale = fit(x, y, args.l2)
    np.savez(
        args.out,
        weights=w.astype(np.float32),
        bias=b.astype(np.float32),
        mean=mean.astype(np.float32),
        scale=scale.astype(np.float32),
        embedder=np.array(embedder.name.removesuffix("-int8")),
        threshold=np.array(threshold),
    )
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
