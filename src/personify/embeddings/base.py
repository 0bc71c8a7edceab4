"""The embedder protocol and what every embedder shares (kept apart from the package's
``__init__`` so the embedders import it without importing the package that chooses them)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np


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
