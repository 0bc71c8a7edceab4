"""Merging, supersession and decay, through the real pipeline on multi-session conversations."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from personify import InvalidInputError, Personify
from personify.learn.consolidate import Consolidator, effective_confidence
from personify.learn.extract import Candidate
from personify.models import Memory, MemoryKind, Origin

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def day(n: int) -> datetime:
    return T0 + timedelta(days=n)


def current_homes(user) -> list:
    """The user's current location facts."""
    return [m for m in user.memories("fact") if m.slot == "location"]


def current(user, kind: str = "preference") -> dict[str, float]:
    return {m.text: m.confidence for m in user.memories(kind)}


def test_repeated_evidence_merges_and_raises_confidence(engine: Personify) -> None:
    user = engine.user("ana")
    user.observe("I really love Thai food.", session="s1", ts=day(0))
    user.observe("Sounds good, thanks!", session="s1", ts=day(0))
    first = user.memories("preference")
    assert len(first) == 1
    user.observe("Honestly I love Thai food so much.", session="s2", ts=day(3))
    merged = user.memories("preference")
    assert len(merged) == 1 and merged[0].id == first[0].id
    assert merged[0].confidence > first[0].confidence
    assert len(merged[0].evidence) == 2 and merged[0].confirmed_at == day(3)


def test_contradiction_supersedes_and_keeps_history(engine: Personify) -> None:
    user = engine.user("ben")
    user.observe_many(
        [
            {"text": "I love sushi, especially salmon nigiri.", "session": "s1", "ts": day(0)},
            {
                "text": "Great, here are three sushi places nearby.",
                "role": "assistant",
                "session": "s1",
                "ts": day(0),
            },
            {"text": "Can you plan a dinner for Friday?", "session": "s2", "ts": day(20)},
            {"text": "To be honest I don't like sushi anymore.", "session": "s2", "ts": day(20)},
        ]
    )
    now = user.memories("preference")
    assert [(m.object, m.polarity) for m in now] == [("sushi", -1.0)]
    history = [m for m in user.memories("preference", include_history=True) if m.valid_to]
    assert len(history) == 1 and history[0].text.startswith("I love sushi")
    assert history[0].valid_to == day(20) and history[0].superseded_by == now[0].id
    why = user.explain(now[0].id)
    assert [m.id for m in why.supersedes] == [history[0].id]
    assert why.events[0].text == "To be honest I don't like sushi anymore."


def test_single_valued_facts_supersede(engine: Personify) -> None:
    user = engine.user("cy")
    user.observe("I live in Lisbon with my partner.", session="s1", ts=day(0))
    user.observe("Actually we moved last month, I live in Porto now.", session="s2", ts=day(40))
    facts = user.memories("fact", include_history=True)
    live = [m for m in facts if m.slot == "location"]
    assert {m.object for m in live if m.valid_to is None} == {"Porto"}
    assert {m.object for m in live if m.valid_to is not None} == {"Lisbon"}


def test_an_implicit_choice_never_overrides_an_explicit_statement(engine: Personify) -> None:
    user = engine.user("dee")
    user.observe("I love Italian restaurants.", session="s1", ts=day(0))
    user.observe_many(
        [
            {"text": "Where should we eat tonight?", "session": "s2", "ts": day(1)},
            {
                "text": "1. An Italian restaurant known for homemade pasta. "
                "2. A Japanese ramen bar. 3. A vegan burger place.",
                "role": "assistant",
                "session": "s2",
                "ts": day(1),
            },
            {"text": "The Japanese ramen bar sounds great.", "session": "s2", "ts": day(1)},
        ]
    )
    prefs = user.memories("preference")
    assert any(m.text == "I love Italian restaurants" and m.valid_to is None for m in prefs)
    assert any(m.origin == "implicit" and m.polarity == 1.0 and "ramen" in m.object for m in prefs)


def _picks_cologne(engine: Personify, said: str):
    """A user who picks Cologne from two trips offered (an implicit liking), then says ``said``."""
    user = engine.user("eve")
    user.observe_many(
        [
            {"text": "Any ideas for a weekend trip?", "ts": day(0)},
            {"text": "- Cologne by train\n- Paris by plane", "role": "assistant", "ts": day(0)},
            {"text": "Cologne by train sounds perfect.", "ts": day(0)},
            {"text": said, "ts": day(0)},
        ]
    )
    return user


def test_unconfirmed_implicit_preferences_decay(engine: Personify) -> None:
    user = _picks_cologne(engine, "I prefer window seats.")
    implicit = next(m for m in user.memories("preference") if m.origin == "implicit")
    explicit = next(m for m in user.memories("preference") if m.origin == "explicit")
    assert effective_confidence(implicit, day(60)) == pytest.approx(implicit.confidence / 2)
    assert effective_confidence(explicit, day(365)) == explicit.confidence
    profile = user.profile(now=day(120))
    shown = {i.memory.id: i.confidence for i in profile.preferences}
    assert shown[implicit.id] == pytest.approx(implicit.confidence / 4)
    assert implicit.id not in {i.memory.id for i in user.profile(0.2, now=day(120)).preferences}


