"""Whose words a bare statement speaks for: a sentence whose subject, or one of whose clauses,
is someone else's taste, wish or diet ("she's into those long hiking days", "jess is vegan",
"Donal's all about the golf") says nothing of the user's own."""

from __future__ import annotations

import re

from personify.learn.extract.clauses import KIN_MODIFIERS, RELATIVES
from personify.learn.extract.gate import gated
from personify.learn.extract.slots import ABOUT_OTHERS

# "She's into those long hiking days and keeps dragging me up": about her, not the user
THIRD = re.compile(r"\W*(?:she|he|they)(?:'s|'re|'ll|'d|\s)", re.IGNORECASE)
_THEIR_STANCE = re.compile(
    rf"(?:\b(?:he|she|they|hes|shes|he's|she's|they're|theyre)|\b(?:my|our)\s+{KIN_MODIFIERS}"
    rf"(?:{RELATIVES}|cofounder|co-founder|barista|classmate|grandson|granddaughter)s?"
    rf"(?:\s+[a-z]+)?(?:\s+who(?:'s|\s+is)?)?|^\W*(?:{RELATIVES}))\s+"
    # ("he's turning 40 and obsessed with crossfit", "my brother who's into fly fishing")
    r"(?:(?:\w+\s+){1,3}and\s+)?(?:(?:really|totally|so|also|just|still|always|"
    r"is|are|'s)\s+)*(?:loves?|likes?|wants?|wanted|hates?|into|obsessed|(?:\w+\s+)?mad\b|"
    r"keeps?|reckons?|thinks?|prefers?|adores?|swears?|begging|insists?)\b|"
    # a diet or condition said of someone named: "jess is vegan, my flatmate tom thinks ..."
    r"^\W*(?!(?:i|it|that|this|everything|everyone)\b)[a-z]+(?:'s|\s+is)\s+(?:a\s+)?(?:vegan|"
    r"vegetarian|pescatarian|coeliac|celiac|allergic|diabetic|gluten[- ]free|lactose\s+intolerant|"
    r"halal|kosher)\b",
    re.IGNORECASE,
)


# a statement that opens with someone else as its subject: "Wife's cousin wants to come
# fishing", "Donal's all about the golf", "Everyone at the agency is obsessed with K-dramas"
_SOMEONE_OPENS = re.compile(
    rf"^\W*(?:(?:my|our)\s+)?(?:{RELATIVES})'s\s+(?:{RELATIVES})\b|"
    rf"^\W*(?:one|another|some)\s+(?:{RELATIVES})\b|"
    rf"^\W*(?:a\s+)?(?:{RELATIVES})\s+of\s+(?:mine|ours)\b|"
    r"^\W*(?-i:[A-Z][a-z]+)'s\s+(?:all\s+about|obsessed|into|been|always|really|so|mad|big)\b|"
    r"^\W*(?:everyone|everybody|nobody|no\s+one|all\s+my\s+\w+)\b(?!\s+(?:says?|tells?|keeps)"
    r"\s+(?:i|me)\b)",
    re.IGNORECASE,
)


_THEIR_STANCE_SEARCH = gated(_THEIR_STANCE)


def theirs(text: str) -> bool:
    """A bare fact whose subject, or one of whose clauses, is someone else's taste or wish."""
    if ABOUT_OTHERS.match(text) or THIRD.match(text) or _SOMEONE_OPENS.match(text):
        return True
    return _THEIR_STANCE_SEARCH(text, None) is not None
