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
from personify.models import Event, MemoryKind, Origin

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
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
    r"|,\s+(?=(?:i|i'm|i've|i'd|and i|but i|so i)\b)",
    re.IGNORECASE,
)
_SUBJECT = re.compile(
    r"(?:^|\b)(?:i|we|i'm|we're|i've|we've|i'd|we'd|me|personally,? i)"
    r"(?:\s+(?:really|truly|strongly|absolutely|definitely|generally|usually|always|also|"
    r"just|tend to|have always|honestly|do|don't|do not|would|much|actually|still|now|"
    r"kind of|totally|simply|mostly|can|cannot|can't|will|won't|no longer|never|only|"
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
        r"(?:am|'m)\s+(?:planning|hoping|trying|aiming|saving|training|preparing|studying)\s+"
        r"(?:to|for)|(?:my|our)\s+goal\s+is(?:\s+to)?|(?:am|'m)\s+working\s+towards?|"
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
    (re.compile(r"\b(?:live in|moved to|am from|'m from|grew up in)\b", re.I), "location"),
    (re.compile(r"\b(?:work as|work at|work in|work for|job)\b", re.I), "job"),
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
    rest = re.sub(r"^(?:to|the idea of|of|for|with|about)\s+", "", rest, flags=re.I)
    rest = re.sub(
        r"(?:,?\s+(?:any ?more|now|these days|nowadays|lately|at the moment|at all|either|"
        r"too|as well|please|actually|recently|yesterday|last (?:week|month|year)|"
        r"(?:a|one|two|three|\d+) (?:days?|weeks?|months?|years?) ago))+$",
        "",
        rest,
        flags=re.I,
    )
    return rest


def parse_clause(clause: str) -> tuple[Cue, str, str] | None:
    """The first cue spoken by the user in ``clause``: (cue, subject prefix, object)."""
    if _QUESTION.search(clause):
        return None
    clause = clause.replace("\u2019", "'")
    best: tuple[int, int, Cue, re.Match[str]] | None = None
    for order, cue in enumerate(CUES):
        for match in cue.pattern.finditer(clause):
            prefix = clause[: match.start()]
            if not _SUBJECT.search(prefix):
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
    if len(obj) < 2:
        return None
    return cue, clause[: match.start()], obj


def _slot(clause: str, kind: MemoryKind) -> str | None:
    if kind not in (MemoryKind.FACT, MemoryKind.CONSTRAINT):
        return None
    for pattern, slot in _SLOTS:
        if pattern.search(clause):
            return slot
    return None


def is_first_person(clause: str) -> bool:
    return bool(re.search(r"\b(?:i|i'm|i've|i'd|my|me|we|our)\b", clause, re.IGNORECASE))


class RuleExtractor:
    """Explicit preferences, constraints, goals and facts from the user's own statements."""

    name = "rules"

    def extract(self, event: Event, context: Sequence[Event] = ()) -> list[Candidate]:
        if event.role != "user" or not event.text:
            return []
        correction = bool(_CORRECTION.search(event.text))
        out: list[Candidate] = []
        for clause in split_clauses(event.text):
            parsed = parse_clause(clause)
            if parsed is None:
                continue
            cue, _, obj = parsed
            if re.search(r"\bused to\b", clause, re.IGNORECASE):
                continue  # a past preference; the clause after it says what holds now
            for polarity, target, confidence in _readings(cue, obj):
                out.append(
                    Candidate(
                        kind=cue.kind,
                        text=clause.rstrip(".!"),
                        polarity=polarity,
                        object=target,
                        slot=_slot(clause, cue.kind),
                        confidence=confidence,
                        origin=Origin.EXPLICIT,
                        evidence=[event.id],
                        correction=correction,
                        metadata={"extractor": self.name},
                    )
                )
        return out


_CONTRAST = re.compile(r"^(.+?)\s+(?:over|rather\s+than|instead\s+of|more\s+than)\s+(.+)$", re.I)
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
