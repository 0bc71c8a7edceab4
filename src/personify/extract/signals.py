"""Implicit signals: what the user's choices reveal when they never state a preference.

When the assistant offers options (a numbered or bulleted list) and the user's next turn picks
one - by quoting it, by ordinal ("the second one") or by "X sounds good" - the chosen option is
weak positive evidence and the passed-over ones weaker negative evidence ("the other options
don't work for me" makes the rejection stronger). Topics the user keeps returning to across
sessions are handled by :class:`personify.learn.Learner`, which can search the history.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from personify.extract import Candidate
from personify.lexical import overlap
from personify.models import Event, MemoryKind, Origin

_NUMBERED = re.compile(r"(?:^|\s)\(?(\d{1,2})[.)]\s+(.+?)(?=\s+\(?\d{1,2}[.)]\s+|\s*$)", re.DOTALL)
_BULLET = re.compile(r"^\s*[-*\u2022]\s+(.+?)\s*$", re.MULTILINE)
_ORDINALS = {
    "first": 0,
    "1st": 0,
    "second": 1,
    "2nd": 1,
    "third": 2,
    "3rd": 2,
    "fourth": 3,
    "4th": 3,
    "fifth": 4,
    "5th": 4,
}
_ORDINAL = re.compile(
    r"\b(?:the\s+)?(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)\s+(?:one|option)\b"
    r"|\b(?:option|number|#)\s*(\d)\b",
    re.IGNORECASE,
)
_CHOICE_CUE = re.compile(
    r"\b(?:go with|going with|sounds? (?:good|great|perfect|best|nice)|i'll take|i'll have|"
    r"let's (?:do|go with|try)|i (?:choose|pick|want|prefer|like)|works? (?:for me|best)|"
    r"i'll try|looks? (?:good|great|best))\b",
    re.IGNORECASE,
)
_REJECT_OTHERS = re.compile(
    r"\b(?:other(?:s| options| ones)?|rest)\b.{0,40}\b(?:don't|do not|doesn't|won't|aren't|"
    r"not)\b",
    re.IGNORECASE,
)


def offered_options(text: str) -> list[str]:
    """Options listed in an assistant turn, or [] when it offers no list."""
    bullets = [b.strip() for b in _BULLET.findall(text)]
    if len(bullets) >= 2:
        return bullets
    numbered = _NUMBERED.findall(text)
    numbers = [int(n) for n, _ in numbered]
    if len(numbered) >= 2 and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
        return [opt.strip() for _, opt in numbered]
    return []


def chosen_option(selection: str, options: Sequence[str]) -> int | None:
    ordinal = _ORDINAL.search(selection)
    if ordinal:
        word, digit = ordinal.group(1), ordinal.group(2)
        index = (
            int(digit) - 1
            if digit
            else len(options) - 1
            if word.lower() == "last"
            else _ORDINALS[word.lower()]
        )
        return index if 0 <= index < len(options) else None
    scores = [overlap(selection, option) for option in options]
    ranked = sorted(range(len(options)), key=lambda i: -scores[i])
    best = ranked[0]
    runner_up = scores[ranked[1]] if len(ranked) > 1 else 0.0
    if scores[best] >= 0.3 and scores[best] >= runner_up + 0.15:
        return best
    return None


class ChoiceExtractor:
    """The option a user picks from an assistant's list, and the ones they pass over."""

    name = "choices"

    def extract(self, event: Event, context: Sequence[Event] = ()) -> list[Candidate]:
        if event.role != "user" or not event.text or not context:
            return []
        offer = context[-1]
        if offer.role != "assistant" or not offer.text:
            return []
        options = offered_options(offer.text)
        if len(options) < 2:
            return []
        chosen = chosen_option(event.text, options)
        if chosen is None:
            return []
        cue = bool(_CHOICE_CUE.search(event.text))
        rejected_explicitly = bool(_REJECT_OTHERS.search(event.text))
        asked = next((e.text for e in reversed(context[:-1]) if e.role == "user"), None)
        meta = {"extractor": self.name, "options": options, "asked": asked}
        out = [
            Candidate(
                kind=MemoryKind.PREFERENCE,
                text=f'Chose "{options[chosen]}"',
                polarity=1.0,
                object=options[chosen],
                confidence=0.6 if cue else 0.5,
                origin=Origin.IMPLICIT,
                evidence=[event.id, offer.id],
                metadata=meta,
            )
        ]
        for i, option in enumerate(options):
            if i != chosen:
                out.append(
                    Candidate(
                        kind=MemoryKind.PREFERENCE,
                        text=f'Passed over "{option}"',
                        polarity=-1.0,
                        object=option,
                        confidence=0.45 if rejected_explicitly else 0.3,
                        origin=Origin.IMPLICIT,
                        evidence=[event.id, offer.id],
                        metadata=meta,
                    )
                )
        return out
