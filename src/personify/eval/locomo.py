"""LoCoMo loader and LLM-free retrieval metrics.

LoCoMo (snap-research/locomo, CC BY-NC 4.0, evaluation only) holds long multi-session chats with
questions whose ``evidence`` names the turns (``dia_id`` ``D<session>:<turn>``) that answer them.
Scoring retrieval against those turns needs no LLM judge, so it is cheap, deterministic and
isolates the memory layer. The data is read from the shared data dir, never copied into the repo.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

CATEGORIES: dict[int, str] = {1: "multi-hop", 2: "temporal", 3: "open-domain", 4: "single-hop"}
"""Categories 1-4 as later memory papers number them; 5 (adversarial) has no evidence to find."""

DATE_FORMAT = "%I:%M %p on %d %B, %Y"  # "1:56 pm on 8 May, 2023"
_SESSION_KEY = re.compile(r"session_(\d+)")
_EVIDENCE_ID = re.compile(r"D:?(\d+):(\d+)")  # tolerates "D30:05" and "D:11:26"
_SEPARATORS = re.compile(r"[;,\s]+")


def default_data_dir() -> Path:
    """``$PERSONIFY_EVAL_DATA_DIR`` if set, else the first ``../shared/data`` by the repo or cwd.

    The shared data lives beside the checkout so that licensed data never enters the repo.
    """
    explicit = os.environ.get("PERSONIFY_EVAL_DATA_DIR")
    if explicit:
        return Path(explicit).expanduser()
    repo_root = Path(__file__).resolve().parents[3]
    cwd = Path.cwd().resolve()
    for base in (repo_root, cwd, *cwd.parents):
        candidate = base.parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return repo_root.parent / "shared" / "data"


def parse_session_date(text: str) -> datetime:
    """Parse LoCoMo's ``"1:56 pm on 8 May, 2023"`` (naive; personify reads naive as UTC)."""
    return datetime.strptime(" ".join(text.split()), DATE_FORMAT)


class Turn(BaseModel):
    """One utterance. ``content`` is what gets indexed: the text plus any shared photo.

    Photo turns carry a BLIP caption; the question often asks about what the photo shows, so
    ``content`` is ``f"{text} (image: {caption})"`` whenever a caption exists.
    """

    speaker: str
    dia_id: str
    text: str
    caption: str | None = None

    @property
    def content(self) -> str:
        return f"{self.text} (image: {self.caption})" if self.caption else self.text


class Session(BaseModel):
    index: int
    date: datetime
    turns: list[Turn]


class QA(BaseModel):
    """A question; ``evidence`` is normalised and holds only ids that exist in the conversation."""

    question: str
    answer: str | None = None
    adversarial_answer: str | None = None
    category: int
    evidence: list[str] = Field(default_factory=list)
    dropped_evidence: list[str] = Field(default_factory=list)

    @property
    def scored(self) -> bool:
        """Whether retrieval metrics apply: categories 1-4 with at least one evidence turn."""
        return self.category in CATEGORIES and bool(self.evidence)


class Conversation(BaseModel):
    sample_id: str
    speaker_a: str
    speaker_b: str
    sessions: list[Session]
    qa: list[QA]

    @property
    def turns(self) -> list[tuple[Session, Turn]]:
        return [(s, t) for s in self.sessions for t in s.turns]


class EvidenceReport(BaseModel):
    """What normalising the evidence strings changed, so a reader can judge the label noise."""

    raw_strings: int = 0
    split: list[str] = Field(default_factory=list, description="strings holding several ids")
    repaired: list[str] = Field(default_factory=list, description="ids rewritten, e.g. D30:05")
    malformed: list[str] = Field(default_factory=list, description="unparseable, dropped")
    unknown: list[str] = Field(default_factory=list, description="no such turn, dropped")

    @property
    def dropped(self) -> int:
        return len(self.malformed) + len(self.unknown)


class LoCoMo(BaseModel):
    conversations: list[Conversation]
    evidence: EvidenceReport


def normalise_evidence(raw: Iterable[str]) -> tuple[list[str], list[str], list[str], list[str]]:
    """Split on ``;``/``,``/spaces and canonicalise ids: ``(ids, split, repaired, malformed)``."""
    ids: list[str] = []
    split: list[str] = []
    repaired: list[str] = []
    malformed: list[str] = []
    for item in raw:
        tokens = [t for t in _SEPARATORS.split(str(item).strip()) if t]
        if len(tokens) > 1:
            split.append(str(item))
        for token in tokens:
            match = _EVIDENCE_ID.fullmatch(token)
            if match is None:
                malformed.append(token)
                continue
            canonical = f"D{int(match[1])}:{int(match[2])}"
            if canonical != token:
                repaired.append(f"{token}->{canonical}")
            ids.append(canonical)
    return list(dict.fromkeys(ids)), split, repaired, malformed


