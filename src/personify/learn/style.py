"""Communication style: how the user wants to be answered, learned like everything else.

Numeric parameters live in [-1, 1] (formality, verbosity, proactivity, emoji); categorical ones
hold a label (tone, format, language); ``vocabulary`` is the user's domain terms. Each has a
confidence.

Explicit requests are graded by scope. A *standing* request about how to answer in general
("please keep your replies brief", "no emojis please", "from now on answer in bullet points")
moves a parameter most of the way at once, with high confidence, and is remembered in
``StyleParam.detail["standing"]``. A *one-off* request about the answer at hand ("could you
elaborate on the second point?", "shorter this time") moves it only a little, and never past a
standing request: the value stays on the standing side, at least ``STANDING_FLOOR`` from zero.
Only a new standing request in the other direction reverses one.

A phrase is a style request only when it is addressed to the assistant's replies: at the start
of its clause, after nothing but request words ("please", "could you", "I'd prefer", "answer
in", "from now on"), and not about something the user is writing or asking about ("my brother
writes brief emails", "why do people use emojis?", "no emojis in my cover letter").

Implicit signals (the user's own message length and register, jargon they use) nudge a
parameter a little per turn, alone never claim more than moderate confidence, and do not move a
parameter past a standing request either. Everything here is a pure function of the turns seen,
in order, so replaying the log reproduces the style exactly.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from personify.models import Event, StyleParam

NUMERIC = ("formality", "verbosity", "proactivity", "emoji")
CATEGORICAL = ("tone", "format", "language")
PARAMETERS = (*NUMERIC, *CATEGORICAL, "vocabulary")

Scope = Literal["standing", "once"]

# A standing request: from 0 a parameter goes to +-0.8 with confidence 0.8.
STANDING_RATE, STANDING_STRENGTH = 0.8, 0.8
# A one-off request: a small step, confidence and (without a standing request) value capped.
ONCE_RATE, ONCE_STRENGTH, ONCE_CAP = 0.15, 0.15, 0.5
# How close to zero one-offs and implicit signals may pull a standing request (persona lines
# start at |value| 0.3, so a standing request keeps its line).
STANDING_FLOOR = 0.5
LANGUAGE_CONFIDENCE = 0.9
IMPLICIT_RATE, IMPLICIT_STRENGTH, IMPLICIT_CAP = 0.08, 0.05, 0.6
VOCABULARY_SIZE = 25
# Backwards-compatible names for the strength of an explicit (standing) request.
EXPLICIT_RATE, EXPLICIT_STRENGTH = STANDING_RATE, STANDING_STRENGTH


@dataclass(frozen=True)
class Rule:
    """A phrase that requests a style: ``scope`` is what it means without a scope cue."""

    pattern: re.Pattern[str]
    name: str
    target: float | str
    scope: Scope = "standing"


@dataclass(frozen=True)
class StyleRequest:
    """One style request found in a user turn, addressed to the assistant's replies."""

    name: str
    target: float | str
    scope: Scope
    start: int
    end: int
    phrase: str


def _rule(regex: str, name: str, target: float | str, scope: Scope = "standing") -> Rule:
    return Rule(re.compile(rf"\b(?:{regex})(?!\w)", re.IGNORECASE), name, target, scope)


_ANSWERS = r"(?:answers|replies|responses|messages|explanations|texts)"
_ANSWER = r"(?:answer|reply|response|message|explanation)"
_YOUR = r"(?:(?:your|ur|yr|the|all|all your|all the|my) )?"
_EMOJI = r"(?:emoj(?:i|is|ies)|emoticons?|smileys?|smiley faces|little (?:pictures|faces|icons))"
_BULLETS = (
    r"(?:bullet(?:ed)?[- ]?points?|bullets|bulleted lists?|numbered lists?|lists|dot[- ]?points|"
    r"checklists?|numbered steps)"
)
_ADV = r"(?:(?:very|really|pretty|fairly|super|quite|nice and|short and|a bit|a little|much) )?"
# what long answers are to someone who finds them hard: "long replies are a trial"
_BURDEN = (
    r"(?:are|is) (?:a |so |too |really |just |very )?(?:trial|hard|difficult|tiring|struggle|pain|"
    r"exhausting|annoying|too much)"
)
_SHORT = r"(?:short|brief|concise|succinct|terse|tight|snappy|crisp|compact)"
_NEG = (
    r"(?:(?:i |please )?(?:don't|do not|never|dont)|no need to|"
    r"i(?:'d| would) rather you (?:didn't|did not|don't))"
)
_DISLIKE = (
    r"(?:i (?:really |just |honestly |absolutely )?)?(?:hate|dislike|can't stand|cannot stand|"
    r"(?:am|'m) not a fan of|don't like|do not like|don't want|do not want|don't need)"
)

