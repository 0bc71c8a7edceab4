"""What a town or a trade read by the rules may be: the town named beside a dwelling, a
district or a part of it, where the user only comes from, and the values no home or job can
hold (a month, a feeling, a clause about someone else, a language), the role and town of a
workplace named with "as", and a stance a rule of the same sentence already says. The rule
extractor asks these before it keeps a candidate."""

from __future__ import annotations

import re

from personify.learn.extract import Candidate
from personify.learn.extract.clauses import (
    OCCUPATION,
    RELATIVES,
    clean_object,
    head_noun,
    slot_object,
)
from personify.learn.extract.gazetteer import names_a_town, towns
from personify.learn.extract.places import OUT_OF_TOWN
from personify.learn.extract.slots import slot_of
from personify.learn.extract.stays import not_lived_in, only_a_stay
from personify.lexical import overlap
from personify.models import MemoryKind

# a home with no town: "i live in an apartment with no garage"
_DWELLING = re.compile(r"^\s*(?:a|an)\s+(?-i:[a-z])", re.IGNORECASE)
# the home before the town it is in: "a condo in Raleigh", "our little flat in Leeds"
_A_DWELLING = re.compile(
    r"(?:a|an|the|our|my)\s+(?:[\w-]+\s+){0,2}?(?:house|flat|apartment|condo|place|home|room|"
    r"bungalow|townhouse|duplex|caravan|houseboat|cottage|studio|maisonette|terrace)\s+in\s+"
    r"(?!(?:town|the\s+city|the\s+centre|the\s+center|the\s+country|the\s+suburbs|the\s+\w+\s+"
    r"(?:area|part|side|end))\b)(?=\w)",
    re.IGNORECASE,
)
_SOMEONES = re.compile(
    r"(?:hers|his|theirs|(?:my|our)\s+\w+['\u2019]s(?:\s+place)?)\s+in\s+(?=\w)", re.IGNORECASE
)
AROUND = re.compile(rf"(?:the\s+)?(?:{OUT_OF_TOWN}|middle\s+of\s+nowhere)\b", re.IGNORECASE)
# a part of a town: "Tucson's east side", "Leeds's outskirts"
_PART_OF_TOWN = re.compile(r"^(.+?)['\u2019]s?\s+\w")
# the town after a district: "in Karen, Nairobi"
_TOWN_AFTER = re.compile(r"^\s*,\s*((?-i:[A-Z])[\w-]+(?:\s(?-i:[A-Z])[\w-]+)?)\b")
_MOVED = re.compile(r"\b(?:we|i)(?:'ve|\s+have)?\s+(?:just\s+)?(?:moved|relocated)\b", re.I)
# a language, which one studies or learns as a goal, not a trade
LANGUAGE = (
    r"(?:english|german|french|spanish|italian|portuguese|dutch|arabic|mandarin|chinese|japanese|"
    r"korean|russian|polish|hindi|urdu|turkish|greek|swedish)"
)
SUBJECT_TAUGHT = re.compile(r"\b(teach|teaching|tutor|tutoring|study|studying)\s+\w", re.I)


def taught_role(subject: re.Match[str], obj: str) -> tuple[MemoryKind, str] | None:
    """What teaching or studying a subject (``subject``, a match of :data:`SUBJECT_TAUGHT` in
    the clause) makes the user: "I teach chemistry" a chemistry teacher, "studying nursing" a
    nursing student (the same job as "a secondary teacher", "a student", not a new one); "I
    study japanese" a goal, to learn Japanese. None when ``obj`` already names the role."""
    if OCCUPATION.search(head_noun(obj)):
        return None
    role = "student" if subject.group(1).lower().startswith("stud") else "teacher"
    taught = re.split(r"(?:^|\s+)(?:on|at|in|for|to|with|every|since|from|part|full)\b", obj)
    what = clean_object(taught[0])
    if role == "student" and re.fullmatch(LANGUAGE, what, re.I):
        return MemoryKind.GOAL, f"learn {what.capitalize()}"
    return MemoryKind.FACT, f"{what} {role}".strip()  # "I teach at USP": a teacher


