"""Which single-valued slot a stated fact fills: location, employer, job, name, diet or age.

A cue says *that* the user states a fact ("I'm ...", "I work ..."); this module says which slot
the fact fills, so that consolidation can let the newer value supersede the older one ("we
relocated to Vancouver" retires Toronto). It also names the vocabulary of work that the cue
grammar shares: businesses run, pastime groups joined, roles to come.
"""

from __future__ import annotations

import re

from personify.learn.extract.clauses import (
    KIN_MODIFIERS,
    OCCUPATION,
    RELATIVES,
    SOME_OF_THEM,
    head_noun,
    slot_object,
)
from personify.models import MemoryKind

# fields of work: "I work in IT" names a job, "I work in Leeds" a place
WORK_FIELD = (
    r"(?:it|hr|sales|marketing|finance|tech|accounting|retail|healthcare|education|law|insurance|"
    r"logistics|construction|hospitality|real\s+estate|publishing|advertising|pharma|banking|"
    r"government|research|software|media|fashion|engineering|admin|customer\s+service|"
    r"social\s+care|recruitment|consulting|tourism|film|tv|music|events|procurement)"
)

# running one of these is a job: "I run a printing shop in Nairobi"
BUSINESS = (
    r"(?:shop|business|company|caf[e\u00e9]|restaurant|salon|bakery|studio|clinic|practice|firm|"
    r"farm|store|stall|agency|pub|bar|garage|nursery|hostel|b&b|guesthouse|florist|barbershop|"
    r"barber\s*shop|food\s+truck|kiosk|boutique|deli|pharmacy|consultancy|startup|charity|"
    r"daycare|vineyard|winery|brewery|gym|hotel|school|workshop|taqueria|pizzeria|bookshop|"
    r"bookstore|butchery|butcher's|laundromat|tour\s+company|travel\s+agency|roastery|takeaway|"
    r"bistro|coffee\s+shop|food\s+stall|market\s+stall|catering\s+company|office|outfit|"
    r"hostal|izakaya|trattoria|cantina|spa|dealership|warehouse|franchise|kitchen|"
    r"bed\s+and\s+breakfast)(?:e?s)?"
)
# teaching as a job said in the present: "i'm now teaching hospitality & catering" (not "I'm
# teaching my son to ride a bike")
TEACHING = (
    r"(?:am|'m)\s+(?:now\s+|currently\s+)?(?:teaching|tutoring)(?!\s+(?:my|his|her|our|"
    r"the\s+kids|him|them|myself|me)\b)"
)
# running a business, or opening one: "we own a little cafe", "opening a tiny roastery in leeds"
OPENS_A_BUSINESS = (
    r"(?:run|running|own|manage|(?:are|'re|am|'m)\s+opening|opened|just\s+opened|started|"
    r"launched|set\s+up)"
)
# what comes before the business: "run a", "own 2", "running our"
A_BUSINESS = r"(?:a|an|my|our|two|three|four|\d+)"
# "a gym membership", "a school run": the business names something else the user has
NOT_A_BUSINESS = (
    r"(?!\s+(?:membership|pass|card|class|classes|session|appointment|bag|voucher|subscription|"
    r"booking|ticket|run|trip|friend|mate|buddy|uniform|kit|order|account|loyalty|pool|party|"
    r"raffle|quiz|fundraiser|meeting|hours|chair|job|space|supplies|manager)\b)"
)

# a role to come, named with where: "from June I will be financial controller at CD Projekt"
# (not "I'll be there at noon")
FUTURE_ROLE = (
    r"(?!(?:there|here|back|home|out|in|late|early|free|busy|done|away|off|on|up|around|ready|"
    r"working|staying|arriving|landing|meeting)\b)[\w-]+(?:\s+[\w-]+){0,2}\s+at\s+(?-i:[A-Z])"
)

# joining one of these is taking up a pastime, not a job
HOBBY_GROUP = (
    r"(?:choir|club|team|group|society|band|league|orchestra|circle|class|classes|gym|crew|"
    r"ensemble|troupe)"
)

