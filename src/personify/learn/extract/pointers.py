"""What "it" or "them" points at when a user's verdict names no thing of its own.

People set a thing up and judge it in the next breath: "My husband is obsessed with golf. I find
it about as exciting as watching paint dry", "husband hates mushrooms with a passion, i could eat
them every single day", "Fado, honestly i find it kind of depressing". The verdict is the
user's; its thing is the one named just before, often in a clause about someone else (which is
why the grammar's own reading of that clause says nothing of the user). A sentence that reads as
no stance is read again with its first pointer replaced by that thing, and kept only when the
re-reading is a stance on it.
"""

from __future__ import annotations

import re

from personify.learn.extract.clauses import clean_object, head_noun
from personify.learn.extract.parse import parse_clause
from personify.learn.extract.shapes import DONE
from personify.learn.extract.verdicts import pre_object

# someone's liking, said of anyone: "he is completely obsessed with golf", "she adores opera",
# "my son is really into minecraft", "Donal's all about the golf"
_LIKING = re.compile(
    r"\b(?:loves?|likes?|adores?|hates?|detests?|into|obsessed\s+with|mad\s+(?:about|on|for)|"
    r"crazy\s+about|nuts\s+about|(?:a\s+)?(?:huge|big|massive)\s+fan\s+of|all\s+about|"
    r"hooked\s+on|addicted\s+to|insists?\s+on|swears?\s+by)\s+(?:the\s+|all\s+things\s+)?(?P<obj>[^,.;:!?()]{2,40})",
    re.IGNORECASE,
)
# what someone draws the user into: "my dad wants me to come golfing w him"
_DRAWN_IN = re.compile(
    r"\b(?:wants?|asked|asks|keeps?\s+asking|begging|begs|drags?|dragged|dragging|makes?|made)\s+"
    r"me\s+(?:to\s+)?(?:come\s+|go\s+|join\s+(?:him|her|them)\s+)?(?P<obj>\w+ing)\b",
    re.IGNORECASE,
)
# where someone takes the user: "my gf dragged me to a yin yoga class. it was kind of nice?"
_TAKEN_TO = re.compile(
    r"\b(?:dragged|took|brought|talked)\s+me\s+(?:in)?to\s+(?:a|an|the|her|his|their)\s+"
    r"(?P<obj>[a-z][\w'-]*(?:\s+[a-z][\w'-]*){0,2}?)"
    r"(?=\s*(?:[,.;!]|$)|\s+(?:class|session|gig|show|on|at|last|yesterday|today|tonight|and|"
    r"but)\b)",
    re.IGNORECASE,
)
# a thing the user tried, for the next sentence to judge: "had one glass of wine at my sisters
# birthday. think ive gone off it", "tried the new IPA last night. not a fan of it"
_TRIED = re.compile(
    r"(?:^\W*|\b(?:i|we|i've|finally|just)\s+)(?:tried|had|ate|drank|watched|read|played|"
    r"listened\s+to)\s+(?:a|an|the|one|some|my\s+first)\s+(?:(?:new|first)\s+)?"
    r"(?:(?:glass|cup|pint|bottle|bowl|slice|plate|can|bit|piece|episode)\s+of\s+)?"
    r"(?P<obj>[a-z][\w'-]*(?:\s+[a-z][\w'-]*)?)"
    r"(?=\s*(?:[,.;!]|$)|\s+(?:at|last|yesterday|today|tonight|on|in|for|with|and|but|again)\b)",
    re.IGNORECASE,
)
# a thing and the passion for it in one word: "Geoffrey is cricket mad", "golf-obsessed"
_THING_MAD = re.compile(
    r"\b(?:is|are|'s|'re|he's|she's|so|totally|completely)\s+(?P<obj>[a-z][a-z0-9]+)[- ]"
    r"(?:mad|crazy|obsessed)\b",
    re.IGNORECASE,
)
# a thing put first, then the user's clause about it: "Fado, honestly i find it kind of
# depressing" (not "not allergic, i just hate it", "Back from Copenhagen, it was great")
_PUT_FIRST = re.compile(
    r"^\W*(?P<thing>(?!(?:i|i'm|im|my|we|so|ok|okay|yes|yeah|no|nah|not|never|well|oh|also|and|"
    r"but|honestly|actually|tbh|lol|haha|hi|hey|thanks|sorry|sure|right|hmm|cool|great|nice|just|"
    r"really|very|too|maybe|probably|definitely|absolutely|totally|same|true|fair|exactly|fine|"
    r"good|back|from|in|at|on|after|before|since|for|with|to|about|today|tonight|now|then|anyway|"
    r"sadly|luckily|apparently|otherwise|either|because)\b)"
    r"[\w'&-]+(?:\s+[\w'&-]+){0,2}),\s+"
    r"(?P<rest>(?:[\w']+\s+){0,2}?(?:i|i'm|im|i've|i'd)\s.+)$",
    re.IGNORECASE,
)
# where the thing's words end: a new clause or an aside
_THING_END = re.compile(
    r"\s+(?:but|and|so|which|who|cause|cos|because|though|tho|i|i'm|im|i'd|we|with\s+a\s+passion|"
    r"lol|haha)\b.*$",
    re.IGNORECASE,
)
_POINTER = re.compile(r"\b(?:it|them|em)\b(?!')|\bit's\b|(?<=\s)'em\b", re.IGNORECASE)
_MAX_WORDS = 3  # a longer run is a clause, not a thing
# a thing and what is said of it: "the fado was beautiful", "the trams are so punctual here"
SAID_OF = re.compile(
    r"^\W*(?:\w+:\s*)?(?:the|these|those|this|that)\s+"
    r"(?P<obj>(?!(?:one|ones|thing|things)\b)[\w' -]{2,30}?)\s+(?:is|are|was|were)\b",
    re.IGNORECASE,
)