_NO_TRADE = re.compile(
    r"(?:name's|names?\s+is|who|which|that|is|are|was|were|has|had|the|one|two|in|on|at|for|with|by|and|but|"
    rf"from|of|to)\b|\d+\s*$|{LANGUAGE}$",
    re.IGNORECASE,
)
_NO_PLACE = re.compile(
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|(?:mon|tues|wednes|thurs|fri|satur|sun)day|spring|summer|autumn|fall|winter|"
    r"christmas|easter|yesterday|today|tonight|tomorrow|weekend|next|last|this)|"
    r".*\b(?:me|you|us|them|him|it)",
    re.IGNORECASE,
)


# a place of work, then the role: "(I work in) the port of Hamburg as logistics planner"
_SERVED_AS = re.compile(
    r"(?P<org>(?:the\s+)?\w.{2,40}?)\s+as\s+(?:an?\s+)?(?P<role>[\w -]+?)\s*(?:,.*)?$", re.I
)
# the word after a name that makes it a workplace or a venue, not a town
_NAMED_PLACE = (
    r"(?-i:Hotel|Hospital|Clinic|Restaurant|Mall|Airport|University|College|School|Bank|Centre|"
    r"Center|Resort|Inn|Academy|Institute|Group)\b"
)
# where the user comes from, said beside where they live
ORIGIN = re.compile(r"\b(?:i'm|im|i\s+am)\s+(?:originally\s+)?from\b|\bgrew\s+up\s+in\b", re.I)
_AS_ROLE = re.compile(r"as\s+(?:a|an)\s+(?=\w)", re.IGNORECASE)
# a switch of things, not of towns: "I've mostly moved to PETG anyway"
_SWITCHED = re.compile(
    r"\b(?:mostly|largely|fully|completely|entirely|totally|basically|pretty\s+much|all)\s+"
    r"(?:moved|switched|shifted)\s+(?:over\s+)?to\b",
    re.IGNORECASE,
)


def served_as(obj: str) -> tuple[str, str | None] | None:
    """ "the port of Hamburg as logistics planner" -> the role and the town of the workplace."""
    served = _SERVED_AS.match(obj)
    role = slot_object(served["role"]) if served else ""
    if not served or not role or not OCCUPATION.search(head_noun(role)):
        return None
    town = towns(served["org"])
    return role, town[0][2] if town else None


def a_home_without_a_town(obj: str) -> bool:
    """ "an apartment with no garage": a home, not a place (but "a condo in Raleigh" names
    one)."""
    return bool(_DWELLING.match(obj)) and not _A_DWELLING.match(obj)


def opens_with_a_town(obj: str, clause: str) -> bool:
    """ "Plovdiv since 2012", "in Tartu": a job cue whose object is a town says where (not "a
    deli" nor "Melbourne as civil engineer": a trade)."""
    named = towns(obj[:40])
    if not named or obj[: named[0][0]].strip(" ,").lower().removeprefix("in").strip():
        return False
    return not served_as(obj) and not re.search(
        rf"\b(?:a|an|the|my|our)\s+{re.escape(obj[: named[0][1]])}", clause, re.I
    )


_JUST_A_JOB = re.compile(r"(?:a\s+)?job(?:\s+(?:in|at|on|for)\b.*)?$", re.IGNORECASE)
# a title held before: "ex-firefighter", "former paralegal"
_EX_TITLE = re.compile(r"(?:ex-|ex\s+|former\s+)(?=\w)", re.IGNORECASE)
_SELF_EMPLOYED = re.compile(r"self[- ]employed|freelanc\w*|my\s+own\s+boss", re.IGNORECASE)
_CHANGED = re.compile(
    r"\b(?:now|went|gone|going|became|become|since|these\s+days|any\s?more|quit|left|started|"
    r"just|finally|officially)\b",
    re.IGNORECASE,
)
# who is taught, not what the job is: "I'm teaching a group of 8 year olds tomorrow"
_A_GROUP = re.compile(
    r"(?:(?:a|an|the|my)\s+)?(?:group|class|bunch|lot|couple|few|load|handful|lesson|"
    r"session)s?\s+(?:of\b|tomorrow|today|tonight)",
    re.IGNORECASE,
)


