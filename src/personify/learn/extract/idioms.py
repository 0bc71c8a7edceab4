"""Likings said as idioms of enthusiasm, the way people type them: "stardew has taken over my
life", "sardines on toast has become a weird obsession", "boba u4t are... chef's kiss",
"obsessed w pb", "i'd eat yorkshires for every meal", "never miss the rest is history"; and
dislikes said as idioms of disgust: "tailwind classes make my eyes bleed", "linears feel like
typing on mush", "IPAs taste like licking a pine tree", "pineapple on pizza is a war crime". Each
shape names the thing and its polarity, read by :func:`.verdicts.pre_object` after the shapes
it holds (the first that matches wins)."""

from __future__ import annotations

import re

# what takes over a life or carries a week may be a burden, not a taste
_NO_BURDEN = (
    r"(?!(?:work|my\s+job|the\s+job|job|school|uni|college|admin|the\s+baby|baby|the\s+kids|kids|"
    r"this|that|it|everything|life|stress|anxiety|grief|the\s+move|the\s+house|revision|exams?|"
    r"the\s+thesis|my\s+thesis|the\s+wedding|wedding\s+planning)\b)"
)
_THING = r"(?P<obj>[a-z][\w' &-]{1,30}?)"
_END = r"(?:\s+(?:lol|haha|tbh|ngl|honestly|now|tho|though|already|again))*\s*[.!]*$"

IDIOMS: list[tuple[re.Pattern[str], float, float]] = [
    (
        re.compile(
            rf"^\W*{_NO_BURDEN}{_THING}\s+(?:has|have|'s)\s+(?:totally\s+|completely\s+)?"
            r"(?:taken\s+over\s+my\s+life|become\s+(?:a|my)\s+(?:\w+\s+)?(?:obsession|personality|"
            r"comfort\s+food|religion|whole\s+personality))|"
            rf"^\W*{_NO_BURDEN}(?P<obj2>[a-z][\w' &-]{{1,30}}?)\s+(?:is|are|'s|was|were)"
            r"(?:\.{2,}|\u2026)?\s+(?:honestly\s+|just\s+|literally\s+)?(?:my\s+(?:new\s+|current\s+)?"
            r"(?:obsession|guilty\s+pleasure|comfort\s+(?:food|watch|show)|happy\s+place|"
            r"personality)|chef's\s+kiss|a\s+religious\s+experience|the\s+best\s+part\s+of\s+my\s+"
            r"(?:day|week|weekend)|carrying\s+(?:me|us))" + _END,
            re.IGNORECASE,
        ),
        1.0,
        0.6,
    ),
    (
        re.compile(
            r"^\W*(?:(?:i'm|im|i\s+am)\s+)?(?:(?:lowkey|low\s+key|kinda|a\s+bit|so|totally|"
            r"weirdly)\s+)?obsessed\s+(?:w|w/|with)\s+(?P<obj>[a-z][\w' &-]{1,30}?)" + _END + "|"
            r"^\W*(?:me\s+personally\s+)?(?:i'd|id|i\s+would|i\s+could)\s+(?:eat|put|have|drink)\s+"
            r"(?P<obj2>[a-z][\w' &-]{1,30}?)\s+(?:on|for|with|at)\s+(?:literally\s+)?(?:everything|"
            r"every\s+meal|every\s+day|breakfast|all\s+day)\b(?:\s+(?:tho|though|lol|haha))*"
            r"\s*[.!]*$|"
            r"^\W*(?:(?:i\s+)?never\s+miss\s+(?:an\s+episode\s+of\s+)?|(?:i\s+)?live\s+on\s+)"
            r"(?P<obj3>[a-z][\w' &-]{1,30}?)" + _END,
            re.IGNORECASE,
        ),
        1.0,
        0.6,
    ),
    (
        re.compile(
            rf"^\W*{_THING}\s+(?:make|makes|made)\s+my\s+(?:eyes|ears|teeth|skin)\s+"
            r"(?:bleed|hurt|itch|crawl|water)" + _END + "|"
            r"^\W*(?P<obj2>[a-z][\w' &-]{1,30}?)\s+(?:feel|feels|taste|tastes|smell|smells|sound|"
            r"sounds)\s+like\s+(?:licking|chewing|eating|drinking|typing\s+on|sucking)\s+"
            r"[\w' -]{2,30}?" + _END + "|"
            r"^\W*(?!(?:this|that|these|those|it)\b)(?P<obj3>[a-z][\w' &-]{1,30}?)\s+"
            r"(?:is|are|'s)\s+(?:honestly\s+|just\s+)?"
            r"(?:a\s+(?:war\s+)?crime|dead\s+to\s+me|the\s+devil|evil|cursed)" + _END,
            re.IGNORECASE,
        ),
        -1.0,
        0.6,
    ),
    (  # what they do now, said as a switch: "cycling instead", "swimming now, 3 mornings a week"
        re.compile(
            r"^\W*(?!(?:working|moving|leaving|going|coming|waiting|packing|trying|looking|"
            r"thinking|living|staying|starting|sleeping|eating|doing|feeling|getting|being)\b)"
            r"(?P<obj>[a-z]{3,}ing)\s+(?:now|instead|these\s+days|nowadays)\s*(?:[.!]|$)",
            re.IGNORECASE,
        ),
        1.0,
        0.55,
    ),
]
