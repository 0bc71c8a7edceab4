"""The default embedder: all-MiniLM-L6-v2 on ONNX Runtime, with the same vectors as :mod:`minilm`.

No graph is shipped or downloaded. On first use the graph is exported, with the torch that the
install already has, from the packaged weights once their sha256 matches the official release, and
cached under ``$PERSONIFY_CACHE_DIR`` (default: the user cache dir) in a folder named after the
weights' sha256. Each cached file is named after its own sha256: a partial or corrupt file fails
that check on load and is exported again, and publishing a graph is one atomic rename, so processes
that race each end with a complete graph. A process that finds the graph runs on onnxruntime and
tokenizers alone and never imports torch.

Tokenisation (truncation to 256 tokens), mean pooling over the attention mask and L2 normalisation
repeat what sentence-transformers does for this model, so ``name`` and ``dim`` are the torch
embedder's and a store built with one is read with the other.

``quantized=True`` runs an int8 copy (onnxruntime's dynamic quantisation of the exported graph's
MatMul weights, per channel), made and cached the same way. Its vectors are close to the float
ones but not equal, so it records its own ``name``: a store is built with one or the other.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from personify.embeddings.base import Words, normalize
from personify.embeddings.minilm import (
    OFFICIAL_SHA256,
    MiniLMEmbedder,
    file_sha256,
    go_offline,
    model_path,
    verify_model,
)
from personify.errors import PersonifyError

CACHE_DIR_ENV = "PERSONIFY_CACHE_DIR"
# Names the export below: bump it when the export changes, and older graphs are ignored.
RECIPE = "r1-opset17"
OPSET = 17
# sentence-transformers' max_seq_length for all-MiniLM-L6-v2 (its sentence_bert_config.json);
# tokenizer.json itself says 128 and pads to 128, so both are overridden.
MAX_SEQ_LENGTH = 256
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
OUTPUT = "last_hidden_state"
STALE_TEMP_S = 3600  # a temp file older than this was left by a process that died mid-export
# Padded tokens per onnxruntime run. One thread, 400 LoCoMo turns, best of 6 interleaved: 263
# turns/s at 384 tokens, 241/s at 16 rows a batch, ~200/s at 64 rows (longer runs fall out of
# the CPU caches; short texts still go 64 at a time).
BATCH_TOKENS = 384


def default_cache_dir() -> Path:
    """``$PERSONIFY_CACHE_DIR``, else the user cache dir (e.g. ``~/.cache/personify``)."""
    explicit = os.environ.get(CACHE_DIR_ENV)
    if explicit:
        return Path(explicit).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("personify"))


def graph_dir(cache_dir: Path) -> Path:
    """Where graphs exported from the verified weights live, keyed by the weights' sha256."""
    return cache_dir / "onnx" / f"all-MiniLM-L6-v2-{OFFICIAL_SHA256['model.safetensors']}"


def threads_from_env() -> int:
    """Intra-op threads: ``$OMP_NUM_THREADS`` when it is a positive number, else 0 (onnxruntime's
    default, one per physical core)."""
    raw = os.environ.get("OMP_NUM_THREADS", "").split(",")[0].strip()
    try:
        return max(int(raw), 0)
    except ValueError:
        return 0


INT8 = "int8"


def _prefix(variant: str) -> str:
    return RECIPE if variant == "float" else f"{RECIPE}-{variant}"


def is_intact(path: Path) -> bool:
    """Whether the file hashes to the digest in its name; a file that does not is removed.

    Files are only ever renamed into place complete and never rewritten, so a graph checked here is
    the graph onnxruntime then loads by path (which keeps it out of Python's memory).
    """
    expected = path.name.removesuffix(".onnx").rsplit("-", 1)[-1]
    try:
        if file_sha256(path) == expected:
            return True
    except FileNotFoundError:  # removed by another process since it was listed
        return False
    with contextlib.suppress(OSError):
        path.unlink()
    return False


