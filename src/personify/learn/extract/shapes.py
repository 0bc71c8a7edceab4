"""Stances without a verb cue: how people actually type them.

"Coffee? Can't live without it.", "bee gees yes. crumb not so much", the parts of a clause
("thrillers no, historical fiction is more my thing"), and subject-dropped chat ("training for
a half in April", "finished wolf hall and loved it") that speaks for the user without saying
"I". Verdicts on a thing named first live in :mod:`.verdicts`.
"""

from __future__ import annotations

import re

from personify.learn.extract.clauses import (
    CALLED_IN_VERBS,
    HAS_SUBJECT,
    INTERJECTION,
    OCCUPATION,
    OTHER_SUBJECT,
    PRONOUN_OBJECT,
    clean_object,
    is_first_person,
)
from personify.learn.extract.verdicts import GENERIC, pre_object

# "Coffee? Can't live without it." - a bare topic, then a stance on "it"
TOPIC = re.compile(r"^\W*(?P<topic>[\w' -]{2,30}?)\s*\?\s*$")
# A subject-less sentence that starts with a verb speaks for the user: "training for a half
# in April", "need a laptop under 1500", "love that place".
_DROPPED_ING = re.compile(
    r"^(?:(?:now|currently|still|also|officially|finally|properly)\s+)?(?:training|saving|planning|trying|learning|studying|preparing|working|looking|hoping|"
    r"aiming|moving|heading|freelancing|renting|living|starting|booking|going|flying|visiting|"
    r"travel(?:l)?ing|putting|doing|getting)\b(?!\s+(?:is|are|was)\b)",
    re.IGNORECASE,
)
_DROPPED_VERB = re.compile(
    r"^(?:(?:now|still|also|really|def|definitely)\s+)?(?:want|love|hate|miss|prefer|like|enjoy|"
    r"adore|can't|cannot|couldn't|won't|gonna|"
    r"quit|stopped|gave\s+up|moved|relocated|started|joined|got|just\s+(?:moved|started|got)|"
    r"mostly|usually|always|eat|drink|play|run|swim|cook|bake|work|live|have)\b"
    r"(?!\s+(?:you|your|it\s+(?:is|was)))"
    # (the noun, not the verb: "love and acceptance should be everyone's right", "work is mad")
    r"(?!(?:\s+(?:and|or)\s+[\w-]+)?\s+(?:is|are|was|were|should|can|could|will|would|must)\b)"
    # "like genuinely", "like 5 of them": "like" as a filler, no verb
    r"(?<!like)(?<!\blike\s)|^like\b(?!\s+(?:genuinely|literally|totally|really|seriously|actually|"
    r"honestly|so|omg|wow|idk|what|the\s+(?:same|other)|\d|a\s+(?:lot|bit|million|ton)))",
    re.IGNORECASE,
)
_DROPPED_GERUND = re.compile(
    r"^(?!(?:nothing|something|anything|everything|morning|evening|thing|king|ring|spring|"
    r"string|wedding|building|ceiling|clothing|pudding|stuffing|icing|swing|sibling|darling|"
    r"feeling|meeting|painting|setting|booking)\b)[a-z]{3,}ing\b"
    r"(?!\s+(?:is|are|was|were|has|have|can|could|will|would|seems?|sounds?|looks?|makes?|"
    r"takes?|gets?|feels?|'s)\b)",
    re.IGNORECASE,
)
# a gerund that is the subject of the sentence: "seeing how excited they get is awesome",
# "playing video games or watching movies helps me unwind", "taking a step back can really show
# us the beauty of life" (not "working on a project that helps kids": a relative clause's verb)
_GERUND_HURTS = re.compile(
    r"^[a-z]+ing\s+(?:[\w-]+\s+)?(?:hurts|kills|wrecks|destroys|aggravates|irritates|bothers|"
    r"sets\s+off|flares\s+up)\s+(?:me|us|my)\b",
    re.IGNORECASE,
)
_GERUND_SUBJECT = re.compile(
    # (not past a "because": "saving for a new car because ours is held together with tape")
    r"^[a-z]+ing\b(?:(?!\b(?:i|i'm|i've|my|me|we|because|cos|since)\b)[^,;.!?])*?"
    r"(?:\s(?:is|was|are|were|"
    r"-?\s*it's|-?\s*it\s+is)|(?<!\bthat)(?<!\bwhich)(?<!\bwho)(?<!\bto)\s(?:(?:helps|makes|"
    r"keeps|gives|brings|reminds|means|takes|lets|feels|helped|made|gave|brought|kept|took|"
    r"reminded)\s+(?:me|us|you|everyone|people|them|it)|(?:can|could|will|would|should|might|"
    r"must)\s+(?:really\s+|also\s+|definitely\s+)?\w+))\s",
    re.IGNORECASE,
)
_DROPPED_PAST = re.compile(
    r"^(?:(?:really|totally|absolutely|so|also)\s+)?(?:(?!(?:need|feed|seed|bed|red|shed|weed|bleed|breed|speed|bored|tired|used|scared|"
    r"excited|interested|married|based|red)\b)[a-z]{3,}ed|got|went|saw|made|took|did|had|ate|"
    r"found|bought|sold|left|met|ran|swam|read|tried|signed|spent|paid|lost|won|built|wrote|"
    r"drove|flew|broke|began|became|felt|kept|heard|sent|quit|gave|sat|slept)\b"
    # not an adjective before its noun: "mixed emotions are rough", "baked goods were a hit"
    r"(?!\s+(?:you|your|by\s+you)|\s+[a-z]+\s+(?:is|are|was|were)\b)",
    re.IGNORECASE,
)


