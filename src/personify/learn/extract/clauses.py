"""The pieces every extractor shares: sentences, clauses, objects and who is speaking.

Splitting a turn into sentences and clauses (at conjunctions that start a new first-person
statement: "I avoid X and prefer Y" -> two clauses), trimming an *object* ("sushi, especially
nigiri" -> "sushi"), single-valued slot values ("Lisbon with my partner" -> "Lisbon"), and telling
the user apart from the people in their life.
"""

from __future__ import annotations

import re

SENTENCE = re.compile(  # (not after "St." or "Dr.": "a nurse at St. Luke's")
    r"(?<=[.!?])(?<!\bSt\.)(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)(?<!\bMt\.)\s+|\n+|\s+[\u2014\u2013]\s+|\s+-\s+|(?<=[\U0001F300-\U0001FAFF\u2600-\u27BF])\s+"
    # an emoticon ends a sentence too: "doctor says lactose intolerant now :( chai without milk?"
    r"|(?<=\s[:;][()DPp/|])\s+|(?<=\s[:;]-[()DPp/|])\s+"
)
_FIRST_PERSON_START = (
    r"i|i'm|i've|i'd|i'll|my|we|we're|we've|prefer|avoid|dislike|like|love|hate|enjoy|only|"
    r"always|never|don't|do not|find|have|am|would|want|need|can't|cannot|also|really|"
    r"absolutely|strongly|usually|generally"
)
# The people in a user's life: what they like, have or are is not the user's.
RELATIVES = (
    r"wife|husband|partner|spouse|fianc[e\u00e9]e?|boyfriend|girlfriend|bf|gf|hubby|wifey|missus|"
    r"other\s+half|sons?|daughters?|kids?|"
    r"children|friends?|best\s+mate|mates?|buddy|buddies|pal|pals|bestie|bff|sister|brother|"
    r"siblings?|mom|mum|dad|mother|father|"
    r"parents|in-laws|(?:son|daughter|mother|father|sister|brother)-in-law|mil|fil|sil|bil|"
    r"step(?:mum|mom|dad|son|daughter)|family|roommate|flatmate|boss|colleague|"
    r"coworker|guests?|\d+\s*(?:yo|y/o|year[- ]old)|toddler|baby|twins|nieces?|nephews?|"
    r"cousins?|grand(?:son|daughter|kids?|children|ma|pa|mother|father)|gran|nan|aunt|uncle|"
    r"youngest|eldest|oldest|little\s+ones?|"
    r"manager|neighbou?rs?|housemates?|teammates?|team|clients?|roomies?|flatmates|"
    r"roommates|employer|landlord|landlady|(?:little|lil|small|big|younger|older|baby)\s+(?:bro|sis)|"
    # kin in the words of home: "my tía keeps telling me go keto", "my mama in Gdańsk"
    r"mama|mamá|papa|papá|t[ií]a|t[ií]o|abuel[ao]|nanay|tatay|lola|lolo|amma|appa|ammi|abbu|"
    r"babcia|dziadek|oma|opa|nonna|nonno|kuya|didi|bhaiya|dadi|nani|ouma|oupa"
)
# words that may stand between "my" and who it is: "my little sister", "my best friend", "my
# older brother", "my 6yo son" (never "my own", which is the user's)
KIN_MODIFIERS = r"(?:(?!own\b)[\w'-]+\s+){0,2}?"
# a thing and a judgement of it, its own subject: "bill evans is kinda nice"
_JUDGED = (
    r"(?:[\w'-]+\s+){1,3}?(?:is|are|was|were|'s)\s+(?:kinda\s+|kind\s+of\s+|pretty\s+|really\s+|"
    r"actually\s+|quite\s+|so\s+|super\s+)?(?:nice|good|great|ok|okay|decent|amazing|lovely|cool|"
    r"fun|gorgeous|brilliant|fab|excellent|tasty|delicious)\b"
)
_CLAUSE = re.compile(
    r"\s*;\s*|\s*\(\s*(?=(?:i|i'm|i've|we|we're|my)\b)"  # "(i am an intern)"
    r"|(?<!^me)(?<!^i)(?<!\sme)(?<!\si),?\s+(?:and|but|so|while|whereas|although|though|yet)\s+"
    rf"(?=(?:(?:now|then|also|still|actually|these days),?\s+)?(?:{_FIRST_PERSON_START})\b)"
    r"|,?\s+(?:since|because|as|'?cause|cos|coz|cuz)\s+(?=(?:i|i'm|i've|my|we)\b)"
    # "i used to live on espresso, but since the palpitations in feb i'm off caffeine": a time
    # before the subject, then how things are now
    r"|,?\s+but\s+(?=(?:since|after|ever\s+since|from|these\s+days|nowadays|now)\b[^,.;!?]{0,50}?"
    r"\b(?:i|i'm|i've|im|we|we're)\s)"  # (the same start as _TIME_FIRST below)
    r"|,?\s+(?:and|but)\s+(?=(?:now\s+)?(?:live|living|work|working|moved|based)\s+(?:in|at|for|as|to)\b)"
    # "i used to live on espresso, but cut caffeine completely in jan": how things are now
    r"|,?\s+but\s+(?=(?:then\s+|now\s+)?(?:quit|stopped|gave\s+up|cut|switched|started)\b)"
    r"|,\s+(?=(?:(?:honestly|tbh|ngl|actually|really|personally|though|tho|now|nowadays|"
    r"these\s+days)\s+)?"
    r"(?:i|i'm|i've|i'd|and i|but i|so i|we're|we've|we\s+(?:live|moved|rent|own|have|work))\b)"
    # "we love stand-up, she likes theatre more", "i went vegan, my husband did it first":
    # someone else's clause
    r"|,\s+(?=(?:she|he|they)\s+(?:likes?|loves?|hates?|prefers?|wants?|is|'s|are|'re)\b)"
    rf"|,\s+(?=(?:my|our)\s+{KIN_MODIFIERS}(?:{RELATIVES})\s+(?:did|does|is|was|has|had|went|"
    r"wants?|wanted|likes?|loves?|hates?|thinks?|says?|said|got|made|keeps?|reckons?|will|would|"
    r"are|were|can|won't)\b)"
    r"|,?\s+(?:and|but|so)\s+(?=(?:it's|its|it\s+is)\b)"
    # "I'm 45, been a dinner lady for 11 years": the subject dropped before "been"
    r"|,\s+(?=been\s+(?:a|an|doing|working|living|teaching|nursing|driving)\s)"
    # "I'm 14 weeks pregnant and craving sushi like crazy": a liking said on, its subject dropped
    r"|,?\s+(?:and|but)\s+(?=(?:craving|loving|obsessed\s+with|dying\s+for)\b)"
    # "he's mad about sushi but raw fish makes me gag": the user's verdict, after someone's
    r"|,?\s+but\s+(?=[^,.;!?]{2,30}?\s+makes?\s+me\s+)"
    # "not really a jazz person but bill evans is kinda nice": a thing of its own, judged
    rf"|,?\s+but\s+(?={_JUDGED})"
    r"|,\s+(?=(?:went|started|joined|moved|got|quit|left|switched|currently|based|living|working|"
    r"signed|found|bought|rented|turned\s+down|decided|changed\s+my\s+mind|"
    r"training|saving|planning|want|wanna|need|more\s+of\s+a|not\s+much\s+of\s+a|"
    r"big\s+fan|huge\s+fan)\b)",
    re.IGNORECASE,
)
SUBJECT = re.compile(
    # "we both", "me and my partner": the user speaks for themselves and someone close
    r"(?:^|\b)(?:(?:i'm|i\s+am)\s+the\s+one\s+(?:who|that)|"  # "I'm the one who loves spicy food"
    r"i|we|i'm|we're|i've|we've|i'd|we'd|me|personally,? i|we\s+both|we\s+all|"
    r"both\s+of\s+us|(?:me|i)\s+and\s+(?:my|the)\s+\w+(?:\s+(?-i:[A-Z])\w+)?|"
    r"(?:my|the)\s+\w+\s+and\s+(?:i|me))"
    r"(?:\s+(?:really|truly|strongly|absolutely|definitely|generally|usually|always|also|"
    r"just|tend to|have always|honestly|do|don't|do not|would|much|actually|still|now|"
    r"kind of|sort of|totally|simply|mostly|can|cannot|can't|will|won't|no longer|never|only|"
    r"used to|quite|rather|even|sometimes|often|lowkey|low-key|legit|def|defo|"
    r"kinda|pretty much|so|too|got|get|finally|recently|currently|been|ve been|have been|way|far|"
    r"'ve\s+been|now|again|back|"
    r"exclusively|strictly|must|have|has|am|'m|'ve|'d|to|are|'re|both|\w+ly))*\s*$",
    re.IGNORECASE,
)
# what one is "in" that is no place: "I'm in trouble", "im in meeting", "we're in labour"
IN_A_STATE = (
    r"(?:trouble|love|pain|bed|hospital|class|school|college|uni|work|shock|debt|charge|luck|"
    r"business|town|touch|tears|need|danger|agony|heaven|hell|denial|between|favou?r|line|time|"
    r"recovery|therapy|rehab|quarantine|isolation|mourning|bits|pieces|limbo|awe|meetings?|"
    r"lectures?|calls?|queue|transit|church|mass|labou?r|hurry|rush)"
)
QUESTION = re.compile(
    r"^\s*(?:do|does|did|can|could|would|will|should|is|are|what|which|who|how|where|when|"
    r"why|any)\b(?!['\u2019]).*\?\s*$|\byou\s+(?:prefer|like|love|enjoy|want|think)\b|"
    # asked without the question mark: "or do i need a canister", "should i get the blue one"
    r"^\W*(?:(?:or|and|so|but)\s+)?(?:do|does|did|can|could|should|would|is|are|will)\s+"
    r"(?:i|you|we|it|they|there|a|an|the|my|this|that)\b|"
    # "what do i need for driving there": a wh-word and a question's word order
    r"^\W*(?:(?:or|and|so|but)\s+)?(?:what|which|how|where|when|why)\s+(?:do|does|did|can|could|"
    r"should|would|is|are|will)\s+(?:i|you|we|it|they|there|my)\b",
    re.IGNORECASE,
)
# a clause that names who it is about ("it's", "we've", "my sister", "you")
HAS_SUBJECT = re.compile(
    r"\s*(?:i|i'm|im|i've|ive|i'd|i'll|we|we're|we've|my|our|he|she|they|you|it|this|that|there|"
    r"its|thats|theres|theyre|hes|shes|\w+'s)\b",
    re.IGNORECASE,
)
_REASON = re.compile(
    r"\s*(?:,\s*)?\b(?:because|bc|b/c|cuz|coz|cos(?=\s+(?:of|i|it|my|we|the)\b)|due to|since|"
    r"as they|as it|as i|for (?:their|its)|so that|"
    r"which|whenever possible)\b.*$",
    re.IGNORECASE,
)
CORRECTION = re.compile(
    r"^\s*(?:no|nope|actually|correction|wait|sorry|oops)\b[,!.:]?|\bi meant\b|"
    r"\bchanged my mind\b|\bno longer\b|\banymore\b|\bthese days\b|\bnot any more\b",
    re.IGNORECASE,
)


