"""Self-disclosure: what people say about themselves without a preference cue.

Most of what a user reveals in ordinary chat matches no "I love / I can't stand" pattern: "I just
got back from a run", "we adopted a rescue greyhound in May", "my shift starts at six". A
sentence is kept as a fact about the speaker when it is a first-person statement (not a
question), says something of its own (not a reaction to the other speaker: "I'm so sorry to
hear that", "I bet you were thrilled", "I hope you have fun") and is not hypothetical ("if I
ever moved to Japan ..."). Measured on MSC, where people annotated what each utterance reveals
about its speaker (``personify eval profile``): these three tests separate revealing turns from
small talk far better than the cue grammar alone, which finds a quarter of them.
"""

from __future__ import annotations

import re

from personify.learn.extract import Candidate
from personify.learn.extract.clauses import OCCUPATION, QUESTION, RELATIVES, head_noun
from personify.learn.extract.gate import gated
from personify.learn.extract.whose import theirs
from personify.models import MemoryKind, Origin

SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+|(?<=[a-z][.!?])(?=[A-Z])")
FIRST_PERSON = re.compile(
    r"\b(?:i|i'm|im|i've|ive|i'd|i'll|my|me|mine|myself|we|we're|we've|we'd|we'll|our|us)\b",
    re.IGNORECASE,
)
_LEAD = (  # "true" and "right" lead only as words of their own: not "true crime pods are..."
    r"^\W*(?:(?:(?:oh|ah|yes|yeah|yep|yup|no|nope|well|haha|hahaha|lol|wow|hey|hi|hello|sure|ok|"
    r"okay|aw+|hmm+|omg|so|and|but|also|honestly|really|actually)\b|(?:true|right)(?=[,!.]))"
    r"[\s,!.]*)*"
)
LEAD = re.compile(_LEAD, re.IGNORECASE)
_REACTION = re.compile(
    _LEAD + r"(?:"
    r"i(?:'m|m| am)\s+(?:so\s+|really\s+|very\s+|just\s+)?(?:sorry|glad|happy\s+(?:for|to\s+hear)|"
    r"jealous|sure\s+(?:you|your|it|they|that|he|she)|excited\s+for\s+you|proud\s+of\s+you|"
    r"down|in)\b|"
    r"i\s+(?:totally\s+|completely\s+|definitely\s+)?agree|"
    r"i\s+(?:think|guess|suppose|hope|bet|know|see|understand|imagine|wish|believe|feel|"
    r"would\s+say|'d\s+say|mean)\s+(?:so|that's|thats|that|you|your|it|it's|they|he|she|what|how|"
    r"right|the|this|those|there|a|an)\b|"
    r"i\s+(?:can|could)\s+(?:imagine|understand|see|tell)|i\s+can(?:'t|not|t)\s+wait|"
    r"i(?:'d|\s+would)\s+love\s+to\s+(?:hear|see|know|try|join)|"
    r"let(?:'s|\s+me|\s+us)\b|thanks?\b|thank\s+you|me\s+too|same\s+here|"
    r"i\s+(?:love|like|adore)\s+(?:that|it|this|how|those|these|the\s+idea)\b|"
    r"i(?:'ll|\s+will|\s+should|\s+might)\s+(?:have\s+to\s+|definitely\s+|totally\s+)?"
    r"(?:check|try|look|give|keep|remember|think)|"
    r"i\s+(?:have|'ve)\s+(?:never\s+)?heard\b|"
    r"good\s+luck|i\s+miss\s+you|i\s+couldn't\s+agree|i\s+see\b|nice\s+to|i\s+do\b[.!]*$|i\s+am\b[.!]*$|i\s+have\b[.!]*$|"
    r"(?:if|when|whenever|should)\s+(?:you|i\s+ever|i\s+were|we\s+ever)\b|"
    r"i\s+(?:was|am|'m)\s+(?:just\s+)?(?:wondering|curious|asking)|"
    # taking up the answer: "cool that's what i figured", "perfect, sending it now"
    r"(?:(?:cool|perfect|great|nice|awesome|brilliant|lovely|sweet)[,!.]?\s+)?(?:(?:that's|thats)\s+"
    r"what\s+i\s+(?:figured|thought|meant|needed|wanted|expected)|(?:sending|doing|trying|"
    r"booking|ordering|posting|submitting|printing)\s+(?:it|that|this|them)\b)"
    r")|\b(?:sounds?|looks?)\s+(?:really\s+|so\s+)?(?:good|great|perfect|amazing|fun|lovely|nice|"
    r"awesome|cool|interesting|delicious)\b|\b(?:others?|rest)\b.{0,30}\b(?:work|suit)\s+for\s+me\b",
    re.IGNORECASE,
)
HYPOTHETICAL = re.compile(
    r"\b(?:if\s+i\s+(?:ever|were|was|had|could|won|took|went|got|moved|did)|what\s+if|"
    r"hypothetically|i\s+wonder|would\s+i|"
    r"i(?:'d|\s+would)\s+(?:never\s+have|have)|someday\s+i\s+might|"
    r"imagine\s+if|supposing|let's\s+say|(?:suppose|say)\s+(?:i|we)\s+(?:went|moved|quit|did|"
    r"were|had|got|became|tried)|"
    # not knowing is no stance: "I don't know if I like opera", "not sure I'd enjoy camping"
    r"(?:don't|do\s+not|dont|idk|dunno)\s+(?:know\s+)?(?:if|whether)|not\s+sure\s+(?:if\s+|whether\s+)?i|"
    # a move on a condition: "if one day I move to Calgary", "if we relocate"
    r"if\s+(?:one\s+day\s+|someday\s+|ever\s+)?(?:i|we)\s+(?:ever\s+)?(?:move|relocate|emigrate))\b",
    re.IGNORECASE,
)
ADDRESSEE = re.compile(r"\b(?:you|your|you're|youre|yours|u|ya)\b", re.IGNORECASE)
# words that carry no fact on their own: a sentence of only these and pronouns is a feeling
# about something already said ("I'm so stoked about it", "I had a great time")
_EMPTY = frozenset(
    """
    i i'm im i've ive i'd i'll my me mine myself we we're we've we'd we'll our us it it's its
    that this these those there here they them their a an the and or but so to of for in on at
    with about from by as is am are was were be been being have has had do does did get got
    gets getting go goes going went make makes made feel feels felt really so very just too
    such totally truly pretty quite super much lot lots always never ever still also even now
    great good nice awesome amazing fun happy glad excited stoked thrilled grateful thankful
    blessed proud lucky love loved like liked enjoy enjoyed time times day days thing things
    stuff moment moments experience way best better well yeah yes oh wow sure all one some
    can could would should will definitely absolutely agree know think guess mean means meant
    hope feeling feelings
    """.split()
)
_REQUEST_FRAGMENT = re.compile(
    r"^\W*(?:[\w'-]+\s+){0,4}?(?:ideas?|tips?|suggestions?|recommendations?|recs?|advice|"
    r"options?|thoughts)\s+(?:for|on|about|to)\b|"
    r"^\W*(?:how|what|where|which|who|when|why)\s+(?:do|does|did|can|could|should|would|is|"
    r"are|will|to)\b|^\W*(?:so\s+)?glad\b|"
    # asked as "what's ...", or as a question announced: "sql question for my class: ..."
    r"^\W*(?:what's|whats|how's|where's|who's|which\s+is)\s|\bquestions?\b[^:?]{0,40}:|^\W*q\s*:|"
    # asked in the middle: "hand cut dovetails, how do people get them tight, mine have gaps"
    r",\s*(?:but\s+|so\s+)?(?:how|what|why|where|which)\s+(?:do|does|did|can|could|should|"
    r"would|is|are)\s+(?:i|you|people|we|they|one)\b|"
    # asked without the mark: "what veg mains can i do for dev", "which laptop should i get"
    r"^\W*(?:how|what|where|which|who|when|why)\s+(?:[\w'-]+\s+){1,3}?(?:do|does|did|can|could|"
    r"should|would|will)\s+(?:i|we|you)\b|"
    # an instruction to the assistant: "Please send me a short list", "compare 3 brands for me"
    r"^\W*(?:(?:please|pls|ok|okay|now|also|and|so|then|just|mate)\W+)*(?:send|give|show|tell|list|"
    r"compare|explain|write|draft|make|find|suggest|recommend|help|check|translate|summari[sz]e|"
    r"put\s+(?:this|these|that|those|it|them)|"
    r"rewrite|fix|plan|create|remind|describe|recap|quiz|teach|walk\s+me|let\s+me\s+know)\b|"
    # a one-off ask: "for this one I need a detailed explanation", "this time please write it
    # as a paragraph", "this one in normal paragraphs please"
    r"^\W*(?:(?:but|and|so|ok|okay|now)\W+)*(?:for\s+this\s+(?:one|time|question|email)|"
    r"this\s+(?:time|one|once)|just\s+this\s+once)\b|"
    # asked without a subject or a mark: "Need help with a budget for child support", "Any
    # drills i can do at home between sessions", "I need to figure out the yoke decreases"
    # (not with a statement run on: "need a packing list ... we leave curitiba in 3 wks")
    r"^\W*(?:(?:also|and|now|ok|okay|so|but)\W+)*need\s+(?:a|an|some|something|help|ideas?|"
    r"advice|tips)\b(?!.*\b(?:i|we|i'm|im|we're)\s)|^\W*any\s+(?:[\w'-]+\s+){0,2}?(?:i|we)\s+(?:can|could|should)\b|"
    r"\b(?:i|we)\s+(?:need|have)\s+to\s+(?:figure|work|sort|find)\s+out\b|"
    # an instruction after a lead-in: "Back to business, plan my work week"
    r"^[^,]{0,30},\s*(?:(?:now|please|pls|so|then|just)\s+)*(?:plan|write|draft|make|find|give|"
    r"send|list|suggest|recommend|compare|explain|help\s+me)\b|"
    # one of a kind wanted now is something to find or make: "I need a new neuro referral too"
    r"^\W*(?:(?:but|and|so|ok|okay|now|also|yes|yeah)\W+)*(?:i|we)\s+(?:really\s+|just\s+|also\s+)?"
    r"(?:need|want|would\s+like|'d\s+like)\s+(?:a|an|some|something|another|more|ideas)\b|"
    # what the text at hand should be: "I want it to sound grateful not bitter"
    r"\bi\s+(?:want|need)\s+(?:it|this|that|the\s+\w+)\s+to\s+(?:sound|be|look|read|feel|"
    r"come\s+across)\b|"
    # a standing request is style, learned as style: "going forward pls keep things professional"
    r"\b(?:going\s+forward|from\s+now\s+on)\b[^.]{0,20}?\b(?:pls|please|keep|no|use|don't|stop|"
    r"always|never)\b|"
    # how to answer is style, learned as style: "one thing: always answer me in bullet points"
    r"\b(?:answer|reply|respond|talk|write)\s+(?:to\s+)?me\s+(?:in|with|like|casual|short|briefly)\b",
    re.IGNORECASE,
)
MIN_WORDS = 4
MAX_CHARS = 240

