"""The default embedder: MiniLM on onnxruntime, the same vectors as sentence-transformers, a graph
exported once from the verified weights and cached, and no torch in a process that finds it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import personify
from personify.config import Settings
from personify.embeddings import Embedder, embedder_from_settings
from personify.embeddings import onnx as onnx_module
from personify.embeddings.minilm import MiniLMEmbedder
from personify.embeddings.onnx import (
    CACHE_DIR_ENV,
    RECIPE,
    OnnxMiniLMEmbedder,
    find_graph,
    graph_dir,
)
from personify.eval.locomo import load_locomo
from tests.conftest import require_data

DEMO = Path(personify.__file__).parent / "demo" / "conversation.jsonl"
LOCOMO_FILE = "locomo/locomo_public.json"
MIN_COSINE = 0.9999


def demo_sentences() -> list[str]:
    lines = DEMO.read_text().splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


def edge_sentences() -> list[str]:
    long_text = " ".join(demo_sentences())
    return [
        "",
        "ok",
        "   padded with spaces   ",
        "Ünïcödé, emoji 🎉 and 中文字符 in one line",
        "word " * 140,  # past tokenizer.json's own 128-token truncation
        long_text * 3,  # past the model's 256-token limit
    ]


def real_sentences(n: int = 1000) -> list[str]:
    """The demo conversation plus LoCoMo turns spread evenly across all conversations."""
    data = require_data(LOCOMO_FILE)
    turns = [t.content for c in load_locomo(data / LOCOMO_FILE).conversations for _, t in c.turns]
    turns = list(dict.fromkeys(turns))
    demo = demo_sentences()
    picks = np.linspace(0, len(turns) - 1, n - len(demo)).round().astype(int)
    sentences = demo + [turns[i] for i in picks]
    assert len(sentences) == n and len(set(sentences)) == n
    return sentences


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1)


def run_python(code: str, cache_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, CACHE_DIR_ENV: str(cache_dir), "OMP_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="session")
def onnx_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(scope="session")
def onnx_minilm(onnx_cache: Path) -> OnnxMiniLMEmbedder:
    """Exports the graph into an empty cache once for the whole session."""
    embedder = OnnxMiniLMEmbedder(cache_dir=onnx_cache)
    embedder.embed(["warm up"])
    assert embedder.exported and embedder.graph_path is not None
    return embedder


def test_same_name_and_dim_as_the_torch_embedder(onnx_minilm: OnnxMiniLMEmbedder) -> None:
    assert isinstance(onnx_minilm, Embedder)
    assert (onnx_minilm.name, onnx_minilm.dim) == (MiniLMEmbedder.name, MiniLMEmbedder.dim)
    vectors = onnx_minilm.embed(["a small dog", "a little puppy", "quarterly tax return filing"])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3
    assert onnx_minilm.embed([]).shape == (0, 384)


def test_vectors_equal_sentence_transformers_on_1000_real_sentences(
    onnx_minilm: OnnxMiniLMEmbedder, minilm: MiniLMEmbedder
) -> None:
    texts = real_sentences()
    cos = cosines(onnx_minilm.embed(texts), minilm.embed(texts))
    assert cos.min() >= MIN_COSINE, f"worst cosine {cos.min():.7f} on {texts[int(cos.argmin())]!r}"


def test_vectors_equal_sentence_transformers_on_demo_and_edge_cases(
    onnx_minilm: OnnxMiniLMEmbedder, minilm: MiniLMEmbedder
) -> None:
    texts = demo_sentences() + edge_sentences()
    cos = cosines(onnx_minilm.embed(texts), minilm.embed(texts))
    assert cos.min() >= MIN_COSINE, f"worst cosine {cos.min():.7f} on {texts[int(cos.argmin())]!r}"


def test_batching_and_order_do_not_change_vectors(onnx_cache: Path, onnx_minilm) -> None:
    small_batches = OnnxMiniLMEmbedder(batch_size=3, cache_dir=onnx_cache)
    texts = demo_sentences() + edge_sentences()
    together = small_batches.embed(texts)
    alone = np.stack([onnx_minilm.embed([t])[0] for t in texts])
    assert np.allclose(together, alone, atol=1e-5)
    assert np.allclose(small_batches.embed(texts[::-1]), together[::-1], atol=1e-5)
    # a token budget per run: long texts go one at a time, short ones many at a time
    budget = OnnxMiniLMEmbedder(batch_size=64, batch_tokens=40, cache_dir=onnx_cache)
    assert np.allclose(budget.embed(texts), together, atol=1e-5)


def test_second_construction_reuses_the_cached_graph(
    onnx_cache: Path, onnx_minilm: OnnxMiniLMEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_export(*args: object) -> Path:
        raise AssertionError("the cached graph should have been reused")

    monkeypatch.setattr(onnx_module, "export_graph", no_export)
    again = OnnxMiniLMEmbedder(cache_dir=onnx_cache)
    vectors = again.embed(["the cache is reused"])
    assert not again.exported and again.graph_path == onnx_minilm.graph_path
    assert np.allclose(vectors, onnx_minilm.embed(["the cache is reused"]), atol=1e-6)


def test_warm_cache_process_never_imports_torch(onnx_cache: Path, onnx_minilm) -> None:
    code = (
        "import json, sys\n"
        "from personify.config import load_settings\n"
        "from personify.embeddings import embedder_from_settings\n"
        "from personify.embeddings.onnx import OnnxMiniLMEmbedder\n"
        "e = embedder_from_settings(load_settings())\n"
        "assert isinstance(e, OnnxMiniLMEmbedder), type(e)\n"
        "v = e.embed(['no torch here', 'none at all'])\n"
        "assert v.shape == (2, 384) and not e.exported\n"
        "assert 'torch' not in sys.modules, 'torch was imported'\n"
        "assert 'transformers' not in sys.modules, 'transformers was imported'\n"
        "print(json.dumps(v[0, :4].tolist()))\n"
    )
    result = run_python(code, onnx_cache)
    assert result.returncode == 0, result.stderr
    expected = onnx_minilm.embed(["no torch here"])[0, :4]
    assert np.allclose(json.loads(result.stdout), expected, atol=1e-6)


def test_partial_cache_file_is_detected_and_exported_again(
    tmp_path: Path, onnx_minilm: OnnxMiniLMEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert onnx_minilm.graph_path is not None
    directory = graph_dir(tmp_path)
    directory.mkdir(parents=True)
    partial = directory / onnx_minilm.graph_path.name
    partial.write_bytes(onnx_minilm.graph_path.read_bytes()[: 10 << 20])  # cut short
    stale = directory / f".{RECIPE}-dead.tmp"  # left by a process killed mid-export
    stale.write_bytes(b"half a graph")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    calls: list[Path] = []
    real_export = onnx_module.export_graph

    def counting_export(model_dir: Path, out: Path) -> Path:
        calls.append(out)
        return real_export(model_dir, out)

    monkeypatch.setattr(onnx_module, "export_graph", counting_export)
    embedder = OnnxMiniLMEmbedder(cache_dir=tmp_path)
    texts = demo_sentences()
    assert np.allclose(embedder.embed(texts), onnx_minilm.embed(texts), atol=1e-6)
    assert embedder.exported and calls == [directory]
    assert embedder.graph_path is not None and find_graph(directory) == embedder.graph_path
    assert not stale.exists()
    assert [p.name for p in directory.iterdir()] == [embedder.graph_path.name]


def test_corrupt_cache_file_is_detected_and_replaced(
    tmp_path: Path, onnx_minilm: OnnxMiniLMEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert onnx_minilm.graph_path is not None
    directory = graph_dir(tmp_path)
    directory.mkdir(parents=True)
    corrupt = directory / onnx_minilm.graph_path.name
    shutil.copyfile(onnx_minilm.graph_path, corrupt)
    with open(corrupt, "r+b") as fh:  # one flipped byte deep in the weights: still loadable
        fh.seek(50 << 20)
        byte = fh.read(1)
        fh.seek(50 << 20)
        fh.write(bytes([byte[0] ^ 0xFF]))
    assert find_graph(directory) is None and not corrupt.exists()

    shutil.copyfile(onnx_minilm.graph_path, corrupt)
    with open(corrupt, "r+b") as fh:
        fh.seek(50 << 20)
        fh.write(bytes([byte[0] ^ 0xFF]))

    def copy_export(model_dir: Path, out: Path) -> Path:  # a real export is tested above
        assert onnx_minilm.graph_path is not None
        shutil.copyfile(onnx_minilm.graph_path, out / onnx_minilm.graph_path.name)
        return out / onnx_minilm.graph_path.name

    monkeypatch.setattr(onnx_module, "export_graph", copy_export)
    embedder = OnnxMiniLMEmbedder(cache_dir=tmp_path)
    assert np.allclose(embedder.embed(["fixed"]), onnx_minilm.embed(["fixed"]), atol=1e-6)
    assert embedder.exported


def test_processes_racing_on_an_empty_cache_both_succeed(tmp_path: Path, onnx_minilm) -> None:
    code = (
        "import json\n"
        "from personify.embeddings.onnx import OnnxMiniLMEmbedder\n"
        "print(json.dumps(OnnxMiniLMEmbedder().embed(['a race'])[0, :4].tolist()))\n"
    )
    env = {**os.environ, CACHE_DIR_ENV: str(tmp_path), "OMP_NUM_THREADS": "1"}
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    expected = onnx_minilm.embed(["a race"])[0, :4]
    for racer in racers:
        out, err = racer.communicate(timeout=300)
        assert racer.returncode == 0, err.decode()
        assert np.allclose(json.loads(out), expected, atol=1e-6)
    directory = graph_dir(tmp_path)
    graphs = list(directory.iterdir())
    assert graphs and all(not p.name.startswith(".") for p in graphs)  # no temp file left
    assert find_graph(directory) is not None and len(list(directory.iterdir())) == len(graphs)


def test_threads_follow_omp_num_threads(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    assert OnnxMiniLMEmbedder(cache_dir=tmp_path).threads == 3
    monkeypatch.setenv("OMP_NUM_THREADS", "not a number")
    assert OnnxMiniLMEmbedder(cache_dir=tmp_path).threads == 0  # onnxruntime's default
    monkeypatch.delenv("OMP_NUM_THREADS")
    assert OnnxMiniLMEmbedder(cache_dir=tmp_path, threads=2).threads == 2


def test_cache_dir_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "cache"))
    embedder = OnnxMiniLMEmbedder()
    assert embedder.cache_dir == tmp_path / "cache" and embedder._session is None  # lazy


def test_settings_choose_the_embedder() -> None:
    assert Settings().embedder == "onnx"
    assert isinstance(embedder_from_settings(Settings()), OnnxMiniLMEmbedder)
    assert isinstance(embedder_from_settings(Settings(embedder="minilm")), MiniLMEmbedder)


def test_int8_variant_is_close_cached_and_named_apart(onnx_cache: Path, onnx_minilm) -> None:
    """The quantised option: near the float vectors on real text, its own name (a store is
    built with one or the other), made once from the float graph and then found in the cache."""
    int8 = OnnxMiniLMEmbedder(cache_dir=onnx_cache, quantized=True)
    assert int8.name == f"{onnx_minilm.name}-int8" and int8.dim == onnx_minilm.dim
    texts = real_sentences(300)
    close = cosines(int8.embed(texts), onnx_minilm.embed(texts))
    assert close.min() > 0.95 and close.mean() > 0.985
    assert int8.graph_path is not None and int8.graph_path != onnx_minilm.graph_path
    assert find_graph(graph_dir(onnx_cache), "int8") == int8.graph_path
    assert find_graph(graph_dir(onnx_cache)) == onnx_minilm.graph_path  # float lookup unchanged
    again = OnnxMiniLMEmbedder(cache_dir=onnx_cache, quantized=True)
    again.embed(["warm"])
    assert again.graph_path == int8.graph_path and not again.exported
    chosen = embedder_from_settings(Settings(embedder="onnx-int8"))
    assert isinstance(chosen, OnnxMiniLMEmbedder) and chosen.quantized
