"""Reading bare facts by their meaning: the packaged classifier over MiniLM vectors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from personify import Personify
from personify.embeddings.minilm import MiniLMEmbedder
from personify.learn.extract import Candidate
from personify.learn.kinds import LABELS, KindClassifier
from personify.models import MemoryKind, Origin


def bare(text: str, **metadata: object) -> Candidate:
    return Candidate(
        kind=MemoryKind.FACT,
        text=text,
        confidence=0.5,
        origin=Origin.EXPLICIT,
        evidence=["e1"],
        metadata={"extractor": "disclosure", **metadata},
    )


def two_dim(label: str, threshold: float = 0.7) -> KindClassifier:
    """A classifier over 2-d vectors that reads the first axis as ``label``."""
    weights = np.zeros((2, len(LABELS)))
    weights[0, LABELS.index(label)] = 10.0
    return KindClassifier(
        weights=weights,
        bias=np.zeros(len(LABELS)),
        mean=np.zeros(2),
        scale=np.ones(2),
        embedder="toy",
        threshold=threshold,
    )


def test_a_confident_reading_changes_only_a_bare_first_person_fact() -> None:
    like = two_dim("like")
    found = bare("made tonkotsu again this weekend")
    like.read(found, np.array([1.0, 0.0]))
    assert (found.kind, found.polarity) == (MemoryKind.PREFERENCE, 1.0)
    assert found.metadata["read_as"].startswith("like ")
    unsure = bare("made tonkotsu again this weekend")
    like.read(unsure, np.array([0.0, 1.0]))  # every label equally likely: below the threshold
    assert (unsure.kind, unsure.polarity) == (MemoryKind.FACT, None)
    for kept in (bare("my wife adores opera", about="other"), bare("I loved Lego", past=True)):
        like.read(kept, np.array([1.0, 0.0]))
        assert kept.kind == MemoryKind.FACT
    fact = two_dim("fact")
    plain = bare("night shift again tonight")
    fact.read(plain, np.array([1.0, 0.0]))
    assert plain.kind == MemoryKind.FACT and "read_as" not in plain.metadata


def test_the_packaged_weights_fit_minilm_only() -> None:
    packaged = KindClassifier.packaged()
    assert packaged.weights.shape == (384, len(LABELS))
    assert packaged.fits("all-MiniLM-L6-v2") and packaged.fits("all-MiniLM-L6-v2-int8")
    assert not packaged.fits("text-embedding-3-small")
    assert 0.5 <= packaged.threshold <= 1.0


@pytest.mark.parametrize(
    ("text", "kind", "polarity"),
    [
        ("went back to that ramen place three weekends in a row", "preference", 1.0),
        ("walked out of that jazz gig after ten minutes, all squeaking", "preference", -1.0),
        ("I had pasta for lunch", "fact", None),
    ],
)
def test_the_packaged_classifier_reads_plain_cases(
    minilm: MiniLMEmbedder, text: str, kind: str, polarity: float | None
) -> None:
    found = bare(text)
    KindClassifier.packaged().read(found, minilm.embed([text])[0])
    assert (found.kind.value, found.polarity) == (kind, polarity), found.metadata


def test_a_learned_profile_holds_the_reading(engine: Personify) -> None:
    user = engine.user("kai")
    user.observe("went back to that ramen place three weekends in a row")
    liked = [m for m in user.memories("preference") if m.polarity == 1.0]
    assert liked and "read_as" in liked[0].metadata, user.memories()


def test_what_the_user_says_is_fine_is_no_limit() -> None:
    found = bare("peanuts i eat no problem")
    two_dim("constraint").read(found, np.array([1.0, 0.0]))
    assert found.kind == MemoryKind.FACT


@pytest.mark.parametrize(
    "text", ["Oatmeal: spiked me to 160, never again", "Swimming's out.", "sick of eggs tbh"]
)
def test_what_the_user_turns_away_is_no_liking(text: str) -> None:
    found = bare(text)
    two_dim("like").read(found, np.array([1.0, 0.0]))
    assert found.kind == MemoryKind.FACT
    kept = bare("Oatmeal with berries most mornings")
    two_dim("like").read(kept, np.array([1.0, 0.0]))
    assert (kept.kind, kept.polarity) == (MemoryKind.PREFERENCE, 1.0)


def test_the_training_script_writes_weights_the_classifier_loads(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    rows = [
        ("went back to that ramen place three weekends in a row", "like"),
        ("third time rereading the Expanse, still not bored", "like"),
        ("walked out of that jazz gig after ten minutes", "dislike"),
        ("the whole grey walls thing, had enough of it", "dislike"),
        ("the EpiPen lives in my bag since the cashew incident", "constraint"),
        ("stairs are a no since the knee op", "constraint"),
        ("putting 200 a month aside for the deposit", "goal"),
        ("dissertation due in august and I'm nowhere", "goal"),
        ("night shift again tonight", "fact"),
        ("the twins start school in september", "fact"),
        ("my wife is obsessed with opera", "other"),
        ("make it shorter pls", "other"),
    ] * 5
    (data / "toy.jsonl").write_text(
        "\n".join(json.dumps({"text": t, "label": label}) for t, label in rows)
    )
    out = tmp_path / "kinds.npz"
    script = Path(__file__).resolve().parent.parent / "scripts" / "train_kinds.py"
    done = subprocess.run(
        [sys.executable, str(script), "--data", str(data), "--out", str(out), "--no-suite"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "held-out accuracy" in done.stdout
    with np.load(out) as weights:
        assert weights["weights"].shape == (384, len(LABELS))
        assert str(weights["embedder"]) == "all-MiniLM-L6-v2"
