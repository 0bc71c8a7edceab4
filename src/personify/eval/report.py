"""Eval results: the JSON schema, what fills it (timings, the J judge), and the report writers.

One result file per run (``<dataset>-<timestamp>.json``) holds everything needed to judge a
number - metrics per group, timings, stored size, machine, load and config - and the markdown
table and PNG chart are rendered from it alone, so a chart can always be traced to its data.
"""

from __future__ import annotations

import os
import platform
import time
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import BaseModel, Field
from rich.console import Console
from rich.table import Table

from personify.llm import ChatClient, LLMError

if TYPE_CHECKING:
    from personify.config import Settings
    from personify.eval.baselines import Context, Retrieved, System
    from personify.observe.ingest import Turn


class Timing(BaseModel):
    ingest_s: float = 0.0
    turns: int = 0
    recall_ms_p50: float = 0.0
    recall_ms_p95: float = 0.0
    queries: int = 0


class SystemResult(BaseModel):
    """One system's scores: ``metrics[group][metric]`` (a group is a category or form/filler)."""

    name: str
    available: bool = True
    reason: str | None = None
    notes: list[str] = Field(default_factory=list)
    metrics: dict[str, dict[str, float]] = Field(default_factory=dict)
    timing: Timing = Field(default_factory=Timing)
    stored_tokens: int = 0
    full_tokens: int = 0


class EvalResult(BaseModel):
    dataset: str
    primary: str = Field(description="metric of group 'overall' that charts plot")
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    run_s: float = 0.0
    hardware: dict[str, Any] = Field(default_factory=dict)
    config: dict[str, Any] = Field(default_factory=dict)
    systems: list[SystemResult] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    def system(self, name: str) -> SystemResult:
        return next(s for s in self.systems if s.name == name)


