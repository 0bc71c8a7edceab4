"""Facts and constraints named by what they are, wherever they sit in a sentence.

"severe peanut allergy", "lactose intolerant", "gluten-free because of celiac", "wheelchair
user", "can't go over 1500"; bare noun phrases ("two cats, software engineer"); personal facts
said in passing ("me and my girlfriend", "I'm Priya, 34", "Brisbane's home", "here in
Nottingham").
"""

from __future__ import annotations

import re
from typing import TypeGuard

from personify.learn.extract.clauses import (
    FIRST_PERSON_SUBJECT,
    INTERJECTION,
    OCCUPATION,
    OTHER_SUBJECT,
    QUESTION,
    RELATIVES,
    head_noun,
    slot_object,
)
from personify.learn.extract.disclosure import ADDRESSEE, HYPOTHETICAL
from personify.learn.extract.gate import may_match, needles
from personify.learn.extract.places import workplace
from personify.models import MemoryKind


def part_naming(sentence: str, obj: str) -> str:
    """The clause or comma-separated part of ``sentence`` that names ``obj`` (the item's text)."""
    # "budget under £400" is named where the amount is: "..., like £400 all in"
    key = obj.lower().removeprefix("has a ").removeprefix("budget under ")
    key = key.split()[0] if key.strip() else ""
    if key == "alcohol" and "alcohol" not in sentence.lower():
        key = "drink" if "drink" in sentence.lower() else "sober"  # "I don't drink, remember?"
    for part in re.split(r"\s*[,;](?!\d{3})\s*|,?\s+(?:and|but|so)\s+", sentence):
        if key and key in part.lower():
            return INTERJECTION.sub("", part).strip(" .!")
    return sentence


_ACTIVITY_HABIT = re.compile(
    r"(?:\b(?:i'm|i am|i've been|been)\s+(?:currently\s+|still\s+|now\s+)?|"
    r"^\W*(?:(?:currently|still|now|mostly)\s+)?)(?P<obj>running|swimming|"
    r"cycling|lifting|climbing|bouldering|hiking|rowing|surfing|skating|dancing|boxing|"
    r"walking|skiing|yoga)\b(?=[^.?!]{0,25}\b(?:\d|once|twice|every|most|a\s+week|a\s+day|"
    r"weekly|daily|regularly))|"
    # "I surf every weekend", "we go hiking most weekends": what someone does that often
    r"\b(?:i|we)\s+(?:still\s+|now\s+|also\s+|usually\s+)?(?:go\s+)?(?P<obj2>surf(?:ing)?|hik(?:e|ing)|"
    r"ski(?:ing)?|swim(?:ming)?|jog(?:ging)?|climb(?:ing)?|boulder(?:ing)?|cycl(?:e|ing)|paint(?:ing)?|"
    r"knit(?:ting)?|bake|baking|fish(?:ing)?|danc(?:e|ing)|garden(?:ing)?|golf(?:ing)?|"
    r"sail(?:ing)?|kayak(?:ing)?|row(?:ing)?)\s+(?=(?:[^,.!?\s]+\s+){0,2}?(?:every|each|most)\s+"
    r"(?:day|weekend|week|morning|evening|night|saturday|sunday)s?\b)|"
    # a sport or craft said as what the user does: "I ski A-Basin", "i knit"
    r"^\W*(?:i\s+|we\s+)(?:still\s+|mostly\s+|mainly\s+|also\s+)?(?P<obj4>ski|surf|boulder|knit|"
    r"crochet|sail|kayak|snowboard|skate)\b(?!\s+(?:for\s+(?:a\s+)?living|professionally))|"
    # what replaced an old habit: "I used to boulder ... Now I swim."
    r"\bnow\s+(?:i|we)\s+(?:mostly\s+|mainly\s+|just\s+)?(?:go\s+)?(?P<obj3>surf(?:ing)?|"
    r"hik(?:e|ing)|ski(?:ing)?|swim(?:ming)?|run|running|jog(?:ging)?|climb(?:ing)?|cycl(?:e|ing)|"
    r"walk|paint(?:ing)?|knit(?:ting)?|bake|fish(?:ing)?|danc(?:e|ing)|garden(?:ing)?|row(?:ing)?|"
    r"yoga|pilates)\b(?=\s*(?:[.!,;]|$|\s+(?:instead|these\s+days|mostly)\b))",
    re.IGNORECASE,
)


