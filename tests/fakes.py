"""A local HTTP server that speaks the OpenAI API, for tests that need an LLM or embeddings.

Replies come from a handler function the test supplies; every request is recorded. A stream
reply is a list of chunks: dicts are sent as JSON events, bytes verbatim after ``data: `` (a
broken chunk, for tests of what the client does with one).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = tuple[int, dict[str, Any] | str | list[dict[str, Any] | bytes]]


class FakeOpenAI:
    def __init__(self, respond: Callable[[str, dict[str, Any]], Reply]) -> None:
        self.respond = respond
        self.requests: list[dict[str, Any]] = []
        self.url = ""


def chat_reply(content: str) -> dict[str, Any]:
    """A non-streaming chat.completion body carrying ``content``."""
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 0,
        "model": "fake",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
    }


@contextmanager
def fake_openai(respond: Callable[[str, dict[str, Any]], Reply]) -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI(respond)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            fake.requests.append(
                {"path": self.path, "auth": self.headers.get("Authorization"), **body}
            )
            status, payload = fake.respond(self.path, body)
            if isinstance(payload, list):  # a stream: server-sent events, then [DONE]
                self.send_response(status)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                for chunk in payload:
                    data = chunk if isinstance(chunk, bytes) else json.dumps(chunk).encode()
                    self.wfile.write(b"data: " + data + b"\n\n")
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")
                return
            data = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        yield fake
    finally:
        server.shutdown()


def chat_chunks(text: str, size: int = 7) -> list[dict[str, Any]]:
    """``text`` as chat.completion.chunk events of ``size`` characters."""
    pieces = [text[i : i + size] for i in range(0, len(text), size)]
    chunks = [
        {
            "id": "chatcmpl-test",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": "fake",
            "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": None}],
        }
        for p in pieces
    ]
    chunks.append({**chunks[-1], "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    return chunks
