"""Terms for the full-text side of hybrid recall, and BM25 with per-user statistics.

SQLite FTS5 finds the candidate memories that share a word with the query; scoring them uses
BM25 statistics (document frequency, average length) of the *user's own* memories, kept in
``term_stats``. FTS5's built-in ``bm25()`` would use statistics of the whole file, so one user's
text would shift another's ranking (measured on LoCoMo: recall@10 of one conversation fell from
0.667 alone to 0.592 beside five others). Stop words are dropped before the query reaches the
index: an OR over "what", "did", "the" matches nearly every memory and ranks nothing.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache

import Stemmer

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?", re.UNICODE)

STOP_WORDS = frozenset(
    """a about above after again against all am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do does
    doesn't doing don't down during each few for from further had hadn't has hasn't have haven't
    having he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll
    i'm i've if in into is isn't it it's its itself let's me more most mustn't my myself no nor
    not of off on once only or other ought our ours ourselves out over own same shan't she she'd
    she'll she's should shouldn't so some such than that that's the their theirs them themselves
    then there there's these they they'd they'll they're they've this those through to too under
    until up very was wasn't we we'd we'll we're we've were weren't what what's when when's where
    where's which while who who's whom why why's with won't would wouldn't you you'd you'll
    you're you've your yours yourself yourselves also just like get got will shall may might
    must one ever""".split()
)

K1 = 1.2
B = 0.75

_local = threading.local()


def stem(word: str) -> str:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:  # PyStemmer objects are not thread-safe: one per thread
        stemmer = _local.stemmer = Stemmer.Stemmer("english")
    return stemmer.stemWord(word)


def words(text: str, limit: int | None = None) -> list[str]:
    """Distinct content words of ``text`` in order, lower-cased (what FTS5 is asked to match)."""
    seen: dict[str, None] = {}
    for match in _WORD.finditer(text.lower()):
        raw = match.group()
        word = raw.replace("'", "")
        if raw in STOP_WORDS or word in STOP_WORDS or (len(word) < 2 and not word.isdigit()):
            continue
        seen.setdefault(word, None)
        if limit is not None and len(seen) >= limit:
            break
    return list(seen)


def query_terms(text: str, limit: int = 32) -> list[str]:
    return words(text, limit)


# a count said in words is the same term as in figures: "two kids" and "2 kids" ("one" is
# left alone: "the red one" counts nothing)
_NUMBERS = {
    w: str(n)
    for n, w in enumerate(
        "two three four five six seven eight nine ten eleven twelve".split(), start=2
    )
}


def term_counts(text: str) -> Counter[str]:
    """Stemmed content terms of a document with their frequencies (what BM25 scores)."""
    counts: Counter[str] = Counter()
    for match in _WORD.finditer(text.lower()):
        raw = match.group()
        word = raw.replace("'", "")
        if raw in STOP_WORDS or word in STOP_WORDS or (len(word) < 2 and not word.isdigit()):
            continue
        counts[_NUMBERS.get(word) or stem(word)] += 1
    return counts


@lru_cache(maxsize=8192)
def term_set(text: str) -> frozenset[str]:
    """Memoised: consolidation and choice detection compare the same short texts many times."""
    return frozenset(term_counts(text))


def overlap(a: str | None, b: str | None) -> float:
    """Overlap coefficient of two texts' content terms: shared terms over the smaller set."""
    ta, tb = term_set(a or ""), term_set(b or "")
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))


def bm25(
    query: list[str],
    doc: Mapping[str, int],
    doc_len: int,
    df: Mapping[str, int],
    n_docs: int,
    avg_len: float,
) -> float:
    score = 0.0
    norm = K1 * (1 - B + B * doc_len / max(avg_len, 1e-9))
    for term in query:
        tf = doc.get(term, 0)
        if tf:
            n = df.get(term, 0)
            idf = math.log(1 + (n_docs - n + 0.5) / (n + 0.5))
            score += idf * tf * (K1 + 1) / (tf + norm)
    return score