DONE = re.compile(
    r"^\W*(?:i\s+)?(?:just\s+)?(?:finished|watched|read|tried|saw|visited|ate|played|heard|"
    r"listened\s+to|binged|started)\s+(?P<obj>[^,.;!?]{2,40})$",
    re.IGNORECASE,
)
PRONOUN = re.compile(r"\s(?:it|them)\b(?=[\s.!,]*$|\s*,)", re.IGNORECASE)
_YES = re.compile(
    r"^\W*(?:(?:oh\s+)?(?:yes|yep|yeah|absolutely|always|definitely|obviously|100%|love\s+(?:it|them)|"
    r"can't\s+get\s+enough)(?:\s+(?:please|obv|obvs|ofc|lol|haha))?)[.!\s]*$",
    re.IGNORECASE,
)
_NO = re.compile(
    r"^\W*(?:(?:eh|meh|ugh|hmm+|um+)[,.]?\s+)?(?:no|nope|nah|never|not\s+for\s+me|no\s+thanks?|"
    r"hate\s+(?:it|them)|pass|hard\s+pass|not\s+really|(?:absolutely|definitely|hell)\s+not)"
    r"(?:\s+(?:obv|obvs|lol|haha|tbh))?"
    # with its reason: "the lighthouse - no, too weird"
    r"(?:\s*,\s*(?:(?:way|far|much)\s+)?(?:too\s+\w+|not\s+for\s+me|boring|hated\s+it|"
    r"tastes\s+like\s+\w+))?[.!\s]*$",
    re.IGNORECASE,
)


def topic_answer(sentence: str, topic: str | None) -> tuple[float, str, float] | None:
    """ "Spicy food? Yes please.", "Cryptic. Always." - the user's own answer to a topic they
    just raised."""
    if not topic or GENERIC.match(topic):
        return None
    if _YES.match(sentence):
        return 1.0, topic, 0.75
    if _NO.match(sentence):
        return -1.0, topic, 0.75
    return None


