"""LoCoMo loader on the real public split, and the metrics on hand-made rankings (no model)."""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path

import pytest

from personify.eval.locomo import (
    QA,
    LoCoMo,
    default_data_dir,
    evidence_hit,
    evidence_recall,
    load_locomo,
    ndcg,
    normalise_evidence,
    parse_session_date,
    score,
)
from tests.conftest import require_data

LOCOMO_FILE = "locomo/locomo_public.json"


@pytest.fixture(scope="module")
def locomo() -> LoCoMo:
    return load_locomo(require_data(LOCOMO_FILE) / LOCOMO_FILE)


# -- loader ----------------------------------------------------------------------------------


def test_default_data_dir_env_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PERSONIFY_EVAL_DATA_DIR", str(tmp_path))
    assert default_data_dir() == tmp_path


def test_normalise_evidence_repairs_splits_and_rejects() -> None:
    ids, split, repaired, malformed = normalise_evidence(["D30:05", "D8:6; D9:17", "D", "D:11:26"])
    assert ids == ["D30:5", "D8:6", "D9:17", "D11:26"]
    assert split == ["D8:6; D9:17"]
    assert repaired == ["D30:05->D30:5", "D:11:26->D11:26"]
    assert malformed == ["D"]
    assert normalise_evidence(["D1:3 D1:3", "D1:4"])[0] == ["D1:3", "D1:4"]


def test_parse_session_date() -> None:
    assert parse_session_date("1:56 pm on 8 May, 2023") == datetime(2023, 5, 8, 13, 56)
    assert parse_session_date("12:09 am on 13 September, 2023") == datetime(2023, 9, 13, 0, 9)


def test_shape_of_public_split(locomo: LoCoMo) -> None:
    convs = locomo.conversations
    assert len(convs) == 6
    assert sum(len(c.turns) for c in convs) == 3435
    assert sum(len(c.qa) for c in convs) == 1157
    assert {q.category for c in convs for q in c.qa} == {1, 2, 3, 4, 5}
    for conv in convs:
        assert all(isinstance(s.date, datetime) for s in conv.sessions)
        assert [s.index for s in conv.sessions] == sorted(s.index for s in conv.sessions)
    first = convs[0].sessions[0]
    assert (convs[0].sample_id, first.date) == ("conv-26", datetime(2023, 5, 8, 13, 56))


def test_evidence_normalised_on_real_data(locomo: LoCoMo) -> None:
    report = locomo.evidence
    assert report.dropped > 0  # the public split has bad ids; they must be counted, not hidden
    assert "conv-42:D" in report.malformed
    assert "conv-42:D10:19" in report.unknown
    assert "conv-43:D:11:26->D11:26" in report.repaired
    assert report.split == ["conv-26:D8:6; D9:17"]
    for conv in locomo.conversations:
        known = {t.dia_id for _, t in conv.turns}
        for qa in conv.qa:
            assert set(qa.evidence) <= known
    conv26 = locomo.conversations[0]
    assert any({"D8:6", "D9:17"} <= set(q.evidence) for q in conv26.qa)


def test_photo_caption_is_part_of_content(locomo: LoCoMo) -> None:
    photos = [t for c in locomo.conversations for _, t in c.turns if t.caption]
    assert photos
    turn = photos[0]
    assert turn.content == f"{turn.text} (image: {turn.caption})"
    plain = next(t for c in locomo.conversations for _, t in c.turns if not t.caption)
    assert plain.content == plain.text


def test_scored_questions(locomo: LoCoMo) -> None:
    qas = [q for c in locomo.conversations for q in c.qa]
    scored = [q for q in qas if q.scored]
    assert all(q.category in (1, 2, 3, 4) and q.evidence for q in scored)
    assert {q.category for q in scored} == {1, 2, 3, 4}
    assert len(scored) < len([q for q in qas if q.category != 5])  # some have no evidence


# -- metrics ---------------------------------------------------------------------------------


def test_recall_and_hit() -> None:
    assert evidence_recall(["a", "x"], ["a", "b"], 10) == 0.5
    assert evidence_hit(["a", "x"], ["a", "b"], 10) == 0.0
    assert evidence_recall(["x", "b", "a"], ["a", "b"], 2) == 0.5
    assert evidence_hit(["x", "b", "a"], ["a", "b"], 3) == 1.0
    assert evidence_recall(["a", "a", "b"], ["a", "b"], 2) == 1.0  # duplicates count once
    assert evidence_recall([], ["a"], 10) == 0.0
    assert evidence_recall(["a"], [], 10) == 0.0 and evidence_hit(["a"], [], 10) == 0.0


def test_ndcg_by_hand() -> None:
    # found at ranks 1 and 3: (1 + 1/log2 4) / (1 + 1/log2 3)
    assert ndcg(["a", "x", "b"], ["a", "b"]) == pytest.approx(1.5 / (1 + 1 / math.log2(3)))
    assert ndcg(["x", "a"], ["a"]) == pytest.approx(1 / math.log2(3))
    assert ndcg(["a", "b"], ["a", "b"]) == pytest.approx(1.0)
    assert ndcg([f"x{i}" for i in range(10)] + ["a"], ["a"]) == 0.0  # beyond k=10
    many = [f"d{i}" for i in range(12)]
    assert ndcg(many, many) == pytest.approx(1.0)  # ideal DCG is capped at k
    assert ndcg(["a", "x"], ["a", "b"], k=1) == pytest.approx(1.0)


def test_score_per_category_and_overall() -> None:
    qs = [
        QA(question="q1", category=1, evidence=["a", "b"]),
        QA(question="q2", category=4, evidence=["c"]),
        QA(question="q3", category=4, evidence=["d"]),
        QA(question="adversarial", category=5, evidence=["a"]),
        QA(question="no evidence", category=3, evidence=[]),
    ]
    rankings = [["a", "x"], ["c"], ["x"], ["a"], ["a"]]
    out = score(qs, rankings)
    assert out["multi-hop"] == pytest.approx(
        {"recall@5": 0.5, "recall@10": 0.5, "hit@10": 0.0, "ndcg@10": 1 / (1 + 1 / math.log2(3)),
         "n": 1.0}
    )  # fmt: skip
    assert out["single-hop"]["recall@10"] == 0.5 and out["single-hop"]["n"] == 2
    assert out["open-domain"]["n"] == 0 and out["temporal"]["n"] == 0
    assert out["overall"]["n"] == 3
    assert out["overall"]["recall@10"] == pytest.approx((0.5 + 1 + 0) / 3)
    assert out["overall"]["hit@10"] == pytest.approx(1.0 / 3)
    with pytest.raises(ValueError):
        score(qs, rankings[:2])