_NOT_WHAT_IT_WAS = re.compile(
    r"\b(?:what|as|than)\s+(?:it|they|i|he|she|we)\s+used\s+to\s+be\b", re.IGNORECASE
)
NOW = re.compile(r"\b(?:these\s+days|nowadays|now|currently|at\s+the\s+moment|lately)\b", re.I)
_PAST = re.compile(
    r"\b(?:used\s+to|back\s+in\s+the\s+day|back\s+then|in\s+my\s+(?:teens|twenties|thirties|"
    r"forties|youth|student\s+days)|when\s+i\s+was\s+(?:younger|young|little|small|at\s+uni|"
    r"(?:a\s+)?(?:kid|boy|girl|child|baby|student|teen(?:ager)?)|in\s+(?:school|college|uni)|"
    r"\d{1,2})|"
    r"back\s+in\s+(?:uni|college|school|high\s+school|the\s+\d0s|\d{4})|"
    # "I was super into competitive Overwatch in uni"
    r"\b(?:i|we)\s+(?:was|were)\b[^.!?]{0,40}?\b(?:in|at|during)\s+(?:uni|university|college|"
    r"high\s+school|school)\b|"
    r"(?:(?:\d+|a\s+few|many|several|some|ten|twenty)\s+)?years\s+ago|moved\s+away\s+from|"
    r"my\s+old\s+\w+|^\W*before,?\s+(?:i|we)\s+(?:was|were|always|used|had)|"
    # "I played guitar in a punk band all through my 20s", "tennis as a young woman", "I lived
    # in Munich before"
    r"(?:through|in|during|from)\s+(?:all\s+)?(?:my|our)\s+(?:teens|[2-9]0s|twenties|thirties|"
    r"forties|fifties|uni\s+days|student\s+days|school\s+days|youth|childhood)|"
    r"\bas\s+a\s+(?:young\s+(?:woman|man|lad|girl|mum|mom|dad)|kid|child|teen(?:ager)?|boy|girl)|"
    r"\b(?:i|we)\s+lived\s+in\s+[^.!?,]{1,30}?\s+before|"
    # "Thursday nights for about twelve years were darts at the Red Lion"
    r"\bfor\s+(?:about\s+|nearly\s+|almost\s+|over\s+)?(?:\d+|two|three|four|five|six|seven|"
    r"eight|nine|ten|twelve|fifteen|twenty|thirty|forty|many|several)\s+years\b[^.!?]{0,30}?"
    r"\b(?:was|were|had|did|went|played|spent)\b)\b",
    re.IGNORECASE,
)
# a stretch of life that has ended or is ending, so what the sentence names (a town, an
# employer) is no setting of today's life either
ENDED = re.compile(
    # a span of years that has ended: "ran 11 marathons between 1998 and 2015", "till 2022"
    r"\b(?:between\s+(?:19|20)\d\d\s+and\s+(?:19|20)\d\d|(?:till|until)\s+(?:like\s+|about\s+)?"
    r"(?:19|20)\d\d|"
    # time spent, told in the past: "i was nurse 15 years in kharkiv", "i smoked 20 years", "I
    # did keto for 2 years", "I played guitar in a covers band for like ten years" (not "I've
    # been vegan for 2 years")
    r"(?:i|we)\s+(?:was|were|worked|lived|smoked|ran|played|taught|drank|did|spent|had|owned|"
    r"drove)\b(?:\s+[\w'-]+){0,7}?\s+(?:for\s+)?(?:like\s+|about\s+|almost\s+|over\s+)?"
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|"
    r"forty|several|many)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?(?:\s+odd)?\s+"
    r"(?:years?|yrs|months?|decades?)\b(?!\s+(?:old|ago))|"
    # a stretch of life named as over: "all through my 20s", "from the band days"
    r"all\s+through\s+my\s+(?:teens|20s|30s|40s|twenties|thirties|forties)|"
    r"\b(?:from|in|since)\s+(?:the|my)\s+\w+\s+days|"
    r"(?:i|we)\s+(?:\w+ed|ran|did|had|was|were|swam|rode|taught|drank|ate)\b.{0,40}\bbefore\s+this|"
    # leaving, not leaving one thing for another: "we leave curitiba in 3 wks", "i'm leaving
    # cebu" (but "leaving telus for a backend role" says where they go)
    r"(?:i'm|im|i\s+am|we're|we\s+are|i'll|i\s+will|we'll|we\s+will|we|i)\s+(?:leaving|leave)"
    r"\s+(?!for\b|it\b|them\b|at\b|on\b|in\b|early\b|work\b|home\b)\w+"
    r"(?!(?:\s+[\w'-]+)?\s+(?:for|to)\b)|"
    r"hand(?:ed|ing)?\s+(?:in\s+)?(?:my\s+)?notice|resignation\s+(?:email|letter)|"
    r"sold\s+(?:the|our|my)\s+(?:house|flat|place|apartment|condo)|my\s+last\s+(?:day|shift|"
    r"week)\s+(?:at|in|with))\b",
    re.IGNORECASE,
)


