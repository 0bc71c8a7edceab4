"""A stay away from home told by its reason or its length: "I'm in Paris for a conference", "been
in Rome 2 days for work", "staying in Oslo for the weekend", "we're in cardiff tonight". The
towns such a sentence names are where the user is only staying, not where they live.
"""

from __future__ import annotations

import re

# a stay named with its reason or its end: "I'm in Paris for a conference", "been in Rome 2 days
# for work", "staying in Oslo for the weekend", "I'm in Madrid visiting my sister" (not a move,
# "moved to Leeds for work", nor a stay told as lasting till now, "been in Leeds a week now")
_BEING_IN = (
    r"(?:'m|\bam|\bim|'re|\bare|\bbeen|\bstaying|\bstopping|\bstuck)\s+"
    r"(?:(?:here|there|still|currently|now|over|out|down|up|back)\s+)?in\s+"
)
_PRESENT_IN = re.compile(_BEING_IN + "$", re.IGNORECASE)
_FOR_A_STAY = re.compile(
    r"^[^,;.!?]*?\b(?:"
    r"for\s+(?:a|an|the|my|our|his|her|their|this|[\w-]+'s)\s+(?:[\w'-]+\s+){0,2}?"
    r"(?:conference|wedding|funeral|meeting|trip|holiday|vacation|break|weekend|week|night|"
    r"festival|gig|concert|match|game|race|course|workshop|training|summit|interview|"
    r"hen\s+do|stag\s+do|stag|hen|visit|layover|stopover|christening|graduation|birthday|"
    r"few\s+days|couple\s+(?:of\s+)?days)\b(?!\s+(?:now|already)\b)|"
    r"for\s+(?:\d+|one|two|three|four|five|six|a\s+few|a\s+couple\s+of)\s+(?:days?|nights?)\b"
    r"(?!\s+(?:now|already)\b)|"
    r"(?:for\s+)?(?:\d+|one|two|three|four|five|six|a\s+few|a\s+couple\s+of)\s+(?:days?|nights?)"
    r"\s+for\b|"
    r"for\s+work\s+(?:this|next|till|until|til|for)\b|"
    # (weeks are a stay only ahead: "been in Leeds three weeks" tells of a move)
    r"(?P<weeks>for\s+(?:a|one|two|three|a\s+few|a\s+couple\s+of)\s+weeks?\b)"
    r"(?!\s+(?:now|already)\b)|"
    r"on\s+(?:a\s+|my\s+|our\s+)?(?:holiday|hols|vacation|trip|business|work\s+trip|"
    r"business\s+trip|layover|stopover|honeymoon|tour|break)\b|"
    r"visiting|(?:just\s+)?passing\s+through|tonight|for\s+the\s+night|this\s+week(?:end)?\s*$)",
    re.IGNORECASE,
)


# being at an event in a town tells the reason first: "i'm at a workshop in ghent next week"
_AT_AN_EVENT = re.compile(
    r"(?:'m|\bam|\bim|'re|\bare|\bbeen|\bwill\s+be|'ll\s+be)\s+(?:at|on)\s+(?:a|an|the|my|our)\s+"
    r"(?:[\w'-]+\s+){0,2}?(?:conference|workshop|wedding|funeral|meeting|summit|course|training|"
    r"festival|retreat|tournament|trade\s+show|fair|residency|placement|secondment|"
    r"site\s+visit)\s+in\s+$",
    re.IGNORECASE,
)


def only_a_stay(before: str, after: str) -> bool:
    """Whether being in a town (the words ``before`` and ``after`` it) is a stay away from home
    told by its reason or length ("I'm in Paris for a conference", "i'm at a workshop in
    ghent"): not where the user lives."""
    if _AT_AN_EVENT.search(before):
        return True
    verb = _PRESENT_IN.search(before)
    stay = _FOR_A_STAY.match(after)
    if verb is None or stay is None:
        return False
    return not (stay.group("weeks") and "been" in verb.group().lower())


def stays_away(sentence: str) -> bool:
    """Whether the sentence tells of a stay away from home (:func:`only_a_stay`): the towns it
    names, "a gym near Mitte" as well as "Berlin", are where the user is only staying."""
    return any(
        only_a_stay(sentence[: m.end()], sentence[m.end() :])
        for m in re.finditer(_BEING_IN, sentence, re.IGNORECASE)
    ) or any(_AT_AN_EVENT.search(sentence[: m.end()]) for m in re.finditer(r"\bin\s+", sentence))


# where the user is put up or works a spell, not where they live: "we're in a premier inn in
# worcester", "subletting a room in bushwick", "on a 13 week contract in seattle", "deckhand on a
# salmon tender in bristol bay for the season"
_PUT_UP_IN = re.compile(
    r"\b(?:(?:premier\s+inn|travelodge|hotel|motel|airbnb|air\s*bnb|hostel|b\s*&\s*b|guest\s*house|"
    r"sublet|caravan|campsite|holiday\s+let)|(?:subletting|sub-letting)\s+"
    r"(?:a|my|the)\s+(?:[\w-]+\s+)?(?:room|flat|place|apartment|studio)|(?:\d+|one|two|three|four|"
    r"six|eight|ten|twelve|thirteen)[\s-]+(?:week|month)\s+(?:contract|placement|assignment|"
    r"rotation|stint))\s+(?:in|at|near|outside)\s+$",
    re.IGNORECASE,
)
_FOR_A_SPELL = re.compile(r"^[^,;.!?]{0,30}?\bfor\s+the\s+season\b", re.IGNORECASE)
# a home the user owns but does not live in: "our house in San Antonio we're renting out", "our
# own house in colchester is let out"
_LET_OUT = re.compile(
    r"^[^,;.!?]{0,15}?\b(?:(?:is|are|'s)\s+(?:now\s+)?(?:let|rented)\s+out|(?:we're|we\s+are|i'm|"
    r"im|i\s+am)\s+(?:now\s+)?(?:renting|letting)\s+(?:it\s+)?out|(?:is|'s)\s+(?:on\s+the\s+market|"
    r"up\s+for\s+sale))\b",
    re.IGNORECASE,
)


def not_lived_in(before: str, after: str) -> bool:
    """Whether a town (the words ``before`` and ``after`` it) is where the user is only put up
    or works a spell, or where a home of theirs is let out: no home."""
    return bool(_PUT_UP_IN.search(before) or _FOR_A_SPELL.match(after) or _LET_OUT.match(after))
