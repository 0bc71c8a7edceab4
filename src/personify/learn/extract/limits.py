"""Constraints named by what they are, wherever they sit in a sentence.

"severe peanut allergy", "lactose intolerant", "gluten-free because of celiac", "wheelchair
user", "can't go over 1500", "garlic still wrecks me", "my knees won't love the descent":
what the user cannot or must not, in a first-person or subject-less sentence, never someone
else's ("my son has a nut allergy") and never a question or a what-if.
"""

from __future__ import annotations

import re

from personify.learn.extract.advice import advised_limits
from personify.learn.extract.clauses import OTHER_SUBJECT, QUESTION, RELATIVES
from personify.learn.extract.disclosure import HYPOTHETICAL
from personify.learn.extract.gate import may_match, needles

# Constraints named by what they are, wherever they sit in a first-person or subject-less
# sentence: "severe peanut allergy", "lactose intolerant", "gluten-free because of celiac",
# "wheelchair user", "can't go over 1500".
_SEVERITY = (
    r"(?:(?:a|an|my|severe|mild|bad|serious|slight|deadly|life-threatening|major|minor)\s+)*"
)
_CURRENCY = (
    r"k|dollars?|euros?|pounds|bucks|quid|grand|usd|eur|gbp|chf|francs|rupees|rs|inr|aud|cad|"
    r"nzd|baht|pesos?|rand|lei|zloty|kroner|kronor|krona|kr|yen|won|ringgit|cedis?|naira|shillings?|"
    r"dirhams?|riyals?|lira|reais|soles|dong|rupiah|ntd"
)
# a diet kept by faith, which holds beside an eating pattern ("vegetarian and halal"): neither
# replaces the other in the diet slot
RELIGIOUS_DIETS = frozenset({"halal", "kosher"})
# the diets a user is on, by name (a slot: a new one replaces the old)
DIETS = (
    r"(?:vegan|vegetarian|veggie|pure\s+veg|pescatarian|pescetarian|keto|paleo|plant[- ]based|"
    r"jain)"
)
# parts of the body that set limits when they are hurt (not the calves sore after a run)
_BODY = (
    r"(?:knees?|back|hips?|ankles?|shoulders?|wrists?|neck|elbows?|achilles|hamstrings?|groin|"
    r"feet|foot|heels?|fingers?|hip\s+flexors?)"
)
_CONSTRAINT_SHAPES: list[tuple[re.Pattern[str], float, str | None]] = [
    (
        re.compile(
            rf"\b{_SEVERITY}(?!(?:severe|mild|bad|serious|slight|deadly|major|minor|have|has|had|"
            r"got|get|with|some|the|this|that|of|my|own|new|an?)\b)"
            r"(?P<obj>[\w-]+(?:\s+(?!allergy|intolerance)[\w-]+)?)\s+"
            r"(?:allergy|allergies|intolerance|sensitivity)\b|"
            r"\b(?:allergic|intolerant|sensitive|anaphylactic)\s+to\s+(?P<obj2>[\w -]+?)"
            r"(?=[,.;!(]|\s+\(|\s+(?:and|so|but|because|like|tho|though|lol|haha|tbh|btw|ngl|"
            r"which|too|as\s+well|since|after)\b|$)|"
            r"\b(?P<obj3>[\w]+)[- ]intolerant\b|"
            # "i carry an epipen for tree nuts"
            r"\b(?:carry|have|got|keep)\s+(?:an?\s+|my\s+)?epi-?pens?\s+(?:for|because\s+of)\s+"
            r"(?P<obj4>[\w -]+?)(?=[,.;!(]|\s+(?:and|so|but|because|tho|though)\b|$)",
            re.IGNORECASE,
        ),
        -1.0,
        None,
    ),
    (
        re.compile(
            # ("decided to eat some chicken and fish again")
            r"\b(?P<obj>(?:eat(?:ing)?|back\s+on)\s+(?:some\s+)?(?:red\s+|white\s+)?(?:meat|chicken|beef|"
            r"pork|fish\s+and\s+(?:meat|chicken)|(?:chicken|meat)\s+and\s+fish)\s+"
            r"(?:again|now)|(?:start(?:ed|ing)?|began|back\s+to)\s+eating\s+fish(?:\s+and\s+seafood)?\s+"
            r"again|(?:adding|added|add|bringing|brought)\s+fish(?:\s+and\s+(?:eggs|seafood|dairy))?\s+"
            r"back(?=[^.!?]*\bno\s+meat\b|\s*(?:[,.!;]|$)|\s+(?:in|into|to)\s+my\s+diet)|(?:no\s+longer|not)\s+(?:a\s+)?"
            r"(?:vegan|vegetarian|pescatarian)(?:\s+any\s?more)?|(?:stopped|quit)\s+being\s+"
            r"(?:vegan|vegetarian|pescatarian))\b",
            re.IGNORECASE,
        ),
        1.0,
        "diet",
    ),
    (  # a religious law of eating: a diet beside any eating pattern (see RELIGIOUS_DIETS)
        re.compile(r"\b(?P<obj>halal|kosher)\b", re.IGNORECASE),
        1.0,
        "diet",
    ),
    (
        re.compile(
            rf"\b(?P<obj>{DIETS})\b|"
            # a way of eating named as one (not "a mediterranean place"): "going with mediterranean
            # style eating now", "my dietitian has me doing mediterranean"
            r"\b(?:doing|going|on|switch(?:ed|ing)?\s+to|following|eating)\s+(?:with\s+)?(?:a\s+|the\s+)?"
            r"(?P<obj2>mediterranean)(?=(?:[\s-]+(?:style|diet|eating|now|instead|these\s+days))*"
            r"\s*(?:[,.;!?]|$|\s+(?:now|and|but|so|instead)\b))|"
            r"\b(?P<obj3>mediterranean)\s+diet\b",
            re.IGNORECASE,
        ),
        1.0,
        "diet",
    ),
    (
        re.compile(
            r"\b(?P<obj>gluten[- ]free|dairy[- ]free|nut[- ]free|celiac|coeliac|"
            r"(?:pre-?)?diabetic|type [12] diabetes|low[- ]carb|low[- ](?:sodium|salt)|"
            r"sugar[- ]free|"
            r"wheelchair(?:\s+user)?|hard of hearing|deaf|blind|visually impaired|"
            # a mobility or hearing aid in use: "retired nurse, use a cane", "I use hearing aids"
            r"(?:(?<=\buse\s)|(?<=\buses\s)|(?<=\busing\s)|(?<=\bneed\s)|(?<=\bneeds\s))"
            r"(?:a\s+|my\s+)?(?:cane|walking\s+(?:stick|frame|aid)|zimmer(?:\s+frame)?|rollator|"
            r"mobility\s+scooter|crutches|hearing\s+aids?|cochlear\s+implants?)\b|"
            rf"(?:bad|dodgy|busted|weak) (?:(?:left|right|lower) )?{_BODY}|"
            # "patellofemoral pain syndrome", "shin splints", "hayfever"
            r"(?:[\w-]+\s+){1,2}syndrome|carpal\s+tunnel|tendinopathy|shin\s+splints|"
            r"stress\s+fracture|bunions?|hayfever|hay\s+fever|"
            r"(?:hip|knee|shoulder|ankle)\s+replacement|"
            r"(?:can't|cannot|can not) (?:lift|walk|climb) [\w ]{2,20}?(?=[,.;!]|$)|"
            r"(?:osteo|rheumatoid\s+)?arthritis|asthma|epilepsy|migraines|pregnant|sober|teetotal|"
            r"screen\s+reader|rsi|(?-i:POTS)|heart\s+failure|(?-i:CKD)|type\s*[12]\s+diabet\w*|"
            r"(?:(?<=had\sa\s)|(?<=since\smy\s)|(?<=after\smy\s)|(?<=post-))stroke|(?<=my\s)endo|"
            r"tinnitus|multiple\s+sclerosis|(?<=my\s)MS|IBS|crohn'?s|colitis|gout|hypertension|"
            r"fibromyalgia|copd|lupus|endometriosis|pcos|vertigo|long\s+covid|chronic\s+fatigue|"
            r"gastritis|gerd|acid\s+reflux|eczema|psoriasis|sciatica|tendon?itis|plantar\s+fasciitis|"
            r"(?:peri)?menopaus(?:e|al)|parkinson'?s|sleep\s+apnea|stomach\s+ulcers?|diverticulitis|"
            r"osteoporosis|bursitis|hypothyroid(?:ism)?|"
            r"(?:my\s+)?cholesterol(?=\s+(?:was|is|'s)\s+(?:bad|high|up|terrible|awful))|"
            r"epileptic|asthmatic|an(?:a)?emi[ac]|heart\s+condition|(?:kidney|liver|thyroid)\s+"
            r"(?:condition|disease|problems?)|on\s+(?:blood\s+thinners|insulin|chemo|dialysis|"
            r"warfarin|antidepressants|medication)|"
            # a medicine changed by the doctor: "they switched me to apixaban"
            r"(?:(?<=switched\sme\sto\s)|(?<=put\sme\son\s)|(?<=started\sme\son\s))"
            r"[a-z]{4,}(?:ban|pril|sartan|olol|statin|pine|mab|xin|ide|"
            r"zole|parin|formin|mide|lin|cin)|"
            r"(?:get|gets|getting)\s+(?:\w+ly\s+|really\s+|so\s+|"
            r"very\s+|super\s+)?(?:motion|car|sea|air)\s*sick|"
            # "my knees won't have it anymore", "my knees packed up": a body that sets limits
            r"(?<=my\s)(?:knees?|back|hips?|shoulders?|ankles?|wrists?)(?=\s+(?:won't|wont|can't|cant|"
            r"cannot|don't|dont)\s+(?:have|take|handle|cope|do)\b|\s+(?:packed\s+up|gave\s+(?:out|up)|"
            r"(?:are|is)\s+(?:shot|gone|knackered|wrecked|done|bad|dodgy)))|"
            r"(?:get|gets|getting)\s+(?:really\s+|so\s+)?sick\s+(?:going|sitting|facing|riding)\s+"
            r"backwards|"
            r"recovering\s+from\s+(?:(?:a|an|my)\s+)?[\w-]+\s+(?:surgery|operation|injury|"
            r"fracture)|fasting\s+for\s+ramadan|"
            r"(?:high|raised)\s+(?:cholesterol|blood\s+pressure)|(?:cholesterol|blood\s+pressure|"
            r"blood\s+sugar)(?:'s|\s+(?:is|was|came\s+back|has\s+been))\s+(?:really\s+|a\s+bit\s+|too\s+)?"
            r"(?:high|up|raised|elevated)|(?:cholesterol|blood\s+pressure|blood\s+sugar)(?:'s|\s+(?:is|"
            r"was))?\s+(?:through\s+the\s+roof|sky[- ]high|off\s+the\s+charts)|"
            # "I don't drink alcohol though", "I don't drink, remember?": an abstention
            r"(?:don't|do\s+not|never)\s+drink(?:\s+(?:alcohol|booze))?(?=\s*(?:[,.;!?]|$|\s+(?:though|"
            r"tho|anymore|any\s+more|at\s+all|remember)\b))|"
            # "i stopped drinking 6 months ago", "quit the booze": an abstention now
            r"(?:stopped|quit|gave\s+up|given\s+up|off\s+the)\s+(?:drinking|alcohol|booze|the\s+booze)"
            r"(?!\s+(?:coffee|tea|soda|coke|juice|milk|energy)\b)|"
            r"hearing\s+aids?|crutches|mobility\s+scooter|guide\s+dog|colou?r\s*blind|"
            r"macular\s+degeneration|glaucoma|cataracts?|low\s+vision|partially\s+sighted|"
            r"dyslexi[ac]|adhd|autis(?:m|tic)|ibs|crohn's|low[- ]fodmap|bipolar|ocd|ptsd|"
            r"(?<!great\s)(?<!economic\s)depression|"
            r"(?:walk|get\s+around)\s+with\s+a\s+(?:cane|stick|walker|frame)|"
            r"(?:can't|cannot)\s+(?:kneel|bend(?:\s+down)?|squat|jump|climb\s+stairs|do\s+stairs|"
            r"stand\s+for\s+long|sit\s+for\s+long|walk\s+far|drive\s+far))\b",
            re.IGNORECASE,
        ),
        1.0,
        None,
    ),
    (  # a medicine the user cannot take: "i can't take triptans, they make my chest tight"
        re.compile(
            r"\b(?:can't|cannot|can\s+not|shouldn't|mustn't|not\s+allowed\s+to)\s+(?:take|have|be\s+on)\s+"
            r"(?P<obj>ibuprofen|aspirin|nsaids|penicillin|codeine|paracetamol|steroids|antibiotics|"
            r"[a-z]+(?:tan|tans|pril|prils|olol|statin|statins|cillin|mycin|prazole|profen))\b",
            re.IGNORECASE,
        ),
        -1.0,
        None,
    ),
    (  # what it must be: "it has to be cheap", "i'm a student so cheap matters"
        re.compile(
            r"\b(?:has|needs|have|need|got)\s+to\s+be\s+(?P<obj>cheap|affordable|low[- ]cost)\b|"
            r"\b(?P<obj2>cheap)\s+(?:matters|is\s+key|is\s+a\s+must|is\s+important)\b",
            re.IGNORECASE,
        ),
        1.0,
        None,
    ),
    (  # "My known triggers are red wine and aged cheese": what sets a condition off
        re.compile(
            r"\bmy\s+(?:known\s+|main\s+|biggest\s+|migraine\s+|asthma\s+|eczema\s+)?triggers?\s+"
            r"(?:are|is|include)\s+(?P<obj>[^.;!?]{2,60}?)(?=[.;!?]|$)|"
            # "my migraines are triggered by red wine and aged cheeses"
            r"\bmy\s+(?:migraines?|asthma|eczema|ibs|reflux|headaches|hives|flare-?ups?)\s+(?:are|is|get)\s+"
            r"(?:usually\s+|mostly\s+|always\s+)?(?:triggered|set\s+off|caused)\s+by\s+"
            r"(?P<obj2>[^.;!?]{2,60}?)(?=[.;!?]|$)",
            re.IGNORECASE,
        ),
        -1.0,
        None,
    ),
    (
        re.compile(
            # "my knees are shot", "..., knees are shot"
            r"(?:\bmy\s+|(?:^|[,;]\s*))"
            rf"(?P<obj>(?:left\s+|right\s+|bad\s+|lower\s+)?{_BODY})(?:'s|'re|\s+(?:is|are|has|have))?\s+"
            r"(?:been\s+|gotten\s+|getting\s+)?(?:really\s+|pretty\s+|a\s+bit\s+|still\s+)?"
            r"(?:dodgy|bad|weak|shot|wrecked|killing\s+me|knackered|cranky|tight|niggly|tweaked|"
            r"strained|sprained|stiff|grumbly|flaring(?:\s+up)?|"
            r"(?:not|aren't|isn't)\s+(?:great|good|the\s+best|what\s+(?:they|it)\s+(?:were|was|"
            r"used\s+to\s+be))|done(?:\s+with)?|gave\s+(?:up|out)|"
            r"(?:can't|cannot|won't|don't|doesn't)\s+(?:take|handle|love|like|do|cope\s+with)|hurts|"
            r"hurting|playing\s+up|acting\s+up|sore|injured)|"
            # "back pain from driving lorries all day", "my chronic neck pain"
            r"(?:\bmy\s+|^\W*|[,;]\s*|\bwith\s+|\bhave\s+|\bgot\s+)"
            r"(?P<obj2>(?:chronic\s+|lower\s+|bad\s+|constant\s+)?(?:back|knee|hip|neck|shoulder|"
            r"wrist|joint|nerve|foot|heel|chronic)\s+pain)\b",
            re.IGNORECASE,
        ),
        1.0,
        None,
    ),
]


