"""Terse and run-on speech (issue 10): "oat is ok", "thrillers mostly", dictated sentences with
no stops; and what such words do not say."""

from __future__ import annotations

import pytest

from personify.learn.extract.clauses import split_clauses
from personify.learn.extract.rules import RuleExtractor
from personify.models import Event


def _stances(text: str) -> list[tuple[float | None, str]]:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    return [(c.polarity, (c.object or "").lower()) for c in found if c.kind == "preference"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oat is ok. black coffee is grim", (1.0, "oat")),
        ("no mayo. ever. mustard's fine", (1.0, "mustard")),
        ("podcasts? true crime's ok i suppose, not the gory ones", (1.0, "true crime")),
        ("audiobook for long night drives. thrillers mostly, nothing too gory", (1.0, "thrillers")),
        ("Playlist for the after party. Afrobeats mostly, Burna, Asake, Rema.", (1.0, "afrobeats")),
    ],
)
def test_a_thing_accepted_or_mostly_had_is_a_liking(text: str, expected: tuple) -> None:
    assert expected in _stances(text)


@pytest.mark.parametrize(
    "text",
    [
        "tuesday's fine",
        "either is fine",
        "the first one is fine",
        "£40 is ok",
        "weekends mostly",
        "lunch is fine",
        "shins are fine now",
        "my knee is ok again",
        "Guac without cilantro is fine, she'll survive.",
        "that's fine",
    ],
)
def test_an_answer_about_time_amount_or_option_is_no_taste(text: str) -> None:
    assert not [s for s in _stances(text) if s[0] and s[0] > 0]


def test_a_dictated_run_on_is_split_at_a_new_im() -> None:
    text = "I need a new laptop for work stuff I'm a data analyst so mostly Python"
    clauses = split_clauses(text)
    assert clauses[0] == "I need a new laptop for work stuff"
    assert clauses[1].startswith("I'm a data analyst")
    assert (1.0, "ramen") in _stances("I can't stand raw fish at all I'm more of a ramen guy")


@pytest.mark.parametrize(
    "text",
    [
        "I think I'm going to try it",
        "since the palpitations i'm off caffeine",
        "because I'm tired of it all",
    ],
)
def test_no_split_where_a_word_takes_the_clause(text: str) -> None:
    assert len(split_clauses(text)) == 1


def test_cause_starts_the_users_own_clause() -> None:
    text = (
        "swimming lessons for my daughter she's six, it'll need to be after half five cause I'm a "
        "physio at the hospital in Bristol"
    )
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    assert [c.object for c in found if c.slot == "job"] == ["physio"]


@pytest.mark.parametrize(
    ("text", "diet"),
    [
        ("now I need a veggie main that's fancy", "vegetarian"),
        ("I'm veggie btw", "vegetarian"),
        ("any veggie sausages that taste of something?", None),
    ],
)
def test_veggie_is_vegetarian_and_a_veggie_thing_is_no_diet(text: str, diet: str | None) -> None:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    assert [c.object for c in found if c.slot == "diet"] == ([diet] if diet else [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hes mad about sushi but raw fish makes me gag.", (-1.0, "raw fish")),
        ("chamomile tastes like hay lol. rooibos ill try", (-1.0, "chamomile")),
    ],
)
def test_a_bodily_verdict_is_a_dislike(text: str, expected: tuple) -> None:
    assert expected in _stances(text)


def test_one_thing_once_is_no_verdict() -> None:
    assert _stances("that film made me sick honestly") == []


@pytest.mark.parametrize(
    ("text", "slot", "value"),
    [
        ("sim only deal, cheap. courier so need data for maps all shift", "job", "courier"),
        ("what do you reckon? we're coming from Basildon", "location", "Basildon"),
        ("What's the best way from Ealing to Twickenham on a match day", "location", "Ealing"),
        ("housing association flat in stockport, only moved here in nov", "location", "Stockport"),
    ],
)
def test_terse_self_descriptions(text: str, slot: str, value: str) -> None:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    assert [c.object for c in found if c.slot == slot] == [value]


def test_a_month_is_no_place_and_a_time_no_liking() -> None:
    found = RuleExtractor().extract(Event(user_id="u", text="only moved here in nov"))
    assert not [c for c in found if c.slot == "location" or c.kind == "preference"]


@pytest.mark.parametrize(
    "text",
    ["I'm teaching a group of 8 year olds tomorrow", "I teach a bunch of adults on Tuesdays"],
)
def test_who_is_taught_is_no_job(text: str) -> None:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    assert not [c for c in found if c.slot == "job"]


@pytest.mark.parametrize(
    ("text", "job"),
    [
        ("Study plan pls. I'm in sales at a bank so hours are unpredictable", "sales"),
        ("I've been in IT for 20 years", "IT"),
        ("my wife is in sales", None),
    ],
)
def test_a_line_of_work_said_as_where_the_user_is(text: str, job: str | None) -> None:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    assert [c.object for c in found if c.slot == "job"] == ([job] if job else [])


def test_laughter_after_a_verdict_leaves_the_verdict() -> None:
    assert (-1.0, "sushi") in _stances("Sushi, no thank you 😂")
    assert (-1.0, "mussels") in _stances("mussels 🤢")


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("I get shockingly seasick. any tricks that actually work?", "seasick"),
        ("cholesterol through the roof, she wants me off red meat", "cholesterol"),
        ("the surgeon's told me my knees won't have it anymore", "knees"),
        ("my knees packed up, physio says no more road running", "knees"),
    ],
)
def test_a_limit_of_the_body_said_plainly(text: str, limit: str) -> None:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    assert any(c.kind == "constraint" and limit in (c.object or "") for c in found)


def test_someone_elses_knees_are_theirs() -> None:
    found = RuleExtractor().extract(Event(user_id="u", text="my husband's knees are shot"))
    assert not [c for c in found if c.kind == "constraint"]


def test_deciding_to_eat_meat_again_ends_a_vegetarian_diet() -> None:
    text = "after a lot of discussion with my doctor I decided to eat some chicken and fish again"
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    assert [c.object for c in found if c.slot == "diet"] == ["omnivore"]


def _homes(text: str) -> list[str]:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    return [c.object for c in found if c.slot == "location" and (c.polarity or 0) >= 0]


@pytest.mark.parametrize(
    ("text", "home"),
    [
        ("29. paediatric nurse. newcastle. vegetarian. lunches for 12hr shifts", "Newcastle"),
        ("moved. manchester", "Manchester"),
        ("lisbon now. forget the anmeldung lol", "Lisbon"),
        ("eating out. home's york. safe places", "York"),
        ("dinner. quick. thai or ramen near me. nottingham", "Nottingham"),
    ],
)
def test_a_home_told_in_a_word_with_what_makes_it_home(text: str, home: str) -> None:
    assert _homes(text) == [home]


@pytest.mark.parametrize(
    "text",
    ["lisbon. 3 days. cheap hotels", "rome or paris. cheap flights", "pasta now. then cake"],
)
def test_a_bare_town_alone_is_no_home(text: str) -> None:
    assert _homes(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("hi! priya, 34, pharmacist at boots, on mat leave till march", "Priya"),
        ("good but shorter, teachers are busy. and sign it from Tom", "Tom"),
        ("sign it from me, jonas, platform team", "Jonas"),
        ("book it under Siobhan, not 'Shivon'", "Siobhan"),
    ],
)
def test_a_name_said_in_passing(text: str, name: str) -> None:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    assert [c.object for c in found if c.slot == "name"] == [name]


@pytest.mark.parametrize(
    "text", ["sign it from the whole team", "ok. 30, is that too many guests?", "leeds. 34, nurse"]
)
def test_no_name_where_none_is_said(text: str) -> None:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    assert [c.object for c in found if c.slot == "name"] == []


def _slots(text: str) -> set[tuple[str | None, str]]:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    return {(c.slot, (c.object or "").lower()) for c in found if c.slot}


@pytest.mark.parametrize(
    ("text", "slot", "value"),
    [
        ("still at airbus btw. 2 wks off in aug.", "employer", "airbus"),
        ("between nursery drop off and my shifts at tesco. something short?", "employer", "tesco"),
        (
            "two weeks into the trussell trust job and i actually like it",
            "employer",
            "trussell trust",
        ),
        (
            "nursery settling in next week before i go back at the ambulance service.",
            "employer",
            "ambulance service",
        ),
        (
            "so big news, i moved over to product manager, still at tandem health",
            "job",
            "product manager",
        ),
        ("senior backend eng, 4 yrs here.", "job", "senior backend engineer"),
    ],
)
def test_where_and_what_the_user_works_said_in_passing(text: str, slot: str, value: str) -> None:
    assert (slot, value) in _slots(text)


@pytest.mark.parametrize(
    "text",
    [
        "still at home lol",
        "back at the gym tomorrow",
        "my first day at the dentist job",
        "i go back at 9",
        "nursery settling in next week",
        "random curiosity: what would a senior ml engineer make in amsterdam?",
    ],
)
def test_no_workplace_or_home_where_none_is_said(text: str) -> None:
    assert not {s for s, _ in _slots(text)} & {"employer", "location", "job"}, _slots(text)


def test_a_question_set_in_the_users_own_home_still_names_it() -> None:
    assert _homes("thanks. what herbs survive on a north-facing balcony in Glasgow?") == ["Glasgow"]