# Constraints named by what they are, wherever they sit in a first-person or subject-less
# sentence: "severe peanut allergy", "lactose intolerant", "gluten-free because of celiac",
# "wheelchair user", "can't go over 1500".
_SEVERITY = (
    r"(?:(?:a|an|my|severe|mild|bad|serious|slight|deadly|life-threatening|major|minor)\s+)*"
)
_CURRENCY = (
    r"k|dollars|euros?|pounds|bucks|quid|grand|usd|eur|gbp|chf|francs|rupees|rs|inr|aud|cad|"
    r"nzd|baht|pesos?|rand|lei|zloty|kroner|kronor|krona|kr|yen|won|ringgit|cedis?|naira|shillings?|"
    r"dirhams?|riyals?|lira|reais|soles|dong|rupiah|ntd"
)
_CONSTRAINT_SHAPES: list[tuple[re.Pattern[str], float, str | None]] = [
    (
        re.compile(
            rf"\b{_SEVERITY}(?!(?:severe|mild|bad|serious|slight|deadly|major|minor|have|has|had|"
            r"got|get|with|some|the|this|that|of)\b)"
            r"(?P<obj>[\w-]+(?:\s+(?!allergy|intolerance)[\w-]+)?)\s+"
            r"(?:allergy|allergies|intolerance|sensitivity)\b|"
            r"\b(?:allergic|intolerant|sensitive|anaphylactic)\s+to\s+(?P<obj2>[\w -]+?)"
            r"(?=[,.;!(]|\s+\(|\s+(?:and|so|but|because|like|tho|though)\b|$)|"
            r"\b(?P<obj3>[\w]+)[- ]intolerant\b",
            re.IGNORECASE,
        ),
        -1.0,
        None,
    ),
    (
        re.compile(
            r"\b(?P<obj>(?:eat(?:ing)?|back\s+on)\s+(?:meat|chicken|fish\s+and\s+(?:meat|chicken))\s+"
            r"(?:again|now)|(?:start(?:ed|ing)?|began|back\s+to)\s+eating\s+fish(?:\s+and\s+seafood)?\s+"
            r"again|(?:no\s+longer|not)\s+(?:a\s+)?"
            r"(?:vegan|vegetarian|pescatarian)(?:\s+any\s?more)?|(?:stopped|quit)\s+being\s+"
            r"(?:vegan|vegetarian|pescatarian))\b",
            re.IGNORECASE,
        ),
        1.0,
        "diet",
    ),
    (
        re.compile(
            r"\b(?P<obj>vegan|vegetarian|veggie|pure\s+veg|pescatarian|pescetarian|keto|paleo|"
            r"plant[- ]based)\b",
            re.IGNORECASE,
        ),
        1.0,
        "diet",
    ),
    (
        re.compile(
            r"\b(?P<obj>halal|kosher|jain|gluten[- ]free|dairy[- ]free|nut[- ]free|celiac|coeliac|"
            r"(?:pre-?)?diabetic|type [12] diabetes|low[- ]carb|low[- ]sodium|sugar[- ]free|"
            r"wheelchair(?:\s+user)?|hard of hearing|deaf|blind|visually impaired|"
            r"(?:bad|dodgy|busted|weak) (?:knees?|back|hips?|ankles?|shoulders?)|"
            r"(?:hip|knee|shoulder|ankle)\s+replacement|"
            r"(?:can't|cannot|can not) (?:lift|walk|climb) [\w ]{2,20}?(?=[,.;!]|$)|"
            r"arthritis|asthma|epilepsy|migraines|pregnant|sober|teetotal|screen\s+reader|"
            r"tinnitus|multiple\s+sclerosis|(?<=my\s)MS|IBS|crohn'?s|colitis|gout|hypertension|"
            r"fibromyalgia|copd|lupus|endometriosis|pcos|vertigo|long\s+covid|chronic\s+fatigue|"
            r"(?:my\s+)?cholesterol(?=\s+(?:was|is|'s)\s+(?:bad|high|up|terrible|awful))|"
            r"epileptic|asthmatic|an(?:a)?emic|heart\s+condition|(?:kidney|liver|thyroid)\s+"
            r"(?:condition|disease|problems?)|on\s+(?:blood\s+thinners|insulin|chemo|dialysis|"
            r"warfarin|antidepressants|medication)|(?:get|gets|getting)\s+(?:motion|car|sea|air)\s*sick|"
            r"(?:get|gets|getting)\s+(?:really\s+|so\s+)?sick\s+(?:going|sitting|facing|riding)\s+"
            r"backwards|"
            r"recovering\s+from\s+(?:(?:a|an|my)\s+)?[\w-]+\s+(?:surgery|operation|injury|"
            r"fracture)|fasting\s+for\s+ramadan|"
            r"(?:high|raised)\s+(?:cholesterol|blood\s+pressure)|(?:cholesterol|blood\s+pressure|"
            r"blood\s+sugar)(?:'s|\s+(?:is|was|came\s+back|has\s+been))\s+(?:really\s+|a\s+bit\s+|too\s+)?"
            r"(?:high|up|raised|elevated)|"
            # "I don't drink alcohol though", "I don't drink, remember?": an abstention
            r"(?:don't|do\s+not|never)\s+drink(?:\s+(?:alcohol|booze))?(?=\s*(?:[,.;!?]|$|\s+(?:though|"
            r"tho|anymore|any\s+more|at\s+all|remember)\b))|"
            # "i stopped drinking 6 months ago", "quit the booze": an abstention now
            r"(?:stopped|quit|gave\s+up|given\s+up|off\s+the)\s+(?:drinking|alcohol|booze|the\s+booze)"
            r"(?!\s+(?:coffee|tea|soda|coke|juice|milk|energy)\b)|"
            r"hearing\s+aids?|crutches|mobility\s+scooter|guide\s+dog|colou?r\s*blind|"
            r"macular\s+degeneration|glaucoma|cataracts?|low\s+vision|partially\s+sighted|"
            r"dyslexi[ac]|adhd|autis(?:m|tic)|ibs|crohn's|low[- ]fodmap|"
            r"(?:walk|get\s+around)\s+with\s+a\s+(?:cane|stick|walker|frame)|"
            r"(?:can't|cannot)\s+(?:kneel|bend(?:\s+down)?|squat|jump|climb\s+stairs|do\s+stairs|"
            r"stand\s+for\s+long|sit\s+for\s+long|walk\s+far|drive\s+far))\b",
            re.IGNORECASE,
        ),
        1.0,
        None,
    ),
    (  # "My known triggers are red wine and aged cheese": what sets a condition off
        re.compile(
            r"\bmy\s+(?:known\s+|main\s+|biggest\s+|migraine\s+|asthma\s+|eczema\s+)?triggers?\s+"
            r"(?:are|is|include)\s+(?P<obj>[^.;!?]{2,60}?)(?=[.;!?]|$)",
            re.IGNORECASE,
        ),
        -1.0,
        None,
    ),
    (
        re.compile(
            # "my knees are shot", "..., knees are shot"
            r"(?:\bmy\s+|(?:^|[,;]\s*))"
            r"(?P<obj>(?:left\s+|right\s+|bad\s+|lower\s+)?(?:knees?|back|hips?|ankles?|"
            r"shoulders?|wrists?|neck))(?:'s|'re|\s+(?:is|are|has|have))?\s+(?:been\s+|gotten\s+|"
            r"getting\s+)?(?:really\s+|pretty\s+|a\s+bit\s+)?(?:dodgy|bad|weak|shot|wrecked|killing\s+me|"
            r"(?:not|aren't|isn't)\s+(?:great|good|the\s+best|what\s+(?:they|it)\s+(?:were|was|"
            r"used\s+to\s+be))|done(?:\s+with)?|gave\s+(?:up|out)|"
            r"(?:can't|cannot|won't|don't|doesn't)\s+(?:take|handle|love|like|do|cope\s+with)|hurts|"
            r"hurting|playing\s+up|acting\s+up|sore|injured)",
            re.IGNORECASE,
        ),
        1.0,
        None,
    ),
    (
        re.compile(
            r"(?:budget(?:'s|\s+is|\s+of|\s+on)?\s+(?:around\s+|about\s+|under\s+|max\s+|"
            r"at\s+most\s+|up\s+to\s+|roughly\s+|only\s+|like\s+)*|(?:can't|cannot|"
            r"can not|don't want to|do not want to)\s+(?:go|spend)\s+(?:over|above|more\s+than)\s+|"
            r"(?:can|could)\s+only\s+(?:spend|afford)\s+(?:around\s+|about\s+|up\s+to\s+)?|"
            r"(?:no\s+more\s+than|max(?:imum)?(?:\s+of)?)\s+(?=[$\u20ac\u00a3])|"
            # "under £120 a night if possible"
            r"(?:under|below|less\s+than)\s+(?=[$\u20ac\u00a3]\s?\d[\d,.]*\s*(?:a|per|/)\s*(?:night|week|"
            r"month|day|person|head)\b)|"
            # "maximum 2200 chf", "under 800 rupees": an amount in a currency's name
            rf"(?:no\s+more\s+than|max(?:imum)?(?:\s+of)?|under|below)\s+(?=\d[\d,.]*\s?(?:{_CURRENCY})\b)|"
            r"anything\s+(?:over|above)\s+(?:like\s+|about\s+)?|(?:hard\s+)?cap\s+(?:of|is)\s+|"
            r"(?:got|have|only\s+have)\s+(?:like\s+|about\s+|only\s+)?(?=[$\u20ac\u00a3]\s?\d[\d,.]*\s+"
            r"(?:a|per)\s+(?:week|month|day))|"
            # "i have 600 soles per month for everything", "400 lei for food per month"
            r"(?:(?:got|have|only\s+have)\s+(?:like\s+|about\s+|only\s+)?|\band\s+)"
            rf"(?=\d[\d,.]*\s?(?:{_CURRENCY})\s+(?:(?:for|on)\s+\w+\s+)?(?:a|per)\s+"
            r"(?:week|month|day)))"
            r"(?P<obj>(?:[$\u20ac\u00a3\u00a5\u20b9\u20a9\u20a6]|R(?=\d)|Rs\.?\s?)?\s?\d[\d,.]*"
            r"(?:\s?(?:k|dollars|euros|pounds|bucks|quid|grand|"
            rf"{_CURRENCY})\b)?)",
            re.IGNORECASE,
        ),
        -1.0,
        "budget",
    ),
]


