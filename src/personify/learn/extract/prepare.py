"""A turn made ready for the sentence grammar: chat spelling normalised, a numbered list read
as one sentence, asides in brackets read after the sentence they sit in, quoted speech and a
leading topic reshaped, "remember that ..." and "is it weird that I ..." read as said."""

from __future__ import annotations

import re

from personify.learn.extract.clauses import RELATIVES, normalize

# words in quotation marks that speak in the first person are someone's words quoted (a user
# story in a quiz, what a friend said), not the user speaking: "“As a plant expert, I want to
# connect with ...”". A quoted title ("The Name of the Wind") stays.
_QUOTED_SPEECH = re.compile(
    r"[\u201c\"](?=[^\u201c\u201d\"]{0,300}?\b(?i:i|i'm|i've|i'd|my|me|we|our)\b)"
    r"[^\u201c\u201d\"]{3,300}?[\u201d\"]"
)
# "peanut butter yes i love it": a topic, then the stance on it (read as "peanut butter? ...")
_LEADING_TOPIC = re.compile(
    r"(?:^|(?<=[.!?]\s))(?!(?:ok|okay|oh|well|haha|lol|and|so|but|hmm|ah|wow|omg)\b)"
    r"(?P<topic>[a-z][\w' -]{1,30}?)[,!\s]+(?=(?:oh\s+)?(?:yes|yeah|yep|ya|absolutely|definitely)"
    r"\b[,!\s]+i\s+(?:love|like|adore|need|want)\s+(?:it|them|that)\b)",
    re.IGNORECASE,
)


# an aside in brackets is a sentence of its own: "a new laptop for work (backend dev, mostly
# Go). which editor" says "backend dev, mostly Go" (not "(9)", not "(x2)")
# or "(like anaphylactic)", "(e.g. oat)", which only qualify what they follow
_ASIDE = re.compile(
    r"\s*\((?!\s*(?:like|e\.?g|i\.?e|aka|or|about|around|approx|roughly|maybe|not|which|that|as|"
    r"so(?!\s+(?i:i|i'm|im|we|my)\b)|"  # ("(so I game at 10am lol)": a sentence of its own)
    r"see|ha|lol|haha|jk|just|only|even|esp|especially)\b)"
    r"(?P<aside>[^()]*?[^\W\d_]{2,}[^()]*?\s[^()]*?)\)"
)
_NAMED_BEFORE = re.compile(
    rf"(?:\b(?:called|named)\s+[\w'-]+|\b(?:my|our|his|her|their)\s+(?:[\w-]+\s+)?(?:{RELATIVES})"
    r"(?:\s+(?-i:[A-Z])[\w'-]+)?)\s*$",
    re.IGNORECASE,
)
# a pause after "is" goes on with the same sentence: "Jazz is... not for me, really"
_PAUSE = re.compile(
    r"\b(is|are|was|were|am|i'm|im|it's|its|that's|thats)\s*(?:\.{2,}|\u2026)\s*(?=[a-z])", re.I
)
_ITEM = re.compile(r"(?:^|\s+)(?<!\()(\d{1,2})\)\s+")


