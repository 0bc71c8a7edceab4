"""Facts named by what they are, wherever they sit in a sentence.

Bare noun phrases ("two cats, software engineer") and personal facts said in passing ("me and
my girlfriend", "I'm Priya, 34", "Brisbane's home", "on a deckie wage"); constraints named by
what they are live in :mod:`.limits`.
"""

from __future__ import annotations

import re
from typing import TypeGuard

from personify.learn.extract.clauses import (
    CALLED_IN_VERBS,
    FIRST_PERSON_SUBJECT,
    INTERJECTION,
    OCCUPATION,
    OFTEN,
    OTHER_SUBJECT,
    RELATIVES,
    head_noun,
    slot_object,
)
from personify.learn.extract.disclosure import ADDRESSEE, HYPOTHETICAL
from personify.learn.extract.gate import gated
from personify.learn.extract.gazetteer import towns
from personify.learn.extract.household import PETS
from personify.learn.extract.leaving import ORG_NAME
from personify.learn.extract.limits import names_a_limit
from personify.learn.extract.objects import conjuncts
from personify.learn.extract.places import A_STAY, titled, town_after, workplace
from personify.learn.extract.slots import BUSINESS
from personify.learn.extract.status import age, relationship
from personify.learn.extract.trades import trade_done
from personify.learn.extract.values import spelled_out
from personify.lexical import term_set
from personify.models import MemoryKind


def part_naming(sentence: str, obj: str) -> str:
    """The clause or comma-separated part of ``sentence`` that names ``obj`` (the item's text)."""
    # a cap is named where the amount is: "..., like £400 all in", "..., 20 min max"
    key = obj.lower().removeprefix("has a ").removeprefix("married, ")
    key = key.removeprefix("budget under ").removeprefix("at most ")
    key = key.split()[0] if key.strip() else ""
    if key == "alcohol" and "alcohol" not in sentence.lower():
        key = "drink" if "drink" in sentence.lower() else "sober"  # "I don't drink, remember?"
    parts = re.split(r"\s*[,;](?!\d{3})\s*|,?\s+(?:and|but|so)\s+", sentence)
    named = next((p for p in parts if key and key in p.lower()), None)
    if named is None and key:  # "walking" is named where "I walk every morning" is said
        stems = term_set(key)
        named = next((p for p in parts if stems and stems <= term_set(p)), None)
    return sentence if named is None else INTERJECTION.sub("", named).strip(" .!")