_BEEN_DOING = re.compile(
    r"been\s+(?:(?!(?:thinking|wondering|meaning|told|asked)\b)\w{3,}ing|on\s+(?:a|an|my))\b",
    re.IGNORECASE,
)
_YEARS_AS = re.compile(
    r"(?:\d+|a\s+few|many|several|two|three|four|five|ten|twenty)\s+(?:years?|yrs?)\s+as\s+"
    r"(?:a|an)\b",
    re.IGNORECASE,
)
# a self-description that opens with what the user is: "single mum of 2 in hull", "third
# generation grape farmer outside fresno" (the head noun must name an occupation)
_ROLE_FIRST = re.compile(
    r"(?:(?!(?:is|are|was|were|be|been|has|have|had|do|does|did|will|would|can|could|'s|you|"
    r"you're|youre|your|i|i'm|im|he|she|they|we|it|pretend|imagine|like|as|if|being|"
    # someone called in, not the user: "got the plumber in to fix it"
    rf"{CALLED_IN_VERBS}|the)\b)"
    r"[\w'-]+\s+){0,4}?(?P<head>[\w'-]+)\s+(?:in|at|outside|near|from|here)\b",
    re.IGNORECASE,
)


# subject-less openings and the subject they drop, tried in order (before and after a
# role said first, see with_subject)
_DROPPED_BEFORE_ROLE: list[tuple[re.Pattern[str], str]] = [
    # "GUESS WHO GOT THE SAFARICOM JOB": the user did (the opening itself is dropped)
    (re.compile(r"guess\s+who(?:'s|\s+is)?\s+(?=\w)", re.I), "I "),
    # "Back home in Cork after six years in Melbourne"
    # (not "Back in Sheffield I played bowls every week": then, not now)
    (
        re.compile(
            r"(?=(?:back\s+(?:home\s+)?in|home\s+in|here\s+in)\b)(?!back\s+(?:home\s+)?in\s+"
            r"[^,.;!?]{1,40}?,?\s+(?:i|we)\s+(?:\w+ed|was|were|had|did|ran|went|grew|got|made|swam|"
            r"taught|sang|knew|spent|sold|drove|rode|wrote|built)\b)",
            re.I,
        ),
        "I'm ",
    ),
    # "not so into super spicy stuff but a bit of chilli ok"
    (re.compile(r"(?=not\s+(?:so|that|too|really|all\s+that)\s+into\b)", re.I), "I'm "),
    # "been really into bouldering lately", "been a welder 14 yrs"
    (
        re.compile(r"(?=been\s+(?:(?:really\s+|so\s+|super\s+|properly\s+)?into|an?)\b)", re.I),
        "I've ",
    ),
    # "been hiking jangsan on sundays", "been on a sea swimming kick"
    (re.compile(rf"(?={_BEEN_DOING.pattern})", re.I), "I've "),
    # "8 yrs as a backend dev, mostly Ruby and Go"
    (re.compile(rf"(?={_YEARS_AS.pattern})", re.I), "I spent "),
]
_DROPPED_AFTER_ROLE: list[tuple[re.Pattern[str], str]] = [
    # "kinda got into pottery lately"
    (
        re.compile(
            r"(?=(?:kinda\s+|kind\s+of\s+|sorta\s+|sort\s+of\s+|really\s+|properly\s+)?got\s+into\b)",
            re.I,
        ),
        "I ",
    ),
    # "not really a classical concert person tbh"
    (
        re.compile(
            r"(?=not\s+(?:really\s+|much\s+of\s+)?(?:a|an)\s+(?:[\w'&-]+\s+){1,4}"
            r"(?:person|guy|girl|type)\b)",
            re.I,
        ),
        "I'm ",
    ),
    # 'Chose "Lake Garda"', "went with the blue one in the end"
    (re.compile(r"(?=(?:chose|picked|went\s+with|settled\s+on|opted\s+for)\b)", re.I), "I "),
    (re.compile(r"(?=(?:big|huge|massive|total)\s+fan\b)", re.I), "I'm a "),
    (
        re.compile(
            r"(?=not\s+(?:(?:massively|hugely|overly|super|that|too|all\s+that)\s+)?(?:big|huge|"
            r"great|keen|a\s+fan|into|much\s+of|really\s+into)\b)",
            re.I,
        ),
        "I'm ",
    ),
    (
        re.compile(
            r"(?=(?:finally|just|recently|already|officially)\s+(?:settled|moved|relocated|started|"
            r"joined|got|landed|quit|left|switched)\b)",
            re.I,
        ),
        "I ",
    ),
]
# a gerund naming a kind of thing asked for, not what the user is doing: "walking plan for me
# after iftar", "speaking part 2 tips", "moving checklist from Rio to Portugal pls"
_ING_THING = re.compile(
    r"^\w+ing\s+(?:[\w-]+\s+){0,2}?(?:plans?|tips|checklists?|ideas|lists?|schedules?|routines?|"
    r"guides?|advice|options|recipes?|routes?|shoes|boots|apps?|programm?e?s?|playlists?|"
    r"exercises?|resources|materials|books?|templates?|questions|words|phrases|spots|gear)\b",
    re.IGNORECASE,
)
_A_STRETCH = re.compile(
    r"been\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:week|day|month|year|while|minute|morning|"
    r"evening|night|weekend|summer|winter|time|ride|road|journey|rollercoaster)s?\b",
    re.IGNORECASE,
)
_BASED = re.compile(r"(?:(?:currently|now|still)\s+)?(?:based|originally)\b", re.I)
# "like" that is no liking: "like 60 euro a week" (about), "like first time i smelled it i
# gagged" (a filler before a clause with a subject of its own)
_LIKE_NOT_A_VERB = re.compile(
    r"like\s+(?:(?:[$\u20ac\u00a3]|rm|rs\.?|r)?\s?\d|(?:[\w']+\s+){0,4}?"
    r"(?:i|i'm|im|i've|i'd|we|you|he|she|they|it's|its|there's|theres)\s)",
    re.I,
)
_CAPITAL_I = re.compile(r"I\b")


