"""Where the user lives, from how they talk about places rather than from "I live in".

People rarely announce their city; they mention it on the way to something else: "a 4 hour drive
from Norwich", "flying from Ottawa", "gym near me in Durban", "here in Nottingham", "my flat in
Dublin", "back in Birmingham now", "first month down in hobart". Each shape below places the
user somewhere they are based, never somewhere they are going (a trip, a visit, a conference)
or have left ("moved away from", "my old flat in"). Lower-case place names count only in a turn
typed all in lower case, where capitals carry no signal.
"""

from __future__ import annotations

import re

from personify.learn.extract.clauses import OTHER_SUBJECT
from personify.learn.extract.disclosure import HYPOTHETICAL

_CAPITALISED = r"(?-i:[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)"
_LOWER = r"[a-z][\w'-]+"
_NOT_PLACES = re.compile(
    r"^(?:home|work|school|uni|university|college|the|a|an|my|our|there|here|town|city|"
    r"scratch|memory|time|now|then|office|abroad|overseas|nowhere|somewhere|"
    r"anywhere|everywhere|it|them|me|us|you|this|that|bed|hospital|mum|mom|dad|parents|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|spring|summer|autumn|winter|"
    r"easter|christmas|airbnb|airbnbs|person|general|total|advance|mind|stock|"
    r"I|I'm|I've|I'd|Im|Ive|The|My|Our|A|An)$",
    re.IGNORECASE,
)
# on the move: the place after these is where the user is going, not where they live
_TRAVEL = re.compile(
    r"\b(?:fly|flying|flight|flights|drive|driving|drove|train|trip|road\s+trip|hrs?|hours?|"
    r"bus|coach|ferry|commute|commuting|journey)\b",
    re.IGNORECASE,
)
_AWAY = re.compile(
    r"\b(?:visit\w*|trip|holiday|vacation|break|honeymoon|conference|wedding|weekend|"
    r"for\s+a\s+(?:week|few\s+days|night)|staying|hotel|airbnb)\b",
    re.IGNORECASE,
)
# "from X" is the user's origin only on a journey, and not when they left X for good
_LEFT = re.compile(
    r"\b(?:moved|moving|relocated|relocating|came|come|coming|originally|grew\s+up|born|"
    r"away|escaped|fled|emigrated|am|i'm|im|we're|is|are|was|were)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
# "priya's settled in berlin": a name's contraction is someone else speaking of themselves
_SOMEONE_ELSES = re.compile(
    r"\b(?!(?:it|that|there|what|here|who|where|everything|life)'s)\w+'s\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
# regex templates; {place} becomes a capitalised name, or any word in an all-lower-case turn
_SHAPES = [
    # the start of a journey: "a 4 hour drive from Norwich", "flying from Adelaide via Dubai"
    ("from", r"\bfrom\s+(?P<place>{place})"),
    # local life: "gym near me in Durban", "my flat in Dublin", "first homes in Wellington"
    (
        "local",
        (
            r"\b(?:near\s+(?:me|us)|round\s+here|around\s+here|nearby|local(?:ly)?)\b"
            r"[^.?!]{{0,40}}?\b(?:in|round|around)\s+(?P<place>{place})|"
            r"\b(?:here|my|our)\s+(?:\w+\s+)?(?:flat|apartment|house|home|place|garden|balcony|"
            r"neighbourhood|neighborhood|area|street)\s+in\s+(?P<place2>{place})|"
            r"\b(?:first|new)\s+(?:home|house|flat|apartment)s?\s+in\s+(?P<place3>{place})"
        ),
    ),
    # settled: "back in Birmingham now", "back home in Cork", "settled in Tallinn",
    # "first month down in hobart"
    (
        "settled",
        (
            r"\b(?:back\s+home\s+in|(?:finally\s+)?settl(?:ed|ing)\s+in|"
            r"first\s+(?:day|week|month|year|few\s+(?:days|weeks|months))s?\s+"
            r"(?:(?:down|up|out|over|back|here)\s+)?in)\s+(?P<place>{place})|"
            r"\bback\s+in\s+(?P<place2>{place})\s+now\b|\bnow\s+(?:back\s+)?in\s+(?P<place3>{place})"
        ),
    ),
]


def _compiled(lower: bool) -> list[tuple[str, re.Pattern[str]]]:
    place = _LOWER if lower else _CAPITALISED
    return [(name, re.compile(shape.format(place=place), re.IGNORECASE)) for name, shape in _SHAPES]


_CASED = _compiled(lower=False)
_UNCASED = _compiled(lower=True)


def situated_places(sentence: str, lower_case_turn: bool = False) -> list[str]:
    """Places the sentence shows the user to be based in (see the module docstring)."""
    if HYPOTHETICAL.search(sentence) or re.match(r"\W*if\b", sentence, re.I):
        return []
    found: list[str] = []
    for name, shape in _UNCASED if lower_case_turn else _CASED:
        for match in shape.finditer(sentence):
            place = next(v for k, v in match.groupdict().items() if v and k.startswith("place"))
            place = place.strip()
            if _NOT_PLACES.match(place) or _NOT_PLACES.match(place.split()[0]):
                continue
            before = sentence[: match.start()]
            own = re.split(r"[,;]|\s+(?:and|but|so)\s+", before)[-1]
            if OTHER_SUBJECT.search(own) or _SOMEONE_ELSES.search(own):
                continue  # "my sister's coming over from Rotterdam"
            if name == "from" and (not _TRAVEL.search(sentence) or _LEFT.search(before)):
                continue  # "moved from Denver", "originally from Cork", "tired from work"
            if name == "local" and _AWAY.search(sentence):
                continue  # "a hotel near us in Rome for the wedding"
            near = sentence[max(0, match.start() - 20) : match.end()]
            if re.search(r"\b(?:old|former|previous)\b", near):
                continue  # "my old flat in Rotterdam"
            found.append(place)
    return list(dict.fromkeys(found))
