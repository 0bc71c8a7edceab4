"""The profile-extraction benchmark: its checks, its data loaders, and floors on a CI slice."""

from __future__ import annotations

from datetime import datetime

import pytest

from personify.eval.profile import (
    Check,
    Conversation,
    Dialog,
    EveryTurn,
    Item,
    Learned,
    first_person,
    fold,
    load_suite,
    locomo_dialogs,
    matches,
    msc_dialogs,
    open_learner,
    run_profile,
    score_annotated,
    score_suite,
)
from tests.conftest import FakeEmbedder, require_data


def test_folds_are_stable_and_roughly_thirty_seventy() -> None:
    keys = [f"msc-{i}" for i in range(2000)]
    tune = sum(fold(k) == "tune" for k in keys)
    assert 0.25 < tune / len(keys) < 0.35
    assert [fold(k) for k in keys[:50]] == [fold(k) for k in keys[:50]]


def test_expect_and_forbid_matching() -> None:
    lives = Item(kind="fact", slot="location", object="Vancouver", text="we relocated to Vancouver")
    old = lives.model_copy(update={"object": "Toronto", "text": "I live in Toronto"})
    moved = lives.model_copy(update={"text": "I moved from Toronto to Vancouver"})
    assert matches(Check(kind="fact", slot="location", object="vancouver"), lives)
    assert not matches(Check(kind="fact", slot="job", object="vancouver"), lives)
    assert not matches(Check(kind="preference", object="vancouver"), lives)
    # a forbid check reads the item's object: moving *from* Toronto is not living there
    assert not matches(Check(object="Toronto"), moved, forbid=True)
    assert matches(Check(object="Toronto"), old, forbid=True)
    assert not matches(Check(object="Toronto"), old.model_copy(update={"current": False}))
    tea = Item(kind="preference", polarity=1.0, object="green tea", text="I only drink green tea")
    assert matches(Check(kind="preference", polarity=1, object="green teas"), tea)  # stems
    assert not matches(Check(kind="preference", polarity=-1, object="green tea"), tea)
    assert matches(Check(kind=["constraint", "preference"], object="tea"), tea)
    # a diet is a constraint with the diet slot: a check written as a fact accepts it
    vegan = Item(kind="constraint", polarity=1.0, slot="diet", object="vegan", text="I'm vegan")
    assert matches(Check(kind="fact", slot="diet", object="vegan"), vegan)
    assert not matches(Check(kind="fact", object="vegan"), vegan)
    assert not matches(Check(kind="preference", slot="diet", object="vegan"), vegan)


def test_suite_scores_count_every_check() -> None:
    conv = Conversation.model_validate(
        {
            "id": "t",
            "sessions": [{"date": "2026-01-01T09:00:00", "turns": [["user", "x"]]}],
            "expect": [{"kind": "fact", "object": "Lyon"}, {"kind": "goal", "object": "house"}],
            "forbid": [{"object": "Paris"}],
            "style": [{"name": "verbosity", "sign": -1}],
            "persona": [{"task": "t", "must": ["lyon", ["peanut", "nuts"]], "must_not": ["Paris"]}],
        }
    )
    learned = Learned(
        items=[
            Item(kind="fact", object="Lyon", text="based in Lyon"),
            Item(kind="fact", object="Paris", text="I used to live in Paris", current=False),
        ],
        style={"verbosity": -0.6},
        personas=["Lives in Lyon. Avoid nuts."],
    )
    got = score_suite([conv], [learned])
    assert got["expectations met"] == pytest.approx(2 / 3)  # Lyon and style; no goal
    assert got["forbidden present"] == 0.0  # Paris is history, not current
    assert got["persona checks"] == 1.0


def test_annotated_scores() -> None:
    from personify.observe.ingest import Turn

    turns = [
        Turn(text="I run every morning", metadata={"ref": "a"}),
        Turn(text="nice!", role="assistant"),
        Turn(text="what about you?", metadata={"ref": "b"}),
    ]
    dialog = Dialog(key="d", turns=turns, gold={"a": ["I run every morning."]})
    out = EveryTurn().learn(dialog)
    got = score_annotated([dialog], [out], FakeEmbedder())
    assert got["turn recall"] == 1.0 and got["match recall"] == 1.0
    assert got["precision"] == 0.5 and got["items/100 turns"] == 100.0


def test_locomo_observations_read_in_first_person() -> None:
    assert first_person("Caroline's sister is a nurse.", "Caroline") == "my sister is a nurse."
    assert first_person("Caroline is planning a trip.", "Caroline").startswith("I am planning")


