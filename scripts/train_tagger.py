"""Train the word tagger (personify.learn.tagger) and write its weights.

    OMP_NUM_THREADS=2 .venv/bin/python scripts/train_tagger.py [--cv] [--out PATH]

Data: the suite's tuning conversations (``load_suite("tune")``), never its report fold, MSC or
LoCoMo. In each user turn, the words that name the object of a gold expectation are tagged with
its kind (a liking, a dislike, a constraint, a goal, a fact), in every user turn that holds all
of the object's words; every other word is "none". The gold names 3-6 things per conversation
while people say more, so the tags are incomplete: the tagger learns to be sparing.

Prints held-out figures from 5-fold cross-validation by writer batch (the id's first part, so
one writer's turns never sit on both sides) beside the "tag nothing" baseline, then fits on
everything and writes the weights. Deterministic: one thread, fixed seeds.

The shipped weights were fitted on the 73 batches before tune_ha..hd (``--exclude
ha,hb,hc,hd``): fitted on all 77, the same network met fewer expectations on six unseen judge
batches (0.747 -> 0.736), so the four newest batches tune the grammar only for now. A refit
moves single batches by up to 0.05 either way; compare on unseen batches before shipping one.
"""

from __future__ import annotations

import argparse
import os
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch

from personify.embeddings.onnx import OnnxMiniLMEmbedder
from personify.eval.profile import Conversation, load_suite
from personify.learn.tagger import LABELS, features
from personify.lexical import term_set

ROOT = Path(__file__).resolve().parent.parent
HIDDEN = 128
# --window 1 reads each word beside the words either side of it: held out (5 folds by batch)
# it tags better word by word (at 0.7, precision 0.637 / recall 0.214 without, 0.617 / 0.273
# with; 0.654 / 0.231 at 0.8), but on six unseen judge batches it met no more expectations
# (0.747 -> 0.746) and fewer persona checks (0.818 -> 0.810), so the shipped weights read words
# alone
EPOCHS = 15
BATCH = 1024


def label_of(kind: str | list[str] | None, polarity: float | None, slot: str | None) -> int | None:
    if slot in LABELS:  # where the user lives, what they do
        return LABELS.index(slot)
    first = kind[0] if isinstance(kind, list) else kind
    if first == "preference":
        return LABELS.index("dislike" if (polarity or 1.0) < 0 else "like")
    return LABELS.index(first) if first in LABELS else None


Turn = tuple[str, np.ndarray, np.ndarray]


def tagged(convs: list[Conversation], embedder: OnnxMiniLMEmbedder, window: int = 0) -> list[Turn]:
    """(batch, features, labels) per user turn. (Weighing the words of forbidden objects more
    as "none" changed nothing held out: 3x gave -0.001 and -0.005 of expectations.)"""
    turns = [
        (c, text) for c in convs for s in c.sessions for role, text in s.turns if role == "user"
    ]
    _, states = embedder.embed_words([text for _, text in turns])
    out = []
    for (conv, text), words in zip(turns, states, strict=True):
        if not words.spans:
            continue
        labels = np.zeros(len(words.spans), dtype=np.int64)
        said = term_set(text)
        word_terms = [term_set(text[a:b]) for a, b in words.spans]
        for check in conv.expect:
            label = label_of(check.kind, check.polarity, check.slot)
            want = term_set(check.object or "")
            if label is None or not want or not want <= said:
                continue
            for i, terms in enumerate(word_terms):
                if terms & want:
                    labels[i] = label
        out.append((conv.id.split("-")[0], features(words, window), labels))
    return out


def fit(x: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray]:
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(0)
    mean, scale = x.mean(0), x.std(0) + 1e-6
    xt = torch.tensor((x - mean) / scale)
    yt = torch.tensor(y)
    net = torch.nn.Sequential(
        torch.nn.Linear(x.shape[1], HIDDEN),
        torch.nn.ReLU(),
        torch.nn.Dropout(0.2),
        torch.nn.Linear(HIDDEN, len(LABELS)),
    )
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=1e-2)
    for _ in range(EPOCHS):
        net.train()
        perm = torch.randperm(len(xt), generator=gen)
        for start in range(0, len(xt), BATCH):
            rows = perm[start : start + BATCH]
            loss = torch.nn.functional.cross_entropy(net(xt[rows]), yt[rows])
            opt.zero_grad()
            loss.backward()
            opt.step()
    net.eval()
    w1, b1 = net[0].weight.detach().numpy().T, net[0].bias.detach().numpy()
    w2, b2 = net[3].weight.detach().numpy().T, net[3].bias.detach().numpy()
    return {"w1": w1, "b1": b1, "w2": w2, "b2": b2, "mean": mean, "scale": scale}


def probabilities(weights: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    h = np.maximum(((x - weights["mean"]) / weights["scale"]) @ weights["w1"] + weights["b1"], 0)
    logits = h @ weights["w2"] + weights["b2"]
    logits -= logits.max(axis=1, keepdims=True)
    e = np.exp(logits)
    return e / e.sum(axis=1, keepdims=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "src/personify/learn/tagger.npz")
    parser.add_argument("--threshold", type=float, default=0.7)
    parser.add_argument(
        "--own-threshold",
        type=float,
        default=0.15,
        # (chosen on two sets of six tuning batches left out of training: from 0.5, 0.3 met
        # +0.011 and +0.008 more expectations, forbidden -0.002 and +0.001; 0.2 added
        # forbidden items on both. Once the tagger kept out journeys, posts offered, tastes
        # "from my twenties" and offers turned down, 0.15 met +0.016 on seven held-out tuning
        # batches (la..le, lg..li: 0.603 -> 0.619), forbidden 0.016 -> 0.019)
        help="the threshold inside a sentence the grammar keeps as about the user",
    )
    parser.add_argument("--cv", action="store_true", help="print 5-fold held-out figures first")
    parser.add_argument("--window", type=int, choices=(0, 1), default=0, help="words either side")
    parser.add_argument(
        "--exclude", default="", help="batches (id prefixes, comma-separated) to leave out"
    )
    args = parser.parse_args()
    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "2")))
    embedder = OnnxMiniLMEmbedder(threads=int(os.environ.get("OMP_NUM_THREADS", "2")))
    left_out = tuple(f"{b}-" for b in args.exclude.split(",") if b)
    convs = [c for c in load_suite("tune") if not c.id.startswith(left_out)]
    data = tagged(convs, embedder, args.window)
    batches = sorted({d[0] for d in data})
    folds: dict[int, list[int]] = defaultdict(list)
    for n in range(len(batches)):
        folds[n % 5].append(n)
    print(
        f"{len(data)} user turns, {sum(len(d[2]) for d in data)} words, "
        f"{sum(int((d[2] > 0).sum()) for d in data)} tagged by the gold, {len(batches)} batches"
    )
    if args.cv:
        cross_validate(data, batches, folds)
    weights = fit(*(np.concatenate([d[k] for d in data]) for k in (1, 2)))
    np.savez_compressed(
        args.out,
        **{k: v.astype(np.float32) for k, v in weights.items()},
        embedder=np.array(embedder.name),
        threshold=np.array(args.threshold),
        own_threshold=np.array(args.own_threshold),
        window=np.array(args.window),
    )
    print(f"wrote {args.out} (threshold {args.threshold}, own {args.own_threshold})")


def cross_validate(data: list[Turn], batches: list[str], folds: dict[int, list[int]]) -> None:
    held: list[tuple[np.ndarray, np.ndarray]] = []
    for fold in range(5):
        test = {batches[n] for n in folds[fold]}
        train = [d for d in data if d[0] not in test]
        weights = fit(*(np.concatenate([d[k] for d in train]) for k in (1, 2)))
        for b, x, y in data:
            if b in test:
                held.append((probabilities(weights, x), y))
    p = np.vstack([q for q, _ in held])
    y = np.concatenate([t for _, t in held])
    gold = int((y > 0).sum())
    print("held out (5 folds by batch); baseline 'tag nothing': precision -, recall 0.000")
    for threshold in (0.5, 0.6, 0.7, 0.8, 0.9):
        best = p[:, 1:].argmax(1) + 1
        pred = np.where(p[np.arange(len(best)), best] >= threshold, best, 0)
        right = int(((pred > 0) & (pred == y)).sum())
        print(
            f"  threshold {threshold}: {int((pred > 0).sum())} words tagged, precision "
            f"{right / max(1, int((pred > 0).sum())):.3f}, recall {right / max(1, gold):.3f}"
        )


if __name__ == "__main__":
    main()
