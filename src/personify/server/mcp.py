"""An MCP server over the library, so agent frameworks and desktop clients need no code.

``personify mcp`` (or ``python -m personify.server.mcp``) serves remember / recall / profile /
feedback / persona tools over stdio (desktop clients spawn it) or streamable HTTP on loopback.
For the person at the client rather than the model, it also offers each user's profile as a
resource (``personify://users/{user}/profile``), a ``persona`` prompt, and completion of user
ids in both. It is a thin shell: every tool, resource and prompt is one engine call, and
personify's own errors come back as errors whose text says what to do instead.

No ``from __future__ import annotations`` here: the SDK evaluates tool annotations, and the
``user`` parameter's annotation is built per server inside :func:`build_mcp`.
"""

import argparse
import contextlib
import functools
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import anyio.to_thread
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ResourceNotFoundError, ToolError
from mcp.shared.exceptions import MCPError
from mcp.types import (
    INVALID_PARAMS,
    Completion,
    CompletionArgument,
    CompletionContext,
    PromptReference,
    ResourceTemplateReference,
)
from pydantic import BaseModel, Field
from pydantic_core import PydanticUndefined

from personify.adapt.feedback import FeedbackResult
from personify.engine import Personify
from personify.errors import PersonifyError, UnknownUserError

DEFAULT_PORT = 8421
PROFILE_URI = "personify://users/{user}/profile"
MAX_COMPLETIONS = 100  # the spec's cap on values in one completion result
INSTRUCTIONS = (
    "personify keeps a long-term memory and profile of each user. Call `remember` with what "
    "the user says (and, if useful, your replies); call `recall` before answering anything "
    "that may depend on the user's history, preferences or constraints; call `profile` for "
    "the whole picture; call `persona` for a ready system prompt; call `feedback` after an "
    "answer built on a recall to say whether those memories helped."
)

F = TypeVar("F", bound=Callable[..., Any])


class Recalled(BaseModel):
    text: str = Field(description="the remembered text")
    kind: str = Field(description="episodic (a turn), preference, constraint, fact, goal or plan")
    score: float = Field(description="relevance; higher is better, only comparable within a call")
    memory_id: str
    when: datetime = Field(description="when it was said or learned (UTC)")


class Belief(BaseModel):
    text: str
    confidence: float = Field(description="0..1; low means weakly supported or fading")
    memory_id: str
    object: str | None = Field(None, description="what it is about, e.g. 'peanuts'")
    polarity: float | None = Field(None, description="+1 likes/wants, -1 avoids/rejects")


class ProfileView(BaseModel):
    user: str
    preferences: list[Belief]
    constraints: list[Belief] = Field(description="hard limits: allergies, must-nots")
    facts: list[Belief]
    goals: list[Belief]
    style: dict[str, Any] = Field(description="learned style: name -> {value, confidence}")