_SLOTS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"\b(?:live|living|based|settled|renting|staying)\s+(?:(?:up|down|out|over|back|off\s+base|"
            r"on\s+base|off\s+campus)\s+)?"
            r"(?:in|near|outside|out\s+of)|"
            r"\b(?:moved|relocated)\b|\bthe\s+move\s+to\b|\bshifted\s+(?:\w+\s+)?to\b|\bcame\s+(?:back|home)\s+to\b|\bleft\s+\S+(?:\s+\S+)?\s+for\s+[A-Z]|"
            r"\bmade\s+the\s+move\b|\bsigned\s+(?:a|the)\s+lease\b|"
            r"\b(?:bought|rent|renting|rented|signed(?:\s+for)?|found|closed\s+on|got\s+the\s+keys\s+to)\s+"
            r"(?:a|our|my|the)\s+(?:\w+\s+){0,2}(?:house|flat|apartment|place|home|condo|room)\s+in\b|"
            r"\bcall\s+\S+(?:\s+\S+)?\s+home\b|"
            r"(?:'ve|have)\s+(?:now\s+)?been\s+(?:living\s+)?in\b|\bback\s+(?:home\s+)?in\b|"
            r"(?:'ve|have)\s+(?:now\s+)?lived\s+in\b|"
            r"(?<!met\sat\s)(?<!from\s)\b(?:uni|university|college)\s+in\b|"
            # (not one sold, left or let out: "we sold our house in Leeds")
            r"(?<!sold\s)(?<!left\s)(?<!out\s)"
            r"\b(?:my|our)\s+(?:new\s+|own\s+)?(?:place|flat|apartment|house|home|condo)\s+(?:is\s+)?in\b|"
            r"(?:'m|am|'re|are)\s+(?:(?:now|still|currently|based|down|up|over|out|finally|officially|"
            r"properly)\s+)?(?:in|from)\s+"
            r"[a-z]|\b(?:am|'m|are|'re)\s+(?:now\s+)?in\b.*\bnow\b|"
            r"\b(?:am from|'m from|grew up in)\b",
            re.I,
        ),
        "location",
    ),
    (
        re.compile(
            r"\b(?:work(?:ing)? (?:at|for)|started (?:a new job )?at|"
            r"(?:hired|employed|taken on) by|been at (?=(?-i:[A-Z]))|took the (?=(?-i:[A-Z]))|"
            rf"joined(?!\s+(?:the|a|an|my|our)\s+(?:[\w'-]+\s+){{0,3}}{HOBBY_GROUP}\b))\b",
            re.I,
        ),
        "employer",
    ),
    (
        re.compile(
            rf"\b(?:{OPENS_A_BUSINESS}\s+{A_BUSINESS}\s+(?:[\w'-]+\s+){{0,3}}{BUSINESS}"
            rf"{NOT_A_BUSINESS}|"
            r"got\s+(?:a|an|the)\s+(?:[\w'-]+\s+){0,2}(?:gig|job|position|role|post|contract))\b|"
            r"\bwork(?:ing|ed)?\s+(?:[\w-]+\s+){1,6}?as\s+an?\b|"
            r"\b(?:work(?:ing|ed)? as|work(?:ing)? in|job|freelancing|self[- ]employed|retired|"
            r"became an?|qualified as|freelance as|studying|"
            r"resigned|"
            r"handed in my notice|"
            r"unemployed|between jobs|laid off|fired|redundant|no longer a|now a|parental leave|"
            r"retirement|retired from|"
            r"started as|started working as|started work as|new job as|promoted to|teach|tutor|"
            rf"{TEACHING}|"
            r"went freelance|went self[- ]employed|went part-time|years? as|yrs? as|"
            r"working freelance|work freelance|"
            r"long hours as|remotely as|full-time as|part-time as|"
            r"quit my job|left my job|start as|starting as|selected as|hired as|taken on as|"
            r"accepted as|offered a job as|(?<!under )(?<!over )\d+ and an?)\b|"
            # "from June I will be financial controller at CD Projekt"
            rf"\b(?:will|'ll)\s+be\s+(?:(?:a|an|the)\s+)?{FUTURE_ROLE}|"
            r"\bdo\s+[\w ]{3,30}\s+(?:from home|for a living)",
            re.I,
        ),
        "job",
    ),
    (re.compile(r"\bmy name\b", re.I), "name"),
    (
        re.compile(r"\b(?:vegan|vegetarian|pescatarian|carnivore|keto|paleo|halal|kosher)\b", re.I),
        "diet",
    ),
    (
        re.compile(
            r"\b\d+\s+years?\s+old\b|"
            r"\b(?:i'm|i am|im)\s+(?:\w+\s+)?\d{1,2}\s*(?:$|[,.!]|\s+(?:and|now|"
            r"this|next|so|but|btw|if)\b)",
            re.I,
        ),
        "age",
    ),
]
ABOUT_OTHERS = re.compile(
    # (after a short label: "quick q: my daughter starts uni in Galway")
    rf"\W*(?:[\w' ]{{1,20}}:\s*)?(?:(?:and|but|so|also|now|oh|well|btw|plus|then)\W+)*"
    rf"(?:(?:my|our)\s+{KIN_MODIFIERS}"
    rf"(?:{RELATIVES})\b(?!\s+and\s+(?:me|i|myself)\b)|{SOME_OF_THEM})",
    re.IGNORECASE,
)


