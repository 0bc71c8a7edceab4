"""One report from several runs of the same benchmark: shards by system, by form or by filler.

A full PrefEval run is hours of single-core work; split into processes (some systems here,
one form there) it fits a small machine's cores. Groups (form/filler cells, LoCoMo categories)
must not overlap between the shards of one system; its ``overall`` is recomputed as the
item-weighted mean of its groups, which is what a single run would have printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from personify.eval.report import EvalResult, SystemResult, Timing

SHARD_KEYS = ("forms", "fillers")
"""Config entries that say which PrefEval slice a run covered; every other entry must agree.
LoCoMo shards only by system: its groups are question categories, which every conversation has."""


def merge(results: Sequence[EvalResult]) -> EvalResult:
    """Join runs of one dataset and settings; raises ValueError naming what does not fit."""
    if not results:
        raise ValueError("nothing to merge")
    first = results[0]
    fixed = _fixed(first)
    for r in results[1:]:
        if r.dataset != first.dataset:
            raise ValueError(f"cannot merge a {r.dataset} run into a {first.dataset} run")
        other = _fixed(r)
        differ = sorted(k for k in {*fixed, *other} if fixed.get(k) != other.get(k))
        if differ:
            shown = ", ".join(f"{k}: {fixed.get(k)!r} vs {other.get(k)!r}" for k in differ)
            raise ValueError(f"only runs of one dataset and settings merge; these differ: {shown}")
    config: dict[str, Any] = dict(first.config)
    for key in SHARD_KEYS:
        if key in config:
            config[key] = list(dict.fromkeys(v for r in results for v in r.config.get(key, [])))
    by_name: dict[str, list[SystemResult]] = {}
    for r in results:
        for s in r.systems:
            by_name.setdefault(s.name, []).append(s)
    loads = [r.hardware.get("load_avg_1_5_15") for r in results]
    parts = "; ".join(
        f"{', '.join(s.name for s in r.systems)} on {_slice(r)} ({r.run_s:.0f} s)" for r in results
    )
    return first.model_copy(
        update={
            "created_at": max(r.created_at for r in results),
            "run_s": max(r.run_s for r in results),
            "config": config,
            "systems": [_join(name, shards) for name, shards in by_name.items()],
            "hardware": {**first.hardware, "load_avg_1_5_15": loads},
            "notes": [
                *dict.fromkeys(n for r in results for n in r.notes),
                f"merged from {len(results)} runs made side by side, one process each: {parts}",
            ],
        }
    )


def _fixed(result: EvalResult) -> dict[str, Any]:
    return {k: v for k, v in result.config.items() if k not in SHARD_KEYS}


def _slice(result: EvalResult) -> str:
    keys = [f"{k} {','.join(map(str, result.config[k]))}" for k in SHARD_KEYS if k in result.config]
    return " / ".join(keys) or "everything"


def _join(name: str, shards: list[SystemResult]) -> SystemResult:
    if len(shards) == 1:
        return shards[0]
    groups: dict[str, dict[str, float]] = {}
    for s in shards:
        for group, cell in s.metrics.items():
            if group == "overall":
                continue
            if group in groups:
                raise ValueError(f"{name}: group {group!r} was measured by more than one run")
            groups[group] = cell
    metrics = dict(groups)
    if groups:
        metrics["overall"] = _weighted_overall(groups.values())
    missing = [s.reason or "unavailable" for s in shards if not s.available]
    queries = sum(s.timing.queries for s in shards) or 1
    timing = Timing(
        ingest_s=sum(s.timing.ingest_s for s in shards),
        turns=sum(s.timing.turns for s in shards),
        queries=sum(s.timing.queries for s in shards),
        recall_ms_p50=sum(s.timing.recall_ms_p50 * s.timing.queries for s in shards) / queries,
        recall_ms_p95=sum(s.timing.recall_ms_p95 * s.timing.queries for s in shards) / queries,
    )
    return SystemResult(
        name=name,
        available=not missing,
        reason="; ".join(missing) or None,
        notes=[
            *dict.fromkeys(n for s in shards for n in s.notes),
            "recall percentiles: query-weighted mean of the shards' own percentiles",
        ],
        metrics=metrics,
        timing=timing,
        stored_tokens=sum(s.stored_tokens for s in shards),
        full_tokens=sum(s.full_tokens for s in shards),
    )


def _weighted_overall(cells: Any) -> dict[str, float]:
    """Item-weighted mean of each metric over the groups that report it."""
    totals: dict[str, float] = {}
    counts: dict[str, float] = {}
    n_all = 0.0
    for cell in cells:
        n = cell.get("n", 0.0)
        n_all += n
        for metric, value in cell.items():
            if metric != "n":
                totals[metric] = totals.get(metric, 0.0) + value * n
                counts[metric] = counts.get(metric, 0.0) + n
    out = {m: totals[m] / counts[m] for m in totals if counts[m]}
    return {**out, "n": n_all}