# caffeine given up is a limit, mostly a medical one: "quit caffeine 3 weeks ago bc of palpitations"
_CONSTRAINT_SHAPES += [
    (
        re.compile(
            r"\b(?:quit|quitting|stopped|gave\s+up|given\s+up|giving\s+up|cut\s+out|cutting\s+out|"
            r"off|avoid|avoiding|can't\s+have|cannot\s+have|no\s+more|cut|ditched|dropped)\s+"
            r"(?P<obj>caffeine)\b",
            re.IGNORECASE,
        ),
        -1.0,
        None,
    ),
]

# money is tight: "im broke, scholarship only", "on a shoestring budget"
_CONSTRAINT_SHAPES += [
    (
        re.compile(
            r"\b(?:i'm|im|i\s+am|we're|we\s+are)\s+(?:so\s+|totally\s+|pretty\s+|flat\s+|a\s+bit\s+)?"
            r"(?P<obj>broke|skint|strapped\s+for\s+cash)\b|"
            r"\bon\s+a\s+(?P<obj2>(?:(?:tight|shoestring|small|student|strict|limited)\s+)?budget)\b|"
            r"\bmoney(?:'s|\s+is)\s+(?:really\s+|so\s+|very\s+|pretty\s+|a\s+bit\s+)?(?P<obj3>tight)\b|"
            # "cheap ones, payday's not till the 28th": cheap, for a reason of money
            r"\b(?P<obj4>cheap)\b(?=[^.!?]*\b(?:payday|pay\s+day|student\s+loan|loan|broke|skint|"
            r"afford|paycheck|pay\s*cheque|until\s+i\s+get\s+paid)\b)",
            re.IGNORECASE,
        ),
        -1.0,
        "money",
    ),
]