_ENDED_SEARCH = gated(ENDED)


def ended(text: str) -> bool:
    """A stretch of life told as over (:data:`ENDED`), with nothing said after it that carries
    on to now: a "but" ("ran 11 marathons between 1998 and 2015, but the knees gave up") or
    what comes next ("I handed in notice at deloitte, going freelance from july")."""
    found = _ENDED_SEARCH(text, None)
    return found is not None and not _CARRIES_ON.search(text[found.end() :])


_CARRIES_ON = re.compile(
    r"\bbut\b|,\s*(?:now\s+)?(?:going|starting|moving|joining)\b|\b(?:to|and)\s+(?:go|start|"
    r"going|starting)\b",
    re.IGNORECASE,
)


# a thing the user is done with: "I sold my ps5 lol", "cancelled netflix and disney", "scrapped
# the welding idea": the statement names what is no part of today's life
_DONE_WITH = re.compile(
    r"^\W*(?:i|we)\s+(?:just\s+|finally\s+|already\s+|recently\s+|actually\s+)?(?:sold|scrapped|"
    r"cancell?ed|canceled|ditched|binned|uninstalled|got\s+rid\s+of|gave\s+away)\s+"
    r"(?!out\b|\d)(?:(?:my|our|the|all\s+(?:my|our|the))\s+)?[a-z]",
    re.IGNORECASE,
)


