"""What people writing English as a second language, tradespeople, retirees and athletes say
about themselves (issue 10): where they are ("here in dubai" after a named hotel, "first week
done in chamonix", "visit me in Stockholm"), the trade and its workplace ("in the port of
Hamburg as logistics planner", "I run a deli", "first week at Spokes & Sprockets"), a hurt
body that sets limits ("my achilles is a bit cranky"), race places and next aims as goals; and
what is no home, job, diet or limit of theirs ("when I was boy in Novosibirsk", "the non veggie
kids", "jess has a dodgy ankle", "Cardiologist and Jean have ganged up on me")."""

from __future__ import annotations

import pytest

from personify.engine import Personify
from personify.learn.extract.rules import RuleExtractor
from personify.models import Event

Found = tuple[str, str | None, float | None, str | None]


def _found(text: str) -> list[Found]:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    return [(c.kind.value, c.slot, c.polarity, c.object) for c in found if c.object]


def _slot(text: str, slot: str) -> list[str | None]:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    return [c.object for c in found if c.slot == slot and not c.metadata.get("left")]


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("hi po, i am line cook in Marina Palm Hotel here in dubai, 6 years already.", "Dubai"),
        ("finally first month in berlin done. anmeldung was nightmare but finish.", "Berlin"),
        (
            "ok update, boxes are finally unpacked in boulder. running at 5400 ft is humbling",
            "Boulder",
        ),
        ("first week done in chamonix!! rent is criminal", "Chamonix"),
        (
            "we go to dim sum this weekend with my mother, here in Vancouver there is so many "
            "places.",
            "Vancouver",
        ),
        (
            "my mother she love baklava, she come from Shiraz to visit me in Stockholm for Nowruz.",
            "Stockholm",
        ),
        ("bank holiday ride from home (bristol), 100-120k, any route ideas", "Bristol"),
        (
            "yeah always km please, im in the netherlands, miles mean nothing to me lol.",
            "Netherlands",
        ),
        ("I am from Sapporo, now I work hotel reception in Toronto, night shift.", "Toronto"),
        ("I work in the port of Hamburg as logistics planner, 3 years.", "Hamburg"),
        ("aoa. I work in Melbourne as civil engineer, 8 to 5.", "Melbourne"),
        ("hej, i work as accountant in KPMG in wroclaw, this month is closing", "Wroclaw"),
        (
            "I need to register with a new doctor now I've moved up to hers in Harrogate.",
            "Harrogate",
        ),
        (
            "First winter down in Sarasota and I do not miss shoveling the driveway one bit.",
            "Sarasota",
        ),
        (
            "The time difference is a nightmare though, they're 8 hours ahead of me here in "
            "Leamington.",
            "Leamington",
        ),
    ],
)
def test_where_they_are(text: str, town: str) -> None:
    assert town in _slot(text, "location"), _found(text)


@pytest.mark.parametrize(
    ("text", "not_a_town"),
    [
        ("hi po, i am line cook in Marina Palm Hotel here in dubai", "Marina Palm"),
        ("I run a deli", "Deli"),
        ("I am nurse in Salford Royal Hospital", "Salford Royal"),
        (
            "since last monday i am junior python developer in small fintech, Payflo",
            "Small Fintech",
        ),
        ("ok. when I was boy in Novosibirsk I play hockey every winter", "Novosibirsk"),
        (
            "Back in Sheffield I played bowls at Hillsborough Park every week for 20 odd years",
            "Sheffield",
        ),
        ("we're moving to a new flat in Leeds next month", "Leeds"),
        ("just got a place in the london marathon", "London"),
    ],
)
def test_no_home_in_a_workplace_a_childhood_or_a_plan(text: str, not_a_town: str) -> None:
    assert not_a_town not in _slot(text, "location"), _found(text)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            "I work in the port of Hamburg as logistics planner, 3 years.",
            ("job", "logistics planner"),
        ),
        ("aoa. I work in Melbourne as civil engineer, 8 to 5.", ("job", "civil engineer")),
        ("which is grim cos i run a deli full of salami.", ("job", "deli")),
        ("my job offer as nurse finally come through, NHS.", ("job", "nurse")),
        ("I work at Lidl as a cashier", ("job", "cashier")),
        ("I am nurse in Salford Royal Hospital", ("employer", "Salford Royal Hospital")),
        (
            "so i quit the bank lol. first week at Spokes & Sprockets went ok",
            ("employer", "Spokes & Sprockets"),
        ),
        (
            "I start at Salford Royal on Monday, night shift first week.",
            ("employer", "Salford Royal"),
        ),
        (
            "starting with Peak Trails Adventures in september as a guide.",
            ("employer", "Peak Trails Adventures"),
        ),
    ],
)
def test_the_trade_and_where_it_is_done(text: str, wanted: tuple[str, str]) -> None:
    slot, value = wanted
    assert value in _slot(text, slot), _found(text)