def _conversation(item: dict[str, Any], report: EvidenceReport) -> Conversation:
    conv = item["conversation"]
    sessions = []
    for key, value in conv.items():
        match = _SESSION_KEY.fullmatch(key)
        if match is None or not isinstance(value, list):
            continue  # conv-26 has dates for sessions that do not exist: ignore them
        turns = [
            Turn(
                speaker=t["speaker"],
                dia_id=t["dia_id"],
                text=t["text"],
                caption=t.get("blip_caption") or None,
            )
            for t in value
        ]
        date = parse_session_date(conv[f"{key}_date_time"])
        sessions.append(Session(index=int(match[1]), date=date, turns=turns))
    sessions.sort(key=lambda s: s.index)
    known = {t.dia_id for s in sessions for t in s.turns}
    sid = item["sample_id"]
    qa = []
    for q in item["qa"]:
        raw = q.get("evidence") or []
        report.raw_strings += len(raw)
        ids, split, repaired, malformed = normalise_evidence(raw)
        unknown = [i for i in ids if i not in known]
        report.split += [f"{sid}:{s}" for s in split]
        report.repaired += [f"{sid}:{r}" for r in repaired]
        report.malformed += [f"{sid}:{m}" for m in malformed]
        report.unknown += [f"{sid}:{u}" for u in unknown]
        answer = q.get("answer")
        qa.append(
            QA(
                question=q["question"],
                answer=None if answer is None else str(answer),
                adversarial_answer=q.get("adversarial_answer"),
                category=int(q["category"]),
                evidence=[i for i in ids if i in known],
                dropped_evidence=malformed + unknown,
            )
        )
    return Conversation(
        sample_id=sid,
        speaker_a=conv["speaker_a"],
        speaker_b=conv["speaker_b"],
        sessions=sessions,
        qa=qa,
    )


def load_locomo(path: str | Path | None = None) -> LoCoMo:
    """Load ``locomo_public.json`` (a file, or a data dir holding ``locomo/``)."""
    path = Path(path) if path is not None else default_data_dir()
    if path.is_dir():
        path = (
            path / "locomo" / "locomo_public.json"
            if (path / "locomo").is_dir()
            else (path / "locomo_public.json")
        )
    if not path.is_file():
        raise FileNotFoundError(f"LoCoMo data not found at {path}; set PERSONIFY_EVAL_DATA_DIR")
    report = EvidenceReport()
    items = json.loads(path.read_text(encoding="utf-8"))
    return LoCoMo(conversations=[_conversation(i, report) for i in items], evidence=report)


# -- metrics ---------------------------------------------------------------------------------
# ``ranked`` is a list of dia_ids, best first; duplicates after the first are ignored so that a
# turn surfaced twice (e.g. by two memories) is not counted twice.


def _top(ranked: Sequence[str], k: int) -> list[str]:
    return list(dict.fromkeys(ranked))[:k]


def evidence_recall(ranked: Sequence[str], evidence: Iterable[str], k: int) -> float:
    """Share of the evidence turns found in the top ``k``."""
    gold = set(evidence)
    return len(gold.intersection(_top(ranked, k))) / len(gold) if gold else 0.0


def evidence_hit(ranked: Sequence[str], evidence: Iterable[str], k: int) -> float:
    """1.0 when every evidence turn is in the top ``k`` (multi-hop needs them all)."""
    gold = set(evidence)
    return float(bool(gold) and gold.issubset(_top(ranked, k)))


def ndcg(ranked: Sequence[str], evidence: Iterable[str], k: int = 10) -> float:
    """nDCG@k with binary relevance: rewards finding evidence near the top, not just in it."""
    gold = set(evidence)
    if not gold:
        return 0.0
    dcg = sum(1.0 / math.log2(i + 2) for i, d in enumerate(_top(ranked, k)) if d in gold)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(gold), k)))
    return dcg / ideal


METRICS = ("recall@5", "recall@10", "hit@10", "ndcg@10")


def question_metrics(ranked: Sequence[str], evidence: Sequence[str]) -> dict[str, float]:
    return {
        "recall@5": evidence_recall(ranked, evidence, 5),
        "recall@10": evidence_recall(ranked, evidence, 10),
        "hit@10": evidence_hit(ranked, evidence, 10),
        "ndcg@10": ndcg(ranked, evidence, 10),
    }


def score(
    questions: Sequence[QA], rankings: Sequence[Sequence[str]]
) -> dict[str, dict[str, float]]:
    """Mean metrics per category name and ``"overall"`` (a question mean), each with ``n``.

    Unscored questions (category 5, empty evidence) are skipped here, so callers may pass all.
    """
    if len(questions) != len(rankings):
        raise ValueError(f"{len(questions)} questions but {len(rankings)} rankings")
    groups: dict[str, list[dict[str, float]]] = {name: [] for name in CATEGORIES.values()}
    groups["overall"] = []
    for qa, ranked in zip(questions, rankings, strict=True):
        if not qa.scored:
            continue
        row = question_metrics(ranked, qa.evidence)
        groups[CATEGORIES[qa.category]].append(row)
        groups["overall"].append(row)
    out: dict[str, dict[str, float]] = {}
    for name, rows in groups.items():
        means = {m: sum(r[m] for r in rows) / len(rows) if rows else 0.0 for m in METRICS}
        out[name] = {**means, "n": float(len(rows))}
    return out