def find_graph(directory: Path, variant: str = "float") -> Path | None:
    """An intact cached graph of ``variant`` ("float" or "int8") in ``directory``, or None."""
    if not directory.is_dir():
        return None
    prefix = _prefix(variant)
    found = sorted(directory.glob(f"{prefix}-*.onnx"))
    mine = [p for p in found if len(p.name.removeprefix(f"{prefix}-").split("-")) == 1]
    return next((p for p in mine if is_intact(p)), None)


def _remove_stale_temps(directory: Path) -> None:
    now = time.time()
    for path in directory.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime > STALE_TEMP_S:
                path.unlink()


def _session(model: Path, threads: int) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.log_severity_level = 3  # errors only
    providers = ["CPUExecutionProvider"]
    return ort.InferenceSession(str(model), sess_options=options, providers=providers)


def export_graph(model_dir: Path, directory: Path) -> Path:
    """Export the model in ``model_dir`` (verified by the caller) to ``directory``; return the path.

    Written to a temp file in ``directory``, checked against torch on a padded batch, then renamed
    to ``RECIPE-<sha256>.onnx`` in one step: readers only ever see complete files.
    """
    go_offline()
    try:
        import torch
        from transformers import AutoModel
        from transformers.utils import logging as hf_logging
    except ImportError as exc:  # pragma: no cover - install problem
        raise PersonifyError(
            "exporting the ONNX graph needs torch and transformers: pip install personify"
        ) from exc
    hf_logging.disable_progress_bar()

    class LastHiddenState(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    directory.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(directory)
    wrapper = LastHiddenState(AutoModel.from_pretrained(str(model_dir))).eval()
    # Traced on a padded batch, so the graph keeps the attention mask rather than a shortcut taken
    # when every token is real.
    ids = torch.tensor([[101, 7592, 2088, 2003, 1037, 3231, 102], [101, 7592, 102, 0, 0, 0, 0]])
    mask = (ids != 0).long()
    types = torch.zeros_like(ids)
    fd, name = tempfile.mkstemp(prefix=f".{RECIPE}-", suffix=".tmp", dir=directory)
    os.close(fd)
    tmp = Path(name)
    try:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the legacy exporter's deprecation and trace notes
            try:
                torch.onnx.export(
                    wrapper,
                    (ids, mask, types),
                    str(tmp),
                    dynamo=False,
                    opset_version=OPSET,
                    input_names=list(INPUTS),
                    output_names=[OUTPUT],
                    dynamic_axes={key: {0: "batch", 1: "sequence"} for key in (*INPUTS, OUTPUT)},
                    do_constant_folding=True,
                )
            except Exception as exc:
                raise PersonifyError(f"exporting all-MiniLM-L6-v2 to ONNX failed: {exc}") from exc
            expected = wrapper(ids, mask, types).numpy()
        feeds = dict(zip(INPUTS, (ids.numpy(), mask.numpy(), types.numpy()), strict=True))
        got = _session(tmp, threads=1).run([OUTPUT], feeds)[0]
        real = mask.numpy().astype(bool)
        if not np.allclose(got[real], expected[real], atol=1e-4):
            raise PersonifyError("the exported ONNX graph disagrees with torch; not caching it")
        final = directory / f"{RECIPE}-{file_sha256(tmp)}.onnx"
        os.replace(tmp, final)  # atomic; a racing process renames identical or equally valid bytes
        return final
    finally:
        tmp.unlink(missing_ok=True)


def quantize_graph(graph: Path, directory: Path) -> Path:
    """An int8 copy of ``graph`` (dynamic quantisation of its weights), published like a graph."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    fd, name = tempfile.mkstemp(prefix=f".{_prefix(INT8)}-", suffix=".tmp", dir=directory)
    os.close(fd)
    tmp = Path(name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # Per-channel int8 weights on the MatMuls only: on 300 LoCoMo turns, cosine to the
            # float vectors mean 0.992 (min 0.975); per-tensor weights gave 0.952 (min 0.881).
            quantize_dynamic(
                str(graph),
                str(tmp),
                weight_type=QuantType.QInt8,
                per_channel=True,
                op_types_to_quantize=["MatMul"],
            )
        final = directory / f"{_prefix(INT8)}-{file_sha256(tmp)}.onnx"
        os.replace(tmp, final)
        return final
    except Exception as exc:
        raise PersonifyError(f"quantising the ONNX graph failed: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)


class OnnxMiniLMEmbedder:
    """all-MiniLM-L6-v2 on onnxruntime; exports and caches the graph on the first :meth:`embed`.

    ``threads`` is onnxruntime's intra-op thread count (default: ``$OMP_NUM_THREADS``, else
    onnxruntime's own choice). Texts are sorted by token count so that each batch pads little,
    and embedded up to ``batch_size`` at a time and ``batch_tokens`` padded tokens per run.
    ``quantized`` selects the int8 graph.
    """

    dim = MiniLMEmbedder.dim

    def __init__(
        self,
        batch_size: int = 64,
        cache_dir: str | Path | None = None,
        threads: int | None = None,
        quantized: bool = False,
        batch_tokens: int = BATCH_TOKENS,
    ) -> None:
        self.quantized = quantized
        self.name = f"{MiniLMEmbedder.name}-int8" if quantized else MiniLMEmbedder.name
        self.batch_size = batch_size
        self.batch_tokens = batch_tokens
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.threads = threads_from_env() if threads is None else threads
        self.graph_path: Path | None = None
        self.exported = False  # whether this instance had to export the graph
        self._session: Any = None
        self._tokenizer: Any = None
        self._inputs: frozenset[str] = frozenset()
        self._lock = threading.Lock()

    def _load(self) -> tuple[Any, Any]:
        with self._lock:
            if self._session is None:
                path = model_path()
                verify_model(path, names=["tokenizer.json"])
                directory = graph_dir(self.cache_dir)
                graph = find_graph(directory)
                if graph is None:
                    verify_model(path)  # the weights too, before anything is built from them
                    try:
                        graph = export_graph(path, directory)
                    except OSError as exc:
                        raise PersonifyError(
                            f"cannot write the ONNX graph cache in {directory}: {exc}; set "
                            f"{CACHE_DIR_ENV} to a writable folder"
                        ) from exc
                    self.exported = True
                if self.quantized:
                    graph = find_graph(directory, INT8) or quantize_graph(graph, directory)
                from tokenizers import Tokenizer

                tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
                tokenizer.enable_truncation(max_length=MAX_SEQ_LENGTH)
                tokenizer.no_padding()
                session = _session(graph, self.threads)
                self.graph_path = graph
                self._inputs = frozenset(i.name for i in session.get_inputs())
                self._tokenizer = tokenizer
                self._session = session
        return self._session, self._tokenizer

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return self._run(texts, None)

    def embed_words(self, texts: Sequence[str]) -> tuple[np.ndarray, list[Words]]:
        words: list[Words | None] = [None] * len(texts)
        vectors = self._run(texts, words)
        return vectors, [w for w in words if w is not None]

    def _run(self, texts: Sequence[str], words: list[Words | None] | None) -> np.ndarray:
        """Sentence vectors; with ``words``, each text's :class:`Words` are put there too."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        session, tokenizer = self._load()
        encodings = tokenizer.encode_batch(list(texts))
        lengths = np.array([len(e.ids) for e in encodings], dtype=np.int64)
        order = np.argsort(-lengths, kind="stable")  # longest first
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        start = 0
        while start < len(order):
            size = min(self.batch_size, max(1, self.batch_tokens // int(lengths[order[start]])))
            rows = order[start : start + size]
            start += size
            ids = np.zeros((len(rows), int(lengths[rows[0]])), dtype=np.int64)
            mask = np.zeros_like(ids)
            for r, i in enumerate(rows):
                ids[r, : lengths[i]] = encodings[i].ids
                mask[r, : lengths[i]] = 1
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = session.run([OUTPUT], {k: v for k, v in feeds.items() if k in self._inputs})[0]
            weights = mask[:, :, None].astype(np.float32)
            out[rows] = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            if words is not None:
                for r, i in enumerate(rows):
                    e = encodings[i]
                    words[i] = Words.pooled(e.word_ids, e.offsets, hidden[r, : lengths[i]])
        return normalize(out)
