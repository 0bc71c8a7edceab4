"""Request-size limit as plain ASGI middleware: the body is read and counted before any
handler sees it, so an oversized body is always answered 413.

A declared ``Content-Length`` over the limit is refused at once. A chunked body (no length)
is read up to the limit first and only then handed on: counting inside the handler's own
read would not do, because the framework turns any failure while it parses a body into a
400, and a client would be told its JSON was bad when it was only too large.
"""

from __future__ import annotations

import json
from typing import Any

Scope = dict[str, Any]


class BodySizeLimit:
    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        try:
            too_long = declared is not None and int(declared) > self.max_bytes
        except ValueError:
            await self._reject(send, 400, "bad_request", "Content-Length is not a number")
            return
        if too_long:
            await self._reject(send, 413, "too_large", f"body over {self.max_bytes} bytes")
            return
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away: pass that on
                await self.app(scope, _replay([], message, receive), send)
                return
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.max_bytes:
                await self._reject(send, 413, "too_large", f"body over {self.max_bytes} bytes")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(chunks, None, receive), send)

    async def _reject(self, send: Any, status: int, kind: str, message: str) -> None:
        body = json.dumps({"error": {"type": kind, "message": message}}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _replay(chunks: list[bytes], last: dict[str, Any] | None, receive: Any) -> Any:
    """A ``receive`` that hands the buffered body over in one message, then defers to the
    real one (which reports the client's disconnect to streaming responses)."""
    pending = [{"type": "http.request", "body": b"".join(chunks), "more_body": False}]
    if last is not None:
        pending = [last]

    async def replay() -> dict[str, Any]:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay
