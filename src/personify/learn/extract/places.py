"""Where the user lives, from how they talk about places rather than from "I live in".

People rarely announce their city; they mention it on the way to something else: "a 4 hour drive
from Norwich", "flying from Ottawa", "gym near me in Durban", "here in Nottingham", "my flat in
Dublin", "back in Birmingham now", "first month down in hobart". Each shape below places the
user somewhere they are based, never somewhere they are going (a trip, a visit, a conference)
or have left ("moved away from", "my old flat in"). Lower-case place names count only in a
sentence typed without capitals for names (:func:`casual`), where capitals carry no signal.
"""

from __future__ import annotations

import re

from personify.learn.extract.clauses import (
    IN_A_STATE,
    OCCUPATION,
    OTHER_SUBJECT,
    RELATIVES,
    SENTENCE,
)
from personify.learn.extract.disclosure import HYPOTHETICAL, ended, past
from personify.learn.extract.gazetteer import known_place, names_a_town, towns
from personify.learn.extract.slots import BUSINESS
from personify.learn.extract.stays import stays_away
from personify.learn.extract.terse import told_tersely
from personify.learn.extract.when import HIRED_CAR

_CAPITALISED = r"(?-i:[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)"
# words that end a place name typed in lower case: "here in denver first", "cape town any time"
_AFTER_PLACE = (
    r"to|up|down|via|and|but|so|now|for|in|on|with|is|was|has|tho|though|lol|haha|first|these|"
    r"this|next|last|right|here|too|at|because|cause|cos|if|where|which|who|when|area|way|based|"
    r"any|soon|every|all|again|today|tonight|tomorrow|yesterday|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun|weekend|"
    r"week|month|year|"
    r"since|till|until|or|the|a|my|our|i|i'm|im|we|we're|it|it's|its|its|from|by|after|before|"
    r"done|finished|already|still|finally|bc|cuz|coz"
)
_LOWER = (
    rf"(?-i:[a-z][\w'-]+(?:\s+(?!(?:{_AFTER_PLACE})\b)[a-z][\w'-]+)?)"
    rf"(?=\s*(?:[,.;!?)]|$|\d|\b(?:{_AFTER_PLACE})\b))"
)
# kinds of land, not places: "out in the countryside near Shrewsbury" names Shrewsbury
OUT_OF_TOWN = r"countryside|country|suburbs|sticks|outskirts|coast|hills|mountains"
NOT_PLACES = re.compile(
    r"^(?:home|work|school|uni|university|college|the|a|an|my|our|there|here|town|city|"
    r"any|anyone|anything|some|what|how|thanks|thx|pls|please|help|quick|so|and|but|ha|haha|lol|"
    r"scratch|memory|time|now|then|office|abroad|overseas|nowhere|somewhere|"
    r"anywhere|everywhere|it|them|me|us|you|this|that|bed|hospital|mum|mom|dad|parents|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|apr|jun|jul|aug|sept?|oct|nov|dec|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|spring|summer|autumn|winter|"
    r"easter|christmas|airbnb|airbnbs|person|general|total|advance|mind|stock|"
    r"training|bed|traffic|class|line|peace|charge|case|fact|particular|public|private|person|"
    r"paediatrics|pediatrics|oncology|marketing|sales|finance|tech|it|hr|retail|education|"
    r"healthcare|law|accounts|admin|research|design|construction|hospitality|logistics|"
    r"insurance|banking|consulting|residence|plant|web|cloud|evidence|office|community|"
    r"a|full|part|shifts?|nights?|days?|weeks?|months?|years?|winter|summer|cash|instal+ments|"
    r"restaurants?|caf[e\u00e9]s?|hotels?|bars?|pubs?|shops?|stores?|supermarkets?|factory|"
    r"warehouse|clinic|bank|company|startup|campus|gym|kitchen|church|mosque|"
    rf"{OUT_OF_TOWN}|"
    r"bits|pieces|bulk|stages|small|big|tiny|large|huge|little|fintech|agency|"
    rf"{IN_A_STATE}|"
    r"I|I'm|I've|I'd|Im|Ive|The|My|Our|A|An)$",
    re.IGNORECASE,
)
# on the move: the place after these is where the user is going, not where they live
_TRAVEL = re.compile(
    r"\b(?:fly|flying|flight|flights|drive|driving|drove|train|trip|road\s+trip|hrs?|hours?|"
    r"leave|leaving|depart\w*|airport|"
    r"bus|coach|ferry|commute|commuting|journey|coming|travelling|traveling|heading|"
    r"best\s+way|quickest\s+way|route|directions)\b",
    re.IGNORECASE,
)
_AWAY = re.compile(
    r"\b(?:visit\w*(?!\s+(?:me|us)\b)|trip|(?<!working\s)holiday|vacation|break|honeymoon|conference|wedding|weekend|"
    r"for\s+(?:a|the)\s+(?:week|weekend|few\s+days|night|day)|for\s+\d+\s+(?:days|nights)|"
    r"for\s+(?:\d+|a\s+few|a\s+couple\s+of|two|three|four|five|six)\s+weeks|"
    r"staying(?!\s+(?:\w+\s+){0,3}(?:for\s+good|permanently))|airbnb|"
    # a hotel stayed at, not one named as a workplace ("line cook in Marina Palm Hotel")
    r"(?-i:hotels?|HOTEL)|(?<=\b(?:a|A)\s)Hotel|(?<=\b(?:the|The|our|Our)\s)Hotel)\b",
    re.IGNORECASE,
)
# "from X" is the user's origin only on a journey, and not when they left X for good
_LEFT = re.compile(
    # (not "we're coming from Basildon": on the way, from home)
    r"\b(?:moved|moving|relocated|relocating|came|come|originally|grew\s+up|born|"
    r"away|escaped|fled|emigrated|am|i'm|im|we're|is|are|was|were)\s+"
    r"(?:(?!(?:coming|driving|flying|travelling|traveling|heading)\b)\w+\s+)?$",
    re.IGNORECASE,
)
# "priya's settled in berlin": a name's contraction is someone else speaking of themselves
SOMEONE_ELSES = re.compile(
    r"\b(?!(?:it|that|there|what|here|who|where|everything|life)'s)\w+'s\s+(?:\w+\s+){0,3}$",
    re.IGNORECASE,
)
# the town of the people or the place named before it: "the grandkids in Perth", "a guy in
# stockport", "a gallery in Ghent" (not the user as one: "I'm just a mum in Swindon", "hosting
# friends in Pécs", "we've been neighbours in glasgow")
_THEIRS_IN = re.compile(
    rf"\b(?:{RELATIVES}|grandkids|grandchildren|guy|girl|man|woman|lady|bloke|person|people|"
    r"someone|folks|gallery|museum|client|clients|customers?)\s+(?:in|near|around|outside)\s+$",
    re.IGNORECASE,
)
_AS_ONE_OF_THEM = re.compile(
    r"\b(?:i'm|im|i\s+am|we're|we\s+are|we've\s+been|we\s+were|hosting|host)\b", re.IGNORECASE
)
# a wish or a plan: the place after it is where the user wants to be, not where they are
_WISH = re.compile(
    r"\b(?:want|wanna|would\s+(?:like|love)|'d\s+(?:like|love)|hope|hoping|plan|planning|"
    r"going\s+to|gonna|thinking\s+(?:of|about)|considering|dream\w*|wish|someday|one\s+day)\b",
    re.IGNORECASE,
)
_FORMER = re.compile(
    r"\b(?:old|former|previous|ex|gave\s+up|giving\s+up|sold|moved\s+out\s+of|"
    r"(?:rent|rented|renting|let|letting)\s+out)\b",
    re.IGNORECASE,
)
# a clause told in the past: "I was an engineer in Bilbao", "we were in a flat in Croydon"
TOLD_AS_PAST = re.compile(
    r"\b(?:i|we)\s+(?:was|were)\s+(?:(?:a|an|the)\s|in\b|at\b|based|living|working|"
    r"stationed|posted|still|with\b)",
    re.IGNORECASE,
)
# a home told in the simple past: "I lived in Munich before" (but "I've lived in Leeds")
LIVED_BEFORE = re.compile(r"\b(?:i|we)\s+(?:lived|stayed|worked|studied)\s+(?:in|at|near)\b", re.I)
# time already spent somewhere, before the present: "after 6 years in an office in Leeds",
# "back home in Kumasi now after nine years in Manchester"
SPENT_BEFORE = re.compile(
    r"\bafter\s+(?:\w+\s+){0,2}(?:years?|yrs|months?|decades?)\b[^,.;!?]*$", re.IGNORECASE
)
# regex templates; {place} becomes a capitalised name, or a lower-case one in a casual sentence
_SHAPES = [
    # the start of a journey: "a 4 hour drive from Norwich", "flying from Adelaide via Dubai"
    ("from", r"\b(?:from|out\s+of)\s+(?P<place>{place})"),
    # local life: "gym near me in Durban", "my flat in Dublin", "first homes in Wellington"
    (
        "local",
        (
            r"\b(?:near\s+(?:me|us)|round\s+here|around\s+here|nearby|local(?:ly)?)\b"
            r"[^.?!]{{0,40}}?\b(?:in|round|around)\s+(?P<place>{place})|"
            r"\b(?:here|my|our)\s+(?:\w+\s+)?(?:flat|apartment|house|home|place|garden|balcony|"
            r"neighbourhood|neighborhood|area|street|club|gym|church|pub|library|surgery|local|"
            r"allotment|school|mosque|temple|synagogue|mortgage|landlord|landlady|lease|"
            r"neighbours|neighbors|commute)\s+in\s+(?P<place2>{place})|"
            r"\b(?:first|new)\s+(?:home|house|flat|apartment)s?\s+in\s+(?P<place3>{place})|"
            # a terse self-description: "housing association flat in stockport, only moved here"
            r"(?:^\W*|[,;]\s*)(?:[\w-]+\s+){{0,2}}?(?:flat|apartment|bedsit|house|terrace|semi)\s+"
            r"in\s+(?P<place4>{place})(?=\s*(?:[,.;!]|$))(?![^.?!]*\?)"
        ),
    ),
    # day to day: "long dark evenings here in reykjavik", "rent in cambridge is eating
    # everything", "the new place in brunswick", "i run a little cleaning business in adelaide"
    (
        "daily",
        (
            r"\bhere\s+in\s+(?P<place>{place})|\b(?:rent|rents|council\s+tax)\s+(?:here\s+)?in\s+"
            r"(?P<place2>{place})|\b(?:the|my|our)\s+new\s+(?:place|flat|apartment|house|home)\s+in\s+"
            r"(?P<place3>{place})|\b(?:run|own|have|opened|started)\s+(?:a|an|my|our)\s+"
            r"(?:[\w-]+\s+){{0,3}}(?:business|shop|caf[e\u00e9]|restaurant|company|practice|salon|"
            r"bakery|studio|clinic|firm|boat|charter|farm|stall|store|gym|vineyard|winery|bodega|"
            r"garage|agency|hostel|guesthouse|pharmacy|workshop|food\s+truck)\s+"
            r"(?:in|out\s+of)\s+(?P<place4>{place})|"
            # where work starts from: "a sailing charter out of zadar", "remote from Bishkek"
            r"\b(?:operate|operating|work|working|based)\s+out\s+of\s+(?P<place5>{place})|"
            r"\bremote(?:ly)?\b[^.?!]{{0,40}}?\bfrom\s+(?P<place6>{place})|"
            # years of it: "teaching english in kyoto for 3 yrs", "postie in bristol for 20 years"
            r"\b(?:in|round|around)\s+(?P<place7>{place})\s+for\s+(?:\d+|a\s+few|several|many|two|three|"
            r"four|five|six|seven|eight|nine|ten|twenty|thirty)\s+(?:odd\s+)?(?:years?|yrs?|months)\b|"
            # an introduction: "sparky here, brisbane.", "phd student in york here"
            r"\bhere,\s+(?P<place8>{place})\s*(?:[.!,]|$)|\bin\s+(?P<place9>{place})\s+here\b"
        ),
    ),
    # said outright, whatever else the sentence is about: "a trip from lima where i live"
    (
        "home",
        (
            r"\b(?:in|from|near|outside|around)\s+(?P<place>{place}),?\s+where\s+(?:i|we)\s+live\b|"
            r"\bwhere\s+(?:i|we)\s+live\s*(?:\(|,|in|is)?\s*(?P<place2>{place})|"
            # "she comes to visit me in Stockholm", "a ride from home (bristol)"
            r"\bvisit\w*\s+(?:me|us)\s+(?:here\s+)?in\s+(?P<place3>{place})|"
            r"\bhome\s*\((?P<place4>{place})\)"
        ),
    ),
    # an introduction by trade: "Textile factory manager, Izmir.", "Architecture office,
    # Zürich, 11 people", "Two-chair dental practice in Dublin" (the trade is checked below)
    # (or after a comma or "I'm a": "names Gaz, 52, HGV driver out of Hull, divorced", "roofer
    # out of Salina KS.", "dairy farmer near Skipton.", "I'm a rural postie round temuka")
    (
        "intro",
        r"(?:^\W*|,\s+)(?:(?:i'm|im|i\s+am)\s+(?:a|an)\s+)?"
        r"(?P<who>(?:[\w'\u2019&\u2013-]+\s+){{0,4}}(?!(?:just|up|down|over|based|out)\b)"
        r"[\w'\u2019&\u2013-]+)"
        r"(?:\s*,\s*(?:self[- ]employed|freelance|full[- ]time|part[- ]time|retired))?"
        r"(?:\s*,\s*|\s+(?:(?:just|up|down|over|based)\s+)?(?:in|out\s+of|from|near|round|"
        r"around|outside)\s+)"
        r"(?P<place>{place})\s*(?=[,.;!]|$|\s+(?-i:[A-Z]{{2}})\b)",
    ),
    # a town given as the context of a question: "Garden question. Christchurch, clay soil.",
    # "Dublin btw if that matters for shops" (a known town only: checked below)
    (
        "context",
        r"^\W*(?P<place>[^\W\d_][\w'-]+(?:\s+[^\W\d_][\w'-]+)?)\s*(?:,\s*(?=\w)|\s+btw\b)",
    ),
    # where the week happens, which may be a town or two from home: "a plant biology lab in
    # Utrecht", "my doctor in Kraków", "on a site in cork city", "nursing school in boise"
    (
        "work",
        (
            r"\b(?:my|our|a|an|the|on\s+a)\s+(?:[\w-]+\s+){{0,3}}(?:lab|office|workshop|hospital|"
            r"warehouse|depot|factory|site|school|doctor|gp|dentist|physio|vet)\s+in\s+"
            r"(?P<place>{place})|\b(?:nursing|medical|law|art|drama|grad|graduate|high|placement)\s+"
            r"school\s+in\s+(?P<place2>{place})|"
            # "now I work hotel reception in Toronto, night shift"
            r"\b(?:i|we)\s+(?:now\s+|still\s+|currently\s+)?work\s+(?:[\w-]+\s+){{1,3}}?in\s+"
            r"(?P<place3>{place})(?=\s*(?:[,.;!]|$))"
        ),
    ),
    # settled: "back in Birmingham now", "back home in Cork", "settled in Tallinn",
    # "first month down in hobart"
    (
        "settled",
        (
            r"\b(?:back\s+home\s+in|(?:finally\s+)?settl(?:ed|ing)\s+in|(?:finally\s+)?unpacked\s+in|"
            r"first\s+(?:day|week|month|year|winter|summer|spring|autumn|few\s+(?:days|weeks|months))s?\s+"
            r"(?:(?:down|up|out|over|back|here|done)\s+)?in)\s+(?P<place>{place})|"
            r"\bback\s+in\s+(?P<place2>{place})\s+now\b|\bnow\s+(?:back\s+)?in\s+(?P<place3>{place})|"
            # "office is in coventry but i'm commuting from leamington"
            r"\b(?:i'm|im|i\s+am|we're|i)\s+(?:still\s+)?commut\w*\s+(?:in\s+)?from\s+(?P<place21>{place})|"
            # "new to Leeds, know nobody up here yet"
            r"(?:^\W*|[,.;]\s+|\b(?:i'm|im|i\s+am|we're|we\s+are)\s+)(?:still\s+|pretty\s+|quite\s+)?"
            r"new\s+to\s+(?P<place22>{place})|"
            # "because of the war we are in Cairo now since 2023"
            r"\b(?:i'm|im|i\s+am|we're|we\s+are)\s+in\s+(?P<place20>{place})\s+now\b|"
            r"\bback\s+home\s+to\s+(?P<place4>{place})|\b(?:live|living)\s+(?:up|down|out|over|back)\s+"
            r"in\s+(?P<place5>{place})|\b(?:i'm|im|i\s+am|we're|we\s+are)\s+(?:down|up|over|out)\s+in\s+"
            r"(?P<place6>{place})|(?:^|[,.;]\s+|\b(?:i'm|im|i\s+am|we're|we\s+are)\s+)"
            r"(?P<place7>{place})[- ]based(?=\s*(?:[,.;!]|$|\b(?:and|but|so|now|btw|lol)\b))|"
            r"\b(?:i'm|im|i\s+am|we're|we\s+are)\s+not\s+leaving\s+(?P<place8>{place})|"
            r"\b(?:we|i)(?:'ve|\s+have)?\s+(?:finally\s+|just\s+|now\s+)?(?:arrived|landed|moved\s+in)\s+"
            r"in\s+(?P<place9>{place})|"
            # "moved back in with my parents in Spokane"
            r"\bmoved\s+(?:back\s+)?in\s+with\s+(?:my|our)\s+(?:[\w-]+\s+){{0,2}}in\s+"
            r"(?P<place13>{place})|"
            # "im back in columbus at my sisters place" (not "back in London for the weekend")
            r"\b(?:i'm|im|i\s+am|we're|we\s+are)\s+(?:now\s+)?back\s+in\s+(?P<place10>{place})"
            r"(?!\s+(?:for\s+(?:the|a|two|three|\d)|to\s+visit|visiting|on\s+(?:holiday|vacation|"
            r"a\s+trip|business))\b)|"
            # "we packed it in and moved west, galway now"
            # "we moved down from Auckland last summer so it's Wellington now"
            r"\b(?:moved|relocated|packed\s+(?:it\s+in|up))\b[^.?!]{{0,40}}?"
            r"(?:[,;]\s*|\s+(?:so|and)\s+)(?:it's\s+|its\s+|it\s+is\s+)?"
            r"(?P<place11>{place})\s+now\b|"
            # "been in kigali 2 weeks now", "we've been in Leeds for three months now", "ok been
            # in nashville 3 weeks, played my first writers round" (weeks or more: not "3 days")
            # "we've been up in Aberdeen three weeks now", "5 weeks into Nairobi"
            r"\bbeen\s+(?:(?:up|down|out|over|back)\s+)?in\s+(?P<place12>{place})\s+(?:for\s+)?"
            r"(?:\d+|a|an|one|two|three|four|five|six|a\s+few|a\s+couple\s+(?:of\s+)?)\s*(?:(?:days?|"
            r"weeks?|wks?|months?|years?|yrs?)\s+now\b|(?:weeks|wks|months|years|yrs)(?:\s+already\b|"
            r"(?=\s*[,;]|\s+and\b)))|(?:^\W*|,\s*|\b(?:ok|okay|now|so)\s+)(?:\d+|"
            r"two|three|four|five|six|seven|eight|nine|ten|a\s+few)\s+(?:weeks?|wks?|months?)\s+into\s+"
            r"(?P<place18>{place})(?!\s+(?:the|my|our|a|an)\b)|"
            # on the way home: "back to Copenhagen tonight", "back to work in Vancouver Monday"
            r"(?:^\W*|[,;]\s*|\b(?:heading|headed|flying|going|driving|off|getting|train|bus)\s+)"
            r"back\s+(?:home\s+)?to\s+(?:work\s+in\s+)?(?P<place19>{place})\s+(?:tonight|tomorrow|"
            r"today|this\s+(?:evening|afternoon|morning)|on\s+\w+day|(?:mon|tues|wednes|thurs|fri|"
            r"satur|sun)day)\b|"
            # "rented a place in alfredton", "bought a house in Ely"
            r"\b(?:rented|bought|renting|found|got|signed\s+for|leased)\s+(?:a|an|the|our)\s+"
            r"(?:[\w-]+\s+){{0,2}}?(?:place|flat|apartment|house|home|unit|condo|room|townhouse)\s+"
            r"in\s+(?P<place15>{place})|"
            # where they study or are on a working holiday: "doing MSc in Nottingham"
            r"\b(?:doing|studying|study|do)\s+(?:a\s+|an\s+|my\s+)?(?:msc|ma|mba|phd|masters?|"
            r"master's|degree|bachelor'?s?|undergrad|diploma|ba|bsc|llm)\s+(?:[\w-]+\s+){{0,2}}?in\s+"
            r"(?P<place16>{place})|\bworking\s+holiday\s+in\s+(?P<place17>{place})|"
            # "we've been in Graaff-Reinet since june"
            r"\b(?:we've|i've|we\s+have|i\s+have|we|i)\s+been\s+(?:living\s+)?in\s+(?P<place14>{place})"
            r"\s+since\b"
        ),
    ),
]


