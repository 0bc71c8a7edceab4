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


_Pooled = tuple[tuple[tuple[int, int], ...], np.ndarray, np.ndarray]  # spans, vectors, mean
_Tokens = tuple[Sequence[int | None], Sequence[tuple[int, int]], np.ndarray]  # ids, offsets, states


class Words:
    """A text's words as the model's tokenizer splits them: character ``spans`` into the text,
    one contextual vector per word (the mean of its word pieces' last hidden states) and the
    text's mean token state (the sentence vector before normalisation).

    Pooled when first read (:meth:`pooled`): an observe hands out every turn's states and only
    the user's are read."""

    def __init__(
        self, spans: tuple[tuple[int, int], ...], vectors: np.ndarray, mean: np.ndarray
    ) -> None:
        self._pooled: _Pooled | None = (spans, vectors, mean)
        self._tokens: _Tokens | None = None

    @classmethod
    def pooled(
        cls, word_ids: Sequence[int | None], offsets: Sequence[tuple[int, int]], hidden: np.ndarray
    ) -> Words:
        """From one text's token states: the pieces of a word share a word id (the special
        tokens have none) and are averaged; the mean runs over every token, as the sentence
        vector's pooling does."""
        words = cls.__new__(cls)
        words._pooled = None
        words._tokens = (word_ids, offsets, hidden)
        return words

    def _pool(self) -> _Pooled:
        if self._pooled is None:
            assert self._tokens is not None
            self._pooled = _pool(*self._tokens)
            self._tokens = None
        return self._pooled

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        return self._pool()[0]

    @property
    def vectors(self) -> np.ndarray:  # (len(spans), dim)
        return self._pool()[1]

    @property
    def mean(self) -> np.ndarray:  # (dim,)
        return self._pool()[2]


@runtime_checkable
class WordEmbedder(Embedder, Protocol):
    """An embedder that can also hand out the word states of the same forward pass, so a reader
    of words (the learner's span tagger) costs no second run of the model."""

    def embed_words(self, texts: Sequence[str]) -> tuple[np.ndarray, list[Words]]:
        """``embed(texts)`` and each text's :class:`Words`, from one forward pass."""
        ...


def _pool(
    word_ids: Sequence[int | None], offsets: Sequence[tuple[int, int]], hidden: np.ndarray
) -> _Pooled:
    hidden = np.asarray(hidden, dtype=np.float32)
    mean = hidden.mean(axis=0)
    pieces = [t for t, w in enumerate(word_ids) if w is not None]
    if not pieces:
        return (), np.zeros((0, hidden.shape[1]), dtype=np.float32), mean
    first, last = pieces[0], pieces[-1]
    # the special tokens sit at the ends: the pieces are one slice, no copy
    states = hidden[first : last + 1] if last - first + 1 == len(pieces) else hidden[pieces]
    ids = [word_ids[t] for t in pieces]
    starts = [n for n in range(len(pieces)) if n == 0 or ids[n] != ids[n - 1]]
    ends = [*starts[1:], len(pieces)]
    if len(starts) == len(pieces):  # every word one piece
        vectors = np.array(states, dtype=np.float32)
    else:
        counts = np.subtract(ends, starts)
        vectors = np.add.reduceat(states, starts, axis=0) / counts[:, None]
    spans = tuple(
        (int(offsets[pieces[a]][0]), int(offsets[pieces[b - 1]][1]))
        for a, b in zip(starts, ends, strict=True)
    )
    return spans, vectors.astype(np.float32, copy=False), mean


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

    def __getattr__(self, name: str) -> object:
        # ``embed_words`` exactly when the inner embedder has it (see :class:`WordEmbedder`):
        # word states are per call, so they pass by the cache.
        if name == "embed_words":
            return getattr(self.inner, name)
        raise AttributeError(name)