def antecedent(clause: str) -> str | None:
    """What "it" in the next clause refers to: the object of a stance ("my partner hates
    cilantro but I love it"), of something done ("finished wolf hall and loved it"), or what
    the clause is about ("the trams are so punctual here, honestly i love them")."""
    earlier = parse_clause(clause, anyone=True)
    if earlier:
        return earlier[2]
    found = DONE.match(clause) or SAID_OF.match(clause)
    if found is None:  # "nuts are fine I suppose but I'm not mad on them" (but in "no sugar
        shaped = pre_object(clause)  # at all now and I prefer it", "it" is going without)
        return shaped[1] if shaped and not re.match(r"\W*(?:no|zero)\b", clause, re.I) else None
    return found.group("obj")


def named_thing(sentence: str) -> str | None:
    """The thing a sentence sets up for the next one to judge: the object of a liking said of
    anyone ("he is obsessed with golf"), a thing and its passion in one ("cricket mad"), or a
    thing tried ("had one glass of wine")."""
    found = [
        *_LIKING.finditer(sentence),
        *_THING_MAD.finditer(sentence),
        *_DRAWN_IN.finditer(sentence),
        *_TRIED.finditer(sentence),
        *_TAKEN_TO.finditer(sentence),
    ]
    if not found:
        return None
    last = max(found, key=lambda m: m.start())
    thing = clean_object(_THING_END.sub("", last.group("obj")))
    if not thing or _POINTER.fullmatch(thing):
        return None
    if len(thing.split()) > _MAX_WORDS:
        thing = head_noun(thing)
    return thing or None


def put_first(sentence: str) -> tuple[str, str] | None:
    """(thing, the rest) for a sentence that names a thing first and then judges "it"."""
    found = _PUT_FIRST.match(sentence)
    if found is None or not _POINTER.search(found.group("rest")):
        return None
    return found.group("thing"), found.group("rest")


def named_before(sentence: str) -> str | None:
    """The thing named before the sentence's first pointer ("husband hates mushrooms with a
    passion, i could eat them every single day")."""
    found = _POINTER.search(sentence)
    return named_thing(sentence[: found.start()]) if found else None


def pointed(sentence: str, thing: str) -> str | None:
    """``sentence`` with its first "it" or "them" read as ``thing`` (None: it has none)."""
    found = _POINTER.search(sentence)
    if found is None:
        return None
    said = f"{thing} is" if found.group().lower() == "it's" else thing
    return sentence[: found.start()] + said + sentence[found.end() :]