# money is tight: "im broke, scholarship only", "on a shoestring budget"
_CONSTRAINT_SHAPES += [
    (
        re.compile(
            r"\b(?:i'm|im|i\s+am|we're|we\s+are)\s+(?:so\s+|totally\s+|pretty\s+|flat\s+|a\s+bit\s+)?"
            r"(?P<obj>broke|skint|strapped\s+for\s+cash)\b|"
            r"\bon\s+a\s+(?P<obj2>(?:(?:tight|shoestring|small|student|strict|limited)\s+)?budget)\b|"
            r"\bmoney(?:'s|\s+is)\s+(?:really\s+|so\s+|very\s+|pretty\s+|a\s+bit\s+)?(?P<obj3>tight)\b",
            re.IGNORECASE,
        ),
        -1.0,
        "money",
    ),
]

# a reaction names what to avoid: "peanuts make my throat itch", "dairy gives me hives"
_CONSTRAINT_SHAPES += [
    (
        re.compile(
            r"(?:^|[,;]\s*|\b(?:but|and|so)\s+)(?!(?:this|that|it|these|those|work|school|my|his|her|our|their|he|she|they)\b)"
            r"(?P<obj>[\w' -]{3,30}?)\s+(?:still\s+|always\s+|just\s+|really\s+)?"
            r"(?:make|makes|made|give|gives|gave)\s+"
            r"(?:me|my\s+(?:throat|mouth|lips|skin|face|stomach|tummy|eyes)\s*)\s*"
            r"(?:(?:really\s+|bad\s+|awful\s+|terrible\s+|instant\s+|heart\s+|the\s+|a\s+)+)?"
            r"(?:itch\w*|swell\w*|break\s+out|hives|rash|rashes|bloated|migraines?|cramps|"
            r"heartburn|reflux|close\s+up|tingl\w*|ill|unwell|headaches?|palpitations|nause\w*|"
            r"sick|jitters|jittery|stomach\s*aches?|chest\s+pains?|problems|trouble)\b|"
            # "garlic still wrecks me", "onions destroy my stomach", "lights = instant migraine"
            r"(?:^|[,;]\s*|\b(?:but|and|so)\s+)(?!(?:this|that|it|these|those|work|school|my|his|her|our|their|he|she|they)\b)"
            # (not "night shifts are going to destroy me": a complaint, no limit)
            r"(?P<obj2>(?:(?!\b(?:is|are|was|were|going|gonna|will)\b)[\w' -]){3,30}?)\s+"
            r"(?:still\s+|always\s+|just\s+|totally\s+|absolutely\s+)?"
            r"(?:wrecks?|destroys?|kills?|wipes?\s+out|messes?\s+up)\s+(?:me|my\s+(?:stomach|tummy|"
            r"gut|skin|head))\b|"
            r"(?:^|[,;]\s*|\b(?:but|and|so)\s+)(?P<obj3>[\w' -]{3,30}?)\s*=\s*(?:an?\s+)?"
            r"(?:instant\s+)?(?:migraine|headache|heartburn|hives|reflux|cramps)\b",
            re.IGNORECASE,
        ),
        -1.0,
        None,
    ),
]

# what sets off a condition is a limit: "red wine is a trigger", "cheese is one of my migraine
# triggers", "stress sets off my eczema", "pollen triggers my asthma"
_CONSTRAINT_SHAPES += [
    (
        re.compile(
            r"(?:^|[,;]\s*|\b(?:but|and|so|also)\s+)(?P<obj>[\w' -]{3,30}?)\s+(?:is|are|'s)\s+"
            r"(?:a|one\s+of\s+my|my|a\s+big|a\s+known|a\s+major|definitely\s+a)\s+(?:\w+\s+)?"
            r"triggers?\b|"
            r"(?:^|[,;]\s*|\b(?:but|and|so|also)\s+)(?P<obj2>[\w' -]{3,30}?)\s+(?:always\s+)?"
            r"(?:triggers?|sets?\s+off|brings?\s+on)\s+(?:my|a|an)\s+(?:\w+\s+)?(?:migraines?|"
            r"asthma|eczema|reflux|ibs|flare(?:-?ups?)?|attacks?|seizures?|headaches?|allergy)\b",
            re.IGNORECASE,
        ),
        -1.0,
        None,
    ),
]

# what a place or plan must be, when it is access, diet or money: "must be step-free",
# "has to be wheelchair accessible", "needs to be gluten-free"
_CONSTRAINT_SHAPES += [
    (
        re.compile(
            # "needs a roll-in shower, not a bath with a seat"
            r"\b(?:needs?|must\s+have|has\s+to\s+have|requires?)\s+(?:a\s+|an\s+)?(?P<obj2>roll-?in\s+"
            r"shower|step-?free\s+access|wet\s*room|ramp|grab\s+rails|hoist|ground[- ]floor\s+room|"
            r"accessible\s+(?:room|bathroom|toilet|parking|entrance))\b|"
            r"\b(?:must|has\s+to|have\s+to|needs?\s+to|got\s+to)\s+be\s+(?:fully\s+|totally\s+|"
            r"completely\s+|100%\s+)?(?P<obj>step-?free|wheelchair[- ]accessible|accessible|"
            r"lift[- ]accessible|ground[- ]floor|level[- ]access|(?:gluten|dairy|nut|peanut|egg|"
            r"lactose|sugar|alcohol|meat)[- ]free|vegan|vegetarian|halal|kosher|pet[- ]friendly|"
            r"(?:under|below|less\s+than)\s+[$\u20ac\u00a3]?\s?\d[\d,.]*\s?k?)",
            re.IGNORECASE,
        ),
        1.0,
        None,
    ),
]

# a need stated as a rule: "roll-in shower is non-negotiable for me", "I need dual card slots,
# non-negotiable", "a ground floor room is a must"
_CONSTRAINT_SHAPES += [
    (
        re.compile(
            r"(?:^|[,;]\s*|\b(?:but|and|so|also)\s+)(?:(?:a|an|the|my)\s+)?"
            r"(?P<obj>[\w' -]{3,30}?)\s+(?:is|are|'s)\s+(?:absolutely\s+|totally\s+)?"
            r"(?:non-?negotiable|a\s+must(?:-have)?|essential|a\s+dealbreaker)(?:\s+for\s+(?:me|us))?\b|"
            r"\b(?:need|needs|must\s+have)\s+(?:a\s+|an\s+)?(?P<obj2>[\w' -]{3,30}?),?\s+"
            r"(?:it's\s+|that's\s+)?non-?negotiable\b",
            re.IGNORECASE,
        ),
        1.0,
        None,
    ),
]

# a diagnosis names a condition: "got diagnosed with celiac on tuesday"
_CONSTRAINT_SHAPES += [
    (
        re.compile(
            r"\bdiagnosed\s+with\s+(?:an?\s+)?(?P<obj>[\w'-]+(?:\s+[\w'-]+){0,2}?)"
            r"(?=\s*(?:[,.;!]|$)|\s+(?:on|last|in|this|at|and|so|but|yesterday|today|recently)\b)",
            re.IGNORECASE,
        ),
        1.0,
        None,
    ),
]

