"""Age and relationship said in passing (issue 10): the slot values, and what is not the user's."""

from __future__ import annotations

import pytest

from personify.engine import Personify
from personify.learn.extract.rules import RuleExtractor
from personify.learn.extract.status import age, relationship
from personify.models import Event


def _slot(text: str, slot: str) -> list[str]:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    return [c.object or "" for c in found if c.slot == slot]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("34, freelance copywriter, Valencia (Ruzafa), vegetarian since forever", "34"),
        ("roofer from carmarthen, 36. stag do in cardiff next month", "36"),
        ("I'm a consultant paediatrician at a hospital in Riyadh, 41, and I need advice", "41"),
        ("71, widower (lost my Glenys two years back), live on my own in Cardiff", "71"),
        ("hi im Jiwoo, 26, korean, married.", "26"),
        ("I do not drive, and at 57 I will not start", "57"),
        ("49 this year so not bouncing back like I used to haha", "49"),
        ("bday weekend in cebu city, turning 20 🎂", "20"),
        ("24 y/o, truck driver, out of San Antonio. wait no 26, birthday was last month", "26"),
    ],
)
def test_an_age_said_on_the_way(text: str, expected: str) -> None:
    assert age(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "the kids are 4, 7 and 9 so nothing too scary",
        "my husband, 52, wants a quiet week",
        "sizes 10, 12 or 14 are fine",
        "Construction company, Kraków, 40 workers",
        "we arrive at 22, the kids sleep in the car",
        "she's 19 lol, no idea what she wants",
    ],
)
def test_figures_that_are_not_the_users_age(text: str) -> None:
    assert age(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("married to a Dutch guy who lives on stroopwafels", "married"),
        ("71, widower (lost my Glenys two years back)", "widower"),
        ("since my wife passed I cook for one", "widowed"),
        ("I'm no chef, the wife did all the cooking before she passed", "widowed"),
        ("I'm 49, civil engineer, separated since last October", "separated"),
        ("Newly divorced dad here, 48", "divorced"),
        ("Since the divorce I have my evenings back", "divorced"),
        ("Divorce was finalized in December", "divorced"),
        ("lactose intolerant, and single lol so no valentines plans", "single"),
        ("my boyfriend and I broke up, I'm keeping the flat", "single"),
        ("me and Linda (married 31 yrs in June) are in Boise now", "married"),
        ("my wife Denise and I will have been married thirty years", "married, wife Denise"),
        ("me and the wife are off to Crete", "married, wife"),
        ("Hubby and me want a quiet week", "married, husband"),
        ("my gf Camille is vegan (not me lol i eat everything)", "girlfriend Camille"),
        ("my partner Dewi handles the shipping side", "partner"),
    ],
)
def test_a_relationship_said_on_the_way(text: str, expected: str) -> None:
    assert relationship(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I'm married to my job lol",
        "lol priya is my SISTER not my wife",
        "my sister is divorced and hates weddings",
        "a single room is fine",
        "my parents got married in Goa",
    ],
)
def test_no_relationship_of_the_users(text: str) -> None:
    assert relationship(text) is None


def test_the_rules_put_both_in_their_slots() -> None:
    text = "hi im Jiwoo, 26, korean, married. my husband and me moved to Brisbane"
    assert _slot(text, "age") == ["26"]
    assert _slot(text, "relationship")[:1] == ["married"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("me and dev have been together 6 months and we're in a rut", "partner Dev"),
        ("Myself and Cian have a baby on the way (September!)", "partner Cian"),
        ("10-year anniversary with Erik on 3 May", "partner Erik"),
        ("Ronald asked me to marry him on Sunday and I said yes!", "partner Ronald"),
        ("tom (boyfriend) is obsessed with really spicy food", "boyfriend Tom"),
        ("Jo (my other half, we run the Red Lion together) wants a chilli night", "partner Jo"),
        ("me and rosa are trying for a baby", "partner Rosa"),
        ("wife runs the books", "married, wife"),
        ("husbands company is moving us to recife", "married, husband"),
        ("allergic to cats which sucks bc my new boyfriend has two", "boyfriend"),
        ("i'm a single dad btw so keep it low effort", "single dad"),
        ("I'm 71, recently widowed, and have just joined a bridge club", "widowed"),
        ("I'm 29, pharmacist in Cork, engaged (wedding is next june!!)", "engaged"),
        ("divorce came through in feb", "divorced"),
    ],
)
def test_a_partner_or_status_said_the_way_people_talk(text: str, expected: str) -> None:
    assert relationship(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "me and sam went to the cinema",
        "me and jake are going to his wedding",
        "me and my sister are planning a wedding",
        "my sister is a single mum",
        "her divorce came through",
    ],
)
def test_a_friend_or_someone_elses_bond_is_no_partner(text: str) -> None:
    assert relationship(text) is None