def prepared(text: str) -> str:
    """The turn as the sentence loop reads it: chat spelling normalised, a numbered list made
    one sentence, asides in brackets moved after it, quoted speech and a leading topic
    reshaped."""
    # "can you remember I do not eat fish at all", "is it weird that im 52 and only now getting
    # into jazz?": what follows is said, not asked
    text = _PAUSE.sub(r"\1 ", _listed(normalize(text)))
    folded = text.casefold()
    if "remember" in folded or "note" in folded or "mind" in folded:
        text = _REMEMBER.sub("", text)
    if "is it" in folded or "would it" in folded:
        text = _SELF_ASKED.sub(r"\g<said>.", text)
    if "?" in text:  # "i kinda like old garage stuff?": said, with a rising tone
        text = _RISING.sub(_rising, text)
    # an aside right after someone named describes them: "a greyhound called Pickles (retired
    # racer, 4yo)", "my son Jake (14, mad about rugby)"; dropped, not read as the user's
    text = _ASIDE.sub(lambda m: "" if _NAMED_BEFORE.search(text, 0, m.start()) else m.group(), text)
    asides = [m.group("aside") for m in _ASIDE.finditer(text)]
    if asides:  # read after the sentence they sit in, which reads on without them
        main = _ASIDE.sub("", text).rstrip()
        main += "" if main.endswith((".", "!", "?")) else "."
        text = " ".join([main, *(f"{a.rstrip('.!')}." for a in asides)])
    text = _ALLERGIC_AFTER.sub(r"allergic to \g<thing>", text) if "allergic" in folded else text
    if "want" in folded or "need" in folded:  # "I want lose some weight": want to lose
        text = _WANT_BARE.sub(r"\g<1> to ", text)
    if "strictly" in folded:  # "i'm strictly a tea man": a tea person
        text = _STRICTLY_ONE.sub(r"\g<1> person", text)
    if "there" in folded:  # "there's no red meat at all anymore": no red meat any more
        text = _NONE_NOW.sub("", text)
    if "next" in folded or "new" in folded:  # "ok next target v6 by summer", "winter ML is the
        # next goal", "next goal is 5 pull ups", "also new side goal, in bed by 11"
        text = _NEXT_AIM.sub(
            r"\g<pre>next \g<aim>: ", _AIM_IS_NEXT.sub(r"next \g<aim>: \g<what>", text)
        )
    return _LEADING_TOPIC.sub(r"\g<topic>? ", _QUOTED_SPEECH.sub("that", text))


# a statement said with a rising tone: "I've been kind of into risograph printing lately?",
# "film is kind of growing on me??" (the user speaks, in a statement's word order, asking the
# listener nothing: not "i can eat feta right?", "30 hrs a week too much if im revising?")
_RISING = re.compile(r"(?:^|(?<=[.!?]\s))(?P<said>[^.!?]{4,200}?)\?+(?=\s|$)")
_SPEAKS = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|me|my)\b", re.IGNORECASE)
_ASKS = re.compile(
    r"^\W*(?:(?:or|and|so|but|also|ok|okay|hmm|wait|like)\s+)*(?:do|does|did|can|could|would|will|"
    r"should|shall|is|are|am|was|were|have|has|what|which|who|whose|how|where|when|why|any|"
    r"anyone|anything|whats|hows|wheres)\b|\b(?:you|u|your|ur|or|whether|if|right|yeah|no|should|"
    r"could|would|can|might|ok|okay|fine|enough|worth|weird|normal|too|possible|safe|bad|good|"
    r"better|best|much|many|long|far|allowed|supposed|need|needs|recommend|suggest|help|tips?|"
    r"ideas?|advice|pls|please)\b",
    re.IGNORECASE,
)


def _rising(found: re.Match[str]) -> str:
    said = found.group("said")
    return f"{said}." if _SPEAKS.search(said) and not _ASKS.search(said) else found.group()


