"""The gate before a pattern never turns away a text the pattern matches."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from personify.learn.extract.cues import CUES
from personify.learn.extract.disclosure import ENDED
from personify.learn.extract.gate import may_match, needles
from personify.learn.extract.limits import _CONSTRAINT_SHAPES
from personify.learn.extract.named import _QUIT_HABIT, _ROLE_NOUN, _WANTED_BY
from personify.learn.extract.verdicts import _PRE_OBJECT
from personify.learn.extract.whose import _THEIR_STANCE

SUITE = Path(__file__).parents[2] / "src" / "personify" / "eval" / "suite"
PATTERNS = [
    *(cue.pattern for cue in CUES),
    *(pattern for pattern, _, _ in _CONSTRAINT_SHAPES),
    *(pattern for pattern, _, _ in _PRE_OBJECT),
    ENDED,
    _THEIR_STANCE,
    _WANTED_BY,
    _ROLE_NOUN,
    _QUIT_HABIT,
]


def test_needles_are_what_every_match_must_contain() -> None:
    def words(source: str) -> set[str] | None:
        gate = needles(re.compile(source, re.IGNORECASE))
        return None if gate is None else set(gate.pattern.replace("\\", "").split("|"))

    assert words(r"\b(?:severe\s+)?peanut\s+allerg(?:y|ies)") == {"peanut"}
    assert words(r"\bI'm\s+(?:vegan|vegetarian)\b") == {"i'm"}
    assert words(r"(?:vegan|veggie)\s+(?:diet|food)") == {"diet", "food"}  # the longer needles
    assert words(r"(?:vegan|\w+tarian)") == {"tarian", "vegan"}
    assert words(r"(?:vegan|\w+)\b") is None  # one way in requires no word
    assert words(r"(?:budget\s+)?\d+") is None  # nothing at all is required
    assert words(r"(?=budget)\w+") is None  # a lookahead promises nothing here


def test_the_gate_keeps_every_sentence_the_extractor_patterns_match() -> None:
    texts = [
        t
        for path in sorted(SUITE.glob("*.json"))
        for conv in json.loads(path.read_text())
        for session in conv["sessions"]
        for role, t in session["turns"]
        if role == "user"
    ]
    gates = [needles(p) for p in PATTERNS]
    assert sum(g is not None for g in gates) > len(PATTERNS) // 2, "most patterns have a gate"
    for text in texts:
        folded = text.casefold()
        for pattern, gate in zip(PATTERNS, gates, strict=True):
            if pattern.search(text):
                assert may_match(gate, folded), (pattern.pattern[:60], text)


# with the Kelvin sign, dotted capital I, long s and sharp s, which fold in unusual ways
LETTERS = "abcdefgilnorstuvy\u212a\u0130\u017f\u00df '-"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(LETTERS), max_size=30))
def test_the_gate_is_sound_under_case_folding(text: str) -> None:
    for source in (r"allerg(?:y|ic)", r"\bvegan\b", r"(?:no|not)\s+gluten", r"sos?s"):
        pattern = re.compile(source, re.IGNORECASE)
        if pattern.search(text):
            assert may_match(needles(pattern), text.casefold()), (source, text)


def test_a_gated_search_finds_what_the_pattern_finds() -> None:
    from personify.learn.extract.gate import gated

    search = gated(ENDED)
    for text in ("i was nurse 15 years in kharkiv", "I live in Kyiv", "WE LEAVE CURITIBA soon"):
        expected = ENDED.search(text)
        found = search(text, None)
        assert (found and found.group()) == (expected and expected.group()), text
    assert search("i was nurse 15 years in kharkiv", "") is None  # no needle in the folded text
