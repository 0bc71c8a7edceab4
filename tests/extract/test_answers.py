"""Short answers read with the assistant's question: "derby" after "where are you based?" is a
home, "58" after "how old are you?" an age; the same words after another question (or none)
say nothing of the kind."""

from __future__ import annotations

import pytest

from personify.learn.extract.asked import as_answered
from personify.learn.extract.rules import RuleExtractor
from personify.models import Event


def read(question: str, answer: str) -> set[tuple[str, str | None, float | None, str | None]]:
    asked = [Event(user_id="u", role="assistant", text=question)]
    found = RuleExtractor().extract(Event(user_id="u", text=answer), asked)
    return {(c.kind.value, c.slot, c.polarity, (c.object or "").lower()) for c in found}


@pytest.mark.parametrize(
    ("question", "answer", "item"),
    [
        (
            "Where are you based, so I can suggest shops?",
            "derby",
            ("fact", "location", None, "derby"),
        ),
        (
            "Are you actually planning a move, or just comparing? And where are you now?",
            "just curious tbh. dublin. rent here is insane",
            ("fact", "location", None, "dublin"),
        ),
        (
            "Definitely. What do you do at the moment?",
            "nurse. on nights atm",
            ("fact", "job", None, "nurse"),
        ),
        ("Great idea! What should I call you?", "dee", ("fact", "name", None, "dee")),
        ("Roughly how old are you, so I can pitch the plan?", "58", ("fact", "age", None, "58")),
        (
            "Are you on any medication? Some affect diet.",
            "warfarin",
            ("constraint", None, 1.0, "on warfarin"),
        ),
        (
            "Any allergies I should know about?",
            "shellfish",
            ("constraint", None, -1.0, "shellfish"),
        ),
        (
            "Doable. Any foods you avoid?",
            "mushrooms, can't stand them",
            ("preference", None, -1.0, "mushrooms"),
        ),
        (
            "No apology needed. Anything you can't stand?",
            "country. sorry",
            ("preference", None, -1.0, "country"),
        ),
    ],
)
def test_a_short_answer_says_what_was_asked(question: str, answer: str, item: tuple) -> None:
    assert item in read(question, answer)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Where are you going on holiday?", "lisbon"),  # a trip, not a home
        ("What's her name?", "priya"),  # someone else's
        ("Where are you based?", "not sure yet tbh"),  # no answer by name
        ("Where are you based?", "just curious"),  # not a place
        ("How old are you?", "old enough lol"),
        ("Sounds good! Lisbon or Porto?", "lisbon"),  # a pick, not a home
        ("Any foods you avoid?", "nah eat anything except olives, olives are evil"),
    ],
)
def test_the_same_words_after_another_question_are_no_such_fact(question: str, answer: str) -> None:
    assert not {i for i in read(question, answer) if i[1] in ("location", "name", "age")}
    assert as_answered(answer, [Event(user_id="u", role="assistant", text=question)]) == answer


def test_no_question_no_frame() -> None:
    said = [Event(user_id="u", role="assistant", text="Where are you based?")]
    assert as_answered("derby", []) == "derby"
    assert as_answered("derby", [*said, Event(user_id="u", text="hm")]) == "derby"
    assert as_answered("derby", said) == "I live in derby"
