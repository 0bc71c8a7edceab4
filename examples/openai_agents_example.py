"""A personal assistant on the OpenAI Agents SDK, with personify as its memory.

    pip install 'personify[agents]'
    OPENAI_API_KEY=sk-... python examples/openai_agents_example.py

Any OpenAI-compatible chat endpoint works: set OPENAI_BASE_URL (e.g. a local Ollama or vLLM at
http://localhost:8000/v1) and MODEL. The first run tells the assistant about the user; the second
asks for something the first one bears on. Run it twice: the memory is in personify.db.
"""

from __future__ import annotations

import asyncio
import os

from agents import Agent, Model, OpenAIChatCompletionsModel, set_tracing_disabled
from openai import AsyncOpenAI

from personify import Personify
from personify.integrations.openai_agents import (
    PersonifyContext,
    memory_tools,
    persona_instructions,
    run,
)


def build_agent(model: Model | str) -> Agent[PersonifyContext]:
    """One agent for every user: who the user is comes with each run's context."""
    return Agent[PersonifyContext](
        name="assistant",
        instructions=persona_instructions(
            "You are a concise personal assistant. Use recall when the user's history, tastes "
            "or limits may matter, and respect every constraint you know about."
        ),
        tools=memory_tools(),
        model=model,
    )


async def demo(engine: Personify, model: Model | str, user_id: str = "alice") -> list[str]:
    """Two runs for one user; returns the assistant's answers."""
    agent = build_agent(model)
    context = PersonifyContext(engine.user(user_id), session="example")
    answers = []
    for message in (
        "I'm vegetarian and I can't stand mushrooms. Keep answers short.",
        "Any ideas for dinner tonight?",
    ):
        result = await run(agent, message, context)
        answers.append(str(result.final_output))
        print(f"> {message}\n{result.final_output}\n")
    print("persona sent with the last run:\n" + (context.persona or "(none)"))
    return answers


def main() -> None:
    set_tracing_disabled(True)  # the SDK would otherwise upload traces to OpenAI
    client = AsyncOpenAI(base_url=os.environ.get("OPENAI_BASE_URL"))
    model = OpenAIChatCompletionsModel(os.environ.get("MODEL", "gpt-4o-mini"), client)
    with Personify("personify.db") as engine:
        asyncio.run(demo(engine, model))


if __name__ == "__main__":
    main()
