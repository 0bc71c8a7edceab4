"""The LLM middleware against a local fake OpenAI server, with the stock openai SDK too."""

from __future__ import annotations

from typing import Any

import openai
import pytest
from typer.testing import CliRunner

from personify import Personify, connect, wrap
from personify.cli import app
from personify.errors import InvalidInputError
from tests.fakes import Reply, chat_chunks, chat_reply, fake_openai


def echo_server(answer: str = "Sure - here is a short answer."):
    def respond(path: str, body: dict[str, Any]) -> Reply:
        if body.get("stream"):
            return 200, chat_chunks(answer)
        return 200, chat_reply(answer)

    return respond


def test_persona_reaches_the_server_and_both_turns_are_observed(engine: Personify) -> None:
    user = engine.user("sam")
    user.observe("I'm vegetarian and I can't stand mushrooms. Keep answers short.", session="s1")
    with fake_openai(echo_server()) as server:
        client = wrap(openai.OpenAI(base_url=server.url, api_key="sk-test"), user, session="s2")
        response = client.chat.completions.create(
            model="fake", messages=[{"role": "user", "content": "Ideas for dinner tonight?"}]
        )
    assert response.choices[0].message.content == "Sure - here is a short answer."
    sent = server.requests[0]["messages"]
    expected = user.persona(task="Ideas for dinner tonight?").text
    assert sent[0] == {"role": "system", "content": expected}
    assert sent[1] == {"role": "user", "content": "Ideas for dinner tonight?"}
    assert "Dislikes: mushrooms" in expected and "Keep answers short" in expected
    turns = [(e.role, e.text, e.session) for e in user.events() if e.kind == "turn"]
    assert turns[-2:] == [
        ("user", "Ideas for dinner tonight?", "s2"),
        ("assistant", "Sure - here is a short answer.", "s2"),
    ]


def test_streaming_passes_chunks_through_and_observes_the_whole_answer(engine) -> None:
    user = engine.user("sam")
    answer = "Chickpea curry, lentil soup or a halloumi traybake."
    with fake_openai(echo_server(answer)) as server:
        client = wrap(openai.OpenAI(base_url=server.url, api_key="k"), user)
        stream = client.chat.completions.create(
            model="fake", messages=[{"role": "user", "content": "dinner?"}], stream=True
        )
        received = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
        raw = connect(server.url, user)
        chunks = list(
            raw.chat.completions.create(
                model="fake", messages=[{"role": "user", "content": "again?"}], stream=True
            )
        )
    assert received == answer
    assert len(chunks) == len(chat_chunks(answer))
    assert server.requests[0]["stream"] is True
    assistant = [e.text for e in user.events() if e.role == "assistant"]
    assert assistant == [answer, answer]


def test_second_session_follows_preferences_learned_in_the_first(engine: Personify) -> None:
    """The README example: session 1 teaches, session 2 already follows."""
    user = engine.user("ria")
    with fake_openai(echo_server("Noted!")) as server:
        first = wrap(openai.OpenAI(base_url=server.url, api_key="k"), user, session="mon")
        history = []
        for text in ("I'm allergic to shellfish.", "Please answer in bullet points, no emoji."):
            history.append({"role": "user", "content": text})
            reply = first.chat.completions.create(model="fake", messages=history)
            history.append({"role": "assistant", "content": reply.choices[0].message.content})
        second = wrap(openai.OpenAI(base_url=server.url, api_key="k"), user, session="fri")
        second.chat.completions.create(
            model="fake", messages=[{"role": "user", "content": "Plan a seafood dinner in Lisbon"}]
        )
    system = server.requests[-1]["messages"][0]["content"]
    shellfish = "- Avoids shellfish: allergy (\u201cI'm allergic to shellfish\u201d)"
    assert shellfish in system.splitlines()
    assert "Prefer bullet-point lists." in system and "Do not use emoji." in system