# things listed, no activity under way: "gardening, cats, true crime podcasts" (what a friend
# is into, said in reply); not "running, then a swim"
_LISTED = re.compile(r"^\w+ing\s*,\s*(?!then\b|and\b|but\b)[\w' -]+,", re.IGNORECASE)


def with_subject(sentence: str) -> str:
    """ "training for a half" -> "I'm training for a half"; "need a laptop" -> "I need a laptop"."""
    bare = INTERJECTION.sub("", sentence).strip()
    if bare[:2].istitle() and not _CAPITAL_I.match(bare):
        bare = bare[0].lower() + bare[1:]  # "Can't live without it" -> "I can't live ..."
    if _A_STRETCH.match(bare):  # "been a busy week since we talked": it has been
        return sentence
    for pattern, subject in _DROPPED_BEFORE_ROLE:
        opening = pattern.match(bare)
        if opening:
            return subject + bare[opening.end() :]
    role = _ROLE_FIRST.match(bare)
    if (
        role
        and OCCUPATION.fullmatch(role.group("head"))
        and not HAS_SUBJECT.match(bare)
        and not bare.endswith("?")  # "Instagram ideas for a photographer in Michoacán?"
    ):
        return "I'm a " + bare  # "third generation grape farmer outside fresno"
    for pattern, subject in _DROPPED_AFTER_ROLE:
        if pattern.match(bare):
            return subject + bare
    # "creating a family for them is so lovely", "rowing hurts my back actually"
    gerund_subject = _GERUND_SUBJECT.match(bare) or _GERUND_HURTS.match(bare)
    if _ING_THING.match(bare):
        return sentence
    if (_DROPPED_ING.match(bare) and not gerund_subject) or _BASED.match(bare):
        return "I'm " + bare
    if _DROPPED_VERB.match(bare) and not _LIKE_NOT_A_VERB.match(bare):
        return "I " + bare  # not "like 60 euro a week", where "like" means "about"
    if _DROPPED_GERUND.match(bare) and not gerund_subject and not _LISTED.match(bare):
        return "I'm " + bare
    if _DROPPED_PAST.match(bare):  # "finished wolf hall", "booked a trial at Depot"
        return "I " + bare
    if re.match(r"been\s+(?:a|an|the|into|on|doing|vegan|vegetarian|sober)\b", bare, re.I):
        return "I've " + bare  # "been a lewis fan since 2008"
    return sentence


