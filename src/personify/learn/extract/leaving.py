"""What the user leaves behind: an employer ("Friday was my last day at Nokia"), a town ("moved
here from Brisbane"), a home given up, a workplace named by what it is ("I quit the restaurant")
or notice given. History from the start, so a persona never reads it as how the user is now."""

from __future__ import annotations

import re

from personify.learn.extract.clauses import OTHER_SUBJECT
from personify.learn.extract.disclosure import HYPOTHETICAL
from personify.learn.extract.gazetteer import towns
from personify.learn.extract.places import NOT_PLACES

# an organisation's name, as typed with capitals: "Deloitte", "Harlow & Pike", "Bank of Ireland"
# a home, a job or a trade said to be over, or denied outright: "I'm no longer a cellist",
# "i don't live in leeds anymore", "and i don't work at shopify"
NO_LONGER = re.compile(
    r"\bno longer\b|\bnot (?:a|an) \w+ any ?more\b|"
    r"\b(?:don't|dont|do\s+not|never)\s+(?:actually\s+|really\s+)?(?:live|work)\s+(?:in|at|for|as)\b",
    re.IGNORECASE,
)

ORG_NAME = (  # (a dot only inside a name: "B.Braun", not the full stop after "Deloitte.")
    r"(?-i:[A-Z](?:[\w&'-]|\.(?=\w|\s+[A-Z]))+(?:\s+(?:&\s+)?(?:[A-Z](?:[\w&'-]|\.(?=\w))*|of|de)){0,3})"
)
# what the user has left behind: "Friday was my last day at Nokia", "moved here from Brisbane",
# "after quitting Deloitte" (not "moving from Madrid in June": not yet)
_LEFT_BEHIND = re.compile(
    rf"\b(?:my\s+last\s+(?:day|shift|week)|(?:handed|handing|put)\s+in\s+(?:my|the)\s+notice|"
    rf"resigned)\s+(?:at|with|from)\s+(?:the\s+)?(?P<org>{ORG_NAME})|"
    rf"\b(?:left|leaving)\s+(?P<org2>{ORG_NAME})"
    r"(?=\s+(?:for|after|in|last|this|to|and|but|so|i)\b|\s*[,.;!]|$)|"
    rf"\b(?:quit|quitting)\s+(?P<org3>{ORG_NAME})(?=\s+(?:for|after|in|last|this|to|and|but|so|i)\b|"
    r"\s*[,.;!]|$)|"
    # "I leave Deloitte on 29 May": an employer (a town left on a date is a trip)
    rf"\bi\s+(?:(?:finally|officially)\s+)?leave\s+(?P<org4>{ORG_NAME})(?=\s+(?:on|in|at\s+the\s+end|"
    r"after|this|next)\b)|"
    # "handed my notice in at lloyds today", "handed my apron back at costa", "quit doing sound
    # at the crescent": a name typed in lower case
    r"\b(?:(?:handed|handing|put)\s+(?:in\s+)?(?:(?:my|the)\s+)?(?:notice(?:\s+in)?|(?:apron|badge|"
    r"lanyard|uniform|keys)\s+(?:back|in))|quit\s+(?:doing\s+\w+|working|my\s+job))\s+at\s+"
    r"(?:the\s+)?(?P<org5>(?!(?:the|a|my|work)\b)[a-z][\w&'-]+(?:\s+(?!(?:today|yesterday|this|last|and|but|so|"
    r"for|on|lol|haha)\b)[a-z][\w&'-]+)?)(?=\s+(?:today|yesterday|this|last|and|but|so|for|on|lol|"
    r"haha|tho)\b|\s*[,.;!]|$)|"
    # "we gave up on stroud, 50 min commute each way": a town given up (if known)
    r"\b(?:gave|given|giving)\s+up\s+on\s+(?P<place6>[\w' -]{2,30}?)(?=\s*[,.;!]|\s+(?:and|for|"
    r"after|because|so)\b|$)|"
    r"\b(?:moved|relocated|came|escaped|emigrated)\s+(?:over\s+|down\s+|"
    r"up\s+|here\s+|back\s+)?from\s+(?P<place>[\w' -]{2,40})|"
    # "finally left lisbon, signed a place in porto": a town typed in lower case, if known
    r"\b(?:left|leaving)\s+(?P<place2>[a-z][\w' -]{2,30}?)(?=\s*[,.;!]|\s+(?:for\s+good|"
    r"behind|last|and|for)\b|$)|"
    # a home given up: "gave up my apartment in Seattle", "we're out of our mississauga place"
    r"\b(?:gave\s+up|given\s+up|giving\s+up|moved\s+out\s+of|moving\s+out\s+of|left|"
    r"handed\s+back)\s+(?:my|our|the)\s+(?:[\w-]+\s+)?(?:apartment|flat|house|place|home|condo|"
    r"room|lease)\s+in\s+(?P<place3>[\w' -]{2,30}?)(?=\s*[,.;!]|\s+(?:and|for|last|to|after|"
    r"because|so)\b|$)|"
    r"\b(?:we're|we\s+are|i'm|im|i\s+am)\s+out\s+of\s+(?:my|our)\s+(?P<place4>[\w' -]{2,30}?)\s+"
    r"(?:place|flat|apartment|house|condo)\b|"
    # "the Ljubljana chapter is officially closed"
    r"\bthe\s+(?P<place5>[\w' -]{2,30}?)\s+(?:chapter|era|years)\s+(?:is|are)\s+(?:now\s+)?"
    r"(?:officially\s+|finally\s+)?(?:closed|over|done|finished)\b",
    re.IGNORECASE,
)
# a workplace named by what it is: "I quit the restaurant", "left my job in march" (the job held
# there ends, whatever it was called); or by a word of the job's own ("i quit the chain", of a
# "barista at a chain place"), which ends only a job or employer holding that word
_LEFT_WORK = re.compile(
    r"\b(?:quit|quitting|left|leaving|resigned\s+from|resigning\s+from|(?:(?:handed|handing|put)\s+"
    r"in|giving|gave|given|give)\s+(?:(?:my|the|in\s+my)\s+)?notice\s+at)\s+(?:the|my)\s+(?:(?P<work>(?:day\s+)?job|restaurant|caf[e\u00e9]|"
    r"bar|shop|hospital|firm|company|agency|bank|office|practice|clinic|warehouse|factory|kitchen|"
    r"salon|studio|hotel|store)\b|(?P<held>(?!(?:house|home|party|room|app|game|group|chat|gym|"
    r"car|bus|train|plane|building|country|city|town|kids?|dog|door|lights?|stove|oven|tap|"
    r"keys?|phone|team|band|club|course|class|show|match|race|league|site|page|server|meeting|"
    r"call|bed|table|coast|area|island|village|region|north|south|east|west|uk|us|"
    r"states|mainland|suburbs|countryside)\b)[a-z][\w-]{2,})(?=\s*[,.;!]|$|\s+(?:in|last|this|after|and|for|"
    r"to|because|cos|so)\b))|"
    # "I gave up my job as a travel agent for this"
    r"\b(?:gave|given|giving)\s+up\s+(?:my|the)\s+(?P<work2>(?:day\s+)?job|career)\b|"
    # "last day as a lecturer today": the job held ends
    r"\blast\s+(?:day|shift|week)\s+as\s+(?:a|an)\s+(?P<work3>[a-z][\w-]{2,})",
    re.IGNORECASE,
)