EXPLICIT_RULES: list[Rule] = [
    # verbosity, shorter
    _rule(
        rf"be {_ADV}(?:more )?(?:{_SHORT}|to the point)|"
        rf"(?:answer|reply|write)(?: me)?(?: always)? {_ADV}{_SHORT}|"  # "answer me always short"
        rf"keep (?:it|them|things|everything|stuff|{_YOUR}{_ANSWERS}|{_YOUR}{_ANSWER}) "
        rf"{_ADV}(?:{_SHORT}|to the point|shorter|briefer)|"
        rf"(?:{_SHORT}|shorter|briefer|more concise|quick) {_ANSWERS}|"
        r"tl;? ?dr|less (?:detail|verbose|wordy|text|rambling)|fewer words|less is more|"
        rf"(?:{_SHORT}) {_BULLETS}|"
        r"just (?:give me )?the (?:answer|gist|facts|essentials|bottom line|key points|highlights)|"
        rf"{_DISLIKE} (?:long|lengthy|wordy|verbose|rambling|long-winded) {_ANSWERS}|"
        rf"(?:long|lengthy) (?:{_ANSWERS}|text) {_BURDEN}|"
        r"(?:get|cut|skip) (?:straight |right )?to the (?:point|chase)|"
        rf"{_NEG} (?:write|give me|send me|send) (?:me )?(?:an? )?"
        rf"(?:essays?|novels?|walls? of text|long {_ANSWERS})|"
        rf"no (?:more )?(?:essays?|novels?|walls? of text|long {_ANSWERS}|rambling|waffle|"
        r"waffling)|"
        r"(?:stop|quit) (?:rambling|waffling|writing essays|over-?explaining)|"
        rf"{_NEG} (?:ramble|waffle|over-?explain)|"
        rf"{_NEG} be (?:so |too )?(?:wordy|verbose|long-winded)",
        "verbosity",
        -1.0,
    ),
    _rule(
        r"(?:way |far |much |a bit |a little )?too (?:long|wordy|verbose|much text)|"
        r"(?:a (?:bit|little|lot) )?(?:shorter|briefer|more concise|more succinct|less long)|"
        r"in (?:one|a single|a few|two|three|fewer) (?:sentences?|lines?|words)|"
        r"(?:max(?:imum)?|at most|no more than) (?:\d+|one|two|three|four|five) "
        r"(?:sentences|lines|words)|"
        r"(?:give me )?the short (?:version|answer)|in a nutshell|"
        rf"{_NEG} (?:elaborate|expand|go into (?:\w+ )?detail|explain (?:it|that|this|further))",
        "verbosity",
        -1.0,
        "once",
    ),
    # verbosity, longer
    _rule(
        r"(?:detailed|comprehensive|thorough|in-depth|long|longer|fuller|more detailed|richer) "
        rf"{_ANSWERS}(?! {_BURDEN})|"
        rf"be {_ADV}(?:more )?(?:thorough|detailed|comprehensive|exhaustive)|"
        r"(?:don't|do not) (?:hold back on|skimp on|spare) (?:the )?details?|"
        r"(?:i (?:really )?(?:like|love|want|need|prefer|appreciate) )"
        r"(?:lots of |all the |plenty of |the |more )?(?:details|depth)|"
        r"(?:as much|lots of|plenty of) detail|"
        r"(?:don't|do not) be (?:so |too )?(?:brief|short|terse|curt)|"
        r"(?:keep )?(?:explain|explaining|give me|tell me) (?:me )?the why(?: behind)?|"
        r"(?:like|want|need) to understand the why|"
        rf"keep (?:it|them|things|{_YOUR}{_ANSWERS}) {_ADV}(?:detailed|thorough|in-depth)",
        "verbosity",
        1.0,
    ),
    _rule(
        r"elaborate|expand(?: on)?|go (?:deeper|into (?:more )?detail)|dig deeper|"
        r"more (?:detail|details|depth)|in (?:more |greater |much more )?(?:depth|detail)|"
        r"(?:explain|describe|unpack|break down) (?:\w+ ){0,3}?"
        r"(?:in (?:more |greater )?(?:detail|depth)|more|further|step by step)|"
        r"tell me more|say more|walk me through|flesh (?:it|that|this) out|"
        r"(?:a (?:bit|little|lot) )?longer|more thorough|"
        r"(?:way |far |much |a bit |a little )?too (?:short|brief|terse|thin)",
        "verbosity",
        1.0,
        "once",
    ),
    # formality
    _rule(
        r"(?:be|keep it|keep things|stay|talk|write|speak|chat|answer|reply|sound) "
        r"(?:(?:more|a bit|a little|a bit more|a little more|pretty|super|really|totally|very) )?"
        r"(?:casual|informal|relaxed|chill|laid-back|casually|informally)|"
        r"no need (?:to be|for) (?:so )?(?:formal|formalities|formality)|"
        r"(?:don't|do not) be (?:so |too )?(?:formal|stiff|stuffy)|"
        r"(?:drop|skip|forget) (?:the |all the )?(?:formalities|formal (?:tone|stuff))|"
        r"less formal|(?:an? )?(?:(?:more|a bit more|a little more) )?"
        r"(?:casual|informal|relaxed|friendly) (?:tone|register|style|language)|"
        r"talk to me like (?:a|your|an old|you would (?:to )?a) (?:friend|buddy|mate|pal)|"
        r"(?:casual|informal) is (?:fine|good|ok|okay|great)",
        "formality",
        -1.0,
    ),
    _rule(
        r"be (?:more |very |strictly |a bit more )?(?:formal|professional)|"
        r"(?:an? )?(?:more )?(?:formal|professional) (?:tone|language|register|style)|"
        rf"keep (?:it|things|everything|it all|{_YOUR}{_ANSWERS}) (?:more |very )?"
        r"(?:formal|professional)|"
        r"(?:talk|write|speak|answer|respond|reply) (?:more )?(?:formally|professionally)|"
        r"less casual|(?:don't|do not) be (?:so |too )?(?:casual|informal|chummy)|no slang|"
        r"(?:the |your |my )?(?:tone|language|register) (?:should|must|needs to|has to) "
        r"(?:stay|be|remain) "
        r"(?:formal|professional)",
        "formality",
        1.0,
    ),
    # proactivity
    _rule(
        r"(?:(?:don't|do not|stop) ask(?:ing)?) (?:me )?(?:so many |any |too many |more )?"
        r"(?:follow-?up |clarifying )?questions|"
        r"(?:just|only) (?:answer|do|respond to) (?:what|exactly what) i (?:ask|asked|say)|"
        r"no (?:unsolicited |extra |additional |unasked-for )?"
        r"(?:suggestions|advice|tips|recommendations|follow[- ]?ups?(?: offers| questions)?|"
        r"offers to help)|"
        r"(?:stop|quit) (?:suggesting|offering|recommending)(?: (?:things|stuff|extras))?|"
        r"(?:don't|do not) (?:suggest|offer|recommend) (?:anything|things|extras|stuff) "
        r"(?:i didn't|i did not|unless i)|(?:stick|keep) to (?:what i ask(?:ed)?|the question)|"
        r"(?:don't|do not) add (?:any )?(?:extra |additional |more )?(?:suggestions|ideas|tips|"
        r"advice)",
        "proactivity",
        -1.0,
    ),
    _rule(
        r"be (?:more )?proactive|(?:feel free|go ahead) (?:to|and) (?:suggest|recommend|point out)|"
        r"suggest (?:next steps|alternatives|improvements|better (?:ways|options))|"
        r"(?:tell|let) me (?:know )?if you (?:see|notice|spot|think of)|"
        r"point out (?:anything|problems|issues|mistakes)|anticipate (?:my|what i)|"
        r"(?:suggestions|tips|ideas|follow-?ups) are (?:welcome|fine|great|good)|"
        r"i (?:like|love|appreciate|welcome) (?:your )?(?:suggestions|tips|follow-?ups)|"
        r"(?:flag|point out|mention) (?:anything|stuff|things|what) i(?:'m| am)? "
        r"(?:might be |may be |could be )?(?:missing|forgetting|overlooking)|"
        r"throw in (?:some |more )?(?:ideas|suggestions|alternatives|extras)",
        "proactivity",
        1.0,
    ),
    # emoji
    _rule(
        r"(?:no|zero|without|skip|drop|lose|ditch|cut(?: out)?|leave out|avoid|remove|less|fewer|"
        r"hold the|spare me the|enough with the|too many|"
        r"(?:stop|quit|refrain from|avoid|do without) (?:using|with|adding|putting(?: in)?|sending|"
        r"including)|refrain from|"
        rf"{_NEG} (?:use|add|include|put(?: in)?|send)|{_DISLIKE}) (?:\w+ ){{0,2}}?{_EMOJI}|"
        rf"{_EMOJI}[- ]free|free of {_EMOJI}|keep (?:the |all )?{_EMOJI} out|sin {_EMOJI}|"
        rf"{_EMOJI} (?:aren't|are not|isn't|is not) "
        r"(?:needed|necessary|welcome|my thing|for me)|"
        rf"{_EMOJI} (?:are|is) (?:so |really |kind of |a bit |just )?(?:annoying|distracting|"
        r"childish|cringe|unprofessional|unnecessary|too much)|"
        rf"{_EMOJI} (?:annoy|distract|bother) me",
        "emoji",
        -1.0,
    ),
    _rule(
        r"(?:use|add|include|throw in|sprinkle(?: in)?) (?!(?:fewer|less|no|zero|too|so|any)\b)"
        rf"(?:\w+ ){{0,2}}?{_EMOJI}|(?:more|some) {_EMOJI}|"
        rf"{_EMOJI} (?:are |is )?(?:totally |perfectly |absolutely |more than )?"
        r"(?:fine|ok|okay|welcome|great|good|cool|allowed)|{_EMOJI} welcome|"
        rf"(?:i (?:like|love|enjoy)|i'm (?:fine|ok|okay|good|happy) with) (?:\w+ )?{_EMOJI}|"
        rf"(?:love|like|enjoy) (?:the |your |all the )?{_EMOJI}",
        "emoji",
        1.0,
    ),
    # tone
    _rule(
        r"be (?:more |a bit more |a little more )?(?:encouraging|supportive|gentle|warm|kind|"
        r"patient)|cheer me on|go easy on me|(?:warm|supportive|encouraging|gentle) tone",
        "tone",
        "warm",
    ),
    _rule(
        r"be (?:more )?(?:blunt|direct|frank|straightforward|honest with me|brutally honest)|"
        r"no (?:need for (?:the |any )?)?(?:fluff|sugar-?coating|pleasantries|small talk|"
        r"flattery|filler|preamble)|just answer(?: the question)?|"
        r"(?:don't|do not) sugar-?coat|skip (?:the )?(?:fluff|pleasantries|small talk|flattery)|"
        r"straight to the point|(?:blunt|direct) (?:tone|feedback)",
        "tone",
        "direct",
    ),
    # format
    _rule(
        rf"(?:use |keep giving me )?(?:(?:short|brief|quick|simple|clear|concise) )?{_BULLETS}|"
        r"point form|"
        r"(?:in|as) (?:a )?lists?(?: form)?|list form",
        "format",
        "lists",
    ),
    _rule(
        r"(?:no|without|skip|drop|fewer|less|not|enough with the|"
        r"(?:stop|quit) (?:using|with)|(?:don't|do not|dont|not) (?:use|do|give me)|"
        + _DISLIKE
        + r") "
        rf"(?:the |any |so many |those |more )?{_BULLETS}(?: lists?)?"
        rf"(?: (?:or|and|nor) {_BULLETS})?|"
        r"(?:in|as) prose|(?:in |use )?(?:full|normal|plain|proper|complete|whole|ordinary) "
        r"sentences|like a letter|"
        r"(?:in|as) (?:flowing )?paragraphs",
        "format",
        "prose",
    ),
    _rule(
        r"(?:as|in|into) (?:a |an )?(?:table|tabular form)|(?:use|using|with) tables|in table form|"
        r"(?:as|in) (?:a |an )?(?:spreadsheet|excel)[- ]?(?:style|table|format)|"
        r"(?:i (?:like|love|prefer)) tables|tables (?:please|are (?:great|best|fine))",
        "format",
        "table",
    ),
    _rule(
        r"(?:just|only) (?:show me |give me )?(?:the )?(?:code|commands?|snippets?)|code only|"
        r"(?:commands|code) only|"
        r"(?:in|into|inside) (?:a |proper |a proper )?code ?blocks?|stick to code",
        "format",
        "code",
    ),
]

