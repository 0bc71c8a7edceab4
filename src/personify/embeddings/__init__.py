"""Embedders turn text into L2-normalised float32 vectors; recall is cosine = dot product."""

from __future__ import annotations

from typing import TYPE_CHECKING

from personify.embeddings.base import CachedEmbedder, Embedder, normalize

if TYPE_CHECKING:
    from personify.config import Settings


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