# chat spelling, one alternative per word: (the word as typed, as the grammar reads it)
_CHAT_WORDS = (
    ("im", "I'm"),
    ("ive", "I've"),
    ("dont", "don't"),
    ("cant", "can't"),
    ("wont", "won't"),
    ("didnt", "didn't"),
    ("doesnt", "doesn't"),
    ("isnt", "isn't"),
    ("arent", "aren't"),
    ("wasnt", "wasn't"),
    ("havent", "haven't"),
    ("thats", "that's"),
    ("shes", "she's"),
    ("hes", "he's"),
    ("whats", "what's"),
    ("theres", "there's"),
    ("youre", "you're"),
    ("couldnt", "couldn't"),
    ("wouldnt", "wouldn't"),
    ("ur", "your"),
    ("u", "you"),
    (r"w(?=\s+[a-z])", "with"),  # "im done w shein", "golfing w him"
    # (not "my id expired", "the kid was ill")
    (r"id(?=\s+(?:rather|love|like|prefer|want|never|probably|definitely|much))", "I'd"),
    (r"ill(?=\s+(?:have|take|stick|try|go|do|just|probably|definitely|need|check))", "I'll"),
)
# one pass over the turn, not one per word
_CHAT_SPELLING = re.compile(
    r"\b(?:" + "|".join(bare for bare, _ in _CHAT_WORDS) + r")\b", re.IGNORECASE
)
_SPELLED = {re.sub(r"\(.*$", "", bare): full for bare, full in _CHAT_WORDS}


