"""Shared fixtures. ``FakeEmbedder`` exists only here: the product never ships a fake."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

from personify import Personify
from personify.embeddings.minilm import MiniLMEmbedder
from personify.eval.locomo import default_data_dir

# Read at import: the autouse fixture below removes every PERSONIFY_* variable from each test.
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
EVAL_DATA_DIR = default_data_dir()


def require_data(*relative: str) -> Path:
    """The public eval data dir (``../shared/data``) after checking ``relative`` paths exist.

    Missing data skips the test, except under ``CI=true``, where it fails: CI must never pass
    by silently leaving out the tests that read real data (as with PostgreSQL and the browser).
    """
    missing = [p for p in relative if not (EVAL_DATA_DIR / p).exists()]
    if missing:
        reason = (
            f"eval data not found: {', '.join(missing)} under {EVAL_DATA_DIR} "
            "(set PERSONIFY_EVAL_DATA_DIR or put the public split in ../shared/data)"
        )
        if IN_CI:
            pytest.fail(f"{reason} (CI=true: data-dependent tests must run in CI)", pytrace=False)
        pytest.skip(reason)
    return EVAL_DATA_DIR


class FakeEmbedder:
    """Deterministic bag-of-words hashing: texts sharing words get similar vectors.

    Fast and dependency-free for tests of storage and plumbing, where meaning is not the point.
    """

    name = "test-fake-bow"
    dim = 64

    def __init__(self) -> None:
        self.calls = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "big")
                out[row, h % self.dim] += 1.0 if (h >> 32) & 1 else -1.0
            if not out[row].any():
                out[row, 0] = 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)


@pytest.fixture(scope="session")
def minilm() -> MiniLMEmbedder:
    """The real default embedder, loaded once for the whole test session."""
    embedder = MiniLMEmbedder()
    embedder.embed(["warm up"])
    return embedder


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "personify.db"


@pytest.fixture
def engine(db_path: Path, minilm: MiniLMEmbedder) -> Iterator[Personify]:
    """An engine on a fresh SQLite file with the real MiniLM embedder."""
    with Personify(db_path, embedder=minilm) as p:
        yield p


@pytest.fixture
def fake_engine(db_path: Path, fake_embedder: FakeEmbedder) -> Iterator[Personify]:
    with Personify(db_path, embedder=fake_embedder) as p:
        yield p


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's config file, env overrides or data dir.

    The public eval data stays where :func:`require_data` checked for it, so a test that loads
    it without a path reads the same files.
    """
    for key in list(os.environ):
        if key.startswith("PERSONIFY_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("PERSONIFY_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("PERSONIFY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PERSONIFY_EVAL_DATA_DIR", str(EVAL_DATA_DIR))
