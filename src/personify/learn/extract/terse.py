"""A home told in a word. Terse writers name their town as a fragment of its own ("moved.
manchester", "29. paediatric nurse. newcastle. vegetarian", "lisbon now. forget the anmeldung",
"home's york"). A bare town alone says nothing (it may be a trip: "lisbon. 3 days. cheap
hotels"); what makes it the home is the company it keeps: a move said in the same turn, an
introduction in fragments around it (an age, a trade), "near me", or "now" said of it."""

from __future__ import annotations

import re

from personify.learn.extract.clauses import OCCUPATION, head_noun
from personify.learn.extract.gazetteer import known_town, names_a_town, towns

_FRAGMENT = re.compile(r"[^.,;!?\n]+")
# "home's york", "home is leeds now", "home = cork": said outright, in a word
_HOME_IS = re.compile(
    r"^\s*(?:home(?:'s|\s+is|\s*=|:)|based:?|living:?)\s+(?:in\s+)?(?P<town>[^\W\d_][\w' -]*?)"
    r"(?:\s+(?:now|these\s+days|atm|for\s+now))?"
    r"(?:\s+with\s+(?:my|our|the)\b[^.;!?]*)?\s*$",  # "home's norwich with my wife and the kids"
    re.IGNORECASE,
)
# "lisbon now", "leeds since april", "glasgow these days": a town said as where they are now
_TOWN_NOW = re.compile(
    r"^\s*(?P<town>[^\W\d_][\w' -]*?)\s+(?:now|these\s+days|nowadays|since\s+\w+(?:\s+\w+)?)\s*$",
    re.IGNORECASE,
)
# "Kendal born and bred", "born and raised in Hull": a life spent there, so far
_BORN_BRED = re.compile(
    r"^\s*(?:(?:and|but|so)\s+)?(?P<town>[^\W\d_][\w' -]*?)\s+born\s+and\s+(?:bred|raised)\b|"
    r"\bborn\s+and\s+(?:bred|raised)\s+(?:in|round|around)\s+(?P<town2>[^\W\d_][\w'-]*"
    r"(?:\s+[A-Z][\w'-]*)?)",
    re.IGNORECASE,
)
# what makes a bare town the home: a move told in the same turn, or looking for things near it
_MOVED = re.compile(
    r"\b(?:moved|relocated|new\s+(?:city|town|flat|place|house)|unpacked|just\s+arrived|"
    r"near\s+me|nearby|round\s+here|around\s+here|local)\b",
    re.IGNORECASE,
)
_AN_AGE = re.compile(r"^\s*[1-9]\d\s*$")


def _introduced(fragments: list[str]) -> bool:
    """An introduction in fragments: an age or a trade said as a fragment of its own."""
    return any(
        _AN_AGE.match(f) or (len(f.split()) <= 3 and OCCUPATION.search(head_noun(f.strip())))
        for f in fragments
    )


def told_tersely(turn: str) -> tuple[str, str] | None:
    """(fragment, town) when the turn names the user's home in a fragment of its own."""
    fragments = [f.group() for f in _FRAGMENT.finditer(turn)]
    for fragment in fragments:
        # (a town said to be home may be a word too: "home's york"; said "now", it must not be)
        home = _HOME_IS.match(fragment)
        if home and known_town(home.group("town")):
            return fragment.strip(), _as_written(home.group("town").strip())
        bred = _BORN_BRED.search(fragment)
        town = (bred.group("town") or bred.group("town2")).strip() if bred else ""
        if town and known_town(town):
            return fragment.strip(), _as_written(town)
        now = _TOWN_NOW.match(fragment)
        if now and names_a_town(now.group("town").strip()):
            return fragment.strip(), _as_written(now.group("town").strip())
    bare = [f.strip() for f in fragments if names_a_town(f.strip())]
    if len(bare) == 1 and (_MOVED.search(turn) or _introduced(fragments)):
        return bare[0], _as_written(bare[0])
    return None


def _as_written(town: str) -> str:
    """The town as GeoNames writes it ("newcastle" -> "Newcastle")."""
    found = towns(town)
    return found[0][2] if found else town.title()
