"""Age and relationship: who the user is, said in passing.

People give both on the way to something else ("34, freelance copywriter, Valencia", "71, widower,
live on my own", "me and the wife", "since the divorce"), rarely as a sentence of their own. Each
is a single-valued slot, so a newer statement ("divorced last year") retires the older one.
"""

from __future__ import annotations

import re

from personify.learn.extract.clauses import OTHER_SUBJECT, RELATIVES
from personify.learn.extract.gazetteer import ordinary

# -- age --------------------------------------------------------------------------------------

_AN_AGE = r"1[6-9]|[2-9]\d"  # adults and teenagers: a smaller figure is a child's, or a count

# "a student baker, at 43 years old": an age said on the way to something else
# (or said alone: "only 31 years old!!")
_AGE_OLD = re.compile(
    rf"(?:\b(?:at|i'm|i am|im)|(?:^|[,.!?]\s*)(?:only|just))\s+(?P<obj>{_AN_AGE})\s+"
    r"(?:years?|yrs?)\s+old\b",
    re.I,
)
# "I'm 52 and a plumber": the clause's slot is the job, and the age is said on the way
_AGE_AND = re.compile(
    r"\b(?:i'm|i am|im)\s+(?P<obj>[1-9]\d)\s+(?:and|with)\s+(?:a|an|two|three|\d)\b", re.I
)
# "i'm 24 😭", "I'm 71, retired from dairy farming": an age said as what the user is, whatever
# the clause goes on to say (not "I'm 30 minutes away", "im 12 weeks in", "when I'm 60")
_AGE_SAID = re.compile(
    r"(?<!\bwhen\s)(?<!\bif\s)(?<!\buntil\s)(?<!\btill\s)(?<!\btime\s)"
    r"\b(?:i'm|i\u2019m|i am|im)\s+(?:only\s+|just\s+|now\s+|turning\s+)?(?P<obj>1[3-9]|[2-9]\d)"
    r"(?![\d/.,:%-]?\d|\s*(?:%|/|min|mins|minutes?|hours?|hrs?|h\b|k\b|km|miles?|kg|kgs|lbs?|"
    r"pounds|quid|euros?|dollars|bucks|percent|pages?|weeks?|days?|months?|times?|x\b|in\b|"
    r"into\b|on\b|of\b|out\b|at\b|for\b|feet|ft|cm|down\b|up\b|short\b|"
    r"points?|minutes|episodes?|chapters?|books?|hrs|people|kids|steps)|[^\s,.!?;)\w])",
    re.IGNORECASE,
)
# an age in a self-description: "34, nurse on a cardiac ward", "roofer from carmarthen, 36.",
# "I'm Aroha, 41, me and my husband ...", "71, widower", "38 and never run more than 10k", "an
# apprenticeship ... at 31 lol", "at 57 I will not start", "49 this year so ..."
_AGE_LISTED = re.compile(
    # a figure that is a whole part of a list, with the words a person is described by around it
    rf"(?:^\W*(?:(?:hi|hey|hello|ok|okay|so|um|well|right|g'day)\W+)*|[,:;(]\s*|(?<=\w)\.\s+|"
    # "24 y/o, truck driver. wait no 26, birthday was last month": the later one is right
    r"\b(?:wait\s+)?no\s+(?=\d+\s*,)|\bactually\s+(?=\d+\s*,))"
    rf"(?P<obj>{_AN_AGE})(?:\s*(?:y/?o|yrs?\s+old|years?\s+old)|(?-i:[FM])\b)?"
    r"(?=\s*(?:[,;)!]|\.(?!\d)|$|\s+(?:and\s+(?:never|still|just|a|an|i|my|single|married|"
    r"retired|divorced|widowed)|lol|haha|here|now|btw|this\s+year|next\s+month|soon)\b))|"
    rf"\bat\s+(?P<obj2>{_AN_AGE})\s+(?:lol|haha|lmao|now|already|years?\s+old|i(?!')|with\s+a)\b|"
    # a life stage reached at an age: "first time mum at 36", "a skills bootcamp at 48 after 20
    # yrs", "coding at 31 feels very late", "would that be mad at 45?"
    r"(?<!\bmy\s)(?<!\bhis\s)(?<!\bher\s)(?<!\bour\s)(?<!\btheir\s)(?<!'s\s)"
    r"\b(?:mum|mom|dad|parent|student|grad|graduate|intern|apprentice|newbie|beginner|starting|"
    r"started|coding|learning|retraining|bootcamp|degree|career\s+change|mad|crazy|late|old|"
    r"silly|stupid|weird)\b(?:\s+[\w'-]+){0,3}?\s+at\s+"
    rf"(?P<obj6>{_AN_AGE})\b(?!\s*(?:[:.]\d|am\b|pm\b|%|k\b|mph|km|mins?\b|minutes))|"
    # "34 and moving back home, living the dream"
    rf"(?:^\W*|[,.;!]\s*)(?P<obj7>{_AN_AGE})\s+and\s+(?=(?:moving|living|starting|still|back|"
    r"retraining|learning|trying|going)\b)|"
    # "ok so context: 24, just started as a junior data analyst"
    rf"\bcontext\s*(?:first\s*)?:\s*(?P<obj3>{_AN_AGE})\s*,|"
    # "birthday in 3 weeks, turning 31 (kill me)", "turning 20 🎂" (someone else's is caught by
    # who says it)
    r"(?:^\W*|[,;]\s*|\b(?:i'm|im|i\s+am|i'll\s+be|and|but|so)\s+)"
    rf"turning\s+(?P<obj4>{_AN_AGE})"
    r"(?=\s*(?:[,.;!(]|[^\w\s%/:.,-]|$|\s+(?:next|this|in|on|soon|tomorrow|today|lol|haha|and|"
    r"but|so)\b))|"
    # a birthday of the user's own: "guacamole for my 30th on saturday", "my 40th birthday"
    r"\bmy\s+(?P<obj5>[1-9]\d)(?:st|nd|rd|th)(?=\s+(?:birthday|bday|b-day|party|do|bash|on|next|"
    r"this|is\s+(?:on|next|coming|in))\b)",
    re.IGNORECASE,
)
# a list of figures, or a figure said of a count, a time or someone else ("kids are 4, 7 and 9",
# "sizes 10, 12", "aged 17, 19"): none of them is the user's age
_NOT_AN_AGE_BEFORE = re.compile(
    rf"(?:\d\s*[,;]?\s*|\b(?:are|is|aged?|ages|sizes?|size|room|rooms|flat|no|number|gate|"
    rf"platform|route|bus|page|chapter|level|score|scores|at|by|from|to|until|till|about|"
    rf"around|like|maybe|between|{RELATIVES})\s*[,:;(]?\s*)$",
    re.IGNORECASE,
)