def test_no_employer_from_a_role_nor_from_a_gym_joined() -> None:
    assert _slot("I work at Lidl as a cashier", "employer") == ["Lidl"]
    assert _slot("I started at the gym last week", "employer") in ([], ["gym"])  # as before
    assert _slot("first day at the new school", "employer") == []


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("also physio said my achilles is a bit cranky so go easy on the hills", "achilles"),
        ("lower back is knackered from bending over the stand all day tho", "lower back"),
        ("hamstring is tight since last week's long run.", "hamstring"),
        ("also i have a dodgy wrist from an old mtb crash", "dodgy wrist"),
        ("had speedcross before, too narrow for my bunion.", "bunion"),
        (
            "physio says i've got patellofemoral pain syndrome, right knee. ugh.",
            "patellofemoral pain syndrome",
        ),
    ],
)
def test_a_hurt_body_sets_a_limit(text: str, part: str) -> None:
    assert ("constraint", None, 1.0, part) in _found(text), _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "jess has a dodgy ankle",
        "fish fingers yes for the non veggie kids",
        "a cake for my diabetic dad",
        "Cardiologist and Jean have ganged up on me",
        "when I was boy in Novosibirsk I play hockey every winter, so legs are ok, only the lungs",
    ],
)
def test_no_limit_diet_job_or_liking_of_someone_else_or_a_body_part(text: str) -> None:
    found = _found(text)
    assert not [f for f in found if f[0] in ("constraint", "preference") and f[3] != "hockey"], (
        found
    )
    assert not [f for f in found if f[1] in ("job", "diet")], found


@pytest.mark.parametrize(
    ("text", "goal"),
    [
        ("just got a ballot place for berlin this september!!! need a plan", "berlin"),
        ("got a place in the london marathon", "london marathon"),
        ("sent it!! ok next target v6 by summer", "v6"),
        ("yeah winter ML is the next goal. knees are ok", "winter ML"),
    ],
)
def test_race_places_and_next_aims_are_goals(text: str, goal: str) -> None:
    goals = [f[3] or "" for f in _found(text) if f[0] == "goal"]
    assert any(goal in g for g in goals), _found(text)


def test_a_place_got_in_a_town_is_no_goal() -> None:
    assert not [f for f in _found("I got a place in Leeds") if f[0] == "goal"]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            "I prefer less spicy honestly, my stomach can't take like before",
            ("preference", None, -1.0, "spicy"),
        ),
        ("I am Jain so no onion, no garlic", ("constraint", "diet", 1.0, "Jain")),
        (
            "pescatarian love, not veggie, i run a chippy i eat fish lol.",
            ("constraint", "diet", 1.0, "pescatarian"),
        ),
        (
            "doctor say low salt from now, less than 6g per day.",
            ("constraint", None, 1.0, "low salt"),
        ),
    ],
)
def test_diets_and_less_of_a_thing(text: str, wanted: Found) -> None:
    assert wanted in _found(text), _found(text)