def _compiled(lower: bool) -> list[tuple[str, re.Pattern[str]]]:
    place = _LOWER if lower else _CAPITALISED
    return [(name, re.compile(shape.format(place=place), re.IGNORECASE)) for name, shape in _SHAPES]


_CASED = _compiled(lower=False)
_UNCASED = _compiled(lower=True)


# a field, not a place: "PhD student in marine biology here", "a degree in computer science"
_FIELD = re.compile(
    r"\b(?!city\b)\w+(?:ology|onomy|ics|istry|ence|ance|ment|ism|ies|ion|ure)\b|\b(?:science|studies|law|"
    r"arts|nursing|engineering|accounting|marketing|teaching|banking|publishing|computing|"
    r"medicine|design|education|finance|sales|support|operations|tech|it|hr|admin)\b",
    re.IGNORECASE,
)


# "an architect specialising in heritage buildings": what the work is in, not where
_SPECIALITY = re.compile(
    r"\b(?:speciali[sz]\w*|focus\w*|experienced|expert|skilled|interested|degree|masters?|phd|"
    r"background|qualified|trained|majoring|minoring|working)\b",
    re.IGNORECASE,
)


def casual(text: str) -> bool:
    """Typed without capitals for names: no capitalised word past a sentence's first (all-caps
    words such as "NOT" and the pronoun "I" say nothing about names)."""
    for word in re.finditer(r"\b[A-Z][a-z\u00df-\u00ff]+", text):  # "Zürich" too
        before = text[: word.start()].rstrip()
        if before and before[-1] not in '.!?:"(\u201c':
            return False
    return True


