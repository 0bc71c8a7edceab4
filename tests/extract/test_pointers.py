"""A verdict on "it" or "them" judges the thing named just before (issue 10): someone else's
passion set up in one breath and the user's own taste in the next ("My husband is obsessed
with golf. It bores me to tears"), a thing put first ("Fado, honestly i find it depressing"),
and "I find X boring" names X, not "X boring". Someone else's liking stays theirs, and a pointer
that no verdict follows reads as nothing."""

from __future__ import annotations

import pytest

from personify.learn.extract.pointers import named_thing, pointed, put_first
from personify.learn.extract.rules import RuleExtractor
from personify.models import Event


def _stances(text: str) -> list[tuple[float | None, str | None]]:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    return [(c.polarity, c.object) for c in found if c.kind.value == "preference"]


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("My wife is obsessed with Love Island. I can't stand it", (-1.0, "love island")),
        ("my sister loves hiking, i hate it", (-1.0, "hiking")),
        (
            "husband hates mushrooms with a passion, i could eat them every single day",
            (1.0, "mushrooms"),
        ),
        ("my kids love minecraft but i find it so boring", (-1.0, "minecraft")),
        ("Fado, honestly i find it kind of depressing lol", (-1.0, "fado")),
        ("I find golf boring", (-1.0, "golf")),
        ("My wife got us tickets. Jazz is... not for me, really", (-1.0, "jazz")),  # a pause
        ("she hates peppers tho, i love em so i'll add them to mine", (1.0, "peppers")),
        (
            "our singer insists on mustang sally every single gig and I'm so sick of it",
            (-1.0, "mustang sally"),
        ),
        ("is it weird that fish sauce is kind of growing on me?", (1.0, "fish sauce")),
        ("my dad wants me to come golfing w him on sunday and i find it SO boring", (-1.0, "golf")),
        ("yeah and im done w shein, the quality is so bad", (-1.0, "shein")),  # w: with
        ("parmesan bc im not giving up cheese for anyone", (1.0, "cheese")),
        (
            "My husband Geoffrey is cricket mad, absolutely obsessed. It bores me to tears "
            "frankly, always has in 44 years of marriage.",
            (-1.0, "cricket"),
        ),
        ("i find the gym a bit boring tbh", (-1.0, "the gym")),
    ],
)
def test_a_verdict_on_it_judges_the_thing_named_before(
    text: str, stance: tuple[float, str]
) -> None:
    got = [(p, (o or "").lower()) for p, o in _stances(text)]
    assert any(p == stance[0] and stance[1] in o for p, o in got), got


@pytest.mark.parametrize(
    "text",
    [
        "my husband loves golf. he plays it every sunday",  # his, not the user's
        "my son is into lego. can you suggest a set for it?",  # a question
        "she's mad about salsa. we booked it for friday",  # no verdict
        "always has in 44 years of marriage",  # no "always peroni": "has" is no thing
        "Back from Copenhagen, it was great, metro is step-free everywhere",  # a trip, no thing
    ],
)
def test_no_stance_without_the_users_verdict(text: str) -> None:
    assert _stances(text) == []


def test_a_trade_set_against_another_is_the_job() -> None:
    found = RuleExtractor().extract(Event(user_id="u", text="I'm a potter not an HVAC guy"))
    assert [(c.slot, c.object) for c in found if c.slot or c.polarity] == [("job", "potter")]


def test_like_before_a_clause_is_no_liking() -> None:
    assert _stances("like first time i smelled it i gagged") == []
    assert _stances("like the new album tbh") == [(1.0, "the new album")]


def test_what_is_put_first_must_be_a_thing() -> None:
    found = RuleExtractor().extract(Event(user_id="u", text="not allergic, i just hate it haha"))
    assert not any("allergic" in (c.object or "") for c in found)


def test_the_pieces() -> None:
    assert named_thing("he is completely obsessed with golf, watches every major") == "golf"
    assert named_thing("My husband Geoffrey is cricket mad") == "cricket"
    assert named_thing("we went to the beach") is None
    assert put_first("Fado, i find it depressing") == ("Fado", "i find it depressing")
    assert put_first("Honestly, i find it depressing") is None
    assert pointed("it bores me", "golf") == "golf bores me"
    assert pointed("it's not for me", "jazz") == "jazz is not for me"
    assert pointed("no pointer here", "jazz") is None


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("ok been in nashville 3 weeks, played my first writers round tonight", "Nashville"),
        (
            "if i moved to perth as a nurse how much would i be on vs band 6 here in birmingham",
            "Birmingham",
        ),
    ],
)
def test_where_the_user_is_now(text: str, town: str) -> None:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    assert town in [c.object for c in found if c.slot == "location"]


@pytest.mark.parametrize(
    "text",
    [
        "banha, noted. and what cut do i ask for",  # a word taken from the answer
        "been in paris 3 days, flying home tomorrow",  # a trip
        "if i lived in Leeds I'd cycle more",
    ],
)
def test_no_home_from_an_echo_a_trip_or_a_daydream(text: str) -> None:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    assert [c.object for c in found if c.slot == "location"] == []


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("I've been kind of into risograph printing lately? not sure", (1.0, "risograph")),
        ("honestly film is kind of growing on me??", (1.0, "film")),
        ("i kinda like old garage stuff?", (1.0, "garage")),
    ],
)
def test_a_statement_said_with_a_rising_tone_is_said(text: str, stance: tuple[float, str]) -> None:
    got = [(p, (o or "").lower()) for p, o in _stances(text)]
    assert any(p == stance[0] and stance[1] in o for p, o in got), got


@pytest.mark.parametrize(
    "text", ["i can eat feta right?", "do you like jazz?", "is 30 hrs a week too much for me?"]
)
def test_a_question_stays_a_question(text: str) -> None:
    assert _stances(text) == []


@pytest.mark.parametrize(
    ("text", "thing", "polarity"),
    [
        (
            "had one glass of wine at my sisters birthday, tasted sour. think ive gone off it",
            "wine",
            -1.0,
        ),
        ("tried the new IPA last night. not a fan of it", "IPA", -1.0),
        ("watched the first episode of severance. loved it", "severance", 1.0),
    ],
)
def test_a_thing_tried_then_judged(text: str, thing: str, polarity: float) -> None:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    assert [(c.object, c.polarity) for c in found if c.kind == "preference"] == [(thing, polarity)]


@pytest.mark.parametrize(
    ("text", "thing"),
    [
        ("hard boiled eggs I could live on honestly", "hard boiled eggs"),
        ("I could live on hard boiled eggs", "hard boiled eggs"),
        ("bitesize ok? i do better with videos than reading", "videos"),
        ("I love the whole padel thing", "padel"),
    ],
)
def test_a_liking_said_sideways(text: str, thing: str) -> None:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    assert (thing, 1.0) in [(c.object, c.polarity) for c in found if c.kind == "preference"]


def test_living_on_savings_is_no_liking() -> None:
    found = RuleExtractor().extract(
        Event(user_id="u", text="I could live on my savings for a year")
    )
    assert not [c for c in found if c.kind == "preference"]