def cue_slot(clause: str, kind: MemoryKind, obj: str) -> str | None:
    """The slot of a cue's object (:func:`slot_of`), set right by what the object is: "an
    apartment with no garage" is a home, not a place, and "product management at the same
    company" a team; "I live and work in Plovdiv" says where, not what; "im self employed" says
    how the user works, beside what they do."""
    slot = slot_of(clause, kind, obj)
    if slot == "location" and (
        a_home_without_a_town(obj) or re.match(r"(?:[\w-]+\s+){1,3}at\s+(?:the|a|an)\s", obj)
    ):
        return None
    if slot == "job" and opens_with_a_town(obj, clause):
        return "location"
    if slot == "job" and _SELF_EMPLOYED.fullmatch(obj.strip()) and not _CHANGED.search(clause):
        return None
    return slot


def holds_nothing(clause: str, slot: str | None, obj: str) -> bool:
    """Whether a cue's reading says nothing that lasts about the user: a group taught ("I'm
    teaching a group of 8 year olds tomorrow") or a stay away ("I'm in Paris for a
    conference")."""
    if slot == "job":
        return bool(_A_GROUP.match(obj.strip()))
    at = clause.find(obj)
    return slot == "location" and at >= 0 and only_a_stay(clause[:at], obj)


def past_the_dwelling(target: str) -> str:
    """ "a condo in Raleigh" -> "Raleigh"; "hers in Harrogate" (a daughter's) -> "Harrogate"."""
    dwelling = _A_DWELLING.match(target) or _SOMEONES.match(target)
    return target[dwelling.end() :] if dwelling else target


def the_town(target: str, clause: str) -> str:
    """The town a place read in ``clause`` lies in: "Tucson's east side" -> "Tucson", "Karen,
    Nairobi" -> "Nairobi" (a district no gazetteer holds, then its town)."""
    part_of = _PART_OF_TOWN.match(target)
    if part_of and towns(part_of.group(1)):
        target = part_of.group(1)  # "a little place in Tucson's east side"
    wider = (
        _TOWN_AFTER.match(clause[clause.find(target) + len(target) :]) if target in clause else None
    )
    if wider and towns(wider.group(1)) and not towns(target):
        target = wider.group(1)  # "our home in Karen, Nairobi": the town
    return target


# a trade's word as people shorten it: "im a backend dev", "data eng", "the eng mgr"
_TITLES = {
    "dev": "developer",
    "devs": "developer",
    "eng": "engineer",
    "engr": "engineer",
    "mgr": "manager",
    "swe": "software engineer",
    "sde": "software engineer",
    "prof": "professor",
    "pt": "personal trainer",
}
_SHORT_TITLE = re.compile(rf"\b(?:{'|'.join(_TITLES)})\b", re.IGNORECASE)


def spelled_out(role: str) -> str:
    """A job's short titles written out: "backend dev" -> "backend developer", "PT" ->
    "personal trainer"."""
    return _SHORT_TITLE.sub(lambda m: _TITLES[m.group().lower()], role)


_NO_EMPLOYER = frozenset(
    "home night nights weekends weekend the moment present times weekdays days mornings".split()
)


ASKED = re.compile(
    r"^\W*(?:[\w ]{1,25}:\s*)?(?:what|how|which|would|could|should|when|why)"
    r"\b[^?]*\?\W*$",
    re.IGNORECASE,
)
_HEARSAY = re.compile(
    rf"\b(?:my|a|the|our)\s+(?:\w+\s+)?(?:{RELATIVES}|neighbou?r|friend|mate|colleague|coworker|"
    r"boss|flatmate|roommate|housemate)\s+(?:told\s+me|says|said|reckons|thinks|keeps\s+saying)\s+"
    r"(?:that\s+)?i\b",
    re.IGNORECASE,
)
# a home's part said in a question about it: "on a north-facing balcony in Glasgow"
_DWELT_IN = re.compile(
    r"\b(?:my|our|a|the)\s+(?:[\w-]+\s+){0,2}(?:balcony|flat|apartment|house|garden|kitchen|"
    r"place|home|street|neighbou?rhood|allotment|yard)\s+(?:here\s+)?in\b",
    re.IGNORECASE,
)
_WEIGHED = re.compile(
    r"\b(?:thinking\s+(?:of|about)|considering|might|tempted\s+to|want\s+to\s+try|wanna\s+try|"
    r"should\s+i)\b",
    re.IGNORECASE,
)