def titled(place: str) -> str:
    """A place typed in lower case, as it is written: "cape town" -> "Cape Town"."""
    return place.title() if place.islower() else place


_THEN_TOWN = re.compile(r"\s*,\s*([^\W\d_][\w'-]+(?:\s+[^\W\d_][\w'-]+)?)\b")


def town_after(place: str, rest: str) -> str:
    """The town named right after a district no gazetteer holds: "el poblado, medellín",
    "Heliopolis, Cairo" -> the town."""
    then = _THEN_TOWN.match(rest)
    if then and not names_a_town(place) and names_a_town(then.group(1)):
        return then.group(1)
    return place


def workplace(phrase: str) -> str | None:
    """Where a job is: "product manager in Mumbai on 48k", "nurse on a cardiac ward in
    leicester" (a name in lower case only in a casually typed phrase, and only at its end)."""
    end = (
        r"\s*(?:\)|lol|haha|here|now|tho|though|btw|[,.;!]|$|(?:so|and|but|because|cos|cause|since|"
        r"for|with|on|at|where|who)\b)"
    )
    named = list(re.finditer(rf"\bin\s+(?P<place>{_CAPITALISED})", phrase))
    # the town over an employer named first: "accountant in KPMG in wroclaw"
    known = [
        m
        for m in re.finditer(r"\bin\s+(?P<place>[^\W\d_][\w'-]+)", phrase)
        if names_a_town(m.group("place"))
    ]
    found = known[0] if known and named and not towns(named[0].group("place")) else None
    found = found or (named[0] if named else None)
    if found is None and casual(phrase) and not _SPECIALITY.search(phrase):
        # (not "my contract ends in agust": a month, however spelt)
        found = re.search(
            rf"(?<!\bends\s)(?<!\bending\s)(?<!\bstarts\s)(?<!\bdue\s)(?<!\bexpires\s)"
            rf"\bin\s+(?P<place>{_LOWER}){end}",
            phrase,
        )
    if found is None or NOT_PLACES.match(found.group("place").split()[0]):
        return None
    if re.search(
        r"\b(?:season|mode|time|period|shape|form|rush|hours)$", found.group("place"), re.I
    ):
        return None  # "10hrs sitting in tax season": a time of year, not a town
    if found.group("place").islower() and _FIELD.search(found.group("place")):
        return None
    return titled(town_after(found.group("place"), phrase[found.end() :]))


