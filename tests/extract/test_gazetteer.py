"""Towns named in passing: a town's name inside another name is not the town."""

from __future__ import annotations

import pytest

from personify.learn.extract.gazetteer import known_town, near, towns


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I work at Bach Mai hospital as a nurse", []),
        ("we went to Lake Como in June", []),
        ("I live in North London", ["London"]),
        ("Visiting Lisbon next week", ["Lisbon"]),
        ("i moved to kigali. Kigali is so clean", ["Kigali", "Kigali"]),
        ("I love New York", ["New York"]),
    ],
)
def test_a_town_inside_another_name_is_not_named(text: str, expected: list[str]) -> None:
    assert [name for _, _, name in towns(text)] == expected


def test_near_tells_a_district_from_another_town() -> None:
    assert near("Bangsar", "Kuala Lumpur") and near("Osu", "Accra")
    assert not near("Porto", "Lisbon") and not near("Mississauga", "Toronto")
    assert not near("Marchmont", "Edinburgh")  # a name GeoNames does not hold is near nothing
    assert known_town("Edinburgh") and not known_town("Marchmont")


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("i live in berlin now", "Berlin"),  # "berlin" is also a carriage
        ("moving to barcelona in june", "Barcelona"),
        ("we're in Wellington", "Wellington"),
        ("my commute into Reading is 40 minutes", "Reading"),  # a capital inside a sentence
        ("our bridge club in Bath has closed", "Bath"),
        ("we're in cork now", "Cork"),  # lower case, after "in"
        ("moved to porto last weekend", "Porto"),
    ],
)
def test_a_town_that_is_also_a_word(text: str, town: str) -> None:
    assert town in [name for _, _, name in towns(text)]


@pytest.mark.parametrize(
    "text",
    [
        "reading is my escape",
        "Nice weather today",
        "a hot bath",
        "my van broke down",
        "ask Martin about it",
        "I'll ask Sam tomorrow",
        "a cork board",
        "need a plan around split shifts",
    ],
)
def test_a_word_that_is_also_a_town(text: str) -> None:
    assert towns(text) == []