def test_a_planned_move_to_a_dwelling_is_completed_by_were_in(engine: Personify) -> None:
    user = engine.user("u")
    user.observe_many(
        [
            {
                "text": "My husband and I have been in this house in Bristol for 41 years and "
                "we're downsizing to a bungalow in Exmouth, completion is the 27th of February."
            },
            {
                "text": "Hello again! Well we're in. Finally unpacked the last box yesterday, "
                "though I still can't find the gravy boat."
            },
        ]
    )
    homes = [m.object for m in user.memories(("fact",)) if m.slot == "location"]
    assert homes == ["Exmouth"]


def test_a_first_week_somewhere_new_replaces_a_town_said_in_passing(engine: Personify) -> None:
    user = engine.user("u")
    user.observe_many(
        [
            {"text": "any decent climbing gyms? my usual one in lyon is shut till march"},
            {"text": "first week done in chamonix!! rent is criminal"},
        ]
    )
    homes = [m.object for m in user.memories(("fact",)) if m.slot == "location"]
    assert homes == ["Chamonix"]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            "Earl Grey, of course. Lapsang tastes like a bonfire.",
            ("preference", None, -1.0, "Lapsang"),
        ),
        (
            "col's doing the drinks, he's the fancy coffee one, i'm strictly a tea man",
            ("preference", None, 1.0, "tea"),
        ),
        (
            "No no, not warfarin any more, they switched me to apixaban last summer",
            ("constraint", None, 1.0, "apixaban"),
        ),
    ],
)
def test_verdicts_and_medicines_said_in_passing(text: str, wanted: Found) -> None:
    assert wanted in _found(text), _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "the sun is out every day which is weird coming from florida humidity.",
        "put in eucalyptus too cos customers go mad for it, tho honestly it smells like cough "
        "sweets",
    ],
)
def test_no_home_from_a_contrast_and_no_stance_on_a_pronoun(text: str) -> None:
    found = _found(text)
    assert not [f for f in found if f[1] == "location" or f[0] == "preference"], found


def test_a_district_said_after_the_town_in_the_same_turn_keeps_the_town(engine: Personify) -> None:
    user = engine.user("u")
    user.observe(
        "no no, I'm in Valencia now! Barcelona was only for the master. I moved in february, "
        "I live in Benimaclet."
    )
    homes = [m.object for m in user.memories(("fact",)) if m.slot == "location"]
    assert homes == ["Valencia"]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Ruby lasted 3 days as a vegan then ate a sausage roll", "vegan"),
        ("we'll need a ground floor room, my sister's knees", "'s knees"),
        ("Shoes or boots for the Camino", "Shoes or boots for the Cami"),
        ("we are family of 3 coming from Jaffna to London", "Jaffna"),
    ],
)
def test_nothing_of_theirs_nor_of_a_word_ending_in_no(text: str, absent: str) -> None:
    assert absent not in [f[3] for f in _found(text)], _found(text)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            "I packed in golf three years back after the knee replacement",
            ("preference", None, -1.0, "golf"),
        ),
        (
            "I've packed in Slimming World, all that pasta",
            ("preference", None, -1.0, "Slimming World"),
        ),
        (
            "I am from Khartoum, because of the war we are in Cairo now since 2023",
            ("fact", "location", None, "Cairo"),
        ),
    ],
)
def test_given_up_and_where_now(text: str, wanted: Found) -> None:
    assert wanted in _found(text), _found(text)


def test_a_food_said_to_be_fine_is_no_limit(engine: Personify) -> None:
    user = engine.user("u")
    user.observe("tree nuts are ok for me btw, just peanuts")
    assert not [m for m in user.memories(("constraint",)) if "tree" in (m.object or "")]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            "hey, tomás here. i work as a structural engineer at Arup",
            ("fact", "name", None, "Tomás"),
        ),
        (
            "ok quick background so you get it: Shona, 34, mobile dog groomer round Inverness",
            ("fact", "name", None, "Shona"),
        ),
        ("poles yes, i'm 52 not 22 lol", ("fact", "age", None, "52")),
        ("doctor say my blood pressure is high, only 31 years old!!", ("fact", "age", None, "31")),
    ],
)
def test_names_and_ages_said_in_passing(text: str, wanted: Found) -> None:
    assert wanted in _found(text), _found(text)


