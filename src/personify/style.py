"""Communication style: how the user wants to be answered, learned like everything else.

Numeric parameters live in [-1, 1] (formality, verbosity, proactivity, emoji); categorical ones
hold a label (tone, format, language); ``vocabulary`` is the user's domain terms. Each has a
confidence. Explicit requests ("be brief", "you can be casual") move a parameter most of the
way at once; implicit signals (the user's own message length and register, jargon they use)
nudge it a little per turn, and alone never claim more than moderate confidence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from personify.models import Event, StyleParam

NUMERIC = ("formality", "verbosity", "proactivity", "emoji")
CATEGORICAL = ("tone", "format", "language")
PARAMETERS = (*NUMERIC, *CATEGORICAL, "vocabulary")

EXPLICIT_RATE, EXPLICIT_STRENGTH = 0.7, 0.8
IMPLICIT_RATE, IMPLICIT_STRENGTH, IMPLICIT_CAP = 0.08, 0.05, 0.6
VOCABULARY_SIZE = 25


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    name: str
    target: float | str


def _rule(regex: str, name: str, target: float | str) -> Rule:
    return Rule(re.compile(regex, re.IGNORECASE), name, target)


EXPLICIT_RULES: list[Rule] = [
    _rule(
        r"\b(?:be (?:brief|concise|short)|keep (?:it|them|answers|responses|things) "
        r"(?:short|brief|concise)|(?:shorter|briefer|more concise) (?:answers|responses|please)|"
        r"too long|tl;?dr|(?:short|brief) answers|less detail|just the answer|"
        r"(?:hate|dislike|don't like) long (?:answers|responses|replies)|get to the point)\b",
        "verbosity",
        -1.0,
    ),
    _rule(
        r"\b(?:more detail(?:s|ed)?|elaborate|go deeper|too short|in (?:more )?depth|"
        r"explain (?:more|further|in detail)|(?:be|more) thorough|longer (?:answers|responses)|"
        r"(?:detailed|comprehensive) (?:answers|explanations|responses))\b",
        "verbosity",
        1.0,
    ),
    _rule(
        r"\b(?:(?:you can|feel free to) be (?:casual|informal|relaxed)|be (?:casual|informal)|"
        r"no need to be (?:so )?formal|(?:keep it|talk) casual|don't be so formal)\b",
        "formality",
        -1.0,
    ),
    _rule(
        r"\b(?:be (?:more )?(?:formal|professional)|(?:formal|professional) (?:tone|language|"
        r"register)|keep it professional)\b",
        "formality",
        1.0,
    ),
    _rule(
        r"\b(?:don't ask (?:me )?(?:so many |any )?(?:follow-up |clarifying )?questions|"
        r"(?:just|only) (?:answer|do) what i ask|no (?:unsolicited )?suggestions|"
        r"stop suggesting)\b",
        "proactivity",
        -1.0,
    ),
    _rule(
        r"\b(?:be (?:more )?proactive|(?:feel free to|please) suggest|anticipate|"
        r"suggest (?:next steps|alternatives|improvements)|tell me if you (?:see|notice))\b",
        "proactivity",
        1.0,
    ),
    _rule(r"\b(?:no|without|stop (?:using|with) the|don't use) emojis?\b", "emoji", -1.0),
    _rule(r"\b(?:use (?:more )?emojis?|emojis? (?:are|is) (?:fine|welcome|great))\b", "emoji", 1.0),
    _rule(
        r"\b(?:be (?:more )?(?:encouraging|supportive|gentle|warm|kind)|cheer me on)\b",
        "tone",
        "warm",
    ),
    _rule(
        r"\b(?:be (?:blunt|direct|frank|honest with me)|no (?:fluff|sugar-?coating)|"
        r"straight to the point|don't sugar-?coat)\b",
        "tone",
        "direct",
    ),
    _rule(
        r"\b(?:bullet(?:ed)? points?|(?:use|as|in) (?:a )?lists?|numbered list)\b",
        "format",
        "lists",
    ),
    _rule(
        r"\b(?:no (?:bullet points|lists)|in prose|full sentences|paragraphs)\b", "format", "prose"
    ),
    _rule(
        r"\b(?:just|only) (?:the|show me the|give me the) code\b|\bcode only\b", "format", "code"
    ),
    _rule(r"\b(?:as|in) a table\b", "format", "table"),
]

_LANGUAGE_REQUEST = re.compile(
    r"\b(?:answer|respond|reply|write|talk|speak)(?: to me)? in (english|german|french|spanish|"
    r"italian|dutch|portuguese)\b|\b(auf deutsch|en français|en español|in italiano|in het "
    r"nederlands|em português)\b",
    re.IGNORECASE,
)
_LANGUAGE_NAMES = {
    "english": "en",
    "german": "de",
    "auf deutsch": "de",
    "french": "fr",
    "en français": "fr",
    "spanish": "es",
    "en español": "es",
    "italian": "it",
    "in italiano": "it",
    "dutch": "nl",
    "in het nederlands": "nl",
    "portuguese": "pt",
    "em português": "pt",
}
_FUNCTION_WORDS = {
    "en": "the and is are you to of it that this with for have not what".split(),
    "de": "der die das und ist nicht ich du mit ein eine zu auf für wie".split(),
    "fr": "le la les et est pas je tu avec un une des pour que qui".split(),
    "es": "el la los las y es no yo tú con un una para que por".split(),
    "it": "il lo la gli le e è non io tu con un una per che".split(),
    "nl": "de het een en is niet ik jij met voor dat wat op".split(),
    "pt": "o a os as e é não eu tu com um uma para que".split(),
}
_INFORMAL = re.compile(
    r"\b(?:lol|haha+|gonna|wanna|gotta|btw|thx|pls|plz|yeah|yep|nope|cool|dude|omg|idk|imo)\b|"
    r"[\U0001F300-\U0001FAFF]|!{2,}",
    re.IGNORECASE,
)
_FORMAL = re.compile(
    r"\b(?:dear|kind regards|sincerely|would you kindly|i would appreciate|could you please|"
    r"furthermore|therefore|regarding)\b",
    re.IGNORECASE,
)
_TERM = re.compile(
    r"\b(?:[A-Z]{2,6}s?|[a-z]+[A-Z]\w+|[A-Z][a-z]+[A-Z]\w*|\w+(?:[_.]\w+)+|[A-Za-z]+\d+\w*|"
    r"\w+-\w+(?:-\w+)*)\b"
)
_COMMON_CAPS = frozenset({"I", "OK", "AM", "PM", "TV", "US", "UK", "EU", "ID"})


def _language(text: str) -> str | None:
    tokens = re.findall(r"[^\W\d_]+", text.lower())
    if len(tokens) < 4:
        return None
    counts = {lang: sum(t in words for t in tokens) for lang, words in _FUNCTION_WORDS.items()}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] >= 2 and counts[best] >= 2 * sorted(counts.values())[-2] else None


def _nudge(param: StyleParam, target: float, rate: float, strength: float, cap: float) -> None:
    value = float(param.value) if isinstance(param.value, int | float) else 0.0
    param.value = max(-1.0, min(1.0, value + rate * (target - value)))
    param.confidence = min(max(cap, param.confidence), 1 - (1 - param.confidence) * (1 - strength))


def default_style() -> dict[str, StyleParam]:
    out: dict[str, StyleParam] = {}
    for name in NUMERIC:
        out[name] = StyleParam(name=name, value=0.0, confidence=0.0)
    for name in CATEGORICAL:
        out[name] = StyleParam(name=name, value="", confidence=0.0)
    out["vocabulary"] = StyleParam(name="vocabulary", value=[], confidence=0.0)
    return out


class StyleLearner:
    """Updates a user's style parameters from one user turn at a time."""

    def __init__(self, params: Sequence[StyleParam] = ()) -> None:
        self.params = default_style()
        for p in params:
            self.params[p.name] = p.model_copy(deep=True)
        self.term_counts: Counter[str] = Counter(
            {t: int(c) for t, c in self.params["vocabulary"].detail.get("counts", {}).items()}
        )
        self.changed: set[str] = set()

    def _touch(self, name: str, event: Event, ts: datetime) -> None:
        param = self.params[name]
        param.evidence = [*param.evidence[-19:], event.id]
        param.updated_at = ts
        self.changed.add(name)

    def observe(self, event: Event) -> None:
        if event.role != "user" or not event.text:
            return
        text, ts = event.text, event.ts
        explicit: set[str] = set()
        for rule in EXPLICIT_RULES:
            if rule.name in explicit or not rule.pattern.search(text):
                continue
            explicit.add(rule.name)
            param = self.params[rule.name]
            if isinstance(rule.target, str):
                param.value = rule.target
                param.confidence = 1 - (1 - param.confidence) * (1 - EXPLICIT_STRENGTH)
            else:
                _nudge(param, rule.target, EXPLICIT_RATE, EXPLICIT_STRENGTH, 1.0)
            self._touch(rule.name, event, ts)
        requested = _LANGUAGE_REQUEST.search(text)
        if requested:
            name = (requested.group(1) or requested.group(2)).lower()
            self.params["language"].value = _LANGUAGE_NAMES[name]
            self.params["language"].confidence = 0.9
            explicit.add("language")
            self._touch("language", event, ts)
        self._implicit(event, explicit)

    def _implicit(self, event: Event, explicit: set[str]) -> None:
        text, ts = event.text or "", event.ts
        n_words = len(text.split())
        if "verbosity" not in explicit and (n_words <= 8 or n_words >= 60):
            target = -1.0 if n_words <= 8 else 1.0
            _nudge(self.params["verbosity"], target, IMPLICIT_RATE, IMPLICIT_STRENGTH, IMPLICIT_CAP)
            self._touch("verbosity", event, ts)
        informal, formal = len(_INFORMAL.findall(text)), len(_FORMAL.findall(text))
        if "formality" not in explicit and informal != formal:
            target = 1.0 if formal > informal else -1.0
            _nudge(self.params["formality"], target, IMPLICIT_RATE, IMPLICIT_STRENGTH, IMPLICIT_CAP)
            self._touch("formality", event, ts)
        language = _language(text)
        lang = self.params["language"]
        if "language" not in explicit and language is not None:
            if lang.value == language:
                lang.confidence = min(IMPLICIT_CAP, lang.confidence + IMPLICIT_STRENGTH)
            elif lang.confidence < 0.5:  # an explicit request is not overturned by one message
                lang.value, lang.confidence = language, IMPLICIT_STRENGTH
            self._touch("language", event, ts)
        terms = [t for t in _TERM.findall(text) if t not in _COMMON_CAPS and not t.isdigit()]
        if terms:
            self.term_counts.update(terms)
            vocab = self.params["vocabulary"]
            repeated = [(t, c) for t, c in self.term_counts.most_common() if c >= 2]
            vocab.value = [t for t, _ in repeated[:VOCABULARY_SIZE]]
            vocab.confidence = min(IMPLICIT_CAP, 0.1 * len(vocab.value))
            vocab.detail = {"counts": dict(self.term_counts.most_common(4 * VOCABULARY_SIZE))}
            self._touch("vocabulary", event, ts)

    def updated(self) -> list[StyleParam]:
        return [self.params[name] for name in sorted(self.changed)]