# notice given with no workplace named: "handed my notice in today!!", "I've resigned"
_GAVE_NOTICE = re.compile(
    r"\b(?:handed|put|gave|given)\s+(?:in\s+)?(?:my|the)\s+notice\b(?!\s+(?:at|to|in\s+at)\b)|"
    r"\b(?:i|i've|i\s+have|just|finally|officially)\s+resigned\b(?!\s+(?:from|at|with)\b)",
    re.IGNORECASE,
)


def left_behind(sentence: str) -> list[tuple[str, str, bool]]:
    """(slot, value, every job) of an employer or a town the user says they have left, or
    ("job", "the restaurant", True) for a workplace named only by what it is, whose job ends
    whatever it was called, or ("job", "the chain", False) for a word that ends only the job
    holding it: history from the start, so a persona never brings it up as how the user is now."""
    if OTHER_SUBJECT.match(sentence.strip()) or HYPOTHETICAL.search(sentence):
        return []
    out: list[tuple[str, str, bool]] = []
    if _GAVE_NOTICE.search(sentence) and not _LEFT_WORK.search(sentence):
        out.append(("job", "the job", True))
    for match in _LEFT_WORK.finditer(sentence):
        work = next(match.group(g) for g in ("work", "work2", "work3", "held") if match.group(g))
        out.append(("job", f"the {work.lower()}", not match.group("held")))
    for match in _LEFT_BEHIND.finditer(sentence):
        place = next(
            (
                match.group(g)
                for g in ("place", "place2", "place3", "place4", "place5", "place6")
                if match.group(g)
            ),
            None,
        )
        if place:
            named = towns(place)
            if named and named[0][0] == 0:
                out.append(("location", named[0][2], False))
            continue
        org = next(
            match.group(g) for g in ("org", "org2", "org3", "org4", "org5") if match.group(g)
        )
        # a job is quit, a town left ("left Lagos last year"); a town left on a date is a trip
        named = towns(org) if match.group("org2") or match.group("org4") else []
        if named and named[0][0] == 0 and named[0][1] == len(org):
            if match.group("org2"):
                out.append(("location", named[0][2], False))
        elif not NOT_PLACES.match(org):
            out.append(("employer", org, False))
    return out


def names_left(obj: str, left: set[str]) -> bool:
    """Whether a stance's object is, or ends in, a thing the user left or a home they named
    ("doing sound at the crescent" after quitting the crescent): no taste of theirs."""
    return obj in left or any(re.search(rf"\b{re.escape(w)}$", obj) for w in left if w)