def done_with(text: str) -> bool:
    """The statement says the user got rid of something, and nothing about now after it."""
    return bool(_DONE_WITH.search(text)) and not NOW.search(text)


def past(text: str) -> bool:
    """Only about how things were: "I used to be really into bouldering", "i was nurse 15 years
    in kharkiv", not "my balance is not what it used to be" nor "used to run marathons, these
    days its mostly the pool"."""
    text = _NOT_WHAT_IT_WAS.sub(" ", text)
    return bool(_PAST.search(text) or ended(text)) and not NOW.search(text)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.split(text.replace("\u2019", "'")) if s and s.strip()]


THEIR_VIEW = re.compile(
    rf"^\W*(?:\w+\W+)?(?:my|our)\s+(?:{RELATIVES})\s+(?:thinks?|"
    r"says?|said|reckons?|believes?|feels?|told\s+me|keeps\s+saying|insists?|swears?)\b",
    re.IGNORECASE,
)


_NOT_A_ROLE = re.compile(
    r"^\W*(?:(?:haha|lol|no|nah|oh|well|but|and)\W+)*(?:i'm|im|i\s+am)\s+not\s+(?:a|an)\s+"
    r"(?P<role>[\w -]{2,30}?)(?:\s+(?:though|tho|anymore|any\s+more|lol|haha|btw))*\s*[.!]*$",
    re.IGNORECASE,
)