_LANGUAGE_REQUEST = re.compile(
    r"\b(?:answer|respond|reply|write|talk|speak)(?: (?:it|this|that|this one|that one))?"
    r"(?: to me)? in (english|german|french|spanish|"
    r"italian|dutch|portuguese)\b|\b(auf deutsch|en français|en español|in italiano|in het "
    r"nederlands|em português)\b|"
    # a spelling is a variety of English: "british spelling please", "use US English"
    r"\b(british|uk|american|us)\s+(?:spelling|english)\b",
    re.IGNORECASE,
)
_LANGUAGE_NAMES = {
    "english": "en",
    "german": "de",
    "auf deutsch": "de",
    "french": "fr",
    "en français": "fr",
    "spanish": "es",
    "en español": "es",
    "italian": "it",
    "in italiano": "it",
    "dutch": "nl",
    "in het nederlands": "nl",
    "portuguese": "pt",
    "em português": "pt",
    "british": "en-GB",
    "uk": "en-GB",
    "american": "en-US",
    "us": "en-US",
}

# Words that may stand before a request in its clause: politeness, scope, "could you", "I'd
# prefer", "answer in", "your replies are". Anything else (a third party, "should I", "why do
# people", "is it rude to") means the phrase is not a request about the assistant's replies.
_LEAD_WORDS = [
    r"please|pls|plz|kindly|ok|okay|so|and|also|but|then|just|hey|hi|oh|btw|actually|honestly",
    r"abeg|biko|pls na|please na",  # "Abeg keep your answers short": please, as many say it
    r"lol|haha+|yes|yeah|yep|great|cool|perfect|nice|thx|ty|hmm+|that's great|that's perfect",
    r"mate|pal|buddy|bro|dude|man|lads?|folks|right|look|listen",
    r"really|seriously|again|now|maybe|perhaps|overall|thanks|thank you|cheers|one more thing",
    r"max(?:imum)?(?: of)? \d+|at most \d+|no more than \d+",  # "max 5 bullets"
    r"generally|in general|from now on(?:wards?)?|from today(?: on(?:wards?)?)?|going forward",
    r"moving forward|(?:in|for) (?:the )?future",
    r"from here on(?: out)?|by default|as a rule|always|every time|for now|this time|for this one",
    r"(?:quick |one |a )?request|note|remember(?: to| that)?|make sure(?: to| that| you)?",
    r"try to|try and|feel free to|go ahead and|if possible|if you can|when you can",
    r"(?:can|could|would|will|won't|wouldn't|can't) you(?: please| kindly| maybe| just| also)?",
    r"(?:would|do) you mind|can i (?:get|have)|could i (?:get|have)|may i have|let's|lets",
    r"you(?: can| could| should| may| might| must| need to|'ll|'d better| always| often)?",
    r"i(?:'d| would)? (?:like|want|need|prefer|love) (?:it if )?you(?: to|'d| would| could)?",
    r"i(?:'d| would) appreciate (?:it )?if you(?:'d| would| could)?",
    r"i(?:'d| would| should) be (?:grateful|obliged|glad) if you(?:'d| would| could)?",
    r"it(?:'d| would) (?:be (?:great|nice|helpful|better)|help) if you(?:'d| would| could)?",
    r"i(?:'d| would)? (?:much |really |generally |usually |strongly |definitely )?"
    r"(?:prefer|like|love|want|need|rather have|rather)",
    r"(?:i'm|i am) (?:fine|ok|okay|happy|good) with",
    r"prefer|give me|give|send me|show me|for me|to me|me",
    r"(?:answer|reply|respond|write|talk|speak|explain|format|structure|present|lay out|put|show"
    r"|list|give|send|keep|make|use|do|stick with|stick to|go with)"
    r"(?: (?:it|that|this|them|things|everything|stuff|the answer|the answers|your answers?"
    r"|your replies|your reply|your responses|your response|your messages|your explanations"
    r"|(?:me )?(?:\w+ )?(?:stuff|steps|plans?|comparisons|commands|options|numbers|figures|"
    r"schedules?|prices|recipes|instructions|code|sql|queries|results|summaries|updates|"
    r"costings|costs|quotes|totals|budgets|breakdowns)"
    r"|(?:me )?(?:answers|replies|responses)))?"
    r"(?: to me)?(?: in| as| with| using| into)?",
    r"(?:with|in|as|using|to|it|that|this)(?: an?)?",
    r"(?:whenever|when|every time|each time) you(?: \w+){1,4}",
    # "for coding questions just give me the code", "when i ask coding stuff just show me"
    r"for (?:\w+ ){0,2}(?:questions|stuff|things|requests|emails|work)",
    r"(?:whenever|when|every time|each time|if) i (?:ask|need|want)(?: \w+){0,4}",
    r"(?:can|could|would|will) (?:u|ya)(?: please| pls| plz| just| also)?",
    r"keep (?:using|doing|giving me|writing)",
    r"(?:answers|replies|responses)(?: in| as)?",
    r"(?:all|any) (?:your |the |my )?(?:answers|replies|responses|messages)",
    r"y|por favor|porfa|bitte",
    # "I'd much rather you wrote to me in ordinary sentences"
    r"you (?:wrote|write|answered|replied|talked|spoke|kept it)(?: to me)?(?: in| as| with| like)?",
    r"be",
    r"(?:that|this|it|your (?:last )?(?:answer|reply|response)|"
    r"(?:your|the) (?:answers|replies|responses|messages|explanations))"
    r"(?: was| is|'s| are| were| have been| seems?| gets?| tends? to be)?"
    r"(?: always| often| usually| sometimes| generally| a bit| a little| a tad| way| much"
    r"| kind of| sort of| still| far| getting)*",
]
_LEAD = re.compile(r"^(?:[\W_]*(?:" + "|".join(_LEAD_WORDS) + r")(?!\w))*[\W_]*$", re.IGNORECASE)
_MAX_LEAD = 120

