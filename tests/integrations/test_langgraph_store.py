"""LangGraph's own store tests, adapted to ``PersonifyStore``, plus what personify adds.

Adapted from langchain-ai/langgraph (commit f09cfe8ffc1eeffd68f4b628ed69c30f7cad229f):
``libs/checkpoint/tests/test_store.py`` (the InMemoryStore suite) and
``libs/checkpoint-sqlite/tests/test_store.py`` (batch ops, filters and namespace matching).
Each adapted test names its source test in its docstring. Differences that follow from the
design (see ``personify.integrations.langgraph``):

- the embedder is the suite's ``FakeEmbedder`` (bag of words) instead of LangGraph's
  ``CharacterEmbeddings``, so a misspelt query ("bbbbluuu") becomes the word it stands for;
- an item has one embedding (its index paths' text joined), not one per path, so
  ``test_embed_with_path`` keeps its ranking checks but not the equal-score ones.

Not applicable, and why:

- ``test_async_batch_store*``, ``test_async_batch_store_resilience``,
  ``..._handles_cancellation``, ``..._deduplication``: they test LangGraph's
  ``AsyncBatchedBaseStore`` and ``InMemoryStore`` internals, not the store contract;
- ``test_get_text_at_path``, ``test_escape_glob_literal``, ``test_namespace_match_pattern``,
  ``test_nonnull_migrations``, ``test_list_namespaces_prefix_uses_indexable_condition``:
  helpers and SQL of LangGraph's own stores;
- ``test_vector_store_initialization``, ``test_scores``, distance-type parametrisation:
  ``PersonifyStore`` takes no ``index`` config; it embeds with the engine's embedder and scores
  by cosine;
- ``test_sql_injection_vulnerability`` (a filter key is never SQL here: any key is a plain
  lookup); TTL tests (``supports_ttl`` is False).
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import pytest
from langgraph.store.base import (
    GetOp,
    InvalidNamespaceError,
    Item,
    ListNamespacesOp,
    MatchCondition,
    PutOp,
    SearchOp,
)

from personify import Personify
from personify.errors import InvalidInputError
from personify.integrations.langgraph import PersonifyStore
from tests.conftest import FakeEmbedder

# the store suite's backend fixtures: SQLite, and PostgreSQL when PERSONIFY_TEST_PG_DSN is set
from tests.store.conftest import MakeStore, backend, make_store, pg_dsn  # noqa: F401


@pytest.fixture
def store(fake_engine: Personify) -> PersonifyStore:
    return PersonifyStore(fake_engine)


def put_all(store: PersonifyStore, namespaces: list[tuple[str, ...]]) -> None:
    for i, ns in enumerate(namespaces):
        store.put(namespace=ns, key=f"id_{i}", value={"data": f"value_{i:02d}"})


# -- namespaces (checkpoint/tests/test_store.py) ----------------------------------------------
def test_list_namespaces_basic(store: PersonifyStore) -> None:
    """test_list_namespaces_basic"""
    put_all(
        store,
        [
            ("a", "b", "c"),
            ("a", "b", "d", "e"),
            ("a", "b", "d", "i"),
            ("a", "b", "f"),
            ("a", "c", "f"),
            ("b", "a", "f"),
            ("users", "123"),
            ("users", "456", "settings"),
            ("admin", "users", "789"),
        ],
    )
    abd = [("a", "b", "c"), ("a", "b", "d", "e"), ("a", "b", "d", "i"), ("a", "b", "f")]
    assert sorted(store.list_namespaces(prefix=("a", "b"))) == abd
    assert sorted(store.list_namespaces(suffix=("f",))) == [
        ("a", "b", "f"),
        ("a", "c", "f"),
        ("b", "a", "f"),
    ]
    assert sorted(store.list_namespaces(prefix=("a",), suffix=("f",))) == [
        ("a", "b", "f"),
        ("a", "c", "f"),
    ]
    assert sorted(store.list_namespaces(prefix=("a", "b"), max_depth=3)) == [
        ("a", "b", "c"),
        ("a", "b", "d"),
        ("a", "b", "f"),
    ]
    assert store.list_namespaces(prefix=("a", "b"), limit=2) == abd[:2]
    assert store.list_namespaces(prefix=("a", "b"), offset=2) == abd[2:]
    assert sorted(store.list_namespaces(prefix=("a", "*", "f"))) == [
        ("a", "b", "f"),
        ("a", "c", "f"),
    ]
    assert sorted(store.list_namespaces(suffix=("*", "f"))) == [
        ("a", "b", "f"),
        ("a", "c", "f"),
        ("b", "a", "f"),
    ]
    assert store.list_namespaces(prefix=("nonexistent",)) == []
    assert store.list_namespaces(prefix=("users", "123")) == [("users", "123")]


def test_list_namespaces_with_wildcards(store: PersonifyStore) -> None:
    """test_list_namespaces_with_wildcards"""
    put_all(
        store,
        [
            ("users", "123"),
            ("users", "456"),
            ("users", "789", "settings"),
            ("admin", "users", "789"),
            ("guests", "123"),
            ("guests", "456", "preferences"),
        ],
    )
    assert sorted(store.list_namespaces(prefix=("users", "*"))) == [
        ("users", "123"),
        ("users", "456"),
        ("users", "789", "settings"),
    ]
    assert store.list_namespaces(suffix=("*", "preferences")) == [("guests", "456", "preferences")]
    assert store.list_namespaces(prefix=("*", "users"), suffix=("*", "settings")) == []
    store.put(("admin", "users", "settings", "789"), "foo", {"data": "some_val"})
    assert store.list_namespaces(prefix=("*", "users"), suffix=("settings", "*")) == [
        ("admin", "users", "settings", "789")
    ]


def test_list_namespaces_pagination(store: PersonifyStore) -> None:
    """test_list_namespaces_pagination"""
    for i in range(20):
        store.put(("namespace", f"sub_{i:02d}"), f"id_{i:02d}", {"data": f"value_{i:02d}"})
    for offset in (0, 5, 15):
        got = store.list_namespaces(prefix=("namespace",), limit=5, offset=offset)
        assert got == [("namespace", f"sub_{i:02d}") for i in range(offset, offset + 5)]


def test_list_namespaces_max_depth_and_no_conditions(store: PersonifyStore) -> None:
    """test_list_namespaces_max_depth, test_list_namespaces_no_conditions and
    test_list_namespaces_empty_store"""
    assert store.list_namespaces() == []
    namespaces = [
        ("a", "b", "c", "d"),
        ("a", "b", "c", "e"),
        ("a", "b", "f"),
        ("a", "g"),
        ("h", "i", "j", "k"),
    ]
    put_all(store, namespaces)
    assert store.list_namespaces(max_depth=2) == [("a", "b"), ("a", "g"), ("h", "i")]
    assert store.list_namespaces() == sorted(namespaces)


def test_invalid_namespaces_are_refused(store: PersonifyStore) -> None:
    """test_cannot_put_empty_namespace (the public-API and raw-batch halves)"""
    doc = {"foo": "bar"}
    for bad in [(), ("the", "thing.about"), ("some", "fun", ""), ("langgraph", "foo")]:
        with pytest.raises(InvalidNamespaceError):
            store.put(bad, "foo", doc)
        with pytest.raises(InvalidNamespaceError):
            asyncio.run(store.aput(bad, "foo", doc))
    ns = ("foo", "langgraph", "foo")
    asyncio.run(store.aput(ns, "bar", doc))
    assert asyncio.run(store.aget(ns, "bar")).value == doc
    assert asyncio.run(store.asearch(ns, query="bar"))[0].value == doc
    asyncio.run(store.adelete(ns, "bar"))
    assert asyncio.run(store.aget(ns, "bar")) is None
    # past the public put api, as in the source: the root label is the store's business
    store.batch([PutOp(("langgraph", "foo"), "bar", doc)])
    assert store.get(("langgraph", "foo"), "bar").value == doc
    assert store.search(("langgraph", "foo"))[0].value == doc
    store.delete(("langgraph", "foo"), "bar")
    assert store.get(("langgraph", "foo"), "bar") is None


# -- semantic search (checkpoint/tests/test_store.py) -----------------------------------------
DOCS = [
    ("doc1", {"text": "short text"}),
    ("doc2", {"text": "longer text document"}),
    ("doc3", {"text": "longest text document here"}),
    ("doc4", {"description": "text in description field"}),
    ("doc5", {"content": "text in content field"}),
    ("doc6", {"body": "text in body field"}),
]


def test_vector_insert_with_auto_embedding(store: PersonifyStore) -> None:
    """test_vector_insert_with_auto_embedding and its async twin"""
    for key, value in DOCS[:3]:
        store.put(("test",), key, value)

    async def rest() -> None:
        for key, value in DOCS[3:]:
            await store.aput(("test",), key, value)

    asyncio.run(rest())
    results = store.search(("test",), query="longer text document")
    assert [r.key for r in results][:2] == ["doc2", "doc3"]
    assert results[0].score == pytest.approx(1.0)
    assert {r.key for r in asyncio.run(store.asearch(("test",), query="text"))} == {
        k for k, _ in DOCS
    }


def test_vector_update_with_embedding(store: PersonifyStore) -> None:
    """test_vector_update_with_embedding"""
    store.put(("test",), "doc1", {"text": "zany zebra Xerxes"})
    store.put(("test",), "doc2", {"text": "something about dogs"})
    store.put(("test",), "doc3", {"text": "text about birds"})
    initial = store.search(("test",), query="Zany Xerxes")
    assert initial[0].key == "doc1"
    initial_score = initial[0].score
    assert initial_score is not None and initial_score > 0.5

    store.put(("test",), "doc1", {"text": "new text about dogs"})
    after = store.search(("test",), query="Zany Xerxes")
    after_score = next(r.score for r in after if r.key == "doc1")
    assert after_score < initial_score
    new = store.search(("test",), query="new text about dogs")
    assert next(r.score for r in new if r.key == "doc1") > after_score

    store.put(("test",), "doc4", {"text": "new text about dogs"}, index=False)
    assert not any(
        r.key == "doc4" for r in store.search(("test",), query="new text about dogs", limit=3)
    )
    unindexed = store.search(("test",), query="new text about dogs", limit=10)[-1]
    assert (unindexed.key, unindexed.score) == ("doc4", None)


COLORED = [
    ("doc1", {"text": "red apple", "color": "red", "score": 4.5}),
    ("doc2", {"text": "red car", "color": "red", "score": 3.0}),
    ("doc3", {"text": "green apple", "color": "green", "score": 4.0}),
    ("doc4", {"text": "blue car", "color": "blue", "score": 3.5}),
]


def test_vector_search_with_filters(store: PersonifyStore) -> None:
    """test_vector_search_with_filters ("bbbbluuu" -> "blue": a bag-of-words embedder)"""
    for key, value in COLORED:
        store.put(("test",), key, value)
    results = store.search(("test",), query="apple", filter={"color": "red"})
    assert [r.key for r in results] == ["doc1", "doc2"]
    results = store.search(("test",), query="car", filter={"color": "red"})
    assert [r.key for r in results] == ["doc2", "doc1"]
    results = store.search(("test",), query="blue", filter={"score": {"$gt": 3.2}})
    assert len(results) == 3 and results[0].key == "doc4"
    results = store.search(
        ("test",), query="apple", filter={"score": {"$gte": 4.0}, "color": "green"}
    )
    assert [r.key for r in results] == ["doc3"]


def test_async_concurrent_puts_deletes_and_searches(store: PersonifyStore) -> None:
    """test_async_batched_vector_search_concurrent (20 docs instead of 50: each put embeds
    and learns; gathered, so puts, deletes and re-puts of one key may interleave)"""
    colors = ["red", "blue", "green", "yellow", "purple"]
    things = ["apple", "car", "house", "book", "phone"]
    docs = [
        (
            f"doc{i}",
            {"text": f"{colors[i % 5]} {things[i % 5]}", "color": colors[i % 5], "index": i},
        )
        for i in range(20)
    ]

    async def scenario() -> list[list[Any]]:
        await asyncio.gather(*[store.aput(("test",), k, v) for k, v in docs])
        await asyncio.gather(*[store.adelete(("test",), k) for k, _ in docs[:10]])
        await asyncio.gather(*[store.aput(("test",), k, v) for k, v in docs[:10]])
        queries = [("apple", {"color": "red"}), ("car", {"index": {"$gt": 5}})]
        return await asyncio.gather(
            *[store.asearch(("test",), query=q, filter=f, limit=50) for q, f in queries]
        )

    red_apples, late_cars = asyncio.run(scenario())
    assert {r.key for r in red_apples} == {"doc0", "doc5", "doc10", "doc15"}
    assert all(r.value["color"] == "red" for r in red_apples)
    assert {r.key for r in late_cars} == {f"doc{i}" for i in range(6, 20)}
    assert late_cars[0].value["text"] == "blue car"
    assert len(store.search(("test",), limit=100)) == 20


def test_vector_search_pagination(store: PersonifyStore) -> None:
    """test_vector_search_pagination"""
    for i in range(5):
        store.put(("test",), f"doc{i}", {"text": f"test document number {i}"})
    page1 = store.search(("test",), query="test", limit=2)
    page2 = store.search(("test",), query="test", limit=2, offset=2)
    assert len(page1) == len(page2) == 2
    assert {r.key for r in page1}.isdisjoint(r.key for r in page2)
    assert len(store.search(("test",), query="test", limit=10)) == 5


def test_embed_with_path(fake_engine: Personify) -> None:
    """test_embed_with_path (store-level and operation-level fields)"""
    store = PersonifyStore(fake_engine, fields=["key0", "key1", "key3"])
    store.put(("test",), "doc1", {"key1": "xxx", "key2": "yyy", "key3": "zzz"})
    store.put(("test",), "doc2", {"key0": "uuu", "key1": "vvv", "key2": "www", "key3": "xxx"})
    assert store.search(("test",), query="uuu")[0].key == "doc2"
    assert store.search(("test",), query="zzz")[0].key == "doc1"
    www = store.search(("test",), query="www")  # key2 is not indexed
    assert len(www) == 2 and all(r.score < 0.5 for r in www)

    plain = PersonifyStore(fake_engine, fields=["key17"])
    plain.put(
        ("ops",), "doc3", {"key0": "aaa", "key1": "bbb", "key3": "ddd"}, index=["key0", "key1"]
    )
    plain.put(
        ("ops",), "doc4", {"key0": "eee", "key1": "bbb", "key3": "ggg"}, index=["key1", "key3"]
    )
    assert plain.search(("ops",), query="aaa")[0].key == "doc3"
    assert plain.search(("ops",), query="ggg")[0].key == "doc4"
    bbb = plain.search(("ops",), query="bbb")
    assert bbb[0].score == pytest.approx(bbb[1].score)
    plain.put(("ops",), "doc5", {"key0": "hhh", "key1": "iii"}, index=False)
    hhh = plain.search(("ops",), query="hhh")
    assert len(hhh) == 3 and next(r for r in hhh if r.key == "doc5").score is None


def test_non_ascii(store: PersonifyStore) -> None:
    """test_non_ascii"""
    texts = ["这是中文", "これは日本語です", "이건 한국어야", "Это русский", "यह रूसी है"]
    for i, text in enumerate(texts, 1):
        store.put(("user_123", "memories"), str(i), {"text": text})
    for i, text in enumerate(texts, 1):
        assert store.search(("user_123", "memories"), query=text)[0].key == str(i)
        assert store.get(("user_123", "memories"), str(i)).value == {"text": text}


# -- batches and filters (checkpoint-sqlite/tests/test_store.py) ------------------------------
def test_batch_order(store: PersonifyStore) -> None:
    """test_batch_order"""
    store.put(("test", "foo"), "key1", {"data": "value1"})
    store.put(("test", "bar"), "key2", {"data": "value2"})
    results = store.batch(
        [
            GetOp(namespace=("test", "foo"), key="key1"),
            PutOp(namespace=("test", "bar"), key="key2", value={"data": "value2"}),
            SearchOp(namespace_prefix=("test",), filter={"data": "value1"}, limit=10),
            ListNamespacesOp(match_conditions=None, max_depth=None, limit=10),
            GetOp(namespace=("test",), key="key3"),
        ]
    )
    assert isinstance(results[0], Item) and results[0].value == {"data": "value1"}
    assert (results[0].key, results[0].namespace) == ("key1", ("test", "foo"))
    assert results[1] is None
    assert [(i.key, i.value) for i in results[2]] == [("key1", {"data": "value1"})]
    assert set(results[3]) == {("test", "foo"), ("test", "bar")}
    assert results[4] is None

    reordered = store.batch(
        [
            SearchOp(namespace_prefix=("test",), limit=5),
            GetOp(namespace=("test", "bar"), key="key2"),
            ListNamespacesOp(limit=5),
            PutOp(namespace=("test",), key="key3", value={"data": "value3"}),
            GetOp(namespace=("test", "foo"), key="key1"),
        ]
    )
    assert len(reordered[0]) == 2
    assert reordered[1].value == {"data": "value2"} and reordered[1].namespace == ("test", "bar")
    assert reordered[3] is None
    assert reordered[4].value == {"data": "value1"}
    assert store.get(("test",), "key3").value == {"data": "value3"}


def test_batch_get_put_and_delete_ops(store: PersonifyStore) -> None:
    """test_batch_get_ops and test_batch_put_ops"""
    assert store.batch(
        [
            PutOp(namespace=("test",), key="key1", value={"data": "value1"}),
            PutOp(namespace=("test",), key="key2", value={"data": "value2"}),
            PutOp(namespace=("test",), key="key3", value=None),  # delete of nothing
        ]
    ) == [None, None, None]
    got = store.batch(
        [GetOp(("test",), "key1"), GetOp(("test",), "key2"), GetOp(("test",), "key3")]
    )
    assert [g.key if g else None for g in got] == ["key1", "key2", None]
    assert got[1].value == {"data": "value2"}


def test_batch_search_ops(store: PersonifyStore) -> None:
    """test_batch_search_ops"""
    for ns, key, value in [
        (("test", "foo"), "key1", {"data": "value1", "tag": "a"}),
        (("test", "bar"), "key2", {"data": "value2", "tag": "a"}),
        (("test", "baz"), "key3", {"data": "value3", "tag": "b"}),
    ]:
        store.put(ns, key, value)
    tagged, first_two, foo = store.batch(
        [
            SearchOp(namespace_prefix=("test",), filter={"tag": "a"}),
            SearchOp(namespace_prefix=("test",), limit=2),
            SearchOp(namespace_prefix=("test", "foo")),
        ]
    )
    assert {i.key for i in tagged} == {"key1", "key2"}
    assert [i.key for i in first_two] == ["key3", "key2"]  # newest first
    assert [i.namespace for i in foo] == [("test", "foo")]


def test_batch_list_namespaces_ops(store: PersonifyStore) -> None:
    """test_batch_list_namespaces_ops and TestSqliteStore.test_list_namespaces"""
    namespaces = [
        ("test", "documents", "public"),
        ("test", "documents", "private"),
        ("test", "images", "public"),
        ("prod", "documents", "public"),
    ]
    for ns in namespaces:
        store.put(ns, "dummy", {"content": "dummy"})
    everything, shallow, public = store.batch(
        [
            ListNamespacesOp(),
            ListNamespacesOp(max_depth=2),
            ListNamespacesOp(match_conditions=(MatchCondition("suffix", ("public",)),)),
        ]
    )
    assert sorted(everything) == sorted(namespaces)
    assert shallow == [("prod", "documents"), ("test", "documents"), ("test", "images")]
    assert len(public) == 3 and all(ns[-1] == "public" for ns in public)
    assert len(store.list_namespaces(prefix=["test"])) == 3
    assert len(store.list_namespaces(limit=3)) == 3


def test_basic_store_operations(store: PersonifyStore) -> None:
    """TestSqliteStore.test_basic_store_ops and test_basic_store_operations"""
    namespace = ("uid", "test", "documents")
    assert store.search(("uid",)) == []
    value = {"title": "Test Document", "content": "Hello, World!"}
    store.put(namespace, "doc1", value)
    item = store.get(namespace, "doc1")
    assert (item.namespace, item.key, item.value) == (namespace, "doc1", value)
    assert item.created_at == item.updated_at

    time.sleep(0.002)
    updated = {"title": "Updated Test Document", "content": "Hello, LangGraph!"}
    store.put(namespace, "doc1", updated)
    after = store.get(namespace, "doc1")
    assert after.value == updated
    assert after.created_at == item.created_at and after.updated_at > item.updated_at
    assert store.get(("uid", "test", "other_documents"), "doc1") is None

    store.put(namespace, "doc2", {"title": "Another Document", "content": "Greetings!"})
    assert {i.key for i in store.search(("uid", "test"), limit=10)} == {"doc1", "doc2"}
    assert (namespace) in store.list_namespaces(prefix=("uid", "test"))
    store.delete(namespace, "doc1")
    store.delete(namespace, "doc2")
    assert store.get(namespace, "doc1") is None and store.get(namespace, "doc2") is None
    assert store.search(("uid", "test"), limit=10) == []


def test_list_namespaces_operations(store: PersonifyStore) -> None:
    """test_list_namespaces_operations"""
    p = "pref"
    namespaces = [
        (p, "test", "documents", "public", p),
        (p, "test", "documents", "private", p),
        (p, "test", "images", "public", p),
        (p, "test", "images", "private", p),
        (p, "prod", "documents", "public", p),
        (p, "prod", "documents", "some", "nesting", "public", p),
        (p, "prod", "documents", "private", p),
    ]
    for ns in namespaces:
        store.put(ns, "dummy", {"content": "dummy"})
    assert len(store.list_namespaces(prefix=(p, "test"))) == 4
    assert len(store.list_namespaces(prefix=(p, "test", "documents"))) == 2
    assert len(store.list_namespaces(suffix=("public", p))) == 4
    assert len(store.list_namespaces(prefix=(p, "test"), suffix=("public", p))) == 2
    assert len(store.list_namespaces(prefix=(p, "*", "documents"))) == 5
    assert len(store.list_namespaces(suffix=("*", "public", p))) == 4
    assert store.list_namespaces(suffix=("some", "*", "public", p)) == [namespaces[5]]
    assert all(len(ns) <= 3 for ns in store.list_namespaces(max_depth=3))
    assert len(store.list_namespaces(max_depth=4, prefix=(p, "*", "documents"))) == 5
    assert len(store.list_namespaces(prefix=(p,), limit=3)) == 3
    assert len(store.list_namespaces(prefix=(p,), offset=3)) == len(namespaces) - 3
    assert set(store.list_namespaces(prefix=(p,))) == set(namespaces)


def test_search_items(store: PersonifyStore) -> None:
    """test_search_items and TestSqliteStore.test_search"""
    base = "test_search_items"
    rows = [
        ("documents", "user1", "Doc 1", "John Doe", ["important"]),
        ("documents", "user2", "Doc 2", "Jane Smith", ["draft"]),
        ("reports", "department1", "Report A", "John Doe", ["final"]),
        ("reports", "department2", "Report B", "Alice Johnson", ["draft", "x"]),
    ]
    for kind, owner, title, author, tags in rows:
        value = {"title": title, "author": author, "tags": tags}
        store.put((base, kind, owner), f"item_{owner}", value)
    docs = store.search((base, "documents"))
    assert len(docs) == 2 and all(i.namespace[1] == "documents" for i in docs)
    first, second = store.search((base,), limit=2), store.search((base,), limit=2, offset=2)
    assert len(first) == len(second) == 2
    assert {i.key for i in first}.isdisjoint(i.key for i in second)
    assert len(store.search((base,))) == 4
    john = store.search((base,), filter={"author": "John Doe"})
    assert {i.value["title"] for i in john} == {"Doc 1", "Report A"}
    drafts = store.search((base,), filter={"tags": ["draft"]})  # containment, as in JSONB
    assert {i.value["title"] for i in drafts} == {"Doc 2", "Report B"}


def test_filter_values_are_data(store: PersonifyStore) -> None:
    """test_sql_injection_filter_values, test_numeric_filter_safety,
    test_boolean_filter_safety and test_filter_keys_with_hyphens_and_digits"""
    store.put(("docs",), "doc1", {"access": "public", "title": "Public Document"})
    store.put(("docs",), "doc2", {"access": "private", "title": "Private Document"})
    for malicious in ["public' OR '1'='1", "public'; --", "public\x00' OR '1'='1", "''''"]:
        assert store.search(("docs",), filter={"access": malicious}) == []
    store.put(("docs",), "doc4", {"title": "O'Brien's Document", "access": "public"})
    assert [r.key for r in store.search(("docs",), filter={"title": "O'Brien's Document"})] == [
        "doc4"
    ]

    for i, price in enumerate([10, 20, 30], 1):
        store.put(("items",), f"item{i}", {"price": price})
    assert len(store.search(("items",), filter={"price": {"$gt": 15}})) == 2
    assert len(store.search(("items",), filter={"price": {"$lt": float("inf")}})) == 3
    assert len(store.search(("items",), filter={"price": {"$gt": float("-inf")}})) == 3
    assert store.search(("items",), filter={"price": {"$eq": float("nan")}}) == []
    assert len(store.search(("items",), filter={"price": {"$lt": 10**100}})) == 3
    store.put(("items",), "item4", {"price": -10})
    assert [r.key for r in store.search(("items",), filter={"price": {"$lt": 0}})] == ["item4"]

    store.put(("flags",), "flag1", {"active": True})
    store.put(("flags",), "flag2", {"active": False})
    store.put(("flags",), "flag3", {"active": 1})  # JSON 1 is not true
    assert [r.key for r in store.search(("flags",), filter={"active": True})] == ["flag1"]
    assert [r.key for r in store.search(("flags",), filter={"active": False})] == ["flag2"]

    store.put(("keys",), "hyphen", {"access-level": "public", "user": {"access-level": "n"}})
    store.put(("keys",), "digit", {"123abc": "ok", "user": {"123abc": "ok2"}})
    for filt, key in [
        ({"access-level": "public"}, "hyphen"),
        ({"user.access-level": "n"}, "hyphen"),
        ({"123abc": "ok"}, "digit"),
        ({"user.123abc": "ok2"}, "digit"),
        ({"user": {"123abc": "ok2"}}, "digit"),
    ]:
        assert [r.key for r in store.search(("keys",), filter=filt)] == [key]


def test_namespace_matching_is_by_whole_labels(store: PersonifyStore) -> None:
    """test_search_namespace_segment_boundary, ..._wildcard_chars_are_literal,
    ..._is_case_sensitive, test_list_namespaces_segment_boundary,
    test_search_empty_prefix_is_unconstrained, test_namespace_labels_with_trailing_newline
    and test_list_namespaces_metacharacter_labels. Labels name personify users here, so a
    label that is no valid user id (the trailing-newline case) is refused instead of stored."""
    for ns in [
        ("foo",),
        ("foo", "child"),
        ("foobar",),
        ("foobar", "baz"),
        ("user_1",),
        ("userX1",),
        ("a%b",),
        ("star*",),
        ("starX",),
        ("Foo",),
        ("uid", "users", "alice"),
        ("uid", "users", "malice"),
        ("uid", "a", "b", "alice"),
    ]:
        store.put(ns, "k", {"v": 1})

    def searched(prefix: tuple[str, ...]) -> set[tuple[str, ...]]:
        return {item.namespace for item in store.search(prefix, limit=100)}

    assert searched(("foo",)) == {("foo",), ("foo", "child")}
    assert searched(("fo",)) == set()
    assert searched(("Foo",)) == {("Foo",)}
    assert searched(("user_1",)) == {("user_1",)}
    assert searched(("a%b",)) == {("a%b",)}
    assert searched(("star*",)) == {("star*",)}
    assert len(searched(())) == 13
    assert set(store.list_namespaces(suffix=["alice"])) == {
        ("uid", "users", "alice"),
        ("uid", "a", "b", "alice"),
    }
    assert store.list_namespaces(prefix=["uid", "*", "alice"]) == [("uid", "users", "alice")]
    assert store.list_namespaces(prefix=["star*"]) == [("star*",)]
    with pytest.raises(InvalidNamespaceError, match="user id"):
        store.put(("users\n",), "k", {"v": 2})


# -- what personify adds ----------------------------------------------------------------------
def test_values_round_trip_exactly(store: PersonifyStore) -> None:
    value = {
        "text": "Ünïcödé ✓ 中文",
        "n": 3,
        "f": 0.1,
        "big": 2**62,
        "neg": -1.5e-7,
        "flag": False,
        "none": None,
        "nested": {"list": [1, "two", {"three": [3.0]}], "empty": {}},
    }
    store.put(("alice", "things"), "key with spaces/and:colons", value)
    item = store.get(("alice", "things"), "key with spaces/and:colons")
    assert item.value == value and json.dumps(item.value) == json.dumps(value)
    assert item.created_at.tzinfo is not None
    item.value["n"] = 99  # the caller's copy, not the store's
    assert store.get(("alice", "things"), "key with spaces/and:colons").value == value
    store.put(("alice", "things"), "tuple", {"t": (1, 2)})
    assert store.get(("alice", "things"), "tuple").value == {"t": [1, 2]}  # JSON has lists


def test_bad_input_is_refused_before_anything_is_written(store: PersonifyStore) -> None:
    good = PutOp(("alice", "m"), "ok", {"text": "fine"})
    for bad, field in [
        (PutOp(("alice", "m"), "k", {"when": object()}), "not JSON"),
        (PutOp(("alice", "m"), "k", {"x": float("nan")}), "not JSON"),
        (PutOp(("alice", "m"), "k", ["not", "a", "dict"]), "must be a dict"),
        (PutOp(("alice", "m"), 7, {"x": 1}), "key must be a string"),
        (PutOp(("alice", "m"), "k", {"x": 1}, index="text"), "index"),
    ]:
        with pytest.raises(InvalidInputError, match=field):
            store.batch([good, bad])
    assert store.get(("alice", "m"), "ok") is None
    assert not store.engine.user("alice").exists
    for op, field in [
        (SearchOp(("alice",), filter={"x": {"$regex": "a"}}), "unknown operator"),
        (SearchOp(("alice",), limit=-1), "limit"),
        (ListNamespacesOp(max_depth=0), "max_depth"),
    ]:
        with pytest.raises(InvalidInputError, match=field):
            store.batch([op])


def test_text_items_are_learned_and_recalled(store: PersonifyStore) -> None:
    """An item with text content is a turn personify learns from; structured data is not."""
    store.put(("alice", "memories"), "diet", {"text": "I'm vegetarian"})
    store.put(("alice", "settings"), "ui", {"theme": "dark", "font_size": 14})
    alice = store.engine.user("alice")
    constraints = alice.profile().constraints
    assert [c.memory.text for c in constraints] == ["I'm vegetarian"]
    turns = [(m.role, m.text) for m in alice.memories(kinds=["episodic"])]
    assert turns == [("user", "I'm vegetarian"), ("tool", '{"font_size": 14, "theme": "dark"}')]
    hit = alice.recall("vegetarian", k=3)[0]
    assert hit.memory.metadata["langgraph"]["key"] == "diet"

    quiet = PersonifyStore(store.engine, role="system")
    quiet.put(("bob", "memories"), "diet", {"text": "I'm vegetarian"})
    assert store.engine.user("bob").profile().constraints == []


def test_overwrite_and_delete_forget_what_the_item_taught(store: PersonifyStore) -> None:
    alice = store.engine.user("alice")
    store.put(("alice", "memories"), "home", {"text": "I live in Berlin"})
    store.put(("alice", "memories"), "diet", {"text": "I'm vegetarian"})
    store.put(("alice", "memories"), "home", {"text": "I live in Lisbon"})
    facts = [f.memory.text for f in alice.profile().facts]
    assert facts == ["I live in Lisbon"]
    assert alice.recall("Berlin", k=5)[0].memory.text != "I live in Berlin"
    assert "I live in Berlin" not in [e.text for e in alice.events()]  # redacted

    store.delete(("alice", "memories"), "diet")
    assert alice.profile().constraints == []
    assert store.get(("alice", "memories"), "diet") is None
    assert [i.key for i in store.search(("alice",))] == ["home"]
    alice.rebuild()  # the log no longer holds what was replaced or deleted
    assert [f.memory.text for f in alice.profile().facts] == ["I live in Lisbon"]
    assert alice.profile().constraints == []


def test_namespace_to_user_mapping(fake_engine: Personify) -> None:
    by_position = PersonifyStore(fake_engine, user_of=1)
    by_position.put(("memories", "carol"), "1", {"text": "I love hiking"})
    assert fake_engine.user("carol").exists and not fake_engine.user("memories").exists
    assert by_position.get(("memories", "carol"), "1").value == {"text": "I love hiking"}
    assert by_position.get(("memories", "dave"), "1") is None
    assert by_position.get(("memories",), "1") is None
    with pytest.raises(InvalidNamespaceError, match="no element 1"):
        by_position.put(("memories",), "1", {"text": "x"})

    by_function = PersonifyStore(fake_engine, user_of=lambda ns: ns[-1])
    by_function.put(("notes", "erin"), "1", {"text": "I love sailing"})
    assert fake_engine.user("erin").exists
    assert [i.key for i in by_function.search(("notes",))] == ["1"]
    assert by_function.list_namespaces(prefix=("memories",)) == [("memories", "carol")]
    with pytest.raises(InvalidInputError, match="user_of"):
        PersonifyStore(fake_engine, user_of=-1)


def test_two_processes_see_each_others_writes(db_path: Path) -> None:
    """The read cache follows the store's per-user version, so another writer is seen."""
    with (
        Personify(db_path, embedder=FakeEmbedder()) as one,
        Personify(db_path, embedder=FakeEmbedder()) as two,
    ):
        a, b = PersonifyStore(one), PersonifyStore(two)
        a.put(("alice", "m"), "k", {"text": "first"})
        assert b.get(("alice", "m"), "k").value == {"text": "first"}
        b.put(("alice", "m"), "k", {"text": "second"})
        assert a.get(("alice", "m"), "k").value == {"text": "second"}
        b.delete(("alice", "m"), "k")
        assert a.get(("alice", "m"), "k") is None and a.list_namespaces() == []