def age(sentence: str) -> str | None:
    """The user's age when ``sentence`` says it, as a figure."""
    if not re.search(r"\d", sentence):  # every age is said with a figure here
        return None
    said = _AGE_AND.search(sentence) or _AGE_OLD.search(sentence) or _AGE_SAID.search(sentence)
    if said:
        return said.group("obj")
    found = None  # the last one: "24 y/o ... wait no 26"
    for listed in _AGE_LISTED.finditer(sentence):
        before = sentence[: listed.start()]
        after = sentence[listed.end() :]
        if OTHER_SUBJECT.search(before):
            break  # "my husband, 52, ..."; "she's 19 lol"
        if listed.group("obj") and (
            _NOT_AN_AGE_BEFORE.search(before) or re.match(r"\s*[,;]?\s*(?:and\s+)?\d", after)
        ):
            continue
        found = next(v for v in listed.groupdict().values() if v)
    return found


# -- relationship ------------------------------------------------------------------------------

_PARTNER_WORDS = (
    r"(?:ex-?)?(?:boyfriend|girlfriend|bf|gf|partner|husband|wife|fianc[e\u00e9]e?|hubby)"
)
_PARTNER_NAMES = {
    "hubby": "husband",
    "bf": "boyfriend",
    "gf": "girlfriend",
    "fiance": "fiancé",
    "fiancee": "fiancée",
}
# a partner named as the user's: "my wife Denise", "the missus", "me and the wife" (not "the wife
# of a friend", "my ex-wife", "my late husband")
_PARTNER = re.compile(
    r"\b(?:my|our)\s+(?:(?:new|current|lovely|long-?term|long\s+time|amazing)\s+)?"
    r"(?P<obj>wife|husband|hubby|partner|girlfriend|boyfriend|gf|bf|"
    r"fianc[e\u00e9]e?|spouse)(?:s(?=\s+(?:job|work|family|parents|mum|mom|dad|birthday|car|"
    r"place|side|company|brother|sister|friends?)\b))?\b(?!-)"
    r"(?:\s+(?P<name>(?-i:[A-Z][a-z\u00e0-\u00ff]+))\b)?|"
    r"(?:^\W*|[,.;!(]\s*|\b(?:also|and|but|so|me\s+and|with)\s+)the\s+"
    r"(?P<obj2>wife|missus|hubby|husband)\b(?!\s+of\b)|"
    # "Wife and I are off to Crete", "hubby and me"
    r"(?:^\W*|[,.;!?]\s*)(?P<obj3>wife|hubby|husband|missus)\s+and\s+(?:i|me)\b|"
    # the partner named bare at the head of a clause: "wife runs the books", "husband asleep",
    # "husbands company is moving us"
    r"(?:^\W*|[,.;!?]\s*|\b(?:and|but|so|cos|because|bc)\s+)(?P<obj4>wife|hubby|husband|"
    r"missus|boyfriend|girlfriend|partner(?=\s+(?:is|isn't|was|has|had|hates|loves|likes|wants|"
    r"thinks|says|said|works|eats|doesn't|can't|won't|gets|got|keeps|and\s+i)\b))(?:'s|s)?\s+"
    r"(?!(?:and|or|of|to|for|with|material|"
    r"goals|vibes|energy)\b)(?=[a-z])",
    re.IGNORECASE,
)
# a partner who has died is a status, not a partner: "since my wife passed", "lost my Glenys"
_WIDOWED = re.compile(
    r"\b(?:i'm|i\s+am|im|a|,|i\s+was|i've\s+been)\s*(?:recently\s+|newly\s+|just\s+)?"
    r"(?P<obj>widow|widower|widowed)\b|"
    r"(?:^\W*|[,;(]\s*)(?P<obj2>widow|widower|widowed)\b|"
    r"\bmy\s+late\s+(?:wife|husband|partner)\b|"
    r"\b(?:since|after|when)\s+(?:my|our)\s+(?:wife|husband|partner)\s+(?:passed|died)\b|"
    # "my husband died last year", "when my husband was alive"
    r"\bmy\s+(?:wife|husband|partner)\s+(?:died|passed(?:\s+away)?|was\s+(?:still\s+)?alive)\b|"
    r"\b(?:i\s+)?lost\s+my\s+(?:wife|husband|partner)\b|"
    # "the wife did all the cooking before she passed"
    r"\b(?:my|the)\s+(?:wife|husband)\b(?!'s|\s+of\b)[^.!?]{0,60}\b(?:she|he)\s+(?:passed|died)\b",
    re.IGNORECASE,
)
# a marital status said of the user: "I'm married", "we just got engaged", "married with two
# kids", "34, ..., married.", "married to a Dutch guy", "(married 31 yrs in June)", "newly
# divorced dad", "separated since last October", "single lol", "since the divorce"
_STATUS = re.compile(
    r"\b(?:i'm|i am|im|we're|we are)\s+(?:happily\s+|newly\s+|recently\s+|now\s+|finally\s+|"
    r"still\s+|also\s+)?(?P<obj>married|engaged|divorced|separated|single)\b(?!\s+(?:to\s+my\s+"
    r"(?:job|work)|file|handed|use|person|room|malt|parent|mum|mom|dad))|"
    r"\b(?:i|we)\s+(?:just\s+|finally\s+|recently\s+)?got\s+(?P<obj2>married|engaged|divorced)\b|"
    r"(?:^\W*|[,;(]\s*|\b(?:and|but)\s+)(?:happily\s+|newly\s+|recently\s+)?"
    r"(?P<obj3>married|engaged|divorced|separated)\b(?=\s*(?:[,.;!)(]|$)|\s+as\s+of\b|\s+(?:with|and|to\s+(?!my\s+"
    r"(?:job|work))|for|since|last|this|in|\d|two|three|four|five|six|seven|eight|nine|ten|"
    r"twenty|thirty|forty|fifty|(?:a\s+)?(?:dad|mum|mom|father|mother|parent|guy|woman|man)\b|"
    r"now|lol|haha|again|twice|yrs?|years?)\b)|"
    r"(?:^\W*|[,;(]\s*|\b(?:and|but)\s+)(?P<obj4>single)(?=\s*(?:[,.;!)]|$)|\s+(?:again|now|"
    r"atm|rn|lol|haha|since|and\s+(?:loving|happy|not))\b)|"
    r"\b(?P<married>married)\s+(?:for\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|"
    r"twenty|thirty|forty|fifty)[\w-]*\s+(?:yrs?|years?)\b|"
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty)[\w-]*\s+"
    r"(?:yrs?|years?)\s+(?P<married2>married)\b|"
    r"\b(?:will\s+have\s+been|have\s+been|'ve\s+been|since\s+we\s+got)\s+(?P<married3>married)\b|"
    r"(?<!\bher\s)(?<!\bhis\s)(?<!\btheir\s)(?<!'s\s)\b(?:since|after)\s+(?:the|my|our)\s+"
    r"(?P<divorce>divorce)\b|"
    r"(?:^\W*|\b(?:the|my|our)\s+)(?P<divorce2>divorce)\s+(?:papers\s+)?(?:is|are|was|were|went)\s+"
    r"(?:finally\s+|officially\s+|now\s+|basically\s+|all\s+)?(?:final|through|finali[sz]ed|"
    r"signed|done)\b|(?:^\W*|\b(?:the|my|our)\s+)(?P<divorce5>divorce)\s+(?:finally\s+)?"
    r"(?:came|went|has\s+gone|has\s+come)\s+through\b|"
    # "i'm a single dad btw", "single mum of 2"
    r"(?:\b(?:a|as)\s+|^\W*(?:(?:hi|hey|hello)\W+(?:\w+\W+){0,3})?|[,.;!]\s*)(?P<obj5>single\s+"
    r"(?:dad|mum|mom|parent|father|mother))\b|"
    r"\bwhen\s+(?:we|i)\s+(?P<divorce3>divorced|separated)\b|"
    r"\bmy\s+ex-?(?P<divorce4>wife|husband)\b",
    re.IGNORECASE,
)
# "my boyfriend and I broke up", "we split up in march" (not "we split the bill": a split with
# nothing after it, or "up")
_SPLIT_UP = re.compile(
    rf"(?:^\W*|[,;.]\s*|\b(?:so|and|but)\s+)(?:(?:my|our)\s+{_PARTNER_WORDS}\s+and\s+i|i|we|"
    r"me\s+and\s+[a-z]+)\s+"
    r"(?:just\s+|finally\s+|officially\s+|recently\s+)?(?:broke\s+up|split\s+up|"
    r"split(?=\s*(?:[,.;!]|$|\s+(?:last|in|a|after|this|two|three|for\s+good)\b)))|"
    rf"\b(?:i|we)\s+(?:just\s+)?(?:broke\s+up|split(?:\s+up)?)\s+with\s+(?:my\s+)?{_PARTNER_WORDS}",
    re.IGNORECASE,
)