# English typed by people who learned it later, as the grammar reads it: "I am study nursing",
# "i living in Berlin", "i from vietnam", "I very like spicy food", "my part time job is waiter"
_SECOND_LANGUAGE = (
    (re.compile(r"\b(?:i\s+am|i'm)\s+live\b", re.IGNORECASE), "I'm living"),
    (re.compile(r"\b(?:i\s+am|i'm)\s+(study|work|stay)\b", re.IGNORECASE), r"I'm \1ing"),
    (re.compile(r"\bi\s+(living|staying|studying|working)\b", re.IGNORECASE), r"I'm \1"),
    (re.compile(r"\bi\s+study\b", re.IGNORECASE), "I'm studying"),
    (re.compile(r"\bi\s+from\b", re.IGNORECASE), "I'm from"),
    (re.compile(r"\bi\s+very\s+(like|love|enjoy)\b", re.IGNORECASE), r"I really \1"),
    (re.compile(r"\bi\s+(like|love|enjoy)\s+not\b", re.IGNORECASE), r"I don't \1"),
    # "mums diabetic", "husbands allergic": someone's state, said without the apostrophe
    (
        re.compile(
            r"(?<!\d\s)\b(mum|mom|dad|husband|wife|sister|brother|son|daughter|partner|boyfriend|girlfriend|"
            r"nan|gran)s\s+(?=(?:diabetic|vegan|vegetarian|allergic|coeliac|celiac|pregnant|"
            r"lactose|intolerant|obsessed)\b)",
            re.IGNORECASE,
        ),
        r"\1's ",
    ),
)
# "my part time job is waiter in restaurant": the job, when an occupation follows
_MY_JOB_IS = re.compile(
    r"\bmy\s+(?:(?:part[- ]time|full[- ]time|day|new|main|current)\s+)?job\s+is\s+(?:a\s+|an\s+)?"
    r"(?P<role>\w+(?:\s+\w+)?)(?=\s*(?:[,.;!]|$|\s+(?:in|at|for)\b))",
    re.IGNORECASE,
)


def normalize(text: str) -> str:
    """Chat spelling as the grammar expects it: curly apostrophes, "im", "dont", "u", "mums
    diabetic", and the commonest second-language forms (:data:`_SECOND_LANGUAGE`)."""
    text = _CHAT_SPELLING.sub(
        lambda word: _SPELLED[word.group().lower()], text.replace("\u2019", "'")
    )
    for pattern, replacement in _SECOND_LANGUAGE:
        text = pattern.sub(replacement, text)
    return _MY_JOB_IS.sub(
        lambda m: f"I work as a {m['role']}" if OCCUPATION.search(m["role"]) else m.group(), text
    )


_TIME_FIRST = re.compile(
    r"(?:since|after|ever\s+since|from|these\s+days|nowadays|now)\b[^,.;!?]{0,50}?"
    r"\b(?:i|i'm|i've|im|we|we're)\s",
    re.IGNORECASE,
)


