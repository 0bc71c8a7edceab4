"""The OpenAI-compatible embedder against a local server speaking the embeddings API."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import numpy as np
import pytest

from personify.embeddings.openai import OpenAIEmbedder
from personify.errors import PersonifyError


class EmbeddingsHandler(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append(
            {"path": self.path, "auth": self.headers.get("Authorization"), **body}
        )
        if body["model"] == "broken":
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b"upstream exploded")
            return
        # Answer out of order, as the API allows: clients must sort by index.
        data = [
            {"index": i, "embedding": [float(len(t)), 1.0, 0.0]}
            for i, t in enumerate(body["input"])
        ][::-1]
        payload = json.dumps({"data": data, "model": body["model"]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    EmbeddingsHandler.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), EmbeddingsHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()


def test_embeds_in_batches_in_order(server: str) -> None:
    embedder = OpenAIEmbedder(server, model="tiny", api_key="sk-test", batch_size=2)
    vectors = embedder.embed(["a", "bbb", "cc"])
    expected = np.array([[1, 1, 0], [3, 1, 0], [2, 1, 0]], dtype=np.float32)
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    assert np.allclose(vectors, expected)
    assert embedder.dim == 3 and embedder.name == "openai:tiny"
    assert [r["input"] for r in EmbeddingsHandler.requests] == [["a", "bbb"], ["cc"]]
    assert EmbeddingsHandler.requests[0]["path"] == "/v1/embeddings"
    assert EmbeddingsHandler.requests[0]["auth"] == "Bearer sk-test"


def test_server_errors_are_reported(server: str) -> None:
    with pytest.raises(PersonifyError, match="answered 500: upstream exploded"):
        OpenAIEmbedder(server, model="broken").embed(["x"])