# A cap on money or time, wherever the amount sits: "max 700", "under £200??", "800 euros max",
# "nothing over 30 quid on eating out", "budget ~£1200", "600 quid is my absolute max", "20 min a
# day max", "i only get like 30 min". A cap asked inside a request is still the user's cap. A
# figure with no currency is read only beside a strong cap word ("max 400", not "under 250"),
# and time only beside one ("under 4 hours" is a race, "max 8 hrs a week" a limit).
_NUMBER = r"\d+(?:[.,]\d+)*"
_SIGN = r"(?:[$\u20ac\u00a3\u00a5\u20b9\u20a9\u20a6]|RM(?=\s?\d)|R(?=\d)|Rs\.?\s?)"
_PER = (
    r"(?:\s?(?:a|an|per|/)\s?(?:night|nite|week|wk|month|mo|day|person|head|pp|bottle|year|yr|"
    r"hour|hr))"
)
_SUM = (  # a sign or a currency's name, not "k" alone ("5k" is as often a race as a sum)
    rf"(?:{_SIGN}\s?{_NUMBER}\s?k?(?:\s?(?:{_CURRENCY})\b)?|"
    rf"{_NUMBER}\s?k?\s?(?:(?!k\b)(?:{_CURRENCY}))\b|{_NUMBER}\s?[$\u20ac\u00a3])"
)
_MONEY_NAMED = rf"{_SUM}{_PER}?"
_MONEY_PER = rf"(?:{_SUM}|{_NUMBER})(?:\s+(?:for|on)\s+\w+)?{_PER}"  # "400 lei for food per month"
_MONEY = rf"(?:{_MONEY_NAMED}|{_NUMBER}\s?k\b(?!\s?(?:run|race|pace|time|steps)){_PER}?)"
_BARE = (  # a figure that is no count of something else ("max 12 people", "up to 1650")
    rf"[1-9]\d*(?:[.,]\d+)*(?<!\b\d)\s?k?{_PER}?(?![.,]?\d|[%:/-])(?!\s?(?:min(?:ute)?s?|hours?|hrs?|h|km|kms|kg|kgs|"
    r"g|m|cm|mm|mi|miles?|lbs?|gb|tb|x|people|persons?|guests?|kids|pages|words|days?|weeks?|"
    r"months?|years?|yrs?|yo|ft|feet|inch(?:es)?|degrees?|steps|reps|sets|calories|kcal|carbs|"
    r"grams?|percent|points?|elo|stars?)\b)"
)
_SPAN = (
    rf"{_NUMBER}\s?(?:min(?:ute)?s?|hours?|hrs?|h)\b"
    r"(?:\s?(?:a|per|/|each)\s?(?:day|week|night|evening|session|workout))?"
)
_SOFT = (
    r"(?:(?:like|about|around|roughly|approx\.?|approximately|maybe|only|just|absolute|hard|"
    r"strict|a\s+max(?:imum)?\s+of)\s+|~\s?)*"
)
_CONSTRAINT_SHAPES += [
    (
        re.compile(
            # a strong cap word before it: any amount, money, time or a bare figure
            r"\b(?:max(?:imum)?(?:\s+of)?|budget(?:'s|\s+is|\s+of|\s+on)?|(?:hard\s+)?cap(?:\s+is|"
            r"\s+of|\s+at)?|ceiling(?:\s+is|\s+of)?|limit(?:\s+is|\s+of)?|no\s+more\s+than|"
            r"not\s+more\s+than|at\s+most|(?:nothing|anything)\s+(?:over|above|more\s+than)|"
            r"(?:can't|cannot|can\s+not|won't|don't\s+want\s+to|do\s+not\s+want\s+to|"
            r"refuse\s+to|not\s+(?:going|willing)\s+to)\s+(?:go|spend|"
            r"pay)\s+(?:over|above|more\s+than)|(?:can|could)\s+only\s+(?:spend|afford|do|manage)|"
            rf"only\s+(?:have|get|got))\s+{_SOFT}(?P<obj>{_MONEY}|{_SPAN}|{_BARE})|"
            # a weak one: money only ("under £200", "on like 25 dollars")
            # ("I must keep it to about 40 pounds a week": money, not "keep it under 10 minutes")
            rf"\b(?:under|below|less\s+than|within|on|up\s+to|keep\s+(?:it|things|spending|costs?)\s+"
            # "we can go to about £600", "could stretch to 800 quid"
            rf"to|(?:can|could)\s+(?:go|stretch|run)\s+(?:up\s+)?to|(?:can|could)\s+(?:afford|spend))"
            rf"\s+{_SOFT}(?P<obj2>{_MONEY}|"
            rf"{_NUMBER}\s?(?:a|an|per|/)\s?(?:night|nite|person|pp|head)\b)|"  # "under 180/night"
            # money to live on: "got £50 a week", "and 400 lei for food per month"
            rf"\b(?:have|got|and)\s+{_SOFT}(?P<obj4>{_MONEY_PER})|"
            # a cap word after it: "800 euros max", "600 quid is my absolute max"
            rf"(?:^|(?<=[\s,(:~]))(?P<obj3>{_MONEY}|{_SPAN}|{_BARE})\s+(?:(?:for|on)\s+\w+(?:\s+\w+)?\s+)?"
            r"(?:max|maximum|tops|at\s+most|all\s+in|or\s+less|(?:is|'s)\s+(?:my|our|the)\s+"
            r"(?:absolute\s+|hard\s+|upper\s+|total\s+)?(?:max|maximum|limit|budget|ceiling|cap))\b|"
            # "about £300 total for 2 nights", "under 2k total": a sum, not a span or a figure
            rf"\b(?:about|around|like|under|max|only|have|got)\s+{_SOFT}(?P<obj5>{_MONEY})\s+total\b",
            re.IGNORECASE,
        ),
        -1.0,
        "budget",
    ),
]