# what a rule rules out: "this means no garlic and onion", "IBS = no beans"
_CONSTRAINT_SHAPES += [
    (
        re.compile(
            r"\b(?:means|meaning|=)\s+no\s+(?:more\s+)?(?P<obj>[\w' -]{2,30}?)"
            r"(?=\s*[,.;!]|\s+(?:for|until|till|at\s+all)\b|\s*$)",
            re.IGNORECASE,
        ),
        -1.0,
        None,
    ),
]


# an injury that limits what the user can do: "stress fracture in my left foot", "torn ACL"
_CONSTRAINT_SHAPES += [
    (
        re.compile(
            r"(?:^\W*|\b(?:a|my|have|got|with|from)\s+)(?P<obj>(?:stress\s+)?fracture|"
            r"(?:broken|sprained|torn|dislocated|fractured)\s+(?:left\s+|right\s+)?(?:arm|leg|wrist|"
            r"ankle|foot|toe|finger|hand|ribs?|collarbone|hip|knee|elbow|shoulder|back|nose|jaw|"
            r"acl|mcl|meniscus|hamstring|achilles|calf|ligament)|"
            r"(?:herniated|slipped|bulging)\s+disc|tendonitis|tendinitis|plantar\s+fasciitis|"
            r"shin\s+splints|tennis\s+elbow|frozen\s+shoulder)\b",
            re.IGNORECASE,
        ),
        1.0,
        None,
    ),
]


# "60 euro a week on food max": the cap after the amount
_CONSTRAINT_SHAPES += [
    (
        re.compile(
            r"(?P<obj>[$\u20ac\u00a3]?\s?\d[\d,.]*\s?(?:k|dollars|euros?|pounds|bucks|quid|grand|usd|eur|"
            r"gbp|rupees|rs|inr|aud|cad|nzd)?\s+(?:a|per)\s+(?:week|month|day|night))(?:\s+(?:on|for)\s+"
            r"\w+)?\s+(?:max|tops|maximum|at\s+most)\b|"
            # "like 850 max", "max 800 kr total", "on like £60 total": a cap said as an amount
            rf"(?:^|\b(?:on|max|like|about|under)\s+)(?P<obj2>[$\u20ac\u00a3]?\s?\d[\d,.]*(?:\s?(?:{_CURRENCY}))?)"
            r"\s+(?:max|tops|total|all\s+in)\b",
            re.IGNORECASE,
        ),
        -1.0,
        "budget",
    ),
]


# limits someone who treats the user set, and what the user can manage: "physio says no
# stairs for another month", "my pt says no lifting over 20 lbs", "can manage about 20 min"
_CONSTRAINT_SHAPES += [
    (
        re.compile(
            r"\b(?:doctor|doc|gp|physio|pt|physiotherapist|consultant|surgeon|dentist|neurologist|"
            r"cardiologist|specialist|midwife|dietitian|nutritionist|gastro|ortho|orthopaedist|"
            r"orthopedist|audiologist|dermatologist|rheumatologist|osteo|chiro|optician|"
            r"optometrist|nurse|oncologist|obgyn|ob)(?:'s|\s+(?:says|said|"
            r"told\s+me|wants\s+me|(?:has\s+)?(?:asked|advised|told)\s+me))\s+(?:to\s+)?(?:no|not\s+to|"
            r"avoid|stay\s+off|cut\s+out|no\s+more|give\s+up|stop|quit|cut\s+down\s+on)\s+"
            r"(?P<obj>[\w -]{2,30}?)(?=[,.;!]|\s+(?:for|until|till|so|and|but|because)\b|$)|"
            r"\bcan\s+(?:only\s+)?manage\s+(?:about\s+|around\s+|maybe\s+)?(?P<obj2>\d+\s*"
            r"(?:min(?:ute)?s?|hours?|hrs?|km|miles?|steps|blocks))",
            re.IGNORECASE,
        ),
        -1.0,
        None,
    ),
]


_FOR_SOMEONE = re.compile(
    r"\b(?:for|with|to|feed|cook\s+for|a\s+few|some|\+)\s+(?:a|an|the|my|our|\d+)?\s*$", re.I
)


_FOR_THEM = re.compile(
    rf"\s*(?:\w+\s+)?for\s+(?:him|her|them|the\s+kids|(?:my|our)\s+(?:{RELATIVES}))\b",
    re.I,
)
_DROPPED_BEFORE = re.compile(
    r"\b(?:done\s+with|no\s+more|quit|gave\s+up(?:\s+on)?|off|ditched|dropped|stopped|over)\s+"
    r"(?:the\s+|my\s+)?$",
    re.IGNORECASE,
)
_DROPPED_AFTER = re.compile(
    r"\s+(?:(?:is|was|'s)\s+(?:dead|over|done|finished|a\s+(?:disaster|bust|fail))|didn't\s+work|"
    r"did\s+not\s+work|(?:is|was)\s+not\s+for\s+me|"
    # "welp keto lasted 7 weeks": over
    r"(?:only\s+)?lasted\s+(?:about\s+|like\s+|all\s+of\s+)?(?:\d+|a|one|two|three|four|five|six|"
    r"seven|eight|nine|ten)\s+(?:days?|weeks?|months?))\b",
    re.IGNORECASE,
)
_POINTER = re.compile(r"(?:s\s+)?(?:my|that|this|it|the|a|his|her|their|our|your)", re.I)


_CONSTRAINT_NEEDLES = tuple(needles(pattern) for pattern, _, _ in _CONSTRAINT_SHAPES)


# a diet said of a named person or a thing: "jess is vegan" (not "my diet is vegan")
_SOMEONE_IS = re.compile(
    r"(?<!\bmy\s)(?<!\bour\s)\b(?!(?:i|im|i'm|diet|eating)\b)[\w']+\s+(?:is|are|'s)\s+"
    r"(?:(?:also|now|fully|strictly|mostly|a)\s+)?$",
    re.IGNORECASE,
)