# a new "I'm" that says what the user is, in speech typed or dictated without a stop: "I need a
# new laptop for work stuff I'm a data analyst so ...", "I can't stand raw fish at all I'm more of
# a ramen guy" (not after a word that takes a clause: "I think I'm", "because I'm"; not "the book
# I'm reading": a clause inside a thing)
_RUN_ON = re.compile(
    r"(?<=[a-z0-9])\s+(?=(?:i'm|i\s+am|im)\s+(?:(?:a|an|from|based|originally|vegan|vegetarian|"
    r"pescatarian|allergic|lactose|coeliac|celiac|diabetic|pregnant|retired|married|single|"
    r"divorced)\b|more\s+of\b|\d))",
    re.IGNORECASE,
)
_TAKES_A_CLAUSE = frozenset(
    "that think thought know knew guess say said says hope feel felt believe because cause cos "
    "coz if when and but so which as where what how why who until till before after since while "
    "whether than like maybe probably also then now honestly actually unless though although mean "
    "once sure realise realize reckon suppose wish worried afraid glad sorry whenever wherever or "
    "nor yet just tell told admit swear bet pretty kinda um uh well yeah yes no okay ok lol haha "
    "oh hi hey hello guess more less the even only tbh ngl".split()
)


_LEADS_A_CLAUSE = frozenset(
    "since after when whenever because cause cos if before until till once while as now ever "
    "from though although unless".split()
)


def _run_on(part: str) -> list[str]:
    """``part`` split where a run-on starts a new "I'm" after at least three words."""
    out, start = [], 0
    for found in _RUN_ON.finditer(part):
        before = part[start : found.start()]
        words = before.split()
        if (
            len(words) >= 3
            and words[-1].lower() not in _TAKES_A_CLAUSE
            and words[0].lower() not in _LEADS_A_CLAUSE  # "since the palpitations i'm off ..."
        ):
            out.append(before)
            start = found.end()
    return [*out, part[start:]]


def split_clauses(text: str) -> list[str]:
    """Clauses of ``text``; one that continues a first-person sentence without its own subject
    ("... and prefer Y") inherits "I"."""
    clauses = []
    for sentence in SENTENCE.split(text):
        split = [run for c in _CLAUSE.split(sentence) if c for run in _run_on(c)]
        parts = [c.strip(" ,;:-\"'()") for c in split]
        parts = [c for c in parts if c]
        parts = _rejoined(parts)  # "she's pregnant and craving pickles"
        for i, clause in enumerate(parts):
            timed = _TIME_FIRST.match(clause)  # "since the palpitations i'm off caffeine"
            judged = re.match(_JUDGED, clause, re.IGNORECASE)  # "..., but bill evans is nice"
            if (
                i
                and not HAS_SUBJECT.match(clause)
                and not timed
                and not judged
                and is_first_person(parts[0])
            ):
                lead = "I'm " if re.match(r"\w+ing\b", clause) else "I "
                if re.match(r"been\b", clause, re.I):  # ("my sister, been a nurse": hers)
                    lead = "I've " if re.match(r"\W*i\b", parts[0], re.I) else ""
                clause = lead + clause
            # "My wife and I are moving" split from "My wife": "I'm moving", not "I are moving"
            clause = re.sub(r"^I\s+are\b", "I'm", re.sub(r"^I\s+were\b", "I was", clause))
            clauses.append(clause)
    return clauses


def _rejoined(parts: list[str]) -> list[str]:
    """A liking said on without its subject ("and craving pickles") stays with someone else's
    clause before it."""
    out: list[str] = []
    for part in parts:
        said = re.split(r",\s*", out[-1])[-1] if out else ""
        if out and _LIKING_ON.match(part) and not is_first_person(said):
            out[-1] = f"{out[-1]} and {part}"
        else:
            out.append(part)
    return out


_LIKING_ON = re.compile(r"(?:craving|loving|obsessed\s+with|dying\s+for)\b", re.IGNORECASE)
_EMOJI = re.compile(r"\s*[\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F]+")


# how often a habit is done: "every morning", "3x a week", "most weekends", "religiously" (a
# figure or a "most/every" with a unit of time, never a bare "always": "i always forget")
OFTEN = (
    r"(?:(?:almost|nearly|pretty\s+much)\s+)?(?:every|each|most)\s+(?:single\s+)?(?:other\s+)?"
    r"(?:day|morning|evening|night|weekend|week|weekday|lunch(?:time)?|breakfast|dinner|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|summer|winter)s?\b|"
    r"(?:\d+|one|two|three|four|five|six|seven|once|twice)\s*(?:x|times|days|nights|mornings|"
    r"evenings|sessions)?\s+(?:a|per|each)\s+(?:day|week|wk|month)\b|"
    r"(?:daily|religiously|nonstop|non-stop)\b"
)

# things one has or has not, whose absence is a fact of life: "no car", "2 kids, no cat"
POSSESSIONS = (
    r"(?:car|cars|bike|pets?|cats?|dogs?|kids|children|garden|yard|balcony|tv|oven|microwave|"
    r"dishwasher|washing\s+machine|wifi|internet|licen[cs]e|driving\s+licen[cs]e)"
)

