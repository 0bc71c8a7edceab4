"""Consolidation: candidates become profile memories - merged, superseded, never overwritten.

For each candidate, in the order the user said things:
- a near-duplicate of a current memory (same kind family, same polarity, similar text) merges
  into it: the evidence grows and so does the confidence (noisy-OR);
- a contradiction (opposite polarity about the same object, or another value for a
  single-valued slot such as location) supersedes it: the old memory gets ``valid_to`` and
  ``superseded_by`` and stays as history ("used to like X");
- anything else is a new memory.
An implicit signal never supersedes an explicit statement: a passed-over option is weak evidence
next to "I love X". The one exception is a candidate marked ``replaces``: a home read from the
user's own words ("ok i'm HERE. lisbon") is where they are now, however it was said. Implicit
memories that are not confirmed again decay at read time (:func:`effective_confidence`), so the
stored record stays an honest log of what was observed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from personify.learn.extract import Candidate
from personify.learn.extract.gazetteer import country_of, known_town, near, within
from personify.learn.extract.limits import DIETS, RELIGIOUS_DIETS
from personify.learn.extract.when import TRIP
from personify.lexical import overlap, term_set
from personify.models import Memory, MemoryKind, Origin

SEMANTIC_KINDS = frozenset(
    {MemoryKind.PREFERENCE, MemoryKind.CONSTRAINT, MemoryKind.FACT, MemoryKind.GOAL}
)
DUPLICATE_COSINE = 0.86
CONTRADICTION_COSINE = 0.55
OBJECT_OVERLAP = 0.5
IMPLICIT_HALF_LIFE_DAYS = 60.0
REACH = min(DUPLICATE_COSINE, CONTRADICTION_COSINE) - 1e-3
"""Below this a slot-less memory is neither a duplicate nor a contradiction; the margin covers
a matrix product rounding unlike one dot product (each cosine is then computed as before)."""


_ALCOHOL = (
    r"wines?|beers?|ales?|lagers?|ciders?|whiske?y|gin|vodka|rum|tequila|cocktails?|prosecco|"
    r"champagne|negronis?|margaritas?|sake|bourbon|ipas?|stouts?|port|sherry|mezcal|mojitos?|"
    r"spritz|aperol|rioja|tempranillo|malbec|merlot|pinot(?:\s+\w+)?|shiraz|cabernet|chardonnay|"
    r"sauvignon|riesling|cava|pints?|booze|reds|whites|ros[e\u00e9]"
)
_MEAT = (
    r"steaks?|beef|pork|bacon|ham|chicken|lamb|burgers?|sausages?|brisket|ribs|meat|salami|"
    r"chorizo|turkey|duck|veal|venison|kebabs?|pepperoni|prosciutto|charcuterie|mince|wings|"
    r"jerky|pastrami|bbq|barbecue|kofta|meatballs?|shawarma|gyros?|carnitas|nuggets|hot\s*dogs?|"
    r"schnitzel|bolognese"
)
_FISH = (
    r"fish|salmon|tuna|cod|prawns?|shrimps?|sushi|sashimi|seafood|oysters?|mussels|crabs?|"
    r"lobsters?|anchovies|sardines|calamari|squid"
)
_ANIMAL = r"cheese|milk|butter|cream|yogh?urt|eggs?|ice\s+cream|honey|halloumi|paneer"
_DAIRY = (
    r"cheese|milk|butter|cream|yogh?urt|ice\s+cream|halloumi|paneer|gouda|brie|cheddar|"
    r"mozzarella|parmesan|feta|lattes?|cappuccinos?|milkshakes?"
)
_PORK = r"pork|bacon|ham|prosciutto|chorizo|salami|pepperoni|sausages?|pulled\s+pork"
_SHELLFISH = (
    r"shellfish|prawns?|shrimps?|lobsters?|crabs?|oysters?|mussels|clams|scallops|calamari|squid"
)
_GLUTEN = (
    r"bread|sourdough|pasta|pizza|bagels?|croissants?|baguettes?|beers?|cakes?|pastr(?:y|ies)|"
    r"noodles|ramen|toast|sandwich(?:es)?|wraps?|pies?|cookies|biscuits|doughnuts?|donuts?|"
    r"muffins?|pancakes|waffles|brownies|crackers|couscous|dumplings|pretzels?"
)
_SUGAR = (
    r"sweets?|sweet|candy|cakes?|desserts?|chocolate|sodas?|coke|sugar|sugary|doughnuts?|"
    r"donuts?|ice\s+cream|brownies|cookies|pastr(?:y|ies)"
)
# what a diet or an abstention rules out, by the words of what it names
_RULES_OUT: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:alcohol|booze|drinking|drink|sober|beer|wine)$", re.I), _ALCOHOL),
    (re.compile(r"^(?:vegan|plant-based)$", re.I), "|".join((_MEAT, _FISH, _ANIMAL))),
    (re.compile(r"^(?:vegetarian|veggie)$", re.I), "|".join((_MEAT, _FISH))),
    (re.compile(r"^(?:pescatarian|pescetarian|meat|red\s+meat)$", re.I), _MEAT),
    (re.compile(r"^(?:kosher)$", re.I), "|".join((_PORK, _SHELLFISH))),
    (re.compile(r"^(?:halal|pork)$", re.I), _PORK),
    (re.compile(r"^(?:shellfish|seafood)$", re.I), _SHELLFISH),
    (re.compile(r"^(?:gluten|gluten[- ]free|coeliac|celiac|wheat)$", re.I), _GLUTEN),
    (re.compile(r"^(?:dairy|dairy[- ]free|lactose)$", re.I), _DAIRY),
    (
        re.compile(
            r"^(?:(?:pre-?)?diabetic|(?:type\s*2\s+)?diabet(?:es|ic)|sugar|sugar[- ]free)$", re.I
        ),
        _SUGAR,
    ),
]


# an achievement that names what it was: it reaches a goal only if it names that goal
_NAMED_ACHIEVEMENT = re.compile(
    r"^\W*(?:(?:i|we)\s+)?(?:finally\s+)?(?:passed|got\s+into|finished|completed)\s+"
    r"(?P<what>(?:(?:my|the|a|an|our)\s+)?(?!(?:it|that|this|them)\b)[^.!?,]{2,60})",
    re.IGNORECASE,
)


def _reached(candidate: Candidate, goal: str) -> Candidate:
    """The fact that ``goal`` was reached, said by ``candidate``: what replaces the goal."""
    return candidate.model_copy(
        update={"text": f"Reached: {goal}", "object": goal, "metadata": {"extractor": "achieved"}}
    )


def ruled_out_foods(candidate: Candidate) -> re.Pattern[str] | None:
    """The likes a candidate rules out: abstaining from alcohol ("sober", "quit drinking")
    rules out drinks, a vegetarian diet meat and fish, keeping kosher pork and shellfish,
    coeliac disease bread and pasta, diabetes sweet things. None when it rules nothing out."""
    obj = (candidate.object or "").strip()
    abstains = (candidate.polarity or 0) < 0 or obj.lower() == "sober"
    diet = candidate.slot == "diet" or candidate.kind == MemoryKind.CONSTRAINT
    for names, words in _RULES_OUT:
        if names.match(obj) and (abstains if words == _ALCOHOL else diet):
            return re.compile(rf"\b(?:{words})\b", re.I)
    return None


# "we pushed it to 2027", "the move fell through": a planned move is no longer due on its date
_PUT_OFF = re.compile(
    r"\b(?:push(?:ed|ing)?\s+(?:it\s+|the\s+move\s+)?(?:back|to)|postpon\w*|delay\w*|on\s+hold|"
    r"fell\s+through|falling\s+through|cancel\w*|called\s+(?:it\s+)?off|not\s+happening|"
    r"hasn'?t\s+sold|still\s+(?:here|in)\b)",
    re.IGNORECASE,
)
# a home named by a move takes a job's town with it, even when it names that town
_MOVE = re.compile(r"\b(?:mov|relocat|emigrat|shift)\w*\b", re.IGNORECASE)
_MOVE_PLAN = re.compile(
    r"\b(?:mov(?:e|ing)|relocat(?:e|ing)|emigrat(?:e|ing))\s+(?:\w+\s+)?(?:to|abroad|overseas)\b",
    re.IGNORECASE,
)
_LEAVING = re.compile(r"^\W*(?:leave|leaving|get\s+out\s+of|move\s+(?:away\s+)?from)\b", re.I)
DATED = ("until", "moving_on")  # metadata that time acts on (Consolidator.advance)
_DUE_INDEX = 10_000  # a move that fell due gets its id from the plan's turn and this index


def falls_due(memory: Memory) -> bool:
    """A current memory that time can retire or make happen (see ``Consolidator.advance``)."""
    return memory.valid_to is None and any(k in memory.metadata for k in DATED)


def _with_country(candidate: Candidate) -> dict:
    """The candidate's metadata, with the country of a home town that lies in one ("Varna" ->
    "Bulgaria"), looked up once here rather than in every persona."""
    country = country_of(candidate.object or "") if candidate.slot == "location" else None
    return {**candidate.metadata, "country": country} if country else candidate.metadata


def _aware(iso: str, like: datetime) -> datetime:
    """A stored date, comparable with ``like`` (naive dates take its time zone)."""
    when = datetime.fromisoformat(iso)
    return when.replace(tzinfo=like.tzinfo) if when.tzinfo is None else when


def _going(goal: Memory) -> bool:
    """A goal that takes the user somewhere: a planned move or a trip (not "a pharmacy
    residency in columbus" or "take her somewhere nice in Manchester")."""
    dated = goal.metadata.get("moving_to") or goal.metadata.get("until")
    return bool(dated) or bool(TRIP.search(goal.text))


# a sentence that says where the user lives or moved, not only where something is
_HOME_SAID = re.compile(
    r"\b(?:live[sd]?|living|based|mov(?:e|ed|ing)|relocat\w*|settled|shift(?:ed|ing)|"
    r"transferr?(?:ed|ing)?|emigrat\w*|landed|arrived|unpacked|first\s+(?:day|week|month|"
    r"night)s?\s+(?:done\s+)?in)\b",
    re.IGNORECASE,
)


def _district(candidate: Candidate, home: Memory) -> bool:
    """A place named in passing inside the known home town is part of it, not a move: "found a
    flat in Marchmont" (a name no gazetteer holds) after Edinburgh, "near my place in Bangsar"
    (a town of its own, minutes from it) after Kuala Lumpur. Saying one lives or moved there
    still moves the home (unless the same turn named the town), as does putting it right ("its
    salford not manchester")."""
    if not home.object or not candidate.object:
        return False
    if re.search(rf"\bnot\s+(?:in\s+)?{re.escape(home.object)}\b", candidate.text, re.I):
        return False
    if not known_town(home.object):
        return False
    shared = set(home.evidence) & set(candidate.evidence) and not home.metadata.get("workplace")
    if shared and not known_town(candidate.object):
        return True  # the same turn names the town, then where in it: "I'm in Valencia now! ...
        # I live in Benimaclet"
    if _HOME_SAID.search(candidate.text):
        return False
    if not known_town(candidate.object):
        return True
    # (a town only known as where they work may be a commute away from home: "my commute to
    # Ikeja from Surulere")
    return not home.metadata.get("workplace") and near(candidate.object, home.object)


def _family(kind: MemoryKind) -> str:
    return "likes" if kind in (MemoryKind.PREFERENCE, MemoryKind.CONSTRAINT) else kind.value


def derived_id(user_id: str, evidence_id: str, index: int) -> str:
    """Deterministic, so rebuilding from the log reproduces the same ids."""
    digest = hashlib.blake2b(f"{user_id}|{evidence_id}|{index}".encode(), digest_size=8)
    return f"mem_{digest.hexdigest()}"


def effective_confidence(memory: Memory, now: datetime) -> float:
    """Explicit memories keep their confidence, and so do limits, however they were read (an
    allergy or a surgeon's ban does not fade by going unmentioned); other implicit ones halve
    every 60 days unconfirmed."""
    if (
        memory.origin == Origin.EXPLICIT
        or memory.kind == MemoryKind.CONSTRAINT
        or memory.metadata.get("pinned")
    ):
        return memory.confidence
    seen = memory.confirmed_at or memory.valid_from
    age_days = max(0.0, (now - seen).total_seconds() / 86400.0)
    return memory.confidence * 0.5 ** (age_days / IMPLICIT_HALF_LIFE_DAYS)


def refined_confidence(confidence: float, reward: float) -> float:
    """An outcome's effect on what the persona carried: a positive reward moves a confidence
    towards 1, a negative one shrinks it, by a tenth of the reward. Live feedback and replay
    both use this, so rebuild reproduces the confidences exactly."""
    rate = 0.1 * abs(reward)
    moved = confidence + rate * (1 - confidence) if reward > 0 else confidence * (1 - rate)
    return min(1.0, max(0.0, moved))


@dataclass
class Changes:
    """What one batch changes: memories to add and existing ones to update."""

    new: list[tuple[Memory, np.ndarray]] = field(default_factory=list)
    updated: dict[str, Memory] = field(default_factory=dict)


_A_DIET_NAME = re.compile(rf"(?:{DIETS})", re.IGNORECASE)


def _diet_said_loose(memory: Memory, candidate: Candidate) -> bool:
    """A diet held as a plain constraint ("vegan", read without its slot) that a new diet in
    the slot replaces as it replaces the slot's own value."""
    return (
        candidate.slot == "diet"
        and memory.slot is None
        and memory.kind == MemoryKind.CONSTRAINT
        and bool(_A_DIET_NAME.fullmatch((memory.object or "").strip()))
        and (memory.object or "").lower() != (candidate.object or "").lower()
        and not _beside(memory.object, candidate.object)
    )


def _beside(held: str | None, said: str | None) -> bool:
    """Two diets that hold together: a religious law and an eating pattern."""
    faith = [(v or "").lower() in RELIGIOUS_DIETS for v in (held, said)]
    return faith[0] != faith[1]


def _narrower_liking(candidate: Candidate, memory: Memory) -> bool:
    """A liking of a narrower thing than the one avoided leaves the avoidance: "spring onion
    greens are fine" after "no onion", "decaf coffee's ok" after "no coffee"."""
    if (candidate.polarity or 0) <= 0 or (memory.polarity or 0) >= 0:
        return False
    avoided, liked = term_set(memory.object or ""), term_set(candidate.object or "")
    return bool(avoided) and avoided < liked


class Consolidator:
    """Holds the user's current semantic memories while a batch of candidates is applied."""

    def __init__(self, user_id: str, current: Sequence[tuple[Memory, np.ndarray]]) -> None:
        self.user_id = user_id
        self.memories: list[Memory] = [m for m, _ in current]
        self.vectors: list[np.ndarray] = [v for _, v in current]
        self.plan = Changes()
        self._new_ids: set[str] = set()
        self._stack = np.zeros((0, 0), dtype=np.float32)
        self._stacked: tuple[list[np.ndarray], int] = ([], 0)  # the list and rows in the stack
        self._dated = self._dated_now()  # what time can retire or make happen: see advance
        # when the user last said they had arrived ("right we're in now"): a place named in the
        # same turn is the new home, not a district of the old one
        self._arrived: datetime | None = None

    def _dated_now(self) -> list[int]:
        return [i for i, m in enumerate(self.memories) if falls_due(m)]

    def _store(self, memory: Memory) -> None:
        if memory.id not in self._new_ids:
            self.plan.updated[memory.id] = memory
        else:
            self.plan.new = [(memory if m.id == memory.id else m, v) for m, v in self.plan.new]

    def forget(self, memory_id: str) -> None:
        """The user forgot a memory: from here on it absorbs and contradicts nothing, and it
        is not in the result. What it superseded stays history, as in the live store."""
        keep = [i for i, m in enumerate(self.memories) if m.id != memory_id]
        self.memories = [self.memories[i] for i in keep]
        self.vectors = [self.vectors[i] for i in keep]
        self.plan.new = [(m, v) for m, v in self.plan.new if m.id != memory_id]
        self.plan.updated.pop(memory_id, None)
        self._new_ids.discard(memory_id)
        self._dated = self._dated_now()

    def refine(self, memory_ids: Sequence[str], reward: float) -> None:
        """A logged outcome moved these memories' confidences (see :func:`refined_confidence`)."""
        wanted = set(memory_ids)
        for i, memory in enumerate(self.memories):
            if memory.id in wanted:
                moved = memory.model_copy(
                    update={"confidence": refined_confidence(memory.confidence, reward)}
                )
                self.memories[i] = moved
                self._store(moved)

    def apply(
        self,
        candidate: Candidate,
        vector: np.ndarray,
        ts: datetime,
        index: int,
        session: str | None,
    ) -> Memory | None:
        """Apply one candidate; returns the memory it created or reinforced."""
        self.advance(ts, candidate.text)
        if candidate.metadata.get("achieves"):
            return self._achieve(candidate, vector, ts, index, session)
        if candidate.metadata.get("arrives"):
            return self._arrive(candidate, vector, ts, index, session)
        if candidate.metadata.get("closes"):
            return self._close(candidate, vector, ts, index, session)
        if candidate.metadata.get("left"):
            return self._add(candidate, vector, ts, index, session, self._left(candidate, session))
        if candidate.metadata.get("past") and candidate.slot:  # "back in uni I lived in Glasgow"
            return self._add(candidate, vector, ts, index, session, [])  # history; replaces nothing
        if "edit_of" in candidate.metadata:
            return self._edit(candidate, vector, ts, index, session)
        if (
            candidate.metadata.get("implied") or candidate.metadata.get("from")
        ) and self._elsewhere(candidate):
            return None
        if candidate.metadata.get("workplace") and self._stated_home(candidate):
            return None
        family = _family(candidate.kind)
        best_dup, best_cos = None, DUPLICATE_COSINE
        contradicted: list[int] = []
        for i in self._within_reach(candidate, vector):
            memory = self.memories[i]
            if memory.valid_to is not None:
                continue
            same_slot = candidate.slot is not None and memory.slot == candidate.slot
            if _diet_said_loose(memory, candidate):
                contradicted.append(i)  # "vegan" held without its slot, now "pescatarian"
                continue
            if _family(memory.kind) != family and not same_slot:
                continue  # a slot (diet) may hold a constraint ("vegan") or a fact ("omnivore")
            cos = float(self.vectors[i] @ vector)
            same_polarity = (memory.polarity or 0) * (candidate.polarity or 0) >= 0
            weaker = candidate.origin == Origin.IMPLICIT and memory.origin == Origin.EXPLICIT
            if same_slot and candidate.metadata.get("replaces"):
                weaker = False  # read, not stated, yet where they are now: "ok i'm HERE. lisbon"
            if memory.slot != candidate.slot and (memory.slot or candidate.slot):
                continue  # a slot's value only meets values of the same slot
            if candidate.slot is not None:
                if candidate.slot == "diet" and _beside(memory.object, candidate.object):
                    continue  # "halal" and "vegetarian" both hold
                same_object = overlap(memory.object, candidate.object) >= OBJECT_OVERLAP
                # "I am staying in Pakistan" does not move someone out of Lahore
                wider = candidate.slot == "location" and within(
                    candidate.object or "", memory.object or ""
                )
                # "on a deckie wage" after "deckie on the bruny ferry": part of the value again
                part = bool(said := term_set(candidate.object or "")) and said <= term_set(
                    memory.object or ""
                )
                part = part or (
                    candidate.slot == "location"
                    and self._arrived != ts
                    and _district(candidate, memory)
                )
                close = cos >= best_cos - 0.2 or bool(candidate.metadata.get("implied"))
                if wider or part or (same_object and close):
                    best_dup, best_cos = i, cos  # a town named in passing again confirms it
                elif not weaker:
                    contradicted.append(i)
                continue
            if (
                memory.object
                and candidate.object
                and memory.text == candidate.text
                and overlap(memory.object, candidate.object) == 0
                and "read_as" not in memory.metadata  # (the grammar's, not the tagger's guesses)
                and "read_as" not in candidate.metadata
            ):
                continue  # two things said in one sentence: "since my hip replacement I've
                # taken up lawn bowls" holds the limit and the pastime
            if same_polarity and cos >= best_cos:
                best_dup, best_cos = i, cos
            elif weaker or cos < CONTRADICTION_COSINE:
                continue
            elif (
                not same_polarity
                and overlap(memory.object, candidate.object) >= OBJECT_OVERLAP
                and not _narrower_liking(candidate, memory)
            ) or (candidate.correction and same_polarity):
                # "I don't like sushi any more" vs "I love sushi"; or "actually, tea, not coffee"
                contradicted.append(i)
        contradicted += [i for i in self._ruled_out(candidate) if i not in contradicted]
        if candidate.slot == "job" and any(self.memories[i].slot == "job" for i in contradicted):
            # a new job told in a later session leaves the old employer too ("opened my bakery"
            # after "an accountant for an insurance company"); one named with it replaces it
            contradicted += [
                i
                for i, m in enumerate(self.memories)
                if m.slot == "employer"
                and m.valid_to is None
                and m.session != session
                and i not in contradicted
            ]
        if best_dup is None:
            contradicted += [i for i in self._plans_reached(candidate, ts) if i not in contradicted]
        if best_dup is not None and not contradicted:
            old = self.memories[best_dup]
            merged = old.model_copy(
                update={
                    "evidence": list(dict.fromkeys([*old.evidence, *candidate.evidence])),
                    "confidence": 1 - (1 - old.confidence) * (1 - 0.5 * candidate.confidence),
                    "confirmed_at": ts,
                    "origin": Origin.EXPLICIT
                    if Origin.EXPLICIT in (old.origin, candidate.origin)
                    else Origin.IMPLICIT,
                }
            )
            self.memories[best_dup] = merged
            self._store(merged)
            return merged
        return self._add(candidate, vector, ts, index, session, contradicted)

    def _within_reach(self, candidate: Candidate, vector: np.ndarray) -> list[int] | range:
        """The memories ``apply`` may merge into or contradict, in order: with a slot, all of
        them (a slot's values meet whatever their cosine); without, those whose cosine can
        reach ``REACH``, from one matrix product instead of a Python loop over every memory."""
        if candidate.slot is not None or len(self.vectors) < 64:
            return range(len(self.memories))
        listed, rows = self._stacked
        if listed is not self.vectors or rows > len(self.vectors):  # forget made a new list
            self._stack, rows = np.zeros((0, len(vector)), dtype=np.float32), 0
        if rows < len(self.vectors):
            fresh = np.stack(self.vectors[rows:]).astype(np.float32, copy=False)
            if len(self._stack) < len(self.vectors):
                grown = np.zeros((2 * len(self.vectors), fresh.shape[1]), dtype=np.float32)
                grown[:rows] = self._stack[:rows]
                self._stack = grown
            self._stack[rows : len(self.vectors)] = fresh
            self._stacked = (self.vectors, len(self.vectors))
        cosines = self._stack[: len(self.vectors)] @ np.asarray(vector, dtype=np.float32)
        return np.flatnonzero(cosines >= REACH).tolist()

    def _edit(
        self,
        candidate: Candidate,
        vector: np.ndarray,
        ts: datetime,
        index: int,
        session: str | None,
    ) -> Memory | None:
        """The user corrected a memory by hand: pin it, or replace its text (old kept as
        history). A target that is no longer current (forgotten, or superseded by a write that
        committed between the edit's check and its commit) leaves nothing to edit: live learning
        sees only current memories, so replay, which holds the history too, must skip it alike."""
        target = next(
            (
                i
                for i, m in enumerate(self.memories)
                if m.id == candidate.metadata["edit_of"] and m.valid_to is None
            ),
            None,
        )
        if target is None:
            return None
        old = self.memories[target]
        pinned = candidate.metadata.get("pinned")
        metadata = {k: v for k, v in candidate.metadata.items() if k not in ("edit_of", "pinned")}
        if not candidate.text or candidate.text == old.text:  # a pin: no new text
            if pinned is None:
                return old
            changed = old.model_copy(update={"metadata": {**old.metadata, "pinned": pinned}})
            self.memories[target] = changed
            self._store(changed)
            return changed
        if pinned is not None:
            metadata["pinned"] = pinned
        elif old.metadata.get("pinned"):
            metadata["pinned"] = True
        return self._add(
            candidate.model_copy(update={"metadata": metadata}),
            vector,
            ts,
            index,
            session,
            [target],
        )

    def _achieve(
        self,
        candidate: Candidate,
        vector: np.ndarray,
        ts: datetime,
        index: int,
        session: str | None,
    ) -> Memory | None:
        """ "Did it!": the current goal the turn names ("DID IT. one full pull up"), else the most
        recent one, becomes history, replaced by the fact that it was reached. With no goal to
        reach, nothing is learned."""
        goals = self._current_of(MemoryKind.GOAL, ts)
        if not goals:
            return None
        said = term_set(candidate.text)
        target = max(
            goals,
            key=lambda i: (
                len(said & term_set(self.memories[i].object or self.memories[i].text)),
                self.memories[i].valid_from,
                i,
            ),
        )
        if self.memories[target].metadata.get("moving_to"):  # "made it!!" after a planned move
            return self._arrive(candidate, vector, ts, index, session)
        goal = self.memories[target].object or self.memories[target].text
        named = _NAMED_ACHIEVEMENT.match(candidate.text)
        if named and overlap(named.group("what"), goal) == 0:
            return None  # "passed my class 2 medical!" is not the pilot licence it leads to
        return self._add(_reached(candidate, goal), vector, ts, index, session, [target])

    def _current_of(self, kind: MemoryKind, ts: datetime) -> list[int]:
        """The memories of ``kind`` current at ``ts``: the goals "did it!", "forget the 5k" or a
        new home can reach, the limits "shins are fine now" can retire."""
        return [
            i
            for i, m in enumerate(self.memories)
            if m.kind == kind and m.valid_to is None and m.valid_from <= ts
        ]

    def _left(self, candidate: Candidate, session: str | None) -> list[int]:
        """ "Friday was my last day at Nokia": the current memories of that slot holding the
        value left, and the plain facts and the job said of it ("I work ICU at st vincent's");
        "I quit the restaurant": the current job and employer, whatever they are called. The new
        memory is history from the start, and retires them."""
        left = term_set(candidate.object or "")
        # "I quit the restaurant": any job held before this session (not the one the same
        # session announces: "got hired at Lumen! ... also i quit the cafe")
        work = bool(candidate.metadata.get("left_work"))
        return [
            i
            for i, m in enumerate(self.memories)
            if m.valid_to is None
            and (
                (
                    work
                    and m.slot in ("job", "employer")
                    and (session is None or m.session != session)
                )
                or (  # leaving Deloitte ends "auditor at Deloitte" too
                    (m.slot == candidate.slot or {m.slot, candidate.slot} == {"job", "employer"})
                    and overlap(m.object, candidate.object) >= OBJECT_OVERLAP
                )
                or (  # the plain facts said of it, and the job said with it ("ICU")
                    m.kind == MemoryKind.FACT
                    and (m.slot is None or {m.slot, candidate.slot} <= {"job", "employer"})
                    and m.polarity is None
                    and bool(left)
                    and left <= term_set(m.text)
                )
            )
        ]

    def _close(
        self,
        candidate: Candidate,
        vector: np.ndarray,
        ts: datetime,
        index: int,
        session: str | None,
    ) -> Memory | None:
        """ "CREDIT CARD IS PAID OFF", "forget the 5k": the current goals that name what was
        reached or given up become history, as do the limits named healed ("shins are fine
        now"). A reached goal leaves the fact that it was reached; a dropped one the user's
        words, kept out of personas. With nothing so named, nothing."""
        what = term_set(str(candidate.metadata["closes"]))
        kind = MemoryKind(candidate.metadata.get("closes_kind", MemoryKind.GOAL))
        named = [
            i
            for i in self._current_of(kind, ts)
            if len(what & term_set(self.memories[i].object or self.memories[i].text)) * 2
            >= len(what)
            > 0
        ]
        if not named:
            return None
        if candidate.metadata.get("reached"):
            goal = " / ".join(self.memories[i].object or self.memories[i].text for i in named)
            closed = _reached(candidate, goal)
        else:
            closed = candidate.model_copy(update={"metadata": {"extractor": "dropped"}})
        return self._add(closed, vector, ts, index, session, named)

    def _arrive(
        self,
        candidate: Candidate,
        vector: np.ndarray,
        ts: datetime,
        index: int,
        session: str | None,
    ) -> Memory | None:
        """ "We're here!": the most recent planned move ("moving to Valencia in July") has
        happened. With no move planned, "we're here" says nothing by itself, but a place named
        with it is a new home (see ``_arrived``)."""
        self._arrived = ts
        moves = [i for i in range(len(self.memories)) if self._planned_move(i)]
        if not moves:
            return None
        target = max(moves, key=lambda i: (self.memories[i].valid_from, i))
        return self._move(target, candidate, vector, ts, index, session)

    def _planned_move(self, i: int) -> bool:
        m = self.memories[i]
        planned = bool(m.metadata.get("moving_to"))
        return m.kind == MemoryKind.GOAL and m.valid_to is None and planned

    def _move(
        self,
        target: int,
        candidate: Candidate,
        vector: np.ndarray,
        ts: datetime,
        index: int,
        session: str | None,
    ) -> Memory:
        """The planned move ``target`` has happened: its place becomes where the user lives,
        replacing the old one, and the plan becomes history."""
        place = str(self.memories[target].metadata["moving_to"])
        homes = [
            i
            for i, m in enumerate(self.memories)
            if m.slot == "location" and m.valid_to is None and m.object != place
        ]
        moved = candidate.model_copy(
            update={
                "kind": MemoryKind.FACT,
                "slot": "location",
                "polarity": None,
                "text": f"Moved to {place}",
                "object": place,
                "metadata": {"extractor": "arrived", "planned": self.memories[target].id},
            }
        )
        return self._add(moved, vector, ts, index, session, [target, *homes])

    def advance(self, ts: datetime, text: str) -> None:
        """Time passes: a move planned for a date ("moving to Rotterdam in March") has happened
        by the first thing learned after that date, unless the user has since put it off ("we
        pushed it to 2027", "the move fell through"), which takes the date away; a plan for a
        near day or a trip ("this weekend", "next month for a wedding") is history once over."""
        if not self._dated:
            return
        for i in list(self._dated):
            until = self.memories[i].metadata.get("until")
            if until and self.memories[i].valid_to is None and ts >= _aware(str(until), ts):
                over = self.memories[i].model_copy(update={"valid_to": _aware(str(until), ts)})
                self.memories[i] = over
                self._store(over)
            if not self._planned_move(i) or "moving_on" not in self.memories[i].metadata:
                continue
            plan = self.memories[i]
            place = term_set(str(plan.metadata["moving_to"]))
            if _PUT_OFF.search(text) and place <= term_set(text):
                metadata = {k: v for k, v in plan.metadata.items() if k != "moving_on"}
                self.memories[i] = plan.model_copy(update={"metadata": metadata})
                self._store(self.memories[i])
                continue
            due = _aware(str(plan.metadata["moving_on"]), ts)
            if ts >= due:
                trigger = Candidate(
                    kind=MemoryKind.FACT,
                    text=f"Moved to {plan.metadata['moving_to']}",
                    confidence=plan.confidence,
                    origin=plan.origin,
                    evidence=list(plan.evidence),
                )
                self._move(i, trigger, self.vectors[i], due, _DUE_INDEX, plan.session)
        self._dated = [i for i in self._dated if falls_due(self.memories[i])]

    def _stated_home(self, candidate: Candidate) -> bool:
        """Where someone works or studies ("a substitute teacher at a school in Fana") may be a
        town away from home: it makes a home only where none was stated otherwise."""
        return any(
            m.slot == "location"
            and m.valid_to is None
            and not m.metadata.get("workplace")
            and not m.metadata.get("implied")
            and overlap(m.object, candidate.object) < OBJECT_OVERLAP
            for m in self.memories
        )

    def _elsewhere(self, candidate: Candidate) -> bool:
        """A town named in passing ("any good brunch in leeds?") or as where the user is from
        ("I'm from Pune") is home only while nothing says otherwise: not against another
        current home (stated or implied earlier; a trip rarely announces itself), a place the
        user has left, or a planned move or trip there."""
        place = term_set(candidate.object or "")
        for m in self.memories:
            here = bool(place) and place <= term_set(f"{m.object or ''} {m.text}")
            if m.slot == "location":
                same = overlap(m.object, candidate.object) >= OBJECT_OVERLAP
                if (m.valid_to is None) != same:  # another home now, or this one left
                    return True
            elif m.kind == MemoryKind.GOAL and m.valid_to is None and here and _going(m):
                return True
        return False

    def _plans_reached(self, candidate: Candidate, ts: datetime) -> list[int]:
        """Current goals a newly stated home fulfils: a plan naming that place ("we are
        looking at Kamloops"), one to leave where they were ("I have decided to leave
        Sudbury") or, for a home not known before, any plan to move. A move still ahead
        fulfils nothing."""
        if candidate.slot != "location" or candidate.metadata.get("moving_to"):
            return []
        place = term_set(candidate.object or "")
        # a home never named before ends any plan to move: "thinking of moving to Spain,
        # Alicante maybe" is over once "we're in Nerja" (a home already known ends nothing)
        new_home = not candidate.metadata.get("implied") and not any(
            m.slot == "location" and overlap(m.object, candidate.object) >= OBJECT_OVERLAP
            for m in self.memories
        )
        return [
            i
            for i in self._current_of(MemoryKind.GOAL, ts)
            if (m := self.memories[i]).valid_from < ts
            and (
                (bool(place) and place <= term_set(m.object or ""))
                or (_LEAVING.search(m.object or m.text) is not None and not _going(m))
                or (new_home and _MOVE_PLAN.search(m.object or m.text) is not None)
            )
        ]

    def _ruled_out(self, candidate: Candidate) -> list[int]:
        """Current likes (and plain statements of what they eat) that a new diet or abstention
        rules out: after "8 months sober" the user no longer "loves a big tempranillo", after
        "I'm vegetarian now" no longer steak."""
        if candidate.origin != Origin.EXPLICIT:
            return []
        excluded = ruled_out_foods(candidate)
        if excluded is None:
            return []
        return [
            i
            for i, m in enumerate(self.memories)
            if m.valid_to is None
            and (
                (
                    m.kind == MemoryKind.PREFERENCE
                    and (m.polarity or 0) > 0
                    and excluded.search(m.object or m.text)
                )
                # a plain statement of what they eat: "I eat there before the set, usually
                # kofta or grilled chicken"
                or (m.kind == MemoryKind.FACT and m.slot is None and bool(excluded.search(m.text)))
            )
        ]

    def _anchored(self, contradicted: list[int], new: Candidate) -> list[int]:
        """The contradicted memories plus what was anchored to a replaced place: after "we
        moved to Vancouver", "I work at a bank in Toronto" (the employer) and "the Toronto
        bagels" are no longer current either; an occupation moves with the person ("i am QA
        engineer in Timisoara" stays a QA engineer in Basel). A place restated in other words
        ("Back in Da Nang", "i live in davao") is not replaced, nor is what hangs on it, nor,
        short of a move, a workplace the new home is named beside."""
        out = list(contradicted)
        for i in contradicted:
            old = self.memories[i]
            place = term_set(old.object or "") if old.slot == "location" else frozenset()
            if (
                old.metadata.get("workplace")
                and place <= term_set(new.text)
                and not _MOVE.search(new.text)
            ):
                continue  # "my commute to Ikeja from Surulere": the workplace is still there
            if not place or overlap(old.object, new.object) >= OBJECT_OVERLAP:
                continue
            for j, other in enumerate(self.memories):
                if j in out or other.valid_to is not None or other.kind not in SEMANTIC_KINDS:
                    continue
                if other.slot == "job":
                    continue
                if place <= term_set(f"{other.object or ''} {other.text}"):
                    out.append(j)
        return out

    def _add(
        self,
        candidate: Candidate,
        vector: np.ndarray,
        ts: datetime,
        index: int,
        session: str | None,
        contradicted: list[int],
    ) -> Memory:
        memory = Memory(
            id=derived_id(self.user_id, candidate.evidence[0], index),
            user_id=self.user_id,
            kind=candidate.kind,
            text=candidate.text,
            confidence=candidate.confidence,
            origin=candidate.origin,
            created_at=ts,
            valid_from=ts,
            # "I used to be really into bouldering": true of the past, so history from the start
            valid_to=ts if candidate.metadata.get("past") else None,
            confirmed_at=ts,
            session=session,
            role="user",
            evidence=list(candidate.evidence),
            metadata=_with_country(candidate),
            polarity=candidate.polarity,
            object=candidate.object,
            slot=candidate.slot,
        )
        for i in self._anchored(contradicted, candidate):
            old = self.memories[i].model_copy(update={"valid_to": ts, "superseded_by": memory.id})
            self.memories[i] = old
            self._store(old)
        self.memories.append(memory)
        if falls_due(memory):
            self._dated.append(len(self.memories) - 1)
        self.vectors.append(vector)
        self._new_ids.add(memory.id)
        self.plan.new.append((memory, vector))
        return memory