def test_a_partner_named_in_a_question_is_still_theirs() -> None:
    text = "tempe i can do. my girlfriend still eats everything tho, date night ideas?"
    assert "girlfriend" in _slot(text, "relationship")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("baby ellie's 4 wks. first time mum at 36 and i know nothing lol", "36"),
        ("im doing my HGV class 2 through a skills bootcamp at 48 after 20 yrs", "48"),
        ("did 9 years as a receptionist so coding at 31 feels very late", "31"),
        ("would that be mad at 45? im in derby", "45"),
        ("handed in notice on the flat today. 34 and moving back home, living the dream", "34"),
    ],
)
def test_an_age_said_as_a_life_stage_reached(text: str, expected: str) -> None:
    assert age(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "my dad started at 16 as an apprentice",
        "we start at 9 and finish late at 17:30",
        "learning the guitar at 50 mins a day",
    ],
)
def test_a_time_or_someone_elses_start_is_no_age(text: str) -> None:
    assert age(text) is None


@pytest.mark.parametrize(
    ("text", "slot", "expected"),
    [
        (
            "me and my wife Priya just got the keys to a flat in glasgow (dennistoun!)",
            "location",
            "Glasgow",
        ),
        (
            "i'm going freelance as a wedding photographer. which is funny",
            "job",
            "wedding photographer",
        ),
        (
            "i've got the week off (perks of being a postie, i'm up at 4 anyway lol)",
            "job",
            "postie",
        ),
    ],
)
def test_a_home_or_trade_said_on_the_way(text: str, slot: str, expected: str) -> None:
    assert expected in _slot(text, slot)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("moving in with my bf ravi this weekend", "boyfriend Ravi"),
        ("my wife aoife is 30 weeks pregnant", "married, wife Aoife"),
        ("my wife loves it", "married, wife"),
        ("my husband died last year", "widowed"),
        ("which I never did when my husband was alive", "widowed"),
    ],
)
def test_a_partner_named_in_lower_case_or_gone(text: str, expected: str) -> None:
    assert relationship(text) == expected


def test_a_job_given_up_names_no_job_to_the_tagger() -> None:
    with Personify(":memory:") as p:
        u = p.user("u")
        u.observe("I gave up my job as a travel agent for this so money is tight")
        assert not [m for m in u.memories() if m.slot == "job" and m.valid_to is None]


@pytest.mark.parametrize(
    ("text", "slot", "expected"),
    [
        ("first month as a PT done. 14 clients!!", "job", "personal trainer"),
        (
            "want to start strength training, complete beginner, 40F. what are my options",
            "age",
            "40",
        ),
    ],
)
def test_a_job_begun_or_an_age_said_in_short(text: str, slot: str, expected: str) -> None:
    assert expected in _slot(text, slot)


def test_its_40f_outside_is_no_age() -> None:
    assert age("its 40F outside") is None


def test_a_pastime_begun_and_kept_to_a_day_is_liked() -> None:
    found = RuleExtractor().extract(Event(user_id="u", text="I also started netball on tuesdays"))
    assert ("netball", 1.0) in [(c.object, c.polarity) for c in found if c.kind == "preference"]


def test_a_named_partner_split_from_leaves_the_user_single() -> None:
    assert relationship("so me and callum split up after 8 years. i'm 29") == "single"
    assert relationship("me and dan split the bill") is None


@pytest.mark.parametrize(
    ("text", "bond"),
    [
        ("we're moving to nottingham end of the month for my husbands job", "married, husband"),
        ("the traybake. partner is still vegan so i'll do his with tofu", "partner"),
        ("meal plan pls. partner is vegan, im not, toddler eats whatever.", "partner"),
    ],
)
def test_a_partner_mentioned_in_passing(text: str, bond: str) -> None:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    assert [c.object for c in found if c.slot == "relationship"] == [bond]


@pytest.mark.parametrize(
    "text", ["partner meeting at 3, can you prep notes", "my partners at the firm want a memo"]
)
def test_a_partner_at_work_is_no_relationship(text: str) -> None:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    assert [c.object for c in found if c.slot == "relationship"] == []