# what a user finds a thing: "I find golf boring", "i find it kind of depressing"
_DULL = (
    r"boring|tedious|annoying|ineffective|overwhelming|uncomfortable|unappealing|distracting|"
    r"stressful|unsettling|disorienting|difficult|hard|frustrating|off-putting|unpleasant|dull|"
    r"tiresome|draining|exhausting|pointless|useless|depressing|pretentious|cringe|cringey"
)
NEGATIVE_ADJECTIVES = rf"{_DULL}|too\s+\w+"
# what ends an object: an aside, a reason about someone else, how much, a question, a
# filler word; applied in this order (compiled once: ``clean_object`` runs on every clause)
_OBJECT_TRIMS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        # "..., if that's a thing", "..., if that makes sense": a hedge, not the thing
        r",\s*if\s+(?:that|it)\b.*$",
        # "meat anymore, not for years", "fish at all, people keep offering me tilapia"
        r"(?:^|\s+)(?:any\s?more|at\s+all)\b.*$",
        # "bouldering at a gym near campus": the pastime, not where
        r"\s+(?:at|near)\s+(?:a|an|the|my|our)\s+(?:[\w'-]+\s+){0,3}?(?:gym|club|centre|center|"
        r"studio|pool|rink|hall|leisure\s+centre|sports\s+centre)\b.*$",
        # "cheese for anyone": the thing, not who it is kept from
        r"\s+for\s+(?:anyone|anybody|anything|no\s+one|nobody|the\s+world)\b.*$",
        # "salsa > reggaeton": the one preferred
        r"\s*>\s*.*$",
        # "meat after my cholesterol results": the thing, not when it was given up
        r"\s+after\s+(?:my|our|the|his|her|i|we|being|getting|having|\d)\b.*$",
        # "red meat again after like 8 years pescatarian": the thing, not when it came back
        r"\s+again\b.*$",
        # "my climbing gym membership, that's non-negotiable": what is said of it
        r",\s*(?:that's|thats|it's|its|which\s+is|all\s+th(?:at|ose|e))\b.*$",
        # "a theme park person tbh so skip those": an aside ends the thing
        r"\s+(?:tbh|ngl|lol|lmao|haha\w*)\s+\S.*$",
        # "a room with private bath, she has a big tattoo": the reason after, about someone
        r",\s*(?:she|he|they|it)\s+(?:has|is|was|does|'s|needs|wants)\b.*$",
        # "spicy honestly, my stomach can't take it": a new clause about the user's own
        r",\s*(?:my|our)\s+[\w'-]+\s+(?:can't|cannot|can|won't|is|isn't|gets|doesn't|does|"
        r"hates|says)\b.*$",
        r"\s+(?:honestly|tbf|ngl|tho|though|(?:one|a)\s+bit|sort|kind)$",
        # "golf three years back after the knee replacement": when, not what
        r"\s+(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|a\s+few|some)\s+"
        r"(?:years?|months?|weeks?)\s+(?:back|ago)\b.*$",
        # "white almost exclusively in summer", "cheese SO much lol": how much, not what
        (
            r"\s+(?:(?:almost\s+)?exclusively|so\s+much|as\s+much|that\s+much|like\s+crazy|"
            r"terribly|so\s+bad(?:ly)?|(?:(?:way|far)\s+)?too\s+much|desperately)\b.*$|\s+as$"
        ),
        # "make a cake but almond flour is in every recipe": a new clause with its own verb
        r",?\s+but\s+(?=(?:[\w'-]+\s+){0,3}(?:is|are|was|were|has|have)\b).*$",
        # "super spicy stuff but a bit of chilli ok": what is fine is not the thing
        r",?\s+but\s+(?:[\w'-]+\s+){0,5}?(?:(?:is|are)\s+)?(?:ok|okay|fine|alright)\b.*$",
        # "mate every morning", "padel twice a week before work": how often, not what
        rf"\s+(?:like\s+|about\s+|at\s+least\s+)?(?:{OFTEN}).*$",
        # "a jazz bar saturday, what do i wear", "a mates house, she's doing pasta bake",
        # "a concert friday, strobe lights = bad for me": a question, someone else, a verdict
        r",\s*(?:(?:what|which|how|where)\s+(?:do|does|did|should|can|could|would|is|are)\b|"
        r"(?:she|he|they)(?:'s|'re|\s+is|\s+are)\s|[^,]{0,40}=).*$",
        # "getting a dog, any breeds that handle heat?"
        r",\s*(?:any|what|which|how|where|is|are|do|does|can|could|should|would)\b[^,]*\?.*$",
        (
            r"(?:,\s*|\s+)(?:though|tho)\b.*$|\s+too\s*,.*$|"
            r",\s*(?:not|no|but|so|though|tbh|lol|haha|honestly|severe|mild|serious|bad|deadly|more|"
            r"mostly|just|life-threatening)\b.*$"
        ),
        (
            r"(?:\s+(?:tbh|lol|haha|honestly|though|i guess|i think|much|often|a lot|really|btw|"
            r"if i'm (?:being )?honest|to be honest|if i'm being real|"
            r"person|people|folks|guy|girl|gal|type|(?:kind|sort) of (?:person|guy|girl)|"
            r"nerd|geek|snob|buff|"
            r"junkie|addict|fiend|nut|rat|"
            r"(?:man|woman|lad|lass) (?:myself|meself|at heart|through and through)|"
            r"myself|personally|phase|era|kick|"
            r"for now|these days|nonstop|non-stop|on repeat|constantly|every day|all the time|"
            r"fans?|all (?:week|day|month|year)|for the \w+ time|i suppose|ngl|obvs?))+[.!?]*$"
        ),
        r"(?:^|,?\s+)(?:remember|right|ok|okay|you know)\s*\?*$",
        # "the chorizo out of mine": the food, not the dish it was picked from
        r"\s+out\s+of\s+(?:mine|my\s+\w+|it|everything|the\s+\w+)\b.*$",
        # "shellfish, prawns make my throat close up, fish is fine": the thing, not the next clause
        r",\s*(?:[\w'-]+\s+){0,2}?[\w'-]+\s+(?:is|are|was|were|makes?|made|gives?|gave)\b.*$",
        # "not mad on nuts, never crave them": the thing, not how often
        r",\s*(?:never|always|rarely|hardly\s+ever|not\s+once)\s+\w+.*$",
        r"^(?:to|the idea of|of|for|with|about)\s+",
        # "like 40 min"
        r"^(?:like|about|around|maybe)\s+(?=\d)",
        (
            r"(?:(?:^|,?\s+)(?:any ?more|now|ever|again|instead|these days|nowadays|lately|"
            r"at the moment|"
            r"at all|either|too|also|as well|please|actually|recently|yesterday|in the end|"
            r"eventually|last (?:week|month|year)|completely|entirely|altogether|for good|for now|"
            r"(?:a|one|two|three|\d+) (?:days?|weeks?|months?|years?) ago))+$"
        ),
        # "golf boring" (from "I find golf boring"): the thing, not what it is found
        rf"\s+(?:(?:kind\s+of|kinda|a\s+bit|pretty|so|really|quite|very|super|a\s+little)\s+)*"
        rf"(?:{_DULL})(?:\s+(?:lol|tbh|honestly|frankly))*\s*$",
    )
)
_BUT_NOT = re.compile(r"^\s*,\s*(?:not|but)\b.*$", re.IGNORECASE)  # "my son, not my daughter"


