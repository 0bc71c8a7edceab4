"""What a turn says about the user, read word by word from the embedding model's own states.

The grammar (:mod:`.extract`) reads the constructions it knows; people mostly say things in
passing, in constructions it does not know: "ok so my sourdough starter died again", "any
bouldering gyms near arroios?? my usual one shut down". Rules written for one writer's
sentences barely transferred to unseen writers (+0.006 of the suite's expectations per round).
This reader sees every word in its context instead: the MiniLM forward pass that embeds the turn
for recall already holds one contextual state per word piece (pooled per word: :class:`Words`),
and a small two-layer network over each word's state and the turn's mean state tags the words
that name a liking, a dislike, a constraint, a goal or a fact about the speaker. A run of words
with one tag is one candidate, its object those words and its text the user's sentence.

It only adds what the grammar did not say: a span is dropped when a candidate of the grammar
from the same turn (other than a bare "something about me" fact) shares a word with it, so a
construction the grammar reads keeps the grammar's reading (polarity, slot, supersession); and
when the clause says it of someone else ("she loves hiking"), which word states do not tell.
The weights ship with the package (``tagger.npz``), written by ``scripts/train_tagger.py`` from
the suite's tuning conversations only, never its report fold nor MSC or LoCoMo.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import NamedTuple

import numpy as np

from personify.embeddings.base import Words
from personify.learn.extract import Candidate
from personify.learn.extract.clauses import (
    FIRST_PERSON_SUBJECT,
    OTHER_SUBJECT,
    normalize,
    split_clauses,
)
from personify.learn.extract.disclosure import HYPOTHETICAL, past
from personify.learn.extract.gazetteer import towns
from personify.learn.extract.places import (
    HERE_IN,
    LIVED_BEFORE,
    SOMEONE_ELSES,
    SPENT_BEFORE,
    TOLD_AS_PAST,
    on_a_journey,
)
from personify.learn.extract.stays import not_lived_in
from personify.learn.extract.values import ASKED
from personify.learn.kinds import TURNED_AWAY, bare_fact
from personify.lexical import term_set
from personify.models import MemoryKind, Origin

LABELS = ("none", "like", "dislike", "constraint", "goal", "fact", "location", "job")
READINGS: dict[str, tuple[MemoryKind, float | None, str | None]] = {
    "like": (MemoryKind.PREFERENCE, 1.0, None),
    "dislike": (MemoryKind.PREFERENCE, -1.0, None),
    "constraint": (MemoryKind.CONSTRAINT, -1.0, None),
    "goal": (MemoryKind.GOAL, 1.0, None),
    "location": (MemoryKind.FACT, None, "location"),
    "job": (MemoryKind.FACT, None, "job"),
}  # a slot-less "fact" word is tagged (it is no liking) but not read: a fact without a slot
# would never be superseded ("moving from Toronto"); where the user lives and what they do are
# read with their slot, so a later one replaces them
WEIGHTS = "tagger.npz"
CONFIDENCE = 0.5  # as sure as a bare disclosure: read, not stated with a cue
MAX_WORDS = 6  # a longer run is a clause, not a thing
# the least a home or a job is read at inside a sentence about the user: below it, towns said
# in passing ("apartment hunting in denver from my couch in austin") displaced the home the
# grammar read (on the 312 older tuning conversations, with tastes read at 0.15: persona checks
# 0.854 -> 0.860, forbidden 0.044 -> 0.042, expectations 0.802 -> 0.801)
SLOT_LEAST = 0.3
# what may sit between two words of one span: "gluten-free", "mum's", "r&b"
_JOINER = r"[-'\u2019/&+]"
_JOIN = re.compile(rf"\s*(?:{_JOINER}\s*)?")
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


def features(words: Words, window: int = 0) -> np.ndarray:
    """Each word's state beside the turn's mean state, then (``window`` 1) the states of the
    words before and after it (zero at the ends): ``(n_words, (2 + 2 * window) * dim)``."""
    mean = np.broadcast_to(words.mean, words.vectors.shape)
    blocks = [words.vectors, mean]
    if window:
        blocks += [_shifted(words.vectors, 1), _shifted(words.vectors, -1)]
    return np.hstack(blocks).astype(np.float32)


def _shifted(rows: np.ndarray, by: int) -> np.ndarray:
    """``rows`` moved down (``by`` 1: row i holds row i - 1) or up, zero where none comes."""
    out = np.zeros_like(rows)
    if by > 0:
        out[by:] = rows[:-by]
    else:
        out[:by] = rows[-by:]
    return out


class Tagged(NamedTuple):
    candidate: Candidate
    vector: np.ndarray  # unit length, in the embedder's space


@dataclass(frozen=True)
class SpanTagger:
    """``softmax(relu(((x - mean) / scale) @ w1 + b1) @ w2 + b2)`` over :data:`LABELS` per word,
    ``x`` being :func:`features`, for the states of the model it was trained on (``embedder``); a
    word is tagged when its best label other than "none" has at least ``threshold`` probability,
    or ``own_threshold`` inside a sentence the grammar already keeps as being about the user.

    Held folded (:meth:`trained` builds it): the standardisation goes into the first layer, and
    its rows split into blocks (the word's, the mean state's, and with ``window`` 1 the words'
    before and after it), so a turn costs one small matmul per block, with no features matrix
    built: a neighbour's block is applied to every word's state once and shifted by a row."""

    word: np.ndarray  # (dim, hidden)
    turn: np.ndarray  # (dim, hidden)
    before: np.ndarray | None  # (dim, hidden): the word before's state (``window`` 1)
    after: np.ndarray | None  # (dim, hidden): the word after's
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray
    embedder: str
    threshold: float
    own_threshold: float

    @classmethod
    def trained(
        cls,
        w1: np.ndarray,
        b1: np.ndarray,
        w2: np.ndarray,
        b2: np.ndarray,
        mean: np.ndarray,
        scale: np.ndarray,
        embedder: str,
        threshold: float,
        own_threshold: float | None = None,
        window: int = 0,
    ) -> SpanTagger:
        folded = (w1 / scale[:, None]).astype(np.float32)
        dim = folded.shape[0] // (2 + 2 * window)
        block = [np.ascontiguousarray(folded[k * dim : (k + 1) * dim]) for k in range(4)]
        return cls(
            word=block[0],
            turn=block[1],
            before=block[2] if window else None,
            after=block[3] if window else None,
            b1=(b1 - (mean / scale) @ w1).astype(np.float32),
            w2=w2.astype(np.float32),
            b2=b2.astype(np.float32),
            embedder=embedder,
            threshold=threshold,
            own_threshold=threshold if own_threshold is None else own_threshold,
        )

    @classmethod
    def packaged(cls) -> SpanTagger:
        with resources.files("personify.learn").joinpath(WEIGHTS).open("rb") as f:
            data = np.load(f)
            weights = {k: data[k] for k in ("w1", "b1", "w2", "b2", "mean", "scale")}
            return cls.trained(
                **weights,
                embedder=str(data["embedder"]),
                threshold=float(data["threshold"]),
                own_threshold=float(data["own_threshold"]),
                window=int(data["window"]) if "window" in data else 0,
            )

    def fits(self, embedder_name: str) -> bool:
        """States of another model share no space with these weights; the int8 graph of the
        same model's do."""
        return embedder_name.removesuffix("-int8") == self.embedder

    def probabilities(self, words: Words) -> np.ndarray:
        hidden = words.vectors @ self.word + (words.mean @ self.turn + self.b1)
        if self.before is not None and self.after is not None:
            hidden += _shifted(words.vectors @ self.before, 1)
            hidden += _shifted(words.vectors @ self.after, -1)
        logits = np.maximum(hidden, 0.0) @ self.w2 + self.b2
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def spans(
        self, text: str, words: Words, threshold: float | None = None
    ) -> list[tuple[str, int, int, float]]:
        """(label, start, end, least probability) for each run of words tagged alike (at
        ``threshold``, by default the tagger's own)."""
        least = self.threshold if threshold is None else threshold
        if not words.spans:
            return []
        p = self.probabilities(words)
        best = p[:, 1:].argmax(axis=1) + 1
        sure = p[np.arange(len(best)), best]
        out: list[tuple[str, int, int, float]] = []
        run: list[int] = []  # indices of the words in the current run

        def close() -> None:
            if run and len(run) <= MAX_WORDS:
                a, b = words.spans[run[0]][0], words.spans[run[-1]][1]
                if term_set(text[a:b]):
                    out.append((LABELS[best[run[0]]], a, b, float(sure[run].min())))
            run.clear()

        for i, (a, _) in enumerate(words.spans):
            if sure[i] < least:
                if not (run and _joiner(text, words, i)):
                    close()
                continue
            if run and (
                best[i] != best[run[0]] or not _JOIN.fullmatch(text[words.spans[run[-1]][1] : a])
            ):
                close()
            run.append(i)
        close()
        return out

    def read(
        self, text: str, words: Words, said: Sequence[Candidate], evidence: str
    ) -> list[Tagged]:
        """Candidates for what the grammar did not say about ``text`` (its candidates: ``said``),
        each with the vector of its sentence: the mean of the sentence's word states, so the
        item needs no pass of the model of its own."""
        taken = frozenset().union(*(_terms(c) for c in said if not bare_fact(c)))
        out: list[Tagged] = []
        own = [c.text for c in said if bare_fact(c)]  # what the grammar knows is about the user
        least = min(self.threshold, self.own_threshold) if own else self.threshold
        # where the grammar read the user's home now, another town in the turn is where they
        # were or go: "first I lived in Gothenburg, now since last year I am in Malmö"
        home_said = any(
            c.slot == "location"
            and not any(c.metadata.get(k) for k in ("past", "left", "implied", "workplace"))
            for c in said
        )
        for label, a, b, sure in self.spans(text, words, least):
            if label not in READINGS:
                continue
            if sure < self.threshold and not any(text[a:b] in t for t in own):
                continue
            start, end = _sentence(text, a)
            sentence = text[start:end]
            kind, polarity, slot = READINGS[label]
            if slot is not None and sure < max(self.own_threshold, SLOT_LEAST):
                continue  # a home or a job replaces the last one: read only when surer
            if slot == "job":
                a = _whole_role(text, start, a)
            if slot == "location":
                if home_said:
                    continue
                a, b = _whole_town(text, a, b)
                if _away(sentence, a - start, b - start):
                    continue  # "just landed in Seoul for 6 weeks": not where they live
                if _THEIRS_THERE.search(sentence[: a - start]):
                    continue  # "a formal email to a supplier in Davao": where they are
            obj = text[a:b]
            terms = term_set(obj)
            clause = _clause(sentence, a - start, b - start)
            if (
                terms & taken
                or (slot == "location" and HYPOTHETICAL.search(clause[0]))  # "what if I moved
                # to Montreal?" (but "if i had to pick, thai" likes thai)
                or (label == "like" and _NEGATED.search(clause[0]))
                or (label == "like" and _turned_away(clause[0], obj, text[b:end]))
                or (label == "like" and past(sentence))  # "for twelve years were darts"
                # "my Chicago crew would be ashamed of me": a town alone is no aim
                or (label == "goal" and any(x == 0 and y == len(obj) for x, y, _ in towns(obj)))
                or (label == "like" and _refused(clause[0], obj, text[b:end]))
                or (
                    kind == MemoryKind.CONSTRAINT and _FINE.match(text[b:end])
                )  # "tree nuts are ok"
                or (slot is not None and TOLD_AS_PAST.search(clause[0]))  # "I was a nurse in Leeds"
                # "First I was dishwasher, now I'm cook": what they were
                or (
                    slot == "job"
                    and re.search(r"\b(?:i|we)\s+(?:was|were)\s+(?:an?\s+)?$", clause[0], re.I)
                )
                or (slot == "location" and LIVED_BEFORE.search(clause[0]))  # "I lived in Munich"
                # "in Pune my maid used to do all this, now I am learning": its clause looks back
                or (slot is not None and past(f"{clause[0]}{obj}{clause[1]}"))
                or _someone_elses(sentence, obj)
                or _only_asked(sentence, a - start, b - start)
                or _WHAT_ABOUT.search(clause[0])  # "what about forklift instructor, is that more"
                or _to_them(sentence)
                or (slot is not None and _not_now(sentence, text[start:a], text[b:end]))
                # "what would an ml engineer make in amsterdam?": asked about, not theirs
                or (slot and ASKED.match(sentence) and not HERE_IN.search(text[start:a]))
            ):
                continue
            taken |= terms
            inside = [i for i, (x, y) in enumerate(words.spans) if start <= x and y <= end]
            vector = words.vectors[inside].mean(axis=0)
            # beside someone else's, a taste is shown in its own clause ("Gemma wants a rooftop
            # bar, I'd be happier with a fado place"), not with what they want
            said = f"{clause[0]}{obj}{clause[1]}".strip()
            mixed = slot is None and len(said.split()) >= 3 and OTHER_SUBJECT.search(sentence)
            shown = said if mixed else sentence
            candidate = Candidate(
                kind=kind,
                text=shown,
                polarity=polarity,
                object=obj,
                slot=slot,
                confidence=CONFIDENCE,
                origin=Origin.IMPLICIT,
                evidence=[evidence],
                metadata={"extractor": "tagger", "read_as": f"{label} {sure:.2f}"}
                | ({"replaces": True} if slot == "location" else {}),
            )
            out.append(Tagged(candidate, vector / max(float(np.linalg.norm(vector)), 1e-12)))
        return out