_ACTIVITY_HABIT = re.compile(
    r"(?:\b(?:i'm|i am|i've been|been)\s+(?:currently\s+|still\s+|now\s+)?|"
    r"^\W*(?:(?:currently|still|now|mostly)\s+)?)(?P<obj>running|swimming|"
    r"cycling|lifting|climbing|bouldering|hiking|rowing|surfing|skating|dancing|boxing|"
    r"walking|skiing|yoga)\b(?=[^.?!]{0,25}\b(?:\d|once|twice|every|most|a\s+week|a\s+day|"
    r"weekly|daily|regularly))|"
    # "I surf every weekend", "we go hiking most weekends": what someone does that often
    # "i hike a ton", "i cycle everywhere", "I run every morning before work"
    r"\b(?:i|we)\s+(?:still\s+|now\s+|also\s+|usually\s+)?(?:go\s+)?(?P<obj2>surf(?:ing)?|hik(?:e|ing)|"
    r"ski(?:ing)?|swim(?:ming)?|jog(?:ging)?|climb(?:ing)?|boulder(?:ing)?|cycl(?:e|ing)|paint(?:ing)?|"
    r"knit(?:ting)?|bake|baking|fish(?:ing)?|danc(?:e|ing)|garden(?:ing)?|golf(?:ing)?|"
    r"sail(?:ing)?|kayak(?:ing)?|row(?:ing)?|run|walk|bike|sketch|draw|sew|crochet|meditate|"
    r"journal|skate|snowboard)\s+(?=(?:[^,.!?\s]+\s+){0,2}?(?:"
    rf"{OFTEN}|a\s+ton\b|a\s+lot\b|loads\b|all\s+the\s+time\b|everywhere\b))|"
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


# "two cats, software engineer, gluten-free" / "PhD student in marine biology here"
_INTRO = re.compile(r"^(?P<obj>[\w\s'-]{3,60}?)\s+here\b", re.IGNORECASE)
_COUNTED = re.compile(
    r"^(?:(?:a|an|one|two|three|four|five|\d+)\s+)(?P<obj>(?:[\w-]+\s+)?(?:kids?|children|sons?|"
    r"daughters?|dogs?|cats?|pets?|rabbits?|birds?|parrots?|horses?|chickens?|cars?|bikes?))$",
    re.IGNORECASE,
)


_CALLED_IN = re.compile(
    rf"\W*(?:{CALLED_IN_VERBS})(?:\s+(?:on|for|in))?\s+(?:the|a|an|our|my|some)\b", re.IGNORECASE
)


def fragment_facts(sentence: str) -> list[tuple[MemoryKind, str, str | None]]:
    """Facts stated as bare noun phrases: a job or an intro ("... here"), counted pets/kids."""
    if sentence.rstrip().endswith("?"):
        return []
    out: list[tuple[MemoryKind, str, str | None]] = []
    # "quick context since you keep asking: pharmacist in kandy, two kids": after a colon
    parts = re.split(r"\s*[,;:]\s*|\s+and\s+", INTERJECTION.sub("", sentence).strip(" .!"))
    for at, part in enumerate(parts):
        if any(p.search(part) for p in (FIRST_PERSON_SUBJECT, OTHER_SUBJECT, ADDRESSEE)):
            continue  # parsed as a clause, about someone else, or ("pretend you're a waiter") you
        if re.match(
            r"\W*(?:(?:god|oh|hell|haha|lol|lmao|definitely|absolutely|so|and|but)\W+)?"
            r"(?:no|not|never|nah)\b",
            part,
            re.I,
        ):
            continue  # "god no phd", "not a nurse": what the user is not
        if re.match(
            r"\W*(?:what|what's|whats|how|which|where|why|who|when|should|would|could|can|is|are|"
            r"do|does|did)\b",
            part,
            re.I,
        ):
            continue  # "what about forklift instructor, is that more money": asked, no "?"
        if _CALLED_IN.match(part):
            continue  # "got the plumber in to fix it": someone called in, not the user's trade
        if re.match(r"been\s+an?\b", part, re.I):
            continue  # "been a welder 14 yrs": read as "I've been a welder ..." by the grammar
        if re.search(
            rf"\b{re.escape(part)}\s+and\s+[\w']+\s+(?:have|are|were|both)\b", sentence, re.I
        ):
            continue  # "Cardiologist and Jean have ganged up on me": who acts, not a role
        if re.match(r"(?:(?:but|and|so)\s+)?(?:my|our|his|her|their)\b", part, re.I):
            continue  # "but my doctor in Krakow says...": someone in the user's life, not a role
        being = _BEING.match(part)  # "being a product manager is SO many meetings"
        if being and OCCUPATION.search(head_noun(being.group("obj"))):
            out.append((MemoryKind.FACT, being.group("obj"), "job"))
            continue
        intro = _INTRO.match(part)
        place = re.match(r"(?:based|living|live|located)\s+in\s+(?P<obj>.+)$", part, re.I)
        if names_a_limit(part):
            continue  # "vegetarian" is a constraint (found above), not a job
        role = intro.group("obj") if intro else part
        if place:
            out.append((MemoryKind.FACT, slot_object(place.group("obj")), "location"))
        elif (intro or 1 <= len(head_noun(part).split()) <= 4) and OCCUPATION.search(
            head_noun(role)
        ):
            where = workplace(role)  # "product manager at a fintech in Mumbai"
            if where and at + 1 < len(parts):  # "bartender in el poblado, medellín": the town
                where = titled(town_after(where, f", {parts[at + 1]}"))
            role = re.sub(r"\s+(?:working|based|living)\b.*$", "", role, flags=re.I)
            role = re.split(r"\s+not\s+", role, maxsplit=1)[0]  # "midwife not nurse"
            role = role[: role.rfind(" in ")] if where else role
            # the role without where it is done from: "shearer out of gore", "roofer from x"
            role = re.split(
                r"\s+(?:out\s+of|from|near|round|around)\s+|\s+(?:as\s+of|since)\b",
                role,
                maxsplit=1,
            )[0]
            # "Officially a childminder as of last week": the role
            role = re.sub(
                r"^(?:(?:now|currently|officially|also|still|finally)\s+)+(?:(?:a|an)\s+)?",
                "",
                role,
                flags=re.I,
            )
            # where and until when: "head chef at the Marine Hotel for now but handing ..."
            role = re.split(r"\s+(?:at|but)\s+", role, maxsplit=1)[0]
            out.append((MemoryKind.FACT, role, "job"))
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
# a line of work said as where the user is: "I'm in sales at a bank", "im in IT"
_IN_A_FIELD = re.compile(
    r"(?:\b(?:i'm|im|i\s+am|i've\s+been|i\s+work)|(?:^|,)\s*work)\s+(?:now\s+|currently\s+|still\s+)?in\s+"
    r"(?P<obj>sales|marketing|(?-i:IT)(?:\s+support)?|(?-i:HR)|finance|accounts|accounting|retail|hospitality|"
    r"insurance|banking|consulting|recruitment|logistics|construction|pharma|real\s+estate|"
    r"procurement|customer\s+service|tech\s+support|admin)(?=\s*(?:[,.;!]|$)|\s+(?:at|for|with|"
    r"so|and|but|now|since|in)\b)",
    re.IGNORECASE,
)
# a role said as the reason for what follows: "courier so need data for maps all shift",
# "night nurse so i sleep days"
_ROLE_SO = re.compile(
    r"^\W*(?:(?:i'm|im|i\s+am)\s+)?(?:(?:a|an)\s+)?(?P<obj>(?:[\w-]+\s+){0,2}?[\w-]+)\s+so\s+\w",
    re.IGNORECASE,
)
# a role taken, with where: "took a full time job as a senior illustrator at Paper Crane",
# "got a junior ux designer role at Canva"
_NEW_ROLE = re.compile(
    r"\b(?:got|took|accepted|landed|started|signed\s+for)\s+(?:a|an|the|my)\s+"
    r"(?:(?:new|full[- ]time|part[- ]time|permanent|temp|first)\s+)*"
    r"(?:(?:job|role|position|post)\s+as\s+(?:a|an)?\s*(?P<obj>[\w -]{2,40}?)|"
    r"(?P<obj2>[\w -]{2,40}?)\s+(?:role|position|post|(?P<job>job|gig)))"
    rf"(?=\s*(?:[,.;!]|$)|\s+(?:at|with|for)\s+(?P<org>{ORG_NAME})|"
    r"\s+(?:at|with|for|in|from|starting|today|yesterday|and)\b)",
    re.IGNORECASE,
)
# what a job is, not what it does: "a new job", "my dream gig", "a weekend job"
NOT_A_ROLE = re.compile(
    r"(?:(?:new|first|dream|second|side|day|night|summer|weekend|holiday|proper|real|good|"
    r"better|big|old|well[- ]paid|remote|local|office|desk|full[- ]time|part[- ]time|permanent|"
    r"temp|temporary|paid|unpaid|little|small|cash|shit|crap|boring)\s*)+",
    re.IGNORECASE,
)
# an employer: a name, "a meal-kit company", "the bank", "glasgow clyde college"
_ORG_NOUNS = (  # a business one may run, or any other place one is employed at
    rf"{BUSINESS}|startup|start-up|bank|hospital|college|university|lab|council|warehouse|factory|"
    r"plant|supermarket|library|fintech|non-?profit|ngo|call\s+cent(?:re|er)|newspaper|magazine|"
    r"publisher|museum|airline|airport|fire\s+station|depot|mine|dealership|retailer|"
    r"manufacturer|co-?op|ministry|department|hospice|surgery|care\s+home|nursing\s+home|"
    r"dental\s+practice"
)
_EMPLOYER = (
    rf"(?:(?P<org>{ORG_NAME})|"
    rf"(?:a|an|the)\s+(?P<org2>(?:(?!(?:same|other|new|old)\b)[\w&'-]+\s+){{0,2}}?(?:{_ORG_NOUNS}))|"
    r"(?P<org3>(?:[a-z]+\s+){1,3}(?:college|university|hospital|academy)))\b"
)
# a workplace joined and named: "joining a 12-person startup called Fernleaf"
_JOINING_CALLED = re.compile(
    r"\b(?:joining|joined|join|starting\s+at|started\s+at|start\s+at|working\s+(?:at|for)|"
    r"work\s+(?:at|for))\s+(?:a|an)\s+(?:[\w-]+\s+){0,3}?"
    rf"(?:{_ORG_NOUNS})\s+called\s+(?P<org>{ORG_NAME})",
    re.IGNORECASE,
)
# where the user works, named beside the job or the people there: "my new gig at a sourdough
# bakery", "a position with HMRC", "my team lead at Shopify" (not an old or a lost job)
_JOB_NOUN = (
    r"(?:(?:new|first|current|day|full[- ]time|part[- ]time|permanent|temp|summer|proper|"
    r"dream)\s+)*"
    r"(?:[\w-]+\s+){0,3}?(?:job|gig|role|position|contract|placement|internship)"
)
_WORKS_AT = re.compile(
    rf"\b(?:my\s+{_JOB_NOUN}|(?:got|landed|accepted|took|start|started|starting|signed|began|"
    rf"begin|beginning)\s+(?:a|an|the|my)\s+{_JOB_NOUN}|(?:my|our)\s+(?:boss|manager|"
    r"team\s*lead|tech\s+lead|supervisor|line\s+manager|colleagues?|co-?workers?)|"
    # "..., work at a robotics startup", "I work remote for a dutch fintech"
    r"(?:^\W*|,\s*|\b(?:i|we)\s+)(?:still\s+|now\s+|currently\s+)?work(?:ing)?"
    r"(?:\s+(?:remote(?:ly)?|full[- ]time|part[- ]time))?|"
    # "first week as junior ux designer at a fintech", "going in-house as financial controller
    # at a shipping company"
    r"\bas\s+(?:a\s+|an\s+)?(?P<role>(?:[\w-]+\s+){0,3}?[\w-]+)|"
    # a start at a named place: "first week at Spokes & Sprockets went ok", "I start at Salford
    # Royal on Monday" (a name only: "started at the gym" may be a member)
    r"(?P<began>\bfirst\s+(?:day|week|month|shift)s?|(?:^\W*|,\s*|\b(?:i|we)(?:\s+am|'m|\s+will|"
    r"'ll)?\s+)(?:start|started|starting)(?:\s+work)?))"
    rf"\s+(?:at|with|for)\s+{_EMPLOYER}",
    re.IGNORECASE,
)
_PAST_JOB = re.compile(  # an old, lost or wished-for job, or someone else's
    r"\b(?:old|former|previous|last|ex|used\s+to|was|were|left|quit|lost|fired|laid\s+off|"
    r"redundant|leaving|quitting|if|would|want|wants|need|needs|apply|applying|applied|"
    r"interview\w*|hoping|looking|cv|resume)\b",
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
    r"chemo|meetings?|classes|lectures|school|uni|office)\b)"
    # (not "the wife bakes her buttermilk rusks every week": someone else's habit)
    rf"(?!(?:my|our|his|her|their|the)\s+(?:[\w-]+\s+)?(?:{RELATIVES})\b)"
    # (nor "it means a lot", "appreciate them a lot": said of something already named)
    r"(?!(?:it|that|this|they|these|those|there|he|she|you)\b)"
    # (nor "45 minutes daily": how long, the thing was named before)
    r"(?!(?:\d+|a\s+few|an?|one|two|three|half\s+an?)\s*(?:minutes?|mins?|hours?|hrs?|km|k|miles?|"
    r"steps|pages|cups?|litres?|liters?)\b)"
    r"(?P<obj>[\w' -]{2,40}?)(?<!\bit)(?<!\bthem)(?<!\bthat)(?<!\byou)(?<!\bhim)(?<!\bher)\s+"
    r"(?:(?:most|every|each)\s+(?:weekends?|days?|mornings?|nights?|"
    r"evenings?|week|weekday)|all\s+the\s+time|a\s+lot|daily|weekly|religiously|"
    # "badminton 3 times a week" (not work, shifts or treatment)
    r"(?:\d|once|twice|three|four|five)\s*(?:x|times)?\s+a\s+week)$",
    re.IGNORECASE,
)
# a job said on the way to something else: "i make about 2.4k/month after tax as an electrician"
_AS_A = re.compile(
    # (or begun: "first solo shift as a call handler at west midlands ambulance tonight")
    r"\b(?:make|earn|earning|work|working|employed|paid|first(?:\s+\w+)?\s+(?:day|week|month|"
    r"shift|night|year)s?)\b(?:[^.?!]|(?<=\d)\.(?=\d)){0,40}?"
    r"\bas\s+(?:a|an)\s+"
    r"(?P<obj>[\w -]{2,30}?)(?=\s*[,.;!?]|\s+(?:at|in|for|and|but|so|since|now|tonight|today|"
    r"tomorrow|this|next|went|was|is|done)\b|\s*$)",
    re.IGNORECASE,
)


_NAME = re.compile(
    r"\b(?:i'm|i am|(?:my\s+)?name\s+is|(?:my\s+)?name's|call me|this is)\s+"
    r"(?P<obj>(?-i:[A-Z][a-z]{1,20}))"
    r"(?=\s*(?:[,.!]|$|and\b|here\b|btw\b|by the way\b))|"
    # a greeting, then the name: "hey, tomás here."
    r"^\W*(?:hey|hi|hello|hiya|morning|evening)\W+(?!(?:same|me|you|everyone|all|us|again|back|new|"
    r"still|just|not|no|yes|ok|nobody|someone|anyone|guess|noob|newbie|stuck|lost)\b)"
    r"(?P<obj2>[^\W\d_]{2,20})\s+here\b(?!\s+in\b)|"
    # a self-introduction as a list: "quick background so you get it: Shona, 34, mobile ..."
    r"(?:background|context|about\s+me)[^:]{0,30}:\s*(?P<obj3>(?-i:[A-Z][a-z]{1,20})),\s*[1-9]\d\s*,|"
    # ... or first in the turn, typed in any case: "hi! priya, 34, pharmacist", "tom here. 41,"
    r"^\W*(?:(?:hi|hey|hello|hiya)\W+)?(?P<obj4>[^\W\d_]{2,20})(?:\s+here)?[.,]\s*[1-9]\d\s*[,.]|"
    # how they sign or book: "sign it from Tom", "sign it from me, jonas", "book it under Siobhan"
    r"\b(?:sign(?:ed)?\s+(?:it|off|this)\s+(?:from|as)|(?:book|put)\s+it\s+under)\s+"
    r"(?:me,?\s+)?(?!(?:the|us|our|my|both|all|everyone|me|him|her|them)\b)"
    r"(?P<obj5>[^\W\d_]{2,20})\b(?!\s+(?:and|&)\b)",
    re.IGNORECASE,
)
_NOT_NAMES = re.compile(
    r"^(?:American|British|English|Irish|Scottish|Welsh|Canadian|Australian|Indian|Chinese|"
    r"Japanese|Korean|French|German|Italian|Spanish|Dutch|Mexican|Brazilian|Vegan|Vegetarian|"
    r"Sorry|Fine|Good|Great|Okay|Ok|Back|Home|Here|Done|Sure|Ready|Tired|Retired|Married|"
    r"Single|Pregnant|Christian|Muslim|Jewish|Hindu|Catholic|Gay|Bi|Trans|New|Not|So|Just)$"
)
_HOME = re.compile(
    r"^\W*(?:(?:haha|ha|no|nope|actually|oh)\W+)*(?P<obj>(?-i:[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?))"
    r"(?:'s|\s+is)\s+(?:home|where\s+i\s+live)\b|\b(?:home|domicile)\s+is\s+(?P<obj2>(?-i:[A-Z][\w-]+))|"
    # typed in lower case, or said beside the job: "home is glasgow but we're in cardiff
    # tonight", "A330 pilot with qantas, home in brisbane"
    r"(?:^\W*|[,;]\s*|\b(?:but|and|so)\s+)(?:home|domicile)\s+(?:is|in)\s+(?P<obj3>[a-z][\w-]+(?:\s+[a-z][\w-]+)?)"
    r"(?=\s*(?:[,.;!)]|$)|\s+(?:but|and|so|now|though|tho)\b)",
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
_NEW_PET = re.compile(
    r"\b(?:brought\s+home|adopted|rescued|picked\s+up|got)\s+(?:a|an|our|my)\s+(?:[\w-]+\s+){0,4}?"
    rf"(?P<obj>{PETS})\b",
    re.IGNORECASE,
)
# time in a role, said of the day: "day four as a baker", "first month as finance lead done"
_TIME_IN_ROLE = re.compile(
    r"^\W*(?:(?:my\s+)?(?:first|second|third|last|\w+)\s+)?(?:day|week|month|year|shift)s?\s+"
    r"(?:\w+\s+)?as\s+(?:(?:a|an|the)\s+)?(?P<obj>[\w -]{2,40}?)"
    r"(?=\s*(?:[,.!;]|$)|\s+(?:done|and|is|was|so|but|today|now)\b)",
    re.IGNORECASE,
)
# a post named by itself, won or under way: "i got the postdoc in utrecht", "2 weeks into the
# apprenticeship" (its holder is the job)
_HOLDER = {
    "postdoc": "postdoc",
    "phd": "PhD student",
    "apprenticeship": "apprentice",
    "internship": "intern",
    "traineeship": "trainee",
    "residency": "resident",
    "lectureship": "lecturer",
    "professorship": "professor",
}
_A_POST = re.compile(
    r"\b(?:(?:got|landed|accepted|took|started|start|starting|began)\s+(?:the|my|a|an)|"
    r"(?:days?|weeks?|months?|years?)\s+into\s+(?:the|my))\s+(?:new\s+)?"
    rf"(?P<post>{'|'.join(_HOLDER)})\b(?!\s+(?:application|interview|offer|proposal)s?\b)",
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
_SELLS = re.compile(
    r"^\W*(?:i|we)\s+(?:also\s+)?(?P<verb>sell|make|bake|build|design|knit|sew|paint|restore)\s+"
    r"(?!(?:it|them|that|this|a\s+lot|sure|do|time|mistakes?|money)\b)(?P<obj>[\w' -]{3,40}?)\s+"
    r"(?:on\s+(?:etsy|ebay|amazon|shopify|instagram|vinted|depop|my\s+website)|online|"
    r"at\s+(?:the\s+)?(?:markets?|fairs|craft\s+fairs|farmers'?\s+markets?)|from\s+(?:home|my\s+kitchen)|"
    r"for\s+a\s+living|to\s+order)\b",
    re.IGNORECASE,
)
_BUSINESS_INTRO = re.compile(
    r"^\W*(?!(?:a|an|the|my|our|his|her|their|any|which|what|best|good|great|cheap|nice|local|"
    r"new|old|favou?rite|some|this|that)\b)"
    rf"(?P<obj>(?:[\w'&-]+\s+){{0,3}}?{BUSINESS})\s*(?:,\s*|\s+in\s+)",
    re.IGNORECASE,
)
_RETIRED = re.compile(
    r"(?:^\W*|[,;]\s*|\b(?:i'm|i am|just|now|finally|recently|officially|fully|semi-|having|"
    r"i've|i\s+have)\s*)"
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
# the job named by what it is: "my data analyst job", "my barista shifts" (not an old, a first or
# a dream job)
_MY_ROLE_JOB = re.compile(
    r"\bmy\s+(?:(?:new|current|day|full[- ]time|part[- ]time|actual|boring|stressful)\s+)?"
    r"(?!(?:old|former|previous|last|first|dream|ideal|next|future|summer|second)\b)"
    r"(?P<obj>[\w-]+(?:\s+[\w-]+){0,2}?)\s+(?:job|gig|role|shifts?)\b",
    re.IGNORECASE,
)
# a place of work that names the job: "my warehouse job", "my bank job"
_WORKPLACE = re.compile(rf"(?:{_ORG_NOUNS})", re.IGNORECASE)
_ROLE_SAID = re.compile(
    r"\b(?:(?:my\s+)?day\s+job\s+is|(?:make|earn|making|earning)\b[^.?!]{0,25}?\bdoing|"
    # a move within work: "I've moved into the control room as a call handler"
    r"(?:i've|i\s+have|i'm|i\s+am|i)\s+(?:just\s+|now\s+|finally\s+)?(?:moved|switched|"
    r"transferred|started|been\s+(?:taken\s+on|hired|promoted|moved))\b[^.?!,]{0,40}?\bas|"
    # without the article, as people new to English say it: "I work full time in Cairo as
    # pharmacist" (with it, the grammar reads "work ... as a")
    r"(?:work|working)\b[^.?!,]{0,40}?\bas(?=\s+(?!an?\b)))\s+"
    r"(?:an?\s+)?(?P<obj>[\w-]+(?:\s+[\w-]+){0,2}?)(?:\s+work)?(?=\s*(?:[,.;!?]|$)|"
    r"\s+(?:and|but|so|at|for|since|in|from|because|with|until|now)\b)",
    re.IGNORECASE,
)
# a line of freelance work: "now freelance bookkeeping for small cafes", "I do freelance
# illustration"
_FREELANCE = re.compile(
    r"(?:^\W*(?:now\s+)?|\b(?:i'm|im|i\s+am|i\s+do|doing|now)\s+)freelance\s+"
    r"(?!(?:work|gigs?|stuff|jobs?|basis|now|too|full[- ]time|part[- ]time)\b)"
    r"(?P<obj>[a-z][\w-]+(?:\s+(?!(?:for|from|at|in|and|now|here|so|but|because|lol|tho|too|"
    r"full|part|based|living|since)\b)[a-z][\w-]+)?)|"
    # "i'm going freelance as a wedding photographer", "the perks of being a postie"
    r"\b(?:i'm|im|i\s+am|i've|going|gone|went|now|working|work)\s+(?:going\s+)?(?:freelance|"
    r"self[- ]employed|solo|independent)\s+as\s+(?:an?\s+)?"
    r"(?P<obj2>[a-z][\w-]+(?:\s+[a-z][\w-]+){0,2}?)"
    r"(?=\s*[,.;!)]|$|\s+(?:and|but|so|now|from|in|for|which|lol|bc|because)\b)|"
    r"\b(?:perks?|joys?|downsides?|upsides?|benefits?|hazards?|curse)\s+of\s+being\s+(?:an?\s+)?"
    r"(?P<obj3>[a-z][\w-]+(?:\s+[a-z][\w-]+)?)(?=\s*[,.;!)]|$|\s+(?:and|but|so|i'm|im|i)\b)",
    re.IGNORECASE,
)
# what the user goes to or does several times a week: "been going to ostbloc 3x a week", "i go to
# the climbing gym like 4 times a week" (not errands: the office, the doctor, the shops)
_OFTEN = re.compile(
    r"(?:^\W*|\b(?:i|we)\s+(?:have\s+|'ve\s+)?(?:still\s+|usually\s+|basically\s+|now\s+)?)"
    r"(?:been\s+going\s+to|go\s+to|going\s+to|visit|play|eat|drink|cook|bake|watch|listen\s+to)\s+"
    r"(?!(?:the\s+|my\s+)?(?:office|work|school|uni|doctor|dentist|physio|hospital|therapy|clinic|"
    r"supermarket|shops?|store|bank|church|class|classes|meetings?|bed|sleep)\b)"
    r"(?!(?:it|them|that|this|those|these|in|at|on|for|with)\b)"
    r"(?P<obj>(?:the\s+|my\s+)?[\w' -]{2,30}?)\s+(?:like\s+|about\s+|at\s+least\s+|maybe\s+)?"
    r"(?:\d+|two|three|four|five|six)\s*(?:x|times)\s+(?:a|per)\s+(?:week|wk)\b|"
    # a pastime begun and kept to a day: "also started wheelchair basketball on wednesdays"
    r"(?:^\W*|\b(?:i|we|also|just|recently)\s+)(?:also\s+|just\s+)?(?:started|joined|took\s+up)\s+"
    r"(?:playing\s+|doing\s+)?(?!(?:a|an|the|my|our|her|his|physio|therapy|work|job|meds|"
    r"medication|treatment|chemo|rehab|school|uni|college|nights|shifts|classes|lessons)\b)"
    r"(?P<obj2>[a-z][\w' -]{2,30}?)\s+(?:on\s+(?:mon|tues|wednes|thurs|fri|satur|sun)days|every\s+"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|twice\s+a\s+week|once\s+a\s+week)\b",
    re.IGNORECASE,
)


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
    r"(?P<obj>[^.!?;]{3,160})",
    re.IGNORECASE,
)


def _gerund(verb: str) -> str:
    """The pastime a verb names, as a profile says it: "hike" -> "hiking", "swim" -> "swimming"."""
    if verb.endswith("ing"):
        return verb
    if re.fullmatch(r"\w?[^aeiou][aeiou][bdgmnpt]", verb):  # "run", "swim", "jog", "knit"
        return verb + verb[-1] + "ing"
    return (verb[:-1] if verb.endswith("e") and not verb.endswith("ee") else verb) + "ing"


def _own(match: re.Match[str] | None, sentence: str) -> TypeGuard[re.Match[str]]:
    """A match the user says of themselves: no one else is the subject before it."""
    return match is not None and not OTHER_SUBJECT.search(sentence[: match.start()])


_WANTED_SEARCH = gated(_WANTED_BY)
_ROLE_NOUN_SEARCH = gated(_ROLE_NOUN)
_QUIT_SEARCH = gated(_QUIT_HABIT)
_OFTEN_SEARCH = gated(_OFTEN)
_FREELANCE_SEARCH = gated(_FREELANCE)
_MY_ROLE_JOB_SEARCH = gated(_MY_ROLE_JOB)
_WORKS_AT_SEARCH = gated(_WORKS_AT)
_ROLE_SAID_SEARCH = gated(_ROLE_SAID)


def passing_facts(sentence: str) -> list[tuple[MemoryKind, str, str | None]]:
    """Personal facts said in passing: a partner ("me and my girlfriend"), being married, a
    name ("I'm Priya, 34"), home ("Brisbane's home"), a pet with its name."""
    out: list[tuple[MemoryKind, str, str | None]] = []
    folded = sentence.casefold()
    held = _MY_ROLE_JOB_SEARCH(sentence, folded)  # "for my data analyst job, sql or python?"
    if _own(held, sentence) and (
        OCCUPATION.search(head_noun(held.group("obj")))
        or _WORKPLACE.fullmatch(held.group("obj"))  # "getting to my warehouse job"
    ):
        out.append((MemoryKind.FACT, held.group("obj"), "job"))  # asked, and still theirs
    said = _ROLE_SAID_SEARCH(sentence, folded)  # "day job is HVAC tech", "58k doing vet tech work"
    if _own(said, sentence) and OCCUPATION.search(head_noun(said.group("obj"))):
        out.append((MemoryKind.FACT, said.group("obj"), "job"))
    bond = relationship(sentence)  # (asked or not: "my girlfriend still eats everything tho?")
    if bond:
        out.append((MemoryKind.FACT, bond, "relationship"))
    if sentence.rstrip().endswith("?"):
        return out
    freelance = _FREELANCE_SEARCH(sentence, folded)
    if _own(freelance, sentence) and not HYPOTHETICAL.search(sentence):
        role = freelance.group("obj") or freelance.group("obj2") or freelance.group("obj3")
        if freelance.group("obj") or OCCUPATION.search(head_noun(role)):
            out.append((MemoryKind.FACT, role, "job"))  # "now freelance bookkeeping"
    often = _OFTEN_SEARCH(sentence, folded)
    if _own(often, sentence) and not HYPOTHETICAL.search(sentence):
        thing = often.group("obj") or often.group("obj2")
        out.append((MemoryKind.PREFERENCE, re.sub(r"^(?:the|my)\s+", "", thing), None))
    labelled = _GOAL_LABEL.match(sentence)
    if labelled:  # "new year goal: first half marathon"; "plan: pay off X, learn Y, and move"
        listed = re.split(
            r",?\s+(?:and|but)\s+(?=(?:i|i've|i'm|we)\b)|,\s*(?=(?:i|i've|i'm|we)\b)",
            labelled.group("obj").strip(),
            flags=re.I,
        )[0]  # (not what follows)
        out += [(MemoryKind.GOAL, part, None) for part in conjuncts(listed)]
    wanted = _WANTED_SEARCH(sentence, folded)
    if _own(wanted, sentence) and not HYPOTHETICAL.search(sentence):
        out.append((MemoryKind.GOAL, (wanted.group("obj") or wanted.group("obj2")).strip(), None))
    name = _NAME.search(sentence)
    said = next((v for v in name.groups() if v), "") if name else ""
    named = bool(name and re.match(r"(?:my\s+)?name", name.group(), re.I))  # "name's Dev"
    if said and not _NOT_NAMES.match(said.title()) and (named or not OCCUPATION.search(said)):
        out.append((MemoryKind.FACT, said[:1].upper() + said[1:], "name"))
    home = _HOME.search(sentence)
    town = towns(home.group("obj3")) if home and home.group("obj3") else []
    if home and (town or not home.group("obj3")):
        out.append(
            (MemoryKind.FACT, town[0][2] if town else home["obj"] or home["obj2"], "location")
        )
    habit = _ACTIVITY_HABIT.search(sentence)
    if habit:  # "currently running about 15km a week"
        activity = next(habit.group(g) for g in ("obj", "obj2", "obj3", "obj4") if habit.group(g))
        out.append((MemoryKind.PREFERENCE, _gerund(activity.lower()), None))
    life = _JOB_LIFE.search(sentence)
    if life and OCCUPATION.search(
        head_noun(life.group("obj"))
    ):  # "vet tech life means 12hr shifts"
        out.append((MemoryKind.FACT, life.group("obj"), "job"))
    years = age(sentence)
    if years:
        out.append((MemoryKind.FACT, years, "age"))
    sells = _SELLS.match(sentence)
    if sells:  # "i sell handmade silver jewellery on etsy": what the user makes a living from
        out.append((MemoryKind.FACT, f"{sells['verb'].lower()}s {sells['obj']}", "job"))
    trade = _BUSINESS_INTRO.match(sentence)
    town = towns(sentence[trade.end() :]) if trade and "?" not in sentence else []
    # (not "coffee shop in leeds that does oat milk": a thing looked for)
    if (
        trade
        and town
        and town[0][0] == 0
        and not A_STAY.search(trade.group("obj"))
        and re.match(r"\s*(?:[,.;!(]|$)", sentence[trade.end() + town[0][1] :])
    ):
        # "Construction company, Kraków, 40 workers", "solo physio clinic in perth": the
        # business the user introduces themselves by is their work
        out.append((MemoryKind.FACT, trade.group("obj"), "job"))
    role = _BARE_ROLE.search(sentence)
    # "im broke rn": "rn" after a word is "right now", not a registered nurse
    if role and OCCUPATION.search(head_noun(re.sub(r"(?<=\w)\s+rn$", "", role.group("obj")))):
        # "i am QA engineer in Timisoara", "now i am home baker": the article is often left out
        out.append((MemoryKind.FACT, role.group("obj"), "job"))
        where = workplace(role.group(0)[role.start("obj") - role.start() :])
        if where:
            out.append((MemoryKind.FACT, where, "location"))
    field = _IN_A_FIELD.search(sentence)
    if _own(field, sentence) and not HYPOTHETICAL.search(sentence):
        out.append((MemoryKind.FACT, field.group("obj"), "job"))
    reason = _ROLE_SO.match(sentence)
    if reason and OCCUPATION.fullmatch(head_noun(reason.group("obj"))):
        out.append((MemoryKind.FACT, reason.group("obj"), "job"))
    taken = _NEW_ROLE.search(sentence)
    if _own(taken, sentence):
        role = taken.group("obj") or taken.group("obj2")
        # "took a buyer job": what the job is called is the role, whatever the word
        called = taken.group("job") and not NOT_A_ROLE.fullmatch(role.strip())
        if called and role[:1].isupper() and not OCCUPATION.search(head_noun(role)):
            out.append((MemoryKind.FACT, role, "employer"))  # "took the Otago job": a name
        elif called or OCCUPATION.search(head_noun(role)):
            out.append((MemoryKind.FACT, head_noun(role), "job"))
            if taken.group("org"):
                out.append((MemoryKind.FACT, taken.group("org"), "employer"))
    works = _WORKS_AT_SEARCH(sentence, folded)
    # the part it is said in, up to the organisation: "quit my job at the bank", not "won't settle"
    said_in = re.split(r"[,;(]", sentence[: works.start()] if works else "")[-1]
    if (
        _own(works, sentence)
        and not _PAST_JOB.search(said_in + works.group(0))
        and not re.search(rf"\b(?:{RELATIVES}|he|she|they)\b", said_in, re.IGNORECASE)
    ):
        org = works.group("org") or works.group("org2") or works.group("org3")
        if org and (works.group("org") or not works.group("began")):
            out.append((MemoryKind.FACT, org, "employer"))
        role = works.group("role")
        if role and OCCUPATION.search(head_noun(role)):
            out.append((MemoryKind.FACT, role, "job"))
    joined = _JOINING_CALLED.search(sentence) if "called" in folded else None
    if _own(joined, sentence) and not works and not HYPOTHETICAL.search(sentence):
        out.append((MemoryKind.FACT, joined.group("org"), "employer"))
    paid_as = _AS_A.search(sentence)
    if _own(paid_as, sentence) and OCCUPATION.search(head_noun(paid_as.group("obj"))):
        out.append((MemoryKind.FACT, head_noun(paid_as.group("obj")), "job"))
    quit = _QUIT_SEARCH(sentence, folded)
    if _own(quit, sentence) and not HYPOTHETICAL.search(sentence):
        habit = re.sub(r"^the\s+", "", quit.group("obj").lower())
        out.append((MemoryKind.FACT, f"quit {habit}", None))
    line = _DO_AT.search(sentence)
    if _own(line, sentence):
        out.append((MemoryKind.FACT, line.group("obj"), "job"))
    done = trade_done(sentence)  # "I drive buses for Stagecoach", "i do bolt full-time now"
    if done and _own(done[0], sentence) and not HYPOTHETICAL.search(sentence):
        out.append((MemoryKind.FACT, done[1], "job"))
    living = None if done else _FOR_A_LIVING.search(sentence)  # ("truck driver" said better)
    if _own(living, sentence):
        out.append((MemoryKind.FACT, living.group("obj"), "job"))  # "i drive trucks for a living"
    stint = _TIME_IN_ROLE.match(sentence)
    role = spelled_out(stint.group("obj")) if stint else ""  # "first month as a PT done"
    if stint and OCCUPATION.search(head_noun(role)):
        out.append((MemoryKind.FACT, head_noun(role), "job"))
    paid = _ROLE_NOUN_SEARCH(sentence, folded)
    if (
        _own(paid, sentence)
        and not _SOUGHT.search(sentence[: paid.start()])
        and OCCUPATION.fullmatch(head_noun(paid.group("obj")))
    ):
        out.append((MemoryKind.FACT, paid.group("obj"), "job"))
    post = _A_POST.search(sentence)  # "got the postdoc in utrecht", "2 weeks into my phd"
    if _own(post, sentence) and not HYPOTHETICAL.search(sentence):
        out.append((MemoryKind.FACT, _HOLDER[post.group("post").lower()], "job"))
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
