"""What a turn says has ended or happened: a goal reached or given up ("passed my driving
test", "forget the 5k"), a limit healed ("shins are fine now"), an arrival ("ok we're HERE").

The rule extractor marks these; consolidation closes what they name, or the latest planned
move or goal.
"""

from __future__ import annotations

import re

from personify.learn.extract.clauses import BODY_PART, QUESTION

ACHIEVED = re.compile(
    r"^\W*(?:(?:i|we)\s+)?(?:finally\s+)?(?:did\s+it|done\s+it|nailed\s+it|made\s+it|smashed\s+it|"
    r"crushed\s+it|finished\s+it|pulled\s+it\s+off|got\s+the\s+job|passed|got\s+in)\b",
    re.IGNORECASE,
)
# a goal reached or given up, named by what it was: "CREDIT CARD IS PAID OFF", "passed my
# driving test", "forget the 5k", "not doing the MBA in the end". Consolidation closes the
# current goals that name the same thing and keeps nothing when none does.
_REACHED = re.compile(
    r"^\W*(?:(?:the|my|our)\s+)?(?P<what>[\w' -]{2,40}?)\s+(?:is|are|'s)\s+(?:finally\s+|"
    r"officially\s+|all\s+)?(?:paid\s+off|done|finished|complete|completed|booked|submitted|"
    r"sorted|cleared)\b|"
    # said without a verb: "Two Oceans done, 6:12, happy with that"
    r"^\W*(?:the\s+|my\s+)?(?P<what4>[\w' -]{2,30}?)\s+(?:done|finished|complete|smashed|nailed)"
    r"(?=\s*(?:[,.!]|$|\s+(?:in|and|with)\b))|"
    r"(?:^|\b(?:i|we)\s+)(?:finally\s+|just\s+|officially\s+)?(?:(?:paid\s+off|finished|"
    r"completed|passed|submitted|cleared|ran|hit|reached|achieved)\s+(?:my|the|our|a|an)|"
    r"got\s+(?:my|our))\s+(?P<what2>[^,.;:!?]{2,40})|"
    # a result cheered: "IELTS RESULT: 7.0!!!!! 🎉", "driving test result: passed"
    r"^\W*(?:my\s+|the\s+)?(?P<what3>[\w' -]{2,30}?)\s+(?:results?|scores?)\s*(?:[:=-]|is\s+in|"
    r"came\s+(?:in|back))\s*[^?]{0,20}?(?:!{2,}|\U0001F389|\bpassed\b)",
    re.IGNORECASE,
)
_DROPPED = re.compile(
    # (not "i forget the marker spray every year": something the user does)
    r"(?<!\bi\s)(?<!\bwe\s)(?<!\bthey\s)(?<!\bshe\s)(?<!\bhe\s)(?<!\byou\s)"
    r"\b(?:forget|scrap|skip|drop|ditch|cancel|shelve|dropped|ditched|scrapped|cancelled|"
    r"canceled|shelved)\s+(?:the|my|our|that)\s+(?P<what>[^,.;:!?]{2,40})|"
    r"\bnot\s+(?:doing|going\s+for|taking|pursuing)\s+(?:the|my|that|a|an)\s+"
    r"(?P<what2>[^,.;:!?]{2,40})|"
    r"\b(?:gave|giving|given)\s+up\s+on\s+(?:the|my|that|our)\s+(?P<what3>[^,.;:!?]{2,40})|"
    r"\b(?:called|calling)\s+off\s+(?:the|my|our)\s+(?P<what4>[^,.;:!?]{2,40})|"
    # "changed my mind about the concours", "turned down berlin", "decided against the MBA"
    r"\b(?:changed\s+my\s+mind\s+(?:about|on)|turned\s+down|decided\s+against)\s+"
    r"(?:the\s+|my\s+|that\s+)?(?P<what5>[^,.;:!?]{2,40})|"
    # "berlin is off", "the trip's cancelled"
    r"(?:^\W*|[,;.]\s*|\b(?:so|and|but)\s+)(?:the\s+|my\s+)?(?P<what6>[\w' -]{2,30}?)"
    r"(?:\s+is|'s)\s+(?:off|cancell?ed|not\s+happening)\b",
    re.IGNORECASE,
)
# what heals: a part of the body or an ailment ("shins are fine now", "over my cold")
_AILING = (
    r"(?:shins?|knees?|back|hips?|ankles?|foot|feet|wrists?|shoulders?|neck|legs?|arms?|elbows?|"
    r"rash|injury|fracture|splints|migraine|headaches?|cough|sprain|hamstring|achilles)"
)
HEALED = re.compile(
    rf"(?:^\W*|[,;.]\s*|\b(?:my|the|and|but|so)\s+)(?P<what>(?:\w+\s+)?{_AILING})"
    r"(?:\s+(?:is|are)|'s|'re)\s+(?:(?:totally|all|completely|much)\s+)?(?:fine|healed|better|"
    r"good|sorted|gone|cleared\s+up|back\s+to\s+normal)(?:\s+now)?\b(?!\s+for\b)|"
    rf"\b(?:healed|recovered\s+from|over)\s+(?:my|the)\s+(?P<what2>(?:\w+\s+)?{_AILING})\b|"
    # a trial of doing without that has ended: "dairy trial over, zero difference"
    r"(?:^\W*|[,;.]\s*|\b(?:the|my|and|but|so)\s+)(?P<what3>[\w' -]{2,25}?)[- ]free\s+"
    r"(?:trial|experiment|month)\s+(?:is\s+|'s\s+)?(?:over|done|finished|ended)\b|"
    r"(?:^\W*|[,;.]\s*|\b(?:the|my|and|but|so)\s+)(?P<what4>[\w' -]{2,25}?)\s+"
    r"(?:trial|elimination|exclusion)\s+(?:is\s+|'s\s+)?(?:over|done|finished|ended)\b|"
    # a limit lifted: "I'm officially allowed dairy again", "can finally eat gluten again"
    r"\b(?:allowed|cleared\s+(?:for|to\s+(?:have|eat|drink))|(?:can|could)\s+(?:finally\s+)?"
    r"(?:have|eat|drink))\s+(?P<what5>[\w' -]{2,25}?)\s+again\b",
    re.IGNORECASE,
)
_QUALIFIER = re.compile(
    r"\s+(?:in\s+the\s+end|for\s+now|anyway|after\s+all|altogether|completely|then|too|"
    r"finally|today|yesterday|this\s+\w+|last\s+\w+)\b.*$",
    re.IGNORECASE,
)


