"""Explicit statements, found without an LLM: the extractor that puts the grammar together.

A user turn is split into sentences and clauses (:mod:`.clauses`); each clause
is read by the cue grammar (:mod:`.cues`) or, without a verb cue, by the shapes
people type (:mod:`.shapes`); constraints and personal facts named by what they
are come from :mod:`.named`; a first-person clause none of these reads is still
kept as a fact when it says something about the speaker (:mod:`.disclosure`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from personify.learn.extract import Candidate
from personify.learn.extract.asked import as_answered
from personify.learn.extract.clauses import (
    CORRECTION,
    OCCUPATION,
    POINTER,
    QUESTION,
    SENTENCE,
    clean_object,
    head_noun,
    slot_object,
    split_clauses,
)
from personify.learn.extract.cues import CONSTRAINT, FACT, GOAL, PREF
from personify.learn.extract.disclosure import (
    ADDRESSEE,
    HYPOTHETICAL,
    THEIR_VIEW,
    disclosure_candidates,
    negates_a_verb,
    past,
)
from personify.learn.extract.endings import ACHIEVED, ARRIVED, HEALED, closes
from personify.learn.extract.fragments import a_reaction, thing_named
from personify.learn.extract.gazetteer import towns
from personify.learn.extract.household import household
from personify.learn.extract.leaving import NO_LONGER, ORG_NAME, left_behind, names_left
from personify.learn.extract.limits import DIETS, for_the_body, named_constraints
from personify.learn.extract.named import (
    NOT_A_ROLE,
    fragment_facts,
    part_naming,
    passing_facts,
)
from personify.learn.extract.objects import CONTRAST, conjuncts, read_cue
from personify.learn.extract.orgs import lowercase_org, workplace_named
from personify.learn.extract.parse import parse_clause
from personify.learn.extract.places import (
    USED_TO,
    corrected_place,
    implied_places,
    lived_here,
    situated_places,
    titled,
    workplace,
)
from personify.learn.extract.pointers import (
    SAID_OF,
    antecedent,
    named_before,
    named_thing,
    pointed,
    put_first,
)
from personify.learn.extract.prepare import prepared
from personify.learn.extract.shapes import (
    PRONOUN,
    TOPIC,
    part_stances,
    topic_answer,
    with_subject,
)
from personify.learn.extract.slots import ABOUT_OTHERS
from personify.learn.extract.values import (
    AROUND,
    ORIGIN,
    SUBJECT_TAUGHT,
    cue_slot,
    holds_nothing,
    past_the_dwelling,
    served_as,
    subsumed,
    taught_role,
    the_town,
    town_over_district,
    vetted,
)
from personify.learn.extract.verdicts import pre_object
from personify.learn.extract.when import move_date, of_the_moment, over_by
from personify.learn.extract.whose import theirs
from personify.lexical import overlap, term_set
from personify.models import Event, MemoryKind, Origin


class RuleExtractor:
    """Explicit preferences, constraints, goals and facts from the user's own statements.

    With ``disclosures`` (the default), a first-person sentence that no cue matches is still
    kept as a fact about the user when it reveals something (:mod:`.disclosure`).
    """

    name = "rules"

    def __init__(self, disclosures: bool = True) -> None:
        self.disclosures = disclosures

    def extract(self, event: Event, context: Sequence[Event] = ()) -> list[Candidate]:
        if event.role != "user" or not event.text:
            return []
        correction = bool(CORRECTION.search(event.text))
        out: list[Candidate] = []
        # whole-turn markers that consolidation resolves: "DID IT 🎉 2:04!!" reaches the latest
        # goal; "ok we're HERE" completes a planned move
        for shape, marker in (
            (ACHIEVED, {"achieves": "latest goal"}),
            (ARRIVED, {"arrives": True}),
        ):
            if shape.match(event.text):  # (an arrival is its sentence: the rest says more)
                said = event.text.strip()
                said = SENTENCE.split(said, maxsplit=1)[0] if "arrives" in marker else said
                out.append(
                    Candidate(
                        kind=MemoryKind.FACT,
                        text=said[:200],
                        confidence=0.8,
                        origin=Origin.EXPLICIT,
                        evidence=[event.id],
                        slot="location" if "arrives" in marker else None,
                        metadata={"extractor": self.name, **marker},
                    )
                )
        # "derby" after "where are you based?" is read as "I live in derby"
        text = prepared(as_answered(event.text, context))
        achieved = bool(out)  # a "did it!" closes its goal already
        topic = alone = thing = None
        for sentence in SENTENCE.split(text):
            ended = self._closed_or_left(sentence, event, achieved)
            out += ended
            left = {(c.object or "").lower() for c in ended if c.metadata.get("left")}
            said = subsumed(self._sentence(sentence, event, topic))
            said += self._pointed(sentence, said, thing, event)
            thing = named_thing(sentence)
            for c in said:  # "pork pls i don't eat it": pork; "yes I know": no thing at all
                if c.kind == PREF and c.object:
                    c.object = thing_named(c.object) or ""
                elif c.kind == GOAL and c.object and a_reaction(c.object):
                    c.object = ""  # "i'm going to cry": no aim
            # "i quit the chain": a job ended, no dislike of "the chain"; "so it's Wellington
            # now": a home, no liking of Wellington; "gave up my apartment in Seattle": no home
            homes = {(c.object or "").lower() for c in said if c.slot == "location"}
            found = [
                c
                for c in said
                if not (c.kind == PREF and names_left((c.object or "").lower(), left | homes))
                and not (c.slot == "location" and (c.object or "").lower() in left)
                # "I left my job teaching maths": no job now
                and not (c.slot == "job" and any(j[2] for j in left_behind(c.text)))
                # a stance on no thing at all: "i need more", "the appeal" read as "the"
                and not (c.kind in (PREF, GOAL) and c.object is not None and not term_set(c.object))
                # what is said to the listener names no thing: "that's what I like to hear",
                # "always good to hear", "I'd love to help in any way I can"
                and not (c.kind == PREF and _TO_THE_LISTENER.fullmatch(c.object or ""))
            ]
            answered = None if found else topic_answer(sentence, alone)
            if answered:  # "Cryptic. Always.": a bare name, then a yes or no to it
                found = self._stance(f"{alone}. {sentence}", *answered, event)
            bare = TOPIC.match(sentence) or SAID_OF.match(sentence)  # "the fado was beautiful"
            topic = bare.group(1) if bare and len(bare.group(1).split()) <= 3 else None
            named = _NAMED_ALONE.match(sentence)
            alone = named.group(1) if named else None
            for candidate in found:
                candidate.correction = correction
                if (
                    for_the_body(sentence)
                    and candidate.kind == PREF
                    and (candidate.polarity or 0) < 0
                ):
                    candidate.kind = CONSTRAINT  # "no nuts pls, that's my allergy"
            out.extend(found)
        for candidate in out:
            if candidate.kind == FACT and candidate.slot is None and theirs(candidate.text):
                candidate.metadata["about"] = "other"  # "a present for gerry, he's golf mad"
        if not any(c.slot == "employer" for c in out):
            out += self._employer_beside_job(out, event)
        if not any(c.slot == "employer" for c in out) and (at := workplace_named(text)):
            out.append(self._candidate(FACT, at[0], None, at[1], "employer", 0.6, event))
        for candidate in out:  # "visiting friends in Salzburg this weekend": over after it
            if candidate.slot is None and "moving_to" not in candidate.metadata:
                over = over_by(candidate.text, event.ts)
                if over is None and candidate.metadata.get("extractor") == "disclosure":
                    over = of_the_moment(candidate.text, event.ts)  # "I feel like garbage"
                if over is not None:
                    candidate.metadata["until"] = over.isoformat()
        fixed = corrected_place(text)  # "daegu not seoul", "no no, curitiba! not são paulo"
        if fixed and not any(c.slot == "location" and c.object == fixed for c in out):
            said = part_naming(text, fixed)
            out.append(self._candidate(FACT, said, None, fixed, "location", 0.8, event))
        if not any(c.slot == "location" and c.object and not c.metadata.get("left") for c in out):
            # (beside "we're in!!", which names none; not the town of "we're here in Rome")
            here = " ".join(c.text for c in out if c.metadata.get("arrives")).lower()
            out += [c for c in self._implied_home(text, event) if str(c.object).lower() not in here]
        return vetted(out, text)

    def _pointed(
        self, sentence: str, said: list[Candidate], thing: str | None, event: Event
    ) -> list[Candidate]:
        """A verdict on "it" that read as no stance, read again as one on the thing named just
        before (:mod:`.pointers`): first in the sentence ("Fado, i find it depressing"), else in
        the sentence before ("My husband is obsessed with golf. It bores me to tears")."""
        if any(c.kind == PREF for c in said):
            return []
        before = named_before(sentence)
        readings = [
            put_first(sentence),  # "Fado, i find it depressing"
            (before, sentence) if before else None,  # "she loves hiking, i hate it"
            (thing, sentence) if thing else None,  # the sentence before named it
        ]
        for named, rest in filter(None, readings):
            again = pointed(rest, named)
            if again is None:
                continue
            stances = [
                c
                for c in self._sentence(again, event, None)
                if c.kind == PREF and named.lower() in (c.object or "").lower()
            ]
            if stances:
                return stances
        return []

    def _employer_beside_job(self, found: list[Candidate], event: Event) -> list[Candidate]:
        """The organisation named in a job's own words: "nurse on a cardiac ward at St Mungo's",
        "junior frontend dev at a fintech startup called Lumen"."""
        for job in (
            c
            for c in found
            if c.slot == "job"
            and not c.metadata.get("past")
            and not re.match(r"(?:was|were|used\s+to)\b", c.object or "", re.I)  # "was cabin crew"
        ):
            # the words from the job on: "opening my own bakery in Ghent ..., it's called Korst"
            at = job.text.find(job.object) if job.object else -1
            said = job.text[at:] if at >= 0 else job.object or ""
            named = _ORG_BESIDE.search(said)
            org = (named.group("org") or named.group("org2")) if named else lowercase_org(said)
            if org and not _A_TIME.fullmatch(org):  # ("retired at Easter": when, not where)
                return [self._candidate(FACT, job.text, None, org, "employer", 0.7, event)]
        return []

    def _closed_or_left(self, sentence: str, event: Event, achieved: bool) -> list[Candidate]:
        """A goal named as reached or dropped ("forget the 5k"), a limit named healed ("shins
        are fine now") and what the user has left ("my last day at Nokia"): candidates that
        consolidation reads by their metadata."""
        out = []
        closed = None if achieved else closes(sentence)
        if closed:
            what, reached = closed
            found = self._candidate(FACT, sentence, None, what, None, 0.7, event)
            found.metadata |= {"closes": what, "reached": reached}
            out.append(found)
        healed = HEALED.search(sentence) if not QUESTION.search(sentence) else None
        if healed:  # "shins are fine now": the limit they named is history
            what = next(v for v in healed.groupdict().values() if v)
            found = self._candidate(FACT, sentence, None, what, None, 0.7, event)
            found.metadata |= {"closes": what, "reached": False, "closes_kind": "constraint"}
            out.append(found)
        for slot, value, every_job in left_behind(sentence):
            found = self._candidate(FACT, sentence, None, value, slot, 0.6, event)
            found.metadata |= {"past": True, "left": True}
            if every_job:  # "I quit the restaurant": whatever the job there was called
                found.metadata["left_work"] = True
            out.append(found)
        return out

    def _implied_home(self, text: str, event: Event) -> list[Candidate]:
        """The first town the turn names as the setting of daily life, as a weak, implicit home
        (see :func:`.places.implied_places`; consolidation lets anything stated win)."""
        out = []
        for sentence, place in [here] if (here := lived_here(text)) else implied_places(text)[:1]:
            at = -1 if here else sentence.lower().find(place.lower())
            moved = bool(here) or (at >= 0 and bool(_TRANSFERRED.search(sentence[:at])))
            # "me and Linda are in Boise now": where they are now, said as plainly as a move
            moved = moved or bool(
                re.search(
                    rf"\b(?:we|me\s+and\s+\w+|\w+\s+and\s+(?:i|me))\s+(?:are|'re)\s+(?:now\s+)?in\s+"
                    rf"{re.escape(place)}\s+now\b",
                    sentence,
                    re.IGNORECASE,
                )
            )
            out.append(
                Candidate(
                    kind=FACT,
                    text=part_naming(sentence, place),
                    object=place,
                    slot="location",
                    confidence=0.7 if moved else 0.45,
                    origin=Origin.EXPLICIT if moved else Origin.IMPLICIT,
                    evidence=[event.id],
                    metadata={"extractor": self.name} | ({} if moved else {"implied": True}),
                )
            )
        return out

    def _situated(self, sentence: str, named: list[Candidate], event: Event) -> list[Candidate]:
        """Where the sentence shows the user to be (:func:`.places.situated_places`), unless it
        names a known town as home already (where they come from is no such town)."""
        homes = {c.object for c in named if c.slot == "location" and not ORIGIN.search(c.text)}
        out = []
        for place, work in [] if any(towns(h or "") for h in homes) else situated_places(sentence):
            if place not in homes:
                said = part_naming(sentence, place)
                out.append(self._candidate(FACT, said, None, place, "location", 0.6, event))
                if work:
                    out[-1].metadata["workplace"] = True
        return out

    def _sentence(self, sentence: str, event: Event, topic: str | None) -> list[Candidate]:
        sentence = _FILLER.sub("", sentence)  # "theme parks are really not my scene"
        plain = sentence  # has no shape (else it returned below): its clause need not try again
        named = [
            self._candidate(
                CONSTRAINT if p else FACT,
                part_naming(sentence, obj),
                p or None,
                obj,
                slot,
                0.9,
                event,
            )
            for p, obj, slot in named_constraints(sentence)
        ]
        shaped = pre_object(sentence) or topic_answer(sentence, topic)
        if shaped is not None:
            whole = self._stance(sentence, *shaped, event)  # (a diet named is the diet)
            diets = {(c.object or "").lower() for c in named if c.slot == "diet"}
            whole = [c for c in whole if (c.object or "").lower() not in diets]
            said = {(c.object or "").lower() for c in whole}
            # a later clause may say more: "thursday murder club sounds right up my street, i
            # love a cosy mystery" (its stances only; the shape read the sentence as one); so
            # may a limit named beside the shape ("i have chronic pain, so short walks only")
            later = split_clauses(with_subject(sentence))[1:]
            return (
                whole
                + [c for c in named if c.polarity and (c.object or "").lower() not in said]
                + self._situated(sentence, named, event)  # "..., 8 hours ahead of me here in X"
                + [
                    c
                    for clause in later
                    for c in self._sentence(clause, event, None)
                    if (c.polarity or c.slot or "household" in c.metadata)
                    and (c.object or "").lower() != shaped[1].lower()
                ]
            )
        named += [
            self._candidate(
                kind,
                part_naming(sentence, obj),
                1.0 if kind in (PREF, MemoryKind.GOAL) else None,
                obj,
                slot,
                0.7,
                event,
            )
            for kind, obj, slot in [*fragment_facts(sentence), *passing_facts(sentence)]
        ]
        named = [  # "dental hygienist, not dentist": the fragment after "not" is no job
            c for c in named if not (c.slot and c.object and _DENIED.match(c.object))
        ]
        said = {(c.object, c.slot) for c in named}
        for kind, obj, slot in household(sentence):  # about something else: who it names
            if (obj, slot) not in said:
                named.append(
                    self._candidate(kind, obj[:1].upper() + obj[1:], None, obj, slot, 0.7, event)
                )
                named[-1].metadata["household"] = True
        named += self._situated(sentence, named, event)
        sentence = with_subject(sentence)
        pointer = re.search(r"\b(?:it|them|that)\b", sentence, re.I) if topic else None
        # "Coffee? Can't live without it." (but in "I made chiles rellenos, that's more my
        # thing" the pointer names what its own sentence said first)
        if (
            topic
            and pointer
            and not re.search(r"[,;:]|\b(?:but|and|so)\b", sentence[: pointer.start()])
        ):
            sentence = sentence[: pointer.start()] + topic + sentence[pointer.end() :]
        found: list[Candidate] = []
        previous = None
        silent: list[str] = []
        for clause in split_clauses(sentence):
            clause = with_subject(clause)
            before = len(found)
            if previous and PRONOUN.search(clause):  # "... hates cilantro but I love it"
                thing = antecedent(previous)
                if thing:
                    clause = PRONOUN.sub(" " + thing, clause, count=1)
            previous = clause
            shaped = None if clause == plain else pre_object(clause)
            asked_if = sentence.endswith("?") and re.match(r"\W*if\b", sentence, re.I)
            if HYPOTHETICAL.search(clause) or re.match(r"\W*if\b", clause, re.I) or asked_if:
                continue  # "if I ever moved to Japan I'd live in Osaka"
            if shaped is not None:
                found += self._stance(clause, *shaped, event)
            else:
                found += self._clause(clause, event)
                seen = {(c.object or "").lower() for c in found[before:]}
                negated = any(c.polarity and c.polarity < 0 for c in found[before:])
                for part, (polarity, obj, confidence) in part_stances(clause, negated):
                    for c in found[before:]:  # "thrillers, historical fiction is more my thing"
                        if c.object and "," in c.object and obj.lower() in c.object.lower():
                            c.object = c.object.split(",")[0].strip()
                    if obj.lower() not in seen:
                        found += self._stance(part, polarity, obj, confidence, event)
            if len(found) == before:
                silent.append(clause)
        if any(c.slot == "diet" for c in named):
            found = [  # "i quit keto": a change of diet (named), not a distaste for keto
                c
                for c in found
                if not (c.polarity and c.polarity < 0 and _A_DIET.match(c.object or ""))
            ]
        if named:  # a named constraint is more precise than a cue's object for the same thing
            names = [c.object.lower() for c in named if c.object]
            found = [
                c
                for c in found
                if not (c.kind == CONSTRAINT or c.slot == "diet")
                or not any(n in c.text.lower() and overlap(n, c.object) > 0 for n in names)
            ]
        said_twice = {_same(c) for c in named}  # a name and a cue may read the same fact
        found = [c for c in found if _same(c) not in said_twice]
        if self.disclosures:  # what no cue caught may still say something about the user
            said = {c.text.lower() for c in named}
            for clause in silent:
                if not any(t in clause.lower() or clause.lower() in t for t in said):
                    found += disclosure_candidates(clause, event.id)
        return town_over_district(named + found, sentence)

    def _stance(
        self, text: str, polarity: float, obj: str, confidence: float, event: Event
    ) -> list[Candidate]:
        """A preference from a shape without a verb cue; "tea over coffee, always" is two."""
        contrast = CONTRAST.match(obj) if polarity > 0 else None
        if contrast:
            liked, disliked = (clean_object(g) for g in contrast.groups())
            return [
                self._candidate(PREF, text, polarity, liked, None, confidence, event),
                self._candidate(PREF, text, -polarity, disliked, None, confidence * 0.8, event),
            ]
        # "no dairy or eggs": every one of the things refused is a food rule
        rule = all(_ALLERGEN.fullmatch(x) for x in re.split(r"\s*,\s*|\s+(?:or|and|&)\s+", obj))
        kind = CONSTRAINT if polarity < 0 and rule else PREF
        return [self._candidate(kind, text, polarity, obj, None, confidence, event)]

    def _candidate(
        self,
        kind: MemoryKind,
        text: str,
        polarity: float | None,
        obj: str | None,
        slot: str | None,
        confidence: float,
        event: Event,
    ) -> Candidate:
        if obj is not None and _A_SEAT.fullmatch(obj.strip()):
            obj = f"{obj.strip()} seat"  # "Aisle, always": the seat, not the aisle
        return Candidate(
            kind=kind,
            text=text.strip().rstrip(".!"),
            polarity=polarity,
            object=obj,
            slot=slot,
            confidence=confidence,
            origin=Origin.EXPLICIT,
            evidence=[event.id],
            metadata={"extractor": self.name},
        )

    def _clause(self, clause: str, event: Event) -> list[Candidate]:
        parsed = parse_clause(clause)
        if parsed is None:
            return []
        cue, _, obj = parsed
        if cue.kind in (PREF, MemoryKind.GOAL) and ADDRESSEE.search(re.split(r"[,;?]", obj)[0]):
            return []  # "I'd love to see another painting of yours": about the other speaker
        readings = read_cue(cue, obj)
        if cue.kind == PREF and _NOT_WANTING.search(clause):
            # "I don't want to give up my climbing gym": a liking of it
            readings = [
                (-p, kept.group("what"), c) if p is not None and p < 0 and kept else (p, o, c)
                for p, o, c in readings
                for kept in [_GIVE_UP.match(o)]
            ]
        if cue.kind == PREF and len(readings) == 1 and (readings[0][0] or 0) > 0:
            # "i like true crime but not gory stuff", "I like the slow creepy ones, not gore":
            # a liking, and a dislike of what it is set against
            at = clause.find(obj)
            against = _NOT_THIS.match(clause[at:]) if at >= 0 else None
            if (
                against
                and len(clean_object(against.group("x"))) >= 2
                and not negates_a_verb(against.group("x").split()[-1])
                and not POINTER.fullmatch(clean_object(against.group("x")))
                # "proper gluten free, not 'gluten free but cooked in the same fryer'"
                and not term_set(against.group("y")) <= term_set(against.group("x"))
            ):
                polarity, _, confidence = readings[0]
                obj = clean_object(against.group("x"))
                readings = [
                    (polarity, obj, confidence),
                    (-polarity, clean_object(against.group("y")), confidence * 0.8),
                ]
        moving = _MOVING.search(clause) if cue.kind == MemoryKind.GOAL else None
        if USED_TO.search(clause):
            if cue.kind != MemoryKind.PREFERENCE or not cue.polarity or cue.polarity < 0:
                return []  # "I used to hate olives": the clause after it says what holds now
            # "I used to love running": no longer a liking, and it retires the old one
            readings = [(-1.0, o, c * 0.75) for _, o, c in readings]
        slot = cue_slot(clause, cue.kind, obj)
        if holds_nothing(clause, slot, obj):
            return []  # "I'm teaching a group of 8 year olds tomorrow", "I'm in Paris for work"
        spoken = obj  # "history at a gimnazija in Maribor": where, before the job is named
        subject = SUBJECT_TAUGHT.search(clause) if slot == "job" else None
        taught = taught_role(subject, obj) if subject else None
        if taught and taught[0] == GOAL:  # "since october I study japanese": no trade
            return [self._candidate(GOAL, clause, 1.0, taught[1], None, 0.7, event)]
        if taught:
            obj = taught[1]
            readings = [(p, obj, c) for p, _, c in readings]
        if slot == "job" and re.match(
            r"(?:doesn't|does|don't|isn't|is|was|wasn't|won't|will|has|had|starts?|ends?|pays?|"
            r"sucks|needs?|means?|gets?|got|keeps?)\b",
            obj.strip(),
            re.I,
        ):
            slot = None  # "my job doesn't change at least": said of the job, not what it is
        if slot == "job" and re.match(r"(?:at|for|with)\s", obj.strip(), re.I):
            return []  # "back at my job at the bank": where (named.py's employer), not a role
        out = []
        extra: list[Candidate] = []  # the job, employer or workplace named beside the slot
        if slot == "employer":  # "started at Brightwell last month as a product designer"
            obj = re.sub(r"\s+(?:job|offer|role)\b.*$", "", obj, flags=re.I)  # "the Otago job"
            readings = [(p, obj, c) for p, _, c in readings]
            role = re.search(r"\bas\s+(?:an?\s+)?(?:in-house\s+)?(?P<role>[\w -]+)", obj, re.I)
            if role and slot_object(role.group("role")):
                job = slot_object(role.group("role"))
                extra.append(self._candidate(FACT, clause, None, job, "job", 0.8, event))
                obj = obj[: role.start()]
                readings = [(p, obj, c) for p, _, c in readings]
        if slot == "job" and (served := served_as(obj)):  # "the port of Hamburg as planner"
            obj, town = served
            readings = [(p, obj, c) for p, _, c in readings]
            if town:
                extra.append(self._candidate(FACT, clause, None, town, "location", 0.6, event))
                extra[-1].metadata["workplace"] = True
        based = re.search(r"\s+(?:based|living|working)\s+(?:in|out\s+of)\s+", obj, re.I)
        if slot == "location" and based and OCCUPATION.search(head_noun(obj[: based.start()])):
            # "I am a hydrographic surveyor based in Aberdeen": a job, then where
            job = obj[: based.start()]
            extra.append(self._candidate(FACT, clause, None, job, "job", 0.8, event))
            obj = obj[based.end() :]
            readings = [(p, obj, c) for p, _, c in readings]
        moved_to = re.match(
            r"(?:(?:a|an|the)\s+)?(?P<role>[\w-]+(?:\s+[\w-]+){0,2}?)(?=\s+(?:on|in|at|for|with)\b|\s*$)",
            obj,
        )
        if (
            slot == "location"
            and moved_to
            and OCCUPATION.search(head_noun(moved_to["role"]))
            and not towns(moved_to["role"])
        ):
            # "i moved over to product manager on the same team": a new role, not a town
            slot, obj = "job", moved_to["role"]
            readings = [(p, obj, c) for p, _, c in readings]
        if slot == "job":  # "got the dispatcher job at the depot": the role, not "job"
            role = re.sub(
                r"^(.+?)\s+(?:job|gig|position|role|post)\b(?:\s+at\s+[^,]*?)?(?=\s+in\s+|$)",
                r"\1",
                obj,
                flags=re.I,
            )
            if role != obj and NOT_A_ROLE.fullmatch(role.strip()):
                return []  # "got a new job at Google": which job is not said here
            if role != obj:
                obj = role
                readings = [(p, obj, c) for p, _, c in readings]
                if obj[:1].isupper() and not OCCUPATION.search(head_noun(obj)):
                    slot = "employer"  # "got the Safaricom job": a name, not a role
        if slot == "age":  # "I'm 52, postie in bristol for 20 odd years": the age is the number
            years = re.match(r"\d{1,3}", obj.strip())
            if years:
                obj = years.group()
                readings = [(p, obj, c) for p, _, c in readings]
        at = re.search(rf"\s+at\s+(?P<org>{ORG_NAME})", obj)
        # before the employer is cut off: "audit senior at Deloitte in Warsaw"
        named_obj = spoken if subject else obj
        if slot == "job" and at and not extra:  # "QC lab tech at Hillside Brewing"
            org = at.group("org")
            extra.append(self._candidate(FACT, clause, None, org, "employer", 0.8, event))
            town = towns(org)
            if town:  # "a PhD student at TU Dresden": where the work is
                out.append(self._candidate(FACT, clause, None, town[0][2], "location", 0.6, event))
                out[-1].metadata["workplace"] = True
            obj = obj[: at.start()]
            readings = [(p, obj, c) for p, _, c in readings]
        place = workplace(named_obj) if slot in ("job", "employer") else None
        status = _JOB_STATUS.search(clause) if slot == "job" else None
        said_with = _JOB_STATUS.match(obj.strip()) if status else None
        if said_with and OCCUPATION.search(head_noun(slot_object(obj.strip()[said_with.end() :]))):
            status = None  # "a freelance copywriter": the role, said with how it is done
        if status:  # "went freelance instead": the cue names the job
            obj = status.group().lower()
            readings = [(p, obj, c) for p, _, c in readings]
        if place and not any(c.slot == "location" for c in [*out, *extra]):
            # "I'm a 3rd grade teacher in Columbus", "audit senior at Deloitte in Warsaw": where
            # they work is where they live
            extra.append(self._candidate(FACT, clause, None, place, "location", 0.7, event))
            extra[-1].metadata["workplace"] = True
            if " in " in obj and not status:
                obj = obj[: obj.rfind(" in ")]
                readings = [(p, obj, c) for p, _, c in readings]
        # "when I was 10 I loved Lego", "back in uni I lived in Glasgow" (but being "an auditor in
        # ipoh sounded stable when I was 22": the time is the job's, not Ipoh's)
        was = past(clause) and (not slot or bool(_PAST_VERB.search(clause)))
        texts: dict[str, str] = {}
        if cue.kind == MemoryKind.GOAL and not moving and len(readings) == 1:
            polarity, target, confidence = readings[0]
            target = re.sub(r"^\([^)]{0,30}\)\s*:?\s*", "", target)  # "list (don't judge): ..."
            parts = conjuncts(target)  # "goals: pay off the card, and learn to ski": two goals
            if len(parts) > 1:
                head = clause[: clause.find(target)] if target in clause else ""
                readings = [(polarity, part, confidence) for part in parts]
                texts = {part: f"{head}{part}".strip() for part in parts}
        for polarity, target, confidence in readings:
            if re.match(r"['\u2019]s\b", target):
                continue  # "..., my sister's knees": hers, not a fact about the user
            if cue.kind == MemoryKind.PREFERENCE and (polarity or 0) > 0:
                negated = re.match(r"(?:not|less)\s+(?:the\s+|any\s+)?(?=\w)", target, re.I)
                if negated:  # "(I'm into spicy food,) like not ghost pepper challenge stuff"
                    target, polarity = target[negated.end() :], -1.0
            if slot == "location":
                target = past_the_dwelling(target)  # "we live in a condo in Raleigh"
            if slot in ("location", "job", "employer"):
                if _DENIED.match(target) or not re.search(r"[^\W\d_]{2}", target):
                    continue  # "..., not a dentist": what the user is not; "in 2010": when
                target = _DENIAL.sub("", target)  # "in Cobh not Cork": the value is Cobh
                if slot == "location" and re.match(
                    r"(?:my|our|his|her|their|your)\b", target, re.I
                ):
                    continue  # "moved last year for my wife's job": why, not where
                if slot == "location" and AROUND.match(target):
                    near = towns(target)  # "out in the countryside near Shrewsbury": the town
                    if not near:
                        continue  # "we live in the countryside": no place named
                    target = near[0][2]
                target = slot_object(target) or target
            if slot == "job":  # "now a product designer at a startup": the role, not where
                target = re.sub(
                    r"^(?:(?:now|currently|officially|also|still)\s+)+(?:(?:a|an)\s+)?",
                    "",
                    target,
                    flags=re.I,
                )
                if OCCUPATION.search(head_noun(target)):
                    target = head_noun(target)
            if slot == "location":
                if not re.match(r"[^\W\d_]", target) or _NO_PLACE_START.match(target):
                    continue  # ("'s job" of "moved for my wife's job", "and our three kids")
                target = the_town(target, clause)  # "Tucson's east side", "Karen, Nairobi"
                target = titled(target)  # "live in valencia": a name typed in lower case
            if cue.kind == MemoryKind.FACT and NO_LONGER.search(clause):
                polarity = -1.0  # "I'm no longer a cellist"
            found = self._candidate(
                cue.kind, texts.get(target, clause), polarity, target, slot, confidence, event
            )
            if moving and slot_object(target):  # "moving to valencia in july": not there yet
                place = slot_object(past_the_dwelling(target))  # "to a bungalow in Exmouth"
                found.metadata["moving_to"] = titled(place)
                due = move_date(clause, event.ts)
                if due is not None:
                    found.metadata["moving_on"] = due.isoformat()
            if was:
                found.metadata["past"] = True
            if slot and polarity == -1.0 and cue.kind == MemoryKind.FACT:
                found.metadata |= {"left": True, "past": True}  # "not in leeds anymore"
            if cue.kind == MemoryKind.FACT and ABOUT_OTHERS.match(clause):
                if THEIR_VIEW.match(clause):
                    continue  # "my partner thinks it's a waste of money": their view, not a fact
                found.metadata["about"] = "other"  # "my husband is all about seafood shacks"
            out.append(found)
        return [*out, *extra]


_A_TIME = re.compile(
    r"(?:Easter|Christmas|Xmas|New\s+Year|Ramadan|Eid|Diwali|Thanksgiving|Hanukkah|Passover|"
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Midsummer|Halloween)",
)


# what the user will not give up is what they like: "don't want to give up my climbing gym"
_GIVE_UP = re.compile(
    r"(?:to\s+)?(?:give\s+up|giving\s+up|part\s+with|stop|quit|miss\s+out\s+on)\s+"
    r"(?:my\s+|our\s+|the\s+)?(?P<what>[\w' -]{2,40})$",
    re.IGNORECASE,
)
_NOT_WANTING = re.compile(
    r"\b(?:don't|dont|do\s+not|never|wouldn't|won't|really\s+don't)\s+(?:want|wanna)\b", re.I
)


_ORG_BESIDE = re.compile(
    rf"\s+(?:at|with)\s+(?:the\s+)?(?P<org>{ORG_NAME})|\bcalled\s+(?P<org2>{ORG_NAME})",
    re.IGNORECASE,
)


def _same(c: Candidate) -> tuple[object, ...]:
    """What makes two candidates the same reading, whichever rule found them."""
    return (c.kind, c.slot, (c.object or "").lower(), repr(sorted(c.metadata.items())))


# refusing one of these ("lactose is a no for me now", "no nuts pls") is a dietary limit
_ALLERGEN = re.compile(
    r"(?:lactose|gluten|dairy|nuts?|peanuts?|tree\s+nuts|shellfish|sesame|eggs?|soy|soya|wheat|"
    r"caffeine|alcohol|pork|beef|(?:red\s+)?meat|garlic|onions?|msg|sulphites|sulfites)",
    re.IGNORECASE,
)
_MOVING = re.compile(
    r"\b(?:moving|relocating|downsizing)\s+(?:from\s+(?:\S+\s+){1,3}?|\w+\s+)?(?:in)?to\b", re.I
)
_JOB_STATUS = re.compile(
    r"\b(?:freelanc\w*|self[- ]employed|retired|retirement|unemployed|laid off|made redundant|"
    r"resigned|between jobs|"
    r"on parental leave)\b",
    re.IGNORECASE,
)


# words people put anywhere in a sentence that change neither what it is about nor its stance:
# read without them, "I'm just not much of a metal person" is "I'm not much of a metal person"
_FILLER = re.compile(
    r"\b(?:just|honestly|basically|literally|actually|genuinely|simply|truly|seriously|"
    r"legit|lowkey|low-key|tbh|ngl)\s+(?=\w)",
    re.IGNORECASE,
)
# a liking set against what it is not: "true crime but not gory stuff", "slow moody stuff, not
# bach counterpoint" (not "not sure", "not really", "not too often")
_NOT_THIS = re.compile(
    r"(?P<x>[^,.;!?]+?)(?:,\s*|\s+)(?:but\s+|and\s+)?not\s+(?!(?:sure|really|that|much|always|any\s?more|"
    r"a\s+lot|as\s+much|now|yet|today|tonight|often|too\s+often|every|all|quite|so\s+sure|bad|"
    r"great|good|the\s+point|me|you|him|her|them|it|this|for\s+me|my\s+thing|like|made\s+of)\b)"
    r"(?:the\s+|so\s+much\s+|too\s+|overly\s+)?(?P<y>[^,.;!?]{2,40}?)"
    r"(?=\s*(?:[,.;!?]|$)|\s+(?:though|tho|thing|stuff|pls|please|lol|haha|so|and|but|because|cos|"
    r"as|since|if|when)\b)",
    re.IGNORECASE,
)
# a value said together with the one it is not: "Cobh not Cork", "a hygienist, not a dentist"
_DENIAL = re.compile(r",?\s+(?:not|rather\s+than|instead\s+of)\s+\S.*$", re.IGNORECASE)
_DENIED = re.compile(r"\W*(?:(?:not|rather\s+than|instead\s+of)\b|non-)", re.IGNORECASE)


# someone else's taste or wish, anywhere in the sentence: "need a gift for my colleague, shes
# into gardening", "my cofounder wanted korean bbq", "friend keeps begging me to play valorant"
_TO_THE_LISTENER = re.compile(
    r"\W*(?:(?:so\s+|really\s+)?(?:good|great|nice|glad|happy)\s+)?(?:to\s+)?(?:(?:hear|know|see)"
    r"(?:\s+(?:that|this|it|more|from\s+you|about\s+(?:it|that|this)|a\s+bit\s+more|more\s+about\s+"
    r"(?:it|that|this|them)))*|help(?:\s+(?:out|you))?\s+(?:in\s+)?any\s+way(?:\s+i\s+can)?)\W*",
    re.IGNORECASE,
)
_NO_PLACE_START = re.compile(r"(?:and|or|but|our|my|his|her|their|your)\b", re.IGNORECASE)
_A_SEAT = re.compile(r"aisle|window|middle", re.IGNORECASE)
# a transfer to another office is a move: "I transferred back to the busan office last month"
_TRANSFERRED = re.compile(  # (or "we're settled-ish in Christchurch": the move is done)
    r"\btransferr?(?:ed|ing)\s+(?:back\s+|over\s+)?to\s+(?:the\s+|our\s+|my\s+)?$|"
    r"\b(?:we're|we\s+are|i'm|im|i\s+am|all|now|finally)\s+(?:all\s+|finally\s+|properly\s+)?"
    r"settled(?:-ish)?\s+in(?:to)?\s+$",
    re.IGNORECASE,
)
# the thing a clause is about, when it opens the clause: "the trams are so punctual here"
_NAMED_ALONE = re.compile(r"^\W*([^\W\d_][\w'-]*(?:\s+[\w'-]+){0,2}?)\s*[.!]?\s*$")
_PAST_VERB = re.compile(r"\b(?:lived|worked|was\s+based|studied|spent)\b", re.IGNORECASE)
_A_DIET = re.compile(  # a diet by name, alone ("keto", "the keto"), not "keto bread recipes"
    rf"(?:the\s+)?{DIETS}\b(?!\s+\w+\s+\w)", re.IGNORECASE
)
