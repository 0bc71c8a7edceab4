"""Several processes writing one user at once: no call fails, no event is lost, on each backend.

The short form of benchmarks/concurrent_writers.py (8 processes x 200 calls), sized for CI.
Regression: four processes on one user failed 17% of their calls with ConflictError (five
immediate retries, no backoff, no lock).
"""

from __future__ import annotations

from typing import Any

from benchmarks.concurrent_writers import run
from personify.store.sqlite import SQLiteStore


def test_concurrent_writers_on_one_user_all_succeed(make_store: Any) -> None:
    store = make_store()
    target = {"db": str(store.path)} if isinstance(store, SQLiteStore) else {"dsn": store.dsn}
    outcome = run(target, processes=4, ops=20, seed=3)
    assert outcome["errors"] == 0, outcome["first_errors"]
    assert outcome["lost_events"] == 0 and outcome["lost_forgets"] == 0
    assert outcome["acknowledged_events"] >= 60
    assert outcome["rebuild_identical"]
    if "integrity" in outcome:
        assert outcome["integrity"] == "ok" and outcome["fts_integrity"] == "ok"
