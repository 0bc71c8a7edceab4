"""A short answer read with the question it answers. The assistant often asks before it helps
("where are you based?", "what should I call you?", "are you on any medication?") and people
answer in a word or two ("derby", "dee", "warfarin"); alone such a fragment says nothing, but
the question gives it a frame. The frame turns the fragment into the statement it stands for
("I live in derby"), which the sentence grammar then reads like anything said outright."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from personify.learn.extract.clauses import OCCUPATION, head_noun
from personify.learn.extract.gazetteer import known_place
from personify.models import Event

# the assistant's questions, each sentence ending in "?"
_QUESTION = re.compile(r"[^.!?\n]*\?")
# what the user's turn is made of: an answer is its first fragment or the one after it
# ("just curious tbh. dublin. rent here is insane")
_FRAGMENT = re.compile(r"[^.!?,;\n]+")
# a fragment that is no answer by name: a yes or no, a hedge, a sentence of its own
_NOT_AN_ANSWER = re.compile(
    r"^\W*(?:yes|yeah|yep|ya|yup|no|nah|nope|not|never|just|maybe|depends|i|i'm|im|i've|we|"
    r"we're|it|it's|its|that|this|there|they|he|she|you|idk|dunno|haha|lol|ha|hmm+|um+|uh+|"
    r"ok|okay|sure|thanks|well|so|oh|why|what|how|who|where|when|good|fine|great|nothing|none|"
    r"kinda|sort|pretty|honestly|tbh|also|and|but|or|the|a|an|any|some)\b",
    re.IGNORECASE,
)
# a fragment with a verb is a clause the grammar reads as it is: "olives are evil"
_A_CLAUSE = re.compile(
    r"\b(?:is|are|was|were|am|be|been|have|has|had|do|does|did|don't|doesn't|can|can't|will|"
    r"would|should|could|make|makes|made|get|gets|got|go|goes|went|feel|feels|think|know|like|"
    r"love|hate|want|need|eat|eats)\b",
    re.IGNORECASE,
)
_NO = re.compile(r"^no\s+", re.IGNORECASE)  # "no nuts" is what they don't eat
_WORDS = 4  # an answer by name is a few words; more is a sentence the grammar reads as it is


def _a_trade(fragment: str) -> bool:
    return bool(OCCUPATION.search(head_noun(fragment)))


def _a_name(fragment: str) -> bool:
    return bool(re.fullmatch(r"[^\W\d_][\w'-]{1,20}", fragment))


def _an_age(fragment: str) -> bool:
    return bool(re.fullmatch(r"[1-9]\d", fragment))


def _a_thing(fragment: str) -> bool:
    return not re.search(r"\d", fragment)


def _as_trade(fragment: str) -> str:
    article = "an" if fragment[:1].lower() in "aeiou" else "a"
    return f"I'm {article} {fragment}"


# (the question, whether a fragment can answer it, the statement the answer stands for)
_FRAMES: list[
    tuple[re.Pattern[str], Callable[[str], bool], Callable[[str, re.Match[str]], str]]
] = [
    (
        re.compile(
            r"\bwhere(?:'s|\s+is)?\s+(?:are\s+you|r\s+u|you're|do\s+you\s+live)"
            r"(?:\s+(?:based|living|located|now|currently|at\s+the\s+moment|these\s+days))?\s*"
            r"(?:[,?]|\bso\b|\band\b)|"
            r"\b(?:which|what)\s+(?:city|town|country|area|part\s+of\s+[\w ]+?)\s+"
            r"(?:are\s+you|do\s+you\s+live)\b|\bwhereabouts\s+are\s+you\b",
            re.IGNORECASE,
        ),
        known_place,
        lambda x, _: f"I live in {x}",
    ),
    (
        re.compile(
            r"\bwhere\s+are\s+you\s+(?:originally\s+)?from\b|\bwhere\s+did\s+you\s+grow\s+up\b",
            re.I,
        ),
        known_place,
        lambda x, _: f"I'm from {x}",
    ),
    (
        re.compile(
            r"\bwhat\s+do\s+you\s+do(?:\s+for\s+(?:work|a\s+living))?"
            r"(?:\s+(?:now|currently|at\s+the\s+moment|these\s+days))?\s*[,?]|"
            r"\bwhat(?:'s|\s+is)\s+your\s+(?:job|role|profession|occupation|line\s+of\s+work|"
            r"day\s+job)\b|\bwhat\s+do\s+you\s+work\s+as\b",
            re.IGNORECASE,
        ),
        _a_trade,
        lambda x, _: _as_trade(x),
    ),
    (
        re.compile(r"\bwhere\s+do\s+you\s+work\b", re.I),
        lambda x: not known_place(x) and _a_thing(x),
        lambda x, _: f"I work at {x}",
    ),
    (
        re.compile(
            r"\bwhat(?:'s|\s+is)\s+your\s+name\b|\bwhat\s+(?:should|can|shall)\s+i\s+call\s+you\b|"
            r"\bwhat\s+do\s+you\s+(?:want|like)\s+(?:me\s+)?to\s+(?:call\s+you|be\s+called)\b",
            re.IGNORECASE,
        ),
        _a_name,
        lambda x, _: f"My name is {x[:1].upper()}{x[1:]}",
    ),
    (re.compile(r"\bhow\s+old\s+are\s+you\b", re.I), _an_age, lambda x, _: f"I'm {x} years old"),
    (
        re.compile(
            r"\b(?:on|taking|take)\s+any\s+(?:medications?|meds|medicines?|tablets|pills)\b", re.I
        ),
        _a_thing,
        lambda x, _: f"I'm on {x}",
    ),
    (
        re.compile(r"\bany\s+(?:food\s+)?allerg(?:ies|y)\b|\ballergic\s+to\s+anything\b", re.I),
        _a_thing,
        lambda x, _: f"I'm allergic to {x}",
    ),
    (
        re.compile(
            r"\bany\s+(?:health|medical)\s+(?:things?|issues?|conditions?|problems?|stuff)\b|"
            r"\bany\s+(?:other\s+)?injur(?:y|ies)\b",
            re.IGNORECASE,
        ),
        _a_thing,
        lambda x, _: f"I have {x}",
    ),
    (
        re.compile(
            r"\b(?:anything|any\s+foods?|foods?|anything\s+food-wise)\s+(?:that\s+)?you\s+"
            r"(?P<verb>avoid|don't\s+eat|can't\s+eat|won't\s+eat)\b",
            re.IGNORECASE,
        ),
        _a_thing,
        lambda x, asked: f"I {asked['verb']} {_NO.sub('', x)}",  # as asked: "I avoid olives"
    ),
    (
        re.compile(
            r"\b(?:anything|any\s+\w+)\s+(?:that\s+)?you\s+(?:can't\s+stand|hate|dislike|"
            r"don't\s+like|really\s+don't\s+like)\b",
            re.IGNORECASE,
        ),
        _a_thing,
        lambda x, _: f"I can't stand {x}",
    ),
]


def _questions(context: Sequence[Event]) -> list[str]:
    """The questions of the assistant's turn just before, if that is the last turn."""
    offer = context[-1] if context else None
    if offer is None or offer.role != "assistant" or not offer.text or "?" not in offer.text:
        return []
    return _QUESTION.findall(offer.text)


