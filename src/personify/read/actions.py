"""Personalized actions: learned tool-argument defaults and the user's usual plans.

Tool calls are logged as events with their arguments and outcome. A default for an argument is
the value this user chose most, weighted by outcome (a failed call counts against its values)
and by recency; it is offered only once it is both frequent and dominant, with a confidence
and the calls that support it. Accepted plans (a task and its steps) become memories, so a new
task recalls the user's usual way of doing similar ones.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from personify.models import Event

MIN_CALLS = 2
MIN_SHARE = 0.6
HALF_LIFE_DAYS = 90.0
OUTCOME_WEIGHT = {"success": 1.0, None: 0.5, "failure": -0.5}


class ArgumentDefault(BaseModel):
    value: Any
    confidence: float
    reason: str
    evidence: list[str] = Field(description="tool-call events behind it")


class Suggestion(BaseModel):
    tool: str
    arguments: dict[str, Any] = Field(description="the caller's arguments plus learned defaults")
    filled: dict[str, ArgumentDefault] = Field(description="what was added, and why")


class Plan(BaseModel):
    task: str
    steps: list[str]
    score: float
    memory_id: str
    when: datetime


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def learn_defaults(calls: Sequence[Event], tool: str, now: datetime) -> dict[str, ArgumentDefault]:
    """Per-argument defaults for ``tool`` from its logged calls."""
    weights: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    support: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    values: dict[str, Any] = {}
    for call in calls:
        meta = call.metadata
        if meta.get("tool") != tool:
            continue
        age_days = max(0.0, (now - call.ts).total_seconds() / 86400)
        w = OUTCOME_WEIGHT.get(meta.get("outcome"), 0.5) * 0.5 ** (age_days / HALF_LIFE_DAYS)
        for name, value in (meta.get("arguments") or {}).items():
            key = _key(value)
            values[key] = value
            weights[name][key] += w
            counts[name][key] += 1
            support[name][key].append(call.id)
    out: dict[str, ArgumentDefault] = {}
    for name, by_value in weights.items():
        best = max(by_value, key=lambda k: (by_value[k], k))
        positive = sum(max(0.0, w) for w in by_value.values())
        share = by_value[best] / positive if positive > 0 else 0.0
        n = counts[name][best]
        if n < MIN_CALLS or share < MIN_SHARE:
            continue
        confidence = share * (1 - 1 / (n + 1))
        out[name] = ArgumentDefault(
            value=values[best],
            confidence=round(confidence, 4),
            reason=f"used in {n} of {sum(counts[name].values())} earlier {tool} calls "
            f"({share:.0%} of the outcome-weighted choices)",
            evidence=support[name][best][-5:],
        )
    return out


def suggest(tool: str, partial: dict[str, Any], defaults: dict[str, ArgumentDefault]) -> Suggestion:
    filled = {name: d for name, d in defaults.items() if name not in partial}
    arguments = {**{name: d.value for name, d in filled.items()}, **partial}
    return Suggestion(tool=tool, arguments=arguments, filled=filled)


def plan_text(task: str, steps: Sequence[str]) -> str:
    return f"Plan for: {task}\n" + "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1))