def test_items_survive_export_and_import(store: PersonifyStore, tmp_path: Path) -> None:
    store.put(("alice", "m"), "k", {"text": "I'm vegetarian", "n": [1, 2]})
    time.sleep(0.002)
    store.put(("alice", "m"), "k", {"text": "I eat fish now", "n": [3]})
    store.put(("alice", "m"), "gone", {"text": "delete me"})
    store.delete(("alice", "m"), "gone")
    lines = [json.dumps(r) for r in store.engine.user("alice").export()]
    with Personify(tmp_path / "copy.db", embedder=FakeEmbedder()) as copy:
        copy.import_jsonl(lines)
        copied = PersonifyStore(copy)
        before = store.get(("alice", "m"), "k")
        assert copied.get(("alice", "m"), "k") == before
        assert copied.get(("alice", "m"), "gone") is None


def test_round_trip_on_every_backend(make_store: MakeStore) -> None:  # noqa: F811
    """JSON values, keys and timestamps survive each personify store (PostgreSQL's JSONB too)."""
    with Personify(store=make_store(), embedder=FakeEmbedder()) as engine:
        store = PersonifyStore(engine)
        value = {"z": 1, "a": [0.1, -2.5e-9, 10**15, True, None], "ü": {"k": "v", "n": 3.0}}
        store.put(("alice", "m"), "k", value)
        store.put(("alice", "m"), "k2", {"text": "I'm vegetarian"})
        first = store.get(("alice", "m"), "k")
        assert first.value == value and json.dumps(first.value) == json.dumps(value)
        assert isinstance(first.value["ü"]["n"], float)
        store.put(("alice", "m"), "k", {"text": "I live in Lisbon"})
        again = store.get(("alice", "m"), "k")
        assert again.created_at == first.created_at and again.updated_at > first.updated_at
        assert store.search(("alice",), query="Lisbon")[0].key == "k"
        store.delete(("alice", "m"), "k2")
        assert [i.key for i in store.search(("alice",))] == ["k"]
        assert engine.user("alice").profile().constraints == []


def test_a_deleted_value_leaves_no_trace_in_the_log(store: PersonifyStore) -> None:
    store.put(("alice", "m"), "k", {"text": "my secret"})
    store.delete(("alice", "m"), "k")
    assert "my secret" not in json.dumps(store.engine.user("alice").export())