def named_constraints(sentence: str) -> list[tuple[float, str, str | None]]:
    """Named constraints in a sentence that speaks for the user (not a question, not others)."""
    found = []
    folded = sentence.casefold()
    gated = zip(_CONSTRAINT_SHAPES, _CONSTRAINT_NEEDLES, strict=True)
    for (pattern, polarity, slot), gate in gated:
        if not may_match(gate, folded):
            continue
        for match in pattern.finditer(sentence):
            before = sentence[: match.start()]
            # the part ends where the clause does: "ive been vegan 4 years so need a ...??"
            part_end = re.search(
                r"[,;]|\s+(?:so|but|because|bc|cos|cause)\s+|$", sentence[match.end() :]
            )
            part = re.split(r"[,;]", before)[-1] + sentence[match.start() : match.end()]
            part += sentence[match.end() : match.end() + (part_end.start() if part_end else 0)]
            manage = re.match(r"\W*(?:i\s+)?can\s+(?:only\s+)?manage\b", part.strip(), re.I)
            if (
                part.rstrip().endswith("?")
                or (QUESTION.search(part.strip() + " ?") and not manage)
                or HYPOTHETICAL.search(part)
            ):
                continue  # "is oat milk safe for coeliacs?" asks, it does not say
            own = re.split(r"[,;]", before)[-1]  # the clause the constraint sits in
            if OTHER_SUBJECT.search(own) and not re.search(
                r"\b(?:i|i'm|i've|me|my)\b\s*(?:am|'m|have|'ve|got)?\s*\w*\s*$", own, re.I
            ):
                continue  # "my son has a nut allergy" is the son's
            if slot == "diet" and _SOMEONE_IS.search(own):
                continue  # "jess is vegan", "everything there is vegan": not the user's diet
            if re.search(
                r"\b(?:if|whether|not|isn't|aren't|wasn't|no longer|after|used to be|was|were|"
                r"formerly|ex|years?|stopped being|quit being)[\s-]+\w*\s*$",
                before,
                re.I,
            ):
                continue  # "I'm NOT celiac", "if I were vegan"
            obj = next(v for v in match.groupdict().values() if v).strip()
            obj = re.sub(r"(?i)^plant\s+based$", "plant-based", obj)  # one spelling downstream
            dropped = slot == "diet" and (
                _DROPPED_BEFORE.search(before) or _DROPPED_AFTER.match(sentence[match.end() :])
            )
            own_change = dropped or obj.lower().startswith(("start", "began"))
            if (
                _FOR_SOMEONE.search(before) or _FOR_THEM.match(sentence, match.end())
            ) and not own_change:
                continue  # "a main that works for a vegan", "gluten free for him": not the user
            if _POINTER.fullmatch(obj):
                continue  # "that's my allergy": which thing, the sentence's stance says
            if slot == "diet" and re.search(
                r"\beating\s+fish(?:\s+and\s+seafood)?\s+again", obj, re.I
            ):
                found.append((1.0, "pescatarian", "diet"))  # "decided to start eating fish again"
                continue
            if slot == "diet" and re.search(
                r"\b(?:meat|chicken|not|no longer|stopped|quit)\b", obj, re.I
            ):
                found.append((0.0, "omnivore", "diet"))  # "I'm not vegetarian": a fact, no limit
                continue
            if dropped:
                found.append((0.0, "no special diet", "diet"))  # "keto is dead", "done with keto"
                continue
            if slot == "budget":
                obj, slot = f"budget under {obj}", None
            elif slot == "money":  # "im broke": no figure, but a limit all the same
                obj, slot = "tight budget", None
            if re.search(r"\b(?:sober|drink\w*|booze|alcohol)\b", obj, re.I):  # "8 months sober"
                found.append((-1.0, "alcohol", slot))
                continue
            found.append((polarity, obj, slot))
    return list(dict.fromkeys(found))  # two shapes may name the same cap


# "two cats, software engineer, gluten-free" / "PhD student in marine biology here"
_INTRO = re.compile(r"^(?P<obj>[\w\s'-]{3,60}?)\s+here\b", re.IGNORECASE)
_COUNTED = re.compile(
    r"^(?:(?:a|an|one|two|three|four|five|\d+)\s+)(?P<obj>(?:[\w-]+\s+)?(?:kids?|children|sons?|"
    r"daughters?|dogs?|cats?|pets?|rabbits?|birds?|parrots?|horses?|chickens?|cars?|bikes?))$",
    re.IGNORECASE,
)


def fragment_facts(sentence: str) -> list[tuple[MemoryKind, str, str | None]]:
    """Facts stated as bare noun phrases: a job or an intro ("... here"), counted pets/kids."""
    if sentence.rstrip().endswith("?"):
        return []
    out: list[tuple[MemoryKind, str, str | None]] = []
    # "quick context since you keep asking: pharmacist in kandy, two kids": after a colon
    for part in re.split(r"\s*[,;:]\s*|\s+and\s+", INTERJECTION.sub("", sentence).strip(" .!")):
        if any(p.search(part) for p in (FIRST_PERSON_SUBJECT, OTHER_SUBJECT, ADDRESSEE)):
            continue  # parsed as a clause, about someone else, or ("pretend you're a waiter") you
        if re.match(r"been\s+an?\b", part, re.I):
            continue  # "been a welder 14 yrs": read as "I've been a welder ..." by the grammar
        if re.match(r"(?:(?:but|and|so)\s+)?(?:my|our|his|her|their)\b", part, re.I):
            continue  # "but my doctor in Krakow says...": someone in the user's life, not a role
        being = _BEING.match(part)  # "being a product manager is SO many meetings"
        if being and OCCUPATION.search(head_noun(being.group("obj"))):
            out.append((MemoryKind.FACT, being.group("obj"), "job"))
            continue
        intro = _INTRO.match(part)
        place = re.match(r"(?:based|living|live|located)\s+in\s+(?P<obj>.+)$", part, re.I)
        if any(shape.search(part) for shape, _, _ in _CONSTRAINT_SHAPES):
            continue  # "vegetarian" is a constraint (found above), not a job
        role = intro.group("obj") if intro else part
        if place:
            out.append((MemoryKind.FACT, slot_object(place.group("obj")), "location"))
        elif (intro or 1 <= len(head_noun(part).split()) <= 4) and OCCUPATION.search(
            head_noun(role)
        ):
            where = workplace(role)  # "product manager at a fintech in Mumbai"
            role = re.sub(r"\s+(?:working|based|living)\b.*$", "", role, flags=re.I)
            out.append((MemoryKind.FACT, role[: role.rfind(" in ")] if where else role, "job"))
            if where:
                out.append((MemoryKind.FACT, where, "location"))
        elif _COUNTED.match(part):
            out.append((MemoryKind.FACT, part, None))
        elif habit := _HABIT.match(part):
            out.append((MemoryKind.PREFERENCE, habit.group("obj"), None))
    return out


