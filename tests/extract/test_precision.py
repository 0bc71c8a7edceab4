"""Precision on ordinary speech: what a turn must not become an item about the user (a request,
a fragment, a reaction, someone else's life, a stay), and what it still says."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from personify.learn.extract.disclosure import disclosures
from personify.learn.extract.fragments import thing_named
from personify.learn.extract.rules import RuleExtractor
from personify.learn.extract.signals import chosen_option, offered_options
from personify.learn.extract.when import of_the_moment
from personify.models import Event


def read(text: str) -> list[tuple[str, str | None, float | None, str | None]]:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    return [(c.kind.value, c.slot, c.polarity, c.object) for c in found]


def liked(text: str) -> list[str | None]:
    return [obj for kind, _, pol, obj in read(text) if kind == "preference" and pol == 1.0]


@pytest.mark.parametrize(
    "text",
    [
        "i need a packed lunch rotation for her that i can also eat from",
        "now i need a desk lamp, warm light, something not too modern-looking",
        "i need something for the beach in crete next week",
        "do i need a fiscal rep",
        "so now I need the same note but for Munich lol",
    ],
)
def test_a_need_for_one_of_a_kind_is_a_request_not_a_taste(text: str) -> None:
    assert liked(text) == [], read(text)


@pytest.mark.parametrize(
    ("text", "thing"),
    [("i need my toor dal", "my toor dal"), ("I need podcasts on a long drive", "podcasts")],
)
def test_a_kind_needed_bare_or_as_ones_own_is_still_liked(text: str, thing: str) -> None:
    assert any(thing in (obj or "") for obj in liked(text)), read(text)


@pytest.mark.parametrize(
    ("obj", "thing"),
    [
        ("pork pls i don't eat it", "pork"),
        ("ooh red earl grey", "red earl grey"),
        ("coconut, weird i know", "coconut"),
        ("Cilantro is", "Cilantro"),
        ("keto last month, was making me miserable", "keto"),
        ("me i'm chicken rice", "chicken rice"),
        ("Carry-on", "Carry-on"),
        ("well-done steak", "well-done steak"),
        ("yes I know", None),
        ("lol no", None),
        ("10 like that", None),
        ("table needed", None),
    ],
)
def test_a_stance_names_the_thing_or_nothing(obj: str, thing: str | None) -> None:
    assert thing_named(obj) == thing


def test_yes_i_know_is_no_dislike() -> None:
    assert read("ugh yes I know, rents there are brutal.") == []


@pytest.mark.parametrize(
    "text",
    [
        "What's the rule on how many hours rest i get between duties",
        "Sql question for my evening class: what's the difference between WHERE and HAVING",
        "Hand cut dovetails, how do people get them tight, mine always have gaps",
        "I need a new neuro referral too",
        "Need help with a budget for child support plus my mortgage",
        "Any drills i can do at home between sessions",
        "I need to figure out the yoke decreases",
        "Back to business, plan my work week",
        "need a gift for my colleague leaving, shes into gardening",
    ],
)
def test_a_question_or_a_request_is_no_disclosure(text: str) -> None:
    assert disclosures(text) == []


def test_a_question_first_leaves_what_the_user_then_says_of_themselves() -> None:
    said = "what's a decent warm up before 5 a side, my hamstrings are always tight"
    assert disclosures(said) == ["My hamstrings are always tight"]


def test_a_clause_about_someone_else_is_cut_from_a_statement() -> None:
    said = "I'm going wild camping on dartmoor with my mate jess, she's vegan and gluten free"
    assert disclosures(said) == ["I'm going wild camping on dartmoor with my mate jess"]
    assert disclosures("My son is 7, he's autistic") == ["My son is 7, he's autistic"]


def test_how_the_user_is_this_minute_is_over_after_the_next_day() -> None:
    said = datetime(2026, 3, 1, 10, tzinfo=UTC)
    over = of_the_moment("I feel like absolute garbage", said)
    assert over == datetime(2026, 3, 3, tzinfo=UTC)
    assert of_the_moment("I'm reading this one-handed at 4am", said) == over
    assert of_the_moment("I'm learning Spanish now", said) is None
    assert of_the_moment("I'm so tired of cooking every night", said) is None


def test_a_list_of_steps_is_no_menu() -> None:
    steps = "1. Mash 3 bananas\n2. Stir in the oats\n3. Bake for 20 minutes"
    assert offered_options(steps) == []
    menu = "- Try the Thai place on Elm St\n- The ramen bar\n- Pizza at Luigi's"
    assert len(offered_options(menu)) == 3


def test_a_pick_named_in_passing_in_a_long_sentence_is_no_choice() -> None:
    options = ["a train into Derby", "a bus to Nottingham"]
    long = (
        "yeah we looked at a train into Derby before but honestly the whole trip feels far too much"
    )
    assert chosen_option(long, options) is None
    assert chosen_option("garlic oil is a game changer honestly.", ["Garlic oil", "Chives"]) == 0


@pytest.mark.parametrize(
    ("text", "job"),
    [
        ("also news: i got the postdoc in utrecht!!! starts april.", "postdoc"),
        ("ok 2 weeks into the postdoc. bikes EVERYWHERE", "postdoc"),
        (
            "the books are the problem, i'm a historian, they're basically my personality",
            "historian",
        ),
    ],
)
def test_posts_and_trades_said_in_passing(text: str, job: str) -> None:
    assert ("job", job) in [(slot, obj) for _, slot, _, obj in read(text)], read(text)


@pytest.mark.parametrize(
    "text", ["got the plumber in to fix it", "got the electrician round yesterday"]
)
def test_someone_called_in_is_no_trade_of_the_users(text: str) -> None:
    assert [slot for _, slot, _, _ in read(text) if slot] == [], read(text)


@pytest.mark.parametrize(
    "text",
    [
        "our house in San Antonio we're renting out",
        "our own house in colchester is let out",
        "we're in a premier inn in worcester on the insurance",
        "subletting a room in bushwick for the internship",
        "next q: i'm at a workshop in ghent next week",
    ],
)
def test_no_home_where_the_user_is_only_put_up(text: str) -> None:
    assert "location" not in [slot for _, slot, _, _ in read(text)], read(text)


@pytest.mark.parametrize(
    ("text", "home"),
    [
        ("I am a house officer at a government hospital in Lahore.", "Lahore"),
        ("my flat in Leeds is tiny", "Leeds"),
    ],
)
def test_a_workplace_or_a_flat_still_names_the_home(text: str, home: str) -> None:
    assert ("location", home) in [(slot, obj) for _, slot, _, obj in read(text)], read(text)


def test_a_last_day_as_a_role_ends_it() -> None:
    found = RuleExtractor().extract(Event(user_id="u", text="last day as a lecturer today"))
    assert [(c.slot, c.metadata.get("left")) for c in found] == [("job", True)]


@pytest.mark.parametrize(
    "text",
    ["onion and garlic are in everything?? i'm going to cry", "im going to have a breakdown"],
)
def test_a_reaction_ahead_is_no_goal(text: str) -> None:
    assert [k for k, *_ in read(text) if k == "goal"] == [], read(text)


def test_cant_stop_playing_is_liking() -> None:
    assert liked("can't stop playing balatro") == ["balatro"]


@pytest.mark.parametrize(
    "text",
    [
        "ugh pods are healthy, readiness probes pass. where do i even start",
        "the kids were asleep by 8 for once",
    ],
)
def test_a_state_said_of_things_is_no_taste(text: str) -> None:
    assert [i for i in read(text) if i[0] == "preference"] == []


@pytest.mark.parametrize(
    ("text", "thing"), [("sushi? pass", "sushi"), ("karaoke - hard pass", "karaoke")]
)
def test_a_pass_after_a_thing_still_turns_it_down(text: str, thing: str) -> None:
    assert ("preference", None, -1.0, thing) in read(text)


@pytest.mark.parametrize(
    ("text", "thing"),
    [
        ("stardew has taken over my life. 2am feeds are now farm time", "stardew"),
        ("sardines on toast has become a weird obsession.", "sardines on toast"),
        ("boba u4t are... chef's kiss. what's a good lube", "boba u4t"),
        ("peanut butter cookies. soft. obsessed w pb", "pb"),
        ("me personally i'd eat yorkshires for every meal", "yorkshires"),
        ("kids picky. no spice for them. id put chilli on everything tho", "chilli"),
        ("rom-coms are my guilty pleasure", "rom-coms"),
        ("I love cooking for my wife", "cooking"),
    ],
)
def test_enthusiasm_said_as_an_idiom_is_a_liking(text: str, thing: str) -> None:
    assert liked(text) == [thing], read(text)


@pytest.mark.parametrize(
    "text",
    [
        "work has taken over my life",
        "the wedding planning has taken over my life",
        "no spice for them",
    ],
)
def test_a_burden_or_what_others_get_is_no_taste(text: str) -> None:
    assert [i for i in read(text) if i[0] == "preference"] == [], read(text)


@pytest.mark.parametrize("text", ["thinking of trying vegan", "might go veggie in january"])
def test_a_diet_weighed_is_not_kept(text: str) -> None:
    assert [i for i in read(text) if i[1] == "diet"] == [], read(text)
    assert ("constraint", "diet", 1.0, "vegan") in read("I'm vegan, thinking of adding fish")


@pytest.mark.parametrize(
    ("text", "thing"),
    [
        ("eh, tailwind classes make my eyes bleed.", "tailwind classes"),
        ("tactile. always. linears feel like typing on mush", "linears"),
        ("pineapple on pizza is a war crime", "pineapple on pizza"),
    ],
)
def test_disgust_said_as_an_idiom_is_a_dislike(text: str, thing: str) -> None:
    assert ("preference", None, -1.0, thing) in read(text)
    assert thing not in liked(text)


@pytest.mark.parametrize("text", ["this weather is evil", "IPAs though, still a no"])
def test_no_dislike_of_a_pointer_or_an_adverb(text: str) -> None:
    assert [
        o
        for k, _, p, o in read(text)
        if k == "preference" and p == -1.0 and o in ("this weather", "still")
    ] == []


@pytest.mark.parametrize(
    "text",
    [
        "my tech lead swears by emacs and keeps trying to convert me, sends me org-mode pics",
        "gardening, cats, true crime podcasts",
        "key thing: i HAVE to leave by 5.15 on nursery days, they shut at 6 and its an hour home",
    ],
)
def test_no_disclosure_put_in_the_users_mouth(text: str) -> None:
    said = [c.text for c in RuleExtractor().extract(Event(user_id="u", text=text))]
    assert not [t for t in said if re.match(r"I(?:'m)? (?:its|gardening)\b", t) or "emacs" in t]


@pytest.mark.parametrize(
    ("text", "thing"),
    [
        ("cycling instead. road bike under 800", "cycling"),
        ("not since the knee thing. swimming now, 3 mornings a week", "swimming"),
        ("curries mainly. baking's new", "curries"),
    ],
)
def test_what_they_do_now_or_mainly_is_a_liking(text: str, thing: str) -> None:
    assert thing in liked(text), read(text)


@pytest.mark.parametrize("text", ["weekends mainly", "working now, call later", "packing now"])
def test_a_time_or_a_chore_under_way_is_no_liking(text: str) -> None:
    assert liked(text) == [], read(text)
