"""Store fixtures parametrized over every backend, so one test suite holds each to one contract.

PostgreSQL needs a server: ``eval "$(scripts/postgres.sh start)"`` exports
``PERSONIFY_TEST_PG_DSN``. Without it the postgres cases skip, except under ``CI=true``, where
they fail: CI must never pass by silently testing only SQLite. Each store gets its own schema
(``search_path``), dropped afterwards, so tests share one database without seeing each other.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from personify import Personify
from personify.store import Store
from personify.store.sqlite import SQLiteStore

# Read at import: the autouse fixture in tests/conftest.py removes every PERSONIFY_* variable.
PG_DSN = os.environ.get("PERSONIFY_TEST_PG_DSN", "")
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}

BACKENDS = ["sqlite", "postgres"]
MakeStore = Callable[..., Store]


@pytest.fixture(scope="session")
def pg_dsn() -> str:
    if not PG_DSN:
        reason = (
            'PERSONIFY_TEST_PG_DSN is not set; run eval "$(scripts/postgres.sh start)" '
            "to test the PostgreSQL store"
        )
        if IN_CI:
            pytest.fail(f"{reason} (CI=true: the PostgreSQL store must be tested in CI)")
        pytest.skip(reason)
    return PG_DSN


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgres":
        request.getfixturevalue("pg_dsn")  # skip (or fail in CI) before any store is built
    return request.param


@pytest.fixture
def make_store(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[MakeStore]:
    """Builds fresh, isolated stores of the backend under test (several per test if needed)."""
    stores: list[Any] = []
    schemas: list[str] = []

    def make(**kwargs: Any) -> Store:
        if backend == "sqlite":
            store: Any = SQLiteStore(tmp_path / f"store{len(stores)}.db", **kwargs)
        else:
            import psycopg
            from psycopg.conninfo import make_conninfo

            from personify.store.postgres import PostgresStore

            dsn = request.getfixturevalue("pg_dsn")
            schema = f"test_{uuid.uuid4().hex[:12]}"
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(f"CREATE SCHEMA {schema}")
            schemas.append(schema)
            scoped = make_conninfo(dsn, options=f"-csearch_path={schema},public")
            store = PostgresStore(scoped, **kwargs)
        stores.append(store)
        return store

    yield make
    for store in stores:
        store.close()
    if schemas:
        import psycopg

        with psycopg.connect(request.getfixturevalue("pg_dsn"), autocommit=True) as conn:
            for schema in schemas:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def reopen(make_store: MakeStore) -> Iterator[Callable[..., Store]]:
    """Opens a second handle on a store's data, as another process would."""
    opened: list[Store] = []

    def open_again(store: Any, **kwargs: Any) -> Store:
        if isinstance(store, SQLiteStore):
            again: Store = SQLiteStore(store.path, **kwargs)
        else:
            from personify.store.postgres import PostgresStore

            again = PostgresStore(store.dsn, **kwargs)
        opened.append(again)
        return again

    yield open_again
    for again in opened:
        again.close()


@pytest.fixture
def store(make_store: MakeStore) -> Store:
    return make_store()


@pytest.fixture
def store_engine(store: Store, fake_embedder: Any) -> Personify:
    """The engine on the backend under test; the store fixture closes the connection."""
    return Personify(store=store, embedder=fake_embedder)