def _dropped(text: str, diet: str) -> bool:
    """The diet is named as given up: "since dropping keto", "quit being vegan"."""
    return bool(
        re.search(
            r"\b(?:dropp(?:ed|ing)|quit(?:ting)?|stopp(?:ed|ing)|ditch(?:ed|ing)|done\s+with|"
            r"g(?:a|i)v(?:e|ing)\s+up(?:\s+on)?|(?:stopped|quit)\s+being|off)\s+(?:the\s+)?"
            rf"{re.escape(diet)}\b",
            text,
            re.IGNORECASE,
        )
    )


def vetted(found: list[Candidate], text: str) -> list[Candidate]:
    """A turn's candidates without the homes and trades no town or job can be, with where the
    user comes from marked as such (no home beside a stated one), and with a workplace named
    beside a move made the home."""
    # a time, a feeling or a switch of things read where a town goes: "we moved in July",
    # "shift at the café, kill me", "mostly moved to PETG"
    out = [
        c
        for c in found
        if not (
            c.slot == "location"
            and (
                _NO_PLACE.fullmatch(c.object or "")
                or _SWITCHED.search(c.text)
                or _not_lived_in(c.text, c.object or "")
            )
        )
    ]
    for c in out:  # "i moved over to product manager": a move to a role, not a town
        if (
            c.slot == "location"
            and c.object
            and OCCUPATION.search(head_noun(c.object))
            and not names_a_town(c.object)
        ):
            c.slot, c.object = "job", c.object.lower()
    for c in out:  # a workplace's name: "line cook in Marina Palm Hotel" (the employer)
        venue = (
            re.search(rf"\b{re.escape(c.object)}\s+{_NAMED_PLACE}", c.text)
            if c.slot == "location" and c.object and not names_a_town(c.object)
            else None
        )
        if venue:
            c.slot, c.object = "employer", venue.group()
            c.metadata.pop("workplace", None)
    # a clause about someone else or a time read where a trade goes: "(Thomas,) who is a
    # GP here", "is a physicist at CERN", "in September, mainly food", "I work in German"
    # (a job left is named as it was: "quit the kitchen")
    out = [
        c
        for c in out
        if not (
            c.slot == "job"
            and not c.metadata.get("left")
            # (or no trade at all: "I got a job in birmingham weds-thurs")
            and (_NO_TRADE.match(c.object or "") or _JUST_A_JOB.match(c.object or ""))
        )
        # "I work at home mostly", "we work at night": where and when, not who
        and not (c.slot == "employer" and (c.object or "").lower() in _NO_EMPLOYER)
    ]
    for c in out:  # "joining ..., as a product manager": the role
        if c.slot == "job" and c.object and (role := _AS_ROLE.match(c.object)):
            c.object = c.object[role.end() :]
        with_org = re.search(r"\s+with\s+\S", c.object or "") if c.slot == "job" else None
        if with_org and OCCUPATION.search(head_noun(c.object[: with_org.start()])):
            c.object = c.object[: with_org.start()]  # "A330 pilot with qantas": the role
        if c.slot == "job" and c.object and (former := _EX_TITLE.match(c.object)):
            c.object = c.object[former.end() :]  # "ex-firefighter": a job left
            c.metadata |= {"past": True, "left": True}
        if c.slot == "job" and c.object:  # "backend dev": a backend developer
            c.object = spelled_out(c.object)
        if c.slot == "name" and c.object:  # "my name is dee" read as the name "is dee"
            c.object = re.sub(r"^(?:is|was)\s+", "", c.object, flags=re.I)
    # a diet weighed is not yet kept: "thinking of trying vegan", "might go veggie in january";
    # a town or a trade asked about is none of theirs: "what would an ml engineer make in
    # amsterdam?"
    out = [
        c
        for c in out
        if not (c.slot == "diet" and _WEIGHED.search(c.text))
        and not (c.slot == "diet" and c.object and _dropped(c.text, c.object))
        # "pharmacy tech, not pharmacist": a value denied
        and not (
            c.slot in ("location", "job", "employer")
            and re.match(r"(?:not|no|never)\s", c.object or "", re.IGNORECASE)
        )
        and not (
            c.slot in ("location", "job", "employer")
            and ASKED.match(c.text)
            and not _DWELT_IN.search(c.text)  # ("what herbs survive on a balcony in Glasgow?")
        )
        # what someone who does not treat them said of them: "my neighbour told me i can't eat
        # spinach anymore??" (a clinician's word is kept: see :mod:`.advice`)
        and not (
            c.kind in (MemoryKind.CONSTRAINT, MemoryKind.PREFERENCE) and _HEARSAY.search(c.text)
        )
    ]
    names = [c for c in out if c.slot == "name"]
    out = [c for c in out if c.slot != "name" or c is names[0] or c.object != names[0].object]
    # where they come from is no home beside a stated one ("living in oslo with my boyfriend (im
    # from portugal)"); alone, a home until one is known ("I'm from Pune"): consolidation's say
    stated = any(c.slot == "location" and not ORIGIN.search(c.text) for c in out)
    for c in out:
        if c.slot == "location" and ORIGIN.search(c.text):
            if stated:
                c.slot = None
            else:
                c.metadata["from"] = True
    homes = [c for c in out if c.slot == "location"]
    if len(homes) == 1 and homes[0].metadata.get("workplace") and _MOVED.search(text):
        del homes[0].metadata["workplace"]  # "took a job in Denver, we moved in July"
    return out