# "..., more charcuterie", "..., more the slow weird stuff": the other side of a refusal
_RATHER = re.compile(
    r"^(?:but\s+)?(?:more|mostly|rather)\s+(?:of\s+)?(?:a\s+|an\s+|the\s+)?(?:fan\s+of\s+)?"
    r"(?P<obj>[\w' -]{2,30}?)"
    r"(?:\s+(?:person|fan|type|guy|girl|kind|ones?))?\s*[.!]*$",
    re.IGNORECASE,
)


# a later part that is only a liking or a dislike, its subject dropped: "..., love xôi"
_PART_VERB = re.compile(
    r"^(?:(?:and|but|honestly|really|absolutely|just|also)\s+)*(?P<verb>love|adore|enjoy|hate|"
    r"loathe|can't\s+stand)\s+(?P<obj>[\w' -]{2,30}?)\s*[.!]*$",
    re.IGNORECASE,
)

# a thing finished or bought, then the verdict on "it" in the next part
_DONE_PART = re.compile(
    r"^(?:ok\s+|so\s+)?(?:(?:i\s+)?(?:just\s+|finally\s+)?(?:finished|read|watched|bought|got|"
    r"tried|played|binged)\s+(?P<obj>[\w' -]{2,40}?)"
    r"(?:\s+(?:instead|from|for|at|on|last|yesterday)\b.*)?|"
    r"(?P<obj2>[\w' -]{2,40}?)\s+(?:done|finished)(?:\s+already)?)$",
    re.IGNORECASE,
)
_LOVED_IT = re.compile(
    r"^(?:and\s+|but\s+)?(?:i\s+)?(?:really\s+|absolutely\s+|totally\s+)?(?P<verb>loved|love|adored|"
    r"enjoyed|hated|hate)\s+(?:it|them|every\s+(?:minute|page|bit))\b",
    re.IGNORECASE,
)


def part_stances(clause: str, negated: bool = False) -> list[tuple[str, tuple[float, str, float]]]:
    """Stances in the comma-separated parts of a clause, when the clause as a whole is not one:
    "movie night tmrw, anything but horror pls", "thrillers no, historical fiction is more
    my thing". After a refusal (``negated``, or an earlier part), "more X" is the liked side:
    "not really a cheese person, more charcuterie"."""
    parts = [p for p in re.split(r"\s*[,;]\s*|\s+[-\u2013\u2014]\s+", clause) if p]
    if len(parts) < 2:
        return []
    out: list[tuple[str, tuple[float, str, float]]] = []
    for n, part in enumerate(parts):
        rather = _RATHER.match(part.strip())
        others = any(OTHER_SUBJECT.search(p) for p in parts[:n])  # "they're 70, hate crowds"
        # (after someone else's part, a part with no subject of its own is still theirs: "the
        # wife is mad about musicals, seen Les Mis about 6 times")
        found = None if others and not is_first_person(part) else pre_object(part)
        verb = _PART_VERB.match(part.strip()) if n and not others else None
        done = _DONE_PART.match(parts[n - 1].strip()) if n and not others else None
        if found is None and done and _LOVED_IT.match(part.strip()):  # "mistborn done, loved it"
            against = _LOVED_IT.match(part.strip()).group("verb").lower().startswith("hate")
            thing = clean_object(done.group("obj") or done.group("obj2"))
            found = (-1.0 if against else 1.0, thing, 0.7) if len(thing) >= 2 else None
            part = f"{parts[n - 1]}, {part}" if found else part
        if found is None and verb and not PRONOUN_OBJECT.match(verb.group("obj")):
            against = verb.group("verb").lower() in ("hate", "loathe", "can't stand")
            found = (-1.0 if against else 1.0, clean_object(verb.group("obj")), 0.7)
        if found is None and rather and (negated or any(f[0] < 0 for _, f in out)):
            found = (1.0, clean_object(rather.group("obj")), 0.65)
        if found is not None:
            out.append((part, found))
    return out
