"""What a turn says of someone else, of the past or of a thing, not of the user now (issue 10):
diets and conditions of guests and friends, dishes named with a diet word, homes left, trades
read from someone else's clause, a pointer read inside its own sentence; and what such turns do
say of the user (a home named beside a dwelling or a district, a pastime begun, a goal set)."""

from __future__ import annotations

import pytest

from personify.engine import Personify
from personify.learn.extract.rules import RuleExtractor
from personify.models import Event


def _found(text: str) -> list[tuple[str | None, float | None, str | None]]:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    return [(c.slot, c.polarity, c.object) for c in found if c.object]


@pytest.mark.parametrize(
    "text",
    [
        "jess is coeliac",
        "a vegan has me stumped",
        "want to do one veggie thing for all of us so I'm not cooking twice",
        "Veggie sausage rolls, good thinking",
        "I've never done gluten free",
    ],
)
def test_no_diet_or_condition_of_the_user(text: str) -> None:
    objects = {o.lower() for _, _, o in _found(text)}
    assert not objects & {"coeliac", "vegan", "vegetarian", "gluten free"}, _found(text)


@pytest.mark.parametrize(
    ("text", "diet"),
    [("I'm a vegan", "vegan"), ("Vegan for 3 years now", "vegan"), ("I'm coeliac", None)],
)
def test_own_diet_and_condition_still_read(text: str, diet: str | None) -> None:
    found = _found(text)
    assert found, text
    if diet:
        assert ("diet", 1.0, diet) in [(s, p, (o or "").lower()) for s, p, o in found]


def test_a_food_picked_out_is_not_wanted() -> None:
    assert _found("i picked the chorizo out of mine lol") == [(None, -1.0, "the chorizo")]
    assert _found("I picked the red one")[0][1] == 1.0  # a choice is still a choice


@pytest.mark.parametrize(
    "text",
    [
        "idk if I'm a camping person tbh",
        "Pregunta hipotética: if one day I move to Calgary, do I need winter tires?",
    ],
)
def test_not_knowing_and_a_move_on_a_condition_say_nothing(text: str) -> None:
    assert not [f for f in _found(text) if f[0] == "location" or (f[1] == 1.0 and "camp" in f[2])]


def test_a_pastime_taken_up() -> None:
    assert (None, 1.0, "lawn bowls") in _found("I've taken up lawn bowls instead.")
    assert not _found("it took up the whole afternoon")


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("update: officially living in manchester now lol. room in levenshulme", "Manchester"),
        ("Closed on a little place in Tucson's east side last week.", "Tucson"),
        ("then lunch for 30 at our home in Karen, Nairobi.", "Nairobi"),
    ],
)
def test_where_they_live_now(text: str, town: str) -> None:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    homes = [c for c in found if c.slot == "location"]
    assert homes and homes[-1].object == town and not homes[-1].metadata.get("implied")


def test_a_pointer_reads_its_own_sentence_first() -> None:
    text = (
        "The menudo was a success, he was so happy. For me I made chiles rellenos on the side, "
        "that's more my thing."
    )
    assert "menudo" not in {(o or "").lower() for _, p, o in _found(text) if p == 1.0}
    assert _found("Coffee? Can't live without it.") == [(None, 1.0, "Coffee")]


@pytest.mark.parametrize(
    ("turns", "home", "not_home"),
    [
        (
            [
                "Hello. I came from Syria in 2019, first I lived in Gothenburg, now since "
                "last year I am in Malmö"
            ],
            "Malmö",
            "Gothenburg",
        ),
        (
            [
                "Just a note to say I've finally done it. After fifty-two years in the family "
                "house in Leicester I've moved into a retirement apartment in Oakham. What "
                "could I grow on a north-facing balcony?"
            ],
            "Oakham",
            "Leicester",
        ),
        (
            ["I'm allergic to shellfish. I lived in Munich before, there was easier lol"],
            None,
            "Munich",
        ),
    ],
)
def test_the_home_said_now_wins_over_a_town_left(
    engine: Personify, turns: list[str], home: str | None, not_home: str
) -> None:
    user = engine.user("u")
    user.observe_many([{"text": t} for t in turns])
    homes = [m.object for m in user.memories(("fact",)) if m.slot == "location"]
    assert not_home not in homes
    if home:
        assert homes == [home]


def test_past_narration_is_history(engine: Personify) -> None:
    user = engine.user("u")
    user.observe_many(
        [{"text": "I played guitar in a punk band all through my 20s, not touched it in years"}]
    )
    assert not [m for m in user.memories(("fact", "preference")) if "punk" in m.text]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("my tía keeps telling me go keto", "keto"),
        ("my mama in Gdańsk has high blood pressure", "high blood pressure"),
        ("dairy-free for the table is kind", "dairy-free"),
        ("Groom's Dev, we met at uni in Leeds, he once got us lost in Snowdonia", "Leeds"),
        ("salsa > reggaeton, always", "salsa > reggaeton"),
    ],
)
def test_kin_advice_others_and_the_past_are_not_the_users(text: str, absent: str) -> None:
    assert absent.lower() not in {(o or "").lower() for _, _, o in _found(text)}, _found(text)


