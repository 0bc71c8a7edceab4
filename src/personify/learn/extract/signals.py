"""Implicit signals: what the user's choices reveal when they never state a preference.

When the assistant offers options (a numbered or bulleted list) and the user's next turn picks
one - by quoting it, by ordinal ("the second one") or by "X sounds good" - the chosen option is
weak positive evidence and the passed-over ones weaker negative evidence ("the other options
don't work for me" makes the rejection stronger). Options the user weighed in their own
question ("apple strudel or linzer torte?") are picked from the same way when the assistant's
reply lists none, and a thing the assistant named, taken up by name ("panang sounds right"), is
the same weak evidence. Topics the user keeps returning to across sessions are handled by
:class:`personify.learn.Learner`, which can search the history.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from personify.learn.extract import Candidate
from personify.learn.extract.clauses import RELATIVES
from personify.lexical import overlap, term_set
from personify.models import Event, MemoryKind, Origin

_NUMBERED = re.compile(r"(?:^|\s)\(?(\d{1,2})[.)]\s+(.+?)(?=\s+\(?\d{1,2}[.)]\s+|\s*$)", re.DOTALL)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_ALTERNATIVE = re.compile(r",\s+(?:or|and)\s+\S", re.IGNORECASE)
_LEAD_IN = re.compile(
    r"^.*?\b(?:(?:you|we)\s+(?:could|can|might|may)(?:\s+(?:also|either|try\s+to))?|"
    r"options?\s+(?:include|are|is)|such\s+as|like|including|either)\b\s*:?\s*|^.*?:\s*",
    re.IGNORECASE,
)
_ASIDE = re.compile(r"\s*\([^()]*\)")
_ITEM_SPLIT = re.compile(r",\s+(?:or\s+|and\s+)?", re.IGNORECASE)
_INLINE_NUMBER = re.compile(r"\s*\(\d{1,2}\)")
_ITEM_LEAD = re.compile(r"^[\s,;]*(?:(?:or|and)\s+)?(?:maybe\s+|perhaps\s+)?", re.IGNORECASE)
_BULLET = re.compile(r"^\s*[-*\u2022]\s+(.+?)\s*$", re.MULTILINE)
_ORDINALS = {
    "first": 0,
    "1st": 0,
    "second": 1,
    "2nd": 1,
    "third": 2,
    "3rd": 2,
    "fourth": 3,
    "4th": 3,
    "fifth": 4,
    "5th": 4,
}
_ORDINAL = re.compile(
    r"\b(?:the\s+)?(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)\s+(?:one|option)\b"
    r"|\b(?:option|number|#)\s*(\d)\b",
    re.IGNORECASE,
)
_CHOICE_CUE = re.compile(
    r"\b(?:go with|going with|sounds? (?:good|great|perfect|best|nice|fun|lovely|ideal|amazing)|"
    r"i'll take|i'll have|"
    r"let's (?:do|go with|try)|i (?:choose|pick|want|prefer|like)|works? (?:for me|best)|"
    r"i'll try|looks? (?:good|great|best)|it is|it'll be|i'll stick (?:with|to)|i'll go for|"
    r"appeals?(?: to me)?|is more my (?:thing|speed|style)|"
    r"(?:i'm|im) going for)\b",
    re.IGNORECASE,
)
_FOR_SOMEONE_ELSE = re.compile(
    rf"\b(?:gift|present|presents|gifts|stocking\s+filler)\b|\bfor\s+(?:my|our)\s+(?:{RELATIVES})\b(?!')|"
    r"\bfor\s+(?:him|her|them)\b|\b(?:get|buy|give|got|bought)\s+(?:him|her|them)\b",
    re.IGNORECASE,
)
_REJECT_OTHERS = re.compile(
    r"\b(?:other(?:s| options| ones)?|rest)\b.{0,40}\b(?:don't|do not|doesn't|won't|aren't|"
    r"not)\b",
    re.IGNORECASE,
)


def offered_options(text: str) -> list[str]:
    """Options listed in an assistant turn, or [] when it offers no list (or lists steps)."""
    bullets = [_clean_option(b) for b in _BULLET.findall(text)]
    if len(bullets) >= 2:
        return [] if _steps(bullets) else bullets
    numbered = _NUMBERED.findall(text)
    numbers = [int(n) for n, _ in numbered]
    if len(numbered) >= 2 and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
        listed = [_clean_option(opt) for _, opt in numbered]
        return [] if _steps(listed) else listed
    return _prose_options(text)


# a list of things to do in turn is no menu: "1. Mash 3 bananas 2. Stir in the oats", "- Hold
# upright 10-15 min" (not "Try the Thai place", which offers a place)
_STEP = re.compile(
    r"^\W*(?:add|mix|stir|put|place|hold|stand|mash|bake|cook|heat|preheat|pour|cut|chop|slice|"
    r"serve|use|keep|make|take|check|ask|call|start|leave|set|turn|remove|let|wait|practi[sc]e|"
    r"avoid|stretch|foam|swap|write|send|bring|pack|fill|register|apply|contact|open|close|wash|"
    r"rinse|dry|store|repeat|rest|warm|cool|fold|roll|spread|season|whisk|boil|simmer|fry|grill|"
    r"roast|lift|lower|breathe|sit|lie|raise|drink|eat|note|mention|include|list|say|"
    r"explain|thank|sign|attach|save|print|log|click|go\s+to|make\s+sure|don't|do\s+not|never|"
    r"always|for\s+(?:the|your)|if\s+you|when\s+you)\b",
    re.IGNORECASE,
)


def _steps(listed: Sequence[str]) -> bool:
    """Whether most of a list's items are instructions or whole sentences, not choices."""
    steps = sum(1 for o in listed if _STEP.match(o) or len(o.split()) > 12)
    return 2 * steps > len(listed)


