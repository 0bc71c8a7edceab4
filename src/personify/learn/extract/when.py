"""When something said about the future falls due, from the words and the time they were said.

Two uses: a planned move ("moving to Rotterdam in March") has happened once its date passes, and
a trip or visit ("visiting friends in Salzburg this weekend", "flying down to Melbourne next
month for a wedding") is history once that time is over, so neither a stale trip nor a future
home reaches a persona. Dates are the first day of a named month (a move) or the
end of the named day, week or month (a plan), in the time zone the turn was said in.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

_MONTHS = (
    "january february march april may june july august september october november december"
).split()
_DAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_MOVE_WHEN = re.compile(
    rf"\b(?:in|by|this|next|end\s+of|start\s+of|early|late|mid)\s+(?P<month>{'|'.join(_MONTHS)})\b|"
    r"\b(?P<next>next\s+(?:month|year))\b|\bin\s+(?P<n>\d+|a|two|three|four|six)\s+"
    r"(?P<unit>weeks?|months?)\b",
    re.IGNORECASE,
)
_COUNTS = {"a": 1, "an": 1, "another": 1, "one": 1, "two": 2, "three": 3, "four": 4, "six": 6}
# a limit for a span still to come: "no stairs for another month", "can't run for 6 weeks"
_FOR_SPAN = re.compile(
    r"^(?!.*\b(?:been|have|'ve|had|was|were|used\s+to)\b)"
    r"(?=.*\b(?:no|not|can't|cannot|off|avoid|banned|without|skip|stop|another|next)\b).*?"
    r"\bfor\s+(?:another|the\s+next|at\s+least)?\s*(?P<n>a|an|one|two|three|four|six|\d+)?\s*"
    r"(?P<unit>days?|weeks?|months?)\b",
    re.IGNORECASE,
)
_SOON = re.compile(
    rf"\b(?P<day>tonight|today|tomorrow)\b|\b(?P<week>this|next)\s+(?P<span>weekend|week)\b|"
    rf"\b(?:on|this|next)\s+(?P<weekday>{'|'.join(_DAYS)})\b",
    re.IGNORECASE,
)
# a trip, a visit or a one-off do ("invited me to a braai this weekend"), not a standing aim
# a car hired is hired where one goes: "need a rental car in orlando"
HIRED_CAR = r"rental\s+car|car\s+(?:rental|hire)|hire\s+car|rent(?:ing)?\s+a\s+car"
TRIP = re.compile(
    r"\b(?:fly\w*|trip|visit\w*|holiday|vacation|wedding|conference|festival|going\s+to|"
    r"heading\s+to|travel\w*|concert|gig|match|weekend\s+away|invited|party|barbecue|bbq|braai|"
    rf"birthday|honeymoon|tour\w*|{HIRED_CAR})\b",
    re.IGNORECASE,
)


def _day_start(t: datetime) -> datetime:
    return t.replace(hour=0, minute=0, second=0, microsecond=0)


def _next_month(t: datetime, months: int = 1) -> datetime:
    month = t.month - 1 + months
    return _day_start(t).replace(year=t.year + month // 12, month=month % 12 + 1, day=1)


def move_date(text: str, said: datetime) -> datetime | None:
    """When a planned move falls due: "in march" (the next March), "next month", "in 6
    weeks"; the first day of a named month, so a later turn that month finds it done."""
    when = _MOVE_WHEN.search(text)
    if when is None:
        return None
    if when.group("month"):
        month = _MONTHS.index(when.group("month").lower()) + 1
        return _day_start(said).replace(year=said.year + (month < said.month), month=month, day=1)
    if when.group("next"):
        if "year" in when.group("next").lower():
            return _day_start(said).replace(year=said.year + 1, month=1, day=1)
        return _next_month(said)
    n = int(when.group("n")) if when.group("n").isdigit() else _COUNTS[when.group("n").lower()]
    return said + (timedelta(weeks=n) if "week" in when.group("unit") else timedelta(days=30 * n))


def over_by(text: str, said: datetime) -> datetime | None:
    """When a trip or visit is over: "tonight", "tomorrow", "this weekend", "next week", "on
    friday", "next month", "in june". Only trips: an interview next week or a dog adopted
    today stays a fact about the user after the day has passed. Anything said to hold for a
    span is over after it ("Physio says no stairs for another month")."""
    span = _FOR_SPAN.search(text)
    if span is not None:
        n = (span.group("n") or "one").lower()
        count = int(n) if n.isdigit() else _COUNTS.get(n, 1)
        unit = span.group("unit").lower()
        days = 1 if unit.startswith("day") else 7 if unit.startswith("week") else 30
        return said + timedelta(days=days * count)
    if not TRIP.search(text):
        return None
    due = move_date(text, said)
    if due is not None:
        due = _next_month(due) if due.day == 1 else due
    soon = _SOON.search(text)
    if soon is None:
        return due
    if soon.group("day"):
        days = 1 if soon.group("day").lower() == "tomorrow" else 0
        over = _day_start(said) + timedelta(days=days + 1)
    elif soon.group("span"):
        sunday = _day_start(said) + timedelta(days=7 - said.weekday())  # after this Sunday
        over = sunday + timedelta(weeks=soon.group("week").lower() == "next")
    else:
        ahead = (_DAYS.index(soon.group("weekday").lower()) - said.weekday()) % 7 or 7
        over = _day_start(said) + timedelta(days=ahead + 1)
    # "today I'm deciding to walk the Camino next September": the later date is the plan's
    return max(over, due) if due is not None else over


# how the user is this minute, not how they are: "I feel like absolute garbage", "I'm reading
# this one-handed at 4am", "I'm knackered today" (not "I'm learning Spanish now": that lasts)
_OF_THE_MOMENT = re.compile(
    r"^\W*(?:(?:honestly|tbh|ugh|ok|so|and|but)\W+)*(?:i|i'm|im|i\s+am|i've\s+been|i\s+was)\s+"
    r"(?:(?:so|really|totally|absolutely|completely|just|a\s+bit|kinda|feeling|feel)\s+)*"
    r"(?:like\s+(?:absolute\s+|total\s+|utter\s+)?(?:garbage|rubbish|crap|death|a\s+zombie|"
    r"a\s+wreck)|(?:tired|sick|bored)(?!\s+(?:of|with)\b)|exhausted|knackered|shattered|wrecked|"
    r"fried|hungover|stressed|panicking|freaking\s+out|nervous|ill|dying|dead|overwhelmed|"
    r"in\s+a\s+rut|a\s+mess)\b|"
    r"\b(?:i'm|im|i\s+am|we're|we\s+are)\s+(?:\w+\s+)?\w+ing\b.*\b(?:right\s+now|rn|tonight|"
    r"today|this\s+(?:morning|afternoon|evening)|at\s+\d{1,2}\s*(?:am|pm)|at\s+the\s+moment|atm)\b",
    re.IGNORECASE,
)


def of_the_moment(text: str, said: datetime) -> datetime | None:
    """When a statement of how the user is this minute is over (the end of the next day), or
    ``None`` for one that lasts."""
    if _OF_THE_MOMENT.search(text) is None:
        return None
    return _day_start(said) + timedelta(days=2)