# a trade said with a pronoun or a verb is a sentence, not an introduction
# a place to stay named as if a trade: "hotel in Wichita." is where they sleep tonight
A_STAY = re.compile(r"^\W*(?:(?:a|the|my|our)\s+)?(?:hotel|motel|hostel|airbnb|b&b)\W*$", re.I)
_SAID_TO = re.compile(
    r"\b(?:i|i'm|im|me|we|we're|you|you're|your|he|she|they|pretend|imagine|act|be|being|"
    r"like|as|if|was|were|used)\b",
    re.IGNORECASE,
)


# a sentence told in the past: "I organized the pharmacy volunteers in our neighborhood in X"
# (not a move or a start, which say where the user is now)
_DONE_THEN = re.compile(
    r"\W*(?:(?:and|so|but|also|then)\s+)?(?:i|we)\s+(?!(?:moved|relocated|settled|arrived|landed|"
    r"unpacked|bought|rented|found|signed|started|joined|need|used|transferr?ed|transfered|posted|"
    r"hired|promoted|offered)\b)(?:\w+ed|was|were|had|did|"
    r"went|grew|ran|taught|spent|made|led)\b",
    re.IGNORECASE,
)
_NOW_SAID = re.compile(r"\b(?:now|currently|these\s+days|still|at\s+the\s+moment)\b", re.I)