# where a user's own question starts weighing things: "which is better, X or Y", "X or Y?"
_WEIGH_LEAD = re.compile(
    r"^.*\b(?:between|get|buy|choose|pick|take|try|do|book|watch|read|go\s+(?:for|with)|"
    r"better|options?|which|thinking)\s*:?\s+",
    re.IGNORECASE,
)
_OR = re.compile(r"\s+or\s+", re.IGNORECASE)
_ASKS = re.compile(r"\?\s*$|\b(?:which|options?)\b|\bor\s+\w+\s*$", re.IGNORECASE)


def weighed_options(text: str) -> list[str]:
    """The alternatives a user's own question weighs ("apple strudel or linzer torte?",
    "options: Crete, Sardinia or the Azores"), or []; the user's answer after the assistant's
    reply picks among them as it would from the assistant's list."""
    for sentence in reversed(re.split(r"(?<=[.!?])\s+", text)):
        pieces = [p.strip(" .!?") for p in re.split(r"\s*[,:;]\s*", sentence)]
        at = next((i for i in range(len(pieces) - 1, -1, -1) if _OR.search(pieces[i])), None)
        if at is None or not _ASKS.search(sentence):
            continue
        alternatives = _OR.split(_WEIGH_LEAD.sub("", pieces[at]))
        widest = max(len(a.split()) for a in alternatives)
        before = []
        for piece in reversed(pieces[:at]):  # "Crete, Sardinia or the Azores"
            if not piece or len(piece.split()) > widest or _WEIGH_LEAD.match(piece + " "):
                break
            before.insert(0, piece)
        options = [o.strip() for o in [*before, *alternatives] if o.strip()]
        if 2 <= len(options) <= 6 and all(len(o.split()) <= 6 for o in options):
            return options
        return []
    return []


def _clean_option(option: str) -> str:
    """The option's own line, without list punctuation: "Dell XPS 14: screen,\nWhich OS?"."""
    return option.strip().split("\n")[0].strip(" ,;:-")


def _prose_options(text: str) -> list[str]:
    """The last sentence that lists three or more alternatives: "You could A, B, or C."."""
    for sentence in reversed(_SENTENCE.split(text)):
        if not _ALTERNATIVE.search(sentence):
            continue
        lead = _LEAD_IN.search(sentence)
        body = sentence[lead.end() :] if lead else sentence
        marked = _INLINE_NUMBER.split(body)  # "A (1), B, with commas (2), or C (3)."
        # a comma in brackets is inside what an option says of itself, not between options:
        # "Madeira (levada hikes, great seafood), Tenerife (Teide) or Malta"
        kept = _ASIDE.sub(lambda aside: aside.group().replace(",", "\x00"), body)
        pieces = marked[:-1] if len(marked) >= 4 else _ITEM_SPLIT.split(kept)
        parts = [_ITEM_LEAD.sub("", p).replace("\x00", ",").strip(" .;,") for p in pieces]
        parts = [p for p in parts if p]
        personal = re.compile(r"\b(?:you|your|you're|i|i'm|i'd|we)\b", re.IGNORECASE)
        described = kept != body or bool(_ASIDE.search(body))
        if (
            3 <= len(parts) <= 6
            # (a name of one word is an option when each comes with what it is, in brackets)
            and all(len(_ASIDE.sub("", p).split()) >= (1 if described else 2) for p in parts)
            # "Since you're in Melbourne and ..." (but "MacBook Air (you'd be on macOS)" is one)
            and not any(personal.search(_ASIDE.sub("", p)) for p in parts)
        ):
            return parts
    return []


def chosen_option(selection: str, options: Sequence[str]) -> int | None:
    ordinal = _ORDINAL.search(selection)
    if ordinal:
        word, digit = ordinal.group(1), ordinal.group(2)
        index = (
            int(digit) - 1
            if digit
            else len(options) - 1
            if word.lower() == "last"
            else _ORDINALS[word.lower()]
        )
        return index if 0 <= index < len(options) else None
    cue = _CHOICE_CUE.search(selection)
    if cue:  # the sentence with the cue names the pick; the rest often discusses the others
        after = _SENTENCE.split(selection[cue.end() :], maxsplit=1)[0]  # "go with Codenames."
        before = _SENTENCE.split(selection[: cue.start()])[-1]  # "The hike option sounds good"
        for named in (after, before + after):
            picked = _clear_winner(named, options)
            if picked is not None:
                return picked
    # no cue: an answer that opens with a short name is the pick ("the sigma 35. good price",
    # "Tuition, I already have the books"), scored on that name alone
    first = _SENTENCE.split(selection.strip(), maxsplit=1)[0]
    opening = _OPENING.split(first, maxsplit=1)[0]
    # (not "Fado, honestly i find it depressing, but he will want it", "Carmen she will like")
    if len(opening.split()) <= 5 and not _DOWN.search(first) and not _SOMEONE_ELSE.search(first):
        picked = _clear_winner(opening, options)
        named = term_set(opening)  # mostly the option's words, not "leitão was ok i guess"
        if picked is not None and 2 * len(named & term_set(options[picked])) >= len(named):
            return picked
    # a sentence that turns an option down ("Kayak is probably not clever with my shoulder")
    # names no pick
    # names no pick; nor does a long sentence that only mentions one on its way to something
    # else (no cue: the talk moved on)
    kept = [x for x in _SENTENCE.split(selection) if not _DOWN.search(x)]
    picked = _clear_winner(" ".join(kept), options) if kept else None
    if picked is None:
        return None
    named = [x for x in kept if _clear_winner(x, options) == picked]
    return picked if any(len(x.split()) <= _MENTION_WORDS for x in named) else None


_MENTION_WORDS = 12  # a pick said in passing, without a cue, is a short answer


_SOMEONE_ELSE = re.compile(r"\b(?:he|she|they|he'll|she'll|they'll|him|her|them)\b", re.IGNORECASE)
_OPENING = re.compile(r"[.,;:!?]+(?:\s|$)|\s[-\u2013\u2014]\s")
_DOWN = re.compile(
    r"\b(?:not|no(?!\s+(?:contest|competition|doubt|question)\b)|never|nah|meh|too\s+\w+|n't|"
    r"isn't|wasn't|don't|doesn't|won't)\b",
    re.IGNORECASE,
)


# what a text turns down names nothing: "not the dewan lol", 'Turned down "Lake Garda"'
_NEGATED = re.compile(
    r"\b(?:not|turned\s+down|passed\s+(?:over|on)|rejected|declined|skip(?:ped)?)\s+"
    r"(?:really\s+)?(?:the|a|an|that|this)?\s*[^,.;!?]*",
    re.IGNORECASE,
)
_HEAD = re.compile(r"\s*(?::|,|\s[-\u2013\u2014]\s|\(|\be\.g\.)")


def _named(option: str) -> str:
    """What an option is called, without the description after it: choosing "Mama Eat
    (separate gluten-free kitchen)" is a liking for Mama Eat, not for gluten (the text keeps
    the whole option)."""
    head = _HEAD.split(option, maxsplit=1)[0].strip()
    return head if len(head) >= 2 else option


