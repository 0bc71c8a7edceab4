"""Someone named as the subject is not the user, a habit given up is no liking, a limit lifted
("allowed dairy again") is history, a clause about how things were names no home, and a
question without its "?" names no job (issue 10: what the profile must not hold)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from personify import Turn
from personify.engine import Personify
from personify.models import Memory


def _learn(*sessions: list[str]) -> list[Memory]:
    """Each session's user turns observed on its own day; the current profile."""
    start = datetime(2026, 3, 1, 9, 0)
    with Personify(":memory:") as p:
        u = p.user("u")
        u.observe_many(
            [
                Turn(
                    text=t,
                    role="user",
                    session=f"s{i}",
                    ts=start + timedelta(days=7 * i, minutes=j),
                )
                for i, turns in enumerate(sessions)
                for j, t in enumerate(turns)
            ]
        )
        return u.memories()


def _liked(memories: list[Memory], word: str) -> list[Memory]:
    return [
        m
        for m in memories
        if m.kind == "preference"
        and (m.polarity or 0) > 0
        and word in f"{m.object or ''} {m.text}".lower()
    ]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        (
            "ugh have to stand in the rain for 90 mins, Callum lives for football, I don't get it",
            "football",
        ),
        (
            "Lisbon. Gemma wants a fancy rooftop bar every night, I'd be happier with a fado place",
            "rooftop",
        ),
        ("Gatsby vibes but not Gatsby because Rach will moan we did it at school", "gatsby"),
    ],
)
def test_what_someone_named_wants_is_not_liked_by_the_user(text: str, word: str) -> None:
    assert not _liked(_learn([text]), word)


def test_a_drink_given_up_in_two_sessions_is_no_recurring_liking() -> None:
    memories = _learn(
        [
            "GP says I'm prediabetic, a can of coke every afternoon since 1999, where do I start",
            "going cold turkey on the coke. what can I bake with the girls",
        ],
        ["4 weeks no coke!! can you give me a few lower-sugar lunches for work"],
    )
    assert not _liked(memories, "coke")


def test_a_limit_lifted_leaves_no_current_constraint() -> None:
    memories = _learn(
        ["HV thinks she has a milk allergy so I have to cut out ALL dairy while breastfeeding"],
        ["good news, she passed her milk ladder so I'm officially allowed dairy again!!!"],
    )
    assert not [m for m in memories if m.kind == "constraint" and "dairy" in (m.object or "")]


def test_a_town_in_a_clause_about_how_things_were_does_not_replace_the_home() -> None:
    memories = _learn(
        [
            "Actually I am staying in Scarborough, came from Pune in november for my husband job",
            "thank you, in Pune my maid used to do all this, now I am learning everything lol",
        ]
    )
    assert [m.object for m in memories if m.slot == "location"] == ["Scarborough"]


def test_a_question_without_its_question_mark_names_no_job() -> None:
    memories = _learn(["hmm prob not then. what about forklift instructor, is that more money"])
    assert not [m for m in memories if m.slot == "job"]