def hardware() -> dict[str, Any]:
    """Where the numbers come from: timings mean little without the machine and its load."""
    info: dict[str, Any] = {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "machine": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "threads": {v: os.environ.get(v) for v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS")},
    }
    if hasattr(os, "getloadavg"):
        info["load_avg_1_5_15"] = [round(x, 2) for x in os.getloadavg()]
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        total_kb = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        info["memory_gib"] = round(total_kb / 2**20, 1)
    return info


class Tracker:
    """Fills one system's :class:`SystemResult` across the units (conversations, cells) of a run.

    The first failure to open marks the system unavailable with its reason; later units skip
    it, so the report says why it is missing instead of showing a gap.
    """

    def __init__(self, name: str) -> None:
        self.result = SystemResult(name=name)
        self.latency_ms: list[float] = []

    def open(self, ctx: Context) -> System | None:
        from personify.eval.baselines import Unavailable, open_system

        if not self.result.available:
            return None
        try:
            system = open_system(self.result.name, ctx)
        except Unavailable as exc:
            self.result.available, self.result.reason = False, str(exc)
            return None
        self.result.notes = list(dict.fromkeys([*self.result.notes, *system.notes]))
        return system

    @contextmanager
    def guard(self, phase: str) -> Iterator[None]:
        """A peer that fails mid-run is reported unavailable with the error, not a crash."""
        try:
            yield
        except Exception as exc:
            where = traceback.extract_tb(exc.__traceback__)[-1]
            self.result.available = False
            self.result.reason = (
                f"failed while {phase}: {type(exc).__name__}: {exc} "
                f"(at {Path(where.filename).name}:{where.lineno} in {where.name})"
            )

    def ingest(self, system: System, user_id: str, turns: Sequence[Turn]) -> None:
        start = time.perf_counter()
        system.ingest(user_id, turns)
        self.result.timing.ingest_s += time.perf_counter() - start
        self.result.timing.turns += len(turns)

    def search(self, system: System, user_id: str, query: str, k: int) -> list[Retrieved]:
        start = time.perf_counter()
        found = system.search(user_id, query, k)
        self.latency_ms.append((time.perf_counter() - start) * 1000)
        return found

    def finish(self) -> SystemResult:
        t = self.result.timing
        if self.latency_ms:
            p50, p95 = np.percentile(np.asarray(self.latency_ms), [50, 95])
            t.recall_ms_p50, t.recall_ms_p95 = float(p50), float(p95)
        t.queries = len(self.latency_ms)
        return self.result


# -- the LoCoMo answer + LLM-judge protocol (J score) ------------------------------------------

ANSWER_PROMPT = """You answer questions about two people from memories of their past chats.
Each memory may start with the date it was said. When a memory uses a relative time ("last
year", "yesterday"), turn it into a date from the memory's own date. If memories disagree,
prefer the more recent one. Answer in as few words as possible (under 6), with no explanation.

Memories:
{memories}

Question: {question}
Answer:"""

JUDGE_PROMPT = """Label a generated answer to a question as CORRECT or WRONG against a gold answer.
The question is about something one person should remember from earlier conversations. Gold
answers are short; the generated answer may be longer. Grade generously: it is CORRECT when it
refers to the same thing as the gold answer, and for dates when it names the same date or period
in any format (e.g. "May 7th" and "7 May"). Otherwise it is WRONG.

Question: {question}
Gold answer: {gold}
Generated answer: {answer}

Reply with a JSON object: a one-sentence "reasoning", then "label" (CORRECT or WRONG)."""


class Verdict(BaseModel):
    reasoning: str = ""
    label: Literal["CORRECT", "WRONG"]


class Judge:
    """Answer from the top-k memories, then judge against the gold answer (mem0 paper, J)."""

    def __init__(self, client: ChatClient) -> None:
        self.client = client
        self.errors = 0

    @classmethod
    def from_settings(cls, settings: Settings) -> Judge | None:
        if not settings.llm_model:
            return None
        client = ChatClient(settings.llm_base_url, settings.llm_model, settings.llm_api_key)
        return cls(client)

    def answer(self, question: str, memories: Sequence[Retrieved]) -> str:
        lines = [f"[{m.ts:%d %B %Y}] {m.text}" if m.ts else m.text for m in memories]
        prompt = ANSWER_PROMPT.format(memories="\n".join(lines) or "(none)", question=question)
        return self.client.complete([{"role": "user", "content": prompt}]).strip()

    def correct(self, question: str, gold: str, memories: Sequence[Retrieved]) -> float:
        """1.0 if judged CORRECT; an endpoint failure counts as WRONG and in ``errors``."""
        try:
            answer = self.answer(question, memories)
            prompt = JUDGE_PROMPT.format(question=question, gold=gold, answer=answer)
            verdict = self.client.complete_model([{"role": "user", "content": prompt}], Verdict)
        except LLMError:
            self.errors += 1
            return 0.0
        return float(verdict.label == "CORRECT")


# -- tables ------------------------------------------------------------------------------------

TableData = tuple[str, list[str], list[list[str]]]  # title, header, rows


def _groups(result: EvalResult) -> list[str]:
    seen: dict[str, None] = {}
    for s in result.systems:
        seen.update(dict.fromkeys(s.metrics))
    return [g for g in seen if g != "overall"] + (["overall"] if "overall" in seen else [])


def _metric_names(result: EvalResult) -> list[str]:
    """The primary metric first, then every system's metrics, system-specific ones last."""
    names: dict[str, None] = {result.primary: None}
    for s in result.systems:
        for cell in s.metrics.values():
            names.update(dict.fromkeys(m for m in cell if m != "n"))
    ran = [s for s in result.systems if s.available]
    shared = [m for m in names if all(m in s.metrics.get("overall", {}) for s in ran)]
    return [*shared, *(m for m in names if m not in shared)]


def tables(result: EvalResult) -> list[TableData]:
    """One table per metric (systems x groups), then cost; unavailable systems are listed."""
    available = [s for s in result.systems if s.available]
    groups = _groups(result)
    counts = {
        g: next((s.metrics[g].get("n") for s in available if g in s.metrics), 0) for g in groups
    }
    header = ["system", *(f"{g} (n={counts[g]:.0f})" for g in groups)]
    out: list[TableData] = []
    for metric in _metric_names(result):
        rows = [
            [s.name, *(_fmt(s.metrics.get(g, {}).get(metric)) for g in groups)]
            for s in available
            if any(metric in cell for cell in s.metrics.values())
        ]
        out.append((f"{result.dataset}: {metric}", header, rows))
    cost_header = ["system", "ingest s", "turns/s", "recall p50 ms", "recall p95 ms",
                   "stored tokens", "full tokens", "stored/full"]  # fmt: skip
    cost = []
    for s in available:
        t = s.timing
        ratio = s.stored_tokens / s.full_tokens if s.full_tokens else 0.0
        rate = t.turns / t.ingest_s if t.ingest_s else 0.0
        speed = f"{rate:.0f}" if rate < 1e5 else ">100k"
        cost.append([s.name, f"{t.ingest_s:.1f}", speed, f"{t.recall_ms_p50:.2f}",
                     f"{t.recall_ms_p95:.2f}", f"{s.stored_tokens:,}", f"{s.full_tokens:,}",
                     f"{ratio:.3f}"])  # fmt: skip
    out.append((f"{result.dataset}: cost", cost_header, cost))
    missing = [[s.name, s.reason or ""] for s in result.systems if not s.available]
    if missing:
        out.append((f"{result.dataset}: unavailable systems", ["system", "reason"], missing))
    return out


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def summary(result: EvalResult) -> list[str]:
    hw = result.hardware
    return [
        f"run {result.run_s:.0f} s on {hw.get('cpus')} CPUs ({hw.get('machine')}, "
        f"{hw.get('memory_gib')} GiB, {hw.get('platform')}), load avg "
        f"{hw.get('load_avg_1_5_15')}, threads {hw.get('threads')}",
        f"config: {result.config}",
    ]


def markdown(result: EvalResult) -> str:
    lines = [f"# {result.dataset} — {result.created_at:%Y-%m-%d %H:%M} UTC", ""]
    lines += [f"- {line}" for line in summary(result)] + [""]
    for title, header, rows in tables(result):
        lines += [f"## {title}", "", "| " + " | ".join(header) + " |"]
        lines += ["|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in rows] + [""]
    lines += ["## notes", ""] + [f"- {n}" for n in result.notes]
    for s in result.systems:
        lines += [f"- {s.name}: {n}" for n in s.notes]
    return "\n".join(lines) + "\n"


def print_tables(result: EvalResult, console: Console | None = None) -> None:
    console = console or Console(width=160)
    for line in summary(result):
        console.print(line, markup=False, highlight=False)
    for title, header, rows in tables(result):
        table = Table(title=title, title_justify="left")
        for i, col in enumerate(header):
            table.add_column(col, justify="left" if i == 0 else "right")
        for row in rows:
            table.add_row(*row)
        console.print(table)
    for s in result.systems:
        for note in s.notes:
            console.print(f"{s.name}: {note}", markup=False, highlight=False)


# -- chart and files ---------------------------------------------------------------------------


def chart(result: EvalResult, path: Path) -> Path:
    """Accuracy against recall latency and against stored tokens, one labelled point per system.

    A second row plots the J score when the run was judged.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import NullFormatter

    systems = [s for s in result.systems if s.available and "overall" in s.metrics]
    if not systems:
        return _bars(result, path, plt)
    metrics = [result.primary]
    if any("J" in s.metrics["overall"] for s in systems):
        metrics.append("J")
    fig, axes = plt.subplots(len(metrics), 2, figsize=(11, 4.2 * len(metrics)), squeeze=False)
    for row, metric in enumerate(metrics):
        for col, (xlabel, getx) in enumerate(
            (
                ("recall latency p50 (ms, log)", lambda s: max(s.timing.recall_ms_p50, 1e-3)),
                ("stored tokens (log)", lambda s: max(s.stored_tokens, 1)),
            )
        ):
            ax = axes[row][col]
            placed: list[tuple[float, float]] = []
            for s in systems:
                x, y = getx(s), s.metrics["overall"].get(metric, 0.0)
                ax.scatter([x], [y], s=60, label=s.name)
                # stack labels of points that (nearly) coincide instead of overprinting them
                near = sum(abs(np.log10(x / px)) < 0.15 and abs(y - py) < 0.04 for px, py in placed)
                placed.append((x, y))
                ax.annotate(s.name, (x, y), textcoords="offset points", xytext=(6, 4 - 12 * near))
            if col == 1 and systems:
                full = systems[0].full_tokens
                ax.axvline(full, linestyle="--", color="grey", linewidth=1)
                ax.annotate("full conversation", (full, 0.02), rotation=90, color="grey")
            ax.set_xscale("log")
            xs = [getx(s) for s in systems] + ([systems[0].full_tokens] if col and systems else [])
            if xs:  # at least a decade wide, so log ticks get labels, never a crowd of minors
                ax.set_xlim(min(xs) / 2, max(xs) * 2)
            ax.xaxis.set_minor_formatter(NullFormatter())
            ax.set_xlabel(xlabel)
            ax.set_ylabel(f"{metric} (overall)")
            ax.set_ylim(0, 1.05)
            ax.grid(alpha=0.3)
            if col == 0:
                ax.legend(fontsize=8, loc="upper left")  # colours name coinciding points
    fig.suptitle(f"{result.dataset}: {result.primary} vs. latency and stored size")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def _bars(result: EvalResult, path: Path, plt: Any) -> Path:
    """Runs without an overall group (one group per source): a bar per system for each
    (group, metric) cell that lies in [0, 1], one panel per group."""
    systems = [s for s in result.systems if s.available]
    groups = _groups(result)
    fig, axes = plt.subplots(1, max(1, len(groups)), figsize=(5.5 * max(1, len(groups)), 4.2),
                             squeeze=False)  # fmt: skip
    width = 0.8 / max(1, len(systems))
    for ax, group in zip(axes[0], groups, strict=False):
        cells = [s.metrics.get(group, {}) for s in systems]
        names = [m for m in _metric_names(result) if any(0 <= c.get(m, -1) <= 1 for c in cells)]
        for i, s in enumerate(systems):
            values = [s.metrics.get(group, {}).get(m, 0.0) for m in names]
            ax.bar([j + i * width for j in range(len(names))], values, width, label=s.name)
        ax.set_xticks([j + 0.4 - width / 2 for j in range(len(names))])
        ax.set_xticklabels(names, rotation=20, ha="right", fontsize=8)
        ax.set_ylim(0, 1.05)
        ax.set_title(group)
        ax.grid(alpha=0.3, axis="y")
    axes[0][0].legend(fontsize=8)
    fig.suptitle(result.dataset)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def write_report(result: EvalResult, out_dir: str | Path = "results") -> dict[str, Path]:
    """Write ``<dataset>-<timestamp>`` .json, .md and .png under ``out_dir``; returns the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stem = out / f"{result.dataset}-{result.created_at:%Y%m%d-%H%M%S}"
    paths = {"json": stem.with_suffix(".json"), "md": stem.with_suffix(".md")}
    paths["json"].write_text(result.model_dump_json(indent=2), encoding="utf-8")
    paths["md"].write_text(markdown(result), encoding="utf-8")
    paths["png"] = chart(result, stem.with_suffix(".png"))
    return paths