# a partner known by name, said with what makes them one: "me and dev have been together 6
# months", "Myself and Cian have a baby on the way", "Frank and I ... our wedding", "10-year
# anniversary with Erik", "Ronald asked me to marry him", "tom (boyfriend)", "Jo (my other half,
# we run the Red Lion together)", "new-ish relationship (8 months, Paolo"
_WHO = r"(?P<{0}>(?!(?:{1})\b)[A-Za-z][a-z\u00e0-\u00ff]{{1,14}})\b"
_NOT_A_NAME = (
    rf"{RELATIVES}|i|me|my|you|u|him|her|them|us|the|a|an|this|that|his|their|our|work|uni|"
    r"school|everyone|everybody|all|both|then|now|so|and|but|or|not|just|also|still|yes|no|"
    r"babe|bae|hun|love|dear|god|lord|jesus|life|home|mine|yours|theirs|ours|someone"
)
_COUPLE = re.compile(
    r"(?<!\bhis\s)(?<!\bher\s)(?<!\btheir\s)(?<!'s\s)\b(?:(?:been|are|were|live|living|moved\s+in|moving\s+in)\s+together|anniversary|"
    r"wedding|married|marry|engaged|proposed|honeymoon|baby\s+on\s+the\s+way|trying\s+for\s+a\s+"
    r"baby|expecting|date\s+night|our\s+(?:first\s+|new\s+)?(?:flat|house|home|place|"
    r"mortgage|relationship))\b",
    re.IGNORECASE,
)
_WITH_ME = re.compile(
    rf"\b(?:me|myself)\s+(?:and|&|n)\s+{_WHO.format('who', _NOT_A_NAME)}(?!\s*'s)|"
    rf"(?:^\W*|[,.;!?]\s*|\b(?:just|with|and|but|so)\s+){_WHO.format('who2', _NOT_A_NAME)}\s+"
    r"(?:and|&)\s+(?:i|me|myself)\b",
    re.IGNORECASE,
)
_NAMED_PARTNER = re.compile(
    rf"\banniversary\s+with\s+{_WHO.format('who', _NOT_A_NAME)}|"
    rf"\b(?:engaged|married)\s+to\s+{_WHO.format('who2', _NOT_A_NAME)}|"
    rf"(?:^\W*|[,.;!?]\s*|\b(?:and|but|so)\s+){_WHO.format('who3', _NOT_A_NAME)}\s+"
    r"(?:proposed|asked\s+me\s+to\s+marry)\b|"
    rf"\brelationship\s*\((?:[^)]{{0,30}}?,\s*)?{_WHO.format('who4', _NOT_A_NAME)}\s*[,)]|"
    rf"(?:^\W*|[,.;!?]\s*|\b(?:and|but|so|with)\s+){_WHO.format('who5', _NOT_A_NAME)}\s*"
    r"(?:\(\s*|,\s*)(?:my\s+|the\s+)?(?P<word>other\s+half|boyfriend|girlfriend|bf|gf|husband|"
    r"wife|hubby|fianc[e\u00e9]e?|partner)\b",
    re.IGNORECASE,
)