_CLAUSE_BREAK = re.compile(
    r"[,;:()\[\]\n\"]|\s[-\u2013\u2014]+\s|[.!?](?=\s|$)|"
    r"\b(?:and|but|so|though|although|because|while|whereas|plus|then)\b",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"[.!?]+(?=\s|$)|\n+")

# Scope cues. A standing cue wins over everything, a one-off cue over a weak standing cue, and
# either over the rule's own default. Unambiguous standing cues count anywhere in the sentence;
# "always", "never", "in general" only next to the request ("why does my code always crash?"
# is about the code); one-off and weak cues only in the request's own clause.
_STANDING_STRONG = re.compile(
    r"\b(?:from now on(?:wards?)?|from today on(?:wards?)?|going forward|moving forward|"
    r"(?:in|for) (?:the )?future|from here on|"
    r"by default|as a (?:general )?rule|every time|each time|all your|in (?:all|every) (?:of )?"
    r"(?:your )?(?:answers?|repl(?:y|ies)|responses?|messages?)|across the board)\b",
    re.IGNORECASE,
)
_STANDING_NEAR = re.compile(
    r"\b(?:in general|generally|always|whenever|all the time|never|ever|any ?more|usually|"
    r"remember|overall)\b",
    re.IGNORECASE,
)
_ONCE = re.compile(
    r"\b(?:this time|for now|(?:just )?this once|for this (?:one|answer|question|reply|response|"
    r"part|bit)|(?:this|that|the last|your last|the previous|your previous|the above) "
    r"(?:one|answer|reply|response|part|bit|point|section|step|item|paragraph|list|explanation|"
    r"example|code|message|option|idea|thing)|the (?:\w+ ){1,2}(?:point|one|part|step|item|"
    r"section|bullet|option|idea|paragraph|example|question|thing|bit)|"
    r"(?:on|about|of|for) (?:that|this|it|those|these)(?! (?:answers|replies|responses))|"
    r"(?:explain|expand on|elaborate on|unpack|clarify|say more about) (?:that|this|it|those|"
    r"these)|that was|it was|again)\b",
    re.IGNORECASE,
)
# a one-off marked anywhere in the sentence: "For this one message only, please include a few
# emoji", "just this once, add some emojis"
_ONCE_SAID = re.compile(
    r"^\W*(?:(?:ok|okay|and|but|so)\W+)?(?:for|with) this one\b|\bone[- ]off\b|"
    r"\b(?:(?:just )?this once|only this (?:once|time)|for this (?:one )?(?:message|post|card|"
    r"note|text|caption|email|letter|reply|answer) only|(?:this|that) one (?:message|time) only)\b",
    re.IGNORECASE,
)
_STANDING_WEAK = re.compile(
    r"\b(?:answers|replies|responses|messages|explanations)\b|\bwith me\b|"
    r"\bi(?:'d| would)? (?:much |really |generally |strongly )?(?:prefer|like|love|want|need|hate|"
    r"dislike|can't stand|don't like|do not like|don't want)\b|\b(?:stop|quit)\b",
    re.IGNORECASE,
)
# Something the user is writing, or a subject the user is asking about, not the replies.
_ARTIFACT = re.compile(
    r"\b(?:write|draft|compose|rewrite|redo|edit|proofread|translate|create|prepare|make)\b"
    r"[^.!?]*?\b(?:e-?mails?|letters?|tweets?|posts?|captions?|essays?|speech|toast|bio|"
    r"invitations?|cards?|slides?|deck|presentation|report|resume|cv|poem|story|article|blog|"
    r"newsletter|announcement|sms|memo|script|message (?:to|for)|note (?:to|for)|"
    r"text (?:to|for))\b|"
    r"\b(?:in|for|on|into) (?:my|the|this|that|a|an|our|his|her|their) (?:[\w-]+ )?"
    r"(?:e-?mails?|letters?|tweets?|posts?|captions?|essays?|speech|slides?|deck|presentation|"
    r"report|resume|cv|cover letter|poem|article|blog|newsletter|memo|script|notes|texts? to)\b",
    re.IGNORECASE,
)
_DISPARAGED = re.compile(
    r"\s+(?:are|is|look|looks|seem|seems|feel|feels)? ?(?:so |really |kind of |a bit |just )?"
    r"(?:overrated|annoying|ugly|distracting|childish|cringe|unprofessional|awful|terrible|"
    r"the worst|bad|hard to read|pointless|useless|cheap|messy|robotic|lazy)\b|"
    r"\s+(?:suck|annoy me|drive me crazy)\b",
    re.IGNORECASE,
)
_TOPIC = re.compile(
    r"\b(?:history|origins?|etymology|etiquette|meaning|psychology|evolution|unicode|"
    r"invented|invention|(?:come|came) from)\b",
    re.IGNORECASE,
)


