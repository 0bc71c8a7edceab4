"""Communication style from explicit requests and implicit signals."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from personify import Personify
from personify.learn.style import StyleLearner, find_requests
from personify.models import Event, StyleParam
from personify.read.persona import style_instructions

T0 = datetime(2025, 1, 1, tzinfo=UTC)

BRIEF_NO_EMOJI = "Please keep your replies brief and skip the emojis"
ONE_OFFS = (
    "could you elaborate a little on the second point?",
    "can you give me more detail on that one?",
    "explain that part more",
)


def events(*texts: str) -> list[Event]:
    return [
        Event(id=f"evt_{i:04d}", user_id="u", text=t, ts=T0 + timedelta(minutes=i))
        for i, t in enumerate(texts)
    ]


def learn(*texts: str) -> dict[str, StyleParam]:
    styler = StyleLearner()
    for event in events(*texts):
        styler.observe(event)
    return styler.params


def instructions(params: dict[str, StyleParam]) -> dict[str, str]:
    return dict(style_instructions(list(params.values())))


def test_explicit_requests_move_parameters_at_once() -> None:
    params = learn("Please keep answers short, I read them on my phone.")
    assert params["verbosity"].value < -0.6 and params["verbosity"].confidence >= 0.8
    params = learn("In general I prefer detailed answers with explanations.")
    assert params["verbosity"].value > 0.6
    params = learn("You can be casual with me, no need to be formal.")
    assert params["formality"].value < -0.6
    params = learn("Use bullet points please, and no emoji.")
    assert params["format"].value == "lists" and params["emoji"].value < 0
    params = learn("Be blunt, no sugarcoating.")
    assert params["tone"].value == "direct"
    params = learn("From now on, answer in German please.")
    assert params["language"].value == "de" and params["language"].confidence == 0.9


def test_a_one_off_never_reverses_a_standing_request() -> None:
    """The reported case: one "elaborate" overturned "keep your replies brief" (+0.68)."""
    params = learn(BRIEF_NO_EMOJI, ONE_OFFS[0])
    verbosity, emoji = params["verbosity"], params["emoji"]
    assert verbosity.value <= -0.5 and verbosity.confidence >= 0.8
    assert emoji.value <= -0.6 and emoji.confidence >= 0.8
    assert verbosity.detail["standing"]["target"] == -1.0
    assert emoji.detail["standing"]["target"] == -1.0
    said = instructions(params)
    assert said["verbosity"].startswith("Keep answers short") and said["emoji"] == (
        "Do not use emoji."
    )

    many = learn(BRIEF_NO_EMOJI, *ONE_OFFS * 5)
    assert -0.8 < many["verbosity"].value <= -0.5  # moved a little, never past the floor
    assert many["verbosity"].confidence >= 0.8
    assert many["verbosity"].detail["one_offs"] == 15
    assert instructions(many)["verbosity"].startswith("Keep answers short")


def test_a_new_standing_request_does_reverse_one() -> None:
    params = learn(BRIEF_NO_EMOJI, *ONE_OFFS, "In general, I prefer detailed answers.")
    assert params["verbosity"].value > 0.5 and params["verbosity"].confidence >= 0.8
    assert params["verbosity"].detail["standing"]["target"] == 1.0
    assert instructions(params)["verbosity"].startswith("Give detailed")
    again = learn(BRIEF_NO_EMOJI, "Emojis are fine from now on.")
    assert again["emoji"].value > 0.3


def test_one_off_requests_move_style_less_than_standing_ones() -> None:
    for one_off in (*ONE_OFFS, "shorter this time", "Can you put that in a table this time?"):
        requests = find_requests(one_off)
        assert requests and all(r.scope == "once" for r in requests), one_off
    once = learn("can you give me more detail on that one?")["verbosity"]
    standing = learn("Give me detailed answers from now on.")["verbosity"]
    assert 0 < once.value < 0.3 and once.confidence < 0.3  # not yet a persona line
    assert standing.value >= 0.8 and standing.confidence >= 0.8
    assert "standing" not in once.detail
    shorter = learn("shorter this time")["verbosity"]
    assert -0.3 < shorter.value < 0
    # one-offs alone stay moderate however often they come
    repeated = learn(*["can you give me more detail on that one?"] * 12)["verbosity"]
    assert repeated.value <= 0.5 and repeated.confidence <= 0.5
    # a one-off format does not replace a standing one
    fmt = learn("Always answer in bullet points.", "Can you put that in a table this time?")
    assert fmt["format"].value == "lists" and fmt["format"].confidence >= 0.8


@pytest.mark.parametrize(
    ("text", "name", "sign"),
    [
        ("Please keep your replies brief.", "verbosity", -1),
        ("I should be grateful if you would refrain from using emoji.", "emoji", -1),
        ("i just need answers, no follow up offers. thats for every time", "proactivity", -1),
        ("keep it short", "verbosity", -1),
        ("Brief replies, please.", "verbosity", -1),
        ("tl;dr please", "verbosity", -1),
        ("Shorter answers in general.", "verbosity", -1),
        ("Please don't write essays.", "verbosity", -1),
        ("I prefer short answers.", "verbosity", -1),
        ("Your answers are way too long.", "verbosity", -1),
        ("no emojis please", "emoji", -1),
        ("skip the emojis", "emoji", -1),
        ("Don't use emoji.", "emoji", -1),
        ("Stop with the emojis!", "emoji", -1),
        ("Could you drop the emojis?", "emoji", -1),
        ("Answer without emojis, please.", "emoji", -1),
        ("Keep it emoji-free.", "emoji", -1),
        ("I'd rather you didn't use emojis.", "emoji", -1),
        ("Emojis are welcome!", "emoji", 1),
        ("be casual with me", "formality", -1),
        ("Talk to me like a friend.", "formality", -1),
        ("Informal is fine.", "formality", -1),
        ("Please use a professional tone.", "formality", 1),
        ("Keep it formal.", "formality", 1),
        ("Don't ask me so many follow-up questions.", "proactivity", -1),
        ("No unsolicited suggestions.", "proactivity", -1),
        ("Feel free to suggest next steps.", "proactivity", 1),
        ("always flag stuff I might be missing, yeah? I'm terrible at planning", "proactivity", 1),
        ("keep doing that in general, throw in ideas I didn't ask about", "proactivity", 1),
        (
            "please don't add extra suggestions I didn't ask for, that goes for always",
            "proactivity",
            -1,
        ),
        ("please keep explaining the why behind stuff.", "verbosity", 1),
        ("Ok. You can be less formal with me, honestly.", "formality", -1),
        ("Please could you keep your replies more formal with me?", "formality", 1),
        ("haha love the emojis keep them coming, it makes my day.", "emoji", 1),
        ("lol also feel free to use emojis with me, the plain text feels so serious", "emoji", 1),
        ("please answer me always short, max 3 sentences, and no emojis", "verbosity", -1),
    ],
)
def test_natural_standing_requests(text: str, name: str, sign: int) -> None:
    param = learn(text)[name]
    assert param.value * sign >= 0.6 and param.confidence >= 0.8, (text, param)
    assert param.detail["standing"]["target"] == float(sign)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Always answer in bullet points.", "lists"),
        ("from now on just give me the short answer, dot points. no fluff", "lists"),
        ("Bullet points please.", "lists"),
        ("I prefer numbered lists.", "lists"),
        ("No bullet points, write in prose please.", "prose"),
        ("Please stop with the bullet points.", "prose"),
        ("When you compare things, answer in a table.", "table"),
        ("Just the code, please.", "code"),
        ("whenever you give me commands put them in a code block pls, i copy paste", "code"),
        ("ok. and can you always lay out money stuff as a table for me?", "table"),
        ("always give me comparisons as a table pls, easier to read", "table"),
        ("haha ok. can you always give me steps as a numbered list?", "lists"),
        ("that's great, keep giving me lists like that, I work from them as checklists", "lists"),
        ("please stop with the bullet point lists, just talk to me in paragraphs", "prose"),
        ("From now on no bullet points or numbered lists. Lists look cheap. Paragraphs.", "prose"),
        ("from now onwards always answer me in bullet points only. i read on phone", "lists"),
        ("from now on: answer first, no preamble, max 5 bullets", "lists"),
    ],
)
def test_format_requests(text: str, value: str) -> None:
    param = learn(text)["format"]
    assert param.value == value and param.confidence >= 0.8, (text, param)


@pytest.mark.parametrize(
    "text",
    [
        "What's the history of emoji?",
        "Tell me about emoji history, where did they come from?",
        "Why do people use emojis so much?",
        "Is it rude to send work emails with no emoji?",
        "My brother writes brief emails.",
        "My students don't like long answers.",
        "My boss told me to be more formal in meetings.",
        "Should I use bullet points in my cover letter?",
        "Bullet points: where did they come from?",
        "Bullet points are overrated.",
        "My daughter wants to learn to speak in French.",
        "Please suggest a good restaurant in Lisbon.",
        "Write an email to my landlord, keep it short and no emojis.",
        "I made bullet points for my presentation.",
        "I no longer eat meat.",
        "ok whenever you get a chance check the code block in my repo",
        "why does my code always crash in a table view?",
    ],
)
def test_talk_about_style_is_not_a_style_request(text: str) -> None:
    assert find_requests(text) == []
    params = learn(text)
    for name in ("formality", "verbosity", "proactivity", "emoji"):
        assert params[name].confidence < 0.3 and "standing" not in params[name].detail
    for name in ("tone", "format", "language"):
        assert params[name].confidence < 0.3, (text, params[name])


def test_requests_after_other_talk_in_the_same_message() -> None:
    text = "My brother writes brief emails and I prefer short answers, no emojis please."
    got = {(r.name, r.target, r.scope) for r in find_requests(text)}
    assert got == {("verbosity", -1.0, "standing"), ("emoji", -1.0, "standing")}
    # the narrower phrase inside a negation is not a request of its own
    assert {r.target for r in find_requests("No bullet points please.")} == {"prose"}
    assert {r.target for r in find_requests("Don't elaborate, just the answer.")} == {-1.0}


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("Can you explain in more detail why my code always crashes?", "once"),
        ("Could you explain in more detail how taxes work in general?", "once"),
        ("That was too short.", "once"),
        ("Thanks for the answers, shorter please.", "once"),
        ("Your answers are too short.", "standing"),
        ("Make your answers shorter.", "standing"),
        ("Thanks for this, no emojis please.", "standing"),
        ("That was great, but keep answers short.", "standing"),
        ("Please always keep it short.", "standing"),
        ("Could you explain things in more detail from now on?", "standing"),
        ("just this once, add some emojis", "once"),
        ("For this one message only, please do include a few emoji.", "once"),
    ],
)
def test_scope_is_read_next_to_the_request(text: str, scope: str) -> None:
    assert [r.scope for r in find_requests(text)] == [scope], text


def test_implicit_signals_do_not_reverse_a_standing_request() -> None:
    params = learn("Give me detailed answers from now on.", *["ok thx"] * 40)
    assert params["verbosity"].value >= 0.5
    assert instructions(params)["verbosity"].startswith("Give detailed")


def test_learning_in_batches_replays_identically() -> None:
    """The engine learns batch by batch from stored (JSON) params; rebuild replays in one go."""
    texts = [BRIEF_NO_EMOJI, *ONE_OFFS, "ok thx", "Always answer in bullet points."]
    texts += ["Can you put that in a table this time?", "In general I prefer detailed answers."]
    whole = StyleLearner()
    for event in events(*texts):
        whole.observe(event)
    stored: dict[str, StyleParam] = {}
    for event in events(*texts):
        styler = StyleLearner(list(stored.values()))
        styler.observe(event)
        for p in styler.updated():  # what the engine writes, through the store's JSON
            stored[p.name] = StyleParam.model_validate(json.loads(p.model_dump_json()))
    batched = {name: p.model_dump() for name, p in stored.items()}
    assert batched == {p.name: p.model_dump() for p in whole.updated()}
    assert batched["verbosity"]["detail"]["standing"]["target"] == 1.0


def test_rebuild_reproduces_standing_and_one_off_style(fake_engine: Personify) -> None:
    user = fake_engine.user("sam")
    for i, text in enumerate([BRIEF_NO_EMOJI, "Thanks!", *ONE_OFFS]):
        user.observe(text, session="s1", ts=T0 + timedelta(minutes=i))

    def snapshot() -> list[tuple[object, ...]]:
        return [
            (p.name, p.value, round(p.confidence, 9), p.detail, tuple(p.evidence))
            for p in user.profile().style
        ]

    before = snapshot()
    style = {p.name: p for p in user.profile().style}
    assert style["verbosity"].value < -0.3 and style["emoji"].value < -0.3
    user.rebuild()
    assert snapshot() == before


def test_implicit_signals_nudge_and_stay_moderate() -> None:
    short = learn(*["ok thx", "yeah cool", "sure lol", "nope", "k"] * 6)
    assert -1 < short["verbosity"].value < -0.5
    assert short["formality"].value < -0.5
    assert short["verbosity"].confidence <= 0.6
    formal = learn(
        "Dear assistant, could you please summarise the quarterly report? Kind regards, Margaret"
    )
    assert formal["formality"].value > 0


def test_language_from_the_users_own_messages() -> None:
    params = learn(
        "Ich möchte eine Reise nach Berlin planen, und ich habe nicht viel Zeit.",
        "Was ist die beste Zeit für einen Besuch?",
    )
    assert params["language"].value == "de"
    assert params["language"].confidence < 0.5
    asked = learn(
        "From now on, answer in German please.",
        "Ich möchte eine Reise nach Berlin planen, und ich habe nicht viel Zeit.",
    )
    assert asked["language"].value == "de" and asked["language"].confidence == 0.9
    # English with a few words that Portuguese shares ("a", "e", "o") stays English
    english = learn(
        "update!! i got hired as junior frontend developer at a fintech in Makati. goodbye "
        "night shift haha. now how to learn react faster"
    )
    assert english["language"].value in (None, "en")


def test_a_spelling_asked_for_is_kept_and_said_in_the_persona() -> None:
    params = learn(
        "for everything you write for me from now on: british spelling, the CTO will notice",
        "i'm in the US now, english is fine",  # a country and a language, no spelling asked
    )
    assert params["language"].value == "en-GB" and params["language"].confidence == 0.9
    lines = dict(style_instructions(list(params.values())))
    assert lines["language"] == "Use British spelling."
    assert learn("please use US English from now on")["language"].value == "en-US"


def test_stop_putting_emojis_in_everything_is_a_standing_no() -> None:
    emoji = learn("can you stop putting emojis in everything. i'm 44, not 14")["emoji"]
    assert emoji.value < -0.5 and emoji.detail.get("standing")


def test_domain_vocabulary_is_what_the_user_repeats() -> None:
    params = learn(
        "Our k8s cluster keeps OOMKilling the api-gateway pod.",
        "Should I raise the memory limit on the api-gateway or tune the JVM heap?",
        "The JVM flags are in values.yaml for the k8s deployment.",
    )
    vocab = params["vocabulary"].value
    assert {"k8s", "api-gateway", "JVM"} <= set(vocab)
    assert "OOMKilling" not in vocab  # said once


def test_a_style_request_is_no_liking_of_what_it_names(fake_engine: Personify) -> None:
    user = fake_engine.user("dev")
    user.observe("Please can you stop with the emoji, every time. I love hiking btw")
    assert [m.object for m in user.memories("preference")] == ["hiking"]
    assert {p.name: p.value for p in user.profile().style}["emoji"] < 0


def test_everything_formal_and_emojis_welcome_are_standing_requests() -> None:
    from personify.learn.style import find_requests

    formal = find_requests("Please never use emojis with me. Keep everything formal.")
    assert ("formality", 1.0) in [(r.name, r.target) for r in formal]
    welcome = find_requests("talk to me like a friend always, emojis welcome")
    assert ("emoji", 1.0) in [(r.name, r.target) for r in welcome]


def test_a_style_request_is_no_statement_about_the_user(fake_engine: Personify) -> None:
    user = fake_engine.user("eng")
    user.observe("from now on just give me bullet points. I'm an eng manager")
    facts = [m.text for m in user.memories("fact")]
    assert not [t for t in facts if "bullet" in t.lower()], facts
    assert {p.name: p.value for p in user.profile().style}["format"] == "lists"


def test_please_as_many_say_it_and_answers_given_as_lists() -> None:
    from personify.learn.style import find_requests

    short = find_requests("Abeg keep your answers short, I read these on my phone.")
    assert [(r.name, r.target, r.scope) for r in short] == [("verbosity", -1.0, "standing")]
    lists = find_requests("From now on give me answers in bullet points only, easier to scan.")
    assert [(r.name, r.target) for r in lists] == [("format", "lists")]


@pytest.mark.parametrize(
    ("text", "name", "target"),
    [
        ("keep ur answers short from now on, i read these on a 10 min break", "verbosity", -1.0),
        (
            "could you please not do bullet points, just write in normal sentences",
            "format",
            "prose",
        ),
        ("please dont do bullet points", "format", "prose"),
    ],
)
def test_standing_requests_as_people_type_them(text: str, name: str, target) -> None:
    from personify.learn.style import find_requests

    assert (name, target, "standing") in [(r.name, r.target, r.scope) for r in find_requests(text)]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            "Before we start, a request for always: please keep your answers short. My eyes tire "
            "quickly on this tablet and long replies are a trial. And no little pictures (emojis "
            "is it?), I find them silly.",
            {"verbosity": -1.0, "emoji": -1.0},
        ),
        ("my english is not so good, long text is difficult for me", {"verbosity": -1.0}),
        (
            "I'd much rather you wrote to me in ordinary sentences like a letter, not all these "
            "bullet points. Always, please, not just today.",
            {"format": "prose"},
        ),
        (
            "and from now on always give me costings as a table pls, i paste them into excel",
            {"format": "table"},
        ),
    ],
)
def test_requests_as_older_and_busier_people_put_them(
    text: str, wanted: dict[str, float | str]
) -> None:
    asked = {r.name: r.target for r in find_requests(text) if r.scope == "standing"}
    assert asked == wanted


@pytest.mark.parametrize(
    ("text", "name", "target", "scope"),
    [
        (
            "you can loosen up with me, emojis are totally fine, I'm not your boss",
            "emoji",
            1.0,
            "standing",
        ),
        (
            "and keep it as a checklist, not paragraphs, I read these on my phone",
            "format",
            "lists",
            "standing",
        ),
        (
            "for coding questions just give me the code, skip the explanation",
            "format",
            "code",
            "standing",
        ),
        ("genial. y por favor sin emojis, me distraen", "emoji", -1.0, "standing"),
        ("can u put comparisons in a table whenever i ask for one?", "format", "table", "standing"),
        ("keep using tables when you compare stuff for me btw", "format", "table", "standing"),
        (
            "Please keep all responses free of emoji and exclamation marks",
            "emoji",
            -1.0,
            "standing",
        ),
        (
            "I am a solicitor in Edinburgh, so the tone should stay formal.",
            "formality",
            1.0,
            "standing",
        ),
        (
            "please keep the emojis out of your replies, my screen reader reads them",
            "emoji",
            -1.0,
            "standing",
        ),
        (
            "Could you put it in numbered steps please, one thing at a time",
            "format",
            "lists",
            "standing",
        ),
        (
            "also i prefer answers in bullet points, easier to paste into our wiki",
            "format",
            "lists",
            "standing",
        ),
        (
            "for this one i need a paragraph, not bullets: caption for my first physique progress "
            "post on ig",
            "format",
            "prose",
            "once",
        ),
    ],
)
def test_requests_said_in_passing(text: str, name: str, target: float | str, scope: str) -> None:
    asked = [(r.name, r.target, r.scope) for r in find_requests(text)]
    assert (name, target, scope) in asked, asked


def test_a_command_without_an_essay_and_emoji_fine_one_off() -> None:
    asked = [
        (r.name, r.target, r.scope)
        for r in find_requests("from now on just give me the command, no essay pls")
    ]
    assert ("format", "code", "standing") in asked and ("verbosity", -1.0, "standing") in asked
    once = find_requests(
        "Separately, one-off, my niece's birthday card, make that one silly, emojis fine there."
    )
    assert [(r.name, r.scope) for r in once] == [("emoji", "once")]


def test_a_short_answer_to_how_to_answer_is_a_standing_request(engine: Personify) -> None:
    user = engine.user("bo")
    user.observe_many(
        [
            {"text": "best man speech for my brother, help"},
            {
                "role": "assistant",
                "text": "Should I keep things plain, or are you happy with emoji?",
            },
            {"text": "plain"},
            {"role": "assistant", "text": "And formal or casual tone when we chat?"},
            {"text": "casual obvs"},
            {"role": "assistant", "text": "How long should my replies be?"},
            {"text": "no idea tbh, whatever works"},
        ]
    )
    style = {p.name: p for p in user.profile().style}
    assert style["emoji"].value < -0.5 and style["emoji"].detail.get("standing")
    assert style["formality"].value < -0.5
    assert abs(float(style["verbosity"].value or 0)) < 0.5  # no answer is no request
