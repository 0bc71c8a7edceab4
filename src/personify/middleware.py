"""LLM middleware: personalize any OpenAI-compatible chat client without changing the caller.

``wrap(client, user)`` returns an object with the same ``chat.completions.create`` call. Each
request: the user's latest message is observed (which also reads it as feedback on the previous
answer), the persona for that message is compiled and sent as a system message in front of the
caller's messages, the request goes to the real client, and the answer is observed once it is
complete - for streams, when the last chunk has passed through.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import httpx

from personify.errors import InvalidInputError, PersonifyError

if TYPE_CHECKING:
    from personify.user import User


def _get(obj: Any, name: str, default: Any = None) -> Any:
    """Attribute or key access: SDK objects and plain dicts both pass through."""
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts: keep the text ones
        return " ".join(_get(p, "text", "") for p in content if _get(p, "type") == "text")
    return ""


def last_user_message(messages: list[Any]) -> str | None:
    for message in reversed(messages):
        if _get(message, "role") == "user":
            text = _text(_get(message, "content"))
            return text if text.strip() else None
    return None


class _Completions:
    def __init__(self, owner: PersonalizedClient) -> None:
        self._owner = owner

    def create(self, **kwargs: Any) -> Any:
        return self._owner._create(**kwargs)


class _Chat:
    def __init__(self, owner: PersonalizedClient) -> None:
        self.completions = _Completions(owner)


class PersonalizedClient:
    """Duck-types ``client.chat.completions.create``; everything else is delegated."""

    def __init__(
        self, client: Any, user: User, budget_tokens: int = 400, session: str | None = None
    ) -> None:
        self._client = client
        self.user = user
        self.budget_tokens = budget_tokens
        self.session = session
        self.chat = _Chat(self)
        self.last_persona: str | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    def _create(self, **kwargs: Any) -> Any:
        messages = list(kwargs.get("messages") or [])
        if not messages:
            raise InvalidInputError("chat.completions.create needs messages")
        question = last_user_message(messages)
        if question is not None:
            self.user.observe(question, role="user", session=self.session)
        if self.user.exists:
            persona = self.user.persona(task=question, budget_tokens=self.budget_tokens)
            self.last_persona = persona.text
            messages = [{"role": "system", "content": persona.text}, *messages]
        response = self._client.chat.completions.create(**{**kwargs, "messages": messages})
        if kwargs.get("stream"):
            return self._observe_stream(response)
        choices = _get(response, "choices") or []
        if choices:
            answer = _text(_get(_get(choices[0], "message"), "content"))
            if answer.strip():
                self.user.observe(answer, role="assistant", session=self.session)
        return response

    def _observe_stream(self, stream: Any) -> Iterator[Any]:
        parts: list[str] = []
        try:
            for chunk in stream:
                for choice in _get(chunk, "choices") or []:
                    delta = _get(_get(choice, "delta"), "content")
                    if delta:
                        parts.append(delta)
                yield chunk
        finally:
            answer = "".join(parts)
            if answer.strip():
                self.user.observe(answer, role="assistant", session=self.session)


def wrap(
    client: Any, user: User, budget_tokens: int = 400, session: str | None = None
) -> PersonalizedClient:
    """Personalize an OpenAI(-compatible) client for ``user``."""
    return PersonalizedClient(client, user, budget_tokens=budget_tokens, session=session)


class OpenAICompatible:
    """A minimal chat client for any OpenAI-compatible base URL (no SDK needed)."""

    def __init__(self, base_url: str, api_key: str | None = None, timeout: float = 120.0) -> None:
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.http = httpx.Client(base_url=base_url.rstrip("/"), headers=headers, timeout=timeout)
        self.chat = _Chat(self)  # type: ignore[arg-type]

    def _create(self, **body: Any) -> Any:
        if not body.get("stream"):
            response = self.http.post("/chat/completions", json=body)
            if response.status_code != 200:
                raise PersonifyError(f"chat endpoint answered {response.status_code}")
            return response.json()
        return self._stream(body)

    def _stream(self, body: dict[str, Any]) -> Iterator[dict[str, Any]]:
        with self.http.stream("POST", "/chat/completions", json=body) as response:
            if response.status_code != 200:
                raise PersonifyError(f"chat endpoint answered {response.status_code}")
            for line in response.iter_lines():
                if not line.startswith("data:"):
                    continue
                data = line[5:].strip()
                if data == "[DONE]":
                    break
                yield json.loads(data)


def connect(
    base_url: str,
    user: User,
    api_key: str | None = None,
    budget_tokens: int = 400,
    session: str | None = None,
) -> PersonalizedClient:
    """``wrap`` for a bare OpenAI-compatible base URL."""
    return wrap(OpenAICompatible(base_url, api_key), user, budget_tokens, session)