def test_the_suite_is_valid_and_split() -> None:
    every = load_suite("all")
    assert len(every) >= 60
    assert len({c.id for c in every}) == len(every)
    tune, report = load_suite("tune"), load_suite("report")
    assert {c.id for c in tune}.isdisjoint(c.id for c in report)
    assert len(tune) + len(report) == len(every)
    for conv in every:
        assert conv.expect and conv.sessions
        dates = [s.date for s in conv.sessions]
        assert dates == sorted(dates) and all(isinstance(d, datetime) for d in dates)


def test_data_loaders_assign_roles_per_speaker() -> None:
    require_data("msc/msc_personasummary/session_2/test.txt", "locomo/locomo_public.json")
    msc = list(msc_dialogs(2, "all", limit=1))
    assert len(msc) == 2  # one episode, once per speaker
    a, b = msc
    assert [t.role for t in a.turns] == [
        "assistant" if r == "user" else "user" for r in (t.role for t in b.turns)
    ]
    assert a.gold and set(a.gold) <= {t.metadata.get("ref") for t in a.turns}
    loc = next(locomo_dialogs("all", limit=1))
    assert loc.gold and all(ref.startswith("D") for ref in loc.gold)


# Floors measured on this slice (15 MSC episodes and 15 suite conversations of the report fold,
# never tuned on; figures in the comments) minus a margin: a regression in the extractor fails
# CI. The full-split figures are in the issue notes.
# the slice scores (at 40a4cd8) in comments; a floor sits about one check below them
SLICE_FLOORS = {
    "msc": {"turn recall": 0.85, "match recall": 0.44, "precision": 0.85},  # 0.897 0.516 0.922
    "suite": {"expectations met": 0.73, "persona checks": 0.88},  # 0.757 0.944
}
# 0.103 (3 of 29) with the word tagger, 0.034 without it: on these 15 conversations the tagger
# adds two forbidden items and no expectation (on the whole report fold: +0.047 expectations,
# +0.020 forbidden); the ceiling still catches a reader that turns what is forbidden into items
SLICE_CEILINGS = {"suite": {"forbidden present": 0.11}}


@pytest.mark.slow
def test_default_extractor_clears_floors_on_a_report_slice(minilm) -> None:
    require_data("msc/msc_personasummary/session_2/test.txt")
    result = run_profile(
        ["personify", "every-turn"], sources=["msc", "suite"], split="report", limit=15,
        embedder=minilm,
    )  # fmt: skip
    got = result.system("personify").metrics
    floor = result.system("every-turn").metrics
    for source, floors in SLICE_FLOORS.items():
        for metric, value in floors.items():
            assert got[source][metric] >= value, (source, metric, got[source][metric])
    for source, ceilings in SLICE_CEILINGS.items():
        for metric, value in ceilings.items():
            assert got[source][metric] <= value, (source, metric, got[source][metric])
    assert got["msc"]["precision"] > floor["msc"]["precision"] + 0.15


def test_personify_rules_is_the_default_without_its_word_tagger(minilm, tmp_path) -> None:
    from personify.observe.ingest import Turn

    text = "any bouldering gyms near arroios?? my usual one shut down"
    dialog = Dialog(key="k", turns=[Turn(text=text, role="user", metadata={"ref": "0:0"})])
    found = {}
    for name in ("personify", "personify-rules"):
        learner = open_learner(name, minilm, tmp_path, None)
        found[name] = [i.object for i in learner.learn(dialog).items]
        learner.close()
    assert "bouldering" in found["personify"]
    assert "bouldering" not in found["personify-rules"]


def test_llm_extractor_runs_on_the_same_benchmark(fake_embedder) -> None:
    """With an endpoint configured, ``personify-llm`` is one more system in the same report."""
    import json

    from personify.config import Settings
    from tests.fakes import chat_reply, fake_openai

    def respond(path: str, body: dict) -> tuple[int, dict]:
        text = json.loads(body["messages"][1]["content"])["latest_user_message"]
        item = {"kind": "fact", "text": str(text)[:80], "polarity": None, "object": None,
                "slot": None, "origin": "explicit", "confidence": 0.9}  # fmt: skip
        return 200, chat_reply(json.dumps({"items": [item]}))

    with fake_openai(respond) as server:
        settings = Settings(llm_model="tiny", llm_base_url=server.url, llm_api_key="k")
        result = run_profile(
            ["personify-llm"], sources=["suite"], split="tune", limit=2,
            embedder=fake_embedder, settings=settings,
        )  # fmt: skip
    user_turns = sum(
        r == "user" for c in load_suite("tune")[:2] for s in c.sessions for r, _ in s.turns
    )
    extractions = [r for r in server.requests if r["path"].endswith("/chat/completions")]
    assert len(extractions) == user_turns  # every user turn went to the LLM, once
    assert result.system("personify-llm").metrics["suite"]["n"] == 2