def clean_object(rest: str) -> str:
    rest = _BUT_NOT.sub("", rest)
    rest = _REASON.sub("", _EMOJI.sub("", rest)).strip(' ,.;:!?-"\u201c\u201d')
    for trim in _OBJECT_TRIMS:
        rest = trim.sub("", rest)
    return _THIS_THING.sub(r"\1", rest)


# "this hillwalking thing", "the whole padel thing": the thing itself
_THIS_THING = re.compile(
    r"^(?:this|the)\s+(?:whole\s+)?((?!one\b)[\w'-]+(?:\s+[\w'-]+)?)\s+thing$", re.IGNORECASE
)


PRONOUN_OBJECT = re.compile(
    r"^(?:it|that|this|those|these|them|em|'em|you|him|her|me|mine|myself|us|one|so|too|much|stuff|things?|"
    r"it all|all of (?:it|them)|that one|this one|a lot)[\s.!]*$",
    re.IGNORECASE,
)
_SLOT_OBJECT_END = re.compile(
    # ("midwife not nurse": what it is not, corrected)
    r"\s*(?:[,;(!?]|\s-\s|\s+not\s|\s+home\b|\s\u2014|\s\u2013|\b(?:for|because|since|with|so|and(?!\s+breakfast\b)|but|where|which|if|"
    r"cause|cuz|btw|lol|haha|though|"
    r"who|when|after|before|last|this|next|now|these days|as of|a (?:few|couple)|about|around|"
    r"any ?time|end of|by|until|till|lol|haha|tho|though|from|specialis\w*|specializ\w*|"
    r"focus\w*|mainly|mostly|working|at \d+|right now|at the moment|atm|rn|currently|for now|"
    r"outside|near|full\s+of|finally|as\s+(?:an?|the)\s|"  # "the council as a planner"
    # "lloyds on the mortgage team": where in it, not who
    r"on\s+(?:the|a|an|my|our)\s+(?:[\w-]+\s+){0,2}?(?:team|ward|desk|floor|tills?)|"
    # what the user goes on to do: "a nurse doing 3 x 12hrs"
    r"(?:doing|making|trying|getting|juggling|pulling|covering|earning|hoping|planning|leading|"
    r"managing|running|looking|"
    r"wondering|thinking|struggling|needing|wanting|finding|stuck)\s|"
    # what is said of it: "my flat in Dublin is tiny"
    r"(?:is|are|was|were|gets|feels|looks|seems)\s|"
    # a new clause run on without a comma: "we're in Nerja I just said that"
    r"(?:i|i'm|im|i've|we|we're|we've|i'd|i'll|we'll|you|he|she|they|it's)\s|"
    r"to (?=\w)|"
    r"in (?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|spring|summer|autumn|fall|winter|\d{4}|the)|on (?:monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday)|(?:a|one|two|three|\d+) (?:days?|weeks?|fortnights?|months?|"
    r"years?)|a\s+fortnight|ago|yesterday|today|tonight|tomorrow)\b).*$",
    re.IGNORECASE,
)
# a part of the body alone: what "... is done" says of a limit, "only the lungs" of a body
BODY_PART = re.compile(
    r"(?:my\s+|the\s+)?(?:left\s+|right\s+|bad\s+|lower\s+)?(?:knees?|back|hips?|ankles?|"
    r"shoulders?|wrists?|neck|body|feet|legs?|lungs|joints?)",
    re.IGNORECASE,
)
OCCUPATION = re.compile(
    r"\b(?:(?!\w*(?:check|play|wish|short|black|white|set|track|book|do|bucket|reading|shopping|"
    r"price|guest|wait|hit)list\b|wrist\b|twist\b|exist\b|assist\b|insist\b|resist\b|persist\b|"
    r"gist\b|list\b|mist\b|fist\b|waist\b|hoist\b|moist\b|heist\b)\w+(?:ist|ician|ologist|"
    r"grapher|eer|ator|writer)|nurse|chef|cook|student|dev|developer|engineer|eng|mgr|swe|"
    r"health\s+visitor|"
    r"designer|writer|programmer|coder|researcher|player|singer|painter|dancer|baker|banker|"
    r"roaster|adjuster|interpreter|carrier|scaffolder|rigger|cataloguer|"
    r"liaison|estimator|scheduler|installer|valuer|assessor|examiner|invigilator|curator|"
    r"archivist|conveyancer|negotiator|fundraiser|presenter|broadcaster|illustrator|animator|"
    r"proofreader|printer|farrier|beekeeper|shepherd|arborist|machinist|assembler|"
    r"barber|builder|tutor|instructor|investor|coordinator|supervisor|translator|trader|"
    r"broker|lecturer|officer|inspector|operator|adviser|advisor|auditor|planner|producer|"
    r"reporter|recruiter|tester|welder|roofer|gardener|landscaper|hairdresser|butcher|"
    r"courier|labourer|laborer|worker|leader|lead|owner|partner at|"
    r"(?<=litigation\s)partner|(?<=managing\s)partner|(?<=equity\s)partner|(?<=law\s)partner|"
    r"physio|paralegal|solicitor|educator|medic|clinician|midwife|carer|caregiver|cleaner|"
    r"tradie|sparky|receptionist|cashier|waiter|waitress|bartender|postman|salesperson|postie|"
    r"deckie|deckhand|brickie|chippy|dispatcher|luthier|tech|(?:cellar|farm|stage|ranch)\s*hand|"
    r"qa|ux|ui|sre|devops|head of \w+|vp of \w+|director|cto|ceo|cfo|founder|owner|"
    r"lawyer|doctor|pharmacist|resident|intern|freelancer|barista|manager|analyst|consultant|"
    r"accountant|architect|teacher|professor|lecturer|scientist|technician|mechanic|"
    r"electrician|plumber|carpenter|paramedic|firefighter|officer|clerk|assistant|secretary|"
    r"surgeon|dentist|vet|therapist|counsel(?:l)?or|librarian|journalist|editor|artist|"
    r"musician|actor|pilot|driver|farmer|miner|soldier|postdoc|phd|undergrad|grad|academic|"
    r"historian|veterinarian|theologian|custodian|"
    r"picker|packer|porter|guard|nanny|childminder|steward|stewardess|attendant|caretaker|"
    r"janitor|dispatcher|controller|surveyor|agent|rep|associate|\w*admin|pm|bookkeeper|"
    r"housekeeper|tailor|jeweller|jeweler|fitter|handler|sorter|loader|stocker|coach|trainer|"
    r"warden|ranger|sailor|fisherman|draughtsman|volunteer|stay[- ]at[- ]home\s+(?:mum|mom|dad|"
    r"parent)|(?<=dinner\s)lady|(?<=lollipop\s)lady|(?<=cleaning\s)lady|(?<=tea\s)lady|"
    r"homemaker|housewife|house\s?husband|(?-i:TA)|\w+maker|\w+smith|\w+wright|potter|dietitian|dietician|vintner|brewer|"
    r"sommelier|joiner|plasterer|tiler|glazier|upholsterer|decorator|mason|cobbler|fishmonger|"
    # (not "the field guide", "an ID guide": books)
    r"(?<!field\s)(?<!\bid\s)(?<!style\s)(?<!user\s)(?<!study\s)(?<!the\s)guide|photographer|pilot|"
    r"teacher|nurse|dentist|"
    # clergy, care, service and media roles; "gp", "rn", "emt" as people type them
    # ("rn" after a feeling is "right now": "lowkey obsessed rn")
    r"gp|(?<!ed\s)(?<!ing\s)rn|emt|lpn|hca|aide|chaplain|priest|vicar|rabbi|imam|pastor|nun|monk|judge|"
    r"magistrate|"
    r"poet|author|sculptor|dj|bouncer|hostess|butler|lifeguard|cop|detective|sheriff|constable|"
    r"sergeant|skipper|fisher|shepherd|beekeeper|forester|logger|trucker|cabbie|chauffeur|"
    r"handyman|realtor|teller|actuary|comedian|composer|conductor|drummer|youtuber|streamer|"
    r"influencer|blogger|podcaster|doula|groomer|postwoman|postmaster|housekeeping|attorney|"
    r"cpa|servant|lineman|linesman|binman|bin\s+man|milker|sharemilker|shearer|stockman|"
    r"(?<=cabin\s)crew|aircrew|operative|bricklayer|barrister|notary|apprentice|trainee|"
    r"(?<=au\s)pair|(?<=dog\s)walker|(?<=scrum\s)master)\b$",
    re.IGNORECASE,
)