# a sentence about something else, where the speaker is only its object: "It really helps me
# stay positive", "They bring us joy", "That's important for our mental health"
_ITS_SUBJECT = re.compile(
    _LEAD + r"(?:it|it's|its|that|that's|thats|this|they|they're|theyre|these|those|there|"
    r"there's|here|here's)\b",  # (not "she's into hiking and drags me along": theirs, kept so)
    re.IGNORECASE,
)
_SPEAKER_AS_SUBJECT = re.compile(
    r"\b(?:i|i'm|im|i've|ive|i'd|i'll|my|mine|myself|we|we're|we've|we'd|we'll)\b", re.IGNORECASE
)


def is_disclosure(sentence: str) -> bool:
    """A first-person statement about the speaker, not a question, reaction or hypothetical."""
    if sentence.rstrip().endswith("?") or not FIRST_PERSON.search(sentence):
        return False
    if QUESTION.search(sentence):  # "or do i need a canister", asked without the mark
        return False
    if _REACTION.search(sentence) or HYPOTHETICAL.search(sentence):
        return False
    if THEIR_VIEW.match(sentence):  # "my partner thinks its a waste of money": their view
        return False
    if _ITS_SUBJECT.match(sentence) and not _SPEAKER_AS_SUBJECT.search(sentence):
        return False
    denied = _NOT_A_ROLE.match(sentence)  # "i'm not a data scientist though": a correction's
    if denied and OCCUPATION.search(head_noun(denied.group("role"))):  # half, no trait
        return False
    tokens = re.findall(r"[a-z0-9']+", sentence.lower())  # "we have 6 employees"
    if len(tokens) < MIN_WORDS:
        return False
    if _REQUEST_FRAGMENT.search(sentence):  # "party ideas for the 6yo", "how do i survive"
        return False
    if not any(t not in _EMPTY and len(t) > 2 for t in tokens):
        return False
    # a sentence that speaks to the other person is about them, or about the two of them
    # ("you made my day", "I think you'd love it"); on MSC's tuning episodes dropping these
    # raised precision 0.863 -> 0.876 for 0.017 of turn recall
    return not ADDRESSEE.search(sentence)