def slot_of(clause: str, kind: MemoryKind, obj: str = "") -> str | None:
    if kind not in (MemoryKind.FACT, MemoryKind.CONSTRAINT):
        return None
    if ABOUT_OTHERS.match(clause):
        return None  # "my wife's vegetarian": a fact about the user's world, not their diet
    role = (
        kind == MemoryKind.FACT
        and OCCUPATION.search(head_noun(slot_object(obj)))
        and not re.search(r"\b(?:user|lover|fan|owner|person|eater|drinker|sleeper)$", obj, re.I)
    )
    if role and re.search(r"\bmarried\s+to\s+(?:a|an)\b", clause, re.I):
        return None  # "married to an ER nurse": the spouse's job
    if role and _BEING_A.search(clause):
        return "job"  # "I'm a tax attorney in Chicago": the role, not the town it is in
    for pattern, slot in _SLOTS:
        if slot in ("location", "employer", "job") and pattern.search(clause):
            return slot
    # what the user is comes before a diet or an age said after it: "im a builder, 52, doing
    # keto since christmas"
    if role:
        return "job"  # "I'm a pharmacist", "I'm an ICU nurse"; before "at 43 years old"
    if kind == MemoryKind.FACT and _ROLE_AT.match(obj) and _BEING_A.search(clause):
        return "job"  # "I'm a PM at a fintech in Seoul", "an audit senior at Deloitte"
    for pattern, slot in _SLOTS:
        if slot in ("name", "diet") and pattern.search(clause):
            return slot
    return "age" if _SLOTS[-1][0].search(clause) else None


# "I'm a/an <a few words> at/for <a named or an "a ..." organisation>" names a role, whatever
# the words (titles are open-ended: "PM", "audit senior", "L2 support"), unless it is one of
# the ways of being somewhere that is no job
_BEING_A = re.compile(
    r"\b(?:am|'m|im)\s+(?:(?:now|currently|still|officially)\s+)?(?:a|an)\s|"
    # the role a workplace is held in: "I work at Lidl as a cashier"
    r"\b(?:work|working|works|worked|employed|hired|started)\s+(?:at|for|in)\s+[^,.;]{1,40}?"
    r"\bas\s+(?:a|an)\s",
    re.IGNORECASE,
)
_ROLE_AT = re.compile(
    r"^(?!(?:regular|member|guest|customer|patient|client|visitor|fan|subscriber|user|passenger|"
    r"tourist|newbie|beginner|local|foreigner|stranger|mess|wreck|bit|little|lot|huge|big|"
    r"total|complete|sucker|stickler|pushover|believer|nightmare|pain|day|week|month|year|hour|"
    r"minute|few|couple)\b)[\w-]+(?:\s+[\w-]+){0,2}\s+"
    r"(?:at\s+(?:(?-i:[A-Z])|(?:a|an|the)\s+(?-i:[a-z]))|for\s+(?-i:[A-Z]))(?![^?]*\?)",
    re.IGNORECASE,
)