def closes(sentence: str) -> tuple[str, bool] | None:
    """(what, reached) when ``sentence`` says a goal was reached or given up."""
    if QUESTION.search(sentence) or sentence.rstrip().endswith("?"):
        return None
    for pattern, reached in ((_DROPPED, False), (_REACHED, True)):
        match = pattern.search(sentence)
        if match:
            what = next(v for v in match.groupdict().values() if v)
            what = _QUALIFIER.sub("", what).strip(" ,-")
            if BODY_PART.fullmatch(what):
                return None  # "my knee is done with that": a limit (limits.py), no goal reached
            if re.search(r"\b(?:i'm|im|i\s+am|we're|we\s+are|i)$", what, re.IGNORECASE):
                return None  # "yeah and I'm done with shein": the user is done with a thing
            return (what, reached) if len(what) >= 2 else None
    return None


# "ok we're HERE", "we've arrived", "move's done": a planned move has happened
ARRIVED = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|so|well|and|right|phew|finally|(?:hello|hi|hey|morning|good\s+morning|"
    r"afternoon|evening)(?:\s+again)?)\W+)*(?:(?:we're|we\s+are|i'm|i\s+am)\s+"
    # ("right we're in now, 3 weeks in": moved in, not "I'm in" a plan; "Well we're in.")
    r"(?:finally\s+|officially\s+)?(?:here|in\s+now|in(?=\s*[.!]+(?:\s|$)|\s*$))|"
    r"(?:we've|we\s+have|i've|i\s+have|we|i)\s+"
    r"(?:finally\s+)?"
    r"(?:arrived|landed|moved\s+in)|(?:the\s+)?move(?:'s|\s+is)\s+(?:done|over|finished)|"
    r"(?:all|finally)\s+moved\s+in)\b(?!\s+(?:to|for|because|with)\b)"
    # "I've landed a junior UX role": a catch, not an arrival
    r"(?!\s+(?:a|an|the|my|our|that|this|some|it|me|another|one|\d+)\b)",
    re.IGNORECASE,
)
