from __future__ import annotations

from datetime import UTC, datetime

import pytest

from personify.learn.extract.when import move_date, over_by

SAID = datetime(2026, 3, 11, 18, 0, tzinfo=UTC)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("moving to rotterdam in march", datetime(2026, 3, 1, tzinfo=UTC)),
        ("moving to lisbon in january", datetime(2027, 1, 1, tzinfo=UTC)),
        ("relocating next month", datetime(2026, 4, 1, tzinfo=UTC)),
        ("moving to Perth, no date yet", None),
    ],
)
def test_when_a_planned_move_falls_due(text: str, due: datetime | None) -> None:
    assert move_date(text, SAID) == due


@pytest.mark.parametrize(
    ("text", "over"),
    [
        ("off to a gig tonight", datetime(2026, 3, 12, tzinfo=UTC)),
        ("I'll visit friends in Salzburg this weekend", datetime(2026, 3, 16, tzinfo=UTC)),
        ("next week I'm travelling for work", datetime(2026, 3, 23, tzinfo=UTC)),
        ("flying to Oslo on friday", datetime(2026, 3, 14, tzinfo=UTC)),
        ("I've got an interview at Datadog next week", None),  # stays a fact after it
        ("we adopted a retired racing greyhound today", None),
        ("my colleagues invited me to a braai this weekend", datetime(2026, 3, 16, tzinfo=UTC)),
        ("Physio says no stairs for another month", datetime(2026, 4, 10, 18, 0, tzinfo=UTC)),
        ("I've been running for 3 months", None),  # so far, not a span still to come
        ("flying down to Melbourne next month for a wedding", datetime(2026, 5, 1, tzinfo=UTC)),
        ("I want to learn Spanish next month", None),  # an aim, not a trip: no horizon
        ("I love hiking", None),
    ],
)
def test_when_a_near_plan_or_trip_is_over(text: str, over: datetime | None) -> None:
    assert over_by(text, SAID) == over
