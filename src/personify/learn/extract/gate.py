"""A cheap test before a costly pattern: words one of which any match must contain.

The rule extractor tries dozens of patterns on every sentence, and most of them cannot match
("I have a severe peanut allergy" is no budget). For each pattern, :func:`needles` reads the
standard library's own parse of it and returns the literal strings, case-folded, of which every
match holds at least one ("allerg", "intoleran" ...), or ``None`` when no such set exists.
Skipping a pattern whose needles are all absent from the case-folded text changes no result: it
only avoids a scan that would have failed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

Needles = re.Pattern[str] | None


def needles(pattern: re.Pattern[str]) -> Needles:
    """A pattern for the case-folded strings one of which every match of ``pattern`` contains
    (one scan in C, however many strings), or ``None``."""
    try:
        from re import _constants, _parser  # the parse ``re.compile`` itself makes
    except ImportError:  # pragma: no cover - a Python without them: no gate, same results
        return None
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # pragma: no cover - anything re compiled, it parses
        return None
    found = _sequence(list(tree), _constants)
    if not found or any(not n for n in found):
        return None
    return re.compile("|".join(re.escape(n) for n in sorted(found, key=lambda n: (-len(n), n))))


def may_match(found: Needles, folded: str) -> bool:
    """False only when ``folded`` (a case-folded text) holds none of the needles."""
    return found is None or found.search(folded) is not None


def gated(pattern: re.Pattern[str]) -> Callable[[str, str | None], re.Match[str] | None]:
    """``pattern.search`` behind its needles: ``search(text, folded)`` scans only when the
    case-folded text (``folded``, or ``text.casefold()`` when ``None``) holds one of them."""
    found = needles(pattern)

    def search(text: str, folded: str | None = None) -> re.Match[str] | None:
        if not may_match(found, text.casefold() if folded is None else folded):
            return None
        return pattern.search(text)

    return search


def _sequence(items: Sequence[tuple[Any, Any]], c: Any) -> frozenset[str] | None:
    """What a sequence requires: the most telling requirement of any one of its parts (a run
    of literal characters, or a group, alternation or repeat that requires something)."""
    options: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is c.LITERAL:
            run.append(chr(av).casefold())
            continue
        if run:
            options.append(frozenset(["".join(run)]))
            run = []
        found = _node(op, av, c)
        if found:
            options.append(found)
    if run:
        options.append(frozenset(["".join(run)]))
    # the longest shortest needle rules out most text; fewer needles break ties
    return max(options, key=lambda s: (min(map(len, s)), -len(s)), default=None)


def _node(op: Any, av: Any, c: Any) -> frozenset[str] | None:
    if op is c.SUBPATTERN:
        return _sequence(av[3], c)
    if op is c.ATOMIC_GROUP:
        return _sequence(av, c)
    if op is c.BRANCH:  # every alternative must require something
        out: set[str] = set()
        for alternative in av[1]:
            found = _sequence(alternative, c)
            if not found:
                return None
            out |= found
        return frozenset(out)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _, sub = av
        return _sequence(sub, c) if low >= 1 else None
    return None  # a class, an anchor, a lookaround, a backreference: nothing required