_BECAUSE = r"since|because|cos|cause|bc"  # a reason begins: what follows names the thing
# a reaction names what to avoid: "peanuts make my throat itch", "dairy gives me hives"
_CONSTRAINT_SHAPES += [
    (
        re.compile(
            rf"(?:^|[,;]\s*|\b(?:but|and|so|{_BECAUSE})\s+)"
            r"(?!(?:this|that|it|these|those|work|school|my|his|her|our|their|he|she|they)\b)"
            # (a reason names the thing: "i use oat milk since dairy messes up my stomach")
            rf"(?P<obj>(?:(?!\b(?:{_BECAUSE})\b)[\w' -]){{3,30}}?)\s+"
            r"(?:still\s+|always\s+|just\s+|really\s+)?"
            r"(?:make|makes|made|give|gives|gave)\s+"
            r"(?:me|my\s+(?:throat|mouth|lips|skin|face|stomach|tummy|eyes)\s*)\s*"
            r"(?:(?:really\s+|bad\s+|awful\s+|terrible\s+|instant\s+|heart\s+|the\s+|a\s+)+)?"
            r"(?:itch\w*|swell\w*|break\s+out|hives|rash|rashes|bloated|migraines?|cramps|"
            r"heartburn|reflux|close\s+up|tingl\w*|ill|unwell|headaches?|palpitations|nause\w*|"
            r"sick|jitters|jittery|stomach\s*aches?|chest\s+pains?|problems|trouble)\b|"
            # "garlic still wrecks me", "onions destroy my stomach", "lights = instant migraine"
            rf"(?:^|[,;]\s*|\b(?:but|and|so|{_BECAUSE})\s+)"
            r"(?!(?:this|that|it|these|those|work|school|my|his|her|our|their|he|she|they)\b)"
            # (not "night shifts are going to destroy me": a complaint, no limit)
            r"(?P<obj2>(?:(?!\b(?:is|are|was|were|going|gonna|will|"
            rf"{_BECAUSE})\b)[\w' -]){{3,30}}?)"
            r"\s+"
            r"(?:still\s+|always\s+|just\s+|totally\s+|absolutely\s+)?"
            r"(?:wrecks?|destroys?|kills?|murders?|hurts|wipes?\s+out|messes?\s+up|wreaks?\s+havoc\s+on|"
            r"(?:does|do)\s+a\s+number\s+on|(?:does|do)\s+me\s+in|"
            r"(?:does|do)\s+(?:horrible|awful|bad|terrible)\s+things\s+to)\s+"
            r"(?:me|my\s+(?:stomach|tummy|gut|skin|head|insides|bowels|digestion|back|knees?|"
            r"joints|hips?|neck|shoulders?|wrists?))\b|"
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
            r"(?:non[- ]?negotiable|a\s+must(?:-have)?|essential|a\s+dealbreaker)"
            r"(?:\s+for\s+(?:me|us))?\b|"
            r"\b(?:need|needs|must\s+have)\s+(?:a\s+|an\s+)?(?P<obj2>[\w' -]{3,30}?),?\s+"
            r"(?:it's\s+|that's\s+)?non[- ]?negotiable\b",
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


# limits someone who treats the user set, and what the user can manage: "physio says no
# stairs for another month", "my pt says no lifting over 20 lbs", "can manage about 20 min"
_CONSTRAINT_SHAPES += [
    (
        re.compile(
            r"\b(?:doctor|doc|gp|physio|pt|physiotherapist|consultant|surgeon|dentist|neurologist|"
            r"cardiologist|specialist|midwife|dietitian|nutritionist|gastro|ortho|orthopaedist|"
            r"orthopedist|audiologist|dermatologist|rheumatologist|osteo|chiro|optician|"
            r"optometrist|nurse|oncologist|obgyn|ob|pharmacist|leaflet|label)(?:'s|\s+(?:says|said|"
            r"told\s+me|wants\s+me|(?:has\s+)?(?:asked|advised|told)\s+me))\s+"
            # (the advice may come after why: "GP says my bp's high, needs to come down, cut salt")
            r"(?:[^.;!?]{0,60}?(?:,\s*|\s+(?:so|and)\s+))?(?:to\s+)?(?:no|not\s+to|"
            r"avoid|stay\s+off|cut\s+out|no\s+more|give\s+up|stop|quit|cut\s+down\s+on|cut\s+back\s+on|"
            r"cut|limit|reduce)\s+"
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


# "I run a CPAP for sleep apnea", "I was diagnosed with POTS": the user's condition
_TREATED_FOR = re.compile(
    r"\b(?:i|i'm|im|i've|ive)\b[^,;.!?]*\b(?:for|with|from)\s+(?:my\s+)?$", re.IGNORECASE
)
# a condition that also names a person: "a main that works for a coeliac", "safe for diabetics"
_A_PERSON = re.compile(
    r"\b(?:vegans?|vegetarians?|pescatarians?|c(?:o)?eliacs?|diabetics?|epileptics?|asthmatics?)$",
    re.IGNORECASE,
)
_FOR_THEM = re.compile(
    rf"\s*(?:\w+\s+)?for\s+(?:him|her|them|the\s+kids|(?:my|our)\s+(?:{RELATIVES})|everyone|"
    r"everybody|the\s+(?:table|group|party|guests|rest|others|family))\b",
    re.I,
)
_DROPPED_BEFORE = re.compile(
    r"\b(?:done\s+with|no\s+more|quit|gave\s+up(?:\s+on)?|off|ditched|dropped|stopped|over|"
    r"packed\s+in|jacked\s+in|binned|abandoned|came\s+off)\s+"
    r"(?:the\s+|my\s+)?$",
    re.IGNORECASE,
)
_DROPPED_AFTER = re.compile(
    r"(?:(?:\s+is|\s+was|'s)\s+(?:(?:officially|so|totally|well\s+and\s+truly|definitely)\s+)?"
    r"(?:dead|over|done|finished|a\s+(?:disaster|bust|fail))|\s+(?:didn't\s+work|"
    r"did\s+not\s+work|(?:is|was)\s+not\s+for\s+me|"
    # "welp keto lasted 7 weeks": over
    r"(?:only\s+)?lasted\s+(?:about\s+|like\s+|all\s+of\s+)?(?:\d+|a|one|two|three|four|five|six|"
    r"seven|eight|nine|ten)\s+(?:days?|weeks?|months?)))\b",
    re.IGNORECASE,
)
_POINTER = re.compile(r"(?:s\s+)?(?:my|that|this|it|the|a|his|her|their|our|your)", re.I)


_CONSTRAINT_NEEDLES = tuple(needles(pattern) for pattern, _, _ in _CONSTRAINT_SHAPES)
_SPAN_ONLY = re.compile(_SPAN, re.IGNORECASE)
FIGURE = re.compile(r"\d")  # a figure in a sentence: caps and ages are said with one
_THE_CAP = re.compile(r"\W*(?:(?:my|our|the)\s+)?(?:budget|max|cap|limit)\b", re.IGNORECASE)
_ONE_OFF = re.compile(
    r"\bthis\s+(?:time|once|one\s+time)\b|\bjust\s+this\s+once\b|"
    r"\b(?:earn|earns|earning|earned|salary|income|paid|spent|spend\s+on|costs?|costed|raised)\b",
    re.IGNORECASE,
)


# a diet word naming some food, not the user's diet: "the vegan stuff", "any keto options"
_A_THING = re.compile(
    r"(?:\b(?:the|those|these|some|any|every|a|an|one|another)\s+|^\W*)$", re.IGNORECASE
)
# a change of one's own diet named before it: "switched from keto to paleo"
_SWITCHED_TO = re.compile(
    r"\b(?:switch(?:ed|ing)?|chang(?:ed|ing)|convert(?:ed|ing))\s+(?:from\s+\w+\s+)?to\s+$",
    re.IGNORECASE,
)
# nagging or advice, not a diet kept: "keeps telling me go keto" (but "my dietitian wants me
# on a Mediterranean diet" prescribes one)
_ADVISED = re.compile(
    r"\b(?:telling|told|tells|tell|asking|asked|nagging|on\s+at|begging)\s+"
    r"me\s+(?:to\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)
# a diet word as a person: "a vegan has me stumped", "the coeliac is coming too"
_A_PERSON_DOES = re.compile(
    r"\s+(?:has|had|is|was|who|coming|comes|came|joining|joins|friend|guest|mate)\b",
    re.IGNORECASE,
)
_THING = re.compile(
    r"\s+(?:[\w-]+\s+)?(?:stuff|options?|dishes|dish|food|meals?|menus?|recipes?|versions?|"
    r"ones?|bits|sides?|burgers?|sausages?|cheese|section|aisle|places?|things?|rolls?|"
    r"pies?|pasties|curry|chill?i|lasagne|bake|casserole|stew|soup|pizza|wraps?|snacks?|treats?|"
    r"cake|brownies|nuggets|mince|gravy|stuffing)\b",
    re.IGNORECASE,
)
# a diet word before these names a kind of food, whoever eats it: "keto recipes", "vegan options"
_KINDS_OF_FOOD = re.compile(
    r"\s+(?:recipes|options|versions|alternatives|swaps|substitutes|restaurants|places|spots|"
    r"menus|sections|aisles|cookbooks?|blogs?|influencers?)\b",
    re.IGNORECASE,
)
# a diet said of a named person or a thing: "jess is vegan", "jo's been vegetarian since uni"
# (not "my diet is vegan")
_SOMEONE_IS = re.compile(
    r"(?<!\bmy\s)(?<!\bour\s)\b(?!(?:i|im|i'm|diet|eating)\b)(?:[\w']+\s+(?:is|are|'s)|"
    r"\w+(?:'s|\u2019s)(?=\s)|"
    r"\w+(?:'s|\u2019s|\s+has)\s+been|"
    # "jess has a dodgy ankle"
    r"[\w']+\s+(?:has|had)(?:\s+got)?)\s+(?:(?:also|now|fully|strictly|mostly|a|an)\s+)?$",
    re.IGNORECASE,
)


# someone named, then what they did: "Ruby lasted 3 days as a vegan" (not "Finally went vegan")
_NAMED_DOES = re.compile(
    # (not "Thing is I don't drink": the user says it)
    r"(?!.*\b(?i:i|i'm|im|we|me|my)\b)"
    r"\W*(?!(?:Just|Also|Still|Now|Then|So|And|But|Even|Only|Never|Always|Today|Tonight)\b)"
    r"(?-i:[A-Z][a-z]+)(?<!ly)\s+(?:lasted|tried|went|has\s+been|is|was|became|turned|stayed)\b",
)


def named_constraints(sentence: str) -> list[tuple[float, str, str | None]]:
    """Named constraints in a sentence that speaks for the user (not a question, not others)."""
    found = []
    folded = sentence.casefold()
    gated = zip(_CONSTRAINT_SHAPES, _CONSTRAINT_NEEDLES, strict=True)
    figures = FIGURE.search(sentence) is not None
    for (pattern, polarity, shape_slot), gate in gated:
        if not may_match(gate, folded) or (shape_slot == "budget" and not figures):
            continue  # (every cap names a figure; its words alone are in most sentences)
        for match in pattern.finditer(sentence):
            slot = shape_slot  # each match starts from the shape's slot (a budget's is renamed)
            before = sentence[: match.start()]
            # the part ends where the clause does: "ive been vegan 4 years so need a ...??"
            part_end = re.search(
                r"[,;]|\s+(?:so|but|because|bc|cos|cause)\s+|$", sentence[match.end() :]
            )
            part = re.split(r"[,;]", before)[-1] + sentence[match.start() : match.end()]
            part += sentence[match.end() : match.end() + (part_end.start() if part_end else 0)]
            manage = re.match(r"\W*(?:i\s+)?can\s+(?:only\s+)?manage\b", part.strip(), re.I)
            asks = part.rstrip().endswith("?") or (
                QUESTION.search(part.strip() + " ?") and not manage
            )
            if (asks and slot != "budget") or HYPOTHETICAL.search(part):
                continue  # "is oat milk safe for coeliacs?" asks ("anything under £200?" caps)
            if slot == "budget" and _ONE_OFF.search(part):
                continue  # "nothing over 200 euro this time": one purchase; "I earn 40k": no cap
            own = re.split(r"[,;]", before)[-1]  # the clause the constraint sits in
            if re.fullmatch(rf"\W*(?:(?:the|our|my)\s+)?(?:{RELATIVES})\s*", own, re.I):
                continue  # "youngest gets seasick though": the youngest's
            if (
                OTHER_SUBJECT.search(own)
                and not re.search(  # (but "my son allergic to peanuts" is the son's)
                    rf"\b(?:i|i'm|i've|me|my)\b\s*(?:am|'m|have|'ve|got)?\s*(?!{RELATIVES}\b)\w*\s*$",
                    own,
                    re.I,
                )
                and not (slot == "budget" and _THE_CAP.match(own))  # "Budget is ..." is no Jess
            ):
                continue  # "my son has a nut allergy" is the son's
            if slot == "diet" and _ADVISED.search(own):
                continue  # "my tía keeps telling me go keto": advice, not the user's diet
            if (slot == "diet" or (slot is None and polarity > 0)) and (
                _SOMEONE_IS.search(own) or _NAMED_DOES.match(own)
            ):
                continue  # "jess is vegan", "jess is coeliac", "everything there is vegan",
                # "Ruby lasted 3 days as a vegan"
            if (
                _A_THING.search(before)
                and _A_PERSON.search(match.group())
                and _A_PERSON_DOES.match(sentence, match.end())
            ):
                continue  # "a vegan has me stumped": a guest who keeps the diet
            if (
                slot in ("diet", None)
                and polarity > 0
                and (
                    (_A_THING.search(before) and _THING.match(sentence, match.end()))
                    or _KINDS_OF_FOOD.match(sentence, match.end())
                )
            ):
                continue  # "keep the vegan stuff on a separate grill side", "keeps sending me
                # keto recipes": which food

            if (
                re.search(
                    r"\b(?:if|whether|not|non|never|isn't|aren't|wasn't|no longer|after|from|"
                    r"used to be|was|were|"
                    r"formerly|ex|years?|stopped being|quit being|did|tried|"
                    r"(?:was|were)\s+(?:doing|on|trying))[\s-]+\w*\s*$",
                    before,
                    re.I,
                )
                and not match.group().lower().endswith("replacement")
            ) or (slot == "diet" and re.search(r"\bno\s+$", before, re.I)):
                continue  # "I'm NOT celiac", "if I were vegan", "I did keto for 2 years", "so
                # no keto, no fasting" (but "after the knee replacement" holds: a new joint)
            obj = next(v for v in match.groupdict().values() if v).strip()
            obj = re.sub(r"(?i)^plant\s+based$", "plant-based", obj)  # one spelling downstream
            obj = re.sub(r"(?i)^veggie$", "vegetarian", obj)
            dropped = slot == "diet" and (
                _DROPPED_BEFORE.search(before) or _DROPPED_AFTER.match(sentence[match.end() :])
            )
            # ("decided to eat some chicken again": the user's own eating, not food for a vegan)
            own_change = dropped or obj.lower().startswith(("start", "began", "eat", "back on"))
            # "I switched from keto to paleo": the user's own new diet, not food for someone
            own_change = own_change or bool(_SWITCHED_TO.search(before))
            # ("too narrow for my bunion": the user's own condition, whoever speaks of it)
            treated = (
                slot is None
                and (_TREATED_FOR.search(before) or re.search(r"\b(?:my|me\s+to)\s*$", before))
                and not _A_PERSON.search(obj)
            )
            if (
                (_FOR_SOMEONE.search(before) and slot != "budget" and not treated)
                or _FOR_THEM.match(sentence, match.end())
            ) and not own_change:
                continue  # "a main that works for a vegan", "gluten free for him": not the user
            if _POINTER.fullmatch(obj):
                continue  # "that's my allergy": which thing, the sentence's stance says
            if slot == "diet" and re.search(
                r"\beating\s+fish(?:\s+and\s+seafood)?\s+again|\bfish\b.*\bback$", obj, re.I
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
                obj = f"at most {obj}" if _SPAN_ONLY.fullmatch(obj) else f"budget under {obj}"
                slot = None
            elif slot == "money":  # "im broke": no figure, but a limit all the same
                obj, slot = "tight budget", None
            if re.search(r"\b(?:sober|drink\w*|booze|alcohol)\b", obj, re.I):  # "8 months sober"
                found.append((-1.0, "alcohol", slot))
                continue
            found.append((polarity, obj, slot))
    for polarity, thing, slot in advised_limits(sentence):  # "urologist said cut back on ..."
        # (read cleaner than a shape that took the same thing: "back hard on beer")
        found = [f for f in found if thing.lower() not in f[1].lower()] + [(polarity, thing, slot)]
    return list(dict.fromkeys(found))  # two shapes may name the same cap


def names_a_limit(text: str) -> bool:
    """Whether ``text`` holds any constraint shape ("vegetarian", "nut allergy"), so that a
    bare noun phrase naming one is not read as a job."""
    return any(shape.search(text) for shape, _, _ in _CONSTRAINT_SHAPES)


# what a refusal is for: "no nuts pls, that's my allergy"
_ALLERGY_POINTER = re.compile(
    r"\b(?:that's|thats|that\s+is|it's|its|it\s+is)\s+(?:my|a)\s+(?:\w+\s+)?(?:allergy|intolerance)\b",
    re.IGNORECASE,
)
# a stance taken for the body's sake is a limit: "I gave up driving because of my eyesight"
_HEALTH_REASON = re.compile(
    r"\b(?:because\s+of|due\s+to|for|bc\s+of|cause\s+of)\s+my\s+(?:eyesight|eyes|knees?|back|"
    r"hips?|heart|health|blood\s+pressure|diabetes|allergy|asthma|migraines?|stomach|"
    r"condition|joints?|arthritis)\b|\b(?:doctor|gp|physio|cardiologist)\s+(?:says|said|told)\b|"
    r"\b(?:coeliac|celiac|allergic|intolerant|(?:pre-?)?diabetic)\b|"
    r"\bever\s+again\b|\bfor\s+life\b",  # "no gluten ever again": a rule now, not a taste
    re.IGNORECASE,
)


def for_the_body(sentence: str) -> bool:
    """Whether a stance in ``sentence`` is taken for the body's sake ("no nuts pls, that's my
    allergy", "I gave up driving because of my eyesight"): a limit, not a taste."""
    return bool(_ALLERGY_POINTER.search(sentence) or _HEALTH_REASON.search(sentence))
