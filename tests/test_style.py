"""Communication style from explicit requests and implicit signals."""

from __future__ import annotations

from datetime import UTC, datetime

from personify.models import Event
from personify.style import StyleLearner


def learn(*texts: str) -> dict[str, object]:
    styler = StyleLearner()
    for text in texts:
        styler.observe(Event(user_id="u", text=text, ts=datetime(2025, 1, 1, tzinfo=UTC)))
    return styler.params


def test_explicit_requests_move_parameters_at_once() -> None:
    params = learn("Please keep answers short, I read them on my phone.")
    assert params["verbosity"].value < -0.6 and params["verbosity"].confidence >= 0.8
    params = learn("That was too short. Could you explain in more depth?")
    assert params["verbosity"].value > 0.6
    params = learn("You can be casual with me, no need to be formal.")
    assert params["formality"].value < -0.6
    params = learn("Use bullet points please, and no emoji.")
    assert params["format"].value == "lists" and params["emoji"].value < 0
    params = learn("Be blunt, no sugarcoating.")
    assert params["tone"].value == "direct"
    params = learn("From now on, answer in German please.")
    assert params["language"].value == "de" and params["language"].confidence == 0.9


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


def test_domain_vocabulary_is_what_the_user_repeats() -> None:
    params = learn(
        "Our k8s cluster keeps OOMKilling the api-gateway pod.",
        "Should I raise the memory limit on the api-gateway or tune the JVM heap?",
        "The JVM flags are in values.yaml for the k8s deployment.",
    )
    vocab = params["vocabulary"].value
    assert {"k8s", "api-gateway", "JVM"} <= set(vocab)
    assert "OOMKilling" not in vocab  # said once
