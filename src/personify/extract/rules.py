"""Explicit statements, found without an LLM: clause splitting plus a cue grammar.

A user turn is split into sentences and then into clauses at conjunctions that start a new
first-person statement ("I avoid X and prefer Y" -> two clauses). Each clause is matched against
cue patterns that carry a kind and a polarity (likes / avoids / constraint / goal / fact); the
words after the cue are the *object*. Polarity is what lets a profile tell "I can't stand online
courses" from "I love online courses" - two sentences an embedding places side by side.
Clauses that are first-person but match no cue are not extracted (an embedding-based
fallback is future work).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from personify.extract import Candidate
from personify.extract.disclosure import HYPOTHETICAL as _HYPOTHETICAL
from personify.extract.disclosure import disclosures
from personify.models import Event, MemoryKind, Origin

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+|\s+[\u2014\u2013]\s+|\s+-\s+")
_FIRST_PERSON_START = (
    r"i|i'm|i've|i'd|i'll|my|we|we're|we've|prefer|avoid|dislike|like|love|hate|enjoy|only|"
    r"always|never|don't|do not|find|have|am|would|want|need|can't|cannot|also|really|"
    r"absolutely|strongly|usually|generally"
)
_CLAUSE = re.compile(
    r"\s*;\s*"
    r"|,?\s+(?:and|but|so|while|whereas|although|though|yet)\s+"
    rf"(?=(?:(?:now|then|also|still|actually|these days),?\s+)?(?:{_FIRST_PERSON_START})\b)"
    r"|,?\s+(?:since|because|as)\s+(?=(?:i|i'm|i've|my|we)\b)"
    r"|,\s+(?=(?:i|i'm|i've|i'd|and i|but i|so i)\b)"
    r"|,?\s+(?:and|but|so)\s+(?=(?:it's|its|it\s+is)\b)"
    r"|,\s+(?=(?:went|started|joined|moved|got|quit|left|switched|currently|based|living|working|"
    r"training|saving|planning|want|wanna|need|more\s+of\s+a|not\s+much\s+of\s+a|"
    r"big\s+fan|huge\s+fan)\b)",
    re.IGNORECASE,
)
_SUBJECT = re.compile(
    r"(?:^|\b)(?:i|we|i'm|we're|i've|we've|i'd|we'd|me|personally,? i)"
    r"(?:\s+(?:really|truly|strongly|absolutely|definitely|generally|usually|always|also|"
    r"just|tend to|have always|honestly|do|don't|do not|would|much|actually|still|now|"
    r"kind of|totally|simply|mostly|can|cannot|can't|will|won't|no longer|never|only|used to|"
    r"kinda|pretty much|so|too|got|get|finally|recently|currently|been|ve been|have been|"
    r"'ve\s+been|now|again|back|"
    r"exclusively|strictly|must|have|has|am|'m|'ve|'d|to|\w+ly))*\s*$",
    re.IGNORECASE,
)
_QUESTION = re.compile(
    r"^\s*(?:do|does|did|can|could|would|will|should|is|are|what|which|who|how|where|when|"
    r"why|any)\b.*\?\s*$|\byou\s+(?:prefer|like|love|enjoy|want|think)\b",
    re.IGNORECASE,
)
_HAS_SUBJECT = re.compile(
    r"\s*(?:i|i'm|i've|i'd|i'll|we|we're|we've|my|our|he|she|they|it|this|that|there|\w+'s)\b",
    re.IGNORECASE,
)
_REASON = re.compile(
    r"\s*(?:,\s*)?\b(?:because|due to|since|as they|as it|as i|for (?:their|its)|so that|"
    r"which|whenever possible)\b.*$",
    re.IGNORECASE,
)
_CORRECTION = re.compile(
    r"^\s*(?:no|nope|actually|correction|wait|sorry|oops)\b[,!.:]?|\bi meant\b|"
    r"\bchanged my mind\b|\bno longer\b|\banymore\b|\bthese days\b|\bnot any more\b",
    re.IGNORECASE,
)

_VERBS = (
    r"(?:eat|drink|use|watch|read|play|buy|purchase|wear|listen to|go to|stay in|stay at|visit|"
    r"do|follow|attend|shop for|cook|dine at|travel|fly|choose|consume|book)"
)
_NEGATIVE_ADJECTIVES = (
    r"boring|tedious|annoying|ineffective|overwhelming|uncomfortable|unappealing|distracting|"
    r"stressful|unsettling|disorienting|difficult|hard|frustrating|off-putting|unpleasant|dull|"
    r"tiresome|draining|exhausting|pointless|useless|too\s+\w+"
)


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern[str]
    kind: MemoryKind
    polarity: float | None
    confidence: float


def _cue(regex: str, kind: MemoryKind, polarity: float | None, confidence: float) -> Cue:
    return Cue(re.compile(rf"\b(?:{regex})\b\s*", re.IGNORECASE), kind, polarity, confidence)


PREF, CONSTRAINT, GOAL, FACT = (
    MemoryKind.PREFERENCE,
    MemoryKind.CONSTRAINT,
    MemoryKind.GOAL,
    MemoryKind.FACT,
)

# Order matters only for ties at the same position: the earliest cue in a clause wins.
CUES: list[Cue] = [
    _cue(
        r"(?:am|'m)\s+(?:severely\s+|highly\s+|very\s+|deathly\s+)?allergic\s+to|"
        r"have\s+an?\s+(?:\w+\s+){0,2}(?:allergy|intolerance|sensitivity)\s+to|"
        r"(?:am|'m)\s+(?:\w+\s+)?(?:intolerant|sensitive)\s+to|"
        rf"(?:can't|cannot|can not|must not|mustn't)\s+"
        rf"(?:eat|have|drink|tolerate|consume|{_VERBS})|"
        r"(?:must|have to|need to)\s+avoid|strictly\s+avoid|(?:am|'m)\s+not\s+allowed\s+to|"
        rf"never\s+(?:ever\s+)?{_VERBS}",
        CONSTRAINT,
        -1.0,
        0.9,
    ),
    _cue(
        r"have\s+an?\s+(?:\w+\s+){0,2}(?:allergy|intolerance)",
        CONSTRAINT,
        -1.0,
        0.85,
    ),
    _cue(
        r"(?:follow|adhere\s+to|stick\s+to|keep\s+to|(?:am|'m)\s+on)\s+(?=(?:a|an|the|my)?\s*"
        r"(?:[\w-]+\s+){0,4}(?:diet|regimen|lifestyle)\b)",
        CONSTRAINT,
        1.0,
        0.85,
    ),
    _cue(
        r"(?:need|require|must have|have to have)|"
        rf"(?:only|exclusively)\s+{_VERBS}|(?:only|exclusively)\s+(?:dine|shop|stay|travel|fly)",
        CONSTRAINT,
        1.0,
        0.8,
    ),
    _cue(
        r"(?:live|living|based|settled|renting|staying)\s+(?:in|near|outside(?:\s+of)?|out\s+of)|"
        r"moved\s+(?:in\s*to|into)\s+(?:our|my|a|the)\s+(?:\w+\s+){0,2}(?:place|flat|apartment|"
        r"house|home|condo)\s+in|(?:left|quit)\s+\S+(?:\s+\S+)?\s+for(?=\s+[A-Z])|"
        r"moved\s+(?:back\s+)?home\s+to|moved\s+on\s+to|"
        r"(?:'m|am|'re|are)\s+(?:(?:now|still|currently)\s+)?(?:in|from)\s+(?=(?-i:[A-Z][a-z]))"
        r"(?!(?-i:(?:January|February|March|April|May|June|July|August|September|October|"
        r"November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|English|"
        r"Spanish|French|German|IT|HR|Sales|Marketing)\b))|"
        r"went\s+(?:freelance|self-employed|part-time|full-time|independent|solo)|"
        r"work(?:ing)?\s+(?:[\w-]+\s+){1,2}?as\s+(?=(?:a|an)\s)|"
        r"my\s+(?:flat|apartment|house|place|home|condo)\s+(?:is\s+)?in\s+(?=(?-i:[A-Z]))|"
        r"(?:years?|yrs?)\s+as\s+(?:a|an)|joined\s+(?:a|an|the)\s+|"
        r"(?:moved|relocated)\s+(?:over\s+|back\s+|out\s+|down\s+|up\s+)?(?:here\s+)?to|"
        r"(?:moved|relocated)\s+from\s+(?:\S+\s+){1,3}?to|"
        r"(?:'re|are|'m|am)\s+(?:now\s+)?in\s+(?!(?:a|an|the|my|our|sales|marketing|finance|tech|"
        r"it|hr|accounting|retail|healthcare|education|law|school|college|uni|class|bed|love|"
        r"charge|pain|trouble|luck|business|work|town)\b)(?=(?:\S+\s+){1,3}?now\b)|"
        r"started\s+(?:a\s+new\s+job\s+|work\s+|working\s+)?as|new\s+job\s+as|"
        r"(?:got\s+)?promoted\s+to|(?:quit|left)\s+(?:my\s+job|work)\s+to(?:\s+go)?|"
        r"teach(?=\s+\w)|"
        r"(?:'m|am|are|'re)\s+(?:now\s+)?(?:freelancing|self-employed|retired|unemployed|"
        r"between\s+jobs|on\s+parental\s+leave)|got\s+(?:laid\s+off|fired|made\s+redundant)|"
        r"(?:started|joined)\s+(?:at|with)?(?=\s+[A-Z])|started\s+(?:a\s+new\s+job\s+)?at|"
        r"(?:'m|am)\s+(?:now\s+)?(?:working|employed)\s+(?:as|at|for)|"
        r"(?:'m|am)\s+no\s+longer\s+(?:a|an)|(?:'m|am)\s+now\s+(?:a|an)",
        FACT,
        None,
        0.85,
    ),
    _cue(
        r"(?:quit|stopped|gave\s+up(?:\s+on)?|cut\s+out|ditched|kicked)(?!\s+by\b)|"
        r"(?:am|'m)\s+(?:so\s+|totally\s+|completely\s+|kinda\s+|kind\s+of\s+)?"
        r"(?:over|done\s+with|through\s+with)|"
        r"(?:am|'m)\s+not\s+(?:really\s+)?(?:built|made|cut\s+out)\s+for|"
        r"(?:am|'m)\s+not\s+(?:much\s+of\s+)?(?:a|an)\s+(?=\w+\s+(?:person|fan|guy|girl|type)\b)|"
        r"(?:am|'m)\s+not\s+(?:huge|big|great|wild|crazy|mad|keen)\s+(?:on|about)|"
        r"(?:am|'m)\s+no\s+longer\s+(?:into|keen\s+on|a\s+fan\s+of|interested\s+in)|"
        r"(?:am|'m)\s+(?:a\s+bit\s+|kinda\s+|kind\s+of\s+|so\s+|totally\s+)?(?:burnt|burned)\s+out\s+on|"
        r"(?:am|'m)\s+(?:so\s+|really\s+)?fed\s+up\s+with|(?:i'll|will|'ll)\s+pass\s+on|"
        r"(?:am|'m)\s+not\s+(?:much\s+of\s+)?(?:a|an)\s+(?=(?:[\w'&-]+\s+){1,4}(?:person|guy|girl|"
        r"gal|type)\b)|"
        r"(?:can't|cannot|can\s+not)\s+(?:really\s+)?(?:do|take|stomach|handle|deal\s+with)",
        PREF,
        -1.0,
        0.8,
    ),
    _cue(
        r"(?:can't|cannot|couldn't|could\s+not)\s+(?:live|survive|function|cope)\s+without|"
        r"(?:am|'m)\s+(?:such\s+)?a\s+(?:total\s+|huge\s+|big\s+|complete\s+)?sucker\s+for|"
        r"care\s+(?:way\s+|a\s+lot\s+|much\s+|far\s+)?more\s+about|"
        r"(?:am|'m)\s+leaning(?:\s+towards?)?|"
        r"(?:am|'m)\s+(?:\w+\s+)?in\s+(?:a|an|my)\s+(?=(?:[\w-]+\s+){1,3}(?:phase|era|kick)\b)|"
        r"(?:'ve|have)\s+(?:gotten|got|been\s+getting)\s+(?:really\s+|super\s+|very\s+|so\s+)?into|"
        r"(?:am|'m)\s+(?:really\s+|kind\s+of\s+|kinda\s+|sort\s+of\s+|so\s+|totally\s+|"
        r"getting\s+|super\s+)into|"
        r"(?:am|'m)\s+(?:more\s+of\s+|much\s+more\s+of\s+|definitely\s+|totally\s+|really\s+|"
        r"such\s+|very\s+much\s+)?(?:a|an)\s+(?=(?:[\w'&-]+\s+){1,4}(?:person|guy|girl|gal|type|"
        r"kind\s+of\s+(?:person|guy|girl))\b)|"
        r"(?:am|'m)\s+back\s+to\s+(?:eating|drinking|playing|doing|running|reading)|"
        r"(?:really\s+)?miss|(?:mostly|mainly)(?=\s+(?:play|eat|drink|watch|read|listen|cook|"
        r"do|swim|run|ride|cycle|bike|use|wear|go|make|paint|draw|write|bake|knit|climb|hike|"
        r"walk|lift|train|shoot|stream|buy|order)\b)|"
        r"(?:eat|drink|watch|read|play|cook|listen\s+to|make|bake|order)\s+(?:a\s+lot\s+of|"
        r"lots\s+of|tons\s+of|plenty\s+of|so\s+much)",
        PREF,
        1.0,
        0.75,
    ),
    _cue(
        r"(?:hate|hates|detest|despise|loathe|dislike|abhor|avoid|resent)|"
        r"(?:prefer|try|like|want|tend|(?:would|'d)\s+rather)\s+(?:to\s+)?(?:avoid|skip|minimi[sz]e|"
        r"stay\s+away\s+from|steer\s+clear\s+of)(?:ing)?|"
        r"can't\s+stand|cannot\s+stand|can't\s+bear|steer\s+clear\s+of|stay\s+away\s+from|"
        r"shy\s+away\s+from|refuse\s+to(?:\s+\w+(?=\s+\w))?|(?:am|'m)\s+(?:tired|sick)\s+of|"
        r"have\s+(?:no|zero|little)\s+interest\s+in|"
        r"have\s+an?\s+(?:\w+\s+){0,2}(?:aversion|dislike|distaste|disdain|objection|phobia|"
        r"fear|hatred|contempt)\s+(?:to|for|of|towards?|against)|"
        r"(?:can't|cannot|can\s+not)\s+(?:handle|deal\s+with|get\s+into)|"
        r"(?:minimi[sz]e|limit|reduce|cut\s+down\s+on|cut\s+out)|"
        r"(?:am|'m|get|feel)\s+(?:\w+\s+)?(?:uncomfortable|uneasy|nervous)\s*(?:with|about|in|around)?|"
        r"(?:am|'m)\s+(?:\w+\s+)?(?:opposed\s+to|against|averse\s+to|uninterested\s+in|"
        r"not\s+comfortable\s+with|not\s+interested\s+in)|"
        r"(?:don't|do\s+not)\s+trust|(?:won't|will\s+not|wouldn't|would\s+never)\s+"
        r"(?:consider|buy|use|eat|go|choose|touch)|"
        r"(?:am|'m)\s+not\s+(?:a\s+)?(?:big\s+|huge\s+)?(?:fan\s+of|into|interested\s+in|keen\s+on)|"
        r"not\s+a\s+(?:big\s+)?fan\s+of|"
        r"(?:don't|do\s+not|never|rarely|no\s+longer)\s+(?:really\s+|much\s+|particularly\s+)?"
        rf"(?:like|enjoy|love|want|care\s+for|fancy|appreciate|{_VERBS})|"
        r"(?:would|'d)\s+rather\s+not|prefer\s+not\s+to(?:\s+\w+(?=\s+\w))?|"
        r"(?:am|'m)\s+(?:afraid|scared|terrified|wary)\s+of|have\s+an?\s+(?:\w+\s+)?fear\s+of|"
        rf"find\s+(?=.{{0,60}}?\b(?:{_NEGATIVE_ADJECTIVES})\b)",
        PREF,
        -1.0,
        0.85,
    ),
    _cue(
        r"(?:prefer|love|like|enjoy|adore|favou?r|cherish|appreciate|value|crave)|"
        r"prioriti[sz]e|believe\s+in|(?:will|would)\s+only\s+consider|"
        r"(?:don't|do\s+not|no\s+longer)\s+(?:mind|hate|dislike)|(?:am|'m)\s+(?:fine|ok|okay)\s+with|"
        r"have\s+an?\s+(?:\w+\s+){0,2}(?:preference|penchant|fondness|love|passion|weakness|"
        r"soft\s+spot|taste)\s+for|"
        r"(?:am|'m)\s+(?:really\s+)?(?:fond\s+of|into|passionate\s+about|fascinated\s+by|"
        r"obsessed\s+with|drawn\s+to|keen\s+on|interested\s+in|a\s+(?:big\s+|huge\s+)?fan\s+of)|"
        r"my\s+favou?rite(?:\s+\w+)?(?:\s+is|\s+are)?|"
        r"(?:always|usually|tend\s+to)\s+(?:go\s+for|choose|pick|order|opt\s+for)|"
        r"learn\s+best(?:\s+(?:through|with|by|from|in))?|work\s+best(?:\s+(?:with|in|when))?|"
        r"(?:would|'d)\s+rather|lean\s+towards?|gravitate\s+towards?|"
        r"(?:am|'m)\s+(?:a|an)\s+(?:\w+\s+)?(?:lover|enthusiast|aficionado|buff)\s+of",
        PREF,
        1.0,
        0.8,
    ),
    _cue(
        r"(?:want|wanna|hope|plan|aim|intend|need)\s+to|(?:would|'d)\s+like\s+to|"
        r"(?:(?:my|our|the)\s+)?(?:goal|aim|plan|target|dream)(?:\s+is|'s)(?:\s+to)?|next\s+up(?:\s+is)?:?|"
        r"(?:am|'m|are|'re)\s+(?:planning|organi[sz]ing|booking)\s+(?:a|an|my|our)\s+|"
        r"(?:signed\s+up|registered|entered)\s+(?:for|in)|"
        r"started\s+(?:a|an|my)\s+(?=(?:[\w'-]+\s+){0,3}(?:degree|course|master's|masters|phd|mba|"
        r"bootcamp|apprenticeship|program(?:me)?|diploma|certificate)\b)|"
        r"(?:am|'m|are|'re)\s+(?:heading|going|flying|travel(?:l)?ing|driving)\s+(?:down\s+|up\s+|"
        r"over\s+|out\s+|back\s+)?to|(?:am|'m|are|'re)\s+looking\s+(?:at|into)\s+(?=\w+\s+\w+)|"
        r"putting\s+(?:the|my|our|that|this)\s+(?:\w+\s+)?(?:money|cash|savings)\s+towards?|"
        r"(?:am|'m)\s+(?:planning|hoping|trying|aiming|saving|training|preparing|studying)"
        r"(?:\s+up)?\s+(?:to|for|towards?)|(?:my|our)\s+goal\s+is(?:\s+to)?|(?:am|'m)\s+working\s+towards?|"
        r"(?:am|'m)\s+learning(?:\s+to)?",
        GOAL,
        1.0,
        0.75,
    ),
    _cue(
        r"(?:am|'m)\s+(?:a|an)|(?:am|'m)\s+(?=vegan|vegetarian|pescatarian|married|single|"
        r"retired|pregnant|\d)|work\s+(?:as|at|in|for)|live\s+in|moved\s+to|(?:am|'m)\s+from|"
        r"grew\s+up\s+in|(?:my|our)\s+(?:wife|husband|partner|son|daughter|kids?|children|dog|"
        r"cat|mother|father|mom|dad|sister|brother|name|job|home)\b|"
        r"have\s+(?:a|an|two|three|four|\d+)\s+(?=(?:\w+\s+)?(?:kids?|children|sons?|daughters?|"
        r"dogs?|cats?|pets?|cars?|family))|(?:have|'ve)\s+been\s+(?:a|an)",
        FACT,
        None,
        0.8,
    ),
]

_SLOTS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"\b(?:live|living|based|settled|renting|staying)\s+(?:in|near|outside|out\s+of)|"
            r"\b(?:moved|relocated)\b|\bleft\s+\S+(?:\s+\S+)?\s+for\s+[A-Z]|"
            r"\bmy\s+(?:flat|apartment|house|place|home|condo)\s+(?:is\s+)?in\b|"
            r"(?:'m|am|'re|are)\s+(?:(?:now|still|currently)\s+)?(?:in|from)\s+(?-i:[A-Z])|\b(?:am|'m|are|'re)\s+(?:now\s+)?in\b.*\bnow\b|"
            r"\b(?:am from|'m from|grew up in)\b",
            re.I,
        ),
        "location",
    ),
    (
        re.compile(r"\b(?:work(?:ing)? (?:at|for)|started (?:a new job )?at|joined)\b", re.I),
        "employer",
    ),
    (
        re.compile(
            r"\b(?:work(?:ing)? as|work(?:ing)? in|job|freelancing|self-employed|retired|"
            r"unemployed|between jobs|laid off|fired|redundant|no longer a|now a|parental leave|"
            r"started as|started working as|started work as|new job as|promoted to|teach|"
            r"went freelance|went self-employed|went part-time|years? as|yrs? as|"
            r"long hours as|remotely as|full-time as|part-time as|"
            r"quit my job|left my job)\b",
            re.I,
        ),
        "job",
    ),
    (re.compile(r"\bmy name\b", re.I), "name"),
    (
        re.compile(r"\b(?:vegan|vegetarian|pescatarian|carnivore|keto|paleo)\b", re.I),
        "diet",
    ),
    (re.compile(r"\b\d+\s+years?\s+old\b", re.I), "age"),
]


def split_clauses(text: str) -> list[str]:
    """Clauses of ``text``; one that continues a first-person sentence without its own subject
    ("... and prefer Y") inherits "I"."""
    clauses = []
    for sentence in _SENTENCE.split(text):
        parts = [c.strip(" ,;:-\"'") for c in _CLAUSE.split(sentence)]
        parts = [c for c in parts if c]
        for i, clause in enumerate(parts):
            if i and not _HAS_SUBJECT.match(clause) and is_first_person(parts[0]):
                clause = "I " + clause
            clauses.append(clause)
    return clauses


def _object(rest: str) -> str:
    rest = _REASON.sub("", rest).strip(" ,.;:!-")
    rest = re.sub(
        r",\s*(?:any|what|which|how|where|is|are|do|does|can|could|should|would)\b[^,]*\?.*$",
        "",
        rest,
        flags=re.I,
    )  # "getting a dog, any breeds that handle heat?"
    rest = re.sub(
        r",\s*(?:not|but|though|tbh|lol|haha|honestly|severe|mild|serious|bad|deadly|"
        r"life-threatening)\b.*$",
        "",
        rest,
        flags=re.I,
    )
    rest = re.sub(
        r"(?:\s+(?:tbh|lol|haha|honestly|though|i guess|i think|much|often|a lot|really|btw|"
        r"if i'm (?:being )?honest|to be honest|if i'm being real|"
        r"person|guy|girl|gal|type|kind of person|kind of guy|myself|personally|phase|era|kick|"
        r"for now|these days))+[.!]*$",
        "",
        rest,
        flags=re.I,
    )
    rest = re.sub(r"^(?:to|the idea of|of|for|with|about)\s+", "", rest, flags=re.I)
    rest = re.sub(
        r"(?:(?:^|,?\s+)(?:any ?more|now|these days|nowadays|lately|at the moment|at all|either|"
        r"too|as well|please|actually|recently|yesterday|last (?:week|month|year)|"
        r"(?:a|one|two|three|\d+) (?:days?|weeks?|months?|years?) ago))+$",
        "",
        rest,
        flags=re.I,
    )
    return rest


_PRONOUN_OBJECT = re.compile(
    r"^(?:it|that|this|those|these|them|you|him|her|one|so|too|much|stuff|things?|"
    r"it all|all of (?:it|them)|that one|this one|a lot)[\s.!]*$",
    re.IGNORECASE,
)
_SLOT_OBJECT_END = re.compile(
    r"\s*(?:[,;(]|\s-\s|\s\u2014|\s\u2013|\b(?:for|because|since|with|so|and|but|where|which|"
    r"who|when|after|before|last|this|next|now|these days|as of|a (?:few|couple)|about|around|"
    r"in (?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|spring|summer|autumn|fall|winter|\d{4}|the)|on (?:monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday)|(?:a|one|two|three|\d+) (?:days?|weeks?|months?|years?)"
    r")\b).*$",
    re.IGNORECASE,
)
OCCUPATION = re.compile(
    r"\b(?:\w+(?:er|or|ist|ian|eer)|nurse|chef|cook|student|dev|developer|engineer|designer|"
    r"physio|paralegal|solicitor|educator|medic|clinician|midwife|carer|caregiver|cleaner|"
    r"tradie|sparky|receptionist|cashier|waiter|waitress|bartender|postman|salesperson|"
    r"qa|ux|ui|sre|devops|head of \w+|vp of \w+|director|cto|ceo|cfo|founder|owner|"
    r"lawyer|doctor|pharmacist|resident|intern|freelancer|barista|manager|analyst|consultant|"
    r"accountant|architect|teacher|professor|lecturer|scientist|technician|mechanic|"
    r"electrician|plumber|carpenter|paramedic|firefighter|officer|clerk|assistant|secretary|"
    r"surgeon|dentist|vet|therapist|counsel(?:l)?or|librarian|journalist|editor|artist|"
    r"musician|actor|pilot|driver|farmer|miner|soldier|postdoc|phd|undergrad|grad)\b$",
    re.IGNORECASE,
)


def slot_object(obj: str) -> str:
    """A single-valued slot's value: the place or role itself, without what follows it."""
    obj = _SLOT_OBJECT_END.sub("", obj).strip(" ,.;:!-")
    return re.sub(r"^(?:a|an|the)\s+", "", obj, flags=re.IGNORECASE)


# The people in a user's life: what they like, have or are is not the user's.
RELATIVES = (
    r"wife|husband|partner|spouse|fianc[e\u00e9]e?|boyfriend|girlfriend|sons?|daughters?|kids?|"
    r"children|friends?|best\s+mate|mates?|sister|brother|siblings?|mom|mum|dad|mother|father|"
    r"parents|in-laws|son-in-law|daughter-in-law|family|roommate|flatmate|boss|colleague|"
    r"coworker|guests?"
)
_ABOUT_OTHERS = re.compile(
    rf"\W*(?:(?:and|but|so|also)\s+)?(?:my|our)\s+(?:{RELATIVES})\b", re.IGNORECASE
)
_SUBJECTLESS = re.compile(
    r"(?:my|our|next\s+up|(?:the\s+)?(?:goal|aim|plan|target|dream)|putting)\b", re.IGNORECASE
)
_THIRD_PERSON_END = re.compile(
    r"\b(?:his|her|their|its|your|he|she|they|you|\w+'s)\s*$", re.IGNORECASE
)


_ACTIVITY = re.compile(
    r"(?:drink|smoke|eat|drive|fly|cook|run|swim|bake|game|party|gamble|vape|travel|read)$", re.I
)


def parse_clause(clause: str, anyone: bool = False) -> tuple[Cue, str, str] | None:
    """The first cue spoken by the user in ``clause``: (cue, subject prefix, object).

    ``anyone``: whoever speaks (what "it" refers to in "my partner hates cilantro but I love
    it" comes from a clause about someone else).
    """
    if _QUESTION.search(clause):
        return None
    clause = clause.replace("\u2019", "'")
    best: tuple[int, int, Cue, re.Match[str]] | None = None
    for order, cue in enumerate(CUES):
        if anyone and cue.kind != MemoryKind.PREFERENCE:
            continue
        for match in cue.pattern.finditer(clause):
            prefix = clause[: match.start()]
            if (
                not anyone
                and not _SUBJECT.search(prefix)
                and not (_SUBJECTLESS.match(match.group()) and not _THIRD_PERSON_END.search(prefix))
            ):
                continue
            key = (match.start(), order)
            if best is None or key < best[:2]:
                best = (match.start(), order, cue, match)
            break
    if best is None:
        return None
    _, _, cue, match = best
    obj = _object(clause[match.end() :])
    if len(obj) < 2 and cue.kind == MemoryKind.CONSTRAINT:
        obj = _object(match.group())  # "I have a severe peanut allergy": the cue is the object
    verb = match.group().split()[-1] if match.group().split() else ""
    if len(obj) < 2 and cue.kind == MemoryKind.PREFERENCE and _ACTIVITY.match(verb):
        obj = verb  # "I don't really drink anymore"
    if len(obj) < 2 or _PRONOUN_OBJECT.match(obj):
        return None
    return cue, clause[: match.start()], obj


