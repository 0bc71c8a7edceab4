"""LLM middleware: personalize any OpenAI-compatible chat client without changing the caller.

``wrap(client, user)`` returns an object with the same ``chat.completions.create`` call. Each
request: the user's latest message is observed (which also reads it as feedback on the previous
answer), the persona for that message is compiled and sent as a system message in front of the
caller's messages, the request goes to the real client, and the answer is observed once it is
complete - for streams, when the last chunk has passed through.

Whatever the upstream does - an error status, a body that is not JSON, a connection that
drops, a stream chunk that is not JSON - reaches the caller as one :class:`UpstreamError`
(a ``PersonifyError``), never as an ``httpx`` or ``json`` exception; the server turns it into
an OpenAI-style error response, or, once a stream has started, into an error event followed
by ``[DONE]`` (:func:`server_sent_events`).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import httpx

from personify.errors import InvalidInputError, PersonifyError
from personify.observe import validate

if TYPE_CHECKING:
    from personify.user import User


def _get(obj: Any, name: str, default: Any = None) -> Any:
    """Attribute or key access: SDK objects and plain dicts both pass through."""
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


class UpstreamError(PersonifyError):
    """The chat endpoint failed: an error status, a non-JSON body, a dropped connection or a
    broken stream. ``status`` is the upstream's HTTP status when it sent one."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def _text(content: Any) -> str:
    """The text of a message's content; parts that are not text (or carry no string) are
    left out rather than failing the request."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts: keep the text ones
        texts = (_get(p, "text") for p in content if _get(p, "type") == "text")
        return " ".join(t for t in texts if isinstance(t, str))
    return ""


def check_messages(messages: Any) -> list[Any]:
    """The ``messages`` of a chat request: a non-empty list of message objects, each with a
    string role. Checked before anything is observed or sent upstream."""
    if not isinstance(messages, list | tuple) or not messages:
        got = type(messages).__name__ if messages else "nothing"
        raise InvalidInputError(f"messages must be a non-empty list of message objects, got {got}")
    for i, message in enumerate(messages):
        if isinstance(message, str | bytes | int | float | list | tuple) or message is None:
            raise InvalidInputError(f"messages.{i} must be a message object with a role")
        if not isinstance(_get(message, "role"), str):
            raise InvalidInputError(f"messages.{i}.role must be a string")
    return list(messages)


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
        messages = check_messages(kwargs.get("messages"))
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
        choices = _get(response, "choices")
        if isinstance(choices, list) and choices:
            answer = _text(_get(_get(choices[0], "message"), "content"))
            if answer.strip():
                self.user.observe(answer, role="assistant", session=self.session)
        return response

    def _observe_stream(self, stream: Any) -> Iterator[Any]:
        parts: list[str] = []
        try:
            for chunk in stream:
                choices = _get(chunk, "choices")
                for choice in choices if isinstance(choices, list) else []:
                    delta = _get(_get(choice, "delta"), "content")
                    if isinstance(delta, str):
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
        validate.json_object(body, "request")  # what JSON cannot carry is the caller's error
        if body.get("stream"):
            return self._stream(body)
        try:
            response = self.http.post("/chat/completions", json=body)
            if response.status_code != 200:
                raise _status_error(response)
            answer = _json(response.content)
        except httpx.HTTPError as exc:
            raise UpstreamError(f"chat endpoint unreachable: {type(exc).__name__}") from None
        except ValueError:
            raise UpstreamError("chat endpoint answered with a body that is not JSON") from None
        if not isinstance(answer, dict):
            raise UpstreamError("chat endpoint answered with JSON that is not an object")
        return answer

    def _stream(self, body: dict[str, Any]) -> Iterator[dict[str, Any]]:
        try:
            with self.http.stream("POST", "/chat/completions", json=body) as response:
                if response.status_code != 200:
                    response.read()
                    raise _status_error(response)
                for line in response.iter_lines():
                    if not line.startswith("data:"):
                        continue
                    data = line[5:].strip()
                    if data == "[DONE]":
                        break
                    try:
                        chunk = _json(data)
                    except ValueError:
                        chunk = None
                    if not isinstance(chunk, dict):
                        raise UpstreamError(
                            "chat endpoint sent a stream chunk that is not a JSON object"
                        )
                    yield chunk
        except httpx.HTTPError as exc:
            raise UpstreamError(f"chat stream broke off: {type(exc).__name__}") from None


def _json(data: str | bytes) -> Any:
    """Strict JSON: NaN and Infinity are refused too (no JSON response could carry them on)."""

    def refuse(constant: str) -> Any:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(data, parse_constant=refuse)


def _status_error(response: httpx.Response) -> UpstreamError:
    """The upstream's own error message when its body is OpenAI-style, else the status."""
    message = ""
    try:
        found = response.json().get("error")
        message = found.get("message", "") if isinstance(found, dict) else str(found or "")
    except (ValueError, AttributeError):
        pass
    detail = f": {message[:300]}" if isinstance(message, str) and message else ""
    return UpstreamError(
        f"chat endpoint answered {response.status_code}{detail}", status=response.status_code
    )


def error_body(exc: Exception) -> dict[str, Any]:
    """An OpenAI-style error object for ``exc`` (what the server sends as JSON or an event)."""
    kind = "invalid_request_error" if isinstance(exc, InvalidInputError) else "upstream_error"
    message = str(exc) if isinstance(exc, PersonifyError) else f"failed: {type(exc).__name__}"
    message = message.encode("utf-8", "backslashreplace").decode("utf-8")
    return {"error": {"message": message, "type": kind, "param": None, "code": None}}


def start_stream(chunks: Iterable[Any]) -> Iterator[Any]:
    """Pull the first chunk now, so an upstream that fails at once (an error status, no
    connection) raises before any response header is sent; the chunks follow unchanged."""
    iterator = iter(chunks)
    try:
        first = next(iterator)
    except StopIteration:
        return iter(())
    return itertools.chain([first], iterator)


def server_sent_events(chunks: Iterable[Any]) -> Iterator[str]:
    """Chunks as server-sent events, always ending with ``[DONE]``. A failure mid-stream
    becomes an error event first: a client learns why the answer stopped, and the connection
    is closed cleanly rather than cut."""
    try:
        for chunk in chunks:
            yield f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"
    except Exception as exc:  # headers are sent: the stream itself must carry any failure
        yield f"data: {json.dumps(error_body(exc), ensure_ascii=False)}\n\n"
    yield "data: [DONE]\n\n"


def connect(
    base_url: str,
    user: User,
    api_key: str | None = None,
    budget_tokens: int = 400,
    session: str | None = None,
) -> PersonalizedClient:
    """``wrap`` for a bare OpenAI-compatible base URL."""
    return wrap(OpenAICompatible(base_url, api_key), user, budget_tokens, session)
