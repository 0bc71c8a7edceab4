"""Facts said in passing by new kinds of writer (issue 10): a trade told by what the user does,
a limit told after the thing, a home told as "born and bred" or put right in capitals, a plan
dated later than the day it is told, and what must not be read (a hired car's town, a value
denied, a diet dropped, a post turned down)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from personify.learn.extract.rules import RuleExtractor
from personify.models import Event

NOW = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)


def _read(text: str) -> list[tuple[str, str | None, float | None, str | None]]:
    """(kind, slot, polarity, object) of what the rules read from ``text``."""
    found = RuleExtractor().extract(Event(user_id="u", role="user", text=text, ts=NOW))
    return [(c.kind.value, c.slot, c.polarity, c.object) for c in found]


def _slot(text: str, slot: str) -> list[str | None]:
    return [obj for _, s, _, obj in _read(text) if s == slot]


@pytest.mark.parametrize(
    ("text", "trade"),
    [
        ("I drive buses for Stagecoach, early starts", "bus driver"),
        ("been on the forklifts 8 yrs. random q", "forklift driver"),
        ("cheapest service for a 2017 etios. i do bolt full-time now", "Bolt driver"),
        ("I drive for Uber at weekends", "Uber driver"),
        ("I'm 45, been a dinner lady at the same primary school for 11 years", "dinner lady"),
        ("I'm a TA at my kid's school", "TA"),
        # an aside that is a sentence of its own no longer hides the introduction around it
        (
            "context: 29, nurse in Pune doing night shifts (so I game at 10am lol), budget 1200",
            "nurse",
        ),
    ],
)
def test_a_trade_told_by_what_the_user_does(text: str, trade: str) -> None:
    assert trade in _slot(text, "job")


@pytest.mark.parametrize(
    "text",
    [
        "I drive to work every day",
        "if I drove trucks would I earn more",
        "I used to drive buses",
        "my sister, been a nurse for years, says no",
    ],
)
def test_no_trade_where_none_is_the_users(text: str) -> None:
    assert _slot(text, "job") == []


def test_a_value_denied_is_not_the_job() -> None:
    assert _slot(
        "pharmacy tech, not pharmacist (i wish, the pay). anyway hoka or brooks", "job"
    ) == ["pharmacy tech"]


@pytest.mark.parametrize(
    ("text", "kind", "obj"),
    [
        (
            "brunch for 8, and NO shellfish anything, i'm allergic (epipen level)",
            "constraint",
            "shellfish",
        ),
        (
            "i'm 71, retired nurse, use a cane so need a ship that's easy to get around",
            "constraint",
            "a cane",
        ),
        ("kidney beans murder me", "constraint", "kidney beans"),
        ("spicy food does a number on my gut", "constraint", "spicy food"),
        ("rowing hurts my back actually.", "constraint", "rowing"),
        ("We can go to about £600 for the week.", "constraint", "budget under £600"),
        (
            "i stopped eating meat after my cholesterol results, fish is still fine",
            "constraint",
            "meat",
        ),
        (
            "quit coffee in jan bc of palpitations so rooibos is my thing now",
            "preference",
            "rooibos",
        ),
        ("Stilton is an absolute crime", "preference", "Stilton"),
        (
            "I'm probably more of a proper pub with a fire sort of person, if that's a thing.",
            "preference",
            "pub with a fire",
        ),
        (
            "My first grandchild is due in August and I'd love to make a cot quilt.",
            "goal",
            "make a cot quilt",
        ),
    ],
)
def test_what_is_said_after_or_around_the_thing(text: str, kind: str, obj: str) -> None:
    assert obj in [o for k, _, _, o in _read(text) if k == kind]


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("Kendal born and bred and I've just been made redundant from the paper mill.", "Kendal"),
        ("EDINBURGH!! not Glasgow, don't let Margaret hear you say that lol.", "Edinburgh"),
        ("not actually moving, my mortgage in Melbourne says absolutely not lol", "Melbourne"),
        ("we live off base in chatan", "Chatan"),
    ],
)
def test_a_home_said_in_passing(text: str, town: str) -> None:
    assert _slot(text, "location") == [town]


def test_a_home_settled_in_is_stated_not_implied() -> None:
    found = RuleExtractor().extract(
        Event(user_id="u", text="ok we're settled-ish in Christchurch. the school is nut free")
    )
    homes = [c for c in found if c.slot == "location"]
    assert [c.object for c in homes] == ["Christchurch"] and not homes[0].metadata.get("implied")


@pytest.mark.parametrize(
    "text",
    [
        "need a rental car in orlando i can use with hand controls",
        "bread machine worth it? been making toast every single day since dropping keto lol",
        "done managing a Target forever lol",
        "my mortgage in Melbourne says absolutely not lol",
        "I'd love to hear what you think",
    ],
)
def test_nothing_the_user_does_not_hold(text: str) -> None:
    read = _read(text)
    assert not [r for r in read if r[1] in ("location", "diet") and r[3] != "Melbourne"]
    assert not [r for r in read if r[0] in ("preference", "goal")]


def test_a_plan_lasts_until_its_own_date_not_the_day_it_is_told() -> None:
    found = RuleExtractor().extract(
        Event(
            user_id="u",
            text="Today I'm deciding I'm going to walk the Camino Portugués next September.",
            ts=NOW,
        )
    )
    goal = next(c for c in found if c.kind.value == "goal")
    assert datetime.fromisoformat(goal.metadata["until"]) > datetime(2027, 9, 1, tzinfo=UTC)