# "I am dentist with my own practice", "im line cook at a hotel in kuching": no article
_BARE_ROLE = re.compile(
    r"\b(?:i\s+am|i'm)\s+(?:(?:now|currently|still|officially|finally|also)\s+)*"
    r"(?!(?:a|an|the|not|so|very|really|just|officially|finally|now|currently|still|also|"
    r"also|in|at|on|from|with|going|trying|looking|thinking|working|doing)\b)"
    r"(?P<obj>(?:[\w-]+\s+){0,3}?[\w-]+)(?=\s+(?:in|at|for|with|based|from|here|and|who|"
    r"since|by|on)\b|\s*[,.;!]|\s*$)"
    r"(?:\s+(?:in|at|based\s+in)\s+[^,.;!?]{2,40})?",
    re.IGNORECASE,
)
# a role taken, with where: "took a full time job as a senior illustrator at Paper Crane",
# "got a junior ux designer role at Canva"
_NEW_ROLE = re.compile(
    r"\b(?:got|took|accepted|landed|started|signed\s+for)\s+(?:a|an|the|my)\s+"
    r"(?:(?:new|full[- ]time|part[- ]time|permanent|temp|first)\s+)*"
    r"(?:(?:job|role|position|post)\s+as\s+(?:a|an)?\s*(?P<obj>[\w -]{2,40}?)|"
    r"(?P<obj2>[\w -]{2,40}?)\s+(?:role|position|post))"
    r"(?=\s*(?:[,.;!]|$)|\s+(?:at|with|for)\s+(?P<org>(?-i:[A-Z][\w&'-]*(?:\s+(?:&\s+)?"
    r"[A-Z][\w&'-]*){0,3}))|\s+(?:at|with|for|in|from|starting|today|yesterday|and)\b)",
    re.IGNORECASE,
)
# a line of work named by what the user does where: "I do QA at a games studio", "i do
# payroll for a care home group"
_DO_AT = re.compile(
    r"\bi\s+(?:mostly\s+|mainly\s+)?do\s+(?P<obj>qa|ux|ui|it(?:\s+support)?|payroll|hr|accounts|"
    r"marketing|sales|admin|devops|ops|data\s+\w+|\w+\s+design|design|bookkeeping|tech\s+support|"
    r"customer\s+service|social\s+media)\s+(?:at|for)\s+(?:a|an|the|my)?\s*\w",
    re.IGNORECASE,
)
# giving up a habit is a fact about who they are now: "i quit smoking 3 weeks ago"
_QUIT_HABIT = re.compile(
    r"\b(?:quit|stopped|gave\s+up|kicked|packed\s+in)\s+(?P<obj>smoking|vaping|drinking|alcohol|"
    r"booze|cigarettes|the\s+cigarettes|cigs|the\s+cigs|weed|gambling)\b",
    re.IGNORECASE,
)
_FOR_A_LIVING = re.compile(
    r"\b(?:i\s+)(?P<obj>(?!do\b)\w+\s+[\w -]{2,30}?)\s+for\s+a\s+living\b", re.IGNORECASE
)
_BEING = re.compile(r"^being\s+(?:a|an)\s+(?P<obj>[\w' -]{2,40}?)\s+(?:is|has\s+been)\b", re.I)
_HABIT = re.compile(  # "bouldering most weekends", not "halifax is rainy a lot"
    r"^(?!.*\b(?:is|are|was|were|been|be|heard|seen|said|told|asked|called|happens|happened|"
    r"rains?|rained|changes?|changed)\b)(?!\w+ed\b)(?!(?:work|shifts?|dialysis|physio|therapy|"
    r"chemo|meetings?|classes|lectures|school|uni|office)\b)(?P<obj>[\w' -]{2,40}?)\s+"
    r"(?:(?:most|every|each)\s+(?:weekends?|days?|mornings?|nights?|"
    r"evenings?|week|weekday)|all\s+the\s+time|a\s+lot|daily|weekly|religiously|"
    # "badminton 3 times a week" (not work, shifts or treatment)
    r"(?:\d|once|twice|three|four|five)\s*(?:x|times)?\s+a\s+week)$",
    re.IGNORECASE,
)
_RELATION = re.compile(
    r"\b(?:my|our)\s+(?P<obj>wife|husband|partner|girlfriend|boyfriend|fianc[e\u00e9]e?|spouse)\b|"
    # "the wife says i forget the marker spray" (not "the wife of a friend")
    r"(?:^\W*|[,.;!]\s*|\b(?:also|and|but|so)\s+)the\s+(?P<obj2>wife|missus|hubby|husband)\b"
    r"(?!\s+of\b)",
    re.IGNORECASE,
)
# a job said on the way to something else: "i make about 2.4k/month after tax as an electrician"
_AS_A = re.compile(
    r"\b(?:make|earn|earning|work|working|employed|paid)\b(?:[^.?!]|(?<=\d)\.(?=\d)){0,40}?"
    r"\bas\s+(?:a|an)\s+"
    r"(?P<obj>[\w -]{2,30}?)(?=\s*[,.;!?]|\s+(?:at|in|for|and|but|so|since|now)\b|\s*$)",
    re.IGNORECASE,
)


_NAME = re.compile(
    r"\b(?:i'm|i am|my name is|my name's|call me|this is)\s+(?P<obj>(?-i:[A-Z][a-z]{1,20}))"
    r"(?=\s*(?:[,.!]|$|and\b|here\b|btw\b|by the way\b))",
    re.IGNORECASE,
)
_NOT_NAMES = re.compile(
    r"^(?:American|British|English|Irish|Scottish|Welsh|Canadian|Australian|Indian|Chinese|"
    r"Japanese|Korean|French|German|Italian|Spanish|Dutch|Mexican|Brazilian|Vegan|Vegetarian|"
    r"Sorry|Fine|Good|Great|Okay|Ok|Back|Home|Here|Done|Sure|Ready|Tired|Retired|Married|"
    r"Single|Pregnant|Christian|Muslim|Jewish|Hindu|Catholic|Gay|Bi|Trans|New|Not|So|Just)$"
)
# a marital status: "I'm married", "we just got engaged", "I'm divorced", "married with two kids"
_MARRIED = re.compile(
    r"\b(?:i'm|i am|we're|we are)\s+(?:happily\s+|newly\s+|recently\s+|now\s+|finally\s+)?"
    r"(?P<obj>married|engaged|divorced|separated|widowed)\b|"
    r"\b(?:i|we)\s+(?:just\s+|finally\s+|recently\s+)?got\s+(?P<obj2>married|engaged|divorced)\b|"
    r"(?:^\W*|,\s*)(?:happily\s+)?(?P<obj3>married)\s+(?:with|and)\b",
    re.IGNORECASE,
)
_HOME = re.compile(
    r"^\W*(?:(?:haha|ha|no|nope|actually|oh)\W+)*(?P<obj>(?-i:[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?))"
    r"(?:'s|\s+is)\s+(?:home|where\s+i\s+live)\b|\bhome\s+is\s+(?P<obj2>(?-i:[A-Z][\w-]+))",
    re.IGNORECASE,
)
_NAMED_PET = re.compile(
    r"\b(?:have|got|adopted)\s+(?P<obj>(?:a|an)\s+(?:[\w-]+\s+){0,3}?(?:named|called)\s+"
    r"(?-i:[A-Z]\w+))",
    re.IGNORECASE,
)