def town_over_district(found: list[Candidate], sentence: str) -> list[Candidate]:
    """One sentence's candidates without a home the gazetteer does not know said right after
    one it does: "5 weeks into Nairobi, living in Kilimani" (the district's town), not "we're
    in Bath not Bristol, I work in Bristol but we live in Bath"."""
    homes = [c for c in found if c.slot == "location" and not c.metadata.get("left")]
    # (a home denied is no town to be a district of: "i don't live in leeds, i live in york")
    known = [c.object for c in homes if c.object and towns(c.object) and (c.polarity or 0) >= 0]
    folded = sentence.lower()

    def district(obj: str) -> bool:
        at = folded.find(obj.lower())
        for town in known:
            before = folded.rfind(town.lower(), 0, at) if at >= 0 else -1
            gap = folded[before + len(town) : at] if before >= 0 else ""
            if before >= 0 and len(gap) < 40 and not _APART.search(gap):
                return True
        return False

    return [
        c for c in found if c not in homes or towns(c.object or "") or not district(c.object or "")
    ]


_APART = re.compile(r"\b(?:but|not|work\w*|and|from|to|near|than|or)\b|[.;!?]")


def subsumed(found: list[Candidate]) -> list[Candidate]:
    """A sentence's rule ("I don't drink alcohol": avoid alcohol) says all its matching stance
    does; keeping both lets the weaker stance outlive the rule in consolidation."""
    rules = [c for c in found if c.kind == MemoryKind.CONSTRAINT]

    def said_by_rule(c: Candidate) -> bool:
        return any(
            (r.polarity or 0) * (c.polarity or 0) > 0
            # (a condition held, "hip replacement", says no other thing of its sentence: "since
            # my hip replacement I've taken up lawn bowls")
            and (
                overlap(r.object, c.object) > 0
                or ((r.polarity or 0) < 0 and c.text.startswith(r.text))
            )
            for r in rules
        )

    return [c for c in found if c.kind != MemoryKind.PREFERENCE or not said_by_rule(c)]


def _not_lived_in(text: str, town: str) -> bool:
    """A town named where the user is only put up, or where a home of theirs is let out."""
    at = text.lower().find(town.lower())
    return at >= 0 and not_lived_in(text[:at], text[at + len(town) :])
