"""Reading one clause with the cue grammar (:mod:`.cues`): the first cue the user speaks, and
the words after it as its object; a cue said of someone else, a question or a pronoun object
reads as nothing."""

from __future__ import annotations

import re

from personify.learn.extract.clauses import (
    PRONOUN_OBJECT,
    QUESTION,
    SUBJECT,
    clean_object,
)
from personify.learn.extract.cues import CUES, Cue
from personify.learn.extract.gate import may_match, needles
from personify.models import MemoryKind

_SUBJECTLESS = re.compile(
    r"(?:my|our|next\s+up|(?:the\s+)?(?:goal|aim|plan|target|dream)|putting|moving|relocating|"
    r"been\s+(?:wanting|meaning|dying|itching|hoping|planning)|"
    r"(?:(?:two|three|four|\d|main|big)\s+)?(?:goals|resolutions)|"
    r"(?:(?:two|three|four|\d|my|our|the|main|big)\s+){0,2}(?:things|priorities|plans|aims)\s+for|"
    r"time\s+to|"
    r"(?:new\s+year(?:'s)?|bucket|to-?do)\s+list|"
    r"(?:at\s+)?(?:uni|university|college)\s+in|the\s+move\s+to|"
    r"(?:next|first|second|third|new|main|big|final)\s+(?:target|goal|challenge|mission|ambition))\b",
    re.IGNORECASE,
)
_THIRD_PERSON_END = re.compile(
    r"\b(?:his|her|their|its|your|he|she|they|you|\w+'s)\s*$", re.IGNORECASE
)


_NO_OBJECT = re.compile(
    r"\s*(?:any\s?more|now|these\s+days|nowadays|at\s+all|much|really)\s*(?:[,.;!?]|$)", re.I
)
_STATUS_CUE = re.compile(
    r"(?:freelancing|freelance|self[- ]employed|retired|unemployed|between\s+jobs|"
    r"on\s+parental\s+leave)\s*$",
    re.IGNORECASE,
)
_ACTIVITY = re.compile(
    r"(?:drink|smoke|eat|drive|fly|cook|run|swim|bake|game|party|gamble|vape|travel|read)$", re.I
)


_CUE_NEEDLES = tuple(needles(cue.pattern) for cue in CUES)


def parse_clause(clause: str, anyone: bool = False) -> tuple[Cue, str, str] | None:
    """The first cue spoken by the user in ``clause``: (cue, subject prefix, object).

    ``anyone``: whoever speaks (what "it" refers to in "my partner hates cilantro but I love
    it" comes from a clause about someone else).
    """
    if QUESTION.search(clause):
        return None
    clause = clause.replace("\u2019", "'")
    folded = clause.casefold()
    best: tuple[int, int, Cue, re.Match[str]] | None = None
    for order, (cue, gate) in enumerate(zip(CUES, _CUE_NEEDLES, strict=True)):
        if (anyone and cue.kind != MemoryKind.PREFERENCE) or not may_match(gate, folded):
            continue
        for match in cue.pattern.finditer(clause):
            prefix = clause[: match.start()]
            if (
                not anyone
                and not SUBJECT.search(prefix)
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
    rest = clause[match.end() :]
    # "I don't drink anymore, stopped in march": the verb has no object, the rest is news
    obj = "" if _NO_OBJECT.match(rest) else clean_object(rest)
    if cue.kind == MemoryKind.CONSTRAINT and re.match(r"\s*[,;.!]", rest):
        obj = ""  # "I don't drive, only have a bike license": the limit is the verb itself
    if len(obj) < 2 and cue.kind == MemoryKind.CONSTRAINT:
        obj = clean_object(match.group())  # "I have a severe peanut allergy": the cue is the object
        never = r"^(?:never|can't|cannot|must\s+not|mustn't)\s+(?:ever\s+)?"
        obj = re.sub(never, "", obj, flags=re.I)
    status = _STATUS_CUE.search(match.group())
    if len(obj) < 2 and cue.kind == MemoryKind.FACT and status:
        obj = status.group().strip().lower()  # "I'm freelancing now": the cue is the job
    verb = match.group().split()[-1] if match.group().split() else ""
    if len(obj) < 2 and cue.kind == MemoryKind.PREFERENCE and _ACTIVITY.match(verb):
        obj = verb  # "I don't really drink anymore"
    if len(obj) < 2 or PRONOUN_OBJECT.match(obj):
        return None
    return cue, clause[: match.start()], obj