def named_partner(sentence: str) -> str | None:
    """The partner named in ``sentence`` as "boyfriend Tom" or, with no word for what they
    are, "partner Dev": only where the sentence says they are a couple."""
    said = _NAMED_PARTNER.search(sentence)
    if not said and _COUPLE.search(sentence):
        said = _WITH_ME.search(sentence)
    if not said or OTHER_SUBJECT.match(sentence.strip()):
        return None
    who = next(v for k, v in said.groupdict().items() if k.startswith("who") and v)
    word = (said.groupdict().get("word") or "partner").lower()
    word = _PARTNER_NAMES.get(word, "partner" if word == "other half" else word)
    return f"{word} {who[:1].upper()}{who[1:]}"


# "priya is my SISTER not my wife"
_NOT_BEFORE = re.compile(r"\bnot\s+$", re.IGNORECASE)


def relationship(sentence: str) -> str | None:
    """The user's relationship when ``sentence`` says it: a status ("married", "divorced",
    "widower", "single") or the partner it implies ("married, wife Denise", "girlfriend
    Camille")."""
    widowed = _WIDOWED.search(sentence)
    if widowed and not OTHER_SUBJECT.search(sentence[: widowed.start()]):
        word = widowed.group("obj") or widowed.group("obj2")
        return word.lower() if word else "widowed"
    if _SPLIT_UP.search(sentence):  # a partner said to be over: the slot now holds "single"
        return "single"
    status = _STATUS.search(sentence)
    if status and not OTHER_SUBJECT.search(sentence[: status.start()]):
        group = next(k for k, v in status.groupdict().items() if v)
        if group.startswith("divorce"):
            return "divorced"
        if group.startswith("married"):
            return "married"
        return status.group(group).lower()
    partner = next(
        (p for p in _PARTNER.finditer(sentence) if not _NOT_BEFORE.search(sentence[: p.start()])),
        None,
    )
    if partner:
        word = next(partner.group(g) for g in ("obj", "obj2", "obj3", "obj4") if partner.group(g))
        word = word.lower()
        word = {"missus": "wife"}.get(word, _PARTNER_NAMES.get(word, word))
        # (not "my partner Dewi handles the shipping": a partner in business as often as in life)
        name = partner.group("name") if word != "partner" else None
        lower = re.match(r"\s+([a-z][a-z\u00e0-\u00ff]{1,14})\b", sentence[partner.end() :])
        if not name and word != "partner" and lower and not ordinary(lower.group(1)):
            name = lower.group(1).title()  # "my bf ravi", "my wife aoife"
        named = f"{word} {name}" if name else word
        return f"married, {named}" if word in ("wife", "husband", "spouse") else named
    return named_partner(sentence)
