"""A LangGraph agent whose long-term memory is personify, through ``PersonifyStore``.

    pip install 'personify[langgraph]'
    python examples/langgraph_agent.py                 # offline: a deterministic reply node
    PERSONIFY_LLM_MODEL=gpt-4o-mini PERSONIFY_LLM_API_KEY=sk-... python examples/langgraph_agent.py

With ``PERSONIFY_LLM_MODEL`` set (and ``PERSONIFY_LLM_BASE_URL`` for any OpenAI-compatible
endpoint) the reply node asks that model; without it the node answers from memory by rule, so
the example runs anywhere. The graph is the usual LangGraph memory pattern: ``respond`` reads
the user's memories with ``store.search`` and ``remember`` writes what the user says about
themselves with ``store.put``. Because the store is personify, those memories also become the
user's profile: the run ends by printing what personify learned.
"""

from __future__ import annotations

import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, TypedDict

from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.runtime import Runtime

from personify import Personify
from personify.integrations.langgraph import PersonifyStore
from personify.llm import ChatClient

Message = dict[str, str]
SELF_STATEMENT = ("i ", "i'm ", "im ", "my ", "i've ", "i am ")


def add_messages(old: list[Message], new: list[Message]) -> list[Message]:
    return old + new


class State(TypedDict):
    messages: Annotated[list[Message], add_messages]


@dataclass
class Context:
    user_id: str


def namespace(runtime: Runtime[Context]) -> tuple[str, str]:
    """(user id, "memories"): PersonifyStore's default maps the first element to the user."""
    return (runtime.context.user_id, "memories")


def build_graph(store: PersonifyStore, chat: ChatClient | None = None) -> CompiledStateGraph:
    def respond(state: State, runtime: Runtime[Context]) -> dict[str, list[Message]]:
        question = state["messages"][-1]["content"]
        found = runtime.store.search(namespace(runtime), query=question, limit=3)
        memories = [item.value["text"] for item in found]
        if chat is None:  # offline: answer from memory by rule
            answer = "I remember: " + "; ".join(memories) if memories else "Noted."
        else:
            known = "\n".join(f"- {m}" for m in memories) or "- nothing yet"
            system = f"You are a concise assistant. What you know about the user:\n{known}"
            answer = chat.complete([{"role": "system", "content": system}, *state["messages"]])
        return {"messages": [{"role": "assistant", "content": answer}]}

    def remember(state: State, runtime: Runtime[Context]) -> dict[str, list[Message]]:
        said = state["messages"][-2]["content"]  # the user's turn before the answer
        if said.lower().startswith(SELF_STATEMENT):
            runtime.store.put(namespace(runtime), uuid.uuid4().hex, {"text": said})
        return {"messages": []}

    graph = StateGraph(State, context_schema=Context)
    graph.add_node("respond", respond)
    graph.add_node("remember", remember)
    graph.add_edge(START, "respond")
    graph.add_edge("respond", "remember")
    graph.add_edge("remember", END)
    return graph.compile(store=store)


def converse(
    engine: Personify, messages: list[str], user_id: str = "alice", chat: ChatClient | None = None
) -> list[str]:
    """Each message as its own graph run (a new thread); returns the answers."""
    graph = build_graph(PersonifyStore(engine), chat)
    answers = []
    for text in messages:
        state = graph.invoke(
            {"messages": [{"role": "user", "content": text}]}, context=Context(user_id)
        )
        answers.append(state["messages"][-1]["content"])
        print(f"> {text}\n{answers[-1]}\n")
    return answers


def main(db: str | None = None) -> None:
    path = Path(db) if db else Path(tempfile.mkdtemp()) / "langgraph-example.db"
    with Personify(path) as engine:
        settings = engine.settings
        chat = None
        if settings.llm_model:
            chat = ChatClient(settings.llm_base_url, settings.llm_model, settings.llm_api_key)
        converse(
            engine,
            ["I'm vegetarian and I live in Lisbon.", "What should I cook tonight?"],
            chat=chat,
        )
        profile = engine.user("alice").profile()
        print("personify learned:")
        for entry in [*profile.constraints, *profile.preferences, *profile.facts]:
            print(f"  {entry.memory.kind.value}: {entry.memory.text}")
        print(f"(database: {path})")


if __name__ == "__main__":
    main(*sys.argv[1:2])
