"""The OpenAI Agents SDK with personify: the user's persona in the instructions, memory tools,
and every run's turns observed.

One agent definition serves every user: who the user is travels in the run's context
(:class:`PersonifyContext`), which the SDK hands to dynamic instructions and to tools.

>>> agent = Agent(                                            # doctest: +SKIP
...     name="assistant",
...     instructions=persona_instructions("You are a helpful assistant."),
...     tools=memory_tools(),
... )
>>> result = await run(agent, "Dinner ideas?", PersonifyContext(p.user("alice")))  # doctest: +SKIP

- :func:`persona_instructions` compiles the persona for the user's latest message
  (``PersonifyContext.task``) below the agent's own instructions, on every model call.
- :func:`memory_tools` are ``remember`` (learn from something the user said), ``recall`` (what
  is relevant to a question) and ``profile`` (everything believed, with confidence).
- :func:`run` observes the user's latest message first (so a preference stated in it already
  shapes the persona), runs ``Runner.run`` and observes the agent's messages. Calling
  ``Runner.run`` yourself? Pass the result to :func:`observe_result` afterwards.

personify's calls (embedding, SQLite) are synchronous; here they run in a worker thread, so an
agent serving many users does not stall its event loop.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from agents import (
    Agent,
    FunctionTool,
    ItemHelpers,
    MessageOutputItem,
    RunContextWrapper,
    Runner,
    RunResult,
    function_tool,
)

from personify.errors import InvalidInputError
from personify.models import Event

if TYPE_CHECKING:
    from personify.user import User

SOURCE = "openai-agents"  # turn metadata: where an observed turn came from
TEXT_PARTS = ("input_text", "output_text", "text")


@dataclass
class PersonifyContext:
    """The run context: whose agent this is, and what the persona is compiled for."""

    user: User
    session: str | None = None
    budget_tokens: int = 400
    task: str | None = None
    """The user's latest message; :func:`run` sets it from the input."""
    persona: str | None = None
    """The persona the instructions carried last (for logging and tests)."""


Instructions = Callable[[RunContextWrapper[PersonifyContext], Agent[Any]], Awaitable[str]]


def persona_instructions(base: str = "") -> Instructions:
    """Dynamic instructions: ``base``, then the user's persona for the current task.

    A user personify has never seen gets ``base`` alone.
    """

    async def instructions(ctx: RunContextWrapper[PersonifyContext], agent: Agent[Any]) -> str:
        state = _state(ctx)
        if not await asyncio.to_thread(lambda: state.user.exists):
            return base
        persona = await asyncio.to_thread(
            state.user.persona, task=state.task, budget_tokens=state.budget_tokens
        )
        state.persona = persona.text
        return f"{base}\n\n{persona.text}" if base else persona.text

    return instructions


def memory_tools() -> list[FunctionTool]:
    """``remember``, ``recall`` and ``profile`` for the user in the run's context."""
    return [_remember, _recall, _profile]


async def run(
    agent: Agent[PersonifyContext],
    input: str | list[Any],
    context: PersonifyContext,
    **kwargs: Any,
) -> RunResult:
    """``Runner.run`` with the turns observed: the user's latest message before the run (and
    made ``context.task``), the agent's messages after it. ``kwargs`` go to ``Runner.run``."""
    if not isinstance(context, PersonifyContext):
        raise InvalidInputError("context must be a PersonifyContext")
    question = latest_user_message(input)
    if question is not None:
        context.task = question
        await asyncio.to_thread(_observe, context, [("user", question)])
    result = await Runner.run(agent, input, context=context, **kwargs)
    await asyncio.to_thread(observe_result, context, result, include_input=False)
    return result


def observe_result(
    context: PersonifyContext, result: RunResult, *, include_input: bool = True
) -> list[Event]:
    """Log a finished run: the user's latest input message (unless ``include_input`` is
    False) and every message the agents wrote, in order."""
    turns = []
    question = latest_user_message(result.input) if include_input else None
    if question is not None:
        turns.append(("user", question))
    for item in result.new_items:
        if isinstance(item, MessageOutputItem):
            text = ItemHelpers.text_message_output(item)
            if text.strip():
                turns.append(("assistant", text))
    return _observe(context, turns)


def latest_user_message(input: str | list[Any]) -> str | None:
    """The text of the last user message in an Agents SDK input (a string or input items)."""
    if isinstance(input, str):
        return input if input.strip() else None
    for item in reversed(input):
        if _get(item, "role") == "user":
            text = _text(_get(item, "content"))
            return text if text.strip() else None
    return None


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts: keep the text ones
        parts = [_get(p, "text") or "" for p in content if _get(p, "type") in TEXT_PARTS]
        return " ".join(p for p in parts if p)
    return ""


def _observe(context: PersonifyContext, turns: list[tuple[str, str]]) -> list[Event]:
    return context.user.observe_many(
        [
            {"role": role, "text": text, "session": context.session, "metadata": {"via": SOURCE}}
            for role, text in turns
        ]
    )


def _state(ctx: RunContextWrapper[Any]) -> PersonifyContext:
    if not isinstance(ctx.context, PersonifyContext):
        raise InvalidInputError(
            "personify's instructions and tools need context=PersonifyContext(user) in the run"
        )
    return ctx.context


@function_tool(name_override="remember")
async def _remember(ctx: RunContextWrapper[PersonifyContext], text: str) -> str:
    """Save something the user said about themselves so it is known in future conversations.

    Args:
        text: the user's own words, first person ("I'm allergic to peanuts"), not a summary.
    """
    state = _state(ctx)
    event = await asyncio.to_thread(_observe, state, [("user", text)])
    return f"remembered ({event[0].id})"


@function_tool(name_override="recall")
async def _recall(ctx: RunContextWrapper[PersonifyContext], query: str, k: int = 5) -> str:
    """Find what the user said or prefers that bears on a question, best first. Constraints
    in the results (allergies, budgets) must be respected.

    Args:
        query: what you need to know, in plain words.
        k: how many memories, 1 to 50.
    """
    user = _state(ctx).user
    if not await asyncio.to_thread(lambda: user.exists):
        return "[]"
    hits = await asyncio.to_thread(user.recall, query, k=max(1, min(k, 50)))
    found = [
        {"text": h.memory.text, "kind": h.memory.kind.value, "score": round(h.score, 3)}
        for h in hits
    ]
    return json.dumps(found, ensure_ascii=False)


@function_tool(name_override="profile")
async def _profile(ctx: RunContextWrapper[PersonifyContext]) -> str:
    """Everything believed about the user: constraints, preferences, facts and goals with
    confidence, and their communication style."""
    user = _state(ctx).user
    if not await asyncio.to_thread(lambda: user.exists):
        return "{}"
    found = await asyncio.to_thread(user.profile)
    view: dict[str, Any] = {
        kind: [
            {"text": i.memory.text, "confidence": round(i.confidence, 2)}
            for i in getattr(found, kind)
        ]
        for kind in ("constraints", "preferences", "facts", "goals")
    }
    view["style"] = {p.name: p.value for p in found.style if p.confidence > 0}
    return json.dumps(view, ensure_ascii=False, default=str)