def test_a_thing_ruled_out_and_a_thing_preferred() -> None:
    assert _found("so beer is out obviously") == [(None, -1.0, "beer")]
    assert (None, 1.0, "salsa") in _found("salsa > reggaeton, always")
    prescribed = _found("She wants me on a Mediterranean style diet instead")
    assert ("diet", 1.0, "Mediterranean") in prescribed


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("we live in a condo in Raleigh, both work hybrid", "Raleigh"),
        ("gas engineer up in dingwall. I've a sesame allergy", "Dingwall"),
        ("so the move to nantes is done, keys last tuesday", "Nantes"),
    ],
)
def test_homes_said_in_passing(text: str, town: str) -> None:
    assert ("location", None, town) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kasama, if they'll handle the shellfish.",
        "valentine's shift at the café, kill me.",
        "twelve days in late May, Milan in, then Verona and Bologna, flying home from Bologna.",
        "the move to Leeds is off",
    ],
)
def test_no_home_in_a_choice_a_feeling_or_a_trip_home(text: str) -> None:
    assert not [f for f in _found(text) if f[0] == "location"], _found(text)


def test_a_workplace_with_a_move_is_home(engine: Personify) -> None:
    user = engine.user("u")
    user.observe_many(
        [
            {"text": "Phoenix summers cook my insulin."},
            {"text": "Plot twist: took a job at a middle school in Denver, we moved in July."},
        ]
    )
    homes = [m.object for m in user.memories(("fact",)) if m.slot == "location"]
    assert homes == ["Denver"]


@pytest.mark.parametrize(
    ("text", "liked"),
    [
        ("prawns are grand, love them actually.", "prawns"),
        ("just started bouldering at a gym near campus", "bouldering"),
        ("joined a tuesday run club instead and honestly it's way better", "a tuesday run club"),
        ("in December I started Carnatic violin lessons", "Carnatic violin lessons"),
    ],
)
def test_a_pastime_begun_or_a_thing_praised_is_liked(text: str, liked: str) -> None:
    assert (None, 1.0, liked) in _found(text)


@pytest.mark.parametrize(
    "text",
    ["I joined the team at Deloitte", "I started working at Tesco", "I started feeling sick"],
)
def test_work_and_feelings_begun_are_no_pastime(text: str) -> None:
    assert not [f for f in _found(text) if f[1] == 1.0]


@pytest.mark.parametrize(
    "text",
    [
        "Thomas, who is a GP here, says hello",
        "Add that I work in German and English.",
        "Now a personal matter: a long weekend in Lyon with my husband in September, mainly food.",
        "I'm 44",
    ],
)
def test_no_trade_from_someone_else_a_language_or_a_time(text: str) -> None:
    assert not [f for f in _found(text) if f[0] == "job"], _found(text)


def test_a_job_left_is_still_named() -> None:
    assert ("job", None, "the kitchen") in _found("hey so big change, i quit the kitchen")


@pytest.mark.parametrize(
    ("text", "diet"),
    [
        ("dani's vegan", None),
        ("too much egg trauma from keto 😂", None),
        ("I switched from keto to paleo", "paleo"),
        ("my diet's vegan now", "vegan"),
    ],
)
def test_whose_diet_and_which(text: str, diet: str | None) -> None:
    assert [o for s, _, o in _found(text) if s == "diet"] == ([diet] if diet else [])


@pytest.mark.parametrize(
    ("text", "goal"),
    [
        ("Next target: the Auckland Harbour Crossing in Feb.", "Auckland Harbour Crossing"),
        ("I want my own boat within 5 years, small inshore one", "own boat"),
        ("I'm now eyeing an open water swim in August", "open water swim"),
        ("I've decided that I will ski Vasaloppet next March.", "Vasaloppet"),
    ],
)
def test_goals_said_as_targets_and_intentions(text: str, goal: str) -> None:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    assert any(c.kind == "goal" and goal in (c.object or "") for c in found), found


def test_a_class_of_kids_is_no_household() -> None:
    assert "has kids" not in [o for _, _, o in _found("something for the kids who finish early")]
    assert "has kids" in [o for _, _, o in _found("something fun to do with the kids this weekend")]


def test_someones_state_said_without_the_apostrophe_is_theirs() -> None:
    found = RuleExtractor().extract(Event(user_id="u", text="mums diabetic so no sugar pls"))
    assert not [c for c in found if c.kind == "constraint" and c.object == "diabetic"]


def test_the_tagger_reads_someones_state_without_the_apostrophe_as_theirs() -> None:
    with Personify(":memory:") as p:
        u = p.user("u")
        u.observe("also mums diabetic so the food shop is gonna change, she's type 2")
        assert not [m for m in u.memories() if m.kind == "constraint"]