def _told_then(sentence: str) -> bool:
    return bool(_DONE_THEN.match(sentence)) and not _NOW_SAID.search(sentence)


def _clause_at(sentence: str, at: int) -> str:
    """The comma-bounded clause of ``sentence`` holding position ``at``."""
    start = max(sentence.rfind(mark, 0, at) for mark in ",;") + 1
    ends = [i for mark in ",;" if (i := sentence.find(mark, at)) >= 0]
    return sentence[start : min(ends, default=len(sentence))]


def situated_places(sentence: str) -> list[tuple[str, bool]]:
    """Places the sentence shows the user to be based in (see the module docstring), each with
    whether it is only where they work or study (which may be a town away from home)."""
    # in a daydream only "here" is real: "if i moved to perth ... vs band 6 here in birmingham"
    dreamt = bool(HYPOTHETICAL.search(sentence) or re.match(r"\W*if\b", sentence, re.I))
    found: list[tuple[str, bool]] = []
    # a sentence with capitals still may type a known town in lower case ("line cook in Marina
    # Palm Hotel here in dubai"): read so only when the gazetteer knows the whole name
    shapes = (
        [(n, s, False) for n, s in _UNCASED]
        if casual(sentence)
        else [(n, s, False) for n, s in _CASED] + [(n, s, True) for n, s in _UNCASED]
    )
    if stays_away(sentence):
        return []  # "I've been in Berlin for work this week, need a gym near Mitte"
    for name, shape, known_only in shapes:
        for match in shape.finditer(sentence):
            place = next(v for k, v in match.groupdict().items() if v and k.startswith("place"))
            place = place.strip()
            if known_only and not (place.islower() and names_a_town(place)):
                continue
            if match.groupdict().get("place22") and not known_place(place):
                continue  # "new to Leeds", not "new to Python"
            if NOT_PLACES.match(place) or NOT_PLACES.match(place.split()[0]):
                continue
            if place.islower() and _FIELD.search(place):
                continue  # "in computer science", not a town
            before = sentence[: match.start()]
            if re.search(
                r"\b(?:moving|relocating|downsizing)\s+(?:\w+\s+)?(?:in)?to\b", before, re.I
            ):
                continue  # "we're moving to a new flat in Leeds next month": not yet
            own = re.split(r"[,;]|\s+(?:and|but|so)\s+", before)[-1]
            # where the speaker is, whoever acts
            here = match.group().lower().startswith(("here", "visit"))
            if dreamt and not match.group().lower().startswith("here"):
                continue
            if not here and (OTHER_SUBJECT.search(own) or SOMEONE_ELSES.search(own)):
                continue  # "my sister's coming over from Rotterdam"
            mine = re.match(r"(?:my|our)\s", match.group(), re.I)  # "a pet for my flat in Bristol"
            if not here and not mine and name != "home" and _WISH.search(own):
                continue  # "i want to volunteer in a hospital in germany"
            if name == "from" and re.search(
                r"\bhome\s+$|\b(?:weird|strange|different|odd|shock|change|hard|tough)\b[^.!?]{0,20}"
                r"\bcoming\s+$",
                before,
                re.I,
            ):
                continue  # "flying home from Bologna": where they go back from; "weird coming
                # from florida humidity": where they were
            if (
                name == "from"
                and re.search(
                    r"\b(?:coming|came|moving|moved|relocating|relocated)\s+$", before, re.I
                )
                and re.match(r"\s+to\s+\w", sentence[match.end() :])
            ):
                continue  # "a family of 3 coming from Jaffna to London": a move, not home
            if name == "from" and (not _TRAVEL.search(sentence) or _LEFT.search(before)):
                continue  # "moved from Denver", "originally from Cork", "tired from work"
            # (a hotel named in the match is where they work: "I work hotel reception in X")
            away = (
                sentence[: match.start()] + sentence[match.end() :] if name == "work" else sentence
            )
            if name in ("local", "daily", "work", "settled") and _AWAY.search(
                _clause_at(sentence, match.start()) if here else away
            ):
                continue  # "a hotel near us in Rome for the wedding" (but "dim sum this
                # weekend with my mother, here in Vancouver there is so many places")
            rest = sentence[match.end() :]
            if name == "context" and (
                "?" in sentence
                or _ELSEWHERE.search(sentence)
                or re.search(
                    r"\b(?:i|i'm|im|i've|we|we're|you|honestly|lol|haha|please|pls|thanks|"
                    r"if\s+(?:they|he|she|we|you)|they|they'll|they're|he|she|"
                    r"right|ok|okay|not|no|yes|said|noted|got\s+it|gotcha|cool|perfect|great|ta|"
                    r"cheers|thx|ty|sounds|will\s+do|makes\s+sense)\b",  # ("banha, noted": a word
                    rest,  # taken from the answer)
                    re.IGNORECASE,
                )
                or not names_a_town(place)
            ):
                continue  # "Paris, or Rome?", "Lisbon, 3 nights", "Pizza, please", "hola, I
                # did keto", "Swansea, honestly." (a correction's aside)
            if name == "intro":
                trade = match.group("who")
                if not re.search(rf"(?:{OCCUPATION.pattern}|\b{BUSINESS})$", trade, re.I):
                    continue  # "Dinner, Paris." names no trade
                if OTHER_SUBJECT.match(trade) or _SAID_TO.search(trade):
                    continue  # "my sister's bakery in Leeds", "pretend you're a waiter in Lima"
                if A_STAY.search(trade):
                    continue  # "hotel in Wichita.": where they stay, not what they run
            if name in ("local", "daily") and _told_then(sentence):
                continue  # "I organized the volunteers in our neighborhood in Khartoum when ..."
            near = sentence[max(0, match.start() - 20) : match.end()]
            if _FORMER.search(near) or SPENT_BEFORE.search(before) or TOLD_AS_PAST.search(own):
                continue  # "my old flat in Rotterdam", "after 6 years in an office in Leeds",
                # "I was an engineer in Bilbao for thirty years"
            place = town_after(place, sentence[match.end() :])  # "in Half Way Tree, Kingston"
            found.append((titled(place), name in ("work", "intro")))
    return list(dict.fromkeys(found))


