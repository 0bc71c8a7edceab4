"""The cue grammar: verbs and phrases that carry a kind and a polarity.

Each clause is matched against cue patterns (likes / avoids / constraint / goal / fact); the
words after the cue are the *object* (:mod:`.parse` reads a clause with them). Polarity is what
lets a profile tell "I can't stand online courses" from "I love online courses" - two sentences
an embedding places side by side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from personify.learn.extract.clauses import (
    IN_A_STATE,
    NEGATIVE_ADJECTIVES,
    OCCUPATION,
    OFTEN,
)
from personify.learn.extract.slots import (
    A_BUSINESS,
    BUSINESS,
    FUTURE_ROLE,
    HOBBY_GROUP,
    NOT_A_BUSINESS,
    OPENS_A_BUSINESS,
    TEACHING,
    WORK_FIELD,
)
from personify.models import MemoryKind

# what a need to do less of something says (a stance against it, not a goal): "need to cut
# down on salt"; and getting through something, which is neither: "need to survive my shifts"
_LESS_OF = r"(?:cut|reduce|limit|avoid|minimi[sz]e)"
_CUT_DOWN = r"cut\s+(?:way\s+|right\s+)?(?:down|back)"  # "cut way down on salt"
_GET_THROUGH = r"(?:survive|cope|get\s+through|deal\s+with|figure\s+out)"
# what someone needs to get done today, not a wish or a goal: "i need to write an email"
_TASK_VERBS = (
    r"write|send|finish|prepare|make|do|book|plan|fix|call|ask|pay|file|submit|present|"
    r"organi[sz]e|pack|clean|study|practi[cs]e|check|decide|figure|sort|update|email|print|reply|"
    r"respond|translate|draft|review|give|tell|explain|renew|register|apply"
)
_VERBS = (
    r"(?:eat|drink|use|watch|read|play|buy|purchase|wear|listen to|go to|stay in|stay at|visit|"
    r"do|follow|attend|shop for|cook|dine at|travel|fly|choose|consume|book|smoke|vape|gamble)"
)
# a word that names a role, for cues that need one ahead ("going to be a maths teacher")
_ROLE_WORD = OCCUPATION.pattern.removeprefix(r"\b").removesuffix(r"\b$")


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern[str]
    kind: MemoryKind
    polarity: float | None
    confidence: float


# a time ahead that makes "I'm doing X" a plan: a month, a season, "next ...", a year
_AHEAD = (
    r"(?:(?:in|this|next|by|for)\s+(?:the\s+)?(?:january|february|march|april|may|june|july|august|"
    r"september|october|november|december|spring|summer|autumn|fall|winter|new\s+year)|"
    r"next\s+(?:week|month|year|weekend|spring|summer|autumn|winter)|in\s+20\d\d|"
    r"(?:january|february|march|april|june|july|august|september|october|november|december)"
    r"(?:\s+still)?)"
)


# where a job is: quitting one of these is leaving work, not giving up a taste
_WORKPLACE = (
    r"(?:job|café|cafe|bakery|restaurant|bar|pub|bank|firm|company|agency|school|hospital|shop|"
    r"store|office|practice|clinic|lab|warehouse|factory|startup|hotel|salon|studio|gig|role|"
    r"position|band|team|uni|university|college|course|programme|program)"
)


def _cue(regex: str, kind: MemoryKind, polarity: float | None, confidence: float) -> Cue:
    return Cue(re.compile(rf"\b(?:{regex})\b\s*", re.IGNORECASE), kind, polarity, confidence)


PREF, CONSTRAINT, GOAL, FACT = (
    MemoryKind.PREFERENCE,
    MemoryKind.CONSTRAINT,
    MemoryKind.GOAL,
    MemoryKind.FACT,
)

# Order matters only for ties at the same position: the earliest cue in a clause wins.
CUES: list[Cue] = [
    _cue(
        r"(?:am|'m)\s+(?:(?:severely|highly|very|deathly|badly|seriously|super|really|extremely|"
        r"mildly|slightly|so)\s+)?allergic\s+to|"
        r"have\s+an?\s+(?:\w+\s+){0,2}(?:allergy|intolerance|sensitivity)\s+to|"
        r"(?:am|'m)\s+(?:\w+\s+)?(?:intolerant|sensitive)\s+to|"
        rf"(?:can't|cannot|can not|must not|mustn't)\s+"
        rf"(?:eat|have|drink|tolerate|consume|drive|{_VERBS})|"
        r"(?:must|have to|need to)\s+avoid|strictly\s+avoid|(?:am|'m)\s+not\s+allowed\s+to|"
        rf"never\s+(?:ever\s+)?{_VERBS}|(?:don't|dont|do\s+not)\s+drive"
        r"(?=\s*(?:[,.;!]|$|\s+(?:so|and|but|any\s?more|at\s+all|myself)\b))",
        CONSTRAINT,
        -1.0,
        0.9,
    ),
    _cue(
        r"have\s+an?\s+(?:\w+\s+){0,2}(?:allergy|intolerance)",
        CONSTRAINT,
        -1.0,
        0.85,
    ),
    _cue(  # "i don't eat pork": a rule about food, not a passing taste
        r"(?:don't|dont|do\s+not)\s+(?:eat|consume)(?!\s+(?:much|a\s+lot|that\s+much|enough|out)\b)|"
        # "I still don't do dairy tho"
        r"(?:don't|dont|do\s+not)\s+do\s+(?=(?:dairy|gluten|meat|red\s+meat|pork|beef|fish|seafood|"
        r"shellfish|eggs|sugar|caffeine|alcohol|booze|nuts|spicy|spice|carbs)\b)",
        CONSTRAINT,
        -1.0,
        0.85,
    ),
    _cue(  # "I've stopped eating meat", "gave up dairy in May": a new rule about food
        r"(?:stopped|quit|gave\s+up|given\s+up|cut\s+out|no\s+longer)\s+eating(?!\s+out\b)|"
        r"(?:stopped|quit|gave\s+up|given\s+up|cut\s+out)\s+(?=(?:all\s+|red\s+)?(?:meat|pork|"
        r"beef|dairy|gluten|fish|seafood|eggs|animal\s+products)\b)",
        CONSTRAINT,
        -1.0,
        0.85,
    ),
    _cue(
        r"(?:follow|adhere\s+to|stick\s+to|keep\s+to|(?:am|'m)\s+on)\s+(?=(?:a|an|the|my)?\s*"
        r"(?:[\w-]+\s+){0,4}(?:diet|regimen|lifestyle)\b)",
        CONSTRAINT,
        1.0,
        0.85,
    ),
    _cue(  # "I only eat halal" is a rule; "now I only play board games" is a taste (below)
        rf"(?:only|exclusively)\s+(?!(?:play|watch|read|listen\s+to|go\s+to|visit|attend|do|drink)\b)"
        rf"{_VERBS}|"
        r"(?:only|exclusively)\s+(?:dine|shop|stay|travel|fly)",
        CONSTRAINT,
        1.0,
        0.8,
    ),
    _cue(
        r"(?:only|exclusively|mostly|mainly)\s+(?:really\s+)?(?:play|watch|read|listen\s+to|drink)|"
        # "I collect stamps" (not the kids)
        r"collect(?=\s+(?!(?:the\s+kids?|my\s+kids?|him|her|them|it|you|dust|data)\b))",
        PREF,
        1.0,
        0.75,
    ),
    _cue(  # a limit the user has to keep: "I must cut down sugar and white rice"
        # "I react badly to dairy", "I'm not allowed caffeine"
        r"react\s+(?:badly|poorly)\s+to|(?:am|'m)\s+not\s+allowed(?!\s+to)|"
        r"(?:must|have\s+to|need\s+to|got\s+to|gotta|am\s+supposed\s+to|'m\s+supposed\s+to)\s+"
        rf"(?:{_CUT_DOWN}(?:\s+on)?|cut\s+out(?:\s+on)?|avoid|limit|give\s+up|stay\s+off|"
        # "I must watch the salt and potassium" (not "watch the match")
        r"watch\s+(?:the|my|our)\s+(?=(?:salt|sodium|sugar|potassium|fat|carbs|calories|"
        r"cholesterol|caffeine|alcohol|intake|portions|weight|budget|spending)\b)|"
        r"stay\s+away\s+from)",
        CONSTRAINT,
        -1.0,
        0.8,
    ),
    _cue(  # a need is a wish, not a rule: "I need a quiet room" (asking for help is neither)
        # (not "i don't need overdraft stuff")
        # (not "do i need a visa": a question without its mark)
        r"(?<!don't\s)(?<!dont\s)(?<!not\s)(?<!never\s)(?<!do\si\s)(?<!do\swe\s)"
        r"(?:need|require|must have|have to have)"
        r"(?!\s+(?:some\s+|a\s+little\s+|your\s+|a\s+)?(?:help|ideas?|advice|hand|tips?|"
        r"suggestions?|recommendations?|to\s+know|a\s+break|more\s+info)|"
        # one of a kind, wanted now, is something to find or make, not a taste: "i need a
        # desk lamp", "i need something for the beach", "i need the fuel thing sorted" (a kind
        # said bare or as one's own is one: "i need my coffee", "I need step-free everything")
        r"\s+(?:a|an|some|something|somewhere|someone|one|the|this|that|these|those|any|"
        r"anything|new|another|more|ideas?|help)\b|"
        # a need to do something is a goal ("i need to learn excel", read by the goal cues
        # below), a task ("now i need to write an email to the parents"), a stance against
        # what it cuts ("need to cut down on salt") or getting through ("i just need to
        # survive watching it"): never a liking
        r"\s+to\b|"
        # a deliverable asked for is a request: "i need a long detailed explanation"
        r"\s+(?:a|an|some|the)\s+(?:[\w-]+\s+){0,3}(?:explanation|summary|list|email|message|reply|"
        r"response|answer|draft|version|template|breakdown|overview|outline|script|letter|"
        r"caption|itinerary|rundown|rewrite|translation|recommendation|rec|suggestion|idea|tip)s?"
        r"\b)",
        PREF,
        1.0,
        0.7,
    ),
    _cue(
        r"(?:live|living|based|settled|renting|staying)\s+(?:(?:up|down|out|over|back|off\s+base|"
        r"on\s+base|off\s+campus)\s+)?"
        r"(?:in|near|outside(?:\s+of)?|out\s+of)|"
        r"(?:'ve|have)\s+(?:now\s+)?been\s+(?:living\s+)?in\s+(?=(?-i:[A-Z]))|"
        r"(?:'ve|have)\s+(?:now\s+lived|lived)\s+in\s+(?=(?-i:[A-Z])\S+(?:\s+\S+)?\s+for\s)|"
        r"back\s+(?:home\s+)?in\s+(?=(?-i:[A-Z]))|"
        r"(?:my|our)\s+(?:new\s+|own\s+)?(?:place|flat|apartment|house|home|condo)\s+(?:is\s+)?in|"
        # (not "we met at uni in Leeds", "home from uni in Leeds": a time, someone else's)
        r"(?<!met\s)(?<!met\sat\s)(?<!from\s)(?:at\s+)?(?:uni|university|college)\s+in|"
        r"moved\s+(?:in\s*to|into)\s+(?:our|my|a|the)\s+(?:\w+\s+){0,2}(?:place|flat|apartment|"
        r"house|home|condo)\s+in|(?:left|quit)\s+\S+(?:\s+\S+)?\s+for(?=\s+(?!(?:good|ever|now|life|a|an|the|my|our|"
        r"work|ages|years|months|weeks|lunch|dinner|health|personal)\b)[^\W\d_])|"
        r"moved\s+(?:back\s+)?home\s+to|moved\s+on\s+to|(?:made|make)\s+the\s+move\s+to|"
        # "so the move to nantes is done"
        r"the\s+move\s+to\s+(?=[\w-]+(?:\s+[\w-]+)?\s+(?:is|'s)\s+(?:finally\s+|officially\s+)?"
        r"(?:done|complete|completed|official|finished|over)\b)|"
        # a home made somewhere: "signed a lease in Leeds", "we bought a house in Lyon"
        r"(?:signed\s+(?:a|the)\s+lease|(?:bought|rent|renting|rented|signed(?:\s+(?:for|on))?|found|"
        r"closed\s+on|(?:got|picked\s+up|collected)\s+the\s+keys\s+to|moved\s+(?:in)?to)\s+"
        r"(?:a|our|my|the)\s+(?:\w+\s+){0,2}(?:house|flat|apartment|place|home|condo|room|duplex|"
        r"townhouse|bungalow))\s+in\s+"
        r"(?=(?-i:[A-Z])|(?!(?:cash|full|advance|bulk|person|secret|private|total|my|our|the|a|"
        r"town|city|centre|center|the\s+city|suburbs|the\s+country|the\s+countryside)\b)"
        r"[a-z]+(?:\s+[a-z]+)?\s*(?:[,.!(]|\s+(?:near|last|this|now|so|and|with|today)\b|$))|"
        r"call\s+(?=(?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+)?\s+home\b)|"
        r"(?:'m|am|'re|are)\s+(?:(?:now|still|currently|finally|officially|properly)\s+)?(?:in|from)\s+"
        r"(?=(?-i:[A-Z][a-z]))"
        r"(?!(?-i:(?:January|February|March|April|May|June|July|August|September|October|"
        r"November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|English|"
        r"Spanish|French|German|IT|HR|Sales|Marketing)\b))|"
        r"(?:'m|am|'re|are)\s+(?:(?:now|still|currently|based|down|up|over|out)\s+)?in\s+"
        rf"(?!(?:a|an|the|my|our|your|{IN_A_STATE}|"
        r"sales|marketing|finance|tech|it|hr|accounting|retail|healthcare|education|law|"
        r"a\s+rush|no\s+rush)\b)(?=[a-z]+(?:\s+[a-z]+)?\s*"
        r"(?:[,.!]|\s+(?:if|so|and|but|now|too|btw|lol|for\s+work|these\s+days|as\s+of|since|"
        r"already|permanently|nowadays)\b|$))|"
        # the lands named with "the": "im in the netherlands"
        r"(?:'m|am|'re|are)\s+(?:(?:now|still|currently|based)\s+)?in\s+(?=the\s+(?:netherlands|uk|"
        r"us|usa|states|philippines|uae|emirates|czech\s+republic|bay\s+area|midlands|highlands)\b)|"
        r"went\s+(?:freelance|self[- ]employed|part-time|full-time|independent|solo)|"
        r"(?:am|'m|been)\s+(?:now\s+)?working\s+freelance|work\s+freelance|"
        r"took\s+(?:early\s+)?retirement|retired\s+(?=from|last|in|early|this|as\s+of)|"
        r"work(?:ing|ed)?\s+(?:[\w-]+\s+){1,6}?as\s+(?=(?:a|an)\s)|"
        r"(?:'ve|have)\s+(?:been\s+)?work(?:ed|ing)\s+as\s+(?=(?:a|an)\s)|"
        r"my\s+(?:flat|apartment|house|place|home|condo)\s+(?:is\s+)?in\s+(?=(?-i:[A-Z]))|"
        # (a club joined is a pastime, read below: "joined a tuesday run club")
        r"(?:years?|yrs?)\s+as\s+(?:a|an)|"
        rf"joined\s+(?:a|an|the)\s+(?!(?:[\w'-]+\s+){{0,3}}{HOBBY_GROUP}\b"
        r"(?!\s+(?:at|in)\s+(?-i:[A-Z])))|"
        r"spent\s+(?:[\w-]+\s+){1,3}?(?:years?|yrs?|decades?)\s+as\s+(?:a|an)?|"
        r"(?:moved|relocated|shifted)\s+(?:over\s+|back\s+|out\s+|down\s+|up\s+)?(?:here\s+)?to|"
        r"came\s+(?:back|home|back\s+home)\s+to(?=\s+(?-i:[A-Z]))|"
        r"(?:moved|relocated|shifted)\s+from\s+(?:\S+\s+){1,3}?to|"
        r"(?:moved|relocated)\s+in\s+(?=(?-i:[A-Z])[\w-]+(?:\s+(?-i:[A-Z])[\w-]+)?\s*(?:[,.;!]|$|"
        r"\s+(?:last|this|in|on|two|three|a|\d)\b))|"  # "I moved in Sibiu last week"
        r"(?:'re|are|'m|am)\s+(?:now\s+)?in\s+(?!(?:a|an|the|my|our|sales|marketing|finance|tech|"
        r"it|hr|accounting|retail|healthcare|education|law|school|college|uni|class|bed|love|"
        r"charge|pain|trouble|luck|business|work|town)\b)(?=(?:\S+\s+){1,3}?now\b)|"
        r"start(?:ed|ing)?\s+(?:a\s+new\s+job\s+|work\s+|working\s+|(?:in|on|next|this)\s+(?:\w+\s+){1,3}?|"
        r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|soon)\s+)?as|"
        r"new\s+job\s+as|(?:accepted|took|got|landed|started|was\s+offered|have)\s+(?:a|an|the|my)\s+"
        r"(?:[\w-]+\s+){0,2}(?:position|role|post|job)\s+as(?=\s)|"
        r"(?:got\s+)?(?:selected|hired|taken\s+on|accepted|offered\s+a\s+job)\s+as|"
        r"(?:am|'m)\s+\d{1,3}\s+and\s+(?:a|an)|"
        r"do\s+(?=[\w ]{3,30}\s+(?:from\s+home|for\s+a\s+living|for\s+work)\b)|"
        r"(?:got\s+)?promoted\s+to|(?:quit|left)\s+(?:my\s+job|work)\s+to(?:\s+go)?|"
        rf"(?:{TEACHING}|teach|tutor)(?=\s+\w)|"
        r"(?:'m|am|are|'re)\s+(?:now\s+)?(?:freelancing|self[- ]employed|retired|unemployed|"
        r"between\s+jobs|on\s+parental\s+leave)|got\s+(?:laid\s+off|fired|made\s+redundant)|"
        r"(?:started|joined)\s+(?:at|with)?(?=\s+[A-Z])|started\s+(?:a\s+new\s+job\s+)?at|"
        r"(?:'m|am)\s+(?:now\s+)?(?:working|employed)\s+(?:as|at|for)|"
        r"(?:'m|am)\s+no\s+longer\s+(?:a|an)|(?:'m|am)\s+now\s+(?:a|an)|"
        rf"(?:will|'ll)\s+be\s+(?:(?:a|an|the)\s+)?(?={FUTURE_ROLE})|"
        # "I'm going to be a maths teacher there for the year"
        rf"(?:am|'m)\s+going\s+to\s+be\s+(?=(?:a|an)\s+(?:[\w-]+\s+){{0,2}}?{_ROLE_WORD}\b)|"
        # more ways of naming a job or an employer: "I work in IT", "became a teacher",
        # "I'm studying medicine", "joined Google last month", "hired by the council"
        rf"work(?:s|ing|ed)?\s+in\s+(?={WORK_FIELD}\b)|(?:just\s+)?became\s+(?=(?:a|an)\s+(?!(?:mum|mom|dad|"
        r"father|mother|parent|grand\w+|granny|wife|husband|citizen|member|fan|vegan|vegetarian)\b))|"
        r"qualified\s+as|freelance\s+as|(?:am|'m)\s+(?:now\s+)?studying(?!\s+(?:for|to|with|at|"
        r"hard|late|abroad|all|every|tonight|today|tomorrow|this|next|the|my|a|an|up|it|that)\b)|"
        r"joined(?=\s+(?-i:[A-Z])[\w&'-]*(?:\s+(?-i:[A-Z])[\w&'-]*)?\s+(?:last|this|in|as|on|back|"
        r"full-time|part-time|\d))|(?:hired|employed|taken\s+on)\s+by|"
        r"(?:'ve|have)\s+been\s+at(?=\s+(?-i:[A-Z])[\w&'-]*(?:\s+(?-i:[A-Z])[\w&'-]*)?\s+for\b)|"
        r"took\s+the(?=\s+(?-i:[A-Z])[\w&'-]*(?:\s+(?-i:[A-Z])[\w&'-]*)?\s+(?:job|offer|role)\b)",
        FACT,
        None,
        0.85,
    ),
    _cue(
        # and of going off something
        r"(?:'ve|have)\s+gone\s+off|went\s+off(?!\s+(?:to|on|with|at|for|into)\b)|"
        r"(?:'ve|have)\s+(?:had|got)\s+enough\s+of|"
        r"(?:quit|stopped|gave\s+up(?:\s+on)?|given\s+up(?:\s+on)?|cut\s+out|ditched|kicked|"
        r"packed\s+in(?=\s+(?!(?:and|then|so|but|to|with|at|it|work|my\s+job|the\s+job)\b)\w))"
        # (not "quit to open the bakery", "quit the café yesterday": a job left, not a taste)
        rf"(?!\s+by\b|\s+to\s+\w|\s+(?:the|my|that|this)\s+(?:[\w'-]+\s+)?{_WORKPLACE}\b|"
        # (nor "gave up my apartment": a home left, a thing given away)
        r"\s+(?:the|my|our)\s+(?:[\w'-]+\s+)?(?:apartment|flat|house|place|room|lease|car|"
        r"seat|spot)\b)|"
        r"(?:am|'m)\s+cutting\s+(?:(?:back|down)\s+on|out)|(?:am|'m)\s+avoiding|"
        r"(?:am|'m)\s+(?:so\s+|totally\s+|completely\s+|kinda\s+|kind\s+of\s+)?"
        r"(?:over|done\s+with|through\s+with)|"
        r"(?:am|'m)\s+not\s+(?:really\s+)?(?:built|made|cut\s+out)\s+for|"
        r"(?:am|'m)\s+not\s+(?:much\s+of\s+)?(?:a|an)\s+(?=\w+\s+(?:person|fan|guy|girl|type)\b)|"
        r"(?:am|'m)\s+not\s+(?:massively\s+|hugely\s+|overly\s+|super\s+|that\s+|too\s+|all\s+that\s+)?"
        r"(?:huge|big|great|wild|crazy|mad|keen)\s+(?:on|about)|"
        r"(?:am|'m)\s+no\s+longer\s+(?:into|keen\s+on|a\s+fan\s+of|interested\s+in)|"
        # "I wouldn't be mad about curry", "(I'm) not so into super spicy stuff"
        r"(?:wouldn't|would\s+not|wouldnt)\s+be\s+(?:too\s+|that\s+|all\s+that\s+)?(?:mad|keen|fussed|"
        r"crazy|wild)\s+(?:about|on)|(?:^|(?<=\bi'm\s)|(?<=\bim\s))not\s+(?:so|that|too|really|"
        r"all\s+that)\s+into|"
        r"(?:am|'m)\s+(?:a\s+bit\s+|kinda\s+|kind\s+of\s+|so\s+|totally\s+)?(?:burnt|burned)\s+out\s+on|"
        r"(?:am|'m)\s+(?:so\s+|really\s+)?fed\s+up\s+with|(?:i'll|will|'ll)\s+pass\s+on|"
        r"(?:am|'m)\s+not\s+(?:really\s+|much\s+of\s+|really\s+much\s+of\s+|exactly\s+)?(?:a|an)\s+"
        r"(?=(?:[\w'&-]+\s+){1,4}(?:person|guy|girl|gal|type)\b)|"
        r"(?:are|'re)\s+not\s+(?:really\s+|exactly\s+)?(?=(?:[\w'&-]+\s+){1,3}(?:people|folks)\b)|"
        r"(?:can't|cannot|can\s+not)\s+(?:really\s+)?(?:do|take|stomach|handle|deal\s+with)|"
        r"can\s+(?:barely|hardly|only\s+just)\s+(?:handle|stand|stomach|take|tolerate|cope\s+with|"
        r"deal\s+with)",
        PREF,
        -1.0,
        0.8,
    ),
    _cue(
        # more everyday ways of saying a liking: "crazy about", "been craving", "swear by"
        r"(?:am|'m|are|'re)\s+(?:\w+\s+)?(?:(?:crazy|nuts|wild|big|huge)\s+(?:about|on)|all\s+about)"
        r"(?!\s+(?:it|that|this|time)\b)|"
        # time kept for a pastime: "which I want to spend bouldering"
        r"(?:want|like|love|get)\s+to\s+spend\s+(?:(?:my|the|those|these|it|them|every)\s+"
        r"(?:\w+\s+){0,2}?)?(?=\w+ing\b)|"
        # "I go a bit daft over dahlias", "i go mad for a good pie"
        r"(?<=\bi\s)(?:really\s+|always\s+|just\s+)?go\s+(?:a\s+bit\s+|completely\s+|totally\s+)?"
        r"(?:daft|mad|crazy|nuts|wild|gaga)\s+(?:over|for|about)(?!\s+(?:it|that|this)\b)|(?:(?:'ve|have)\s+)?been\s+(?:craving|loving|enjoying)|(?:am|'m)\s+"
        r"(?:craving|loving)|(?:would|'d)\s+never\s+say\s+no\s+to|(?:wouldn't|would\s+not|never)\s+"
        r"say\s+no\s+to|live\s+for|swear\s+by|(?:'ve|have)\s+fallen\s+(?:in\s+love\s+with|for)|"
        r"fell\s+(?:in\s+love\s+with|for)|rave\s+about|"
        r"(?:can't|cannot|couldn't|could\s+not)\s+(?:live|survive|function|cope)\s+without|"
        # "i'd kill for soda bread", "i'd die without green chile", "addicted to it"
        r"(?:would|'d)\s+(?:kill|die)\s+for|(?:would|'d)\s+die\s+without|"
        r"(?:am|'m)\s+(?:\w+\s+)?(?:addicted|hooked)\s+(?:to|on)|(?:am|'m)\s+(?:\w+\s+)?partial\s+to|"
        r"(?:can't|cannot|cant)\s+stop\s+(?:playing|watching|listening\s+to|reading)|"
        r"(?:kinda\s+|kind\s+of\s+|sorta\s+|sort\s+of\s+|really\s+|properly\s+)?got\s+"
        r"(?:really\s+|super\s+)?into|"
        r"missed\s+(?=[^,.!?]{2,30}?\s+(?:so\s+much|a\s+lot|like\s+crazy|terribly)\b)|"
        # "drink white almost exclusively in summer"
        r"(?:drink|eat|read|watch|listen\s+to|wear|play)\s+(?=\S+(?:\s+\S+)?\s+(?:almost\s+)?"
        r"exclusively\b)|"
        r"(?:am|'m)\s+(?:such\s+)?a\s+(?:total\s+|huge\s+|big\s+|complete\s+)?sucker\s+for|"
        r"care\s+(?:way\s+|a\s+lot\s+|much\s+|far\s+)?more\s+about|"
        r"(?:am|'m)\s+leaning(?:\s+towards?)?|"
        r"(?:am|'m)\s+(?:\w+\s+)?in\s+(?:a|an|my)\s+(?=(?:[\w-]+\s+){1,3}(?:phase|era|kick)\b)|"
        r"(?:'ve|have)\s+(?:gotten|got|been\s+getting)\s+(?:really\s+|super\s+|very\s+|so\s+|kinda\s+|"
        r"kind\s+of\s+|sort\s+of\s+|sorta\s+|slowly\s+|properly\s+)?into|"
        # "I'm not giving up cheese for anyone"
        r"(?:am|'m)\s+not\s+giving\s+up(?!\s+(?:on|yet|now|hope)\b)|"
        # "I've been kind of into risograph printing lately", "i've been sort of getting into"
        r"(?:'ve|have)\s+been\s+(?:kind\s+of|kinda|sort\s+of|sorta|really|so|slowly)\s+"
        r"(?:getting\s+)?into|"
        r"(?:am|'m|are|'re)\s+(?:really\s+|kind\s+of\s+|kinda\s+|sort\s+of\s+|so\s+|totally\s+|"
        r"getting\s+|super\s+|more\s+|much\s+more\s+|mostly\s+)?into|"
        r"(?:(?:am|'m)\s+(?:probably\s+|honestly\s+|actually\s+)?|(?:'ve|have)\s+(?:always\s+)?"
        r"been\s+|(?<=\bI\s)(?=more\s+of\s+))(?:more\s+of\s+|"
        r"much\s+more\s+of\s+|definitely\s+|totally\s+|really\s+|such\s+|very\s+much\s+|strictly\s+)?"
        r"(?:a|an)\s+(?:(?:massive|huge|big|total|complete|absolute|real|proper|serious|die-?hard|"
        r"bit\s+of\s+a)\s+)?"
        r"(?=(?:(?!not\b)[\w'&-]+\s+){1,7}(?:person|guy|girl|gal|type|fan|nerd|geek|snob|buff|junkie|"
        r"addict|fiend|nut|rat|"
        r"(?:kind|sort)\s+of\s+(?:person|guy|girl)|(?:man|woman|lad|lass)\s+(?:myself|meself|at\s+heart|"
        r"through\s+and\s+through))\b)|"
        r"(?:'ll|will)\s+(?:just\s+)?stick\s+(?:to|with)\s+(?!(?:a|an|the|my|our)?\s*(?:[\w-]+\s+){0,3}"
        r"(?:diet|budget|plan|schedule|rules?|limit|deadline)\b)|"
        r"(?:am|'m)\s+back\s+to\s+(?:eating|drinking|playing|doing|running|reading)|"
        r"(?:'ve\s+|have\s+)?(?:just\s+|finally\s+|recently\s+)?joined\s+(?=(?:a|an|the|my|our)\s+"
        rf"(?:[\w'-]+\s+){{0,3}}{HOBBY_GROUP}\b(?!\s+(?:at|in)\s+(?-i:[A-Z])))|"
        # a pastime begun: "just started bouldering", "started Carnatic violin lessons"
        r"(?:'ve\s+|have\s+)?(?:just\s+|recently\s+|finally\s+)?(?:started|began|begun)\s+"
        r"(?=(?:[\w-]+\s+){1,3}(?:lessons|classes)\b|(?!(?:working|feeling|getting|going|doing|"
        r"looking|thinking|using|taking|having|seeing|trying|eating|drinking|making|paying|"
        r"living|sleeping|waking|bleeding|losing|gaining|coughing|shaking|crying|panicking|"
        r"struggling|noticing|wondering|planning|saving|selling|buying|renting|packing|"
        r"applying|interviewing|training\s+for|nursing|teaching|tutoring|freelancing|"
        r"lifeguarding|driving|delivering|learning|morning|evening|something|nothing|anything|"
        r"everything|spring|ceiling|building|wedding)\b)[a-z]+ing\b(?!\s+(?:at|for|with)\s+(?:a|an|the|my)\s+"
        r"(?:job|company|firm|shop|store|hospital|school|bank|office)\b))|"
        r"(?:'ve\s+|have\s+)?(?:started|begun)\s+(?:eating|drinking|playing|doing|making|cooking|"
        r"reading|watching|running|swimming|riding|climbing)\s+(?=[^,.!?]{2,30}?\s+again\b)|"
        r"(?:really\s+)?miss|(?:mostly|mainly)(?=\s+(?:play|eat|drink|watch|read|listen|cook|"
        r"do|swim|run|ride|cycle|bike|use|wear|go|make|paint|draw|write|bake|knit|climb|hike|"
        r"walk|lift|train|shoot|stream|buy|order)\b)|"
        r"(?:can't|cannot|can\s+not)\s+get\s+enough\s+of|"
        # a longing: "missing feijoada so bad", "i missed fruit way too much", "craving sushi
        # like crazy" (not "missed the bus", "craving pizza tonight")
        r"(?:missing|missed|craving)\s+(?=[^,.;!?]{2,30}?\s+(?:so\s+(?:bad|badly|much)|"
        r"(?:way\s+)?too\s+much|like\s+crazy|terribly|desperately)\b)|"
        r"(?:read|watch|listen\s+to|eat|play|drink|cook|wear)\s+(?:mostly|mainly|almost\s+only|"
        r"almost\s+exclusively)|"
        r"(?:'ve|have)\s+been\s+(?:listening\s+to|playing|watching|reading|bingeing|binging|"
        r"cooking|making|baking)\s+(?=[^,.!?]{2,40}\s+(?:nonstop|non-stop|on\s+repeat|"
        r"constantly|all\s+(?:week|day|month)|every\s+(?:day|night|week|weekend))\b)|"
        r"(?:could|would)\s+(?:happily\s+)?(?:eat|drink|watch|play|listen\s+to)\s+"
        r"(?=[^,.!?]{2,30}\s+every\s+(?:day|night|single\s+day|week)\b)|"
        r"(?:am|'m|are|'re)\s+(?:a\s+)?(?:huge|big|massive|major|total|die-hard|diehard)\s+"
        r"(?=[^,.!?]{2,30}\s+fans?\b)|re-?watched|re-?read|"
        r"(?:'m|am)\s+on\s+(?=(?:android|ios|an?\s+iphone|windows|linux|a\s+mac|mac|macos|pc|xbox|"
        r"playstation|ps5|switch|steam)\b)|(?:run|use)\s+(?=(?:linux|windows|macos|android|ios|"
        r"ubuntu|fedora|arch|debian|chromeos)\b)|"
        r"(?:eat|drink|watch|read|play|cook|listen\s+to|make|bake|order)\s+(?:a\s+lot\s+of|"
        r"lots\s+of|tons\s+of|plenty\s+of|so\s+much|way\s+too\s+much|"
        # "i drink an embarrassing amount of earl grey"
        r"an?\s+(?:\w+\s+)?amount\s+of)|"
        # what the user changed over to: "I've switched fully to chai and green tea", "switched
        # to oat milk" (not "switched to nights", "switched to a new bank": a schedule, a firm)
        r"(?:switched|swapped|converted|gone\s+over)\s+(?:(?:fully|completely|totally|entirely|"
        r"over|back|now)\s+)*to\s+(?!(?:a|an|the|my|our|his|her|their|it|that|this|night|nights|"
        r"day|days|part|full|remote|working|being|nightshift|shifts?|another|other)\b)"
        # (nor "switched to product management": a line of work)
        r"(?!(?:[\w-]+\s+)?(?:management|engineering|sales|marketing|design|nursing|teaching|law|"
        r"finance|accounting|consulting|hr|ops|operations|freelance|contracting|research|admin)\b)",
        PREF,
        1.0,
        0.75,
    ),
    _cue(  # a food picked out of a dish is not wanted: "i picked the chorizo out of mine lol"
        r"(?:pick|picks|picked|picking|pull|pulled|fish|fished)\s+(?:all\s+)?(?=(?:the|those|"
        r"these|all\s+the)\s+(?:\w+\s+){1,2}?out\b)",
        PREF,
        -1.0,
        0.6,
    ),
    _cue(  # a liking shown by choosing it: "went with the Lenovo in the end"
        r"(?:chose|picked|went\s+with|ended\s+up\s+(?:with|going\s+with|picking)|settled\s+on|"
        r"opted\s+for)(?!\s+(?:it|that|this|one|them|up|out)\b)",
        PREF,
        1.0,
        0.6,
    ),
    _cue(
        r"(?:hate|hates|detest|despise|loathe|dislike|abhor|avoid|resent)|"
        r"(?:prefer|try|like|want|tend|(?:would|'d)\s+rather)\s+(?:to\s+)?(?:avoid|skip|minimi[sz]e|"
        r"stay\s+away\s+from|steer\s+clear\s+of)(?:ing)?|"
        r"can't\s+stand|cannot\s+stand|can't\s+bear|steer\s+clear\s+of|stay\s+away\s+from|"
        r"shy\s+away\s+from|refuse\s+to(?:\s+\w+(?=\s+\w))?|(?:am|'m)\s+(?:so\s+|really\s+|getting\s+|a\s+bit\s+|kinda\s+)?(?:tired|sick)\s+of|"
        r"get\s+(?:so\s+|really\s+)?(?:tired|sick|bored)\s+of|"
        # "I bounced hard off the combat in divinity 2"
        r"bounced\s+(?:hard\s+|right\s+|straight\s+)?off|"
        r"have\s+(?:no|zero|little)\s+interest\s+in|"
        r"have\s+an?\s+(?:\w+\s+){0,2}(?:aversion|dislike|distaste|disdain|objection|phobia|"
        r"fear|hatred|contempt)\s+(?:to|for|of|towards?|against)|"
        r"(?:can't|cannot|can\s+not)\s+(?:handle|deal\s+with|get\s+into)|"
        rf"(?:minimi[sz]e|limit|reduce|{_CUT_DOWN}\s+on|cut\s+out)|"
        r"(?:am|'m|get|feel)\s+(?:\w+\s+)?(?:uncomfortable|uneasy|nervous)\s*(?:with|about|in|around)?|"
        r"(?:am|'m)\s+(?:\w+\s+)?(?:opposed\s+to|against|averse\s+to|uninterested\s+in|"
        r"not\s+comfortable\s+with|not\s+interested\s+in)|"
        r"(?:don't|do\s+not)\s+trust|(?:won't|will\s+not|wouldn't|would\s+never)\s+"
        r"(?:consider|buy|use|eat|go|choose|touch)|"
        r"(?:am|'m)\s+not\s+(?:a\s+)?(?:big\s+|huge\s+|super\s+|really\s+|that\s+|too\s+|very\s+|"
        r"massively\s+)?(?:fan\s+of|into|interested\s+in|keen\s+on)|"
        r"not\s+a\s+(?:big\s+)?fan\s+of|"
        r"(?:don't|do\s+not|never|rarely|no\s+longer)\s+(?:really\s+|much\s+|particularly\s+|even\s+)?"
        rf"(?:like|enjoy|love|want|care\s+for|fancy|appreciate|miss|go\s+(?:in\s+)?for|{_VERBS})|"
        # the past of a dislike: "I didn't enjoy the tour", "I hated the ferry"
        r"(?:didn't|did\s+not)\s+(?:really\s+|much\s+|particularly\s+|even\s+)?"
        r"(?:like|enjoy|love|care\s+for)|"
        r"(?:hated|disliked|loathed)(?!\s+(?:it|that|this|them|to)\b)|"
        r"(?:am|'m)\s+not\s+(?:a\s+)?(?:huge|big|massive|great)\s+(?=[^,.!?]{2,30}\s+fans?\b)|"
        r"(?:would|'d)\s+skip|(?:am|'m)\s+off\s+(?!(?:to|work|today|tomorrow|tonight|now|sick|duty|"
        r"for|on|the|school|until|till|at|next|this|mon|tue|wed|thu|fri|sat|sun|home|out)\b)|"
        r"(?:would|'d)\s+rather\s+not|prefer\s+not\s+to(?:\s+\w+(?=\s+\w))?|"
        r"(?:am|'m)\s+(?:afraid|scared|terrified|wary)\s+of|have\s+an?\s+(?:\w+\s+)?fear\s+of|"
        rf"find\s+(?=.{{0,60}}?\b(?:{NEGATIVE_ADJECTIVES})\b)",
        PREF,
        -1.0,
        0.85,
    ),
    _cue(
        r"(?:prefer|love|like(?!\s+(?:[$\u20ac\u00a3]?\d|a\s+(?:few|couple)|maybe|literally|totally|so|"
        # (not "like he'd eat it every day": "like" that compares)
        r"really|that|this|it\b|(?:he|she|they|you|i|we)(?:'d|'s|'re|'m|'ll)?\b))|enjoy|adore|"
        r"favou?r|cherish|appreciate|value|crave)|"
        # the past of a liking: "I loved Klara", "really enjoyed the ferry"
        r"(?:loved|enjoyed|adored|liked)(?!\s+(?:it|that|this|them|your|you|to\s+\w+\s+you)\b)|"
        # a habit: "I usually have a flat white", "I drink mate every morning"
        r"(?:usually|always|normally|mostly|generally)\s+(?:have|get|drink|eat|take|buy|grab|make|"
        r"cook|wear|read|watch|play|listen\s+to|book|stay\s+at|go\s+with|use)(?!\s+(?:to|it|that|a\s+(?:hard|tough|bad)|"
        r"headaches?|migraines?|sick|ill|(?:my\s+|our\s+)?(?:breakfast|lunch|dinner|supper))\b)|"
        # (not a duty or a treatment: "I have physio twice a week", "I do them every day")
        r"(?:drink|eat|have|get|grab|make|play|do|cook|bake|brew|read|watch|listen\s+to)\s+"
        r"(?!(?:it|them|this|that|these|those|work|class|classes|school|shifts?|meetings?|nights|"
        r"calls|overtime|doubles|dialysis|physio|therapy|chemo|appointments?|lectures?|\d+|"
        r"in|at|on|for|to|with|from|already|my\s+(?:meds|medication|shift))\b)"
        rf"(?=[^,.;!?]{{2,30}}?\s+(?:{OFTEN}))|"
        r"(?:'ve|have)\s+(?:always\s+)?been\s+(?:really\s+|so\s+|super\s+)?into|"
        r"(?:am|'m)\s+warming\s+(?:up\s+)?to|treat\s+myself\s+to|"
        r"(?:could|would)\s+(?:happily\s+)?(?:eat|drink|watch|play|listen\s+to)\s+"
        r"(?=[^,.!?]{2,30}\s+(?:all\s+day|forever|any\s?time)\b)|"
        r"prioriti[sz]e|believe\s+in|(?:will|would)\s+only\s+consider|"
        r"(?:don't|do\s+not|no\s+longer)\s+(?:mind|hate|dislike)|(?:am|'m)\s+(?:fine|ok|okay)\s+with|"
        r"have\s+an?\s+(?:\w+\s+){0,2}(?:preference|penchant|fondness|love|passion|weakness|"
        r"soft\s+spot|taste)\s+for|"
        r"(?:might|may)\s+be\s+(?:getting\s+)?into|"
        # a pastime begun: "I've taken up lawn bowls instead", "took up pottery last year"
        r"(?:(?:'ve|have|just|recently|finally)\s+)?(?:taken|took)\s+up(?!\s+(?:the|that|this|"
        r"it|them|your|an?\s+offer|space|room|too\s+much|all)\b)|"
        # "only now getting into jazz", "i'm slowly getting into running"
        r"(?:(?:am|'m|been)\s+|(?:only\s+)?now\s+|finally\s+|slowly\s+|really\s+)"
        r"(?:(?:only\s+now|finally|slowly|really)\s+)?getting\s+into(?!\s+(?:trouble|debt|bed|"
        r"shape|character|the\s+(?:car|house|office|habit)))|"
        r"(?:am|'m)\s+(?:really\s+)?(?:fond\s+of|into|passionate\s+about|fascinated\s+by|"
        r"obsessed\s+with|drawn\s+to|keen\s+on|interested\s+in|a\s+(?:big\s+|huge\s+)?fan\s+of)|"
        r"my\s+favou?rite(?:\s+\w+)?(?:\s+is|\s+are)?|"
        r"(?:always|usually|tend\s+to)\s+(?:go\s+for|choose|pick|order|opt\s+for)|"
        r"learn\s+best(?:\s+(?:through|with|by|from|in))?|work\s+best(?:\s+(?:with|in|when))?|"
        r"(?:would|'d)\s+(?:way\s+|much\s+|far\s+)?rather(?!\s+(?:die|not)\b)|lean\s+towards?|gravitate\s+towards?|"
        r"could\s+(?:honestly\s+|happily\s+|literally\s+|basically\s+)?live\s+on(?!\s+(?:my|our|a|an|"
        r"\d|£|\$|€|savings|benefits|that|less|it|nothing|the\s+(?:minimum|money|salary|wage))\b)|"
        r"(?:do|work|learn)\s+better\s+with|"
        r"(?:am|'m)\s+(?:a|an)\s+(?:\w+\s+)?(?:lover|enthusiast|aficionado|buff)\s+of",
        PREF,
        1.0,
        0.8,
    ),
    _cue(
        r"(?:'ve\s+|have\s+)?been\s+(?:wanting|meaning|dying|itching|hoping|planning)\s+to|"
        r"(?:want|wanna|hope|plan|aim|intend|wish)\s+to|(?:am|'m|are|'re)\s+(?:now\s+)?applying\s+"
        r"(?:for|to)|(?:'ve|have)\s+(?:just\s+)?started\s+learning|(?:am|'m)\s+determined\s+to|"
        rf"need\s+to(?!\s+(?:{_TASK_VERBS}|{_LESS_OF}|{_GET_THROUGH})\b)|"
        r"wanna(?=\s+(?:do|study|learn|become|be|get|"
        r"try|start|run|go|move|work|make|build|see|visit)\b)|"
        # (not "I'd love to hear what you think": a reply, no aim)
        r"(?:would|'d)\s+(?:really\s+|so\s+)?(?:like|love)\s+to(?!\s+(?:know|hear|help|chat|talk|ask|share)\b)|"
        # an instrument or a language begun: "started learning cavaquinho"
        r"(?:started|starting|began|begun)\s+(?=learning\s+(?!how\b|about\b|to\b)\w)|"
        # "two big things for 2026: pay off the loan and ...", "time to sell up and retire"
        r"(?:(?:two|three|four|\d|my|our|the|main|big)\s+){0,2}(?:things|priorities|plans|aims)\s+for\s+"
        r"(?:this\s+year|next\s+year|20\d\d)(?:\s+are)?(?=\s*:)|"
        r"(?:^\W*|[,;]\s*|\b(?:it's|its|it\s+is)\s+)time\s+to\s+(?=(?:sell\s+up|retire|downsize|move\s+"
        r"(?:house|away|abroad|out|back|to)|settle\s+down)\b)|"
        r"(?:(?:two|three|four|\d|my|our|main|big)\s+)?(?:goals|resolutions)"
        r"(?:\s+for\s+(?:this\s+|next\s+)?\w+|\s+this\s+year)?(?:(?:\s+are)?(?=\s*:)|\s+are\b)|"
        r"(?:new\s+year(?:'s)?|bucket|to-?do)\s+list(?=\s*(?:\([^)]{0,30}\)\s*)?:)|"
        r"(?:(?:my|our|the)\s+)?(?:goal|aim|plan|target|dream)(?:\s+now|\s+this\s+year)?"
        r"(?:\s+is|'s)(?:\s+to)?|next\s+up(?:\s+is)?:?|"
        # "Next target: the Harbour Crossing", "Second goal: cook for myself again"
        r"(?:next|first|second|third|new|main|big|final)\s+(?:target|goal|challenge|mission|"
        r"ambition)\s*:\s*(?=\w)|"
        # "I'm now eyeing an open water swim", "I will ski Vasaloppet next March", "I want my own
        # boat within 5 years"
        r"(?:am|'m)\s+(?:now\s+|also\s+)?eyeing|(?<=\bi\s)will\s+(?:ski|run|swim|ride|cycle|"
        r"climb|hike|walk|race|complete|finish)|want\s+(?:to\s+have\s+)?(?=(?:my|our)\s+own\b)|"
        r"(?:am|'m|are|'re)\s+(?:planning|organi[sz]ing|booking)\s+(?:a|an|my|our)\s+|"
        r"(?:signed\s+up|registered|entered|enrolled)\s+(?:for|in|to|on)|"
        # a race place: "just got a ballot place for berlin", "a place in the london marathon"
        r"(?:got|have|won|bagged|snagged)\s+(?:a|my)\s+(?:(?:ballot|charity|guaranteed)\s+"
        r"(?:place|spot|entry|bib)\s+(?:in|for|at)(?=\s+\w)|(?:place|spot|entry|bib)\s+(?:in|for|at)"
        r"(?=\s+(?:the\s+)?[\w' -]{0,30}?(?:marathon|half|ultra|10k|5k|race|triathlon|tri|ironman|"
        r"sportive|relay)\b))|"
        r"(?:am|'m|are|'re)\s+(?:(?:now|just|finally|also)\s+)?(?:signing\s+up|registering|enrolling)"
        r"\s+(?:for|in|on)|"
        # a time to beat: "I want under 7:30", "going for sub 3 this time"
        r"(?:want|wanna|aiming\s+for|going\s+for|hoping\s+for)\s+(?=(?:under|sub|below)\s*\d)|"
        r"(?:started|starting|start|beginning|begin)\s+(?:a|an|my)\s+(?=(?:[\w'-]+\s+){0,3}(?:degree|"
        r"course|master's|masters|phd|mba|bootcamp|apprenticeship|program(?:me)?|diploma|certificate|"
        r"licen[cs]e|lessons|training)\b)|"
        r"(?:(?:am|'m|are|'re)\s+|(?<=,\s))(?:moving|relocating)\s+(?:over\s+|back\s+|out\s+|down\s+|up\s+|"
        r"from\s+(?:[\w\u00c0-\u024f'-]+\s+){1,3}?)?to\s+(?!(?:a|an|the|my|our|his|her|their|another|new|bigger|smaller|part|full|be|"
        r"somewhere|anywhere|where|get|do|make|see|start|work|live|be|have|go|come)\b)"
        r"(?=[a-z\u00c0-\u024f])|"
        # a home to come: "we're downsizing to a bungalow in Exmouth"
        r"(?:am|'m|are|'re)\s+(?:moving|relocating|downsizing)\s+(?:in)?to\s+(?=(?:a|an|our|the)\s+"
        r"(?:[\w-]+\s+){0,2}(?:house|flat|apartment|bungalow|cottage|condo|place|home|townhouse)\s+"
        r"in\s+[^\W\d_])|"
        r"(?:am|'m|are|'re)\s+(?:heading|going|flying|travel(?:l)?ing|driving)\s+(?:down\s+|up\s+|"
        # a place, not what is about to happen: "going to Lisbon", not "going to be a bit late"
        r"over\s+|out\s+|back\s+)?to(?!\s+(?:be|do|have|get|try|make|need|say|ask|take|start|use|"
        r"see|go|look|keep|put|give|tell|call|write|send|buy|pay|cook|eat|watch|read|play|stay|wait|"
        r"check|think|work|leave|miss|stop|sleep|pick|grab|order|cancel|skip|book)\b)|"
        r"(?:am|'m|are|'re)\s+(?:now\s+|also\s+)?looking\s+(?:at|into)\s+(?=\w+\s+\w+)|"
        r"(?:am|'m|are|'re)\s+(?:sitting|taking|resitting|retaking)\s+(?:the|my|our)\s+"
        r"(?=(?:[\w-]+\s+){0,2}(?:exam|test|boards|finals)\b|[\w-]+\s+(?:in|on|next|this)\b)|"
        r"putting\s+(?:the|my|our|that|this)\s+(?:\w+\s+)?(?:money|cash|savings)\s+towards?|"
        r"(?:am|'m|are|'re)\s+(?:thinking|considering)\s+(?:about|of)\s+(?=\w+ing\b)|"
        r"(?:'ve|have)\s+been\s+(?:learning|practi[sc]ing|training\s+for|studying\s+for)|"
        r"(?:am|'m)\s+doing\s+(?:a|an|my)\s+(?=(?:[\w'-]+\s+){0,2}(?:degree|masters?|master's|phd|"
        r"mba|course|apprenticeship|residency|diploma|certificate|placement|internship|bootcamp)\b)|"
        r"(?:'ve\s+|have\s+)?(?:finally\s+|just\s+)?decided\s+to\s+(?!(?:stop|quit|give\s+up|go\s+with|"
        r"pick|choose|take|get|buy|order|try|start\s+eating)\b)|"
        r"(?:am|'m|are|'re)\s+(?:(?:now|just|still|really|also|actually|currently|finally)\s+){0,2}"
        r"(?:planning|hoping|trying|aiming|saving|training|preparing|studying)"
        r"(?:\s+up)?\s+(?:to|for|towards?)|(?:my|our)\s+goal\s+is(?:\s+to)?|(?:am|'m)\s+working\s+towards?|"
        r"(?:am|'m)\s+learning(?:\s+to)?|"
        # "..., saving for a condo down payment", "i fancy learning to make bread at some point"
        r"(?<=\bi\s)saving\s+(?:up\s+)?(?:for|towards?)\s+(?=(?:a|an|my|our|the)\s)|"
        r"(?:'d\s+|would\s+)?fancy\s+(?:learning|trying|doing|getting\s+into|taking\s+up)"
        r"(?:\s+(?:how\s+)?to)?|"
        # an event ahead, said as now: "I'm entering the Drôme fair in october", "booked val di
        # funes for june", "studying for my actuarial exam" (not "booked a table for tonight")
        rf"(?:(?:am|'m)\s+(?:entering|doing|running|racing|competing\s+in|taking\s+part\s+in|"
        rf"attempting|hiking|cycling|riding|swimming|walking)|booked|signed\s+up\s+for|"
        rf"(?:'ll|will)\s+(?:enter|race|run))\s+"
        rf"(?=[^.?!]*\b{_AHEAD}\b)|"
        r"(?:am|'m)?\s*(?:study|studying|revising|cramming)\s+for\s+(?=(?:my|the|an?)\s)|"
        # "gonna try a rye loaf next weekend" (not "going to try the salmon": a one-off)
        r"(?:gonna|going\s+to)\s+(?:finally\s+|properly\s+)?(?=(?:learn|start|train|save|build|apply|"
        r"take\s+up|try\s+(?!(?:the|it|that|this|them)\b))\b)",
        GOAL,
        1.0,
        0.75,
    ),
    _cue(
        r"(?:am|'m)\s+(?:(?:now|officially|finally|currently|still)\s+){0,2}(?:a|an)|"
        # "I'm the procurement officer at a manufacturing firm"
        rf"(?:am|'m)\s+the(?=\s+(?:[\w-]+\s+){{0,2}}{_ROLE_WORD}\s+(?:at|for|in|of|on)\b)|"
        r"(?:'ve|have)\s+(?:just\s+)?(?:resigned|handed\s+in\s+my\s+notice)|"
        rf"{OPENS_A_BUSINESS}\s+{A_BUSINESS}\s+(?=(?:[\w'-]+\s+){{0,3}}{BUSINESS}\b{NOT_A_BUSINESS})|"
        r"got\s+(?:a|an|the)\s+(?=(?:[\w'-]+\s+){0,2}(?:gig|job|position|role|post|contract)\b)|"
        r"(?:am|'m)\s+(?=vegan|vegetarian|pescatarian|married|single|"
        r"retired|pregnant|\d)|work\s+(?:as|at|in|for)|live\s+in|moved\s+to|(?:am|'m)\s+from|"
        r"grew\s+up\s+in|(?<!me and )(?<!i and )(?:my|our)\s+(?:wife|husband|partner|son|daughter|"
        r"kids?|children|dog|cat|mother|father|mom|dad|sister|brother|name|job|home)\b"
        r"(?!\s+and\s+(?:i|me)\b)|"
        r"have\s+(?:a|an|two|three|four|\d+)\s+(?=(?:\w+\s+)?(?:kids?|children|sons?|daughters?|"
        r"dogs?|cats?|pets?|cars?|family))|(?:have|'ve)\s+been\s+(?:a|an)|"
        r"(?:'ve\s+got|have\s+got|got)\s+(?:a|an|two|three|\d+)\s+(?=(?:[\w-]+\s+){0,2}(?:kids?|"
        r"children|sons?|daughters?|dogs?|cats?|puppy|kitten|retriever|labrador|lab|spaniel|"
        r"terrier|poodle|greyhound|collie|husky|rabbits?)\b)|"
        r"work\s+(?=(?:from\s+home|remotely|remote|nights|days|shifts|weekends|night\s+shifts|"
        r"part[- ]time|full[- ]time)\b)",
        FACT,
        None,
        0.8,
    ),
]