# a correction's "X not Y" keeps X: "she's my sister not my daughter", "its our 12th not 10th"
# (not "I'm not vegan", "it's not my thing": there "not" negates a verb)
_CORRECTED = re.compile(
    r"(\b[\w']+)\s+not\s+(?:my|the|a|an|our|his|her|\d)[^,.;!?]*", re.IGNORECASE
)
_BEFORE_NOT = re.compile(
    r"^(?!(?:am|is|are|was|were|do|does|did|can|could|would|will|should|have|has|had|i|it|that|"
    r"this|really|just|still|why|or|if|but|and|so|because|cos|might|may|must|need|im|definitely|"
    r"probably|maybe|actually|even|also|too|there|he|she|they|we|you|what|who|dont|didnt|cant|"
    r"wont|isnt|arent|wasnt|certainly|surely|absolutely|obviously|honestly|hopefully)$)"
    r"(?![\w]+'(?:m|s|re|ve|d|ll|t)$)\w",
    re.IGNORECASE,
)


def negates_a_verb(word: str) -> bool:
    """Whether "not" after ``word`` negates a verb ("I'm not", "does not") rather than setting a
    thing against another ("my sister not my daughter")."""
    return _BEFORE_NOT.search(word) is None


# a clause run on about someone else: "I'm going wild camping with my mate jess, she's vegan and
# gluten free" (what she is stays hers: the statement ends before it)
_THEIR_TAIL = re.compile(
    r",\s*(?:and\s+|but\s+|cos\s+|because\s+)?(?:he|she|they)(?:'s|'re|'ll|\s+(?:is|are|was|were|"
    r"has|have|loves?|likes?|hates?|wants?|can't|cannot|doesn't|don't|won't|only|never|always))\b.*$",
    re.IGNORECASE,
)


_SPEAKER_OPENS = re.compile(r"(?:i|i'm|im|i've|ive|i'd|i'll|we|we're|we've|we'd|we'll)\b", re.I)


def statement(sentence: str) -> str:
    """The sentence as shown in the profile: interjections dropped, end punctuation trimmed,
    without a clause run on about someone else."""
    text = LEAD.sub("", sentence).strip(" ,;:-")
    if _SPEAKER_OPENS.match(text):
        text = _THEIR_TAIL.sub("", text)
    text = re.sub(
        r",\s*not\s+(?:my|the|a|an|our)\s+[^,.;!?]*", "", text, flags=re.I
    )  # "My son, not my daughter"
    text = _CORRECTED.sub(lambda m: m.group(0) if negates_a_verb(m.group(1)) else m.group(1), text)
    text = text[:1].upper() + text[1:]
    return text[:MAX_CHARS].rstrip(" .!")