# Where a life happens, said in passing: a town named as the setting of everyday things ("is a
# dog walker worth it in winnipeg", "craft beer spot in hobart for friday after work?",
# "manchester brunch spots are all the same", "halifax is rainy a LOT"). Weak evidence, so it
# yields to anything the user states and is dropped near a journey, a move, the past, someone
# else or a wish.
_SETTING_BEFORE = re.compile(
    r"\b(?:in|around|round|near|outside|across|about)\s+(?:(?:the|central|downtown|north|south|"
    r"east|west|greater|inner|old|a|my|our|this)\s+)?(?:(?:small|tiny|little|cramped|new)\s+)?$",
    re.IGNORECASE,
)
_SETTING_AFTER = re.compile(
    r"^\s+(?:city\s+)?(?:spots?|places?|area|club|clubs|centre|center|market|"
    r"weather|winters?|summers?|heat|humidity|rent|rents|prices?|traffic|council|library(?!\s+card)|gym|gyms|"
    r"restaurants?|caf[e\u00e9]s?|pubs?|bars?|suburbs?|brunch|parks?|beaches|trails?|meetups?|"
    r"scene|locals|office|branch|site|depot|hospital|schools?|flat|apartment|bedsit)\b|"
    r"^\s+(?:is|gets|has\s+been|was)\s+(?:so\s+|super\s+|really\s+|very\s+|too\s+|way\s+too\s+)?"
    r"(?:hot|cold|warm|rainy|wet|humid|freezing|dark|grey|gray|expensive|pricey|dear|muggy|"
    r"windy|snowy|icy|sunny)\b",
    re.IGNORECASE,
)
_ELSEWHERE = re.compile(
    r"\b(?:visit\w*(?!\s+(?:me|us)\b)|trip|travel\w*|holiday|vacation|honeymoon|conference|wedding|getaway|"
    # a stay counted in nights, a meeting at a client's: "client workshop in rotterdam, 2 nights"
    r"(?:\d+|one|two|three|four|five)\s+nights?|client\s+(?:workshop|meeting|visit|site)|summit|"
    r"off-?site|"
    r"tour\w*|itinerary|sightseeing|staying|stay|hotel|hostel|airbnb|layover|stopover|"
    rf"{HIRED_CAR}|"
    r"passing\s+through|fly|flying|flight|flights|drive\s+to|driving\s+to|train\s+to|"
    r"going\s+to|heading\s+to|head\s+to|go\s+to|get\s+to|road\s*trip|"
    r"(?:\d+|a\s+few|couple\s+of|two|three|four|five|six|ten)\s+(?:days?|nights?|weeks?)\s+in|"
    r"a\s+(?:day|night|week)\s+in|weekend\s+in|this\s+week\s+in|move|moving|moved|relocat\w*|"
    r"emigrat\w*|used\s+to|back\s+when|"
    r"when\s+(?:we're|we\s+are|i'm|im|i\s+am|we\s+get|i\s+get)\s+(?:in|to|there)|"
    r"for\s+(?:\d+|a\s+few|a\s+couple\s+of|two|three|four|five|six)\s+(?:days|nights|weeks)|"
    r"grew\s+up|born|originally|miss|missing|someday|one\s+day|dream\w*|"
    r"met\s+at\s+(?:uni|university|college|school)|from\s+(?:uni|university|college)|"
    r"back\s+in\s+(?:uni|college|school|high\s+school)|"
    r"(?:would|'d)\s+(?:love|like)\s+to|(?:wanna|want\s+to)\s+(?:go|visit|live|see)|wish|"
    r"plan\w*\s+to|thinking\s+(?:of|about)|considering|goals?|resolutions?|"
    r"offer|interview\w*|apply\w*|applied|pretend|imagine|role\s*-?\s*play|act\s+as|"
    # a town as the subject of a request: "tell me about Paris", "the history of Leeds"
    r"tell\s+me\s+(?:more\s+)?about|history\s+of|facts?\s+about|info(?:rmation)?\s+(?:on|about)|"
    r"(?:learn|read|essay|article|report|presentation)\s+(?:about|on)|"
    r"you(?:'re|\s+are)\s+an?)\b",
    re.IGNORECASE,
)


