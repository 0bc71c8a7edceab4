"""Stances where the thing comes first and the verdict after it, as people type them.

"Vietnamese isn't really my thing", "Window seat, always.", "oat is ok", "raw fish makes me
gag", "bill evans = perfection": :func:`pre_object` reads the thing and its polarity from a
sentence or a part of one. The table's order matters: the first shape that matches wins.
"""

from __future__ import annotations

import re

from personify.learn.extract.clauses import (
    BODY_PART,
    INTERJECTION,
    POSSESSIONS,
    PRONOUN_OBJECT,
    QUESTION,
    RELATIVES,
    clean_object,
)
from personify.learn.extract.gate import may_match, needles
from personify.learn.extract.idioms import IDIOMS

_NOT_YOURS = r"(?!.*\b(?:you|your|yours|ur)\b)"
# Shapes where the thing comes first and the stance after it: "Vietnamese isn't really my
# thing", "Window seat, always.", "the air fryer is my best friend", "jazz is growing on me".
_PRE_OBJECT: list[tuple[re.Pattern[str], float, float]] = [
    (
        re.compile(
            # ("yoga's not really my thing": the verb may cling to the thing; "jazz is... not")
            r"^(?P<obj>.{2,60}?)(?:\s+|(?='s\s))(?:isn't|aren't|(?:is|are|'s)(?:\.{2,}|\u2026)?\s+"
            r"(?:really\s+|totally\s+|so\s+)?not|was\s+never|were\s+never|has\s+never\s+been|is\s+never)\s+(?:really\s+|"
            r"exactly\s+|quite\s+|totally\s+|honestly\s+)?(?:my\s+(?:thing|cup\s+of\s+tea|jam|"
            r"scene|style|vibe|favou?rite|speed|bag|(?:kind|sort)\s+of\s+thing|idea\s+of\s+fun)|"
            r"for\s+me|something\s+i\s+(?:like|enjoy))\b",
            re.IGNORECASE,
        ),
        -1.0,
        0.8,
    ),
    (
        re.compile(
            r"^(?P<obj>.{2,60}?)\s+(?:doesn't|does\s+not|don't|do\s+not|never)\s+(?:really\s+)?"
            r"(?:appeal(?:s)?(?:\s+to\s+me)?|do(?:es)?\s+it\s+for\s+me|agree(?:s)?\s+with\s+me|"
            r"sit(?:s)?\s+(?:well|right)\s+with\s+me)\b|"
            # (not "been a fan since 2008 and this season is pain": a new clause after "and")
            r"^(?P<obj2>(?:(?!\s(?:and|but|so)\s)[^,;]){2,60}?)\s+(?:seems?|sounds?|is|are|feels?)\s+"
            r"(?:like\s+)?(?:an?\s+|such\s+an?\s+)?"
            r"(?:total\s+|massive\s+|bit\s+of\s+a\s+|(?:way\s+)?too\s+much\s+)?(?:faff|hassle|fuss|effort|"
            r"pain|chore|nightmare|overrated|"
            r"boring|gross|disgusting|(?:absolute\s+|complete\s+|actual\s+)?(?:crime|abomination|"
            r"travesty))\b|^(?P<obj3>.{2,40}?)\s+(?:is|are)\s+(?:a\s+(?:hard\s+|big\s+)?no|"
            r"a\s+no-go|off\s+the\s+(?:menu|table)|dead\s+to\s+me|"
            # "(celiac, so) beer is out obviously"
            r"out(?=\s*(?:[,.;!]|$)|\s+(?:obviously|obvs|then|now|too|for\s+me)\b))(?:\s+for\s+me)?\b|"
            # the thing first: "horror i cannot do", "mussels 🤢", "coriander, no thanks"
            r"^(?P<obj4>[^,.;!?]{2,30}?)\s+(?:i|we)\s+(?:really\s+|honestly\s+|just\s+|totally\s+)?"
            r"(?:hate|can't\s+do|cannot\s+do|can\s+not\s+do|can't\s+stand|don't\s+do|won't\s+eat|"
            r"don't\s+like|do\s+not\s+like|"
            r"can't\s+eat|avoid|skip)(?:\s+(?:tho|though|lol|haha|actually|really|at\s+all))*\s*(?:[,.;!]|$)|"
            r"^(?P<obj5>[\w' -]{2,30}?)\s*(?:\U0001F922|\U0001F92E|\U0001F44E|\U0001F645\S*)+"
            r"(?:\s*,?\s*no\s+thanks?)?\s*[.!]*$|"
            r"^(?P<obj6>[\w' -]{2,30}?)\s*,?\s+no\s+thank(?:s|\s+you)\s*[.!]*$|"
            # a standing no, not a one-off "skip the intro please"
            r"^(?:so\s+|and\s+|but\s+)?(?:skip|hold)\s+(?:the\s+)?(?P<obj9>[\w' -]{2,30}?)\s+"
            r"(?:always|every\s+time|for\s+me)\s*[.!]*$|"
            # "had danskos, hated them lol"
            r"^(?:i\s+)?(?:had|tried|used|wore|bought)\s+(?P<obj7>[^,.;!?]{2,30}?)\s*(?:,|and)\s+"
            r"(?:i\s+)?(?:hated|loathed|disliked)\s+(?:it|them)\b",
            re.IGNORECASE,
        ),
        -1.0,
        0.7,
    ),
    (
        re.compile(
            r"^(?P<obj>[^,;]{2,60}?)(?:\s+(?:is|are|'s|has\s+been|have\s+been)|'s)\s+(?:basically\s+|"
            r"honestly\s+|totally\s+|definitely\s+|really\s+|still\s+|always\s+been\s+|kind\s+of\s+|"
            r"kinda\s+|sort\s+of\s+|slowly\s+|actually\s+|more\s+|by\s+far\s+)?"
            r"(?:my\s+(?:new\s+)?(?:thing|jam|fav(?:ou?rite)?s?(?:\s+\w+)?|best\s+friend|go-to|happy\s+place|"
            r"weakness|obsession|love|passion|life|(?:whole\s+)?personality|(?:kind|sort)\s+of\s+"
            r"thing|speed|religion|comfort\s+\w+|guilty\s+pleasure|(?:only\s+|main\s+|big\s+|"
            r"biggest\s+|one\s+|current\s+)?(?:hobby|escape|outlet|sanity)(?=\s*(?:[,.;!?]|$)|\s+(?:lol|haha|tbh|honestly|now|these\s+days)\b))|a\s+(?:guilty\s+)?pleasure|"
            r"all\s+(?:i|we)\s+(?:ever\s+)?(?:watch|eat|"
            r"drink|play|read|listen\s+to|do|want|need)|growing\s+on\s+me)\b|"
            r"^(?P<obj2>.{2,60}?)\s+(?:grew|has\s+grown|is\s+growing)\s+on\s+me\b|"
            # "Bobiverse sounds exactly my thing", "that café looks right up my street"
            r"^(?P<obj8>[^,.;!?]{2,40}?)\s+(?:sounds|seems|looks)\s+(?:exactly\s+|just\s+|very\s+much\s+|"
            r"like\s+)?(?:my\s+(?:kind\s+of\s+)?(?:thing|jam|vibe|cup\s+of\s+tea)|right\s+up\s+my\s+"
            r"(?:street|alley))\b|"
            r"^(?P<obj3>[^,.;!?]{2,40}?)\s+(?:really\s+|definitely\s+)?appeals?(?:\s+to\s+me)?"
            r"(?:\s+(?:most|more))?\s*[.!]*$|"
            # "true crime pods are literally the only thing getting me through the 6am bus"
            r"^(?P<obj4>[^,.;!?]{2,40}?)\s+(?:is|are|'s)\s+(?:literally\s+|honestly\s+|basically\s+)?"
            r"the\s+only\s+thing\s+(?:that\s+)?(?:getting|keeping|gets|keeps|got)\s+me\b|"
            r"^(?P<obj5>[^,.;!?]{2,40}?)\s+(?:gets?|keeps?)\s+me\s+(?:through|going|sane)\b|"
            # the thing first: "typescript i actually love tho", "salmon i can do", "tacos 😍"
            r"^(?P<obj6>[^,.;!?]{2,30}?)\s+(?:i|we)\s+(?:(?:actually|really|honestly|do|genuinely|"
            r"totally|quite)\s+)*(?:love|like|adore|enjoy|loved|liked|enjoyed|can\s+do)(?:\s+"
            r"(?:actually|tho|though|lol|already|honestly|ngl|tbh|"
            r"haha|too|a\s+lot))*\s*(?:[,.;!]|$)|"
            r"^(?P<obj7>[\w' -]{2,30}?)\s*"
            r"(?:\U0001F60D|\U0001F924|\u2764\ufe0f?|\U0001F44C|\U0001F525)+\s*[.!]*$",
            re.IGNORECASE,
        ),
        1.0,
        0.75,
    ),
    (
        re.compile(
            r"^(?:(?:i'm|im|i\s+am)\s+)?(?P<obj>[^,.;!?]{2,40}?)\s*(?:,|-|\u2013|\u2014|:)?\s*(?:always|"
            r"every\s+(?:single\s+)?"
            r"time|all\s+the\s+way|yes\s+please|any\s+day|or\s+nothing|for\s+life|forever)"
            r"(?:,?\s+(?:when|whenever|if|on|for|at)\b[^.!?]{0,40})?\s*[.!]*\s*$",
            re.IGNORECASE,
        ),
        1.0,
        0.75,
    ),
]
_PRE_OBJECT += [
    (  # habits and self-descriptions that say a liking without "I like"
        re.compile(
            # "I'm the one who loves spicy food", "i'm the kind of person who lives for brunch"
            r"^(?:i'm|im|i\s+am)\s+(?:the\s+one|someone|somebody|the\s+(?:type|kind|sort)\s+of\s+"
            r"(?:person|guy|girl)|a\s+person)\s+(?:who|that)\s+(?:really\s+|absolutely\s+|just\s+)?"
            r"(?:loves?|likes?|adores?|lives\s+for|enjoys?)\s+(?P<obj>[^,.;!?]{2,40}?)\s*(?:[,.;!]|$)|"
            # "I've been on a massive fish and chips kick"
            r"^(?:i've\s+been|i'm|im|i\s+am)\s+on\s+(?:a|an)\s+(?:massive|huge|big|real|serious|"
            r"major|total|proper|bit\s+of\s+a)?\s*(?P<obj2>[^,.;!?]{2,30}?)\s+kick\b|"
            # "I use tmux heavily", "i use obsidian for everything"
            r"^(?:i|we)\s+(?:use|play|drink|eat|listen\s+to)\s+(?!(?:my|the|our|his|her|their|a|an|it|"
            r"this|that)\b)(?P<obj3>[^,.;!?]{2,30}?)\s+(?:heavily|"
            r"daily|every\s+(?:single\s+)?day|religiously|constantly|for\s+everything|all\s+the\s+time|"
            r"nonstop|non-stop)\b|"
            # "I put hot sauce on everything"
            r"^(?:i|we)\s+(?:put|add)\s+(?P<obj4>[^,.;!?]{2,25}?)\s+(?:on|in)\s+(?:everything|"
            r"literally\s+everything|anything)\b|"
            # "Shetland I watched on television and enjoyed"
            r"^(?P<obj5>[^,.;!?]{2,40}?)\s+i\s+(?:watched|read|tried|played|saw|had|ate|listened\s+to)"
            r"\b[^,.;!?]{0,30}?\s+and\s+(?:really\s+|absolutely\s+|totally\s+)?(?:enjoyed|loved|"
            r"liked|adored)\b|"
            # "Nobody in this house likes salmon though, except me"
            r"^(?:nobody|no\s+one|noone)\s+(?:[\w']+\s+){0,4}?(?:likes?|loves?|eats?|gets)\s+"
            r"(?P<obj6>[^,.;!?]{2,30}?)(?:\s+(?:though|tho))?\s*,?\s*(?:except|but|apart\s+from|besides)"
            r"\s+me\b",
            re.IGNORECASE,
        ),
        1.0,
        0.65,
    ),
    (
        re.compile(
            r"^(?:.*\b(?:so|then)\s+)?(?!(?:for|this|that|today|tonight|now)\b)"
            r"(?P<obj>[^,.;!?]{2,30}?)\s+only\s*[.!]*$|"
            # (not "only moved here in nov": a time, not a thing)
            r"^only\s+(?!(?:\w{3,}ed|been|had|got|went|just|started|left|once|twice|\d+)\b)"
            # (nor "legs are ok, only the lungs": which part of them)
            rf"(?!{BODY_PART.pattern}\s*[.!]*$)"
            r"(?P<obj2>[^,.;!?]{2,30}?)\s*[.!]*$",
            re.IGNORECASE,
        ),
        1.0,
        0.7,
    ),
    (
        re.compile(
            r"^(?:(?:still|and|but|so|also|just|absolutely|definitely|please|pls|plz)\s+)?no\s+"
            r"(?!(?:worries|problem|"
            r"prob|probs|way|idea|clue|rush|biggie|thanks|doubt|"
            r"kidding|joke|wonder|matter|need|big\s+deal|chance|pressure|hurry|offen[cs]e|sweat|drama|"
            r"excuses?|luck|comment|spoilers?|time|energy|money|cash|space|room|"
            # what the user has none of is a fact, not a distaste: "no car", "2 kids, no cat"
            rf"{POSSESSIONS})\b)(?:more\s+)?(?P<obj>[\w' -]{{2,30}}?)"
            r"(?:\s+(?:if\s+i\s+can\s+help\s+it|please|tho|though|obv|obvs|"
            r"for\s+me|ever|thanks|thank\s+you|at\s+all))?(?<!\byet)\s*[.!]*$",
            re.IGNORECASE,
        ),
        -1.0,
        0.7,
    ),
]
_PRE_OBJECT += [
    (  # "the expanse kinda slapped ngl", "Forza is eating my life", "lawn bowls is the one
        # thing keeping me sane"
        re.compile(
            r"^(?:.*?\bbut\s+)?(?:the\s+)?(?P<obj>[^,.;!?]{2,30}?)\s+(?:kinda\s+|really\s+|honestly\s+|"
            r"lowkey\s+|actually\s+|still\s+)?(?:slapped|slaps|hits\s+different|hit\s+different|"
            r"goes\s+hard|went\s+hard|(?:is|'s)\s+eating\s+my\s+life|(?:is|'s)\s+(?:the\s+(?:one|only)\s+"
            r"thing\s+)?keeping\s+me\s+(?:sane|going))\b",
            re.IGNORECASE,
        ),
        1.0,
        0.7,
    ),
    (  # "peroni. always peroni.", "window seat for me, every single time"
        re.compile(
            r"^(?:always|only\s+ever)\s+(?!(?:check|make|do|use|get|ask|have|take|go|put|keep|be|wear|"
            r"bring|say|remember|try|look|call|read|write|book|pay|wash|turn|leave|let|tell|give|"
            r"start|stop|carry|pack|order|eat|drink|has|had|was|were|is|are|did|does|will|would|gets|got|"
            r"been|seems|seemed)\b)(?P<obj>[\w' -]{2,30}?)\s*[.!]*$|"
            r"^(?:anyway\s+|but\s+)?(?P<obj2>[^,.;!?]{2,30}?)\s+for\s+me\s*,?\s*(?:every\s+(?:single\s+)?"
            r"time|always|all\s+day|any\s+day)\b",
            re.IGNORECASE,
        ),
        1.0,
        0.7,
    ),
    (  # "and none of that craft IPA stuff"
        re.compile(
            r"^(?:and\s+|but\s+)?none\s+of\s+(?:that|the|those|your)\s+(?P<obj>[\w' -]{2,30}?)"
            r"(?:\s+(?:stuff|rubbish|nonsense|business|malarkey|crap))?\s*(?:[,.;!]|$)",
            re.IGNORECASE,
        ),
        -1.0,
        0.7,
    ),
    (  # "tapioca every day lol love it", "now it is the audiobooks instead", "more asian horror
        # pls", "dance takes all my time now"
        re.compile(
            r"^(?P<obj>[^,.;!?]{2,30}?)\s+(?:every\s+(?:single\s+)?(?:day|morning|night|evening)\s+)?"
            r"(?:(?:lol|haha|honestly|tbh|and|i)\s+)*(?:love|loving|adore)\s+(?:it|them)\b|"
            r"^(?:but\s+|and\s+|so\s+)?now\s+(?:it's|its|it\s+is)\s+(?:the\s+|my\s+)?"
            r"(?P<obj2>[\w' -]{2,30}?)(?:\s+(?:in\s+the\s+\w+|instead|these\s+days))*\s*[.!]*$|"
            r"^(?:more|another)\s+(?!(?:info|details?|examples?|time|options?|ideas?|questions?|"
            r"context|of\s+(?:that|this|those|these|it|them)|like\s+(?:that|this))\b)"
            r"(?P<obj3>[\w' -]{2,30}?)\s+(?:pls|please|plz|thx|thanks|thank\s+you)\s*[.!]*$|"
            r"^(?P<obj4>[^,.;!?]{2,30}?)\s+takes\s+(?:up\s+)?(?:all|most)\s+(?:of\s+)?my\s+"
            r"(?:free\s+|spare\s+)?time\b",
            re.IGNORECASE,
        ),
        1.0,
        0.65,
    ),
    (  # "sea swimming never gets old", "nothing beats a cold beer", "big jazz fan here"
        re.compile(
            r"^(?P<obj>[^,.;!?]{2,40}?)\s+(?:never\s+gets\s+old|(?:always\s+)?hits\s+the\s+spot|"
            r"is\s+the\s+one\s+for\s+me)\b|"
            r"^(?:(?:big|huge|massive|total|lifelong|proud)\s+)?(?P<obj3>[\w' -]{2,30}?)\s+"
            r"(?:fan|lover|nerd|addict|enthusiast|junkie|geek|obsessive)s?\s+here\b|"
            r"^(?:nothing|you\s+can't|can't)\s+beats?\s+(?P<obj2>[^,.;!?]{2,40}?)\s*[.!]*$",
            re.IGNORECASE,
        ),
        1.0,
        0.7,
    ),
    (  # "cilantro grosses me out", "brisbane summers are too much for me now"
        re.compile(
            r"^(?P<obj>[^,.;!?]{2,40}?)\s+(?:grosses\s+me\s+out|does\s+nothing\s+for\s+me|"
            r"(?:is|are|was|were)\s+(?:way\s+|just\s+|a\s+bit\s+)?too\s+(?:much|\w+)\s+for\s+me|sucks?|"
            r"(?:is|are)\s+a\s+turn-?off)\b",
            re.IGNORECASE,
        ),
        -1.0,
        0.7,
    ),
    (  # "I'll watch anything except horror lol", "whatever you like but not mushrooms"
        re.compile(
            r"^(?:[^,.;!?]*?\b(?:i|i'll|i'd|i\s+can|we)\b[^,.;!?]*?\s)?(?:anything|everything|"
            r"whatever)\s+(?:but|except(?:\s+for)?|other\s+than|apart\s+from|besides)\s+"
            r"(?P<obj>[^,.;!?]{2,30}?)(?:\s+(?:lol|haha|tbh|pls|please|really|tho|though))*\s*[.!]*$",
            re.IGNORECASE,
        ),
        -1.0,
        0.7,
    ),
    (
        # the thing first, then the stance: "tuna i dont like much", "spicy food i can't handle"
        re.compile(
            r"^(?!\W*(?:i|i'm|we|you|it|that|this|there|he|she|they|what|which|who|how|why|when)\b)"
            r"(?P<obj>[^,.;!?]{2,30}?)\s+(?:i|we)\s+(?:(?:really|honestly|just|also|still)\s+)?"
            r"(?:don't|do\s+not|never|can't|cannot|can\s+not)\s+(?:really\s+)?(?:like|eat|drink|"
            r"enjoy|stand|handle|take)(?:\s+(?:it|them))?(?:\s+(?:much|that\s+much|at\s+all|anymore|"
            r"tbh|lol|haha))*\s*[.!]*$",
            re.IGNORECASE,
        ),
        -1.0,
        0.7,
    ),
    (
        # understatement with the subject dropped: "honestly not mad about liver", "not a huge
        # fan of crowds", "couldn't care less about football"; and an aversion named as a noun:
        # "I have a lifelong loathing of smoked haddock"
        re.compile(
            r"^\W*(?:(?:honestly|tbh|but|and|so|though|tho|ngl|personally)\W+)*"
            r"(?:not\s+(?:a\s+)?(?:massive\s+|huge\s+|big\s+|great\s+)?fan\s+of|"
            r"not\s+(?:really\s+|that\s+|too\s+|overly\s+|all\s+that\s+)?(?:mad|crazy|wild|big|"
            r"keen|fussed)\s+(?:about|on)|(?:i\s+)?(?:could\s+not|couldn't|couldnt)\s+care\s+less\s+about)"
            r"\s+(?P<obj>[^,.;!?]{2,30}?)\s*(?:[.!,;]|$)|"
            r"\b(?:i\s+have|i've\s+got|i've|i\s+had)\s+(?:a|an)\s+(?:[\w-]+\s+)?(?:loathing|hatred|horror|"
            r"aversion|dread)\s+(?:of|for|to)\s+(?P<obj2>[^,.;!?]{2,30}?)"
            r"(?=\s*(?:[.!,;]|$|\s+(?:which|that|since|and|but)\b))",
            re.IGNORECASE,
        ),
        -1.0,
        0.7,
    ),
    (
        re.compile(
            r"^(?P<obj>[^,.;!?]{2,40}?)\s+(?:bores?|annoys?|scares?|terrif(?:y|ies)|freaks?\s+me\s+out|"
            r"stress(?:es)?\s+me\s+out|gets?\s+on\s+my\s+nerves|gives?\s+me\s+(?:the\s+creeps|"
            r"nightmares|the\s+ick|a\s+headache)|creeps?\s+me\s+out|make(?:s)?\s+me\s+(?:sick|nauseous|"
            r"anxious|nervous))\b",
            re.IGNORECASE,
        ),
        -1.0,
        0.7,
    ),
    (
        re.compile(
            # (not "wait no, I said graz": a word that only takes the floor names no thing)
            r"^(?!\W*(?:wait|hang\s+on|hold\s+on|oh|ah|um+|erm|sorry|ok|okay|well|so|actually|"
            r"oops|whoops|hmm+|lol|haha)\s*,?\s*(?:no|nope|nah)\b)"
            r"(?!\W*(?:i|i'm|im|i'll|we|you|it|it's|its|that|this|there|he|she|they)\b)"
            r"(?P<obj>[^,.;!?]{2,30}?)(?:\s*(?:[,:?=\u2013]|\s-)\s*|\s+|(?<=\W))(?:(?:though|tho|honestly|hmm+|"
            r"ugh|eh|lol),?\s+)*(?:not\s+so\s+much|not\s+really|no\s+thanks|meh|never(?:\s+again)?|"
            # (not a ticket: "got the 2-day pass", "a bus pass")
            # (nor the verb after its subject: "readiness probes pass")
            r"(?<![^\W\d_]\s)(?:hard\s+)?(?<!day\s)(?<!bus\s)(?<!season\s)(?<!boarding\s)(?<!weekend\s)"
            r"(?<!festival\s)(?<!annual\s)(?<!ski\s)pass|not\s+for\s+me|not\s+a\s+fan|(?:absolutely|definitely|hell)\s+(?:not|no)|"
            r"(?:eh\s+|ugh\s+|hmm+\s+|(?:oh\s+)?(?:god|hell|lord)\s+)?"
            r"(?:no|nope|nah)(?:\s+(?:obv|obvs|"
            r"ofc|lol|haha|tbh|way))?)\s*(?:[.!]*$|[,;]\s)|"
            r"^(?:no|nothing)\s+(?P<obj2>[\w' -]{2,30}?)\s+"
            r"(?:ever|pls|plz|please|thanks|for\s+me)\s*[.!]*$",
            re.IGNORECASE,
        ),
        -1.0,
        0.7,
    ),
    (
        re.compile(
            # (not "like he'd eat it every day": what someone else does)
            r"^(?!.*\b(?:he|she|they)(?:'d|'s|'ll)?\s)"
            # (nor "my staff want jazz on all day": what others do)
            rf"(?!(?:my|our|his|her|their|the)\s+(?:[\w-]+\s+)?(?:{RELATIVES}|staff|team|two|three)\b)"
            # (nor "back pain from driving lorries all day": what the day does to them)
            r"(?![^,.;!?]*\b(?:pain|painful|sore|ach\w*|hurts?|hurting|tired|stiff|from\s+\w+ing)\b)"
            r"(?!\W*(?:i|i'm|im|i'll|we|you|it|it's|its|that|this|there|he|she|they)\b)"
            r"(?P<obj>[^,.;!?]{2,30}?)(?<!\sis)(?<!\sare)(?:\s*(?:[,:?=\u2013]|\s-)\s*|\s+|(?<=\W))"
            r"(?:(?:though|tho|honestly),?\s+)*"
            r"(?:(?:oh\s+)?(?:yes|yess+|yes\s+please|yum|yummy)|100\s?%|"
            r"for\s+sure|all\s+day|every\s+day|please\s+and\s+thank\s+you|on\s+repeat|no\s+contest|"
            r"hands\s+down|love(?:\s+(?:it|them))?|obviously|definitely|non[- ]negotiable|"
            r"my\s+(?:fave|favou?rite))"
            r"(?:\s+(?:obv|obvs|ofc|lol|haha|tbh|rn|forever|always))*\s*(?:[.!]*$|[,;]\s)|"
            # "phoebe bridgers on repeat rn but i need more"
            r"^(?P<obj3>[^,.;!?]{2,30}?)\s+on\s+repeat(?:\s+(?:rn|lately|atm|these\s+days))?(?=\s+but\b)|"
            r"^(?:but\s+)?(?:it's|its|it\s+is)\s+(?P<obj2>[\w' -]{2,30}?)\s+(?:these\s+days|now|"
            r"nowadays)\b|"
            # "these days it's stardew and that's about it", "nowadays it's mostly swimming"
            r"^(?:(?:but|and|so)\s+)?(?:these\s+days|nowadays)\s*,?\s+(?:it's|its|it\s+is)\s+"
            r"(?:(?:mostly|all|just|only)\s+(?P<obj4>[\w' -]{2,30}?)(?=\s+and\b|\s*[,.;!]|$)|"
            # "these days it's swimming, mostly at the lido" (a thing, not "it's hard to say")
            r"(?!(?:a\s+bit|so|too|very|really|pretty|quite|more|less|much|not|hard|easy|tough|"
            r"different|fine|ok|okay|better|worse|harder|easier|impossible|difficult|expensive|"
            r"cheap|crazy|mad|busy|quiet|the\s+same|just\s+me|me|us)\b)"
            r"(?P<obj6>[\w'-]+(?:\s+[\w'-]+){0,2}?)(?=\s+and\b|\s*[,.;!]|$)|"
            r"(?P<obj5>[\w' -]{2,30}?)\s+and\s+that's\s+(?:about\s+)?it)",
            re.IGNORECASE,
        ),
        1.0,
        0.7,
    ),
]
_PRE_OBJECT += [
    (  # "not the space battle type", "but not the sugary kind"
        re.compile(
            r"^(?:(?:but|nah|no|nope|ugh)[,!.]?\s+)?not\s+(?:really\s+)?(?:the|a|an|into\s+the)\s+"
            r"(?P<obj>[\w' -]{2,30}?)\s+"
            r"(?:type|kind|sort|variety|ones?|stuff)\s*[.!]*$",
            re.IGNORECASE,
        ),
        -1.0,
        0.65,
    ),
    (
        re.compile(
            r"^(?:(?:and|but)\s+)?anything\s+but\s+(?P<obj>[^,.;!?]{2,30}?)\s*(?:[,.;!?]|$)|"
            r"^(?:(?:and|but|just)\s+)?nothing\s+(?:with|that\s+has|involving|about)\s+"
            r"(?P<obj3>[^,.;!?]{2,30}?)(?:\s+(?:though|tho|pls|please))?\s*[.!]*$|"
            # (not "nah mate xbox series x", which corrects)
            r"^(?:ugh|meh|nah|yuck|ew+)[,!.]?\s+(?!(?:mate|man|dude|bro|fam|lol|haha|it's|its|it\s+is|"
            r"not|just|i|i'm|we|that's|thats|that|this|all|you|ok|okay|sure|fine|all\s+good|"
            r"cheers|ta|thanks|thx|no\s+worries)\b)(?P<obj2>[^,.;!?]{2,25}?)\s*[.!]*$",
            re.IGNORECASE,
        ),
        -1.0,
        0.7,
    ),
    (  # "nothing beats a proper Sunday roast", "pho is life", "Wes Anderson films are the best"
        re.compile(
            r"^nothing\s+(?:beats|compares\s+to|tops)\s+(?P<obj>[^,.;!?]{2,40}?)\s*(?:[,.;!]|$)|"
            r"^(?P<obj2>[^,.;!?]{2,40}?)\s+(?:is|are)\s+(?:honestly\s+|just\s+|simply\s+)?"
            r"(?:life|the\s+best|the\s+GOAT|unbeatable|elite|peak|class|the\s+bomb|magic|a\s+winner|"
            r"a\s+must(?:-have)?|non-negotiable|a\s+(?:life\s*saver|lifesaver|game[- ]changer)|"
            r"never\s+wrong|always\s+a\s+win|so\s+underrated)"
            r"\s*[.!]*$|"
            r"^anything\s+with\s+(?P<obj3>[^,.;!?]{2,30}?)\s*,?\s+(?:i'm|im|i\s+am)\s+(?:there|in)\b|"
            # "pork shoulder every saturday is basically my religion", "X is my happy place"
            r"^(?P<obj4>[^,.;!?]{2,40}?)\s+(?:is|are)\s+(?:basically\s+|literally\s+|honestly\s+|"
            r"kinda\s+|kind\s+of\s+|just\s+|still\s+)?my\s+(?:religion|life|jam|thing|happy\s+place|"
            r"weakness|guilty\s+pleasure|comfort\s+food|go-to|obsession|therapy|love\s+language|"
            r"(?:sweet\s+)?spot|"
            r"favou?rite(?:\s+\w+)?)\b",
            re.IGNORECASE,
        ),
        1.0,
        0.7,
    ),
    (  # a rating said of a thing: "pad kra pao done, 10/10", "the ramen: 9/10"
        re.compile(
            r"^(?:(?:i\s+)?(?:made|tried|cooked|finished|watched|read)\s+(?:the\s+)?)?"
            r"(?P<obj>[^,.;!?:]{2,40}?)(?:\s+(?:done|made|tried|cooked|finished|watched|read|last\s+"
            r"(?:night|week)|yesterday))*\s*[,:-]?\s+(?:a\s+(?:solid\s+)?)?(?:(?:8|9|10)(?:\.5)?\s*/\s*10|(?:4\.5|5)\s*/\s*5|five\s+stars)\b",
            re.IGNORECASE,
        ),
        1.0,
        0.7,
    ),
    (
        re.compile(
            r"^(?P<obj>[^,.;!?:]{2,40}?)(?:\s+(?:done|made|tried|cooked|finished|watched|read))?"
            r"\s*[,:-]?\s+(?:a\s+)?(?:[0-3](?:\.5)?\s*/\s*10|[01](?:\.5)?\s*/\s*5|one\s+star)\b",
            re.IGNORECASE,
        ),
        -1.0,
        0.7,
    ),
    (  # watched or read again and again: "binged severance twice", "Severance i already binged
        # twice lol", "rewatched past lives three times"
        re.compile(
            r"^(?:i\s+)?(?:have\s+|'ve\s+)?(?:already\s+|just\s+)?(?:binged|rewatched|re-watched|"
            r"reread|re-read|replayed)\s+(?!(?:the\s+|my\s+|your\s+|that\s+|this\s+)?(?:instructions|"
            r"e-?mail|message|text|contract|manual|question|letter|recipe|it|that|this|paper|notes|"
            r"report|chapter|form|article|post)\b)(?P<obj>[^,.;!?]{2,40}?)\s+(?:twice|(?:like\s+)?\d+\s*"
            r"(?:x|times)|three\s+times|four\s+times|so\s+many\s+times)\b|"
            # "seen arrival 4 times lol": seen three times or more
            r"^(?:i\s+)?(?:have\s+|'ve\s+)?(?:seen|watched|read|played)\s+(?!(?:it|that|this|them)\b)"
            r"(?!(?:the\s+|my\s+|a\s+)?(?:doctor|dentist|gp|physio|therapist|nurse|specialist|"
            r"consultant|vet|counsell?or|surgeon)\b)"
            r"(?P<obj3>[^,.;!?]{2,40}?)\s+(?:like\s+|about\s+|around\s+)?(?:[3-9]|\d{2,}|three|four|five|six|"
            r"so\s+many)\s*"
            r"(?:x|times)\b|"
            r"^(?P<obj2>[^,.;!?]{2,40}?)\s+(?:i\s+)?(?:have\s+|'ve\s+)?(?:already\s+)?(?:binged|"
            r"rewatched|re-watched|reread|re-read)\s+(?:it\s+)?(?:twice|(?:like\s+)?\d+\s*"
            r"(?:x|times)|three\s+times)\b",
            re.IGNORECASE,
        ),
        1.0,
        0.65,
    ),
    (  # "finished wolf hall and loved it", "memories of murder was incredible"
        re.compile(
            r"^(?:i\s+)?(?:just\s+|finally\s+)?(?:finished|watched|read|tried|saw|played|"
            r"binged|visited|ate|had)\s+(?P<obj>[^,.;!?]{2,40}?)\s+and\s+(?:really\s+|"
            r"absolutely\s+|honestly\s+|totally\s+)?(?:loved|liked|enjoyed|adored)\s+"
            r"(?:it|them|every\s+(?:minute|page|bit))\b|"
            # how something the user had was ("your painting was amazing" is a compliment)
            # "project hail mary i already loved": the thing first, then the verdict
            r"^(?P<obj4>[^,.;!?]{2,40}?)\s+i\s+(?:already\s+|really\s+|absolutely\s+|totally\s+)?"
            r"(?:loved|adored|enjoyed|love|adore)(?:\s+(?:it|them))?\s*[.!]*$|"
            # "dried flowers, love that", "copenhagen coffee lab - love that place"
            # (the thing alone: not "30 min max", "the trams are punctual", "road i run in hokas")
            r"^(?:(?:i\s+)?(?:just\s+|finally\s+)?(?:went\s+to|finished|seen|watched|read|tried|had|"
            r"visited|ate|played|made|cooked)\s+)?"
            r"(?![^,.;!?]*\b(?:i|is|are|was|were|max|min|under|budget)\b)"
            r"(?P<obj5>[^,.;!?]{2,40}?)(?:\s+(?:done|finished|watched|read|made)(?:\s+already)?)?"
            r"\s*(?:,|\s[-\u2013\u2014])\s*(?:i\s+)?(?:(?:really|absolutely|"
            r"totally|honestly|just|so)\s+)?(?:love|adore|loved|adored)\s+(?:that|it|them|this)"
            r"(?:\s+(?:place|one|stuff|idea))?(?:\s+(?:tbh|lol|haha|so\s+much))?\s*[.!]*$|"
            rf"^(?P<obj2>{_NOT_YOURS}[^,.;!?]{{2,40}}?)\s+(?:was|were|is|are)\s+(?:getting\s+(?=addictive))?"
            r"(?:(?:absolutely|honestly|"
            r"actually|so+|really|just|pretty|genuinely|seriously|very|super|kind\s+of|kinda|sort\s+of|"
            r"def|definitely)\s+)?(?:incredible|amazing|beautiful|gorgeous|wonderful|awesome|epic|"
            r"magical|divine|fabulous|heavenly|a\s+gem|fun|relaxing|addictive|therapeutic|"
            r"calming|satisfying|a\s+(?:vibe|joy|treat|blast)|"
            r"fire|brilliant|fantastic|superb|excellent|phenomenal|outstanding|so\s+good|delicious|"
            r"a\s+banger|sublime|stunning|unreal|a\s+masterpiece|good|nice|great|lovely|perfect|"
            # (not "a hit": "the curry was a hit" is what others made of it)
            r"tasty|spot\s+on|the\s+best\s+(?:part|bit|thing)|"
            r"(?:my|the)\s+highlight|grand|gas|class|lush|ace|mint)\b|"
            # "had the chicken katsu, really nice"
            r"^(?:i\s+)?(?:had|tried|ate|ordered|made|cooked|watched|read|played)\s+"
            r"(?P<obj3>[^,.;!?]{2,40}?)\s*(?:,|-)\s*(?:it\s+was\s+|was\s+)?(?:really\s+|so\s+|"
            r"very\s+|super\s+)?(?:good|nice|great|amazing|delicious|tasty|lovely|perfect|fantastic)"
            r"\s*[.!]*$",
            re.IGNORECASE,
        ),
        1.0,
        0.65,
    ),
    (
        re.compile(
            r"^(?:i\s+)?(?:just\s+|finally\s+)?(?:finished|watched|read|tried|saw|played|"
            r"binged|visited|ate|had)\s+(?P<obj>[^,.;!?]{2,40}?)\s+and\s+(?:really\s+|"
            r"absolutely\s+|honestly\s+|totally\s+)?(?:hated|disliked|loathed)\s+(?:it|them)\b|"
            # (not "my knees are bad": how the user is, not a taste)
            rf"^(?!(?:my|our|his|her|their)\s)(?P<obj2>{_NOT_YOURS}[^,.;!?]{{2,40}}?)\s+(?:was|were|is|"
            r"are)\s+(?:(?:honestly|kinda|"
            r"a\s+bit|pretty|so|really|just|totally|very)\s+)?(?:mid|meh|underwhelming|disappointing|"
            r"awful|terrible|rubbish|overrated|bland|a\s+letdown|a\s+let\s+down|not\s+for\s+me|boring|"
            r"horrible|gross|bad|grim|the\s+worst|a\s+(?:miss|flop|bust|dud))\b",
            re.IGNORECASE,
        ),
        -1.0,
        0.65,
    ),
    (  # "coconut's too sweet", "the ipa was too bitter": a taste the user finds too much
        re.compile(
            r"^(?P<obj>[^,.;!?]{2,30}?)(?:'s|\s+(?:is|are|was|were))\s+(?:way\s+|far\s+|a\s+bit\s+|"
            r"just\s+|slightly\s+|always\s+)?too\s+(?:sweet|spicy|bitter|salty|sour|rich|greasy|"
            r"oily|bland|gory|violent|scary|slow|heavy)(?:\s+(?:for\s+me|imo|tbh|lol))?\s*[.!]*$",
            re.IGNORECASE,
        ),
        -1.0,
        0.65,
    ),
    (  # "fall of civilizations = incredible", "bill evans = perfection"
        re.compile(
            rf"^(?P<obj>{_NOT_YOURS}[^,.;!?=]{{2,30}}?)\s*=\s*(?:pure\s+|absolute\s+|literal\s+)?"
            r"(?:incredible|"
            r"amazing|perfection|perfect|heaven|bliss|elite|the\s+goat|joy|chef's\s+kiss|fire)\b",
            re.IGNORECASE,
        ),
        1.0,
        0.7,
    ),
    (  # "garlic = disaster", "onion = nope"
        re.compile(
            r"^(?P<obj>[^,.;!?=]{2,30}?)\s*=\s*(?:a\s+)?(?:disaster|death|pain|hell|nope|no|"
            r"bad\s+news|nightmare|misery)\b",
            re.IGNORECASE,
        ),
        -1.0,
        0.7,
    ),
    (
        re.compile(
            r"^the\s+(?P<obj>\w+?)(?:ier|er)\s+the\s+better\b|"
            # "the more mellow the better"
            r"(?:^|,\s*)the\s+more\s+(?P<obj2>\w+)\s+the\s+better\b",
            re.IGNORECASE,
        ),
        1.0,
        0.75,
    ),
]
# a thing the user accepts or mostly has, said in as few words as chat allows: "oat is ok",
# "mustard's fine", "true crime's ok i suppose", "thrillers mostly": a weaker liking than "love".
# Not a choice of time, amount or option ("tuesday's fine", "£40 is ok", "either is fine", "the
# first one is fine": an answer to a question, not a taste), nor "weekends mostly"
_NOT_A_TASTE = (
    r"(?!(?:[\w' -]*(?:\d|\b(?:with|without|no|not|minus|instead|except)\b)|"
    r"(?:the|a|an|this|that|these|those|it|its|either|both|any\w*|whatever|"
    r"every\w*|all|one|which|mine|yours|me|you|we|us|now|today|tonight|tomorrow|later|here|there|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?|weekends?|weekdays?|mornings?|evenings?|"
    r"afternoons?|nights?|breakfast|brunch|lunch|dinner|supper|time|date|price|budget|cost|size|"
    r"work|home|school|uni|walking\s+distance|cash|card|email|text|phone|call|english|my|our|his|"
    r"her|their|your|everyone|everybody|all\s+good|"
    # how the body is, not a taste: "shins are fine now", "knee's ok again"
    r"(?:shins?|knees?|back|hips?|ankles?|shoulders?|wrists?|elbows?|neck|feet|foot|legs?|arms?|"
    r"hands?|head|stomach|tummy|gut|chest|skin|eyes?|ears?|teeth|tooth|throat|blood|bp|sugar|"
    r"levels?|scans?|results?|bloods|heart|lungs?|kidneys?|liver)\b)"
    r"\b))"
)
_PRE_OBJECT += [
    (
        re.compile(
            rf"^(?:[\w ]{{1,20}}:\s+)?{_NOT_A_TASTE}(?P<obj>{_NOT_YOURS}[a-z][\w' -]{{1,25}}?)"
            r"(?:'s|\s+(?:is|are))\s+"
            r"(?:(?:totally|perfectly|honestly|actually|usually|always)\s+)?(?:ok|okay|fine|alright|"
            r"all\s+right|not\s+bad|decent)(?:\s+(?:i\s+(?:suppose|guess)|tbh|though|tho|for\s+me|"
            r"by\s+me|with\s+me|too|as\s+well|now|again|these\s+days))*\s*[.!]*$",
            re.IGNORECASE,
        ),
        1.0,
        0.55,
    ),
    (
        re.compile(
            rf"^{_NOT_A_TASTE}(?!(?:at|in|on|for|with|from|by|to|of)\b)"
            r"(?P<obj>[a-z][\w' -]{1,25}?)\s+(?:mostly|mainly|esp|especially)\s*[.!]*$",
            re.IGNORECASE,
        ),
        1.0,
        0.55,
    ),
]
# one thing over another, and one turned down for being too much of something: "factorio >
# satisfactory tbh", "writing > combat every time", "not shapez, way too abstract for me",
# "pentiment sounds more me"
_PRE_OBJECT += [
    (
        re.compile(
            r"^\W*(?P<obj>[a-z][\w' -]{1,30}?)\s*>\s*[a-z][\w' -]{1,30}?(?:\s+(?:tbh|imo|honestly|"
            r"every\s+time|any\s+day|always|ngl|lol|fight\s+me))*\s*[.!]*$|"
            r"^\W*(?P<obj2>[a-z][\w' -]{1,30}?)\s+(?:sounds|seems|looks)\s+"
            r"(?:more|very|so|much\s+more)\s+me\s*[.!]*$",
            re.IGNORECASE,
        ),
        1.0,
        0.6,
    ),
    (
        re.compile(
            r"^\W*(?:but\s+|and\s+)?not\s+(?:the\s+)?(?P<obj>[a-z][\w' -]{1,25}?),\s*"
            r"(?:it's\s+|its\s+)?(?:way\s+|far\s+|much\s+|a\s+bit\s+|bit\s+|just\s+)?too\s+[a-z]+"
            r"(?:\s+for\s+me)?\s*[.!]*$",
            re.IGNORECASE,
        ),
        -1.0,
        0.7,
    ),
]
# a liking said as the thing first: "it's dahlias I really go a bit daft over", "Ella
# Fitzgerald does something to me"
_PRE_OBJECT += [
    (
        re.compile(
            r"^(?:.*?\b(?:but|and|though)\s+)?(?:it's|its|it\s+is)\s+(?P<obj>[^,.;!?]{2,30}?)\s+"
            r"(?:that\s+)?i\s+(?:really\s+|absolutely\s+|just\s+)?(?:go\s+(?:a\s+bit\s+|completely\s+|"
            r"totally\s+)?(?:daft|mad|crazy|nuts|wild|gaga)\s+(?:over|for|about)|love|adore|"
            r"can't\s+get\s+enough\s+of)\b|"
            r"^(?:.*?\b(?:but|and)\s+)?(?:i\s+(?:will|must|have\s+to|'ll)\s+admit\s+)?"
            r"(?P<obj2>[^,.;!?]{2,40}?)\s+(?:really\s+|just\s+|always\s+)?does\s+something\s+to\s+me\b|"
            # "hard boiled eggs I could live on honestly"
            r"^\W*(?P<obj3>[^,.;!?]{2,30}?)\s+i\s+could\s+(?:honestly\s+|happily\s+|literally\s+|"
            r"basically\s+)?live\s+on\b",
            re.IGNORECASE,
        ),
        1.0,
        0.7,
    ),
]
# a bodily verdict on a thing: "raw fish makes me gag", "chamomile tastes like hay"
_PRE_OBJECT += [
    (
        re.compile(
            # (a kind of thing, now: not "that film made me sick", one thing once)
            rf"^(?!(?:that|this|these|those|the)\s)(?P<obj>{_NOT_YOURS}[^,.;!?]{{2,30}}?)\s+makes?\s+me\s+"
            r"(?:(?:want\s+to|wanna)\s+)?"
            r"(?:gag|retch|heave|puke|vomit|throw\s+up|feel\s+sick|queasy|nauseous|sick)\b|"
            # ("personally i think it tastes like a candle")
            r"^(?:(?:tho|though|but|and|so)\s+)?(?:(?:personally|honestly|tbh)\s*,?\s+)?"
            r"(?:i\s+(?:think|find)\s+)?"
            r"(?P<obj2>[^,.;!?]{2,30}?)\s+(?:tastes?|smells?)\s+(?:like|of)\s+(?:(?:literal|actual)\s+)?"
            r"(?:a\s+|an\s+)?(?:hay|soap|dirt|cardboard|feet|grass|medicine|mud|sweat|rubber|chemicals|"
            r"petrol|bleach|plastic|pond\s+water|ash|ashtray|socks|metal|sick|vomit|death|nothing|"
            r"perfume|toothpaste|cough\s+(?:syrup|sweets?|mixture)|old\s+socks|candle|bonfire|"
            r"mouthwash|glue|play-?doh|wet\s+dog|bin|water)\b|"
            # "le guin always feels like homework to me"
            r"^(?P<obj3>[^,.;!?]{2,30}?)\s+(?:always\s+|just\s+|kinda\s+)?feels?\s+like\s+(?:homework|"
            r"a\s+chore|hard\s+work|a\s+slog|torture|punishment)\b",
            re.IGNORECASE,
        ),
        -1.0,
        0.7,
    ),
]
_PRE_OBJECT_SUBJECT = re.compile(
    rf"^(?:i|we|you|he|she|they|it|my\s+(?:{RELATIVES})|his|her|their)\b",
    re.IGNORECASE,
)

