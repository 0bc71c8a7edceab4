"""Who and what the user lives with, said on the way to something else: children, a baby on the
way, a pet, a partner at home, and what they have none of ("no car", "we don't own a tv"). A
persona for family tasks needs these even when the sentence is a question.
"""

from __future__ import annotations

import re

from personify.learn.extract.clauses import OTHER_SUBJECT, POSSESSIONS
from personify.learn.extract.gate import may_match, needles
from personify.models import MemoryKind

# the people in the user's household, mentioned on the way to something else: "the kids want to
# go", "a birthday party for my daughters", "wife and i are hosting", "grandkids are coming"
# the animals a pet is named by
PETS = (
    r"puppy|kitten|dog|cat|rabbit|bunny|hamster|guinea\s+pig|parrot|budgie|tortoise|greyhound|"
    r"lurcher|labrador|spaniel|terrier"
)
_PARTNER_SAID = re.compile(r"\b(?:wife|husband|hubby|partner|missus|other\s+half)\b", re.I)
_HOUSEHOLD = re.compile(
    r"\b(?:my|our)\s+(?:\d+\s+|two\s+|three\s+|little\s+|youngest\s+|eldest\s+|oldest\s+)?"
    r"(?P<obj>kids|children|sons|daughters|twins|grandkids|grandchildren|toddler|son|daughter|"
    r"grandson|granddaughter)\b|"
    r"\b(?:with|for|and|feed|take|bring)\s+the\s+(?P<obj2>kids|children|twins|grandkids|"
    r"grandchildren)\b(?!\s+(?:who|that|in\s+(?:my|the|our)\s+class))|"  # (not a class's kids)
    r"(?:^|[,.;!?]\s*)the\s+(?P<obj7>kids|children|twins)\s+(?=(?:want|wanna|"
    r"love|loved|hate|hated|will\s+love|are\s+(?:coming|off|home|back|obsessed))\b)|"
    r"(?:^|[,.;!?]\s*)(?P<obj3>grandkids|grandchildren)\s+(?:are|were|will|is|love|want)\b|"
    r"\ba\s+family\s+with\s+(?:a|an|two|three|\d+)\s+(?P<obj5>toddler|baby|kids|"
    r"children|teenagers?)\b|\bsingle\s+(?P<obj6>mum|mom|dad|parent)\b|"
    # said as the subject of a sentence: "Twins are 3 weeks old", "Son arrived 10 days ago",
    # "two kids under 6 and a dog"
    r"(?:^|[,.;!?(]\s*)(?:and\s+)?(?P<obj8>(?:two|three|four|[2-9])\s+kids|twins|son|daughter|"
    r"baby)\s+(?=(?:are|is|arrived|turn|turned|under|aged|was\s+born|\d)\b)",
    re.IGNORECASE,
)
# a baby to come: "we have a baby on the way", "Baby number one due in July"
_EXPECTING = re.compile(
    r"\bbaby\s+(?:(?:number|no\.?)\s+\w+\s+)?(?:on\s+the\s+way|due\b)|\b(?:am|'m|are|'re)\s+"
    r"(?:\d+\s+(?:weeks|months)\s+)?pregnant\b",
    re.IGNORECASE,
)
# a pet the user has: "we have a labrador, Dora", "Biscuit (the beagle)"
_PET_KINDS = (
    rf"{PETS}|lab|beagle|collie|poodle|husky|retriever|dachshund|pug|corgi|shepherd|schnauzer|"
    r"whippet|chihuahua"
)
_HAS_PET = re.compile(
    rf"\b(?:i|we)(?:\s+have|'ve\s+got|\s+have\s+got|\s+own)\s+(?:a|an|two|three|\d)\s+(?:[\w-]+\s+)?"
    # (the animal ends the phrase: not "a dog allergy", "a lab meeting")
    rf"(?P<obj>{_PET_KINDS})s?\b(?=\s*(?:[,.;:!?()]|$)|\s+(?:and|called|named|who|that|so|but|"
    r"too|as|at|in|now|lol|haha)\b)|"
    rf"\(\s*(?:the|our|my)\s+(?P<obj2>{_PET_KINDS})\s*\)",
    re.IGNORECASE,
)


def household(sentence: str) -> list[tuple[MemoryKind, str, str | None]]:
    """Who the user lives or does things with, said on the way, even inside a question ("anything
    free to do with the kids in hull?"): a fact that a persona for family tasks needs."""
    out: list[tuple[MemoryKind, str, str | None]] = []
    for found in _HOUSEHOLD.finditer(sentence):
        before = sentence[: found.start()]
        other = OTHER_SUBJECT.search(before.split(",")[-1])
        if other and found.group("obj2") and _PARTNER_SAID.search(other.group()):
            other = None  # "my wife's vegetarian and the kids are picky": the family's kids
        if other or re.search(r"\bnot\s+$", before, re.I):
            continue  # "my sister and her kids": hers; "my son, not my daughter"
        who = next(v for v in found.groupdict().values() if v).lower()
        if who == "baby":
            out.append((MemoryKind.FACT, "has a baby", None))
        elif who in ("mum", "mom", "dad", "parent"):
            out.append((MemoryKind.FACT, f"single {who}", None))
        else:  # "has kids", "has a toddler"
            plural = who.endswith(("s", "ren"))
            out.append((MemoryKind.FACT, f"has {'' if plural else 'a '}{who}", None))
    if _EXPECTING.search(sentence) and not OTHER_SUBJECT.search(sentence):
        out.append((MemoryKind.FACT, "expecting a baby", None))
    for found in _HAS_PET.finditer(sentence):
        pet = (found.group("obj") or found.group("obj2")).lower()
        out.append((MemoryKind.FACT, f"has a {pet}", None))
    folded = sentence.casefold()
    if may_match(_HAS_NONE_NEEDLES, folded):  # "no car", "2 kids, and no cat"
        for found in _HAS_NONE.finditer(sentence):
            out.append((MemoryKind.FACT, f"has no {found.group('obj').lower()}", None))
    return list(dict.fromkeys(out))


_HAS_NONE = re.compile(
    rf"(?:(?:^\W*|[,;]\s*|\b(?:and|but|so|also)\s+)(?:(?:and|but|so|also|still)\s+)?no\s+|"
    # "I dont have a car", "we don't own a tv"
    r"\b(?:i|we)\s+(?:don't|do\s+not|dont|no\s+longer)\s+(?:have|own)\s+(?:a|an|any)\s+)"
    rf"(?P<obj>{POSSESSIONS})(?=\s*(?:[,.;!?]|$|\s+(?:and|but|so|yet|lol|haha|tho|anymore)\b))",
    re.IGNORECASE,
)


_HAS_NONE_NEEDLES = needles(_HAS_NONE)
