"""Micro-batching: concurrent ``embed`` calls from many threads share one call to the model.

A server embeds one short query per recall. On ONNX Runtime (or torch) a call costs nearly as much
for one sentence as for dozens, so a server whose worker threads each embed their own query spends
its CPU on per-call overhead, and its throughput stays flat however many clients wait. Here one
thread owns the batched calls: it takes the oldest waiting call, gathers the calls that arrive
within ``max_wait_s`` (up to ``max_batch`` texts), embeds them together and hands each caller its
own rows. While a batch runs, new calls queue, so under load batches grow without any extra wait.

The vectors are the inner embedder's, row for row (same ``name`` and ``dim``), so a store cannot
tell the difference and results equal those of unbatched calls.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Sequence

import numpy as np

from personify.embeddings.base import Embedder


class _Call:
    __slots__ = ("done", "error", "result", "texts")

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        # Held until the result is in: a bare lock wakes the caller for far less work than an
        # Event (whose set() runs a Condition in Python) on the batching thread's hot path.
        self.done = threading.Lock()
        self.done.acquire()
        self.result: np.ndarray | None = None
        self.error: BaseException | None = None


class BatchingEmbedder:
    """Wraps ``inner``; thread-safe. ``batches`` and ``calls`` count what went through the queue.

    A call of ``max_batch`` texts or more is already a batch: it runs in its caller's thread, as it
    would without this wrapper, so a large import never holds queries up behind it.
    """

    def __init__(self, inner: Embedder, max_batch: int = 64, max_wait_s: float = 0.002) -> None:
        if max_batch < 1 or max_wait_s < 0:
            raise ValueError("max_batch must be >= 1 and max_wait_s >= 0")
        self.inner = inner
        self.name = inner.name
        self.max_batch = max_batch
        self.max_wait_s = max_wait_s
        self.calls = self.batches = 0
        self._queue: queue.SimpleQueue[_Call] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start = threading.Lock()

    @property
    def dim(self) -> int:
        return self.inner.dim

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts or len(texts) >= self.max_batch:
            return self.inner.embed(texts)
        call = _Call(texts)
        self._ensure_thread()
        self._queue.put(call)
        call.done.acquire()
        if call.error is not None:
            raise call.error
        assert call.result is not None
        return call.result

    def __getattr__(self, name: str) -> object:
        # ``embed_words`` exactly when the inner embedder has it: an observe's turns are run in
        # the caller's thread, as a large batch is.
        if name == "embed_words":
            return getattr(self.inner, name)
        raise AttributeError(name)

    def _ensure_thread(self) -> None:
        if self._thread is None:
            with self._start:
                if self._thread is None:
                    # A daemon: it only ever waits on the queue or embeds for callers that wait.
                    self._thread = threading.Thread(
                        target=self._run, name="personify-embed-batcher", daemon=True
                    )
                    self._thread.start()

    def _run(self) -> None:
        carry: _Call | None = None
        while True:
            first = carry if carry is not None else self._queue.get()
            carry = None
            batch, size = [first], len(first.texts)
            deadline = time.monotonic() + self.max_wait_s
            while size < self.max_batch:
                try:
                    left = deadline - time.monotonic()
                    nxt = self._queue.get(timeout=left) if left > 0 else self._queue.get_nowait()
                except queue.Empty:
                    break
                if size + len(nxt.texts) > self.max_batch:
                    carry = nxt  # first in the next batch: order is kept
                    break
                batch.append(nxt)
                size += len(nxt.texts)
            self._embed(batch)

    def _embed(self, batch: list[_Call]) -> None:
        try:
            vectors = self.inner.embed([t for call in batch for t in call.texts])
        except BaseException as exc:
            if len(batch) > 1:  # one caller's failure is not the others': each alone
                for call in batch:
                    self._embed([call])
                return
            batch[0].error = exc
            batch[0].done.release()
            return
        self.batches += 1
        self.calls += len(batch)
        start = 0
        for call in batch:
            # A copy: a view would keep the whole batch alive as long as any caller keeps its row
            call.result = np.array(vectors[start : start + len(call.texts)], dtype=np.float32)
            start += len(call.texts)
            call.done.release()