_JOURNEY = re.compile(
    r"\b(?:next\s+stop|en\s+route|haul\w*|book\w*|trip|(?<!working\s)holiday|vacation|honeymoon|conference|"
    r"hotel|hostel|airbnb|layover|stopover|flights?|flying|fly|visit\w*|\d+\s+nights?|"
    r"for\s+(?:\d+|one|two|three|four|five|six|a\s+few|a\s+couple\s+of)\s+(?:days|weeks)|"
    r"for\s+(?:a|the)\s+(?:week|weekend|night)|"
    # a car hired where one goes: "need a rental car in orlando"
    rf"{HIRED_CAR}|"
    # "talking about me going out to Spain": a journey, made or not
    r"(?:going|went|heading|gone)\s+(?:out\s+|over\s+|back\s+)?to)\b|"
    r"\b[A-Z][\w-]+\s+to\s+[A-Z]",
)


def on_a_journey(sentence: str) -> bool:
    """Whether a sentence is about a journey or a stay away: a town it names is where the user
    goes or passes through ("just landed in Seoul for 6 weeks", "hauling reefer Tulsa to Salt
    Lake tues", "next stop La Paz", "a site near Wanaka for 4 nights"). A move is not one: the
    grammar reads moves, and the tagger learned them."""
    return _JOURNEY.search(sentence) is not None


_AN_EVENT = re.compile(
    r"\s+(?:marathon|half|10k|5k|ultra|triathlon|olympic\s+tri|tri\b|ironman|70\.3|sportive|"
    r"fashion\s+week|film\s+festival|book\s+fair|comic\s+con)",
    re.IGNORECASE,
)


# the user's own land or business and the town it is by: "we farm rice and crawfish out by
# Abbeville", "growin cane out past Bundaberg 20 years", "I'm assistant manager at a tea estate
# near Jorhat", "we have litchi orchard in Muzaffarpur" (a place of everyday life, whatever else
# the turn is about)
_OUR_LAND = re.compile(
    r"(?:^\W*|\b(?:we|i|i've|we've|we're|i'm|im|our|my)\b)[^.!?;]{0,80}?\b(?:farm\w*|acres?|hectares?|ha|"
    r"plots?|orchards?|estate|ponds?|cattle|cows|sheep|goats|ewes|herd|flock|shop|store|salon|"
    r"caf[e\u00e9]|restaurant|bakery|pub|business|boat|station|ranch|vineyard|croft|garage|"
    r"grapes|cane|cassava|rice|wheat|paddy|barley|cocoa|tea)\b[^.!?;]{0,40}?\b(?:near|outside|"
    r"out\s+(?:by|past|of|near)|up\s+by|down\s+by|round|in)\s+$",
    re.IGNORECASE,
)


# "I used to love running", "we used to have a shop in Leeds": how things were
USED_TO = re.compile(r"\bused to\b", re.IGNORECASE)