def test_implicit_feedback_through_the_middleware(engine: Personify) -> None:
    user = engine.user("lea")
    user.observe("I love spicy food.", session="s1")
    with fake_openai(echo_server("Try a mild korma.")) as server:
        client = wrap(openai.OpenAI(base_url=server.url, api_key="k"), user, session="s1")
        client.chat.completions.create(
            model="fake", messages=[{"role": "user", "content": "What curry should I cook?"}]
        )
        user.recall("What curry should I cook?", k=3)
        client.chat.completions.create(
            model="fake",
            messages=[{"role": "user", "content": "That's not what I asked, I said spicy!"}],
        )
    feedback = [e for e in user.events() if e.kind == "feedback"]
    assert feedback and feedback[-1].metadata["reward"] < 0


def test_chat_command(tmp_path, monkeypatch) -> None:
    db = str(tmp_path / "chat.db")
    with fake_openai(echo_server("Hello from the fake model.")) as server:
        monkeypatch.setenv("PERSONIFY_LLM_BASE_URL", server.url)
        monkeypatch.setenv("PERSONIFY_LLM_MODEL", "fake")
        result = CliRunner().invoke(
            app, ["chat", "zed", "--db", db], input="I'm a vegan.\n/persona\n/quit\n"
        )
    assert result.exit_code == 0, result.output
    assert "Hello from the fake model." in result.stdout
    assert "\u201cI'm a vegan\u201d" in result.stdout  # /persona printed the compiled prompt
    assert server.requests[0]["messages"][-1]["content"] == "I'm a vegan."


# -- robustness: whatever the upstream does, the caller gets one clear error ------------------


def test_upstream_failures_are_upstream_errors(fake_engine: Personify) -> None:
    from personify.middleware import UpstreamError

    user = fake_engine.user("uma")
    good = chat_chunks("Lentil soup.")
    replies = {
        "not json": (200, "<html>"),
        "status": (503, {"error": {"message": "overloaded"}}),
        "bad chunk": (200, [good[0], b"{broken", *good[1:]]),
    }
    mode = ["not json"]
    with fake_openai(lambda path, body: replies[mode[0]]) as server:
        client = connect(server.url, user)
        ask = [{"role": "user", "content": "soup?"}]
        with pytest.raises(UpstreamError, match="not JSON"):
            client.chat.completions.create(model="m", messages=ask)
        mode[0] = "status"
        with pytest.raises(UpstreamError, match="503: overloaded") as caught:
            client.chat.completions.create(model="m", messages=ask)
        assert caught.value.status == 503
        with pytest.raises(UpstreamError, match="503"):
            list(client.chat.completions.create(model="m", messages=ask, stream=True))
        mode[0] = "bad chunk"
        received = []
        with pytest.raises(UpstreamError, match="not a JSON object"):
            for chunk in client.chat.completions.create(model="m", messages=ask, stream=True):
                received.append(chunk)
    assert received == [good[0]]  # what arrived before the break passed through, and is kept
    answers = [e.text for e in user.events() if e.role == "assistant"]
    assert answers == [good[0]["choices"][0]["delta"]["content"]]


def test_malformed_messages_are_refused_before_anything_is_observed(fake_engine) -> None:
    """Before: a string of messages was split into one message per character, and a text
    part with null text raised TypeError."""
    user = fake_engine.user("uma")
    with fake_openai(echo_server("ok")) as server:
        client = connect(server.url, user)
        for messages, field in [
            ("hello", "messages"),
            ([], "messages"),
            (None, "messages"),
            (["hello"], "messages.0"),
            ([{"content": "hi"}], "messages.0.role"),
        ]:
            with pytest.raises(InvalidInputError, match=field):
                client.chat.completions.create(model="m", messages=messages)
        assert not user.exists and server.requests == []
        parts = [
            {"type": "text", "text": None},
            {"type": "image_url"},
            {"type": "text", "text": "Hi"},
        ]
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": parts}])
    assert [e.text for e in user.events() if e.role == "user"] == ["Hi"]