def _clear_winner(text: str, options: Sequence[str]) -> int | None:
    """The option the text names, by shared words with the option or with its name alone
    ("pentlands" names "The Pentlands, e.g. Flotterstone up Turnhouse"); what the text turns
    down (see ``_NEGATED``) names nothing."""
    text = _NEGATED.sub(" ", text)
    scores = [
        max(overlap(text, option), overlap(text, _HEAD.split(option, maxsplit=1)[0]))
        for option in options
    ]
    ranked = sorted(range(len(options)), key=lambda i: -scores[i])
    best = ranked[0]
    runner_up = scores[ranked[1]] if len(ranked) > 1 else 0.0
    if scores[best] >= 0.3 and scores[best] >= runner_up + 0.15:
        return best
    return None


# "panang sounds right", "starless sea it is", "let's go with the dolomites": a thing the
# assistant just named, taken up with no list to pick from
_TAKEN_UP = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|yes|yeah|yep|hmm+|cool|great|perfect|right)[,.!]?\s+)*"
    r"(?:(?:let's|lets|i'll|ill|we'll)\s+(?:go\s+(?:with|for)|do|try|take|have|book|get)\s+"
    r"(?:the\s+)?(?P<obj>[\w' -]{2,40}?)|"
    r"(?:the\s+)?(?P<obj2>[\w' -]{2,40}?)\s+(?:(?:sounds?|looks?)\s+"
    r"(?:right|good|great|perfect|ideal|lovely|amazing|fun|best|cool|interesting|nice|"
    r"promising|like\s+(?:it|the\s+one))|it\s+is))"
    r"(?:\s+(?:then|tbh|lol|haha|thanks|thx|ty))?\s*[.!]*$",
    re.IGNORECASE,
)
# what the assistant offers to do is no option of taste: "shall I draft it or summarise it?"
_OFFER_TO_DO = re.compile(
    r"(?:(?:shall|should|can|could|would|do|will)\s+(?:i|we|you)\s+|i\s+can\s+|me\s+to\s+)?"
    r"(?:send|write|draft|make|do|go|keep|add|try|summari[sz]e|explain|show|give|see|book|check|"
    r"start|continue|change|use|shorten|expand|list|compare|create|plan|help|rewrite|translate)\b",
    re.IGNORECASE,
)
# the assistant asking what the user likes or usually has: "what kind of music do you listen
# to?", "what do you usually have for breakfast?", "any favourite authors?"
_TASTE_ASKED = re.compile(
    r"\b(?:what|which)\s+(?:(?:kind|sort|type|style|genre)s?\s+of\s+)?[\w\s]{0,25}?\s*do\s+you\s+"
    r"(?:usually\s+|normally\s+|typically\s+|generally\s+|most(?:ly)?\s+)?(?:like|love|enjoy|prefer|"
    r"have|eat|drink|listen\s+to|watch|read|play|cook|order|go\s+for|fancy)\b[^?]{0,40}\?|"
    r"\b(?:what's|what\s+is|any)\s+(?:your\s+)?(?:favou?rite|go-to|usual)\b[^?]{0,40}\?",
    re.IGNORECASE,
)
# a reply that opens with a short name and no verb: "oats w banana.", "jazz mostly, some soul"
_BARE_ANSWER = re.compile(
    r"^\W*(?P<obj>(?!(?:i|i'm|im|we|it|it's|that|this|yes|yeah|no|nah|not|maybe|depends|"
    r"honestly|well|hmm+|um+|ok|okay|sure|thanks)\b)[\w' &-]{2,30}?)"
    r"(?:\s+(?:mostly|usually|always|normally|obviously|tbh|lol|haha|please|pls))?\s*(?:[.!,;]|$)",
    re.IGNORECASE,
)
_NO_ANSWER = re.compile(r"^(?:nothing|none|anything|whatever|idk|dunno|no\s+idea)\b", re.I)
_NOT_A_PICK = re.compile(
    r"^(?:that|this|it|those|these|all|both|everything|which|what|plan|idea|list|option|one|"
    r"(?:the\s+)?(?:first|second|third|last|other)(?:\s+one)?|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|today|tomorrow|tonight|weekend|morning|evening|\d[\w:.]*)$",
    re.IGNORECASE,
)