def _normalise(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'")


def _breaks(text: str) -> list[int]:
    return sorted({0, *(m.end() for m in _CLAUSE_BREAK.finditer(text))})


def _span(text: str, pattern: re.Pattern[str], pos: int) -> tuple[int, int]:
    """The start and end of the piece of ``text`` around ``pos`` between ``pattern`` matches."""
    start, end = 0, len(text)
    for m in pattern.finditer(text):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            end = m.start()
            break
    return start, end


def _addressed(text: str, start: int, end: int, lead_from: int) -> bool:
    """The phrase at ``start:end`` is a request about the assistant's replies."""
    prefix = text[lead_from:start]
    if len(prefix) > _MAX_LEAD or not _LEAD.match(prefix):
        return False
    _, c_end = _span(text, _CLAUSE_BREAK, start)
    if _DISPARAGED.match(text[end : max(end, c_end)]):
        return False  # "bullet points are overrated": an opinion, not a request
    s_start, s_end = _span(text, _SENTENCE_BREAK, start)
    sentence = text[s_start:start] + " " + text[end : max(end, s_end)]
    # A question about a subject ("bullet points: where do they come from?") is not a request.
    question = text[s_end : s_end + 1] == "?" and not re.search(r"\byou\b", prefix, re.I)
    return not (question and _TOPIC.search(sentence)) and not _ARTIFACT.search(sentence)


def _scope(text: str, start: int, end: int, default: Scope) -> Scope:
    s_start, s_end = _span(text, _SENTENCE_BREAK, start)
    c_start, c_end = _span(text, _CLAUSE_BREAK, start)
    after = text[end : max(end, c_end)]
    near = text[s_start:end] + " " + " ".join(after.split()[:3])
    clause = text[c_start:end] + after
    if _STANDING_STRONG.search(text[s_start : max(end, s_end)]) or _STANDING_NEAR.search(near):
        return "standing"
    if _ONCE.search(clause) or _ONCE_SAID.search(text[s_start : max(end, s_end)]):
        return "once"  # (and "just this once, add some emojis": said before the request)
    if _STANDING_WEAK.search(clause):
        return "standing"
    return default


def find_requests(text: str) -> list[StyleRequest]:
    """The style requests in one user turn, in order: what each asks for and its scope.

    A phrase inside a longer request for the same parameter ("bullet points" in "no bullet
    points", "elaborate" in "don't elaborate") is not a request of its own.
    """
    text = _normalise(text)
    found: list[tuple[int, int, int, Rule | None, float | str]] = []
    for order, rule in enumerate(EXPLICIT_RULES):
        for m in rule.pattern.finditer(text):
            found.append((m.start(), m.end(), order, rule, rule.target))
    for m in _LANGUAGE_REQUEST.finditer(text):
        code = _LANGUAGE_NAMES[next(g for g in m.groups() if g).lower()]
        found.append((m.start(), m.end(), len(EXPLICIT_RULES), None, code))

    def name(item: tuple[int, int, int, Rule | None, float | str]) -> str:
        return item[3].name if item[3] is not None else "language"

    kept = [
        f
        for f in found
        if not any(
            name(g) == name(f) and g[0] <= f[0] and f[1] <= g[1] and (g[0], g[1]) != (f[0], f[1])
            for g in found
        )
    ]
    kept.sort(key=lambda f: (f[0], f[2]))
    breaks = _breaks(text)
    out: list[StyleRequest] = []
    last_end = 0
    seen: set[tuple[int, int, str]] = set()
    for start, end, _, rule, target in kept:
        key = (start, end, name((start, end, 0, rule, target)))
        if key in seen:
            continue
        seen.add(key)
        clause_start = max(b for b in breaks if b <= start)
        if not _addressed(text, start, end, max(clause_start, min(last_end, start))):
            continue
        last_end = max(last_end, end)
        default: Scope = rule.scope if rule is not None else "standing"
        out.append(
            StyleRequest(
                name=rule.name if rule is not None else "language",
                target=target,
                scope=_scope(text, start, end, default),
                start=start,
                end=end,
                phrase=text[start:end],
            )
        )
    return out


_FUNCTION_WORDS = {
    "en": "the and is are you to of it that this with for have not what a i in at my".split(),
    "de": "der die das und ist nicht ich du mit ein eine zu auf für wie".split(),
    "fr": "le la les et est pas je tu avec un une des pour que qui".split(),
    "es": "el la los las y es no yo tú con un una para que por".split(),
    "it": "il lo la gli le e è non io tu con un una per che".split(),
    "nl": "de het een en is niet ik jij met voor dat wat op".split(),
    "pt": "o a os as e é não eu tu com um uma para que do da em".split(),
}
_INFORMAL = re.compile(
    r"\b(?:lol|haha+|gonna|wanna|gotta|btw|thx|pls|plz|yeah|yep|nope|cool|dude|omg|idk|imo)\b|"
    r"[\U0001F300-\U0001FAFF]|!{2,}",
    re.IGNORECASE,
)
_FORMAL = re.compile(
    r"\b(?:dear|kind regards|sincerely|would you kindly|i would appreciate|could you please|"
    r"furthermore|therefore|regarding)\b",
    re.IGNORECASE,
)
_TERM = re.compile(
    r"\b(?:[A-Z]{2,6}s?|[a-z]+[A-Z]\w+|[A-Z][a-z]+[A-Z]\w*|\w+(?:[_.]\w+)+|[A-Za-z]+\d+\w*|"
    r"\w+-\w+(?:-\w+)*)\b"
)
_COMMON_CAPS = frozenset({"I", "OK", "AM", "PM", "TV", "US", "UK", "EU", "ID"})


def _language(text: str) -> str | None:
    tokens = re.findall(r"[^\W\d_]+", text.lower())
    if len(tokens) < 4:
        return None
    counts = {lang: sum(t in words for t in tokens) for lang, words in _FUNCTION_WORDS.items()}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] >= 2 and counts[best] >= 2 * sorted(counts.values())[-2] else None


