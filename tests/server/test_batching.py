"""Micro-batching of embeddings across concurrent requests, and ``personify serve --workers``."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from pathlib import Path

import httpx
import numpy as np
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from personify import Personify
from personify.embeddings.batching import BatchingEmbedder
from personify.server import app as server_app
from personify.server.app import create_app
from personify.server.keys import KeyStore

QUERIES = [
    "what should I cook for dinner",
    "which foods must I avoid",
    "weekend plans",
    "where does my sister live",
    "how should answers be formatted",
    "travel ideas for next spring",
    "what do I do on weekends",
    "anything about my job",
    "is there something I can't eat",
    "which city am I visiting",
    "what are my goals this year",
    "tell me about my family",
]
TURNS = [
    "I'm allergic to shellfish.",
    "I love climbing on weekends.",
    "My sister lives in Lisbon.",
    "I'm planning a trip to Osaka next spring.",
    "Keep answers short, bullet points please.",
    "I work from home and start early.",
    "My goal this year is to get better at chess.",
    "I can't stand mushrooms, please never suggest them.",
]


class CountingEmbedder:
    """The real model, counting the calls that reach it and the texts in each."""

    def __init__(self, inner) -> None:
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.batch_sizes: list[int] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.batch_sizes.append(len(texts))
        return self.inner.embed(texts)


def test_concurrent_recalls_share_batches_and_equal_sequential_ones(tmp_path: Path, minilm):
    model = CountingEmbedder(minilm)
    # A long wait so that on a busy machine the requests still meet within one window.
    engine = Personify(tmp_path / "b.db", embedder=BatchingEmbedder(model, max_wait_s=0.2))
    keys = KeyStore(tmp_path / "b.keys.db")
    headers = {"Authorization": f"Bearer {keys.create('acme')[1]}"}
    app = create_app(engine, keys)
    with TestClient(app) as client:
        for user in ("ann", "bob", "cy"):
            body = {"turns": [{"text": t, "session": "s1"} for t in TURNS]}
            assert client.post(f"/v1/users/{user}/events", json=body, headers=headers).is_success
        asks = [(("ann", "bob", "cy")[i % 3], q) for i, q in enumerate(QUERIES)]
        model.batch_sizes.clear()
        sequential = [recall(client.post, user, q, headers) for user, q in asks]
    assert model.batch_sizes == [1] * len(asks)  # one request at a time: a batch of one each

    async def together() -> list[list[tuple[str, float]]]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            responses = await asyncio.gather(
                *(
                    client.post(f"/v1/users/{u}/recall", json={"query": q, "k": 5}, headers=headers)
                    for u, q in asks
                )
            )
        return [hits(r) for r in responses]

    model.batch_sizes.clear()
    concurrent = asyncio.run(together())
    assert sum(model.batch_sizes) == len(asks)  # every query embedded once
    assert len(model.batch_sizes) < len(asks), model.batch_sizes  # ... in fewer calls
    assert max(model.batch_sizes) > 1
    for alone, batched in zip(sequential, concurrent, strict=True):
        assert [m for m, _ in batched] == [m for m, _ in alone]
        assert np.allclose([s for _, s in batched], [s for _, s in alone], atol=1e-4)


def recall(post, user: str, query: str, headers: dict[str, str]) -> list[tuple[str, float]]:
    return hits(post(f"/v1/users/{user}/recall", json={"query": query, "k": 5}, headers=headers))


def hits(response: httpx.Response) -> list[tuple[str, float]]:
    assert response.status_code == 200, response.text
    found = [(h["memory"]["id"], h["score"]) for h in response.json()["hits"]]
    assert found
    return found


def test_batched_vectors_are_each_callers_own_rows(minilm) -> None:
    batcher = BatchingEmbedder(minilm, max_batch=8, max_wait_s=0.2)
    texts = [[q] for q in QUERIES[:6]] + [QUERIES[6:9], QUERIES[9:]]  # single texts and pairs
    out: dict[int, np.ndarray] = {}
    threads = [
        threading.Thread(target=lambda i=i, t=t: out.__setitem__(i, batcher.embed(t)))
        for i, t in enumerate(texts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert batcher.calls == len(texts) and batcher.batches < len(texts)
    for i, t in enumerate(texts):
        assert out[i].shape == (len(t), minilm.dim)
        assert np.allclose(out[i], minilm.embed(t), atol=1e-5)
    assert batcher.embed([]).shape[0] == 0
    big = QUERIES[:8]  # max_batch texts: already a batch, embedded in the caller's thread
    assert np.allclose(batcher.embed(big), minilm.embed(big), atol=1e-5)
    assert batcher.calls == len(texts)


def test_a_failing_call_fails_alone(fake_embedder) -> None:
    class Picky:
        name, dim = fake_embedder.name, fake_embedder.dim

        def embed(self, texts: Sequence[str]) -> np.ndarray:
            if "boom" in texts:
                raise RuntimeError("upstream refused 'boom'")
            return fake_embedder.embed(texts)

    batcher = BatchingEmbedder(Picky(), max_wait_s=0.2)
    results: dict[str, object] = {}

    def call(text: str) -> None:
        try:
            results[text] = batcher.embed([text])
        except RuntimeError as exc:
            results[text] = exc

    threads = [threading.Thread(target=call, args=(t,)) for t in ("fine", "boom", "also fine")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert isinstance(results["boom"], RuntimeError)
    assert np.allclose(results["fine"], fake_embedder.embed(["fine"]))
    assert np.allclose(results["also fine"], fake_embedder.embed(["also fine"]))
    with pytest.raises(ValueError, match="max_batch"):
        BatchingEmbedder(fake_embedder, max_batch=0)


def test_serve_workers_runs_the_app_factory(tmp_path: Path, monkeypatch, fake_embedder) -> None:
    import socket

    import uvicorn.importer
    import uvicorn.supervisors

    from personify.cli import app

    monkeypatch.setenv("PERSONIFY_DB_PATH", "set by serve, removed after the test")
    seen: dict[str, object] = {}

    class Supervisor:  # uvicorn's, up to starting the worker processes
        def __init__(self, config, sockets) -> None:
            seen.update(config=config, proto=[s.proto for s in sockets])

        def run(self) -> None:
            seen["ran"] = True

    monkeypatch.setattr(uvicorn.supervisors, "Multiprocess", Supervisor)
    db = tmp_path / "w.db"
    result = CliRunner().invoke(app, ["serve", "--workers", "2", "--port", "0", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "2 workers" in result.output and seen["ran"]
    config = seen["config"]
    assert config.workers == 2 and config.factory and config.port == 0
    # The shared listening socket is marked TCP, so asyncio turns Nagle off (uvicorn#3149).
    assert seen["proto"] == [socket.IPPROTO_TCP]
    # What each worker process runs: the import string resolves to the factory, which builds a
    # serving app on the --db store (read from the environment the workers inherit).
    factory = uvicorn.importer.import_from_string(config.app)
    assert factory is server_app.app_from_settings
    monkeypatch.setattr(server_app, "embedder_from_settings", lambda settings: fake_embedder)
    built = factory()
    assert isinstance(built.state.engine.embedder, BatchingEmbedder)
    assert built.state.engine.embedder.inner is fake_embedder
    with TestClient(built) as client:
        assert client.get("/readyz").json()["status"] == "ready"
    assert db.exists() and (tmp_path / "w.keys.db").exists()
    bad = CliRunner().invoke(app, ["serve", "--workers", "0", "--db", str(db)])
    assert bad.exit_code != 0 and "workers" in bad.output
