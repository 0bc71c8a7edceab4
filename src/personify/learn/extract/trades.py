"""A trade told by what the user does all day rather than by its name.

People rarely say "I am a bus driver"; they say "I drive buses for Stagecoach", "i do bolt
full-time now", "been on the forklifts 8 yrs". :func:`trade_done` names the trade such a
sentence tells ("bus driver", "Bolt driver", "forklift driver"), with the match it was read
from so the caller can check that the user, not someone else, is its subject.
"""

from __future__ import annotations

import re

# what one drives for a living, as people say it, and the driver it makes
_VEHICLES = {
    "bus": "bus",
    "buses": "bus",
    "busses": "bus",
    "truck": "truck",
    "trucks": "truck",
    "lorry": "lorry",
    "lorries": "lorry",
    "taxi": "taxi",
    "taxis": "taxi",
    "cab": "cab",
    "cabs": "cab",
    "van": "van",
    "vans": "van",
    "train": "train",
    "trains": "train",
    "tram": "tram",
    "trams": "tram",
    "coach": "coach",
    "coaches": "coach",
    "forklift": "forklift",
    "forklifts": "forklift",
    "hgv": "HGV",
    "hgvs": "HGV",
    "artic": "HGV",
    "artics": "HGV",
    "ambulance": "ambulance",
    "ambulances": "ambulance",
    "tractor": "tractor",
    "tractors": "tractor",
}
_VEHICLE = "|".join(sorted(_VEHICLES, key=len, reverse=True))
# the apps and firms one drives or rides for
_PLATFORM = (
    r"uber(?:\s*eats)?|bolt|lyft|ola|grab|gojek|careem|deliveroo|just\s*eat|doordash|instacart|"
    r"amazon\s+flex|dpd|evri|hermes|royal\s+mail"
)
_DONE = re.compile(
    # "I drive buses for Stagecoach", "been driving trucks 20 years", "I drive a cab in Leeds"
    rf"\b(?:i\s+|i've\s+|ive\s+|i\s+have\s+)?(?:drive|driving|been\s+driving)\s+(?:an?\s+)?"
    rf"(?P<vehicle>{_VEHICLE})\b(?!\s+(?:to|home|back|into|there|here)\b)|"
    # "been on the forklifts 8 yrs", "I'm on the buses now"
    rf"\b(?:been|i'm|im|i\s+am|work|working)\s+on\s+the\s+(?P<vehicle2>{_VEHICLE})\b|"
    # "I drive for Uber", "i do bolt full-time now", "riding for deliveroo"
    rf"\b(?:drive|driving|ride|riding|deliver|delivering|i\s+do)\s+(?:for\s+)?(?P<app>{_PLATFORM})\b"
    r"(?!\s+(?:to|home|back|into|there|here|rides?|orders?|a\s+lot|sometimes|once|twice)\b)",
    re.IGNORECASE,
)
_NOT_MINE = re.compile(  # a trip, a wish or a past, not a trade: "if I drove trucks", "used to"
    r"\b(?:if|would|could|might|used\s+to|when\s+i\s+was|want\s+to|wanna|thinking|considering)\b",
    re.IGNORECASE,
)


def trade_done(sentence: str) -> tuple[re.Match[str], str] | None:
    """(match, trade) for a sentence that tells the user's trade by what they do."""
    found = _DONE.search(sentence)
    if found is None or _NOT_MINE.search(sentence[: found.start()]):
        return None
    vehicle = found.group("vehicle") or found.group("vehicle2")
    if vehicle:
        return found, f"{_VEHICLES[vehicle.lower()]} driver"
    app = re.sub(r"\s+", " ", found.group("app"))
    return found, f"{app if app.isupper() else app.title()} driver"
