"""The OpenAI-compatible embedder against a local server speaking the embeddings API."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from personify.embeddings.openai import OpenAIEmbedder
from personify.errors import PersonifyError
from tests.fakes import Reply, fake_openai


def embeddings(path: str, body: dict[str, Any]) -> Reply:
    if body["model"] == "broken":
        return 500, "upstream exploded"
    # Answer out of order, as the API allows: clients must sort by index.
    data = [
        {"index": i, "embedding": [float(len(t)), 1.0, 0.0]} for i, t in enumerate(body["input"])
    ][::-1]
    return 200, {"data": data, "model": body["model"]}


def test_embeds_in_batches_in_order() -> None:
    with fake_openai(embeddings) as server:
        embedder = OpenAIEmbedder(server.url, model="tiny", api_key="sk-test", batch_size=2)
        vectors = embedder.embed(["a", "bbb", "cc"])
        assert embedder.dim == 3 and embedder.name == "openai:tiny"
    expected = np.array([[1, 1, 0], [3, 1, 0], [2, 1, 0]], dtype=np.float32)
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    assert np.allclose(vectors, expected)
    assert [r["input"] for r in server.requests] == [["a", "bbb"], ["cc"]]
    assert server.requests[0]["path"] == "/v1/embeddings"
    assert server.requests[0]["auth"] == "Bearer sk-test"


def test_server_errors_are_reported() -> None:
    with fake_openai(embeddings) as server, pytest.raises(PersonifyError, match="answered 500"):
        OpenAIEmbedder(server.url, model="broken").embed(["x"])
