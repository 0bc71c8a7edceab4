"""The store under faults: no forgotten byte left in the file, no acknowledged write lost to a
SIGKILL, no call lost to a concurrent writer.

- forget and delete_user leave no copy of the user's words in the raw SQLite file or its WAL
  (secure_delete, an FTS ``optimize`` and a WAL checkpoint);
- kill-and-check: a process doing mixed writes on the real SQLite store is SIGKILLed at random
  moments; after each kill every acknowledged event is in the log, ``PRAGMA integrity_check``
  and the FTS5 integrity check are clean, and rebuild changes nothing;
- concurrent writers: tests/store/test_concurrency.py (both backends).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from personify import Personify
from tests.conftest import FakeEmbedder
from tests.store.test_privacy import MARKER
from tests.test_rebuild import snapshot

ROOT = Path(__file__).resolve().parents[1]
# Read at import: the autouse fixture in tests/conftest.py removes every PERSONIFY_* variable.
# PERSONIFY_KILLS=100 runs the long form.
KILLS = int(os.environ.get("PERSONIFY_KILLS", "4"))
KILL_SEED = int(os.environ.get("PERSONIFY_KILL_SEED", "13"))


def raw_bytes(db: Path) -> bytes:
    """The database file and its WAL, as they lie on disk."""
    parts = [db, db.with_name(db.name + "-wal")]
    return b"".join(p.read_bytes() for p in parts if p.exists())


def fill(p: Personify, user_id: str) -> None:
    user = p.user(user_id)
    for i in range(40):
        user.observe(f"note {i}: I love {MARKER} music" if i % 5 == 0 else f"note {i} on jazz")
    (pref, *_) = [m for m in user.memories(kinds=["preference"]) if MARKER in m.text]
    user.edit(pref.id, text=f"I adore {MARKER}")
    user.recall(f"{MARKER} tonight", k=3)
    user.feedback(1.0)


def test_delete_user_leaves_no_byte_of_their_words_in_the_file(db_path: Path) -> None:
    """Regression: after delete_user and a checkpoint, rows of ``memories_fts_data`` still held
    the user's words in the raw file (deleted rows also lingered in free pages)."""
    with Personify(db_path, embedder=FakeEmbedder()) as p:
        p.user("bob").observe("I love jazz")
        fill(p, "ann")
        p.store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert MARKER.encode() in raw_bytes(db_path)
        p.delete_user("ann")
        assert MARKER.encode() not in raw_bytes(db_path)
        assert p.user("bob").recall("jazz", k=1)
    assert MARKER.encode() not in raw_bytes(db_path)


def test_forget_leaves_no_byte_of_the_words_in_the_file(db_path: Path) -> None:
    with Personify(db_path, embedder=FakeEmbedder()) as p:
        fill(p, "ann")
        user = p.user("ann")
        for memory in user.memories(include_history=True):
            still = {m.id for m in user.memories(include_history=True)}
            if MARKER in memory.text and memory.id in still:  # not gone with an earlier one
                user.forget(memory.id)
        assert not [m for m in user.memories(include_history=True) if MARKER in m.text]
        assert MARKER.encode() not in raw_bytes(db_path)
        assert len(user.events()) >= 40  # the log keeps every event, redacted
    assert MARKER.encode() not in raw_bytes(db_path)


# -- kill and check -------------------------------------------------------------------------

CHILD = """
import json, random, sys
sys.path.insert(0, sys.argv[2])
from personify import Personify
from tests.conftest import FakeEmbedder
rng = random.Random(int(sys.argv[3]))
words = ["I love jazz", "I'm vegetarian", "I live in Lisbon", "we moved to Vancouver",
         "please keep answers short", "I want to run a marathon", "I can't stand jazz"]
def ack(kind, value):
    print(json.dumps([kind, value]), flush=True)
with Personify(sys.argv[1], embedder=FakeEmbedder()) as p:
    user = p.user("k")
    i = 0
    while True:
        i += 1
        r = rng.random()
        text = f"{rng.choice(words)} #{sys.argv[3]}-{i}"
        if r < 0.45 or not user.exists:
            ack("event", user.observe(text).id)
        elif r < 0.6:
            for e in user.observe_many([{"text": f"{text}.{k}"} for k in range(5)]):
                ack("event", e.id)
        elif r < 0.7:
            current = user.memories(kinds=["preference", "constraint", "fact", "goal"])
            if current:
                made = user.edit(rng.choice(current).id, text=f"I like thing {i}")
                ack("event", made.evidence[0])
        elif r < 0.8:
            memories = user.memories()
            if memories:
                ack("forget", user.forget(rng.choice(memories).id).id)
        elif r < 0.9:
            user.persona(task="music")
            ack("event", user.feedback(rng.choice([1.0, -1.0])).event_id)
        else:
            user.rebuild()
"""


def _kill_after(proc: subprocess.Popen[str], acked: list[list[str]], wait: float) -> None:
    """Read acknowledgements until ``wait`` seconds after the first one, then SIGKILL."""
    assert proc.stdout is not None
    deadline = None
    lines: list[str] = []

    def reader() -> None:
        for line in proc.stdout:  # type: ignore[union-attr]
            lines.append(line)

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    start = time.monotonic()
    while proc.poll() is None and time.monotonic() - start < 60:
        if deadline is None and lines:
            deadline = time.monotonic() + wait
        if deadline is not None and time.monotonic() >= deadline:
            break
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    thread.join(5)
    acked.extend(json.loads(line) for line in lines if line.startswith("["))


def test_sigkill_during_mixed_writes_loses_nothing_acknowledged(db_path: Path) -> None:
    """Kill-and-check, short form: a few SIGKILLs at random moments of mixed writes."""
    rng = random.Random(KILL_SEED)
    kills = KILLS
    acked: list[list[str]] = []
    for k in range(kills):
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(db_path), str(ROOT), str(k)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        _kill_after(proc, acked, rng.uniform(0.2, 1.5))
        assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
        conn = sqlite3.connect(db_path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            conn.execute("INSERT INTO memories_fts (memories_fts) VALUES ('integrity-check')")
        finally:
            conn.close()
        with Personify(db_path, embedder=FakeEmbedder()) as p:
            user = p.user("k")
            events = user.events()
            present = {e.id for e in events}
            forgets = {e.metadata.get("memory_id") for e in events if e.kind == "forget"}
            assert [v for kind, v in acked if kind == "event" and v not in present] == []
            assert [v for kind, v in acked if kind == "forget" and v not in forgets] == []
            before = snapshot(p, "k")
            user.rebuild()
            assert snapshot(p, "k") == before
    assert len(acked) > kills  # the kills landed while writes were going on
    print(f"kill-and-check: {kills} SIGKILLs, {len(acked)} acknowledged writes, 0 lost")
