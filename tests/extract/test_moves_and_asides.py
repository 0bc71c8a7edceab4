"""How people on the move say where they are, and what terse and elliptical turns say (issue 10):
a stay counted till now ("5 weeks into Nairobi", "I've lived here 8 months"), the way home
("back to Copenhagen tonight"), a town only come from, a trip of some weeks, a chapter closed;
an allergy named after its food, a birthday's age, advice given after its reason, a workplace
joined by name, a diet said to be done, a hedged liking taken back, one thing over another."""

from __future__ import annotations

import pytest

from personify.engine import Personify
from personify.learn.extract.rules import RuleExtractor
from personify.models import Event


def _found(text: str) -> list[tuple[str, str | None, float | None, str | None]]:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    return [(c.kind.value, c.slot, c.polarity, c.object) for c in found if c.object]


def _homes(text: str) -> list[str | None]:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    return [c.object for c in found if c.slot == "location" and not c.metadata.get("left")]


def _engine_homes(text: str) -> list[str | None]:
    """The homes the whole engine (grammar, tagger, consolidation) holds after one turn."""
    with Personify(":memory:") as p:
        u = p.user("u")
        u.observe(text)
        return [m.object for m in u.memories() if m.slot == "location"]


@pytest.mark.parametrize(
    ("text", "town"),
    [
        (
            "ok 5 weeks into Nairobi, living in Kilimani. I think I have a throat infection",
            "Nairobi",
        ),
        ("We've been up in Aberdeen three weeks now, hubby got an offshore job.", "Aberdeen"),
        ("A-Trane was perfect. back to Copenhagen tonight", "Copenhagen"),
        ("nowhere for a bit, back to work in Vancouver Monday, sadly", "Vancouver"),
        (
            "where can I buy proper English tea in Buenos Aires? I've lived here 8 months and the "
            "one thing I genuinely miss from Manchester is Yorkshire Tea.",
            "Buenos Aires",
        ),
        ("No no we're in Bath not Bristol, I work in Bristol but we live in Bath.", "Bath"),
        (
            "If we sold up and moved to the coast, say Scarborough or Whitby, would we be mad at "
            "our age? We're in Derby.",
            "Derby",
        ),
    ],
)
def test_where_they_are_now(text: str, town: str) -> None:
    homes = _homes(text)
    assert town in homes, _found(text)
    assert not {"Kilimani", "Manchester", "Scarborough"} & set(homes), homes


@pytest.mark.parametrize(
    "text",
    [
        "tbh I've mostly moved to PETG anyway, it's just easier",
        "just landed in Seoul for 6 weeks",
        "my girlfriend wants to do a sushi crawl when we're in Osaka",
    ],
)
def test_no_home_in_a_switch_of_things_or_a_stay_of_weeks(text: str) -> None:
    assert not _homes(text), _found(text)


def test_a_chapter_closed_is_a_town_left() -> None:
    found = RuleExtractor().extract(
        Event(user_id="u", text="signed the lease. the Ljubljana chapter is officially closed")
    )
    assert [(c.object, c.metadata.get("left")) for c in found if c.slot == "location"] == [
        ("Ljubljana", True)
    ]


def test_where_they_come_from_does_not_replace_where_they_live(engine: Personify) -> None:
    user = engine.user("u")
    user.observe_many(
        [
            {"text": "also I'm in Toronto now for my MSc, first month done."},
            {"text": "public health at U of T. I'm from Pune so this is a shock in every sense"},
        ]
    )
    homes = [m.object for m in user.memories(("fact",)) if m.slot == "location"]
    assert homes == ["Toronto"]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("nah can't, peanuts. allergic. proper epipen allergic", ("constraint", None, "peanuts")),
        ("guacamole for my 30th on saturday, big batch", ("fact", "age", "30")),
        (
            "GP says my blood pressure's high, needs to come down, cut salt.",
            ("constraint", None, "salt"),
        ),
        (
            "joining a 12-person startup called Fernleaf, climate data, as a product manager.",
            ("fact", "employer", "Fernleaf"),
        ),
        ("Right, keto's done. Gave it up end of Feb", ("fact", "diet", "no special diet")),
        ("factorio > satisfactory tbh", ("preference", None, "factorio")),
        ("not shapez, way too abstract for me", ("preference", None, "shapez")),
        ("pentiment sounds more me", ("preference", None, "pentiment")),
    ],
)
def test_terse_turns_still_say_it(text: str, wanted: tuple[str, str | None, str]) -> None:
    assert wanted in [(k, s, o) for k, s, _, o in _found(text)], _found(text)