GENERIC = re.compile(
    r"^(?:weather|day|night|time|trip|views?|service|vibe|experience|evening|morning|weekend|"
    r"party|wedding|meeting|session|class|everything|all|food|place|holiday|flight|show|event|"
    r"it all|that|this|today|yesterday|last night|the whole thing|"
    # an interjection or a judgement, not a thing: "ha yes", "its too easy now"
    r"ha+|(?:ha)+|lol|ok|okay|oh|ah|hmm+|wow|sure|fine|cool|nice|perfect|eh|meh|ugh|omg|god|hell|"
    r"um+|er+|uh+|mm+|please|pls|thanks|sorry|well|so|and|but|just|maybe|obviously|"
    # the assistant's work or a deal, not a taste: "the price is good", "the layout was great"
    r"price|prices|cost|value|deal|quality|news|point|question|answer|list|plan|options?|"
    r"suggestions?|timing|schedule|summary|draft|version|layout|format|explanation|"
    r"regrets?|worr(?:y|ies)|problems?|probs|idea|way|rush|clue|doubts?|kidding|joke|yeah|yes|"
    r"contest|competition|"
    r"yep|ya|definitely|absolutely|totally|"
    r"(?:too|so|very|really|a\s+bit|way\s+too)\s+\w+)$",
    re.IGNORECASE,
)


