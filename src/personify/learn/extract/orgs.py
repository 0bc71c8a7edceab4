"""An organisation named in lower case, as people type in chat: "receptionist at the hilton",
"night shift manager at a mcdonald's", "scrub nurse in theatres at royal derby".

Capitals mark a name in edited text (:data:`.leaving.ORG_NAME`); a writer who never uses them
names the employer in the same place, after the job and "at". Read only in words written
wholly in lower case (where "the local hospital" would have been written so by anyone), and
never a common workplace noun, a time or a town.
"""

from __future__ import annotations

import re

from personify.learn.extract.clauses import OCCUPATION, SENTENCE
from personify.learn.extract.gazetteer import ordinary, towns

_AT = re.compile(  # (right after the job: "a welder at the hyundai shipyard")
    r"^\S+(?:\s+\S+){0,4}?\s+(?P<at>at|with)\s+(?:the\s+|an?\s+(?=[\w'-]+'s\b))?"
    r"(?P<org>[a-z][\w&'-]+(?:\s+[a-z][\w&'-]+){0,2})"
)
# words that end a name: what follows it in the sentence
_AFTER = re.compile(
    r"\s+(?:here|there|in|on|at|for|and|but|so|as|if|now|atm|rn|tho|though|since|because|cos|"
    r"until|till|near|by|with|from|today|tonight|lol|haha|btw|which|who|where|when|doing|"
    r"working|too|again|still|i|im|i'm|we|my|our|this|that|these|last|next|every|most|site|"
    r"store|branch|depot|warehouse|out|during|off|via|around|over|through|done|went|was|is|"
    r"going|finished)\b.*$"
)
# what is said after "at" that names no organisation: a common place of work, a time, an amount
_COMMON = frozenset(
    """
    home work night nights weekends weekend the a an my our least last first moment times time
    school uni university college hospital hospitals clinic office shop store restaurant cafe
    bar pub hotel warehouse factory bank firm company agency startup gym salon studio bakery
    practice lab library council nursery daycare kitchen airport station depot site branch farm
    market supermarket care nursing surgery ward theatre theatres church prison court centre
    center local same new old big small different another other one two three four five
    christmas easter morning mornings evening evenings dawn midnight noon lunch lunchtime
    breakfast dinner weekdays full part most all it km mile miles shipyard mine port docks
    plant mill yard base camp beach park opera zoo museum gallery stadium track pool rink hall
    venue gig job place
    """.split()
)


# the user's own work named with where it is done: "work saturdays at boots", "i drive for dpd",
# "i work for evri now", or begun there (the user speaks: not "my cousin works for west mids
# ambulance")
_WORK_AT = re.compile(
    r"(?:^|[,;]\s*|\b(?:i|i'm|im|and|but|so|also|still|now|my|go|going|went)\s+)"
    r"(?:(?:work|working|drive|driving|"
    r"deliver|delivering)\s+(?:\w+\s+){0,2}?(?P<at>at|for)|"
    # a start there: "first week at barclays done", "starting with easyjet next month"
    r"(?:first\s+(?:day|week|month|shift)s?|start|started|starting)\s+(?P<at2>at|with)|"
    # shifts there, or back or still there: "between drop off and my shifts at tesco", "still
    # at airbus btw", "before i go back at the ambulance service"
    r"(?:shifts?|still|back)\s+(?P<at3>at))\s+"
    r"(?:the\s+|an?\s+(?=[\w'-]+'s\b))?"
    r"(?P<org>[a-z][\w&'-]+(?:\s+[a-z][\w&'-]+){0,2})"
)
_NOT_FOR = frozenset(
    "myself me him her them us free fun money cash years months weeks ages ever life now kids "
    "children people clients customers students families charity".split()
)


def lowercase_org(said: str) -> str | None:
    """The organisation named after "at" in ``said`` (a job's words, from the job on), when
    they are written wholly in lower case."""
    return _named_org(said, _AT)


# a job named by where it is: "two weeks into the trussell trust job", "loving the new nhs job"
_THE_JOB = re.compile(
    r"\b(?:into|at|loving|hating|started|starting|got|from)\s+(?:the|my)\s+(?:new\s+)?"
    r"(?P<org>[a-z][\w&'-]+(?:\s+[a-z][\w&'-]+){0,2}?)\s+job\b"
)


def workplace_named(text: str) -> tuple[str, str] | None:
    """(sentence, organisation) for the first sentence of ``text`` that says, in lower case,
    where the user works: "i drive for dpd btw", "work saturdays at boots", "still at airbus",
    "two weeks into the trussell trust job"."""
    for sentence in SENTENCE.split(text):
        if org := _named_org(sentence, _WORK_AT):
            return sentence, org
        if (org := _named_org(sentence, _THE_JOB)) and not OCCUPATION.search(org):
            return sentence, org  # (not "the dentist job": a trade, not who)
    return None


def _named_org(said: str, shape: re.Pattern[str]) -> str | None:
    # ("I work at boots", "a van for DPD": still written in lower case)
    plain = re.sub(r"\bI(?=\b|')|\b[A-Z][A-Z0-9]{1,4}\b", lambda m: m.group().lower(), said)
    if plain[1:] != plain[1:].lower():
        return None
    found = shape.search(plain)
    if found is None:
        return None
    org = _AFTER.sub("", found.group("org")).strip()
    words = org.split()
    if not words or words[0] in _COMMON | _NOT_FOR or len(org) < 3:
        return None
    if len(words) <= 2 and words[-1] in _COMMON:
        return None  # "the dental surgery", "a primary school": what it is, not its name
    if any(w.isdigit() for w in words):
        return None
    town = towns(org)
    if town and len(words) <= 2 and town[0][0] == 0:
        return None  # "a nurse at leeds": where, not who (but "leeds city council")
    said_with = "with" in (found.groupdict().get("at"), found.groupdict().get("at2"))
    if said_with and all(ordinary(w) or ordinary(w.removesuffix("s")) for w in words):
        return None  # "a chef with experience": no name ("cabin crew with jet2" is one)
    return " ".join(
        w.upper() if re.search(rf"\b{re.escape(w.upper())}\b", said) else w[:1].upper() + w[1:]
        for w in words
    )