def slot_object(obj: str) -> str:
    """A single-valued slot's value: the place or role itself, without what follows it."""
    obj = _SLOT_OBJECT_END.sub("", obj).strip(" ,.;:!-")
    return re.sub(r"^(?:a|an|the)\s+", "", obj, flags=re.IGNORECASE)


def is_first_person(clause: str) -> bool:
    return bool(re.search(r"\b(?:i|i'm|i've|i'd|my|me|we|our)\b", clause, re.IGNORECASE))


INTERJECTION = re.compile(
    r"^\W*(?:(?:oh|ah|ha|yes|yeah|yep|well|haha|lol|ok|okay|honestly|tbh|ugh|also|and|but|"
    r"so|hmm+|hey|hi|plus|anyway|btw|ngl|i\s+(?:must|have\s+to|gotta|got\s+to)\s+(?:admit|say)|"
    r"i(?:'ll|\s+will)\s+admit|i\s+admit|to\s+be\s+(?:fair|honest))\b[\s,!.:]*|(?:no|nope)[,!.]+\s*|"
    r"(?:(?:life|quick|small|big|little)\s+)?update\s*[:!\-\u2013]+\s*)+",
    re.IGNORECASE,
)
# verbs of calling someone in or meeting them: "got the plumber in", "booked the electrician":
# the one named after them is no trade of the user's
CALLED_IN_VERBS = (
    r"got|get|getting|had|having|call(?:ed)?|book(?:ed)?|need(?:s|ed)?|hired?|asked?|met|saw|see|"
    r"found|find|rang|phoned|paid|pay|waiting|told"
)
# "one of them is celiac", "two of my guests", "both of them", "a friend of mine": others
SOME_OF_THEM = (
    r"(?:(?:one|two|three|four|five|some|both|all|most|several|a\s+few|a\s+couple|half|none|each|"
    r"either|neither|many)\s+of\s+(?:them|my|our|the|these|those|his|her|their)\b|"
    r"(?:a|an|one)\s+(?:[\w'-]+\s+)?(?:friend|colleague|coworker|co-worker|neighbou?r|cousin|"
    r"mate|buddy|relative|ex)\s+of\s+(?:mine|ours)\b)"
)
# a phrase that only points at something said before: "that stuff", "it", "the same one"
POINTER = re.compile(
    r"(?:that|this|those|these|it|them|the\s+same)(?:\s+(?:stuff|thing|things|one|ones|kind|"
    r"sort|type|life|idea|part|bit))?",
    re.IGNORECASE,
)
OTHER_SUBJECT = re.compile(
    # (not "my dog walking business": the animal as a trade's word)
    rf"\b(?:my|our|his|her|their)\s+(?:{RELATIVES}|cat|dog)\b(?!\s+(?:walking|grooming|sitting|"
    rf"training|boarding)\b)|\b{SOME_OF_THEM}|"
    # "my best friend is vegan": with words between, only as the subject of a verb
    rf"\b(?:my|our|his|her|their)\s+{KIN_MODIFIERS}(?:{RELATIVES})\s+(?:is|are|was|were|has|"
    r"have|had|'s|loves?|hates?|likes?|can't|cannot|gets?|wants?|thinks?|needs?|eats?|drinks?)\b|"
    r"\b(?:someone|everyone|he|she|they)\b|"
    # "the wife is mad about musicals", "the kids love it"
    r"\bthe\s+(?:wife|husband|missus|hubby|other\s+half|kids|boss)(?:\s+(?:is|are|was|were|'s|has|"
    r"loves?|hates?|wants?|likes?)\b|['\u2019]s\b)|"
    # "a buddy of mine swears going vegan fixed his sugar"
    rf"\b(?:{RELATIVES})\s+of\s+(?:mine|ours)\b|"
    # "one's gluten free, another hates coriander": one of the people just named
    r"(?:^\W*|[,;]\s*)(?:one|another)(?:'s|\s+is|\s+(?=\w+s\b))|"
    # "husband's a farmer": a relative named bare as the subject; "one colleague is coeliac",
    # "one kid has a severe tree nut allergy"
    rf"(?:^\W*|[,;]\s*|\b(?:one|a|another|some|two|three)\s+)(?:{RELATIVES})"
    r"(?:'s|\s+is|\s+are|\s+has|\s+have|\s+swears?|\s+reckons?|\s+says?|\s+thinks?|"
    r"\s+keeps?|\s+loves?|\s+hates?|\s+wants?|\s+gets?|\s+got|\s+went|\s+can't|\s+cannot|"
    r"\s+won't|\s+doesn't|\s+eats?|\s+needs?)\s|"
    # a child named with their age: "Oscar (5) is allergic to egg", "Ruby (14) has gone vegan"
    r"(?-i:\b[A-Z][a-z]+)\s*\(\d{1,2}\)|"
    # a parent named bare as the subject: "Mum gets seasick" (not "I'm a dad of 2")
    r"(?:^\W*|[,;]\s*|\b(?:and|but|so|because|cos)\s+)(?:mum|mom|dad|mama|papa|grandma|grandpa|"
    r"nan|gran)(?:'s)?(?:\s+(?!of\b)\w|\s*$)|"
    # someone named as the subject: "Callum lives for football", "Gemma wants a rooftop bar"
    r"(?-i:\b[A-Z][a-z]+\s+(?:is|has|can't|gets|wants|loves|likes|hates|prefers|lives\s+for|"
    r"needs|eats|drinks|thinks|reckons|says|swears|will|won't|doesn't|does|adores|"
    r"can't\s+stand)\b)",
    re.IGNORECASE,
)


def head_noun(phrase: str) -> str:
    """ "backend dev at a fintech startup" -> "backend dev"; "ICU nurse here in albuquerque" ->
    "ICU nurse"; "teacher of chemistry" -> "teacher" (but "head of sales" stays)."""
    head = re.split(
        r"\s+(?:at|in|for|with|from|on|round|around|near|out\s+of)\s+|"
        r"\s+(?:here|there|now|too|working|based|living|full[- ]time|part[- ]time|as\s+of|since)\b|"
        r"\s+\d+\s*(?:yrs?|years?)\b|\s*[(,;]",
        phrase.strip(),
        maxsplit=1,
    )[0]
    of = re.match(r"(.+?)\s+of\s+", head)
    return of.group(1) if of and OCCUPATION.search(of.group(1)) else head


FIRST_PERSON_SUBJECT = re.compile(r"\b(?:i|i'm|i've|i'd|we|we're|we've)\b", re.IGNORECASE)