_WANT_BARE = re.compile(
    r"\b((?:i|we)\s+(?:really\s+)?(?:want|need))\s+(?=(?:lose|learn|buy|find|make|start|pass|get|"
    r"improve|build|save|visit|open|write|become|move|run|finish|cook|eat|study)\b)",
    re.IGNORECASE,
)
_STRICTLY_ONE = re.compile(
    r"\b(strictly\s+an?\s+[\w'&-]+(?:\s+[\w'&-]+)?)\s+(?:man|woman|lad|lass|girl|guy)\b", re.I
)
_NONE_NOW = re.compile(
    r"\bthere(?:'s|\s+is)\s+(?=no\s+[^.!?,]{2,40}?\b(?:any\s?more)\b)", re.IGNORECASE
)
# an aim named without its colon: "ok next target v6 by summer"; after the thing: "winter ML is
# the next goal"
_NEXT_AIM = re.compile(
    r"(?P<pre>(?:^|(?<=[.!?]\s))\W*(?:(?:ok|okay|so|and|now|right|also|yeah)\W+)?)(?:next|new)\s+"
    r"(?:(?:side|big|main|little)\s+)?(?P<aim>target|goal|challenge)(?:\s*,\s*|\s+is\s+|\s+)"
    r"(?=[^\W\d_]|\w+\d|\d)",
    re.IGNORECASE,
)
_AIM_IS_NEXT = re.compile(
    r"(?:^|(?<=[.!?]\s))(?:(?:yeah|ok|okay|so)\W+)?(?P<what>[\w' -]{2,40}?)\s+(?:is|'s)\s+"
    r"(?:the|my)\s+next\s+(?P<aim>target|goal|challenge)\b",
    re.IGNORECASE,
)


# the thing, then the allergy on its own: "can't, peanuts. allergic." reads "allergic to peanuts",
# and "..., and NO shellfish anything, i'm allergic" reads "allergic to shellfish"
_ALLERGIC_AFTER = re.compile(
    r"(?:^|(?<=[,.!]))\s*(?:(?:and|but|also)\s+)?(?:no\s+)?"
    r"(?!(?:i|i'm|im|it|its|it's|that|sorry|no|nah|nope|yes|yeah|oh|ok|okay|"
    r"sadly|unfortunately|can't|cant|cannot|sure|thanks|but|and|so|also|he|she|they|my)\b)"
    r"(?P<thing>[a-z][a-z -]{1,25}?)(?:\s+(?:anything|stuff|at\s+all|whatsoever))?"
    r"\s*[.,!]+\s*(?:i'm\s+|im\s+|i\s+am\s+)?(?:(?:proper|very|"
    r"severely|seriously|super|deathly|really)\s+)?allergic\b(?!\s+(?:to|reaction)\b)",
    re.IGNORECASE,
)


_SELF_ASKED = re.compile(
    r"(?:^|(?<=[.!?]\s))\W*(?:is\s+it|would\s+it\s+be)\s+(?:(?:really|too|so|kinda|a\s+bit)\s+)?"
    r"(?:weird|normal|bad|ok|okay|crazy|silly|strange|odd|mad|dumb|stupid|late)\s+(?:that\s+)?"
    # (what follows speaks of the user: "I'm 52 and only now ...", "fish sauce is growing on me")
    r"(?P<said>(?:(?:i|i'm|i've|im|we|we're)\b|(?=[^?.!]{0,80}?\bme\b))[^?.!]{3,120}?)\?+",
    re.IGNORECASE,
)
_REMEMBER = re.compile(
    r"(?:^|(?<=[.!?]\s))\W*(?:(?:and|also|oh|btw|pls|please)\s+)*(?:(?:can|could|will|would)\s+you\s+"
    r"(?:please\s+|pls\s+)?|please\s+|pls\s+)?(?:remember|note|keep\s+in\s+mind|bear\s+in\s+mind)"
    r"(?:\s+that)?\s+(?=(?:i|i'm|i've|my|we|we're)\b)",
    re.IGNORECASE,
)


def _listed(text: str) -> str:
    """A numbered list read as one: "2026 goals. 1) finish my MSc, dissertation due august
    2) get to 5k" -> "2026 goals: finish my MSc, dissertation due august, get to 5k" (each item
    a conjunct of the goal cue; a lone "1)" is left alone)."""
    numbers = [int(n) for n in _ITEM.findall(text)]
    if len(numbers) < 2 or numbers != list(range(1, len(numbers) + 1)):
        return text  # "Eldest (9) ... the youngest (6)": ages, not a list
    text = re.sub(r"[.:]?\s+1\)\s+", ": ", text, count=1)
    return _ITEM.sub(", ", text)