def as_answered(text: str, context: Sequence[Event]) -> str:
    """``text`` with an answer by name to the assistant's last question written out as the
    statement it stands for; ``text`` itself when it answers none."""
    asked = _questions(context)
    fragments = list(_FRAGMENT.finditer(text))[:2]
    for question in reversed(asked):
        for pattern, fits, said in _FRAMES:
            frame = pattern.search(question)
            if frame is None:
                continue
            for fragment in fragments:
                answer = fragment.group().strip()
                if (
                    answer
                    and len(answer.split()) <= _WORDS
                    and not _NOT_AN_ANSWER.match(answer)
                    and not _A_CLAUSE.search(answer)
                    and fits(answer)
                ):
                    start = fragment.start() + fragment.group().index(answer)
                    end = start + len(answer)
                    rest = text[end:]  # "mushrooms, can't stand them": a sentence of its own
                    rest = "." + rest[1:] if rest[:1] in (",", ";") else rest
                    return f"{text[:start]}{said(answer, frame)}{rest}"
                if len(fragment.group().split()) > _WORDS:
                    break  # the answer comes first, or after a word or two ("just curious")
            return text  # the question this turn answers, answered in words of its own
    return text


# how to answer, asked before answering: "should I keep things plain, or are you happy with
# emoji?" - "plain"; "formal or casual?" - "casual obvs". (the question, then each answer's
# shape and the standing request it stands for)
_STYLE_FRAMES: list[tuple[re.Pattern[str], list[tuple[re.Pattern[str], str]]]] = [
    (
        re.compile(r"\bemojis?\b", re.IGNORECASE),
        [
            (
                re.compile(
                    r"^(?:plain|no(?!\s+(?:idea|clue|preference|worries))|nah|nope|none|"
                    r"without|skip\s+them)\b",
                    re.IGNORECASE,
                ),
                "no emoji please",
            ),
            (
                re.compile(
                    r"^(?:yes|yeah|yep|sure|fine|happy|go\s+for\s+it|with|love\s+them)\b", re.I
                ),
                "emoji are fine",
            ),
        ],
    ),
    (
        re.compile(r"\bformal\b[^?]*\bcasual\b|\bcasual\b[^?]*\bformal\b", re.IGNORECASE),
        [
            (re.compile(r"^(?:formal|formal-ish|professional)\b", re.I), "keep it formal"),
            (re.compile(r"^(?:casual|relaxed|chill|informal)\b", re.I), "keep it casual"),
        ],
    ),
    (
        re.compile(
            r"\b(?:short|brief|concise)\b[^?]*\b(?:long|detailed|in[- ]depth)\b|"
            r"\b(?:long|detailed)\b[^?]*\b(?:short|brief)\b|\bhow\s+(?:long|much\s+detail)\b[^?]*"
            r"\b(?:repl|answer|response|message)",
            re.IGNORECASE,
        ),
        [
            (
                re.compile(r"^(?:short|brief|shorter|concise|quick)\b", re.I),
                "keep your replies short",
            ),
            (
                re.compile(r"^(?:long|longer|detailed|in[- ]depth|lots\s+of\s+detail)\b", re.I),
                "give me detailed replies",
            ),
        ],
    ),
    (
        re.compile(r"\bbullet|\blists?\b[^?]*\b(?:prose|paragraphs?)\b", re.IGNORECASE),
        [
            (re.compile(r"^(?:bullets?|bullet\s+points|lists?)\b", re.I), "use bullet points"),
            (re.compile(r"^(?:prose|paragraphs?)\b", re.I), "write in paragraphs"),
        ],
    ),
]


def style_answered(text: str, context: Sequence[Event]) -> str:
    """``text`` with a short answer to the assistant's question about how to answer ("plain",
    "casual obvs") written out as the standing request it stands for; else ``text``."""
    asked = _questions(context)
    first = _FRAGMENT.match(text.strip()) if asked else None
    if first is None or len(first.group().split()) > _WORDS:
        return text
    said = []
    for question in asked:
        for frame, answers in _STYLE_FRAMES:
            if frame.search(question):
                said += [means for shape, means in answers if shape.match(first.group().strip())]
    return f"from now on, {' and '.join(dict.fromkeys(said))}. {text}" if said else text
