"""Embedders turn text into L2-normalised float32 vectors; recall is cosine = dot product."""

from __future__ import annotations

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


def embedder_from_settings(settings: Settings) -> Embedder:
    if settings.embedder == "openai":
        from personify.embeddings.openai import OpenAIEmbedder

        return OpenAIEmbedder(
            base_url=settings.openai_base_url,
            model=settings.openai_embedding_model,
            api_key=settings.openai_api_key,
        )
    from personify.embeddings.minilm import MiniLMEmbedder

    return MiniLMEmbedder()


__all__ = ["Embedder", "embedder_from_settings", "normalize"]
