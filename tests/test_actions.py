"""Learned tool-argument defaults and recall of the user's usual plans."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from personify import InvalidInputError, Personify

NOW = datetime.now(UTC)


def test_defaults_come_from_successful_repeated_choices(engine: Personify) -> None:
    user = engine.user("tom")
    calls = [
        ({"origin": "AMS", "seat": "aisle", "class": "economy"}, "success"),
        ({"origin": "AMS", "seat": "aisle", "class": "business"}, "success"),
        ({"origin": "RTM", "seat": "aisle"}, "success"),
        ({"origin": "AMS", "seat": "window"}, "failure"),
    ]
    for i, (args, outcome) in enumerate(calls):
        user.record_tool_call("book_flight", args, outcome, ts=NOW - timedelta(days=10 - i))
    user.record_tool_call("search", {"units": "metric"}, "success")
    suggestion = user.suggest_arguments("book_flight", {"destination": "LIS", "class": "economy"})
    assert suggestion.arguments == {"destination": "LIS", "class": "economy", "seat": "aisle"}
    # AMS: 2 successes and 1 failure against RTM's 1 success - not dominant enough to assume
    assert "origin" not in suggestion.filled
    seat = suggestion.filled["seat"]
    assert 0.5 < seat.confidence < 1 and "3 of 4 earlier book_flight calls" in seat.reason
    assert len(seat.evidence) == 3
    assert "class" not in suggestion.filled  # the caller's value wins; also too mixed to learn
    assert user.suggest_arguments("search").arguments == {}  # one call is not a habit yet


def test_tool_calls_are_validated_and_logged(engine: Personify) -> None:
    user = engine.user("tom")
    with pytest.raises(InvalidInputError, match="outcome"):
        user.record_tool_call("search", {"q": "x"}, outcome="meh")
    event = user.record_tool_call("search", {"q": "x"})
    assert user.events()[-1].id == event.id and event.metadata["tool"] == "search"


def test_similar_plans_recall_accepted_decompositions(engine: Personify) -> None:
    user = engine.user("pia")
    user.record_plan(
        "Plan a weekend city trip to Vienna",
        ["Book train tickets", "Pick a quiet hotel near a park", "Reserve a vegetarian dinner"],
    )
    user.record_plan("Prepare the quarterly sales report", ["Export CRM data", "Build charts"])
    user.record_plan("Plan a trip to Rome", ["Book a flight", "Party hostel"], accepted=False)
    plans = user.similar_plans("Organise a short holiday in Prague", k=2)
    assert plans[0].task == "Plan a weekend city trip to Vienna"
    assert plans[0].steps[1] == "Pick a quiet hotel near a park"
    assert all(p.task != "Plan a trip to Rome" for p in plans)