def _errors_as(error: Callable[[PersonifyError, str], Exception]) -> Callable[[F], F]:
    """Turn personify's errors into the SDK error that ``error`` builds from the error and its
    message: the client sees what to do instead, not a crash or the SDK's generic text."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except PersonifyError as exc:
                hint = "; call `remember` for this user first"
                message = f"{exc}{hint}" if isinstance(exc, UnknownUserError) else str(exc)
                raise error(exc, message) from None

        return wrapper  # type: ignore[return-value]

    return decorate


def _tool_error(exc: PersonifyError, message: str) -> Exception:
    return ToolError(message)  # a tool result with isError: the model reads it and adapts


def _resource_error(exc: PersonifyError, message: str) -> Exception:
    # -32602 for a user that does not exist (SEP-2164), -32603 with the message otherwise
    return (ResourceNotFoundError if isinstance(exc, UnknownUserError) else ResourceError)(message)


def _prompt_error(exc: PersonifyError, message: str) -> Exception:
    # raised as is: the SDK would replace any other exception's text with a generic one
    return MCPError(code=INVALID_PARAMS, message=message)


_clear_errors = _errors_as(_tool_error)


def _belief(item: Any) -> Belief:
    m = item.memory
    return Belief(
        text=m.text,
        confidence=round(item.confidence, 3),
        memory_id=m.id,
        object=m.object,
        polarity=m.polarity,
    )


def _profile_view(engine: Personify, user: str) -> ProfileView:
    found = engine.user(user).profile()
    return ProfileView(
        user=user,
        preferences=[_belief(i) for i in found.preferences],
        constraints=[_belief(i) for i in found.constraints],
        facts=[_belief(i) for i in found.facts],
        goals=[_belief(i) for i in found.goals],
        style={
            p.name: {"value": p.value, "confidence": round(p.confidence, 3)}
            for p in found.style
            if p.confidence > 0
        },
    )


def build_mcp(engine: Personify, default_user: str | None = None) -> MCPServer:
    """The server with its tools, resource and prompt bound to ``engine``; ``default_user``
    makes ``user`` optional (a desktop client serving one person need not make the model name
    them)."""
    mcp = MCPServer("personify", instructions=INSTRUCTIONS, log_level="WARNING")
    user_help = "the user's stable id (the same id across conversations)"
    if default_user is not None:
        user_help += f"; defaults to {default_user!r}"
    UserId = Annotated[  # built per server: its default is this server's default user
        str,
        Field(
            default=PydanticUndefined if default_user is None else default_user,
            description=user_help,
            min_length=1,
        ),
    ]

    @mcp.tool()
    @_clear_errors
    def remember(
        user: UserId,
        text: Annotated[str, Field(description="one message, verbatim", min_length=1)],
        role: Annotated[
            Literal["user", "assistant", "system", "tool"], Field(description="who said it")
        ] = "user",
        session: Annotated[str | None, Field(description="conversation id, if any")] = None,
    ) -> str:
        """Store one conversation turn in the user's long-term memory and learn from it.

        Send what the user says, verbatim, as it happens: stated preferences, constraints
        (allergies, budgets), facts and goals are extracted automatically. Returns the event id.
        """
        return engine.user(user).observe(text, role=role, session=session).id

    @mcp.tool()
    @_clear_errors
    def recall(
        user: UserId,
        query: Annotated[str, Field(description="what you need to know, in plain words")],
        k: Annotated[int, Field(description="how many memories", ge=1, le=50)] = 5,
    ) -> list[Recalled]:
        """Find what this user said or prefers that is relevant to ``query``, best first.

        Call it before answering anything that may depend on the user's history, tastes or
        limits. Constraints in the results (e.g. allergies) must be respected.
        """
        hits = engine.user(user).recall(query, k=k)
        return [
            Recalled(
                text=h.memory.text,
                kind=h.memory.kind.value,
                score=round(h.score, 4),
                memory_id=h.memory.id,
                when=h.memory.created_at,
            )
            for h in hits
        ]

    @mcp.tool()
    @_clear_errors
    def profile(user: UserId) -> ProfileView:
        """Everything personify currently believes about the user: preferences, constraints,
        facts and goals with confidence, and their communication style."""
        return _profile_view(engine, user)

    @mcp.tool()
    @_clear_errors
    def feedback(
        user: UserId,
        reward: Annotated[
            float, Field(description="+1 helpful, -1 unhelpful, or anything between", ge=-1, le=1)
        ],
    ) -> FeedbackResult:
        """Say whether the memories from your last `recall` for this user helped your answer,
        so future recalls rank what helps higher. Returns what the feedback changed."""
        handle = engine.user(user)
        if not handle.exists:
            raise UnknownUserError(user)
        if not handle.awaiting_feedback:
            raise ToolError(
                f"no recall yet for user {user!r} on this server: call `recall` first; "
                "feedback rates the memories that the last recall returned"
            )
        return handle.feedback(reward, source="mcp")

    @mcp.tool()
    @_clear_errors
    def persona(
        user: UserId,
        task: Annotated[str | None, Field(description="what the user wants now, if known")] = None,
        budget_tokens: Annotated[int, Field(description="size limit", ge=40, le=8000)] = 400,
    ) -> str:
        """A ready-to-use system prompt describing this user (constraints, relevant
        preferences, style) for ``task``, within ``budget_tokens``."""
        return engine.user(user).persona(task=task, budget_tokens=budget_tokens).text

    @mcp.resource(
        PROFILE_URI,
        name="profile",
        title="User profile",
        description="What personify believes about the user (the `profile` tool's answer), "
        "for a person to attach to a conversation.",
        mime_type="application/json",
    )
    @_errors_as(_resource_error)
    def profile_resource(user: str) -> str:
        return _profile_view(engine, user).model_dump_json()

    @mcp.prompt(
        name="persona",
        title="Personalise this conversation",
        description="Brings what personify knows about the user (constraints, preferences "
        "relevant to the task, style) into the conversation.",
    )
    @_errors_as(_prompt_error)
    def persona_prompt(
        user: UserId,
        task: Annotated[str | None, Field(description="what the user wants now, if known")] = None,
    ) -> str:
        return engine.user(user).persona(task=task).text

    @mcp.completion()
    async def complete(
        ref: PromptReference | ResourceTemplateReference,
        argument: CompletionArgument,
        context: CompletionContext | None,
    ) -> Completion | None:
        """Known user ids that start with what was typed, for the prompt's and the resource's
        ``user``; nothing for any other argument (the SDK answers an empty list)."""
        ours = ref.name == "persona" if isinstance(ref, PromptReference) else ref.uri == PROFILE_URI
        if not ours or argument.name != "user":
            return None
        summaries = await anyio.to_thread.run_sync(engine.users)
        ids = sorted(s.user_id for s in summaries if s.user_id.startswith(argument.value))
        return Completion(
            values=ids[:MAX_COMPLETIONS], total=len(ids), has_more=len(ids) > MAX_COMPLETIONS
        )

    return mcp


def run(
    transport: Literal["stdio", "http"] = "stdio",
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    db: str | Path | None = None,
    user: str | None = None,
) -> None:
    """Open the engine, load the embedder up front, then serve until the client goes away.

    Loading happens under a stdout->stderr redirect: on stdio, stdout is the protocol channel
    and a stray print from a model library would corrupt it.
    """
    if transport not in ("stdio", "http"):
        raise ValueError(f"transport must be 'stdio' or 'http', not {transport!r}")
    with contextlib.redirect_stdout(sys.stderr):
        engine = Personify(db)
        engine.embedder.embed(["warm up"])
        server = build_mcp(engine, default_user=user)
    with engine:
        if transport == "stdio":
            server.run("stdio")
        else:
            print(f"personify MCP on http://{host}:{port}/mcp", file=sys.stderr)
            server.run("streamable-http", host=host, port=port)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m personify.server.mcp", description=__doc__)
    parser.add_argument("--transport", choices=["stdio", "http"], default="stdio")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--user", default=None, help="the user when a tool call names none")
    args = parser.parse_args(argv)
    run(args.transport, args.host, args.port, args.db, args.user)


if __name__ == "__main__":
    main()