def _slot(clause: str, kind: MemoryKind, obj: str = "") -> str | None:
    if kind not in (MemoryKind.FACT, MemoryKind.CONSTRAINT):
        return None
    if _ABOUT_OTHERS.match(clause):
        return None  # "my wife's vegetarian": a fact about the user's world, not their diet
    for pattern, slot in _SLOTS:
        if pattern.search(clause):
            return slot
    if (
        kind == MemoryKind.FACT
        and OCCUPATION.search(_head(slot_object(obj)))
        and not re.search(r"\b(?:user|lover|fan|owner|person|eater|drinker|sleeper)$", obj, re.I)
    ):
        return "job"  # "I'm a pharmacist", "I'm an ICU nurse"
    return None


def is_first_person(clause: str) -> bool:
    return bool(re.search(r"\b(?:i|i'm|i've|i'd|my|me|we|our)\b", clause, re.IGNORECASE))


class RuleExtractor:
    """Explicit preferences, constraints, goals and facts from the user's own statements.

    With ``disclosures`` (the default), a first-person sentence that no cue matches is still
    kept as a fact about the user when it reveals something (:mod:`personify.extract.disclosure`).
    """

    name = "rules"

    def __init__(self, disclosures: bool = True) -> None:
        self.disclosures = disclosures

    def extract(self, event: Event, context: Sequence[Event] = ()) -> list[Candidate]:
        if event.role != "user" or not event.text:
            return []
        correction = bool(_CORRECTION.search(event.text))
        out: list[Candidate] = []
        topic = None
        for sentence in _SENTENCE.split(event.text.replace("\u2019", "'")):
            found = self._sentence(sentence, event, topic)
            bare = _TOPIC.match(sentence)
            topic = bare.group("topic") if bare and len(bare.group("topic").split()) <= 3 else None
            for candidate in found:
                candidate.correction = correction
            out.extend(found)
        return out

    def _sentence(self, sentence: str, event: Event, topic: str | None) -> list[Candidate]:
        shaped = _pre_object(sentence) or _answer(sentence, topic)
        if shaped is not None:
            return self._stance(sentence, *shaped, event)
        named = [
            self._candidate(
                CONSTRAINT if p else FACT, _part(sentence, obj), p or None, obj, slot, 0.9, event
            )
            for p, obj, slot in _constraints(sentence)
        ]
        named += [
            self._candidate(
                kind, _part(sentence, obj), 1.0 if kind == PREF else None, obj, slot, 0.7, event
            )
            for kind, obj, slot in [*_fragments(sentence), *_relations(sentence)]
        ]
        sentence = _with_subject(sentence)
        if topic:  # "Coffee? Can't live without it."
            sentence = re.sub(r"\b(?:it|them|that)\b", topic, sentence, count=1, flags=re.I)
        found: list[Candidate] = []
        previous = None
        silent: list[str] = []
        for clause in split_clauses(sentence):
            clause = _with_subject(clause)
            before = len(found)
            if previous and _PRONOUN.search(clause):  # "... hates cilantro but I love it"
                earlier = parse_clause(previous, anyone=True)
                done = _DONE.match(previous)  # "finished wolf hall and loved it"
                thing = earlier[2] if earlier else done.group("obj") if done else None
                if thing:
                    clause = _PRONOUN.sub(" " + thing, clause, count=1)
            previous = clause
            shaped = _pre_object(clause)
            if _HYPOTHETICAL.search(clause) or re.match(r"\W*if\b", clause, re.I):
                continue  # "if I ever moved to Japan I'd live in Osaka"
            if shaped is not None:
                found += self._stance(clause, *shaped, event)
            else:
                found += self._clause(clause, event)
            if len(found) == before:
                silent.append(clause)
        if named:  # a named constraint is more precise than a cue's object for the same thing
            names = [c.object.lower() for c in named if c.object]
            found = [
                c
                for c in found
                if not (c.kind == CONSTRAINT or c.slot == "diet")
                or not any(n in c.text.lower() for n in names)
            ]
        if self.disclosures:  # what no cue caught may still say something about the user
            said = {c.text.lower() for c in named}
            for clause in silent:
                if not any(t in clause.lower() or clause.lower() in t for t in said):
                    found += _disclosure(clause, event)
        return named + found

    def _stance(
        self, text: str, polarity: float, obj: str, confidence: float, event: Event
    ) -> list[Candidate]:
        """A preference from a shape without a verb cue; "tea over coffee, always" is two."""
        contrast = _CONTRAST.match(obj) if polarity > 0 else None
        if contrast:
            liked, disliked = (_object(g) for g in contrast.groups())
            return [
                self._candidate(PREF, text, polarity, liked, None, confidence, event),
                self._candidate(PREF, text, -polarity, disliked, None, confidence * 0.8, event),
            ]
        return [self._candidate(PREF, text, polarity, obj, None, confidence, event)]

    def _candidate(
        self,
        kind: MemoryKind,
        text: str,
        polarity: float | None,
        obj: str | None,
        slot: str | None,
        confidence: float,
        event: Event,
    ) -> Candidate:
        return Candidate(
            kind=kind,
            text=text.strip().rstrip(".!"),
            polarity=polarity,
            object=obj,
            slot=slot,
            confidence=confidence,
            origin=Origin.EXPLICIT,
            evidence=[event.id],
            metadata={"extractor": self.name},
        )

    def _clause(self, clause: str, event: Event) -> list[Candidate]:
        parsed = parse_clause(clause)
        if parsed is None:
            return []
        cue, _, obj = parsed
        readings = _readings(cue, obj)
        if _USED_TO.search(clause):
            if cue.kind != MemoryKind.PREFERENCE or not cue.polarity or cue.polarity < 0:
                return []  # "I used to hate olives": the clause after it says what holds now
            # "I used to love running": no longer a liking, and it retires the old one
            readings = [(-1.0, o, c * 0.75) for _, o, c in readings]
        slot = _slot(clause, cue.kind, obj)
        out = []
        out_role: Candidate | None = None
        if slot == "employer":  # "started at Brightwell last month as a product designer"
            role = re.search(r"\bas\s+(?:an?\s+)?(?:in-house\s+)?(?P<role>[\w -]+)", obj, re.I)
            if role and slot_object(role.group("role")):
                job = slot_object(role.group("role"))
                out_role = self._candidate(FACT, clause, None, job, "job", 0.8, event)
                obj = obj[: role.start()]
                readings = [(p, obj, c) for p, _, c in readings]
        place = re.search(r"\b(?:in|from)\s+(?P<place>(?-i:[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?))", obj)
        if slot in ("job", "employer") and place and out_role is None:
            # "I'm a 3rd grade teacher in Columbus": where they work is where they live
            out_role = self._candidate(
                FACT, clause, None, place.group("place"), "location", 0.7, event
            )
        for polarity, target, confidence in readings:
            if slot in ("location", "job", "employer"):
                target = slot_object(target) or target
            if cue.kind == MemoryKind.FACT and _NO_LONGER.search(clause):
                polarity = -1.0  # "I'm no longer a cellist"
            out.append(self._candidate(cue.kind, clause, polarity, target, slot, confidence, event))
        return [*out, out_role] if out_role else out


