"""examples/langgraph_agent.py runs: offline by rule, and against a local fake LLM endpoint."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from personify import Personify
from personify.llm import ChatClient
from tests.fakes import Reply, chat_reply, fake_openai

EXAMPLE = Path(__file__).parents[2] / "examples" / "langgraph_agent.py"
MESSAGES = ["I'm vegetarian and I live in Lisbon.", "What should I cook tonight in Lisbon?"]


@pytest.fixture(scope="module")
def example() -> Iterator[ModuleType]:
    spec = importlib.util.spec_from_file_location("langgraph_agent", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass resolves annotations through sys.modules
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


def test_offline_graph_remembers_through_personify(
    example: ModuleType, fake_engine: Personify
) -> None:
    answers = example.converse(fake_engine, MESSAGES)
    assert answers == ["Noted.", "I remember: I'm vegetarian and I live in Lisbon."]
    alice = fake_engine.user("alice")
    assert [c.memory.text for c in alice.profile().constraints] == ["I'm vegetarian"]
    assert [f.memory.slot for f in alice.profile().facts] == ["location"]
    # the question was answered, not stored: only self-statements become memories
    assert [m.text for m in alice.memories(kinds=["episodic"])] == [MESSAGES[0]]


def test_graph_sends_memories_to_the_llm(example: ModuleType, fake_engine: Personify) -> None:
    def respond(path: str, body: dict[str, Any]) -> Reply:
        return 200, chat_reply("Try a chickpea stew.")

    with fake_openai(respond) as server:
        chat = ChatClient(server.url, "fake", api_key="sk-test")
        answers = example.converse(fake_engine, MESSAGES, user_id="bea", chat=chat)
    assert answers == ["Try a chickpea stew.", "Try a chickpea stew."]
    first, second = (r["messages"] for r in server.requests)
    assert "nothing yet" in first[0]["content"]
    assert second[0]["role"] == "system" and MESSAGES[0] in second[0]["content"]
    assert second[1:] == [{"role": "user", "content": MESSAGES[1]}]
    assert server.requests[0]["auth"] == "Bearer sk-test"