# a baby or a new pet changes what help fits: "new baby = zero free time", "since the twins
# arrived", "just brought home a 10 week old kitten"
_FAMILY = re.compile(
    r"\b(?:(?:new|newborn)\s+(?P<obj>baby|twins)|since\s+(?:the|our|my)\s+(?P<obj2>baby|twins|"
    r"little\s+one)\s+(?:arrived|came\s+along|was\s+born|were\s+born)|(?:with|have|got)\s+a\s+"
    r"\d+\s*(?:-\s*)?(?:week|month)s?(?:\s*-\s*|\s+)old(?:\s+(?P<obj3>baby|son|daughter))?\b)",
    re.IGNORECASE,
)
# the people in the user's household, mentioned on the way to something else: "the kids want to
# go", "a birthday party for my daughters", "wife and i are hosting", "grandkids are coming"
_HOUSEHOLD = re.compile(
    r"\b(?:my|our)\s+(?:\d+\s+|two\s+|three\s+|little\s+|youngest\s+|eldest\s+|oldest\s+)?"
    r"(?P<obj>kids|children|sons|daughters|twins|grandkids|grandchildren|toddler|son|daughter|"
    r"grandson|granddaughter)\b|"
    r"\b(?:with|for|and|feed|take|bring)\s+the\s+(?P<obj2>kids|children|twins|grandkids|"
    r"grandchildren)\b|(?:^|[,.;!?]\s*)the\s+(?P<obj7>kids|children|twins)\s+(?=(?:want|wanna|"
    r"love|loved|hate|hated|will\s+love|are\s+(?:coming|off|home|back|obsessed))\b)|"
    r"(?:^|[,.;!?]\s*)(?P<obj3>grandkids|grandchildren)\s+(?:are|were|will|is|love|want)\b|"
    r"(?:^|[,.;!?]\s*)(?:me\s+and\s+(?:the|my)\s+|the\s+)?(?P<obj4>wife|hubby|husband|missus)\s+and\s+"
    r"(?:i|me)\b|\ba\s+family\s+with\s+(?:a|an|two|three|\d+)\s+(?P<obj5>toddler|baby|kids|"
    r"children|teenagers?)\b|\bsingle\s+(?P<obj6>mum|mom|dad|parent)\b",
    re.IGNORECASE,
)
_NEW_PET = re.compile(
    r"\b(?:brought\s+home|adopted|rescued|picked\s+up|got)\s+(?:a|an|our|my)\s+(?:[\w-]+\s+){0,4}?"
    r"(?P<obj>puppy|kitten|dog|cat|rabbit|bunny|hamster|guinea\s+pig|parrot|budgie|tortoise|"
    r"greyhound|lurcher|labrador|spaniel|terrier)\b",
    re.IGNORECASE,
)
# time in a role, said of the day: "day four as a baker", "first month as finance lead done"
_TIME_IN_ROLE = re.compile(
    r"^\W*(?:(?:my\s+)?(?:first|second|third|last|\w+)\s+)?(?:day|week|month|year|shift)s?\s+"
    r"(?:\w+\s+)?as\s+(?:(?:a|an|the)\s+)?(?P<obj>[\w -]{2,40}?)"
    r"(?=\s*(?:[,.!;]|$)|\s+(?:done|and|is|was|so|but|today|now)\b)",
    re.IGNORECASE,
)
# a job named by what it pays or asks of them: "3 weeks into this analyst job", "on a dental
# hygienist salary", "my barista shifts" (not a job applied for, offered or left)
_ROLE_NOUN = re.compile(
    r"\b(?<!for\s)(?<!about\s)(?:my|this|on\s+a|on\s+an|on\s+my)\s+(?:new\s+)?"
    r"(?P<obj>(?!(?:old|former|last|previous|first|dream|day|side|summer|part-time)\b)[\w-]+"
    r"(?:\s+[\w-]+)?)\s+(?:job|salary|wage|pay|contract|shifts?|role|gig)\b",
    re.IGNORECASE,
)
_SOUGHT = re.compile(
    r"\b(?:apply\w*|interview\w*|looking\s+for|offered|offer|turned\s+down|want\w*|quit|"
    r"left|leaving|lost|hunting|search\w*|dream\w*|if)\b",
    re.IGNORECASE,
)
_RETIRED = re.compile(
    r"(?:^\W*|[,;]\s*|\b(?:i'm|i am|just|now|finally|recently|officially|fully|semi-)\s*)"
    r"retired\b(?!\s+(?:\w+\s+)?(?:couple|people|folks|neighbou?rs?|friends?|dad|mum|mom|"
    r"father|mother|parents?|teachers?|nurses?|colleagues?))",
    re.IGNORECASE,
)
# "vet tech life means 12hr shifts", "... on the way to my 6am shift, lab tech life 🙄"
_JOB_LIFE = re.compile(
    r"(?:^|[,.;]\s*)\W*(?P<obj>[\w-]+(?:\s+[\w-]+){0,2}?)\s+life"
    r"(?:\s+(?:means|is|=)\b|\s*(?:[^\w\s]|$))",
    re.I,
)
# "a student baker, at 43 years old": an age said on the way to something else
_AGE_OLD = re.compile(r"\b(?:at|i'm|i am|im)\s+(?P<obj>[1-9]\d)\s+(?:years?|yrs?)\s+old\b", re.I)
# "I'm 52 and a plumber": the clause's slot is the job, and the age is said on the way
_AGE_AND = re.compile(
    r"\b(?:i'm|i am|im)\s+(?P<obj>[1-9]\d)\s+(?:and|with)\s+(?:a|an|two|three|\d)\b", re.I
)
# an age in a self-description: "34, nurse on a cardiac ward", "a retired petroleum engineer,
# 67, living in Lagos", "38 and never run more than 10k", "an apprenticeship ... at 31 lol"
_AGE_LISTED = re.compile(
    r"(?:^|[,:;]\s*|\b(?:engineer|nurse|teacher|retired|student|mum|mom|dad|here)\s*,\s*)"
    r"(?P<obj>1[6-9]|[2-9]\d)(?=\s*,\s*(?:a|an|the|on|in|from|with|never|decent|fairly|pretty|"
    r"\w+(?:ing|er|or|ist|ian)|retired|living|"
    r"married|single|divorced|mum|mom|dad|nurse|two|three|\d)\b|\s+and\s+(?:never|still|just|"
    r"a|an|i|my|single|married|retired)\b)|"
    r"\bat\s+(?P<obj2>1[6-9]|[2-9]\d)\s+(?:lol|haha|lmao|now|already|years?\s+old)\b|"
    # "ok so context: 24, just started as a junior data analyst"
    r"\bcontext\s*(?:first\s*)?:\s*(?P<obj3>1[6-9]|[2-9]\d)\s*,",
    re.IGNORECASE,
)


_PARTNERS = {"wife": "wife", "husband": "husband", "hubby": "husband", "missus": "missus"}


def household(sentence: str) -> list[tuple[MemoryKind, str, str | None]]:
    """Who the user lives or does things with, said on the way, even inside a question ("anything
    free to do with the kids in hull?"): a fact that a persona for family tasks needs."""
    out: list[tuple[MemoryKind, str, str | None]] = []
    for found in _HOUSEHOLD.finditer(sentence):
        before = sentence[: found.start()]
        if OTHER_SUBJECT.search(before.split(",")[-1]) or re.search(r"\bnot\s+$", before, re.I):
            continue  # "my sister and her kids": hers; "my son, not my daughter"
        who = next(v for v in found.groupdict().values() if v).lower()
        if who in _PARTNERS:
            out.append((MemoryKind.FACT, f"has a {_PARTNERS[who]}", "relationship"))
        elif who in ("mum", "mom", "dad", "parent"):
            out.append((MemoryKind.FACT, f"single {who}", None))
        else:  # "has kids", "has a toddler"
            plural = who.endswith(("s", "ren"))
            out.append((MemoryKind.FACT, f"has {'' if plural else 'a '}{who}", None))
    return list(dict.fromkeys(out))


# a goal announced with a label: "new year goal: first half marathon", "resolution: run more"
_WHEN_BY = (
    r"(?:by|before)\s+(?:the\s+end\s+of\s+)?(?:next\s+|this\s+)?(?:january|february|march|april|"
    r"may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|"
    r"sept?|oct|nov|dec|summer|winter|spring|autumn|fall|christmas|xmas|easter|then|(?:the\s+)?"
    r"year|(?:19|20)\d\d|(?:the\s+|my\s+|our\s+)(?:wedding|race|trip|holidays?|move|baby))\b"
)
# a thing wanted by a date is a goal: "we want a second truck by december", "i want 10 kilos
# gone before then"; a credential needed is one too: "I need 7.0 IELTS", "I need German B2"
_WANTED_BY = re.compile(
    r"\b(?:i|we)\s+(?:really\s+|just\s+|still\s+)?(?:want|need|'d\s+like)\s+(?!to\b)"
    r"(?P<obj>[^,.;!?]{2,40}?)\s+(?:gone\s+|done\s+|sorted\s+|paid\s+off\s+|saved\s+)?"
    + _WHEN_BY
    + r"|\b(?:i|we)\s+(?:still\s+|also\s+)?need\s+(?:a\s+|an\s+|my\s+|to\s+(?:get|pass)\s+)?"
    r"(?P<obj2>(?:\d(?:\.\d)?\s+(?:in\s+|on\s+)?)?(?:ielts|toefl|oet|nclex|pte|gre|gmat|"
    r"(?:german|french|spanish|english|dutch|italian|japanese|portuguese|norwegian|swedish|"
    r"danish|finnish|polish|czech|korean|chinese|mandarin)\s+[abc][12]|[abc][12]\s+(?:in\s+)?"
    r"(?:german|french|spanish|english|dutch|italian|japanese|portuguese|norwegian|swedish)|"
    r"(?:a\s+)?(?:degree|diploma|masters?|phd)|(?:driving\s+)?licen[cs]e))\b",
    re.IGNORECASE,
)
_GOAL_LABEL = re.compile(
    r"^\W*(?:(?:my|our)\s+)?(?:new\s+years?'?s?\s+|\d{4}\s+|this\s+year'?s?\s+|big\s+|main\s+)?"
    r"(?:goal|resolution|target|dream|plan)(?:\s+for\s+(?:\d{4}|this\s+year|the\s+year))?\s*:\s*"
    r"(?P<obj>[^.!?,;]{3,80})",
    re.IGNORECASE,
)