@pytest.mark.parametrize(
    "text", ["hey, same here lol", "hi all, newbie here", "my daughter is only 31 years old"]
)
def test_no_name_or_age_from_a_reply_or_someone_else(text: str) -> None:
    assert not [f for f in _found(text) if f[1] in ("name", "age")], _found(text)


@pytest.mark.parametrize(
    ("text", "goal"),
    [
        (
            "two big things for 2026: pay off the business loan (14k left) and get a second shop "
            "open in Kendal by spring 2027",
            "second shop open in Kendal",
        ),
        (
            "hola, I want lose some weight, like 5 kilos, before my sister wedding",
            "lose some weight",
        ),
    ],
)
def test_plans_for_the_year_and_wants_without_to(text: str, goal: str) -> None:
    goals = [f[3] or "" for f in _found(text) if f[0] == "goal"]
    assert any(goal in g for g in goals), _found(text)


def test_no_goal_from_moving_on_from_a_topic() -> None:
    assert not [f for f in _found("time to move on from this topic") if f[0] == "goal"]


def test_a_thing_quit_for_good_is_a_dislike_not_a_move() -> None:
    assert ("preference", None, -1.0, "crossfit") in _found("I quit crossfit for good")
    assert "Vancouver" in _slot("we left toronto for vancouver", "location")


def test_a_plan_scrapped_stays_out_of_the_persona(engine: Personify) -> None:
    user = engine.user("u")
    user.observe(
        "Was going to do an MBA but scrapped that idea, too expensive and not really what I want"
    )
    user.observe("I want to move into data science within a year")
    assert "MBA" not in user.persona("recommend an online course", 200).text


def test_a_budget_in_ringgit_is_a_cap_not_a_liking() -> None:
    found = _found("cheap meal ideas? like RM15/day max")
    assert ("constraint", None, -1.0, "budget under RM15/day") in found, found


def test_the_thing_is_i_dont_drink_is_the_users() -> None:
    found = _found("Thing is I don't drink anymore, 14 months now.")
    assert ("constraint", None, -1.0, "alcohol") in found, found


def test_a_story_of_then_is_no_home_and_a_replaced_joint_stays() -> None:
    text = "I organized the pharmacy volunteers in our neighborhood in Khartoum when the war start"
    assert "Khartoum" not in _slot(text, "location"), _found(text)
    found = _found("I packed in golf three years back after the knee replacement")
    assert ("constraint", None, 1.0, "knee replacement") in found, found


@pytest.mark.parametrize(
    ("text", "thing"),
    [
        ("I go mad for dahlias", "dahlias"),
        ("Roses are alright I suppose, but it's dahlias I really go a bit daft over", "dahlias"),
        ("but I will admit Ella Fitzgerald does something to me, always has.", "Ella Fitzgerald"),
    ],
)
def test_likings_said_the_old_fashioned_way(text: str, thing: str) -> None:
    assert ("preference", None, 1.0, thing) in _found(text), _found(text)


def test_what_customers_go_mad_for_is_theirs() -> None:
    assert not [f for f in _found("the kids go mad for mint choc chip") if f[0] == "preference"]


def test_the_kids_beside_a_partner_are_the_familys() -> None:
    text = "my wife's vegetarian and the kids (7 and 9) are picky, plain pasta and nuggets"
    assert ("fact", None, None, "has kids") in _found(text), _found(text)
    assert ("fact", None, None, "has kids") not in _found("my sister and the kids are coming")