# what is no limit after all: "tree nuts are ok for me btw, just peanuts"
_FINE = re.compile(
    r"\s+(?:is|are|'s|'re)\s+(?:totally\s+|perfectly\s+|actually\s+)?(?:ok|okay|fine|alright|safe|"
    r"no\s+problem)\b",
    re.IGNORECASE,
)


# a place said of someone or something else the user deals with: "a supplier in Davao", "my
# cousin in Leeds", "a hotel in Rome", "the shipment from Ningbo"
_THEIRS_THERE = re.compile(
    r"\b(?:a|an|the|my|our|his|her|their|some|this|that)\s+(?:[\w-]+\s+){0,2}?(?:suppliers?|"
    r"clients?|customers?|vendors?|colleagues?|contacts?|friends?|mates?|cousins?|branch|"
    r"partners?|agency|hotels?|venues?|conference|wedding|event|shipments?|orders?|delivery|"
    r"parcels?|airbnb|guests?|students?|patients?|relatives?|family|uncle|aunt(?:ie)?|sister|"
    r"brother|parents|mum|mom|dad|son|daughter|kids?)\s+(?:in|at|from|near|out\s+in|over\s+in|"
    r"back\s+in)\s*$",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[,;:]|\s+(?:and|but|so|then)\s+", re.IGNORECASE)
# where a journey starts is most often home: "Flying Auckland to Sydney", "Booking Beirut-Paris"
_ORIGIN_AFTER = re.compile(r"\s*(?:to|[-\u2013\u2014>])\s*[A-Z]")
_HOME_BEFORE = re.compile(r"\b(?:from|home\s+(?:in|to)|back\s+(?:in|to))\s+$", re.IGNORECASE)


# what the word states do not tell: "I could not care less about football" likes no football
# (but "no greasy snacks near my Wingspan cards" still likes Wingspan)
_NEGATED = re.compile(
    r"(?:\b(?:not|never|no\s+longer|hardly|barely)|n't|\b(?:cant|dont|doesnt|didnt|wont|isnt))\s+"
    r"(?:(?:even|really|ever|much|actually|particularly|so|too|a|the|very|big|huge)\s+)*"
    r"(?:care|like|love|enjoy|get|into|fan|keen|fussed|bothered|stand|want|need|mind|miss|do|"
    r"eat|drink|play|watch|go|went|been|tried|try|travel\w*|run|ran|interested|excited|"
    r"understand|see)\b",
    re.IGNORECASE,
)


# an option put as a question, "?" or not: "what about forklift instructor, is that more money"
_WHAT_ABOUT = re.compile(r"\b(?:what|how)\s+about\s+(?:(?:a|an|the)\s+)?$", re.IGNORECASE)


def _turned_away(head: str, obj: str, after: str) -> bool:
    """What is said of the thing from its clause on turns it away ("Swimming's out.",
    "oatmeal: tried it twice, never again") or ranks it below another ("salsa > reggaeton")."""
    return bool(TURNED_AWAY.search(f"{head}{obj}{after}")) or ">" in head


def _refused(head: str, obj: str, after: str) -> bool:
    """The thing itself is refused, there or further on: "Gatsby vibes but not Gatsby"."""
    return bool(
        re.search(r"\b(?:not|no)\s+(?:the\s+)?$", head, re.IGNORECASE)
        or re.search(
            rf"\b(?:not|no|never)\s+(?:the\s+|a\s+|an\s+)?{re.escape(obj)}\b", after, re.IGNORECASE
        )
    )


def _clause(sentence: str, a: int, b: int) -> tuple[str, str]:
    """(the words of the span's clause before it, after it)."""
    return _CLAUSE_BREAK.split(sentence[:a])[-1], _CLAUSE_BREAK.split(sentence[b:])[0]


# freight on the road: where a load starts is not where the driver lives (a local round,
# "delivering in Leeds", may well be)
_HAULING = re.compile(
    r"\b(?:haul\w*|freight|reefer|flatbed|a\s+load|loads)\b",
    re.IGNORECASE,
)


def _away(sentence: str, a: int, b: int) -> bool:
    """The town at ``sentence[a:b]`` is named in a clause about a journey or a stay away, and
    not as the journey's start or home."""
    before, after = sentence[:a], sentence[b:]
    if _HAULING.search(before):
        return True  # "hauling reefer Tulsa to Salt Lake": a load's route, not a home
    if _ORIGIN_AFTER.match(after) or _HOME_BEFORE.search(before):
        return False
    head, tail = _clause(sentence, a, b)
    return on_a_journey(head + sentence[a:b] + tail) or not_lived_in(before, after)


def _whole_town(text: str, a: int, b: int) -> tuple[int, int]:
    """The span widened to the town name it is part of ("Paz" of "La Paz")."""
    for start, end, _ in towns(text):
        if start <= a < end or start < b <= end:
            return min(a, start), max(b, end)
    return a, b


# the words of a role between its article and the word tagged: "as a [call] handler"
_ROLE_BEFORE = re.compile(r"\b(?:a|an)\s+((?:[\w-]+\s+){1,2})$", re.IGNORECASE)


def _whole_role(text: str, start: int, a: int) -> int:
    """Where a role tagged by its last word starts: "handler" of "a call handler"."""
    before = _ROLE_BEFORE.search(text, start, a)
    return before.start(1) if before else a


def _joiner(text: str, words: Words, i: int) -> bool:
    """A lone hyphen or apostrophe inside a run ("gluten - free") does not end it."""
    a, b = words.spans[i]
    return bool(re.fullmatch(_JOINER, text[a:b]))


def _terms(candidate: Candidate) -> frozenset[str]:
    return term_set(candidate.object or candidate.text)


def _someone_elses(sentence: str, obj: str) -> bool:
    """The thing is said of someone else: "she loves hiking", "my best mate keeps trying to get
    me into bouldering" (the word states do not tell whose taste it is; the grammar's subjects
    do)."""
    for clause in split_clauses(normalize(sentence)):  # ("mums diabetic": mum's)
        at = clause.lower().find(obj.lower())
        if at < 0:
            continue
        before = clause[:at]
        if _THEIR_VERB.match(before) or SOMEONE_ELSES.search(before):
            return True  # (and "priya's settled in berlin": a name's contraction)
        if re.search(r"\b(?:his|her|their)\s+$", before, re.IGNORECASE):
            return True  # "the director enjoyed his golf"
        if re.search(r"\b(?:married|engaged)\s+to\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}$", before, re.I):
            return True  # "married to an ER nurse": the spouse's job
        others = list(OTHER_SUBJECT.finditer(before))
        return bool(others) and not FIRST_PERSON_SUBJECT.search(before[others[-1].end() :])
    return False


# "tomas also hates mushrooms", "one colleague doesn't eat pork": one or two words that are not
# the user, then a verb in the third person
_THEIR_VERB = re.compile(
    r"^\W*(?:(?!(?:i|we|i'm|im|we're|me|and|but|so|also|just|really|honestly)\b)[a-z][\w'-]*\s+)"
    r"{1,2}(?:also\s+|really\s+|totally\s+|still\s+|just\s+|absolutely\s+)?(?:hates|loves|likes|"
    r"adores|prefers|wants|needs|thinks|says|eats|drinks|doesn't|doesnt|does\s+not|"
    r"is\s+(?:obsessed|allergic|vegan|vegetarian|into))\b",
    re.IGNORECASE,
)


# "paramedic not nurse", "not a teacher anymore", "moving to Hatfield from Bristol", "an
# ex-barista": a place or a job said to be no longer (or never) the user's
_NOT_BEFORE = re.compile(
    r"\b(?:not|no longer|never|from|out of|left|leaving|quit|quitting|ex|former|formerly|old|"
    r"previous|used to be|drop|closed|sold|shut|gave up|turned|turning|declined|declining|"
    r"passed on|said no to|forget|forget about|scrap|scratch)\W+"
    r"(?:(?:a|an|the|my|our|in|at|as|being)\W+){0,2}$",
    re.IGNORECASE,
)
# a job named as the one given up: "I gave up my job as a travel agent for this"
_GIVEN_UP_AS = re.compile(
    r"\b(?:gave\s+up|giving\s+up|quit|quitting|left|leaving)\s+(?:my|the)\s+(?:\w+\s+)?(?:job|"
    r"career|role|position)\s+as\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
_MISSED = re.compile(r"\bmiss(?:ing|ed)?\b", re.IGNORECASE)
_NOT_AFTER = re.compile(
    # ("a recruiter call re a Dubai role": a post offered there, not a home)
    r"^\W*(?:anymore|any more|no more|no longer|role|job|offer|position|posting|vacancy|"
    r"contract)\b",
    re.IGNORECASE,
)


def _not_now(sentence: str, before: str, after: str) -> bool:
    """The home or job is not (or no longer) the user's: said so beside it, or the sentence is
    about how things were ("I used to live in Leeds", "had a great flat in leeds, miss it")."""
    return bool(
        _NOT_BEFORE.search(before)
        or (_GIVEN_UP_AS.search(before) and not HYPOTHETICAL.search(before))
        or _NOT_AFTER.match(after)
        or SPENT_BEFORE.search(before)
        or _MISSED.search(sentence)
        or past(sentence)
    )


def _only_asked(sentence: str, a: int, b: int) -> bool:
    """A question that only names the thing ("and hojicha?", "ricotta?") or weighs it against
    another ("go or rust for a cli tool?"), or a choice still open ("torn between japan and
    greece"), asks; it does not say the user likes it."""
    before, after = sentence[:a], sentence[b:]
    if _UNDECIDED.search(before):
        return True  # "we're torn between japan and greece": options weighed, none held yet
    if not sentence.rstrip().endswith("?"):
        return False
    if re.search(r"\bor\s*$", before, re.IGNORECASE) or re.match(r"\s*or\b", after, re.IGNORECASE):
        return True
    if _OPTIONS_ASKED.fullmatch(sentence):
        return True  # "Milk, sugar?": options named, the answer comes after
    return not term_set(f"{before} {after}")


_UNDECIDED = re.compile(
    r"\b(?:torn|deciding|choosing|undecided|(?:can't|cant|cannot)\s+decide|debating|stuck)\s+"
    r"between\b[^.;!?]*$",
    re.IGNORECASE,
)
_OPTIONS_ASKED = re.compile(
    r"\W*[\w'-]+(?:\s+[\w'-]+){0,2}(?:\s*(?:,|/|\bor\b)\s*[\w'-]+(?:\s+[\w'-]+){0,2}){1,3}\s*\?+\W*",
    re.IGNORECASE,
)


# a question about the other person's life ("How long have you been creating art?", "what do
# you love most about camping?") or a wish for them ("Have a great hike!", "enjoy your trip"):
# what it names is theirs, unless the user is in it too ("do you know a vegan place near me?")
_TO_THEM = re.compile(
    r"^\W*(?:[\w']+\W+){0,4}?(?:do|does|did|have|has|had|are|were|was)\s+(?:you|u|ya)\b.*\?\W*$|"
    r"^\W*(?:(?:and|oh|well|so)\W+)?(?:have\s+(?:a|an)\s+(?:great|good|nice|fun|lovely|safe|"
    r"wonderful|amazing|brilliant)|enjoy\s+your)\s+\w+",
    re.IGNORECASE,
)
_ME = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|i'll|my|me|mine|we|we're|our|us)\b", re.IGNORECASE)


def _to_them(sentence: str) -> bool:
    return bool(_TO_THEM.match(sentence)) and not _ME.search(sentence)


def _sentence(text: str, at: int) -> tuple[int, int]:
    """Where the sentence of ``text`` around character ``at`` starts and ends (stripped): the
    user's own words as the item's text."""
    for match in _SENTENCE.finditer(text):
        if match.start() <= at < match.end():
            start, end = match.span()
            break
    else:
        start, end = 0, len(text)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