def test_a_persona_is_compiled_as_of_the_moment_asked(engine: Personify) -> None:
    user = _picks_cologne(engine, "I'm allergic to peanuts.")
    soon, later = (user.persona("plan a weekend away", 200, now=day(n)) for n in (1, 400))
    assert "Cologne" in soon.text and "Cologne" not in later.text  # the implicit pick faded
    assert "peanut" in soon.text and "peanut" in later.text  # what they said did not
    assert user.persona("plan a weekend away", 200, now=day(1)).text == soon.text
    with pytest.raises(InvalidInputError, match="now"):
        user.persona("plan a weekend away", now="soon")  # type: ignore[arg-type]


def test_a_home_or_workplace_said_to_be_over_is_retired(engine: Personify) -> None:
    user = engine.user("lee")

    def current() -> set[tuple[str | None, str]]:
        return {(m.slot, (m.object or "").lower()) for m in user.memories("fact")}

    user.observe("I live in Leeds. I work at Shopify.", ts=day(0))
    assert {("location", "leeds"), ("employer", "shopify")} <= current()
    user.observe("i dont live in leeds anymore, and i don't work at shopify", ts=day(5))
    user.observe("i don't live in bradford, i live in york", ts=day(6))
    assert ("location", "york") in current()
    assert (
        not {("location", "leeds"), ("location", "bradford"), ("employer", "shopify")} & current()
    )


def test_a_trial_of_doing_without_ends_the_limit(engine: Personify) -> None:
    user = engine.user("dee")
    user.observe("trying cutting out dairy for 6 weeks, so I'm dairy free for now", ts=day(0))
    assert [m.object for m in user.memories("constraint")] == ["dairy free"]
    user.observe("Dairy trial over, zero difference to my skin lol", ts=day(42))
    assert user.memories("constraint") == []  # nor a new limit read from the ending


def test_a_limit_does_not_fade_however_it_was_read() -> None:
    limit = Memory(
        user_id="u",
        kind=MemoryKind.CONSTRAINT,
        text="shoulder surgery.",
        object="shoulder",
        confidence=0.6,
        origin=Origin.IMPLICIT,
        valid_from=day(0),
        created_at=day(0),
    )
    liking = limit.model_copy(update={"kind": MemoryKind.PREFERENCE, "polarity": 1.0})
    assert effective_confidence(limit, day(365)) == 0.6
    assert effective_confidence(liking, day(60)) == pytest.approx(0.3)


def test_a_planned_move_becomes_home_only_on_arrival(engine: Personify) -> None:
    user = engine.user("dee")
    user.observe("I live in Glasgow, love it here.", session="s1", ts=day(0))
    user.observe("big news: we're moving to valencia in july!!", session="s1", ts=day(1))
    homes = current_homes(user)
    assert [m.object for m in homes] == ["Glasgow"]  # not there yet
    assert any(m.metadata.get("moving_to") == "Valencia" for m in user.memories("goal"))
    user.observe("ok we're HERE. the flat is tiny, the light unreal", session="s2", ts=day(130))
    homes = current_homes(user)
    assert [m.object for m in homes] == ["Valencia"]
    assert not any(m.metadata.get("moving_to") for m in user.memories("goal"))
    old = [m for m in user.memories("fact", include_history=True) if m.valid_to is not None]
    assert "Glasgow" in {m.object for m in old}


def test_a_new_home_reaches_the_plans_to_leave_or_go_there(engine: Personify) -> None:
    """Plans stated without a date ("I have decided to leave Sudbury", "we are looking at
    Kamloops") are reached once the user says they live somewhere new; a plan about
    something else stays."""
    user = engine.user("ivy")
    user.observe("I have decided to leave Sudbury, the winters are too much", ts=day(0))
    user.observe("I want to learn to paint with watercolours", ts=day(1))
    assert {m.object for m in user.memories("goal")} >= {"leave Sudbury"}
    user.observe("we live in Kamloops now, near our daughter", session="s2", ts=day(90))
    goals = {m.object for m in user.memories("goal")}
    assert "leave Sudbury" not in goals and any("watercolours" in g for g in goals), goals
    assert "leave Sudbury" in {m.object for m in user.memories("goal", include_history=True)}


def test_arriving_without_a_planned_move_learns_no_place(engine: Personify) -> None:
    user = engine.user("eli")
    user.observe("I live in Leeds.", session="s1", ts=day(0))
    user.observe("we're here! the conference hall is huge", session="s2", ts=day(5))
    assert [m.object for m in current_homes(user)] == ["Leeds"]


