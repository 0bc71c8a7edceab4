"""The OpenAI Agents SDK adapter: real ``Runner.run`` calls against a local fake model server."""

from __future__ import annotations

import asyncio
import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest
from agents import Agent, OpenAIChatCompletionsModel, Runner, set_tracing_disabled
from openai import AsyncOpenAI

from personify import Personify
from personify.integrations.openai_agents import (
    PersonifyContext,
    memory_tools,
    observe_result,
    persona_instructions,
    run,
)
from tests.fakes import FakeOpenAI, Reply, chat_reply, fake_openai

EXAMPLE = Path(__file__).parents[2] / "examples" / "openai_agents_example.py"


@pytest.fixture(autouse=True)
def _no_tracing() -> None:
    set_tracing_disabled(True)  # the SDK would try to upload traces to OpenAI


def tool_call(name: str, arguments: dict[str, Any], call_id: str = "call_1") -> dict[str, Any]:
    """A chat.completion body in which the model calls one tool."""
    body = chat_reply("")
    body["choices"][0]["message"] = {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "id": call_id,
                "type": "function",
                "function": {"name": name, "arguments": json.dumps(arguments)},
            }
        ],
    }
    body["choices"][0]["finish_reason"] = "tool_calls"
    return body


def scripted(*replies: dict[str, Any]):
    """Answer the n-th chat request with the n-th reply."""
    queue = list(replies)

    def respond(path: str, body: dict[str, Any]) -> Reply:
        assert path.endswith("/chat/completions"), path
        return 200, queue.pop(0)

    return respond


def model_for(server: FakeOpenAI) -> OpenAIChatCompletionsModel:
    return OpenAIChatCompletionsModel("fake", AsyncOpenAI(base_url=server.url, api_key="sk-test"))


def system_prompt(request: dict[str, Any]) -> str:
    return next(m["content"] for m in request["messages"] if m["role"] in ("system", "developer"))


def turns(user) -> list[tuple[str | None, str | None]]:
    return [(e.role, e.text) for e in user.events() if e.kind == "turn"]


def test_persona_reaches_the_model_tools_recall_and_turns_are_observed(
    fake_engine: Personify,
) -> None:
    user = fake_engine.user("sam")
    user.observe("I'm vegetarian and I can't stand mushrooms. Keep answers short.", session="s1")
    with fake_openai(
        scripted(
            tool_call("recall", {"query": "dinner food preferences", "k": 3}),
            chat_reply("Chickpea curry."),
        )
    ) as server:
        agent = Agent[PersonifyContext](
            name="assistant",
            instructions=persona_instructions("You are a helpful assistant."),
            tools=memory_tools(),
            model=model_for(server),
        )
        context = PersonifyContext(user, session="s2")
        result = asyncio.run(run(agent, "Ideas for dinner tonight?", context))

    assert result.final_output == "Chickpea curry."
    first, second = server.requests
    expected = user.persona(task="Ideas for dinner tonight?").text
    assert "mushrooms" in expected
    assert system_prompt(first) == "You are a helpful assistant.\n\n" + expected
    assert context.persona == expected
    assert {t["function"]["name"] for t in first["tools"]} == {"remember", "recall", "profile"}
    recalled = json.loads(next(m for m in second["messages"] if m["role"] == "tool")["content"])
    assert any("mushrooms" in r["text"] for r in recalled)
    assert turns(user)[-2:] == [
        ("user", "Ideas for dinner tonight?"),
        ("assistant", "Chickpea curry."),
    ]
    observed = [e for e in user.events() if e.kind == "turn"][-2:]
    assert {e.session for e in observed} == {"s2"}
    assert all(e.metadata == {"via": "openai-agents"} for e in observed)


def test_remember_and_profile_tools_and_observing_a_plain_runner_run(
    fake_engine: Personify,
) -> None:
    user = fake_engine.user("kim")
    with fake_openai(
        scripted(
            chat_reply("Nice to meet you."),  # a user personify has never seen
            tool_call("remember", {"text": "I'm allergic to peanuts."}),
            tool_call("profile", {}, call_id="call_2"),
            chat_reply("Noted: no peanuts."),
        )
    ) as server:
        agent = Agent[PersonifyContext](
            name="assistant",
            instructions=persona_instructions("Base."),
            tools=memory_tools(),
            model=model_for(server),
        )
        context = PersonifyContext(user)
        plain = asyncio.run(Runner.run(agent, "Hi there", context=context))
        assert not user.exists  # Runner.run alone observes nothing
        observe_result(context, plain)
        asyncio.run(run(agent, "Remember that I'm allergic to peanuts.", context))

    assert system_prompt(server.requests[0]) == "Base."
    assert "peanuts" in system_prompt(server.requests[1])  # observed before the run
    profile = json.loads(next(m for m in server.requests[3]["messages"] if m["role"] == "tool"
                              and "constraints" in m["content"])["content"])  # fmt: skip
    assert any("peanuts" in c["text"] for c in profile["constraints"])
    assert turns(user) == [
        ("user", "Hi there"),
        ("assistant", "Nice to meet you."),
        ("user", "Remember that I'm allergic to peanuts."),
        ("user", "I'm allergic to peanuts."),  # what the remember tool stored
        ("assistant", "Noted: no peanuts."),
    ]


def test_the_example_runs_against_the_fake_server(fake_engine: Personify) -> None:
    spec = importlib.util.spec_from_file_location("openai_agents_example", EXAMPLE)
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    with fake_openai(scripted(chat_reply("Got it."), chat_reply("Lentil soup."))) as server:
        answers = asyncio.run(example.demo(fake_engine, model_for(server), "alice"))
    assert answers == ["Got it.", "Lentil soup."]
    assert "mushrooms" in system_prompt(server.requests[1])
    assert len(turns(fake_engine.user("alice"))) == 4