def test_what_was_left_or_daydreamed_stays_out_of_the_persona(engine: Personify) -> None:
    user = engine.user("u")
    user.observe("I left deloitte in june, freelance bookkeeping now")
    user.observe("if I won the lottery I'd probably buy a boat lol")
    text = user.persona("plan my week", 200).text.lower()
    assert "deloitte" not in text and "boat" not in text, text


@pytest.mark.parametrize(
    "text",
    [
        "write a birthday message for my brother, make it silly, he's turning 40 and obsessed "
        "with crossfit",
        "ok this time i do want ideas: 5 gift ideas for my brother who's into fly fishing",
    ],
)
def test_a_request_for_someone_into_something_is_about_them(text: str) -> None:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    mine = [c for c in found if c.metadata.get("about") != "other" and not c.slot]
    assert not [c for c in mine if "fishing" in c.text or "crossfit" in c.text], mine


@pytest.mark.parametrize(
    ("text", "thing"),
    [
        (
            "I get about four hours a week to myself, which I want to spend bouldering.",
            "bouldering",
        ),
        ("I'm 14 weeks pregnant and craving sushi like crazy.", "sushi"),
    ],
)
def test_likings_said_on_the_way(text: str, thing: str) -> None:
    assert ("preference", None, 1.0, thing) in _found(text), _found(text)


@pytest.mark.parametrize(
    "text",
    ["she's pregnant and craving pickles", "jazz rap i guess. lowkey obsessed rn, need more"],
)
def test_no_liking_of_hers_and_no_nurse_right_now(text: str) -> None:
    found = _found(text)
    assert not [f for f in found if f[1] == "job" or f[3] == "pickles"], found


@pytest.mark.parametrize(
    ("text", "town"),
    [
        (
            "quick context: 23, bartender at a speakeasy in el poblado, medellín, lactose "
            "intolerant",
            "Medellín",
        ),
        ("I'm 47, I work as a pharmacist in Heliopolis, Cairo, two teenagers", "Cairo"),
        (
            "office is in coventry but i'm commuting from leamington bc all my uni mates are here.",
            "Leamington",
        ),
        (
            "thinking of getting a pet for my flat in Bristol, small one bed, out 9-6. ideas",
            "Bristol",
        ),
    ],
)
def test_the_town_after_a_district_a_commute_and_a_flat_of_ones_own(text: str, town: str) -> None:
    assert town in _slot(text, "location"), _found(text)


@pytest.mark.parametrize(
    ("text", "job"),
    [
        (
            "I'm the procurement officer at a manufacturing firm here in Pasig.",
            "procurement officer",
        ),
        ("for my school trip, 4 days, i'm a teacher leading 30 grade 9 kids", "teacher"),
        ("im 29, work in IT support in johannesburg, and ive wanted to fly", "IT support"),
    ],
)
def test_jobs_said_with_the_or_on_the_way(text: str, job: str) -> None:
    assert job in _slot(text, "job"), _found(text)


def test_the_one_who_is_no_job() -> None:
    assert not _slot("I'm the one who loves spicy food", "job")


def test_the_household_named_after_a_verdict() -> None:
    found = _found("seeds is good, my kids will like that too")
    assert ("fact", None, None, "has kids") in found, found
    assert ("preference", None, 1.0, "seeds") in found, found


def test_a_pass_bought_is_no_verdict_and_learning_begun_is_a_goal() -> None:
    assert not [f for f in _found("went with pa'l norte, got the 2-day pass.") if f[2] == -1.0]
    goals = [
        f[3]
        for f in _found("started learning cavaquinho bc of all the rodas lol.")
        if f[0] == "goal"
    ]
    assert goals == ["learning cavaquinho"]


def test_a_plan_listed_after_its_label_is_each_goal() -> None:
    text = (
        "new year plan: pay off my $4k credit card by june, learn to snowboard this season, and "
        "move to mexico city in 2027 if work lets me stay remote"
    )
    goals = [f[3] or "" for f in _found(text) if f[0] == "goal"]
    assert any("snowboard" in g for g in goals) and any("mexico city" in g for g in goals), goals


