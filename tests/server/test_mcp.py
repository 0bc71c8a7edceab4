"""The MCP server through the SDK's own client: in process, and end to end over stdio."""

from __future__ import annotations

import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client, StdioServerParameters

from personify import Personify
from personify.server.mcp import build_mcp
from tests.conftest import FakeEmbedder


def run_with(
    server: Any, scenario: Callable[[Client], Awaitable[None]], timeout: float = 30
) -> None:
    """Run ``scenario`` against ``server`` (an MCPServer or launch parameters), bounded."""

    async def main() -> None:
        with anyio.fail_after(timeout):
            async with Client(server) as client:
                await scenario(client)

    anyio.run(main)


async def call(client: Client, tool: str, **arguments: Any) -> Any:
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, result.content
    structured = result.structured_content or {}
    return structured.get("result", structured)


async def error(client: Client, tool: str, **arguments: Any) -> str:
    result = await client.call_tool(tool, arguments)
    assert result.is_error
    return result.content[0].text


def test_tools_in_process(tmp_path: Path, fake_embedder: FakeEmbedder) -> None:
    engine = Personify(tmp_path / "mcp.db", embedder=fake_embedder)

    async def scenario(client: Client) -> None:
        tools = {t.name: t for t in (await client.list_tools()).tools}
        assert set(tools) == {"remember", "recall", "profile", "feedback", "persona"}
        remember = tools["remember"].input_schema
        assert {"user", "text", "role", "session"} <= set(remember["properties"])
        assert tools["recall"].input_schema["required"] == ["user", "query"]
        assert "reward" in tools["feedback"].input_schema["properties"]
        assert all(t.description for t in tools.values())

        assert await error(client, "feedback", user="ann", reward=1) == (
            "Error executing tool feedback: unknown user 'ann': nothing has been observed "
            "for this user; call `remember` for this user first"
        )
        first = await call(client, "remember", user="ann", text="I'm allergic to peanuts.")
        second = await call(
            client, "remember", user="ann", text="My sister lives in Lisbon.", session="s2"
        )
        assert first.startswith("evt_") and second != first

        no_recall = await error(client, "feedback", user="ann", reward=1)
        assert "no recall yet for user 'ann'" in no_recall and "call `recall` first" in no_recall

        hits = await call(client, "recall", user="ann", query="where does my sister live", k=3)
        assert hits[0]["text"].startswith("My sister lives in Lisbon")
        assert set(hits[0]) == {"text", "kind", "score", "memory_id", "when"}
        moved = await call(client, "feedback", user="ann", reward=1)
        assert moved["vectors_version"] == moved["vectors_version_before"] + 1
        assert moved["vectors_moved"] > 0 and moved["changed"] is True

        view = await call(client, "profile", user="ann")
        peanuts = [c for c in view["constraints"] if c["object"] == "peanuts"]
        assert peanuts and 0 < peanuts[0]["confidence"] <= 1

        prompt = await call(client, "persona", user="ann", task="a snack")
        assert "peanuts" in prompt

        assert "unknown user 'bob'" in await error(client, "recall", user="bob", query="food")
        assert "unknown user 'bob'" in await error(client, "profile", user="bob")
        assert "reward" in await error(client, "feedback", user="ann", reward=3)

    run_with(build_mcp(engine), scenario)
    engine.close()


def test_default_user(tmp_path: Path, fake_embedder: FakeEmbedder) -> None:
    engine = Personify(tmp_path / "mcp.db", embedder=fake_embedder)

    async def scenario(client: Client) -> None:
        tools = {t.name: t for t in (await client.list_tools()).tools}
        assert "user" not in tools["remember"].input_schema["required"]
        await call(client, "remember", text="I love hiking.")
        hits = await call(client, "recall", query="hiking")
        assert hits[0]["text"].startswith("I love hiking")

    run_with(build_mcp(engine, default_user="me"), scenario)
    assert engine.user("me").exists
    engine.close()


@pytest.mark.slow
def test_stdio_end_to_end(tmp_path: Path) -> None:
    """A real subprocess with the real MiniLM: what a desktop client launches."""
    db = tmp_path / "stdio.db"
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "personify.server.mcp", "--db", str(db)],
        env=dict(os.environ),
    )

    async def scenario(client: Client) -> None:
        await call(client, "remember", user="ann", text="I'm vegetarian.")
        await call(client, "remember", user="ann", text="My car is a blue Volvo.")
        hits = await call(client, "recall", user="ann", query="what should I cook for dinner")
        assert hits[0]["text"].startswith("I'm vegetarian")

    run_with(params, scenario, timeout=60)
    with Personify(db, embedder=FakeEmbedder()) as p:
        assert len(p.user("ann").events()) == 2
