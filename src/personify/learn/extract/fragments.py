"""A stance's object cut down to the thing it names, or nothing when it names none.

Typed chat runs a stance on into what comes next: "ooh red earl grey", "pork pls i don't eat it",
"coconut, weird i know", "garlic is". The thing is the words before the new clause, without the
interjection ahead and the function word left hanging; what keeps no content word ("yes I know",
"lol no", "i don't hate") was never a thing liked or disliked.
"""

from __future__ import annotations

import re

from personify.lexical import term_set

# (not "well" or "so": "well-done steak", "so-called ...")
_INTERJECTION = re.compile(
    r"^\W*(?:(?:ooh+|oh+|eek|ugh+|yes|yeah|yep|yup|nah|nope|ok|okay|lol|haha+|hmm+|wow|aw+|omg|"
    r"ah+|erm+|um+|me\s*,?\s*(?:i'm|im|i\s+am))\b[\s,!.]*)+",  # ("me i'm chicken rice all the way")
    re.IGNORECASE,
)
# a new clause with its own subject: "... i don't eat it", "... its sweet of him"
_NEW_CLAUSE = re.compile(
    r"(?:\s*[,;]\s*(?:\w+\s+)?|\s+(?:but|and|so|cos|because|like)\s+|\s+|^)"
    r"(?:i|i'll|ill|i'm|im|i'd|i've|ive|you|you're|we|we're|it's|its|that's|thats|he|she|they|"
    r"he's|she's|they're)\s+\S.*$",
    re.IGNORECASE,
)
_HANGING = re.compile(
    r"(?:(?:[\s,;:]|\s-)+(?:like|the|a|an|of|to|but|and|or|for|with|at|in|on|from|by|than|as|"
    r"that|which|who|is|are|was|were|be|been|my|your|our|their|his|her|it|its|so|if|because|cos|"
    r"about|into|unless|when|where|while|once|before|after|since|how|what|why|more|ever|can|do|"
    r"go|goes|feels|seems|looks|sounds|pls|please|btw|tbh|ngl|lol|haha|rn|weird|honestly))+\W*$",
    re.IGNORECASE,
)


# when it was, or what it did, said after the thing: "keto last month, was making me miserable"
_AFTER_THE_THING = re.compile(
    r"\s+(?:last|this|next)\s+(?:week|month|year|night|summer|winter|spring|autumn)\b.*$|"
    r"\s+(?:yesterday|today|tonight|ago)\b.*$|"
    r"\s*,\s*(?:was|were|it\s+was|made|making|kept|keeps)\s.*$|"
    # what it means for them: "a massive IPA guy so this is grim"
    r"\s+so\s+(?:this|that|it)\b.*$",
    re.IGNORECASE,
)
_A_KIND_OF_PERSON = re.compile(r"(?<=\w)\s+(?:guy|gal|girl|person|lad|type)$", re.IGNORECASE)
_NO_THING = frozenset(
    "still also just though tho yet even really again anyway too kidding joking thinking".split()
)
# what is not needed is no taste: "no table needed", "no sides required"
_NOT_NEEDED = re.compile(r"\b(?:needed|required|necessary)\W*$", re.IGNORECASE)


# a reaction said as what is ahead, no aim: "i'm going to cry", "gonna have a breakdown"
_REACTION = re.compile(
    r"^\W*(?:cry|scream|die|explode|faint|pass\s+out|throw\s+up|be\s+sick|lose\s+(?:it|my\s+mind)|"
    r"have\s+a\s+(?:breakdown|meltdown|heart\s+attack|panic\s+attack))\b",
    re.IGNORECASE,
)


def a_reaction(obj: str) -> bool:
    """Whether what is "going to" happen is how the user will take something ("cry")."""
    return _REACTION.match(obj) is not None


# a sentence of its own, no thing: "pods are healthy", "the kids were asleep" (not "people who
# are rude", where what they are says which people)
_A_STATE = re.compile(
    r"^\W*(?!.*\b(?:who|that|which)\b)(?:[\w'-]+\s+){1,3}(?:is|are|was|were)\s+"
    r"(?:so\s+|very\s+|really\s+|all\s+|too\s+|totally\s+)?[\w'-]+\W*$",
    re.IGNORECASE,
)


# what is wanted or refused for someone else: "no spice for them", "extra cheese for the kids"
_FOR_OTHERS = re.compile(
    r"\bfor\s+(?:them|him|her|the\s+(?:kids|kid|baby|boys|girls|twins)|my\s+\w+|\w+'s)\W*$",
    re.IGNORECASE,
)


# a question or a request where the thing should be, from a filler "like" or a "can you ...":
# "like is it worth it for a skier", "give me a time recording habit I can actually do"
_NO_THING_AHEAD = re.compile(
    r"^\W*(?:is|are|was|were|am|do|does|did|can|could|would|will|should|what|how|why|where|who|"
    r"(?:give|tell|show|send|help)\s+(?:me|us))\b",
    re.IGNORECASE,
)


def thing_named(obj: str) -> str | None:
    """``obj`` cut to the thing it names ("pork pls i don't eat it" -> "pork"), or ``None``."""
    if _NOT_NEEDED.search(obj) or a_reaction(obj) or _A_STATE.match(obj):
        return None
    if _NO_THING_AHEAD.match(obj):
        return None
    if someone := _FOR_OTHERS.search(obj):  # (what they do for them is theirs: "cooking")
        obj = obj[: someone.start()].strip()
        if not re.match(r"\w+ing\b", obj):
            return None
    thing = _INTERJECTION.sub("", obj)
    thing = _AFTER_THE_THING.sub("", _NEW_CLAUSE.sub("", thing))
    thing = _A_KIND_OF_PERSON.sub("", thing)  # "IPA guy": IPA
    thing = _HANGING.sub("", " " + thing).strip(" ,;:-.!?")
    if thing.lower() in _NO_THING:
        return None  # "still a no": an adverb where the thing was, said a sentence before
    return thing if any(not t.isdigit() for t in term_set(thing)) else None  # ("another 10")