@pytest.mark.parametrize(
    ("text", "thing"),
    [
        ("not so into super spicy stuff but a bit of chilli ok", "super spicy stuff"),
        ("I wouldn't be mad about curry to be honest", "curry"),
        ("le guin always feels like homework to me tbh", "le guin"),
        ("oat not almond. almond tastes like water to me", "almond"),
    ],
)
def test_dislikes_put_mildly(text: str, thing: str) -> None:
    assert ("preference", None, -1.0, thing) in _found(text), _found(text)


def test_her_mild_dislike_is_hers() -> None:
    assert not [f for f in _found("she's not so into jazz") if f[0] == "preference"]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            "yes, step free entrance is non negotiable. budget around 130 a night",
            ("constraint", None, 1.0, "step free entrance"),
        ),
        (
            "also i can't take triptans, they make my chest tight",
            ("constraint", None, -1.0, "triptans"),
        ),
        (
            "my migraines are triggered by red wine and aged cheeses.",
            ("constraint", None, -1.0, "red wine and aged cheeses"),
        ),
        ("i'm a student so cheap matters", ("constraint", None, 1.0, "cheap")),
        ("and it has to be cheap, my husband's on furlough", ("constraint", None, 1.0, "cheap")),
    ],
)
def test_needs_medicines_and_triggers(text: str, wanted: Found) -> None:
    assert wanted in _found(text), _found(text)


def test_a_race_done_reaches_its_goal(engine: Personify) -> None:
    user = engine.user("u")
    user.observe("training for the Two Oceans ultra in April, what shoes?")
    user.observe("Two Oceans done, 6:12, happy with that.")
    assert not [m for m in user.memories(("goal",)) if "Oceans" in (m.object or "")]


def test_a_transfer_told_in_the_past_is_still_a_move() -> None:
    assert "Busan" in _slot("I transfered back to the busan office last month", "location")


@pytest.mark.parametrize(
    ("text", "job"),
    [
        ("im a backend dev, remote for a german company", "backend developer"),
        (
            "started as a junior frontend dev at a startup called Medlane",
            "junior frontend developer",
        ),
    ],
)
def test_a_shortened_trade_is_named_in_full(text: str, job: str) -> None:
    assert job in _slot(text, "job")


@pytest.mark.parametrize(
    ("text", "employer"),
    [
        ("im a receptionist at the hilton if that matters", "Hilton"),
        ("im a night shift manager at a mcdonald's in croydon", "Mcdonald's"),
        ("scrub nurse in theatres at royal derby, take home about 2.1k", "Royal Derby"),
    ],
)
def test_an_employer_named_in_lower_case(text: str, employer: str) -> None:
    assert employer in _slot(text, "employer")


@pytest.mark.parametrize(
    "text",
    [
        "im a nurse at the local hospital",
        "i'm a teacher at night school",
        "im a chef at leeds",  # a town
        "im a barista at a cafe near me",
    ],
)
def test_no_employer_from_a_common_place_in_lower_case(text: str) -> None:
    assert _slot(text, "employer") == []


def test_notice_given_at_a_name_in_lower_case_ends_that_employer() -> None:
    with Personify(":memory:") as p:
        user = p.user("u")
        user.observe("i work at lloyds on the mortgage team 9-5 but shoot weddings on weekends")
        user.observe("handed my notice in at lloyds today!!! terrifying")
        employers = [m.object for m in user.memories() if m.slot == "employer" and m.is_current]
    assert employers == []


@pytest.mark.parametrize(
    ("text", "job"),
    [
        ("first solo shift as a call handler at west midlands ambulance tonight", "call handler"),
        ("first week as a nurse went ok", "nurse"),
        ("im a warehouse operative on nights", "warehouse operative"),
    ],
)
def test_a_trade_begun_or_named_plainly(text: str, job: str) -> None:
    assert job in _slot(text, "job")