def _own_land(turn: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for sentence in SENTENCE.split(turn):
        if (
            HYPOTHETICAL.search(sentence)
            or ended(sentence)
            or past(sentence)
            or USED_TO.search(sentence)
        ):
            continue
        for start, _, name in towns(sentence):
            before = sentence[:start]
            own = re.split(r"[,;]|\s+(?:and|but|so)\s+", before)[-1]
            if _OUR_LAND.search(before) and not (OTHER_SUBJECT.search(own) or _FORMER.search(own)):
                found.append((sentence, name))
                break
    return found


def implied_places(turn: str) -> list[tuple[str, str]]:
    """(sentence, town) for each town a turn names as the setting of the user's everyday life
    (see above); nothing when any part of the turn is about a journey, a move, the past or a
    wish, since one sentence's trip colours the next ("flying out friday. cheap eats in rome?")."""
    land = _own_land(turn)
    if _ELSEWHERE.search(turn) or stays_away(turn):
        return land
    found: list[tuple[str, str]] = land
    for sentence in SENTENCE.split(turn):
        if HYPOTHETICAL.search(sentence) or re.match(r"\W*if\b", sentence, re.I):
            continue
        # "i was nurse 15 years in kharkiv", "had it in kyoto years ago" (but "being an auditor
        # in ipoh sounded stable when I was 22": the time is the job's, not Ipoh's)
        if ended(sentence) or re.search(r"\byears\s+ago\b", sentence, re.I):
            continue
        if TOLD_AS_PAST.search(sentence) or LIVED_BEFORE.search(sentence):
            continue  # "I lived in Munich before, there was easier"
        for start, end, name in towns(sentence):
            before, after = sentence[:start], sentence[end:]
            if not (_SETTING_BEFORE.search(before) or _SETTING_AFTER.match(after)):
                continue
            if _AN_EVENT.match(after) or re.search(r"\bfrom\s+(?:the\s+)?$", before, re.I):
                continue  # "a place in the london marathon": the race, not the town; "coming
                # from florida humidity": where they were
            own = re.split(r"[,;]|\s+(?:and|but|so)\s+", before)[-1]
            if OTHER_SUBJECT.search(own) or SOMEONE_ELSES.search(own):
                continue  # "my sister in Leeds", "priya's place in Leeds"
            if _THEIRS_IN.search(own) and not _AS_ONE_OF_THEM.search(own):
                continue  # "the grandkids in Perth", "a client in bristol"
            if _FORMER.search(before[-30:]) or past(sentence[:end]) or _told_then(sentence):
                continue  # "my old gym in Leeds", "when I was boy in Novosibirsk"
            if name not in (town for _, town in found):
                found.append((sentence, name))
    return found


# a stay told as lasting till now, its town named elsewhere in the turn: "where can I buy tea in
# Buenos Aires? I've lived here 8 months", "I live here now"
_HERE_SO_FAR = re.compile(
    r"\b(?:(?:i've|ive|i\s+have|we've|we\s+have)\s+(?:lived|been|been\s+living)\s+here\s+"
    r"(?:for\s+)?(?:about\s+|almost\s+|nearly\s+|over\s+)?(?:\d+|a|an|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|a\s+few|a\s+couple\s+of)\s+(?:weeks?|months?|years?|yrs?)|"
    r"(?:i|we)\s+(?:live|'re\s+based|are\s+based)\s+here(?:\s+now)?\s*(?:[,.;!]|$))",
    re.IGNORECASE,
)
# where a town named in the turn is not where the user is: "miss from Manchester", "my mum in
# Leeds"
_NOT_HERE = re.compile(
    r"\b(?:from|miss\w*|left|leaving|to|via|visit\w*|trip|back\s+in|used\s+to)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)


# a town said to be where the user is, even in a question: "... vs here in leeds?"
HERE_IN = re.compile(r"\bhere\s+in\s+$", re.IGNORECASE)


def lived_here(turn: str) -> tuple[str, str] | None:
    """(sentence, town) when the turn says the user has been living "here" and names exactly
    one town where "here" can be (not one they miss, left, come from or go to), or names the
    home in a fragment of its own (:mod:`.terse`)."""
    said = SENTENCE.split(turn)
    stay = next((s for s in said if _HERE_SO_FAR.search(s) and not HYPOTHETICAL.search(s)), None)
    if stay is None:
        return told_tersely(turn)  # "moved. manchester", "lisbon now"
    places = {
        name: sentence
        for sentence in said
        for start, _, name in towns(sentence)
        if not _NOT_HERE.search(sentence[:start])
        and not OTHER_SUBJECT.search(re.split(r"[,;]", sentence[:start])[-1])
        # a question names a town to ask about ("what would I make in amsterdam vs here in
        # leeds?"), unless it says "here in" it
        and not (sentence.rstrip().endswith("?") and not HERE_IN.search(sentence[:start]))
    }
    if len(places) != 1:
        return None
    name, sentence = next(iter(places.items()))
    return (sentence if sentence == stay else f"{sentence} {stay}"), name


_PUT_RIGHT_BEFORE = re.compile(
    r"\W*(?:(?:no|nope|actually|sorry|haha|lol|it's|its|i'm\s+in|im\s+in|i\s+live\s+in|"
    r"we're\s+in|in)\W+)*",
    re.IGNORECASE,
)


def corrected_place(text: str) -> str | None:
    """The town the user puts the assistant right with: "daegu not seoul haha", "Not Sofia,
    Plovdiv.", "no no, curitiba! not são paulo" (the first two towns of the turn, one of them
    denied)."""
    found = towns(text)
    if len(found) < 2:
        return None
    (start, end, first), (after, _, second) = found[:2]
    between, before = text[end:after], text[:start]
    if re.fullmatch(r"\s*[,!.]*\s*not\s+", between, re.I) and _PUT_RIGHT_BEFORE.fullmatch(before):
        return first
    denied = re.fullmatch(r"\W*(?:(?:no|nope|actually)\W+)*not\s+", before, re.I)
    between = re.split(r"(?<=[.!?])\s", between, maxsplit=1)[0]  # only what follows at once
    named = re.fullmatch(r"\s*[,.;!-]+\s*(?:(?:it's|its|but|i'm\s+in|in)\s+)?", between, re.I)
    if denied and named:
        return second
    return None
