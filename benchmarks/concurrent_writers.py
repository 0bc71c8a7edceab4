"""Many processes writing one user at once: every call succeeds and no event is lost.

    python benchmarks/concurrent_writers.py                       # 8 processes x 200 ops, SQLite
    python benchmarks/concurrent_writers.py --pg postgresql://... # the same on PostgreSQL

Each process runs a random mix of observe, observe_many, edit, pin, forget, persona + feedback
and rebuild on the same user. Afterwards: every event a call acknowledged is in the log, every
acknowledged forget is logged, the profile equals the one rebuilt from the log, and (SQLite)
the integrity and full-text checks are clean. Prints one JSON line. A target that another
process forgot or superseded first is a correct answer, counted as ``gone``, not as an error.
The store is what is under test, so the embedder is the tests' fast hashing fake.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
USER = "shared"
STATEMENTS = [
    "I love jazz",
    "I can't stand jazz anymore",
    "I'm vegetarian",
    "I live in Lisbon",
    "we moved to Vancouver",
    "I want to run a marathon",
    "I prefer tea over coffee",
    "please keep answers short",
    "my sister lives in Porto",
    "any tips for birding?",
]


def _engine(target: dict[str, str]) -> Any:
    sys.path.insert(0, str(ROOT))
    from personify import Personify
    from tests.conftest import FakeEmbedder

    if "dsn" in target:
        from personify.store.postgres import PostgresStore

        return Personify(store=PostgresStore(target["dsn"]), embedder=FakeEmbedder())
    return Personify(target["db"], embedder=FakeEmbedder())


def _worker(target: dict[str, str], worker: int, ops: int, seed: int) -> dict[str, Any]:
    """One process's share: returns what was acknowledged and every error raised."""
    from personify.errors import InvalidInputError, UnknownMemoryError

    rng = random.Random(seed)
    acked: list[str] = []
    forgotten: list[str] = []
    errors: list[str] = []
    gone = 0
    with _engine(target) as p:
        user = p.user(USER)
        for i in range(ops):
            r = rng.random()
            tag = f"(w{worker} n{i})"
            try:
                if r < 0.5 or not user.exists:
                    acked.append(user.observe(f"{rng.choice(STATEMENTS)} {tag}").id)
                elif r < 0.6:
                    turns = [{"text": f"{rng.choice(STATEMENTS)} {tag}.{k}"} for k in range(3)]
                    acked += [e.id for e in user.observe_many(turns)]
                elif r < 0.7:
                    current = user.memories(kinds=["preference", "constraint", "fact", "goal"])
                    if current:
                        target_id = rng.choice(current).id
                        if rng.random() < 0.5:
                            user.edit(target_id, pinned=rng.random() < 0.5)
                        else:
                            made = user.edit(target_id, text=f"I like {tag} things")
                            acked += [e for e in made.evidence if e.startswith("evt_")][:1]
                elif r < 0.78:
                    memories = user.memories(include_history=True)
                    if memories:
                        forgotten.append(user.forget(rng.choice(memories).id).id)
                elif r < 0.95:
                    user.persona(task=rng.choice(["music", "dinner"]))
                    acked.append(user.feedback(rng.choice([1.0, -1.0])).event_id)
                else:
                    user.rebuild()
            except (UnknownMemoryError, InvalidInputError) as exc:
                # another process forgot or superseded the target first: a correct refusal
                if "no memory" in str(exc) or "only current" in str(exc):
                    gone += 1
                else:
                    errors.append(f"{type(exc).__name__}: {exc}")
            except Exception as exc:  # every other failure is what this run counts
                errors.append(f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}")
    return {"acked": acked, "forgotten": forgotten, "errors": errors, "gone": gone}


def _run_worker(args: tuple[dict[str, str], int, int, int]) -> dict[str, Any]:
    return _worker(*args)


def check(target: dict[str, str], acked: list[str], forgotten: list[str]) -> dict[str, Any]:
    """What the log holds against what the workers were told was written."""
    sys.path.insert(0, str(ROOT))
    from tests.test_rebuild import snapshot

    with _engine(target) as p:
        user = p.user(USER)
        events = user.events()
        present = {e.id for e in events}
        logged_forgets = {e.metadata.get("memory_id") for e in events if e.kind == "forget"}
        before = snapshot(p, USER)
        user.rebuild()
        result: dict[str, Any] = {
            "events": len(events),
            "lost_events": len(set(acked) - present),
            "lost_forgets": len(set(forgotten) - logged_forgets),
            "rebuild_identical": snapshot(p, USER) == before,
        }
        if "db" in target:
            conn = p.store._conn
            result["integrity"] = conn.execute("PRAGMA integrity_check").fetchone()[0]
            conn.execute("INSERT INTO memories_fts (memories_fts) VALUES ('integrity-check')")
            result["fts_integrity"] = "ok"
    return result


def run(target: dict[str, str], processes: int, ops: int, seed: int = 0) -> dict[str, Any]:
    """``processes`` workers x ``ops`` mixed calls on one user; the checked outcome."""
    started = time.perf_counter()
    with _engine(target) as p:  # schema and embedder recorded once, before the race
        p.writes.check_embedder()
    ctx = mp.get_context("spawn")
    with ctx.Pool(processes) as pool:
        jobs = [(target, w, ops, seed * 1000 + w) for w in range(processes)]
        results = pool.map(_run_worker, jobs)
    acked = [e for r in results for e in r["acked"]]
    forgotten = [m for r in results for m in r["forgotten"]]
    errors = [e for r in results for e in r["errors"]]
    outcome = {
        "backend": "postgres" if "dsn" in target else "sqlite",
        "processes": processes,
        "ops_per_process": ops,
        "calls": processes * ops,
        "errors": len(errors),
        "first_errors": errors[:3],
        "targets_gone_first": sum(r["gone"] for r in results),
        "acknowledged_events": len(acked),
        "seconds": round(time.perf_counter() - started, 1),
    }
    outcome.update(check(target, acked, forgotten))
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--ops", type=int, default=200)
    parser.add_argument("--pg", help="PostgreSQL DSN (default: a fresh SQLite file)")
    parser.add_argument("--db", help="SQLite file (default: a temporary one)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.pg:
        target = {"dsn": args.pg}
    else:
        target = {"db": args.db or str(Path(tempfile.mkdtemp()) / "concurrent.db")}
    print(json.dumps(run(target, args.processes, args.ops, args.seed)))


if __name__ == "__main__":
    main()