@pytest.mark.parametrize(
    ("text", "employer"),
    [
        ("handed my apron back at costa lol got 3 tutoring students now", "costa"),
        ("so I quit doing sound at the crescent, the late nights were wrecking me", "crescent"),
    ],
)
def test_a_workplace_left_in_lower_case(text: str, employer: str) -> None:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    assert [(c.object, c.metadata.get("left")) for c in found if c.slot == "employer"] == [
        (employer, True)
    ]
    assert not [c for c in found if c.polarity]  # no dislike of the place left


@pytest.mark.parametrize(
    ("text", "employer"),
    [
        ("i drive for dpd btw so carrots in the cab is a bit grim", ["Dpd"]),
        ("im 18, from leicester, work saturdays at boots, and i want to do nursing", ["Boots"]),
        ("i was thinking 999 call handling, my cousin does it for west mids ambulance", []),
        ("I work at home mostly", []),
        ("we work at night", []),
    ],
)
def test_where_the_user_works_said_in_lower_case(text: str, employer: list[str]) -> None:
    assert _slot(text, "employer") == employer


@pytest.mark.parametrize(
    ("text", "job"),
    [
        ("context: i spent 8 yrs as an insurance claims handler", "insurance claims handler"),
        ("ex-firefighter, now retraining as a dev", "firefighter"),
        ("former paralegal here, so go easy", "paralegal"),
    ],
)
def test_a_job_told_as_done_is_history(text: str, job: str) -> None:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    jobs = [c for c in found if c.slot == "job"]
    assert [c.object for c in jobs] == [job]
    assert all(c.metadata.get("past") for c in jobs)


def test_a_job_given_up_ends_the_one_held() -> None:
    with Personify(":memory:") as p:
        u = p.user("u")
        u.observe("I'm a travel agent in Leeds")
        u.observe("I gave up my job as a travel agent for this so money is tight")
        assert not any(m.slot == "job" for m in u.memories())


@pytest.mark.parametrize(
    "text",
    ["tutor says my travel speed is too slow. tips?", "my physio says my cadence is too slow"],
)
def test_someone_elses_verdict_on_the_user_is_no_dislike(text: str) -> None:
    assert not [f for f in _found(text) if f[2] is not None and f[2] < 0]


def test_a_thing_set_against_itself_is_no_dislike() -> None:
    text = (
        "im coeliac so i need places round here that do proper gluten free, not 'gluten free "
        "but cooked in the same fryer'"
    )
    assert not [f for f in _found(text) if f[2] is not None and f[2] < 0]


@pytest.mark.parametrize(
    ("text", "job", "employer"),
    [
        ("anyway im cabin crew with british airways, long haul", "cabin crew", "British Airways"),
        ("A330 pilot with qantas, home in brisbane.", "A330 pilot", "Qantas"),
        ("I'm a senior auditor with KPMG in london.", "senior auditor", "KPMG"),
        ("cabin crew with jet2 out of leeds bradford, 3 seasons in.", "cabin crew", "Jet2"),
    ],
)
def test_a_job_with_its_employer(text: str, job: str, employer: str) -> None:
    assert job in _slot(text, "job")
    assert employer in _slot(text, "employer")


@pytest.mark.parametrize(
    ("text", "employer"),
    [
        ("i drive a van for DPD during the day", "DPD"),
        ("first week at barclays done.", "Barclays"),
        ("passed the sim check!!! starting with easyjet next month", "Easyjet"),
    ],
)
def test_an_employer_worked_for_or_begun_at_in_lower_case(text: str, employer: str) -> None:
    assert _slot(text, "employer") == [employer]


@pytest.mark.parametrize(
    "text", ["im a chef with experience, 10 years", "starting with the basics tonight"]
)
def test_what_comes_with_a_job_or_a_start_is_no_employer(text: str) -> None:
    assert _slot(text, "employer") == []