def test_a_role_joined_is_named_without_as_a() -> None:
    jobs = [
        o
        for _, s, _, o in _found("joining a startup called Fernleaf, as a product manager.")
        if s == "job"
    ]
    assert jobs == ["product manager"]


@pytest.mark.parametrize(
    ("text", "thing", "polarity"),
    [
        ("Nuts are fine I suppose but I'm not mad on them, never crave them.", "Nuts", -1.0),
        ("I bounced hard off the combat in divinity 2", "the combat in divinity 2", -1.0),
        ("I missed bread far too much", "bread", 1.0),
    ],
)
def test_the_stance_said_last_and_its_thing(text: str, thing: str, polarity: float) -> None:
    found = [(o, p) for k, _, p, o in _found(text) if k == "preference"]
    assert found[-1] == (thing, polarity), found


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("No sugar in my tea at all now and I actually prefer it.", "sugar in my tea"),
        ("I left my job teaching maths at a CBSE school last June to take care of Amma", None),
    ],
)
def test_no_liking_of_what_they_go_without_and_no_job_left(text: str, absent: str | None) -> None:
    found = _found(text)
    assert not [f for f in found if f[0] == "preference" and f[2] == 1.0 and f[3] == absent]
    assert not [f for f in found if f[1] == "job" and f[3] != "the job"], found


def test_the_engine_keeps_the_stay_and_drops_the_district(engine: Personify) -> None:
    user = engine.user("u")
    user.observe_many(
        [
            {"text": "stuck in Doha, 6h layover. on my way to Nairobi for a 3-month contract"},
            {"text": "ok 5 weeks into Nairobi, living in Kilimani. throat infection, what now"},
        ]
    )
    homes = [m.object for m in user.memories(("fact",)) if m.slot == "location"]
    assert homes == ["Nairobi"]


@pytest.mark.parametrize(
    "text",
    [
        "I'm in Paris for a conference, any good bars near the venue?",
        "I've been in Rome 2 days for a conference and I'm already sick of pasta",
        "I've been in Berlin for work this week, need a gym near Mitte",
        "I'm staying in Oslo for the weekend",
        "I'm in Tokyo this week for my cousin's wedding",
        "I'm in Madrid visiting my sister, what should we eat?",
        "I'm in Lisbon on a work trip",
        "I'm in Tokyo for two weeks",
    ],
)
def test_a_stay_told_by_its_reason_or_length_is_no_home(text: str) -> None:
    assert _homes(text) == []


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("we moved to Leeds for work", "Leeds"),
        ("I've been in Lisbon two weeks now and love it", "Lisbon"),
        ("I'm in Leeds now, the rent is awful", "Leeds"),
        ("I've been in Porto for a few weeks already", "Porto"),
    ],
)
def test_a_stay_till_now_or_a_move_is_still_a_home(text: str, town: str) -> None:
    assert town in _homes(text)


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("tiny kitchen in this manchester flat so aeropress anyway", "Manchester"),
        ("Is a kettle sour possible on a 25L setup in a small Aalborg apartment?", "Aalborg"),
        ("can u help me word a flyer for my dog walking business in leicester?", "Leicester"),
    ],
)
def test_a_home_named_by_its_town(text: str, town: str) -> None:
    assert town in _engine_homes(text)


@pytest.mark.parametrize(
    "text", ["we sold our Leeds flat in march", "my sister's Leeds flat is tiny"]
)
def test_a_flat_sold_or_someone_elses_is_no_home(text: str) -> None:
    assert _engine_homes(text) == []


@pytest.mark.parametrize(
    ("text", "town"),
    [
        (
            "we farm rice and crawfish out by Abbeville. doin Thanksgiving for 25 this year",
            "Abbeville",
        ),
        (
            "been growin cane out past Bundaberg 20 years, what can a bloke eat for smoko",
            "Bundaberg",
        ),
        ("hello, I'm Bikash, 34, assistant manager at a tea estate near Jorhat", "Jorhat"),
        (
            "we have litchi orchard in Muzaffarpur. suppose I took a govt job in Patna?",
            "Muzaffarpur",
        ),
    ],
)
def test_the_town_by_the_users_own_land(text: str, town: str) -> None:
    assert town in _engine_homes(text)


@pytest.mark.parametrize(
    "text",
    ["my sister has a farm near Dubbo", "we used to have a farm near Dubbo"],
)
def test_someone_elses_land_or_a_market_is_no_home(text: str) -> None:
    assert _engine_homes(text) == []