_PRE_OBJECT += IDIOMS  # "stardew has taken over my life", "obsessed w pb"
_PRE_OBJECT_NEEDLES = tuple(needles(pattern) for pattern, _, _ in _PRE_OBJECT)
_POINTED = re.compile(r"^(?:that|this|those|these)\s+(?!days\b)[\w-]+$", re.IGNORECASE)


# laughter or an emoji after a verdict says nothing more: "Sushi, no thank you 😂"
_TRAILING_LAUGH = re.compile(
    # (only laughter and its kin: "mussels 🤢" is the verdict itself)
    r"(?:\s*(?:[\U0001F601-\U0001F606\U0001F609\U0001F60A\U0001F62D\U0001F642\U0001F643"
    r"\U0001F923\U0001F480\U0001F64F\uFE0F]+|\b(?:haha+|hehe+|lol+|lmao|xd)\b))+"
    r"\s*[.!]*\s*$",
    re.IGNORECASE,
)


def pre_object(sentence: str) -> tuple[float, str, float] | None:
    sentence = _TRAILING_LAUGH.sub("", sentence) or sentence
    bare = INTERJECTION.sub("", sentence).strip()
    whole = sentence.strip()
    folded = whole.casefold()  # holds every word of ``bare`` too
    for (pattern, polarity, confidence), gate in zip(_PRE_OBJECT, _PRE_OBJECT_NEEDLES, strict=True):
        if not may_match(gate, folded):
            continue
        match = pattern.match(bare)
        if match is None and whole != bare:
            match = pattern.match(whole)  # "ugh, mornings"
        if not match:
            continue
        obj = next((v for v in match.groupdict().values() if v), "").strip(" ,-")
        # "quit coffee in jan bc of palpitations so rooibos is my thing now": the thing is
        # after the story that leads to it
        obj = re.sub(
            r"^(?:\S+\s+){3,}?(?:so|and\s+now|now)\s+"
            r"(?!(?:much|many|little|few|good|bad|long|far|very|damn|freaking)\b)(?=\w)",
            "",
            obj,
        )
        # "can't eat them every night" is no liking, "done managing a Target forever" an end
        if re.match(
            r"(?:can't|cannot|won't|don't|didn't|not|never|no|done|over|finished|through|quit|"
            r"quitting|left|leaving)\b",
            obj,
            re.I,
        ):
            continue
        if _PRE_OBJECT_SUBJECT.match(obj) or QUESTION.search(sentence) or sentence.endswith("?"):
            return None  # "my husband is all about horror" is not the user's taste
        obj = re.sub(r"\s+(?:pls|plz|please|thanks|tbh|lol|haha|anyway)$", "", obj, flags=re.I)
        # "tofu I tried, not a fan": the thing, not the trying
        obj = re.sub(r"\s+i\s+(?:tried|had|ate|watched|read|did)$", "", obj, flags=re.I)
        obj = re.sub(r"^[^:]{1,25}:\s+", "", obj)  # "friday update: Heat was a hit"
        # "coeliac so gluten is a hard no": the thing refused is after the reason
        obj = re.sub(r"^.{2,30}?\s+so\s+(?=\w)", "", obj) if polarity < 0 else obj
        obj = clean_object(re.sub(r"^(?:the|a|an|honestly|tbh)\s+", "", obj, flags=re.I))
        if GENERIC.match(obj) or (polarity > 0 and _POINTED.match(obj)):
            # "the weather was amazing" is a day, "those posters are great" a reaction to
            # something in view, not a taste
            return None
        if re.match(
            r"(?:mine|my|his|her|their|our|your|it|this|that|i|we|they|he|she)\b.*?\b"
            r"(?:is|are|was|were|am|has|have|had)\b",
            obj,
            re.I,
        ):
            continue  # a clause, not a thing: "mine are burning every time"
        # "my physio says swimming is the best thing": the thing is what was said of
        if re.search(r"\b(?:said|says|say|reckons)$", obj, re.I):
            return None  # "my mortgage in Melbourne says absolutely not": another's verdict
        said = re.match(r"^.*\b(?:said|says|told\s+me|reckons)\s+(?:that\s+)?", obj, re.I)
        if said and re.match(r"my\s", obj[said.end() :], re.I):
            return None  # "tutor says my travel speed is too slow": a verdict on the user
        obj = obj[said.end() :] if said else obj
        comparative = re.match(r"the\s+(\w+?)ier\s+the\s+better", bare, re.I)
        if comparative:  # "the spicier the better"
            obj = comparative.group(1) + "y"
        if len(obj) >= 2 and not PRONOUN_OBJECT.match(obj):
            return polarity, obj, confidence
    return None