def test_a_home_and_a_name_said_beside_a_tour() -> None:
    text = (
        "name's Dev, I'm a lighting tech on tour with a band, home is glasgow but we're in "
        "cardiff tonight."
    )
    assert _slot(text, "location") == ["Glasgow"]
    assert _slot(text, "name") == ["Dev"]
    assert _slot(text, "job") == ["lighting tech"]


def test_an_employer_of_a_job_told_as_past_is_none_now() -> None:
    assert _slot("was cabin crew with easyjet for 8 yrs", "employer") == []


def test_a_job_in_a_town_this_week_is_no_trade_and_a_week_away_no_home() -> None:
    assert _slot(
        "field service engineer, based in swindon, got a job in birmingham weds-thurs.", "job"
    ) == ["field service engineer"]
    assert _slot("on the road most weeks, this week in esbjerg.", "location") == []


@pytest.mark.parametrize(
    ("text", "employers"),
    [
        (
            "start at leeds city council on monday as a junior data analyst!!",
            ["Leeds City Council"],
        ),
        ("bc i start at the dental surgery at 7:30", []),
        ("im a nurse at leeds", []),
    ],
)
def test_an_employer_named_in_lower_case_is_a_name_not_a_place(
    text: str, employers: list[str]
) -> None:
    assert _slot(text, "employer") == employers


def test_notice_handed_in_without_my_leaves_the_employer() -> None:
    found = RuleExtractor().extract(
        Event(user_id="u", text="handed in notice at st vincent's lol.")
    )
    assert [(c.slot, c.metadata.get("left")) for c in found if c.slot] == [("employer", True)]


def test_two_things_in_one_sentence_are_both_kept() -> None:
    text = "since my hip replacement I've taken up lawn bowls instead. Much more sociable."
    with Personify(":memory:") as p:
        u = p.user("u")
        u.observe(text)
        kinds = {(m.kind, m.object) for m in u.memories()}
        assert ("preference", "lawn bowls") in kinds
        assert ("constraint", "hip replacement") in kinds


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        ("i'm bipolar and exercise is one of the things that keeps me level", "bipolar"),
        ("rough week. depression is doing its thing.", "depression"),
        ("my sleep is already a mess (bipolar, need it regular).", "bipolar"),
    ],
)
def test_a_mental_health_condition_said_in_passing(text: str, condition: str) -> None:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    assert condition in [c.object for c in found if c.kind == "constraint"]


@pytest.mark.parametrize("text", ["my mum has depression", "a book about the great depression"])
def test_someone_elses_condition_or_an_era_is_no_limit(text: str) -> None:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    assert not [c for c in found if c.kind == "constraint"]


@pytest.mark.parametrize(
    ("text", "limits"),
    [
        (
            "rheumatologist said cut back hard on beer, red meat and shellfish, and shes "
            "starting me on allopurinol",
            {"beer", "red meat", "shellfish"},
        ),
        (
            "urologist said drink 3 litres a day, cut back on spinach, almonds and rhubarb",
            {"spinach", "almonds", "rhubarb"},
        ),
        ("gastro said no tomatoes, go easy on coffee. on omeprazole.", {"tomatoes", "coffee"}),
        ("cardiologist wants me under 1500mg sodium a day", {"sodium"}),
    ],
)
def test_what_a_clinician_ruled_out_is_a_limit(text: str, limits: set[str]) -> None:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    ruled = {c.object for c in found if c.kind == "constraint" and c.polarity == -1.0}
    assert limits <= ruled and not {r for r in ruled if "back" in r or "drink" in r}, ruled


@pytest.mark.parametrize(
    "text", ["my neighbour told me i cant eat spinach", "she wants me to try diet first"]
)
def test_advice_from_no_clinician_or_ruling_nothing_out_sets_no_limit(text: str) -> None:
    found = RuleExtractor().extract(Event(user_id="u", text=text))
    assert [c.object for c in found if c.kind == "constraint"] == []
