"""A small client for any OpenAI-compatible chat-completions endpoint.

personify never needs an LLM; when one is configured, features use it through this client:
JSON answers are requested with a strict JSON schema, parsed and validated, and retried with
the validation error fed back when the model strays.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from personify.errors import PersonifyError

T = TypeVar("T", bound=BaseModel)


class LLMError(PersonifyError):
    """The endpoint failed or kept answering with invalid output."""


class ChatClient:
    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None = None,
        timeout: float = 60.0,
        client: httpx.Client | None = None,
    ) -> None:
        self.model = model
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.http = client or httpx.Client(
            base_url=base_url.rstrip("/"),
            headers=headers,
            timeout=timeout,
            transport=httpx.HTTPTransport(retries=2),
        )

    def complete(self, messages: list[dict[str, str]], **params: Any) -> str:
        body = {"model": self.model, "messages": messages, "temperature": 0, **params}
        try:
            response = self.http.post("/chat/completions", json=body)
        except httpx.HTTPError as exc:
            raise LLMError(f"chat endpoint unreachable: {exc}") from exc
        if response.status_code != 200:
            raise LLMError(f"chat endpoint answered {response.status_code}: {response.text[:200]}")
        try:
            return response.json()["choices"][0]["message"]["content"] or ""
        except (KeyError, IndexError, ValueError) as exc:
            raise LLMError(f"chat endpoint sent an unexpected body: {response.text[:200]}") from exc

    def complete_model(self, messages: list[dict[str, str]], model: type[T], retries: int = 2) -> T:
        """Ask for JSON matching ``model``'s schema; re-ask with the error when it does not."""
        schema = {
            "type": "json_schema",
            "json_schema": {"name": model.__name__, "schema": model.model_json_schema()},
        }
        conversation = list(messages)
        error = ""
        for _ in range(retries + 1):
            content = self.complete(conversation, response_format=schema)
            try:
                return model.model_validate(json.loads(_strip_fences(content)))
            except (json.JSONDecodeError, ValidationError) as exc:
                error = str(exc).splitlines()[0]
                conversation = [
                    *messages,
                    {"role": "assistant", "content": content},
                    {
                        "role": "user",
                        "content": f"That was not valid JSON for the schema ({error}). "
                        "Answer again with only the JSON object.",
                    },
                ]
        raise LLMError(f"no valid {model.__name__} after {retries + 1} tries: {error}")


def _strip_fences(text: str) -> str:
    text = text.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    return text