def _sign(x: float) -> float:
    return 1.0 if x > 0 else -1.0 if x < 0 else 0.0


def _standing_target(param: StyleParam) -> float | str | None:
    standing = param.detail.get("standing")
    return standing.get("target") if isinstance(standing, dict) else None


def _nudge(
    param: StyleParam,
    target: float,
    rate: float,
    strength: float,
    cap: float,
    value_cap: float = 1.0,
) -> None:
    """Move ``param`` a step toward ``target``; never past a standing request's floor, and not
    beyond ``value_cap`` toward the target unless it was already there."""
    value = float(param.value) if isinstance(param.value, int | float) else 0.0
    moved = max(-1.0, min(1.0, value + rate * (target - value)))
    direction = _sign(target - value)
    if direction:
        moved = direction * min(moved * direction, max(value * direction, value_cap))
    standing = _standing_target(param)
    if isinstance(standing, int | float) and standing and _sign(float(standing)) != _sign(target):
        side = _sign(float(standing))
        moved = side * max(moved * side, min(value * side, STANDING_FLOOR))
    param.value = moved
    param.confidence = min(max(cap, param.confidence), 1 - (1 - param.confidence) * (1 - strength))


def default_style() -> dict[str, StyleParam]:
    out: dict[str, StyleParam] = {}
    for name in NUMERIC:
        out[name] = StyleParam(name=name, value=0.0, confidence=0.0)
    for name in CATEGORICAL:
        out[name] = StyleParam(name=name, value="", confidence=0.0)
    out["vocabulary"] = StyleParam(name="vocabulary", value=[], confidence=0.0)
    return out


