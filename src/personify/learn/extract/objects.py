"""What a cue's object holds: several things to do ("pay off my card, start on the loans and
learn to ski" is three goals), a contrast ("prefer X over Y" likes X and, less surely, not Y), a
thing wanted only without something ("activities that don't involve group work")."""

from __future__ import annotations

import re

from personify.learn.extract.clauses import clean_object
from personify.learn.extract.cues import Cue
from personify.models import MemoryKind

# verbs that open one of several things to do: "pay off my credit card, start on the student
# loans, and learn to ski" is three goals, "learn to cook Thai and Indian food" is one
_TODO_VERB = (
    r"(?:(?:finally|properly|actually|also|then|maybe|really|seriously)\s+)?(?:learn|get|buy|pay|"
    r"save|start|run|finish|read|write|move|open|visit|travel|lose|quit|cut|eat|drink|go|find|take|"
    r"make|do|become|apply|pass|try|spend|improve|practi[cs]e|join|see|launch|grow|train|walk|"
    r"cook|bake|switch|stop|keep|build|fix|sell|complete|climb|hike|swim|cycle|ride|study|speak|"
    r"teach|adopt|retire|plant|paint|play|record|publish|earn|hit|reach|land|renovate|clear|"
    r"reduce|drop|sleep|meditate|volunteer|book|sort|organi[sz]e|declutter|"
    r"(?!(?:some|any|no|every)?thing|morning|evening|spring|ceiling|wedding|building|clothing|"
    r"pudding|meeting|sibling|ending|feeling|painting|during)\w{3,}ing)\b"
)
_TODO_START = re.compile(_TODO_VERB, re.IGNORECASE)
_CONJUNCT = re.compile(
    rf"\s*[,;]\s*(?:and\s+|then\s+|&\s+)?(?={_TODO_VERB})|\s+(?:and|&)\s+(?={_TODO_VERB})",
    re.IGNORECASE,
)


def conjuncts(obj: str) -> list[str]:
    """The things a goal lists, when each opens with a verb; else ``[obj]``."""
    parts = [p.strip(" ,;") for p in _CONJUNCT.split(obj)]
    parts = [p for p in parts if len(p) >= 2]
    if len(parts) < 2 or not all(_TODO_START.match(p) for p in parts[1:]):
        return [obj]
    return parts


CONTRAST = re.compile(
    r"^(.+?)\s+(?:over(?!\s+(?:the\s+)?(?:summer|winter|spring|autumn|fall|weekends?|holidays?|"
    r"christmas|easter|lockdown|years?|months?|weeks?|time|past|last|next)\b)|rather\s+than|"
    r"instead\s+of|more\s+than|than)\s+(.+)$",
    re.I,
)
_NOT_THAT = re.compile(  # (a need, "vegetables that don't need much bending", is kept whole)
    r"\s+(?:that|which)\s+(?:isn't|isnt|is\s+not|aren't|arent|are\s+not)\b.*$", re.IGNORECASE
)
_LACKING = re.compile(
    r"^.*?\b(?:(?:that|which|who)\s+(?:don't|doesn't|do\s+not|does\s+not|lack|fail\s+to)\s+"
    r"(?:\w+\s+)?(?:involve|include|have|offer|use|provide|feature|allow|support|incorporate)|"
    r"without|lacking)\s+(.+)$",
    re.I,
)


def read_cue(cue: Cue, obj: str) -> list[tuple[float | None, str, float]]:
    """(polarity, object, confidence) for what the clause says, resolving two common shapes.

    "prefer X over Y" likes X and, a little less surely, not Y; "dislike activities that don't
    involve group work" (or "... without a gym") is a liking for what is missing.
    """
    polarity = cue.polarity
    if cue.kind == MemoryKind.PREFERENCE and polarity and polarity > 0:
        # "a high protein dinner that isn't tofu again": what is wanted stops before what it is not
        obj = _NOT_THAT.split(obj, maxsplit=1)[0] or obj
        contrast = CONTRAST.match(obj)
        if contrast:
            liked, disliked = (clean_object(g) for g in contrast.groups())
            clause_after = re.match(r"(?:i|we|you|he|she|they|it|that|what)\b", disliked, re.I)
            if len(liked) >= 2 and len(disliked) >= 2 and not clause_after:
                weaker = cue.confidence * 0.8
                return [(polarity, liked, cue.confidence), (-polarity, disliked, weaker)]
    if polarity and polarity < 0:
        lacking = _LACKING.match(obj)
        if lacking and len(clean_object(lacking.group(1))) >= 2:
            return [(-polarity, clean_object(lacking.group(1)), cue.confidence * 0.9)]
    return [(polarity, obj, cue.confidence)]
