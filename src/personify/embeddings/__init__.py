"""Embedders turn text into L2-normalised float32 vectors; recall is cosine = dot product."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np

if TYPE_CHECKING:
    from personify.config import Settings


@runtime_checkable
class Embedder(Protocol):
    """What recall needs from an embedding model.

    ``name`` is recorded in the store: a store built with one embedder refuses another, because
    vectors from two models do not share a space.
    """

    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return an ``(len(texts), dim)`` float32 array of unit vectors."""
        ...


def normalize(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class CachedEmbedder:
    """An LRU cache in front of another embedder: repeated texts (queries, filler, tasks) are
    embedded once. Same ``name`` and ``dim``, so a store cannot tell the difference."""

    def __init__(self, inner: Embedder, max_items: int = 50_000) -> None:
        self.inner = inner
        self.name = inner.name
        self.max_items = max_items
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self.hits = self.misses = 0

    @property
    def dim(self) -> int:
        return self.inner.dim

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        self.hits += len(texts) - len(missing)
        self.misses += len(missing)
        if missing:
            for text, vector in zip(missing, self.inner.embed(missing), strict=True):
                self._cache[text] = vector
            while len(self._cache) > self.max_items:
                self._cache.popitem(last=False)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            vector = self._cache.get(text)
            if vector is None:  # evicted within this very call: embed it again
                vector = self.inner.embed([text])[0]
            else:
                self._cache.move_to_end(text)
            out[i] = vector
        return out


def embedder_from_settings(settings: Settings) -> Embedder:
    if settings.embedder == "openai":
        from personify.embeddings.openai import OpenAIEmbedder

        return OpenAIEmbedder(
            base_url=settings.openai_base_url,
            model=settings.openai_embedding_model,
            api_key=settings.openai_api_key,
        )
    if settings.embedder == "minilm":  # the same model and vectors on torch
        from personify.embeddings.minilm import MiniLMEmbedder

        return MiniLMEmbedder()
    from personify.embeddings.onnx import OnnxMiniLMEmbedder

    return OnnxMiniLMEmbedder(quantized=settings.embedder == "onnx-int8")


__all__ = ["CachedEmbedder", "Embedder", "embedder_from_settings", "normalize"]