def _own(match: re.Match[str] | None, sentence: str) -> TypeGuard[re.Match[str]]:
    """A match the user says of themselves: no one else is the subject before it."""
    return match is not None and not OTHER_SUBJECT.search(sentence[: match.start()])


_WANTED_NEEDLES = needles(_WANTED_BY)
_ROLE_NOUN_NEEDLES = needles(_ROLE_NOUN)
_QUIT_NEEDLES = needles(_QUIT_HABIT)


def passing_facts(sentence: str) -> list[tuple[MemoryKind, str, str | None]]:
    """Personal facts said in passing: a partner ("me and my girlfriend"), being married, a
    name ("I'm Priya, 34"), home ("Brisbane's home"), a pet with its name."""
    out: list[tuple[MemoryKind, str, str | None]] = []
    if sentence.rstrip().endswith("?"):
        return out
    folded = sentence.casefold()
    labelled = _GOAL_LABEL.match(sentence)
    if labelled:  # "new year goal: first half marathon"
        out.append((MemoryKind.GOAL, labelled.group("obj").strip(), None))
    wanted = _WANTED_BY.search(sentence) if may_match(_WANTED_NEEDLES, folded) else None
    if _own(wanted, sentence) and not HYPOTHETICAL.search(sentence):
        out.append((MemoryKind.GOAL, (wanted.group("obj") or wanted.group("obj2")).strip(), None))
    partner = _RELATION.search(sentence)
    if partner:
        who = _PARTNERS.get((partner.group("obj2") or "").lower()) or partner.group("obj").lower()
        out.append((MemoryKind.FACT, f"has a {who}", "relationship"))
    elif married := _MARRIED.search(sentence):  # says nothing against "has a husband"
        status = married.group("obj") or married.group("obj2") or married.group("obj3")
        out.append((MemoryKind.FACT, status.lower(), None))
    name = _NAME.search(sentence)
    if name and not _NOT_NAMES.match(name.group("obj")):
        out.append((MemoryKind.FACT, name.group("obj"), "name"))
    home = _HOME.search(sentence)
    if home:
        out.append((MemoryKind.FACT, home.group("obj") or home.group("obj2"), "location"))
    habit = _ACTIVITY_HABIT.search(sentence)
    if habit:  # "currently running about 15km a week"
        activity = next(habit.group(g) for g in ("obj", "obj2", "obj3", "obj4") if habit.group(g))
        out.append((MemoryKind.PREFERENCE, activity.lower(), None))
    age = _AGE_AND.search(sentence) or _AGE_OLD.search(sentence)
    listed = None if age else _AGE_LISTED.search(sentence)
    life = _JOB_LIFE.search(sentence)
    if life and OCCUPATION.search(
        head_noun(life.group("obj"))
    ):  # "vet tech life means 12hr shifts"
        out.append((MemoryKind.FACT, life.group("obj"), "job"))
    if age:
        out.append((MemoryKind.FACT, age.group("obj"), "age"))
    elif _own(listed, sentence):
        age_said = next(v for v in listed.groupdict().values() if v)
        out.append((MemoryKind.FACT, age_said, "age"))
    role = _BARE_ROLE.search(sentence)
    if role and OCCUPATION.search(head_noun(role.group("obj"))):
        # "i am QA engineer in Timisoara", "now i am home baker": the article is often left out
        out.append((MemoryKind.FACT, role.group("obj"), "job"))
        where = workplace(role.group(0)[role.start("obj") - role.start() :])
        if where:
            out.append((MemoryKind.FACT, where, "location"))
    taken = _NEW_ROLE.search(sentence)
    if _own(taken, sentence):
        role = taken.group("obj") or taken.group("obj2")
        if OCCUPATION.search(head_noun(role)):
            out.append((MemoryKind.FACT, head_noun(role), "job"))
            if taken.group("org"):
                out.append((MemoryKind.FACT, taken.group("org"), "employer"))
    paid_as = _AS_A.search(sentence)
    if _own(paid_as, sentence) and OCCUPATION.search(head_noun(paid_as.group("obj"))):
        out.append((MemoryKind.FACT, head_noun(paid_as.group("obj")), "job"))
    quit = _QUIT_HABIT.search(sentence) if may_match(_QUIT_NEEDLES, folded) else None
    if _own(quit, sentence) and not HYPOTHETICAL.search(sentence):
        habit = re.sub(r"^the\s+", "", quit.group("obj").lower())
        out.append((MemoryKind.FACT, f"quit {habit}", None))
    line = _DO_AT.search(sentence)
    if _own(line, sentence):
        out.append((MemoryKind.FACT, line.group("obj"), "job"))
    living = _FOR_A_LIVING.search(sentence)
    if _own(living, sentence):
        out.append((MemoryKind.FACT, living.group("obj"), "job"))  # "i drive trucks for a living"
    stint = _TIME_IN_ROLE.match(sentence)
    if stint and OCCUPATION.search(head_noun(stint.group("obj"))):
        out.append((MemoryKind.FACT, head_noun(stint.group("obj")), "job"))
    paid = _ROLE_NOUN.search(sentence) if may_match(_ROLE_NOUN_NEEDLES, folded) else None
    if (
        _own(paid, sentence)
        and not _SOUGHT.search(sentence[: paid.start()])
        and OCCUPATION.fullmatch(head_noun(paid.group("obj")))
    ):
        out.append((MemoryKind.FACT, paid.group("obj"), "job"))
    retired = _RETIRED.search(sentence)
    if _own(retired, sentence):
        out.append((MemoryKind.FACT, "retired", "job"))
    family = _FAMILY.search(sentence)
    if _own(family, sentence):
        kid = family.group("obj") or family.group("obj2") or family.group("obj3") or "baby"
        said = "has twins" if kid == "twins" else f"has a {kid.lower()}"
        out.append((MemoryKind.FACT, said, None))
    new_pet = _NEW_PET.search(sentence)
    if _own(new_pet, sentence):
        out.append((MemoryKind.FACT, f"has a {new_pet.group('obj').lower()}", None))
    pet = _NAMED_PET.search(sentence)
    if _own(pet, sentence):
        out.append((MemoryKind.FACT, pet.group("obj"), None))
    return out