_USED_TO = re.compile(r"\bused to\b", re.IGNORECASE)
_NO_LONGER = re.compile(r"\bno longer\b|\bnot (?:a|an) \w+ any ?more\b", re.IGNORECASE)


# Shapes where the thing comes first and the stance after it: "Vietnamese isn't really my
# thing", "Window seat, always.", "the air fryer is my best friend", "jazz is growing on me".
_PRE_OBJECT: list[tuple[re.Pattern[str], float, float]] = [
    (
        re.compile(
            r"^(?P<obj>.{2,60}?)\s+(?:isn't|is\s+not|aren't|are\s+not|'s\s+not|was\s+never|"
            r"were\s+never|has\s+never\s+been|is\s+never)\s+(?:really\s+|exactly\s+|quite\s+|"
            r"totally\s+|honestly\s+)?(?:my\s+(?:thing|cup\s+of\s+tea|jam|scene|style|vibe|"
            r"favou?rite)|for\s+me|something\s+i\s+(?:like|enjoy))\b",
            re.IGNORECASE,
        ),
        -1.0,
        0.8,
    ),
    (
        re.compile(
            r"^(?P<obj>.{2,60}?)\s+(?:doesn't|does\s+not|don't|do\s+not|never)\s+(?:really\s+)?"
            r"(?:appeal(?:s)?(?:\s+to\s+me)?|do(?:es)?\s+it\s+for\s+me|agree(?:s)?\s+with\s+me|"
            r"sit(?:s)?\s+(?:well|right)\s+with\s+me)\b|"
            r"^(?P<obj2>.{2,60}?)\s+(?:seems?|sounds?|is|are|feels?)\s+(?:like\s+)?(?:a\s+|such\s+a\s+)?"
            r"(?:total\s+|massive\s+|bit\s+of\s+a\s+)?(?:faff|hassle|pain|chore|nightmare|overrated|"
            r"boring|gross|disgusting)\b",
            re.IGNORECASE,
        ),
        -1.0,
        0.7,
    ),
    (
        re.compile(
            r"^(?P<obj>.{2,60}?)\s+(?:is|are|'s|has\s+been|have\s+been)\s+(?:basically\s+|"
            r"honestly\s+|totally\s+|definitely\s+|really\s+|still\s+|always\s+been\s+|kind\s+of\s+|"
            r"kinda\s+|slowly\s+|actually\s+)?"
            r"(?:my\s+(?:thing|jam|favou?rite(?:\s+\w+)?|best\s+friend|go-to|happy\s+place|"
            r"weakness|obsession|love|passion|life)|all\s+(?:i|we)\s+(?:ever\s+)?(?:watch|eat|"
            r"drink|play|read|listen\s+to|do|want|need)|growing\s+on\s+me)\b|"
            r"^(?P<obj2>.{2,60}?)\s+(?:grew|has\s+grown|is\s+growing)\s+on\s+me\b",
            re.IGNORECASE,
        ),
        1.0,
        0.75,
    ),
    (
        re.compile(
            r"^(?P<obj>[^,.;!?]{2,40}?)\s*(?:,|-|\u2013|\u2014|:)?\s*(?:always|every\s+(?:single\s+)?"
            r"time|all\s+the\s+way|yes\s+please|any\s+day|or\s+nothing|for\s+life|forever)"
            r"(?:,?\s+(?:when|whenever|if|on|for|at)\b[^.!?]{0,40})?\s*[.!]*\s*$",
            re.IGNORECASE,
        ),
        1.0,
        0.75,
    ),
]
_PRE_OBJECT += [
    (
        re.compile(
            r"^(?:.*\b(?:so|then)\s+)?(?P<obj>[^,.;!?]{2,30}?)\s+only\s*[.!]*$|"
            r"^only\s+(?P<obj2>[^,.;!?]{2,30}?)\s*[.!]*$",
            re.IGNORECASE,
        ),
        1.0,
        0.7,
    ),
    (
        re.compile(
            r"^no\s+(?!(?:worries|problem|prob|probs|way|idea|clue|rush|biggie|thanks|doubt|"
            r"kidding|joke|wonder|matter|need|big\s+deal)\b)(?:more\s+)?(?P<obj>[\w' -]{2,30}?)"
            r"(?:\s+(?:if\s+i\s+can\s+help\s+it|please|"
            r"for\s+me|ever|thanks|thank\s+you|at\s+all))?\s*[.!]*$",
            re.IGNORECASE,
        ),
        -1.0,
        0.7,
    ),
]
_PRE_OBJECT += [
    (
        re.compile(
            r"^(?P<obj>[^,.;!?]{2,40}?)\s+(?:bores?|annoys?|scares?|terrif(?:y|ies)|freaks?\s+me\s+out|"
            r"stress(?:es)?\s+me\s+out|gets?\s+on\s+my\s+nerves|make(?:s)?\s+me\s+(?:sick|nauseous|"
            r"anxious|nervous))\b",
            re.IGNORECASE,
        ),
        -1.0,
        0.7,
    ),
    (
        re.compile(
            r"^(?P<obj>[^,.;!?]{2,30}?)\s*,?\s*(?:not\s+so\s+much|not\s+really|no\s+thanks|meh|"
            r"hard\s+pass|not\s+for\s+me)\s*[.!]*$|^(?:no|nothing)\s+(?P<obj2>[\w' -]{2,30}?)\s+"
            r"(?:ever|pls|plz|please|thanks|for\s+me)\s*[.!]*$",
            re.IGNORECASE,
        ),
        -1.0,
        0.7,
    ),
    (
        re.compile(
            r"^(?P<obj>[^,.;!?]{2,30}?)\s*,?\s*(?:yes|yes\s+please|100\s?%|for\s+sure|all\s+day|"
            r"every\s+day|please\s+and\s+thank\s+you)\s*[.!]*$|"
            r"^(?:but\s+)?(?:it's|its|it\s+is)\s+(?P<obj2>[\w' -]{2,30}?)\s+(?:these\s+days|now|"
            r"nowadays)\b",
            re.IGNORECASE,
        ),
        1.0,
        0.7,
    ),
]
_PRE_OBJECT_SUBJECT = re.compile(
    rf"^(?:i|we|you|he|she|they|it|my\s+(?:{RELATIVES})|his|her|their)\b",
    re.IGNORECASE,
)
# "Coffee? Can't live without it." - a bare topic, then a stance on "it"
_TOPIC = re.compile(r"^\W*(?P<topic>[\w' -]{2,30}?)\s*\?\s*$")
# A subject-less sentence that starts with a verb speaks for the user: "training for a half
# in April", "need a laptop under 1500", "love that place".
_DROPPED_ING = re.compile(
    r"^(?:training|saving|planning|trying|learning|studying|preparing|working|looking|hoping|"
    r"aiming|moving|heading|freelancing|renting|living|starting|booking|going|flying|visiting|"
    r"travel(?:l)?ing|putting|doing|getting)\b(?!\s+(?:is|are|was)\b)",
    re.IGNORECASE,
)
_DROPPED_VERB = re.compile(
    r"^(?:want|love|hate|miss|prefer|like|enjoy|adore|can't|cannot|couldn't|won't|"
    r"quit|stopped|gave\s+up|moved|relocated|started|joined|got|just\s+(?:moved|started|got)|"
    r"mostly|usually|always|eat|drink|play|run|swim|cook|bake|work|live|have)\b"
    r"(?!\s+(?:you|your|it\s+(?:is|was)))",
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
_DROPPED_PAST = re.compile(
    r"^(?:(?!(?:need|feed|seed|bed|red|shed|weed|bleed|breed|speed|bored|tired|used|scared|"
    r"excited|interested|married|based|red)\b)[a-z]{3,}ed|got|went|saw|made|took|did|had|ate|"
    r"found|bought|sold|left|met|ran|swam|read|tried|signed|spent|paid|lost|won|built|wrote|"
    r"drove|flew|broke|began|became|felt|kept|heard|sent|quit|gave|sat|slept)\b"
    r"(?!\s+(?:you|your|by\s+you))",
    re.IGNORECASE,
)
_INTERJECTION = re.compile(
    r"^\W*(?:(?:oh|ah|ha|yes|yeah|yep|well|haha|lol|ok|okay|honestly|tbh|ugh|also|and|but|"
    r"so|hmm+|hey|hi|plus|anyway|btw)\b[\s,!.:]*|(?:no|nope)[,!.]+\s*)+",
    re.IGNORECASE,
)


def _part(sentence: str, obj: str) -> str:
    """The clause or comma-separated part of ``sentence`` that names ``obj`` (the item's text)."""
    key = obj.lower().removeprefix("has a ").split()[0] if obj.strip() else ""
    for part in re.split(r"\s*[,;]\s*|,?\s+(?:and|but|so)\s+", sentence):
        if key and key in part.lower():
            return _INTERJECTION.sub("", part).strip(" .!")
    return sentence


_DONE = re.compile(
    r"^\W*(?:i\s+)?(?:just\s+)?(?:finished|watched|read|tried|saw|visited|ate|played|heard|"
    r"listened\s+to|binged|started)\s+(?P<obj>[^,.;!?]{2,40})$",
    re.IGNORECASE,
)
_ACTIVITY_HABIT = re.compile(
    r"\b(?:i'm|i am|i've been|been)\s+(?:currently\s+|still\s+|now\s+)?(?P<obj>running|swimming|"
    r"cycling|lifting|climbing|bouldering|hiking|rowing|surfing|skating|dancing|boxing|"
    r"walking|skiing|yoga)\b(?=[^.?!]{0,25}\b(?:\d|once|twice|every|most|a\s+week|a\s+day|"
    r"weekly|daily|regularly))",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"\s(?:it|them)\b(?=[\s.!,]*$)", re.IGNORECASE)
_YES = re.compile(
    r"^\W*(?:(?:oh\s+)?(?:yes|yep|yeah|absolutely|always|definitely|obviously|100%|love\s+(?:it|them)|"
    r"can't\s+get\s+enough)(?:\s+please)?)[.!\s]*$",
    re.IGNORECASE,
)
_NO = re.compile(
    r"^\W*(?:no|nope|never|not\s+for\s+me|no\s+thanks?|hate\s+(?:it|them)|pass|hard\s+pass|"
    r"not\s+really)[.!\s]*$",
    re.IGNORECASE,
)


def _answer(sentence: str, topic: str | None) -> tuple[float, str, float] | None:
    """ "Spicy food? Yes please." - the user's own answer to a topic they just raised."""
    if not topic:
        return None
    if _YES.match(sentence):
        return 1.0, topic, 0.75
    if _NO.match(sentence):
        return -1.0, topic, 0.75
    return None


def _with_subject(sentence: str) -> str:
    """ "training for a half" -> "I'm training for a half"; "need a laptop" -> "I need a laptop"."""
    bare = _INTERJECTION.sub("", sentence).strip()
    if bare[:2].istitle() and not re.match(r"I\b", bare):
        bare = bare[0].lower() + bare[1:]  # "Can't live without it" -> "I can't live ..."
    if re.match(r"(?:big|huge|massive|total)\s+fan\b", bare, re.I):
        return "I'm a " + bare
    if re.match(
        r"not\s+(?:big|huge|great|keen|a\s+fan|into|much\s+of|really\s+into)\b", bare, re.I
    ):
        return "I'm " + bare
    if re.match(
        r"(?:finally|just|recently|already|officially)\s+(?:settled|moved|relocated|started|joined|"
        r"got|landed|quit|left|switched)\b",
        bare,
        re.I,
    ):
        return "I " + bare
    if _DROPPED_ING.match(bare) or re.match(
        r"(?:(?:currently|now|still)\s+)?(?:based|originally)\b", bare, re.I
    ):
        return "I'm " + bare
    if _DROPPED_VERB.match(bare):
        return "I " + bare
    if _DROPPED_GERUND.match(bare):  # "booking flights to lisbon", not "running is fun"
        return "I'm " + bare
    if _DROPPED_PAST.match(bare):  # "finished wolf hall", "booked a trial at Depot"
        return "I " + bare
    return sentence


def _pre_object(sentence: str) -> tuple[float, str, float] | None:
    bare = _INTERJECTION.sub("", sentence).strip()
    for pattern, polarity, confidence in _PRE_OBJECT:
        match = pattern.match(bare)
        if not match:
            continue
        obj = (match.groupdict().get("obj") or match.groupdict().get("obj2") or "").strip(" ,-")
        if _PRE_OBJECT_SUBJECT.match(obj) or _QUESTION.search(sentence) or sentence.endswith("?"):
            return None  # "my husband is all about horror" is not the user's taste
        obj = re.sub(r"^(?:the|a|an|honestly|tbh)\s+", "", obj, flags=re.IGNORECASE)
        if len(obj) >= 2 and not _PRONOUN_OBJECT.match(obj):
            return polarity, obj, confidence
    return None


# Constraints named by what they are, wherever they sit in a first-person or subject-less
# sentence: "severe peanut allergy", "lactose intolerant", "gluten-free because of celiac",
# "wheelchair user", "can't go over 1500".
_SEVERITY = (
    r"(?:(?:a|an|my|severe|mild|bad|serious|slight|deadly|life-threatening|major|minor)\s+)*"
)
_CONSTRAINT_SHAPES: list[tuple[re.Pattern[str], float, str | None]] = [
    (
        re.compile(
            rf"\b{_SEVERITY}(?!(?:severe|mild|bad|serious|slight|deadly|major|minor)\b)"
            r"(?P<obj>[\w-]+(?:\s+(?!allergy|intolerance)[\w-]+)?)\s+"
            r"(?:allergy|allergies|intolerance|sensitivity)\b|"
            r"\b(?:allergic|intolerant|sensitive|anaphylactic)\s+to\s+(?P<obj2>[\w -]+?)"
            r"(?=[,.;!]|\s+(?:and|so|but|because)\b|$)|\b(?P<obj3>[\w]+)[- ]intolerant\b",
            re.IGNORECASE,
        ),
        -1.0,
        None,
    ),
    (
        re.compile(
            r"\b(?P<obj>(?:eat(?:ing)?|back\s+on)\s+meat\s+again|(?:no\s+longer|not)\s+(?:a\s+)?"
            r"(?:vegan|vegetarian|pescatarian)(?:\s+any\s?more)?|(?:stopped|quit)\s+being\s+"
            r"(?:vegan|vegetarian|pescatarian))\b",
            re.IGNORECASE,
        ),
        1.0,
        "diet",
    ),
    (
        re.compile(
            r"\b(?P<obj>vegan|vegetarian|veggie|pescatarian|pescetarian|keto|paleo|plant-based)\b",
            re.IGNORECASE,
        ),
        1.0,
        "diet",
    ),
    (
        re.compile(
            r"\b(?P<obj>halal|kosher|gluten[- ]free|dairy[- ]free|nut[- ]free|celiac|coeliac|"
            r"diabetic|type [12] diabetes|low[- ]carb|low[- ]sodium|sugar[- ]free|"
            r"wheelchair(?:\s+user)?|hard of hearing|deaf|blind|visually impaired|"
            r"(?:bad|dodgy|busted|weak) (?:knees?|back|hips?|ankles?|shoulders?)|"
            r"(?:can't|cannot|can not) (?:lift|walk|climb) [\w ]{2,20}?(?=[,.;!]|$)|"
            r"arthritis|asthma|epilepsy|migraines|pregnant|sober|screen\s+reader|"
            r"hearing\s+aids?|crutches|mobility\s+scooter|guide\s+dog|colou?r\s*blind)\b",
            re.IGNORECASE,
        ),
        1.0,
        None,
    ),
    (
        re.compile(
            r"\bmy\s+(?P<obj>(?:left\s+|right\s+|bad\s+|lower\s+)?(?:knees?|back|hips?|ankles?|"
            r"shoulders?|wrists?|neck))(?:'s|'re|\s+(?:is|are|has|have))?\s+(?:been\s+|gotten\s+|"
            r"getting\s+)?(?:really\s+|pretty\s+|a\s+bit\s+)?(?:dodgy|bad|weak|shot|wrecked|killing\s+me|"
            r"(?:can't|cannot|won't)\s+(?:take|handle)|hurts?|playing\s+up|acting\s+up|sore|injured)",
            re.IGNORECASE,
        ),
        1.0,
        None,
    ),
    (
        re.compile(
            r"(?:budget\s+(?:is\s+|of\s+)?(?:around\s+|about\s+|under\s+|max\s+)?|(?:can't|cannot|"
            r"can not|don't want to|do not want to)\s+(?:go|spend)\s+(?:over|above|more\s+than)\s+|"
            r"(?:can|could)\s+only\s+(?:spend|afford)\s+(?:around\s+|about\s+|up\s+to\s+)?|"
            r"(?:no\s+more\s+than|max(?:imum)?(?:\s+of)?)\s+(?=[$\u20ac\u00a3]))"
            r"(?P<obj>[$\u20ac\u00a3]?\s?\d[\d,.]*(?:\s?(?:k|dollars|euros|pounds|bucks|quid|grand|"
            r"usd|eur|gbp|rupees|rs|inr|aud|cad|nzd)\b)?)",
            re.IGNORECASE,
        ),
        -1.0,
        "budget",
    ),
]
_OTHER_SUBJECT = re.compile(
    rf"\b(?:my|our|his|her|their)\s+(?:{RELATIVES}|cat|dog)\b|\bone\s+of\s+my\s+\w+|"
    r"\b(?:someone|everyone|he|she|they)\b|(?-i:\b[A-Z][a-z]+\s+(?:is|has|can't)\b)",
    re.IGNORECASE,
)


def _constraints(sentence: str) -> list[tuple[float, str, str | None]]:
    """Named constraints in a sentence that speaks for the user (not a question, not others)."""
    found = []
    for pattern, polarity, slot in _CONSTRAINT_SHAPES:
        for match in pattern.finditer(sentence):
            before = sentence[: match.start()]
            part_end = re.search(r"[,;]|$", sentence[match.end() :])
            part = re.split(r"[,;]", before)[-1] + sentence[match.start() : match.end()]
            part += sentence[match.end() : match.end() + (part_end.start() if part_end else 0)]
            if (
                part.rstrip().endswith("?")
                or _QUESTION.search(part.strip() + " ?")
                or _HYPOTHETICAL.search(part)
            ):
                continue  # "is oat milk safe for coeliacs?" asks, it does not say
            if _OTHER_SUBJECT.search(before) and not re.search(
                r"\b(?:i|i'm|i've|me|my)\b\s*(?:am|'m|have|'ve|got)?\s*\w*\s*$", before, re.I
            ):
                continue  # "my son has a nut allergy" is the son's
            if re.search(
                r"\b(?:if|whether|not|isn't|aren't|wasn't|no longer|after|used to be|was|were|"
                r"formerly|ex|years?|stopped being|quit being)[\s-]+\w*\s*$",
                before,
                re.I,
            ):
                continue  # "I'm NOT celiac", "if I were vegan"
            obj = next(v for v in match.groupdict().values() if v).strip()
            if slot == "diet" and re.search(r"\b(?:meat|not|no longer|stopped|quit)\b", obj, re.I):
                found.append((0.0, "omnivore", "diet"))  # "I'm not vegetarian": a fact, no limit
                continue
            if slot == "budget":
                obj, slot = f"budget under {obj}", None
            found.append((polarity, obj, slot))
    return found


# "two cats, software engineer, gluten-free" / "PhD student in marine biology here"
_INTRO = re.compile(r"^(?P<obj>[\w\s'-]{3,60}?)\s+here\b", re.IGNORECASE)
_COUNTED = re.compile(
    r"^(?:(?:a|an|one|two|three|four|five|\d+)\s+)(?P<obj>(?:[\w-]+\s+)?(?:kids?|children|sons?|"
    r"daughters?|dogs?|cats?|pets?|rabbits?|birds?|parrots?|horses?|chickens?|cars?|bikes?))$",
    re.IGNORECASE,
)


def _fragments(sentence: str) -> list[tuple[MemoryKind, str, str | None]]:
    """Facts stated as bare noun phrases: a job or an intro ("... here"), counted pets/kids."""
    if sentence.rstrip().endswith("?"):
        return []
    out: list[tuple[MemoryKind, str, str | None]] = []
    for part in re.split(r"\s*[,;]\s*|\s+and\s+", _INTERJECTION.sub("", sentence).strip(" .!")):
        if FIRST_PERSON_SUBJECT.search(part) or _OTHER_SUBJECT.search(part):
            continue  # parsed as a clause, or about someone else
        intro = _INTRO.match(part)
        place = re.match(r"(?:based|living|live|located)\s+in\s+(?P<obj>.+)$", part, re.I)
        if any(shape.search(part) for shape, _, _ in _CONSTRAINT_SHAPES):
            continue  # "vegetarian" is a constraint (found above), not a job
        if place:
            out.append((MemoryKind.FACT, slot_object(place.group("obj")), "location"))
        elif intro and OCCUPATION.search(_head(intro.group("obj"))):
            out.append((MemoryKind.FACT, intro.group("obj"), "job"))
        elif 1 <= len(_head(part).split()) <= 4 and OCCUPATION.search(_head(part)):
            out.append((MemoryKind.FACT, part, "job"))
            place = re.search(r"\bin\s+(?P<place>(?-i:[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?))", part)
            if place:  # "product manager at a fintech in Mumbai"
                out.append((MemoryKind.FACT, place.group("place"), "location"))
        elif _COUNTED.match(part):
            out.append((MemoryKind.FACT, part, None))
        elif habit := _HABIT.match(part):
            out.append((MemoryKind.PREFERENCE, habit.group("obj"), None))
    return out


_HABIT = re.compile(
    r"^(?P<obj>[\w' -]{2,40}?)\s+(?:(?:most|every|each)\s+(?:weekends?|days?|mornings?|nights?|"
    r"evenings?|week|weekday)|all\s+the\s+time|a\s+lot|daily|weekly|religiously)$",
    re.IGNORECASE,
)
_RELATION = re.compile(
    r"\b(?:my|our)\s+(?P<obj>wife|husband|partner|girlfriend|boyfriend|fianc[e\u00e9]e?|spouse)\b",
    re.IGNORECASE,
)


_NAME = re.compile(
    r"\b(?:i'm|i am|my name is|my name's|call me|this is)\s+(?P<obj>(?-i:[A-Z][a-z]{1,20}))"
    r"(?=\s*(?:[,.!]|$|and\b|here\b|btw\b|by the way\b))",
    re.IGNORECASE,
)
_NOT_NAMES = re.compile(
    r"^(?:American|British|English|Irish|Scottish|Welsh|Canadian|Australian|Indian|Chinese|"
    r"Japanese|Korean|French|German|Italian|Spanish|Dutch|Mexican|Brazilian|Vegan|Vegetarian|"
    r"Sorry|Fine|Good|Great|Okay|Ok|Back|Home|Here|Done|Sure|Ready|Tired|Retired|Married|"
    r"Single|Pregnant|Christian|Muslim|Jewish|Hindu|Catholic|Gay|Bi|Trans|New|Not|So|Just)$"
)
_MARRIED = re.compile(
    r"\b(?:i'm|i am|we're|we are)\s+(?:happily\s+|newly\s+|recently\s+|now\s+)?married\b|"
    r"(?:^\W*|,\s*)(?:happily\s+)?married\s+(?:with|and)\b",
    re.IGNORECASE,
)
_HOME = re.compile(
    r"^\W*(?:(?:haha|ha|no|nope|actually|oh)\W+)*(?P<obj>(?-i:[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?))"
    r"(?:'s|\s+is)\s+(?:home|where\s+i\s+live)\b|\bhome\s+is\s+(?P<obj2>(?-i:[A-Z][\w-]+))",
    re.IGNORECASE,
)
_NAMED_PET = re.compile(
    r"\b(?:have|got|adopted)\s+(?P<obj>(?:a|an)\s+(?:[\w-]+\s+){0,3}?(?:named|called)\s+"
    r"(?-i:[A-Z]\w+))",
    re.IGNORECASE,
)


_HERE_IN = re.compile(r"\bhere\s+in\s+(?P<obj>(?-i:[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?))", re.I)


def _relations(sentence: str) -> list[tuple[MemoryKind, str, str | None]]:
    """Personal facts said in passing: a partner ("me and my girlfriend"), being married, a
    name ("I'm Priya, 34"), home ("Brisbane's home"), a pet with its name; "here in
    Nottingham" says where the user is even inside a question."""
    here = _HERE_IN.search(sentence)
    out: list[tuple[MemoryKind, str, str | None]] = []
    if here:
        out.append((MemoryKind.FACT, here.group("obj"), "location"))
    if sentence.rstrip().endswith("?"):
        return out
    partner = _RELATION.search(sentence)
    if partner:
        out.append((MemoryKind.FACT, f"has a {partner.group('obj').lower()}", "relationship"))
    elif _MARRIED.search(sentence):
        out.append((MemoryKind.FACT, "married", "relationship"))
    name = _NAME.search(sentence)
    if name and not _NOT_NAMES.match(name.group("obj")):
        out.append((MemoryKind.FACT, name.group("obj"), "name"))
    home = _HOME.search(sentence)
    if home:
        out.append((MemoryKind.FACT, home.group("obj") or home.group("obj2"), "location"))
    habit = _ACTIVITY_HABIT.search(sentence)
    if habit:  # "currently running about 15km a week"
        out.append((MemoryKind.PREFERENCE, habit.group("obj").lower(), None))
    pet = _NAMED_PET.search(sentence)
    if pet and not _OTHER_SUBJECT.search(sentence[: pet.start()]):
        out.append((MemoryKind.FACT, pet.group("obj"), None))
    return out


def _head(phrase: str) -> str:
    """ "backend dev at a fintech startup" -> "backend dev"."""
    return re.split(r"\s+(?:at|in|for|with|from|on)\s+", phrase.strip(), maxsplit=1)[0]


FIRST_PERSON_SUBJECT = re.compile(r"\b(?:i|i'm|i've|i'd|we|we're|we've)\b", re.IGNORECASE)


DISCLOSURE_CONFIDENCE = 0.5


def _disclosure(sentence: str, event: Event) -> list[Candidate]:
    return [
        Candidate(
            kind=MemoryKind.FACT,
            text=text,
            confidence=DISCLOSURE_CONFIDENCE,
            origin=Origin.EXPLICIT,
            evidence=[event.id],
            metadata={"extractor": "disclosure"},
        )
        for text in disclosures(sentence)
    ]


_CONTRAST = re.compile(
    r"^(.+?)\s+(?:over|rather\s+than|instead\s+of|more\s+than|than)\s+(.+)$", re.I
)
_LACKING = re.compile(
    r"^.*?\b(?:(?:that|which|who)\s+(?:don't|doesn't|do\s+not|does\s+not|lack|fail\s+to)\s+"
    r"(?:\w+\s+)?(?:involve|include|have|offer|use|provide|feature|allow|support|incorporate)|"
    r"without|lacking)\s+(.+)$",
    re.I,
)


def _readings(cue: Cue, obj: str) -> list[tuple[float | None, str, float]]:
    """(polarity, object, confidence) for what the clause says, resolving two common shapes.

    "prefer X over Y" likes X and, a little less surely, not Y; "dislike activities that don't
    involve group work" (or "... without a gym") is a liking for what is missing.
    """
    polarity = cue.polarity
    if cue.kind == MemoryKind.PREFERENCE and polarity and polarity > 0:
        contrast = _CONTRAST.match(obj)
        if contrast:
            liked, disliked = (_object(g) for g in contrast.groups())
            clause_after = re.match(r"(?:i|we|you|he|she|they|it|that|what)\b", disliked, re.I)
            if len(liked) >= 2 and len(disliked) >= 2 and not clause_after:
                weaker = cue.confidence * 0.8
                return [(polarity, liked, cue.confidence), (-polarity, disliked, weaker)]
    if polarity and polarity < 0:
        lacking = _LACKING.match(obj)
        if lacking and len(_object(lacking.group(1))) >= 2:
            return [(-polarity, _object(lacking.group(1)), cue.confidence * 0.9)]
    return [(polarity, obj, cue.confidence)]