class ChoiceExtractor:
    """The option a user picks from an assistant's list, and the ones they pass over."""

    name = "choices"

    def extract(self, event: Event, context: Sequence[Event] = ()) -> list[Candidate]:
        if event.role != "user" or not event.text or not context:
            return []
        offer = context[-1]
        if offer.role != "assistant" or not offer.text:
            return []
        asked = next((e.text for e in reversed(context[:-1]) if e.role == "user"), None)
        options = offered_options(offer.text)
        if len(options) < 2:  # "which one do you want, the Bosch or the Miele?"
            options = [o for o in weighed_options(offer.text) if not _OFFER_TO_DO.match(o)]
        if len(options) < 2 and asked:
            options = weighed_options(asked)
        if len(options) < 2:
            return self._taken_up(event, offer) or self._answered(event, offer)
        chosen = chosen_option(event.text, options)
        if chosen is None:
            return []
        cue = bool(_CHOICE_CUE.search(event.text))
        rejected_explicitly = bool(_REJECT_OTHERS.search(event.text))
        meta = {"extractor": self.name, "options": options, "asked": asked}
        passed = [option for i, option in enumerate(options) if i != chosen]
        if asked and _FOR_SOMEONE_ELSE.search(asked):  # a gift for mum says what mum likes
            return [
                Candidate(
                    kind=MemoryKind.FACT,
                    text=f'Chose "{options[chosen]}" for someone else',
                    object=_named(options[chosen]),
                    confidence=0.5,
                    origin=Origin.IMPLICIT,
                    evidence=[event.id, offer.id],
                    metadata={**meta, "about": "other"},
                )
            ]
        out = [
            Candidate(
                kind=MemoryKind.PREFERENCE,
                text=f'Chose "{options[chosen]}"',
                polarity=1.0,
                object=_named(options[chosen]),
                confidence=0.6 if cue else 0.5,
                origin=Origin.IMPLICIT,
                evidence=[event.id, offer.id],
                metadata={**meta, "passed_over": passed},
            )
        ]
        if not rejected_explicitly:
            return out  # merely not picking an option is weak evidence, kept on the choice
        for i, option in enumerate(options):
            if i != chosen:
                out.append(
                    Candidate(
                        kind=MemoryKind.PREFERENCE,
                        text=f'Turned down "{option}"',
                        polarity=-1.0,
                        object=_named(option),
                        confidence=0.45,
                        origin=Origin.IMPLICIT,
                        evidence=[event.id, offer.id],
                        metadata=meta,
                    )
                )
        return out

    def _answered(self, event: Event, offer: Event) -> list[Candidate]:
        """A taste asked about and answered with a bare name: "what do you usually have for
        breakfast?" - "oats w banana."; weak evidence of a liking, as a pick is."""
        asked = _TASTE_ASKED.search(offer.text or "")
        answer = _BARE_ANSWER.match(event.text or "") if asked else None
        if asked is None or answer is None:
            return []
        name = answer.group("obj").strip()
        if _NOT_A_PICK.match(name) or _NO_ANSWER.match(name):
            return []
        return [self._liking(f'Answered "{name}"', name, event, offer, asked=asked.group())]

    def _taken_up(self, event: Event, offer: Event) -> list[Candidate]:
        """A thing the assistant named, taken up by name ("panang sounds right"): weak evidence
        of a liking, as a pick from a list is."""
        # any sentence of the turn may take it up: "budapest it is. 3 day GA tickets then"
        for sentence in _SENTENCE.split((event.text or "").strip()):
            taken = _TAKEN_UP.match(sentence)
            if taken is None:
                continue
            name = (taken.group("obj") or taken.group("obj2")).strip()
            if _NOT_A_PICK.match(name) or overlap(name, offer.text) < 1.0:
                continue  # named by the user alone, or not a thing at all ("friday sounds good")
            return [self._liking(f'Took up "{name}"', name, event, offer)]
        return []

    def _liking(
        self, text: str, name: str, event: Event, offer: Event, **meta: object
    ) -> Candidate:
        """A weak, implicit liking for a thing named in reply to the assistant."""
        return Candidate(
            kind=MemoryKind.PREFERENCE,
            text=text,
            polarity=1.0,
            object=name,
            confidence=0.5,
            origin=Origin.IMPLICIT,
            evidence=[event.id, offer.id],
            metadata={"extractor": self.name, **meta},
        )
