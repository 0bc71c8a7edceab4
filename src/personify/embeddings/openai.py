"""Embeddings from any OpenAI-compatible ``/embeddings`` endpoint (OpenAI, vLLM, Ollama, ...)."""

from __future__ import annotations

from collections.abc import Sequence

import httpx
import numpy as np

from personify.embeddings.base import normalize
from personify.errors import PersonifyError


class OpenAIEmbedder:
    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None = None,
        batch_size: int = 128,
        timeout: float = 60.0,
        retries: int = 3,
        client: httpx.Client | None = None,
    ) -> None:
        self.name = f"openai:{model}"
        self.model = model
        self.batch_size = batch_size
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = client or httpx.Client(
            base_url=base_url.rstrip("/"),
            headers=headers,
            timeout=timeout,
            transport=httpx.HTTPTransport(retries=retries),
        )
        self._dim: int | None = None

    @property
    def dim(self) -> int:
        if self._dim is None:
            self._dim = int(self.embed(["dimension probe"]).shape[1])
        return self._dim

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        chunks = []
        for start in range(0, len(texts), self.batch_size):
            batch = list(texts[start : start + self.batch_size])
            response = self._client.post("/embeddings", json={"model": self.model, "input": batch})
            if response.status_code != 200:
                raise PersonifyError(
                    f"embedding endpoint answered {response.status_code}: {response.text[:200]}"
                )
            data = sorted(response.json()["data"], key=lambda item: item["index"])
            if len(data) != len(batch):
                raise PersonifyError(
                    f"embedding endpoint returned {len(data)} vectors for {len(batch)} texts"
                )
            chunks.append(np.asarray([item["embedding"] for item in data], dtype=np.float32))
        if not chunks:
            return np.zeros((0, self._dim or 0), dtype=np.float32)
        vectors = normalize(np.concatenate(chunks))
        self._dim = vectors.shape[1]
        return vectors