def test_giving_up_alcohol_or_meat_retires_the_likes_it_rules_out(engine: Personify) -> None:
    user = engine.user("fay")
    user.observe("we both love a big tempranillo with dinner", session="s1", ts=day(0))
    user.observe("I love a good steak, medium rare", session="s1", ts=day(0))
    user.observe("and I really like halloumi fries", session="s1", ts=day(0))
    user.observe("no alcohol for me now, 8 months sober and counting", session="s2", ts=day(200))
    user.observe("also I've gone vegetarian since the summer", session="s2", ts=day(200))
    liked = {m.object for m in user.memories("preference") if (m.polarity or 0) > 0}
    assert not any("tempranillo" in o or "steak" in o for o in liked), liked
    assert any("halloumi" in o for o in liked)  # a vegetarian still eats cheese
    history = user.memories("preference", include_history=True)
    assert {"tempranillo", "steak"} <= {
        w for m in history if m.valid_to is not None for w in re.findall(r"\w+", m.object or "")
    }


def test_the_cosine_prefilter_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past 64 memories ``apply`` only visits those a matrix product says can merge or
    contradict; the plan must equal a visit of every memory."""
    rng = np.random.default_rng(7)
    base = rng.normal(size=(40, 384)).astype(np.float32)

    def unit(v: np.ndarray) -> np.ndarray:
        return (v / np.linalg.norm(v)).astype(np.float32)

    current = []
    for i in range(150):  # clusters, so some candidates land near duplicates and opposites
        vector = unit(base[i % 40] + 0.35 * rng.normal(size=384))
        memory = Memory(
            user_id="u",
            kind=MemoryKind.PREFERENCE,
            text=f"likes thing {i % 40} variant {i}",
            object=f"thing {i % 40}",
            polarity=1.0 if i % 3 else -1.0,
            confidence=0.7,
            origin=Origin.EXPLICIT,
            valid_from=day(0),
            created_at=day(0),
        )
        current.append((memory, vector))
    candidates = [
        (
            Candidate(
                kind=MemoryKind.PREFERENCE,
                text=f"says thing {j % 40} again {j}",
                object=f"thing {j % 40}",
                polarity=-1.0 if j % 4 == 0 else 1.0,
                confidence=0.8,
                origin=Origin.EXPLICIT,
                evidence=[f"ev{j}"],
            ),
            unit(base[j % 40] + 0.3 * rng.normal(size=384)),
        )
        for j in range(120)
    ]

    def plan(full: bool) -> tuple[list[tuple[str, str | None]], list[str]]:
        if full:
            monkeypatch.setattr(
                Consolidator, "_within_reach", lambda self, c, v: range(len(self.memories))
            )
        consolidator = Consolidator("u", current)
        for n, (candidate, vector) in enumerate(candidates):
            consolidator.apply(candidate, vector, day(1 + n), 0, "s")
        monkeypatch.undo()
        changes = consolidator.plan
        return (
            sorted((m.id, m.superseded_by) for m in changes.updated.values()),
            [m.text for m, _ in changes.new],
        )

    fast, full = plan(full=False), plan(full=True)
    assert fast == full
    assert fast[0] and fast[1]  # the batch did merge or supersede, and add


def test_passing_something_else_does_not_reach_the_goal(engine: Personify) -> None:
    user = engine.user("gus")
    user.observe("im finally starting my private pilot licence in may", session="s1", ts=day(0))
    user.observe("passed my class 2 medical! glasses are fine apparently", session="s2", ts=day(20))
    assert [m.object for m in user.memories("goal")] == ["private pilot licence in may"]
    user.observe("passed my pilot licence today!!", session="s3", ts=day(200))
    assert user.memories("goal") == []
    user.observe("aiming for JLPT N3 in December", session="s4", ts=day(210))
    user.observe("Passed N4 practice test 🎉 what should I add now", session="s5", ts=day(260))
    assert [m.object for m in user.memories("goal")] == ["JLPT N3 in December"]
    user.observe("passed it!!", session="s6", ts=day(400))
    assert user.memories("goal") == []


def test_an_implied_home_yields_to_what_the_user_states(engine: Personify) -> None:
    user = engine.user("gil")
    user.observe("is a dog walker worth it in winnipeg or doggy daycare", session="s1", ts=day(0))
    homes = current_homes(user)
    assert [(m.object, m.origin) for m in homes] == [("Winnipeg", "implicit")]
    user.observe("any good brunch spots in winnipeg for sunday?", session="s2", ts=day(3))
    homes = current_homes(user)
    assert [m.object for m in homes] == ["Winnipeg"] and len(homes[0].evidence) == 2
    user.observe("craft beer spot in calgary for friday night?", session="s3", ts=day(5))
    assert [m.object for m in current_homes(user)] == ["Winnipeg"]
    user.observe("we relocated to Vancouver last week", session="s4", ts=day(40))
    assert [m.object for m in current_homes(user)] == ["Vancouver"]
    user.observe("is a dog walker worth it in winnipeg these days?", session="s5", ts=day(41))
    assert [m.object for m in current_homes(user)] == ["Vancouver"]


def test_a_planned_trip_or_move_is_not_an_implied_home(engine: Personify) -> None:
    user = engine.user("hal")
    user.observe("we're moving to valencia in july!!", session="s1", ts=day(0))
    user.observe("best tapas bars in valencia?", session="s1", ts=day(1))
    assert not current_homes(user)


def test_a_move_planned_for_a_month_has_happened_by_then(engine: Personify) -> None:
    user = engine.user("ida")
    user.observe("I live in Madrid, near Retiro", session="s1", ts=day(0))  # 1 March 2026
    user.observe(
        "ok its happening, moving from madrid to rotterdam in june", session="s1", ts=day(1)
    )
    assert [m.object for m in current_homes(user)] == ["Madrid"]
    user.observe("the new job is SO many meetings, I hate it", session="s2", ts=day(120))
    homes = current_homes(user)
    assert [m.object for m in homes] == ["Rotterdam"]
    assert not any(m.metadata.get("moving_to") for m in user.memories("goal"))


def test_a_move_put_off_is_not_due_on_its_date(engine: Personify) -> None:
    user = engine.user("jo")
    user.observe("I live in Denver.", session="s1", ts=day(0))
    user.observe("we're moving to lisbon in may!!", session="s1", ts=day(1))
    user.observe(
        "lisbon update: we pushed it to 2027, the condo hasnt sold", session="s2", ts=day(40)
    )
    user.observe("any good brunch spots in denver?", session="s3", ts=day(120))
    assert [m.object for m in current_homes(user)] == ["Denver"]


def test_where_someone_works_does_not_replace_the_home_they_stated(engine: Personify) -> None:
    user = engine.user("kit")
    user.observe("We have now lived in Bergen for a month.", session="s1", ts=day(0))
    user.observe(
        "I have started as a substitute teacher at a school in Fana", session="s2", ts=day(9)
    )
    assert [m.object for m in current_homes(user)] == ["Bergen"]
    assert any(m.slot == "job" and "teacher" in (m.object or "") for m in user.memories("fact"))


def test_the_same_place_again_restates_it_and_keeps_what_hangs_on_it(engine: Personify) -> None:
    user = engine.user("lee")
    user.observe("Hi, I'm a backend engineer at an outsourcing company in Da Nang.", ts=day(0))
    user.observe("Back in Da Nang, it was wonderful.", ts=day(12))
    facts = user.memories("fact")
    assert [m.object for m in facts if m.slot == "location"] == ["Da Nang"]
    assert any(m.slot == "job" and "backend engineer" in (m.object or "") for m in facts)


def test_a_trip_or_a_plan_for_the_weekend_is_history_once_over(engine: Personify) -> None:
    user = engine.user("max")
    user.observe("flying down to Melbourne next month for my cousin's wedding", ts=day(0))
    user.observe("This weekend I will visit friends in Salzburg one last time.", ts=day(1))
    learned = ("goal", "fact", "preference", "constraint")
    assert any("Melbourne" in m.text for m in user.memories(learned))
    user.observe("I live in Brisbane and I love cooking.", ts=day(70))
    texts = " ".join(m.text for m in user.memories(learned))
    assert "Melbourne" not in texts and "Salzburg" not in texts
    old = [m for m in user.memories(learned, include_history=True) if m.valid_to is not None]
    assert any("Melbourne" in m.text for m in old) and any("Salzburg" in m.text for m in old)


def test_naming_the_country_or_state_keeps_the_town(engine: Personify) -> None:
    user = engine.user("ned")
    user.observe("I am a house officer at a government hospital in Lahore.", ts=day(0))
    user.observe("I have thought a lot. I am staying in Pakistan.", ts=day(30))
    facts = user.memories("fact")
    assert [m.object for m in facts if m.slot == "location"] == ["Lahore"]
    assert any(m.slot == "job" for m in facts)
    user.observe("we moved to Karachi last month", ts=day(90))
    assert [m.object for m in current_homes(user)] == ["Karachi"]


def test_an_occupation_moves_with_the_person_but_an_employer_does_not(engine: Personify) -> None:
    user = engine.user("ora")
    user.observe("hello, i am QA engineer in Timisoara", ts=day(0))
    user.observe("I work at Endava in Timisoara.", ts=day(1))
    user.observe("so i am in Basel now two weeks", ts=day(60))
    facts = user.memories("fact")
    assert [m.object for m in facts if m.slot == "location"] == ["Basel"]
    assert any(m.slot == "job" and m.object == "QA engineer" for m in facts)
    assert not any(m.slot == "employer" for m in facts)


def test_how_things_used_to_be_is_history_from_the_start(engine: Personify) -> None:
    user = engine.user("quin")
    user.observe("back in the day I ran a record store and collected vinyl", ts=day(0))
    learned = ("goal", "fact", "preference", "constraint")
    assert not any("record store" in m.text for m in user.memories(learned))
    old = user.memories(learned, include_history=True)
    assert any("record store" in m.text and m.valid_to is not None for m in old)


def test_a_goal_named_as_reached_or_dropped_becomes_history(engine: Personify) -> None:
    user = engine.user("hal")
    user.observe(
        "goals for 2026: pay off my credit card, run a 5k by june, and learn to ski",
        session="s1",
        ts=day(0),
    )
    assert len(user.memories("goal")) == 3
    user.observe("I got my hair cut short", session="s2", ts=day(10))  # names no goal
    user.observe("CREDIT CARD IS PAID OFF 🎉 took 6 months", session="s2", ts=day(30))
    user.observe("ok forget the 5k, sprained my ankle", session="s3", ts=day(60))
    assert [m.object for m in user.memories("goal")] == ["learn to ski"]
    reached = [m for m in user.memories("fact") if m.metadata.get("extractor") == "achieved"]
    assert [m.text for m in reached] == ["Reached: pay off my credit card"]
    dropped = [m for m in user.memories("fact") if m.metadata.get("extractor") == "dropped"]
    assert len(dropped) == 1 and "5k" not in user.persona("plan my week").text
    history = user.memories("goal", include_history=True)
    assert {m.object for m in history if m.valid_to} == {
        "pay off my credit card",
        "run a 5k by june",
    }


def test_goals_turned_down_or_called_off_and_limits_healed_become_history(
    engine: Personify,
) -> None:
    user = engine.user("jo")
    user.observe("i want to enter the Concours Général next year with my tomme", ts=day(0))
    user.observe("thinking I'll take the job offer in Berlin, need to plan", ts=day(1))
    user.observe("shin splints are starting tho", ts=day(2))
    assert user.memories("constraint")
    user.observe("changed my mind about the concours général, not doing it", ts=day(10))
    user.observe("decided to stay in melbourne, turned down berlin.", ts=day(11))
    user.observe("shins are fine now. taper in 4 weeks", ts=day(12))
    goals = " ".join(m.text.lower() for m in user.memories("goal"))
    assert "concours" not in goals and "berlin" not in goals, goals
    assert not user.memories("constraint"), [m.text for m in user.memories("constraint")]
    persona = user.persona("plan my training week").text.lower()
    assert "shin" not in persona and "concours" not in persona


def test_leaving_an_employer_retires_the_plain_facts_said_of_it(engine: Personify) -> None:
    user = engine.user("kit")
    user.observe("12 hr night shifts, I work ICU at St Vincent's", ts=day(0))
    user.observe("I play five-a-side on tuesdays", ts=day(1))
    assert any("Vincent" in m.text for m in user.memories("fact"))
    user.observe("handed in my notice at St Vincent's lol", ts=day(30))
    current = [m.text for m in user.memories("fact")]
    assert not any("work ICU" in t for t in current), current
    assert any("five-a-side" in m.text for m in user.memories()), "unrelated facts stay"
    history = user.memories("fact", include_history=True)
    assert any("work ICU" in m.text and m.valid_to for m in history)


def test_what_the_user_has_left_is_history_and_stays_out_of_personas(engine: Personify) -> None:
    user = engine.user("ida")
    user.observe("I'm a test engineer at Kettu Labs", session="s1", ts=day(0))
    assert [m.object for m in user.memories("fact") if m.slot == "employer"] == ["Kettu Labs"]
    user.observe("Friday was my last day at Kettu Labs 🥲", session="s2", ts=day(30))
    user.observe("I moved here from Brisbane in march, love the cold", session="s2", ts=day(30))
    assert [m.object for m in user.memories("fact") if m.slot == "employer"] == []
    left = {
        (m.slot, m.object)
        for m in user.memories("fact", include_history=True)
        if m.metadata.get("left")
    }
    assert left == {("employer", "Kettu Labs"), ("location", "Brisbane")}
    persona = user.persona("help me prepare for a meeting at work").text
    assert "Kettu" not in persona and "Brisbane" not in persona


@pytest.mark.parametrize(
    "said",
    [
        "we made the move to Lyon",
        "we're finally in Lyon",
        "signed a lease in Lyon yesterday 😅",
        "we bought a house in Lyon",
        "we call Lyon home now",
    ],
)
def test_more_ways_of_moving_replace_the_old_home(engine: Personify, said: str) -> None:
    user = engine.user("jo")
    user.observe("I live in Toronto", session="s1", ts=day(0))
    user.observe(said, session="s2", ts=day(90))
    assert [m.object for m in current_homes(user)] == ["Lyon"]


def test_a_home_in_the_past_replaces_nothing(engine: Personify) -> None:
    user = engine.user("kit")
    user.observe("I live in Toronto", session="s1", ts=day(0))
    user.observe("back in uni I lived in Glasgow", session="s2", ts=day(30))
    assert [m.object for m in current_homes(user)] == ["Toronto"]


def test_a_home_named_beside_the_workplace_leaves_the_employer(engine: Personify) -> None:
    user = engine.user("ife")
    user.observe(
        "Starting next week as a quality control chemist at Greenleaf Pharma in Ikeja.", ts=day(0)
    )
    user.observe("my commute to Ikeja from Surulere is going to be painful", ts=day(2))
    facts = user.memories("fact")
    assert [m.object for m in facts if m.slot == "employer"] == ["Greenleaf Pharma"]
    assert [m.object for m in facts if m.slot == "location"] == ["Surulere"]


def test_a_new_home_ends_a_plan_to_move_whatever_place_the_plan_named(engine: Personify) -> None:
    user = engine.user("morag")
    user.observe("I live in Glasgow.", ts=day(0))
    user.observe("we're thinking of moving to Spain somewhere warm, Alicante maybe", ts=day(5))
    assert any(m.kind == "goal" for m in user.memories("goal"))
    user.observe("I'm in Glasgow all week, then we fly out to look at towns", ts=day(20))
    assert any(m.kind == "goal" for m in user.memories("goal"))  # a known home ends nothing
    user.observe("no no not Alicante, we're in Nerja I just said that", ts=day(90))
    assert not user.memories("goal")
    assert [m.object for m in current_homes(user)] == ["Nerja"]


def test_part_of_a_slot_value_said_again_confirms_it(engine: Personify) -> None:
    """ "on a deckie wage" after "deckie on the bruny ferry" is the same job, not a new one; a
    value with words the current one lacks still replaces it."""
    user = engine.user("kai")
    user.observe("deckie on the bruny ferry, just finished my first month", session="s1", ts=day(0))
    user.observe(
        "saving for my coxswain ticket. realistic by christmas on a deckie wage",
        session="s2",
        ts=day(5),
    )
    jobs = [m for m in user.memories("fact") if m.slot == "job"]
    assert len(jobs) == 1 and "ferry" in (jobs[0].object or "")
    assert len(jobs[0].evidence) == 2
    user.observe("I'm a paramedic now, left the ferries", session="s3", ts=day(40))
    jobs = [m for m in user.memories("fact") if m.slot == "job"]
    assert [m.object for m in jobs] == ["paramedic"]


def test_quitting_a_workplace_named_by_what_it_is_ends_the_job(engine: Personify) -> None:
    user = engine.user("noor")
    user.observe(
        "just finished a 14 hr shift on the line. sous chef life.", session="s1", ts=day(0)
    )
    assert [m.object for m in user.memories("fact") if m.slot == "job"] == ["sous chef"]
    user.observe(
        "ok big news, I quit the restaurant. need a business plan", session="s2", ts=day(9)
    )
    assert not [m for m in user.memories("fact") if m.slot == "job"]
    history = [m for m in user.memories("fact", include_history=True) if m.slot == "job"]
    assert "sous chef" in [m.object for m in history]


def test_quitting_the_old_workplace_spares_the_job_the_same_session_announces(
    engine: Personify,
) -> None:
    user = engine.user("ola")
    user.observe("closing shift again at the cafe, my hands smell like oat milk", session="s1")
    user.observe(
        "GUESS WHO GOT HIRED. junior frontend dev at a fintech startup called Lumen",
        session="s2",
        ts=day(30),
    )
    user.observe("also i quit the cafe so no more closing shifts", session="s2", ts=day(30))
    jobs = [m.object or "" for m in user.memories("fact") if m.slot in ("job", "employer")]
    assert "Lumen" in jobs and any("frontend dev" in j for j in jobs)


def test_quitting_a_word_of_the_job_ends_that_job_and_no_other(engine: Personify) -> None:
    user = engine.user("mia")
    user.observe("barista at a chain place, been 2 yrs", session="s1", ts=day(0))
    user.observe("i'm also a volunteer firefighter", session="s1", ts=day(0))
    assert any(m.slot == "job" for m in user.memories("fact"))
    user.observe("plot twist i quit the chain. me and my cousin", session="s2", ts=day(9))
    jobs = [m.object or "" for m in user.memories("fact") if m.slot == "job"]
    assert not any("chain" in j for j in jobs), jobs
    assert not [m for m in user.memories("preference") if "chain" in (m.object or "")]


def test_a_new_job_in_a_later_session_leaves_the_old_employer(engine: Personify) -> None:
    user = engine.user("lea")
    user.observe("I work as an accountant for an insurance company in Lyon", session="s1")
    assert [m.object for m in user.memories("fact") if m.slot == "employer"] == [
        "insurance company"
    ]
    user.observe("big news, i'm a baker now, the shop opens monday", session="s2", ts=day(40))
    facts = user.memories("fact")
    assert [m.object for m in facts if m.slot == "job"] == ["baker"]
    assert not [m for m in facts if m.slot == "employer"]
    # a job and its employer told together stay together
    user.observe("I'm a pastry chef at Maison Dupont since june", session="s3", ts=day(90))
    facts = user.memories("fact")
    assert sorted(m.slot for m in facts if m.slot in ("job", "employer")) == ["employer", "job"]


@pytest.mark.parametrize(("replaces", "homes"), [(True, ["Lisbon"]), (False, ["Leeds", "Lisbon"])])
def test_a_home_read_from_the_users_words_replaces_a_stated_one(replaces, homes) -> None:
    """An implicit candidate never supersedes an explicit memory, except one marked
    ``replaces`` (the word tagger's homes): then the stated home becomes history."""
    leeds = Memory(
        user_id="u", kind=MemoryKind.FACT, text="I live in Leeds", object="Leeds",
        slot="location", confidence=0.9, origin=Origin.EXPLICIT, valid_from=day(0),
        created_at=day(0),
    )  # fmt: skip
    lisbon = Candidate(
        kind=MemoryKind.FACT, text="ok i'm HERE. lisbon", object="Lisbon", slot="location",
        confidence=0.5, origin=Origin.IMPLICIT, evidence=["e2"],
        metadata={"extractor": "tagger"} | ({"replaces": True} if replaces else {}),
    )  # fmt: skip
    consolidator = Consolidator("u", [(leeds, np.eye(384)[0])])
    consolidator.apply(lisbon, np.eye(384)[1], day(30), 0, "s2")
    changes = consolidator.plan
    old = changes.updated.get(leeds.id, leeds)
    now = [m.object for m, _ in changes.new] + ([] if old.valid_to else ["Leeds"])
    assert sorted(now) == homes


def test_a_district_named_in_passing_is_part_of_the_home_town(engine: Personify) -> None:
    user = engine.user("priya")
    user.observe("we just landed in Edinburgh from Pune, so much to sort", ts=day(0))
    user.observe("We found a flat in Marchmont!", ts=day(5))  # no town GeoNames holds
    assert [m.object for m in current_homes(user)] == ["Edinburgh"]
    other = engine.user("aziz")
    other.observe("I live in Kuala Lumpur", ts=day(0))
    other.observe("any good mamak near my place in Bangsar?", ts=day(5))  # a town, 5 km away
    assert [m.object for m in current_homes(other)] == ["Kuala Lumpur"]
    other.observe("we moved to Bonwire last month", ts=day(40))  # saying so moves the home
    assert [m.object for m in current_homes(other)] == ["Bonwire"]
    third = engine.user("dee")  # as does putting the assistant right
    third.observe("a council tax form in manchester, does it count my partner", ts=day(0))
    third.observe("actually sorry its salford not manchester, separate council", ts=day(0))
    assert [m.object for m in current_homes(third)] == ["Salford"]


def test_a_transfer_to_another_office_moves_the_home(engine: Personify) -> None:
    user = engine.user("minji")
    user.observe("I live in Seoul.", ts=day(0))
    user.observe("any good bbq in busan? going there for a weekend", ts=day(5))
    assert [m.object for m in current_homes(user)] == ["Seoul"]  # a town named in passing
    user.observe("I transfered back to the busan office last month", ts=day(60))
    assert [m.object for m in current_homes(user)] == ["Busan"]


@pytest.mark.parametrize(
    ("liking", "limit", "kept"),
    [
        ("shrimp tacos are my go-to", "I'm keeping kosher again since the wedding", False),
        ("I love a good sourdough", "just got diagnosed coeliac", False),
        ("My fave thing is sweet karak tea, 5 cups a day", "Got diagnosed type 2 diabetic", False),
        ("kofta is my favourite", "I've stopped eating meat since last month", False),
        ("I love a good sourdough", "I'm keeping kosher again since the wedding", True),
        ("I eat there before the set, usually kofta", "I've stopped eating meat", False),
    ],
)
def test_a_new_diet_or_condition_retires_the_likes_it_rules_out(
    engine: Personify, liking: str, limit: str, kept: bool
) -> None:
    user = engine.user("ana")
    user.observe(liking, ts=day(0))
    said = [m.id for m in user.memories(["preference", "fact"])]
    assert said
    user.observe(limit, ts=day(30))
    now = {m.id for m in user.memories(["preference", "fact"])}
    assert (set(said) <= now) is kept


def test_a_narrower_liking_leaves_the_avoidance(engine: Personify) -> None:
    """ "Spring onion greens are fine" after "no onion": the onion stays avoided; "onion is fine
    now" lifts it."""
    user = engine.user("ivo")
    user.observe("Lunch ideas? No garlic, no onion, no wheat.", session="s1", ts=day(0))
    user.observe("Spring onion greens are fine", session="s2", ts=day(7))
    avoided = {m.object.lower() for m in user.memories() if (m.polarity or 0) < 0 and m.object}
    assert "onion" in avoided
    user.observe("Update: onion is totally fine now, no reaction at all", session="s3", ts=day(14))
    avoided = {m.object.lower() for m in user.memories() if (m.polarity or 0) < 0 and m.object}
    assert "onion" not in avoided


def test_a_religious_diet_holds_beside_an_eating_pattern(engine: Personify) -> None:
    """ "halal" does not replace "vegetarian" in the diet slot (nor the other way round); a new
    eating pattern still replaces the old one."""
    user = engine.user("zara")
    user.observe("I'm vegetarian", session="s1", ts=day(0))
    user.observe("food shop for the week, £40, halal obvs", session="s2", ts=day(5))
    diets = {m.object for m in user.memories() if m.slot == "diet"}
    assert diets == {"vegetarian", "halal"}
    user.observe("I'm vegan now", session="s3", ts=day(9))
    assert {m.object for m in user.memories() if m.slot == "diet"} == {"vegan", "halal"}


@pytest.mark.parametrize(("new", "left"), [("pescatarian", ["pescatarian"]), ("halal", None)])
def test_a_diet_held_without_its_slot_is_replaced_by_a_new_diet(new: str, left) -> None:
    """ "vegan" read as a plain constraint goes when the diet slot takes "pescatarian"; a
    religious diet ("halal") holds beside it."""
    vegan = Memory(
        user_id="u", kind=MemoryKind.CONSTRAINT, text="been vegan six years", object="vegan",
        polarity=1.0, confidence=0.9, origin=Origin.EXPLICIT, valid_from=day(0),
        created_at=day(0),
    )  # fmt: skip
    said = Candidate(
        kind=MemoryKind.CONSTRAINT, text=f"I'm {new} now", object=new, slot="diet",
        polarity=1.0, confidence=0.8, origin=Origin.EXPLICIT, evidence=["e2"],
    )  # fmt: skip
    consolidator = Consolidator("u", [(vegan, np.eye(384)[0])])
    consolidator.apply(said, np.eye(384)[1], day(30), 0, "s2")
    old = consolidator.plan.updated.get(vegan.id, vegan)
    now = [m.object for m, _ in consolidator.plan.new] + ([] if old.valid_to else ["vegan"])
    assert sorted(now) == (left or sorted([new, "vegan"]))


def test_where_we_are_now_replaces_a_home_read_from_words(engine: Personify) -> None:
    user = engine.user("hank")
    user.observe("ok so I'm in Tulsa, need a cheap gym", session="s1", ts=day(0))
    user.observe(
        "big news, we sold the house. me and Linda are in Boise now, grandkids 10 min away",
        session="s2",
        ts=day(30),
    )
    assert [m.object for m in current_homes(user)] == ["Boise"]


def test_a_place_named_with_an_arrival_is_the_new_home(engine: Personify) -> None:
    """ "found a flat in Marchmont" after Edinburgh is a district; "right we're in now, rented a
    place in alfredton" after Geelong is a move (no gazetteer holds Alfredton)."""
    user = engine.user("gaz")
    user.observe("sparky here, been an electrician in Geelong 11 yrs", session="s1", ts=day(0))
    user.observe(
        "right we're in now, 3 weeks in, rented a place in alfredton", session="s2", ts=day(90)
    )
    assert [m.object for m in current_homes(user)] == ["Alfredton"]


def test_a_goal_reached_is_the_one_the_turn_names() -> None:
    with Personify(":memory:") as p:
        u = p.user("u")
        u.observe("goal: first unassisted pull up by june.")
        u.observe("also new side goal, in bed by 11 on weeknights.")
        u.observe("DID IT. one full pull up. next goal is 5 pull ups in a row")
        goals = [m.object for m in u.memories() if m.kind == "goal"]
        assert "in bed by 11 on weeknights" in goals
        assert "5 pull ups in a row" in goals
        assert not any("unassisted" in (g or "") for g in goals)