# "I'm on night shifts this month, what should I eat at 3am": the statement before the ask
_ASKED_TAIL = re.compile(
    r",\s*(?:so\s+|but\s+|and\s+)?(?:what|how|which|where|when|why|who|should|can|could|would|"
    r"any|is|are|do|does|did)\b[^,]*$",
    re.IGNORECASE,
)


# "write a post saying i now also take dutch jobs": what the user asks to be said about them
_EMBEDDED = re.compile(
    r"\b(?:saying|that\s+says|telling\s+(?:them|him|her|people|everyone)|to\s+say|explaining)\s+"
    r"(?:that\s+)?(?=(?:i|i'm|i've|we|we're|my)\b)",
    re.IGNORECASE,
)


def _own_words(sentence: str) -> str:
    embedded = _EMBEDDED.search(sentence)
    return sentence[embedded.end() :] if embedded else sentence


# a question that opens a sentence, before what the user says of themselves: "what's a decent
# warm up before 5 a side, my hamstrings are always tight"
_ASK_FIRST = re.compile(
    r"^\W*(?:what's|whats|how's|what|how|which|where|any)\b[^,]*,\s*(?=(?:my|i|i'm|im|i've|ive|"
    r"we|we're|our)\b)",
    re.IGNORECASE,
)


def disclosures(text: str) -> list[str]:
    said = (_ASKED_TAIL.sub("", _ASK_FIRST.sub("", _own_words(s))) for s in sentences(text))
    return [statement(s) for s in said if is_disclosure(s)]


DISCLOSURE_CONFIDENCE = 0.5

# someone outside the user's home as the subject: "My colleague dave is desperate for an escape
# room", "my year 8s are obsessed with minecraft": what it says is theirs, and unlike a partner's,
# child's or flatmate's it shapes nothing done for the user (not "my friend and I went climbing",
# nor what a doctor found: "my doctor flagged low b12")
_OUTSIDE_SUBJECT = re.compile(
    r"^\W*(?:[\w' ]{1,20}:\s*)?(?:(?:and|but|so|also|now|oh|well|btw|plus|then|lol)\W+)*"
    r"(?:my|our)\s+(?:[\w'-]+\s+){0,2}?(?:friends?|best\s+mate|mates?|buddy|buddies|pals?|bestie|"
    r"bff|boss|colleagues?|co-?workers?|cousins?|aunt|auntie|uncle|tita|tito|t[i\u00ed]a|t[i\u00ed]o|"
    r"manager|neighbou?rs?|teammates?|clients?|customers?|landlord|landlady|students?|pupils?|"
    r"(?:tech|team)\s+lead|lead|supervisor|line\s+manager|mentor|"
    r"year\s+\d+s|head\s+of\s+\w+)\b(?!\s+(?:and|&)\s+(?:i|me|myself)\b)",
    re.IGNORECASE,
)


def disclosure_candidates(sentence: str, evidence: str) -> list[Candidate]:
    """What a sentence says about the speaker; about their child or partner when that is its
    subject ("my 6yo is dinosaur obsessed"), or about how things were ("In my twenties I played
    a lot of online shooters"), kept but marked so a persona does not read it as how the user
    is now."""
    return [
        Candidate(
            kind=MemoryKind.FACT,
            text=text,
            confidence=DISCLOSURE_CONFIDENCE,
            origin=Origin.EXPLICIT,
            evidence=[evidence],
            metadata={"extractor": "disclosure"}
            | ({"about": "other"} if theirs(text) else {})
            | ({"past": True} if past(text) or done_with(text) else {}),
        )
        for text in disclosures(sentence)
        if not _OUTSIDE_SUBJECT.match(text)
    ]