def _choose(requests: Sequence[StyleRequest]) -> dict[str, StyleRequest]:
    """Per parameter, the request a turn stands for: its last standing one, else its last."""
    chosen: dict[str, StyleRequest] = {}
    for request in requests:
        current = chosen.get(request.name)
        if current is None or request.scope == "standing" or current.scope == "once":
            chosen[request.name] = request
    return chosen


class StyleLearner:
    """Updates a user's style parameters from one user turn at a time."""

    def __init__(self, params: Sequence[StyleParam] = ()) -> None:
        self.params = default_style()
        for p in params:
            self.params[p.name] = p.model_copy(deep=True)
        self.term_counts: Counter[str] = Counter(
            {t: int(c) for t, c in self.params["vocabulary"].detail.get("counts", {}).items()}
        )
        self.changed: set[str] = set()

    def _touch(self, name: str, event: Event, ts: datetime) -> None:
        param = self.params[name]
        param.evidence = [*param.evidence[-19:], event.id]
        param.updated_at = ts
        self.changed.add(name)

    def observe(self, event: Event, requests: Sequence[StyleRequest] | None = None) -> None:
        """Learn from one event; ``requests``: :func:`find_requests` of its text, when the
        caller has them already."""
        if event.role != "user" or not event.text:
            return
        chosen = _choose(find_requests(event.text) if requests is None else requests)
        for name in sorted(chosen):
            self._request(chosen[name], event)
        self._implicit(event, set(chosen))

    def _request(self, request: StyleRequest, event: Event) -> None:
        param = self.params[request.name]
        detail = dict(param.detail)
        if request.scope == "standing":
            self._standing(param, request.target)
            detail["standing"] = {
                "target": request.target,
                "event": event.id,
                "phrase": request.phrase,
            }
            detail["one_offs"] = 0
        else:
            self._once(param, request.target)
            detail["one_offs"] = int(detail.get("one_offs", 0)) + 1
        param.detail = detail
        self._touch(request.name, event, event.ts)

    @staticmethod
    def _standing(param: StyleParam, target: float | str) -> None:
        if isinstance(target, str):
            if param.name == "language":
                param.confidence = LANGUAGE_CONFIDENCE
            elif param.value == target:
                param.confidence = 1 - (1 - param.confidence) * (1 - STANDING_STRENGTH)
            else:
                param.confidence = STANDING_STRENGTH
            param.value = target
            return
        value = float(param.value) if isinstance(param.value, int | float) else 0.0
        param.value = max(-1.0, min(1.0, value + STANDING_RATE * (target - value)))
        param.confidence = 1 - (1 - param.confidence) * (1 - STANDING_STRENGTH)

    @staticmethod
    def _once(param: StyleParam, target: float | str) -> None:
        standing = _standing_target(param)
        if isinstance(target, str):
            if param.value == target:
                raised = min(ONCE_CAP, param.confidence + ONCE_STRENGTH)
                param.confidence = max(param.confidence, raised)
            elif standing is None and param.confidence < ONCE_CAP:
                param.value, param.confidence = target, ONCE_STRENGTH
            return
        value = float(param.value) if isinstance(param.value, int | float) else 0.0
        against = isinstance(standing, int | float) and _sign(float(standing)) != _sign(target)
        before = param.confidence
        value_cap = ONCE_CAP if standing is None else 1.0
        _nudge(param, target, ONCE_RATE, ONCE_STRENGTH, ONCE_CAP, value_cap)
        if against or _sign(value) * _sign(target) < 0:
            param.confidence = before  # a request against the current lean confirms nothing

    def _implicit(self, event: Event, explicit: set[str]) -> None:
        text, ts = event.text or "", event.ts
        n_words = len(text.split())
        if "verbosity" not in explicit and (n_words <= 8 or n_words >= 60):
            target = -1.0 if n_words <= 8 else 1.0
            _nudge(self.params["verbosity"], target, IMPLICIT_RATE, IMPLICIT_STRENGTH, IMPLICIT_CAP)
            self._touch("verbosity", event, ts)
        informal, formal = len(_INFORMAL.findall(text)), len(_FORMAL.findall(text))
        if "formality" not in explicit and informal != formal:
            target = 1.0 if formal > informal else -1.0
            _nudge(self.params["formality"], target, IMPLICIT_RATE, IMPLICIT_STRENGTH, IMPLICIT_CAP)
            self._touch("formality", event, ts)
        language = _language(text)
        lang = self.params["language"]
        if "language" not in explicit and language is not None:
            if lang.value == language:
                lang.confidence = max(
                    lang.confidence, min(IMPLICIT_CAP, lang.confidence + IMPLICIT_STRENGTH)
                )
            elif lang.confidence < 0.5 and _standing_target(lang) is None:
                # an explicit request is not overturned by the user's own messages
                lang.value, lang.confidence = language, IMPLICIT_STRENGTH
            self._touch("language", event, ts)
        terms = [t for t in _TERM.findall(text) if t not in _COMMON_CAPS and not t.isdigit()]
        if terms:
            self.term_counts.update(terms)
            # kept exactly as stored (top terms, in that order), so a learner that resumes
            # from the stored counts and one replaying the whole log break ties alike
            self.term_counts = Counter(dict(self.term_counts.most_common(4 * VOCABULARY_SIZE)))
            vocab = self.params["vocabulary"]
            repeated = [(t, c) for t, c in self.term_counts.most_common() if c >= 2]
            vocab.value = [t for t, _ in repeated[:VOCABULARY_SIZE]]
            vocab.confidence = min(IMPLICIT_CAP, 0.1 * len(vocab.value))
            vocab.detail = {"counts": dict(self.term_counts)}
            self._touch("vocabulary", event, ts)

    def updated(self) -> list[StyleParam]:
        return [self.params[name] for name in sorted(self.changed)]
