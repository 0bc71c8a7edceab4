"""Limits a clinician set, told as what they said: "rheumatologist said cut back hard on beer,
red meat and shellfish", "gastro said no tomatoes, no big meals after 8pm, go easy on coffee",
"cardiologist wants me under 1500mg sodium a day". The user passes on advice they now live by;
each thing it rules out is a limit (a friend's or a neighbour's say-so is not: only someone who
treats them)."""

from __future__ import annotations

import re

_CLINICIAN = (
    r"(?:doctor|doc|gp|dr\.?\s+[a-z]+|consultant|cardiologist|urologist|rheumatologist|"
    r"gastro(?:enterologist)?|dietitian|dietician|nutritionist|physio(?:therapist)?|"
    r"dermatologist|endo(?:crinologist)?|specialist|surgeon|midwife|dentist|oncologist|"
    r"neurologist|hepatologist|nephrologist|allergist|immunologist|nurse|obgyn|ob|pharmacist)"
)
_ADVISED = re.compile(
    rf"\b(?:my\s+|the\s+|our\s+)?(?:\w+\s+)?{_CLINICIAN}\s+(?:also\s+|basically\s+|just\s+)?"
    r"(?:said|says|told\s+me(?:\s+to)?|wants\s+me(?:\s+to)?|advised(?:\s+me)?(?:\s+to)?|"
    r"recommended|has\s+(?:told|advised)\s+me\s+to|put\s+me\s+on)\s*:?\s*(?P<rest>[^.!?]+)",
    re.IGNORECASE,
)
# what rules a thing out, at the start of an item of the advice; an item without one goes on
# with the last ("cut back hard on beer, red meat and shellfish")
_OUT = re.compile(
    r"^(?:(?:to|and|also|plus|&)\s+)*(?:cut(?:ting)?\s+(?:(?:right\s+|way\s+)?(?:back|down)\s+"
    r"(?:hard\s+|a\s+lot\s+)?on|out)|cut|avoid|no|no\s+more|limit|stay\s+off|keep\s+off|go\s+easy"
    r"\s+on|less|reduce|stop(?:\s+eating|\s+drinking)?|quit|give\s+up|drop|lay\s+off|under|"
    r"below|less\s+than|max)\s+",
    re.IGNORECASE,
)
# an item that says what to do instead ends the run: "drink 3 litres a day", "protein first"
_DO = re.compile(
    r"^(?:(?:to|and|also|plus|&)\s+)*(?:drink|eat|have|take|walk|exercise|start|try|keep|get|"
    r"aim|protein|recheck|come\s+back|see|book|more|she|he|they|i|i'm|im|starting|on)\b",
    re.IGNORECASE,
)
_AMOUNT = re.compile(r"^\d[\d,.]*\s*(?:mg|g|ml|l|litres?|units?|kcal|calories|%)?\s+", re.I)
_TAIL = re.compile(
    r"\s+(?:a|per)\s+(?:day|week)\b.*$|\s+(?:basically|for\s+now|ever(?:\s+now)?|either|"
    r"altogether|completely|entirely|too|as\s+well|if\s+i\s+can)\b.*$|\s+(?:after|before|at)\s+"
    r"\d.*$",
    re.IGNORECASE,
)
_WORDS = 4


def advised_limits(sentence: str) -> list[tuple[float, str, str | None]]:
    """(-1, thing, None) for each thing a clinician's advice in ``sentence`` rules out."""
    advice = _ADVISED.search(sentence)
    if advice is None:
        return []
    found: list[tuple[float, str, str | None]] = []
    ruling = False
    for item in re.split(r"\s*[,;]\s*|\s+and\s+(?=\w)", advice.group("rest")):
        item = item.strip()
        rule = _OUT.match(item)
        if rule:
            ruling, item = True, item[rule.end() :]
        elif _DO.match(item):
            ruling = False
            continue
        if not ruling:
            continue
        thing = _TAIL.sub("", _AMOUNT.sub("", item)).strip(" -")
        if thing and len(thing.split()) <= _WORDS and not re.search(r"\d", thing):
            found.append((-1.0, thing, None))
    return found
