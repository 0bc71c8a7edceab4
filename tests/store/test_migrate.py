"""``personify migrate``: a SQLite store built from real LoCoMo turns, copied into PostgreSQL,
reads back the same through every door (users, profile, recall, export, vectors, embeddings).

Recall is compared as ranked (id, score) pairs, with the real MiniLM: the fake embedder's exact
ties (cosine 0) would be broken differently by the two backends' searches. Their lexical
searches can differ too, on a word found in over a quarter of a user's memories (SQLite leaves
it out past 50 memories): a failure there would be the backends', not the copy's; these queries
do not hit it. PostgreSQL comes from ``pg_dsn`` (skips locally without a server, fails in CI).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg.conninfo import make_conninfo
from typer.testing import CliRunner

from personify import Personify
from personify.cli import app
from personify.eval.locomo import load_locomo
from personify.server.keys import KeyStore
from personify.store.migrate import verify
from personify.store.postgres import PostgresStore
from tests.conftest import require_data

runner = CliRunner()
NOW = datetime(2030, 1, 1, tzinfo=UTC)
QUERIES = ("what did she paint", "support group", "family and kids", "where does she live")


@pytest.fixture
def target(pg_dsn: str) -> Iterator[str]:
    """A DSN whose search_path is a fresh schema, dropped afterwards."""
    schema = f"test_migrate_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield make_conninfo(pg_dsn, options=f"-csearch_path={schema},public")
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


def said(result: Any) -> str:
    """The command's output with rich's line wrapping undone."""
    return " ".join(result.output.split())


def build_source(path: Path, embedder: Any) -> list[str]:
    """Two users observe the first 40 turns of a LoCoMo conversation, each from their side;
    a fact that changes, recall with feedback (two vector versions), a forgotten turn; returns
    the user ids."""
    data = require_data("locomo/locomo_public.json")
    conv = load_locomo(data / "locomo" / "locomo_public.json").conversations[0]
    turns = conv.turns[:40]
    users = []
    with Personify(path, embedder=embedder) as p:
        for speaker, uid in ((conv.speaker_a, "caroline"), (conv.speaker_b, "acme::melanie")):
            user = p.user(uid)
            user.observe_many(
                [
                    {
                        "text": t.content,
                        "role": "user" if t.speaker == speaker else "assistant",
                        "session": f"s{s.index}",
                        "ts": s.date,
                    }
                    for s, t in turns
                ]
            )
            # and a fact that changes, so the copy has history (valid_to, superseded_by)
            user.observe("I live in Boston.", session="later")
            user.observe("Actually I live in Denver now.", session="later")
            user.recall(QUERIES[0])
            user.feedback(reward=1.0)
            user.recall(QUERIES[1])
            user.feedback(reward=-1.0)
            user.forget(user.memories("episodic")[0].id)
            users.append(uid)
    return users


def snapshot(p: Personify, uid: str) -> dict[str, Any]:
    user = p.user(uid)
    vectors = user.vectors()
    assert vectors is not None
    memories = user.memories(include_history=True)
    embeddings = p.store.embeddings(uid, [m.id for m in memories])
    profile = user.profile(now=NOW).model_dump()
    for param in profile["style"]:  # a parameter never learned is a default stamped "now"
        param.pop("updated_at")
    return {
        "export": user.export(),
        "profile": profile,
        "style": [p.model_dump() for p in p.store.get_style(uid)],
        # what each query recalls and with what score: float32 cosines differ between the
        # backends in the 7th digit, so scores are compared to 1e-6 below, not rounded here
        "recall": {
            q: {h.memory.id: h.score for h in user.recall(q, k=20, now=NOW)} for q in QUERIES
        },
        "vectors": (
            vectors.z_long.tobytes(),
            vectors.z_short.tobytes(),
            vectors.reward_baseline,
            vectors.session,
            vectors.version,
            vectors.updated_at,
            vectors.reason,
        ),
        "embeddings": {i: v.tobytes() for i, v in embeddings.items()},
    }


@pytest.mark.slow
def test_migrate_copies_everything_and_verifies(tmp_path: Path, target: str, minilm: Any) -> None:
    source = tmp_path / "source.db"
    users = build_source(source, minilm)
    _, key = KeyStore(source.with_name("source.keys.db")).create("acme", "bot")
    keys_to = tmp_path / "pg" / "personify.keys.db"

    result = runner.invoke(app, ["migrate", str(source), "--to", target, "--keys-to", str(keys_to)])

    assert result.exit_code == 0, result.output
    assert "copied 2 users" in said(result)
    assert "copied 1 API keys" in said(result)
    assert "all equal" in said(result)
    assert KeyStore(keys_to).tenant_for(key) == "acme"
    with (
        Personify(source, embedder=minilm) as sqlite,
        Personify(store=PostgresStore(target), embedder=minilm) as pg,
    ):
        assert [s.model_dump() for s in pg.users()] == [s.model_dump() for s in sqlite.users()]
        for uid in users:
            want, got = snapshot(sqlite, uid), snapshot(pg, uid)
            assert len(want["export"]) > 40 and want["style"] and want["profile"]["history"]
            assert want["vectors"][4] == 2  # two feedback updates: versions 1 and 2
            recalled, expected = got.pop("recall"), want.pop("recall")
            assert got == want
            for q in QUERIES:
                assert recalled[q] == pytest.approx(expected[q], abs=1e-6), q
        # the copy keeps evolving like the original: a third vector version, rolled back
        for p in (sqlite, pg):
            p.user(users[0]).recall(QUERIES[2])
            p.user(users[0]).feedback(reward=1.0)
            assert p.user(users[0]).vectors().version == 3
            assert p.user(users[0]).rollback_vectors().version == 2
        events = {s.user_id: s.events for s in sqlite.users()}
        assert {s.user_id: s.events for s in pg.users()} == events

    # a second run refuses the now non-empty target and writes nothing
    fresh_keys = tmp_path / "fresh.keys.db"
    again = runner.invoke(
        app, ["migrate", str(source), "--to", target, "--keys-to", str(fresh_keys)]
    )
    assert again.exit_code == 2
    assert "already holds 2 user(s)" in said(again)
    assert not fresh_keys.exists()

    # verification is not true by construction: a lost row is named
    with psycopg.connect(target, autocommit=True) as conn:
        conn.execute(
            "DELETE FROM events WHERE seq = (SELECT max(seq) FROM events WHERE user_id = %s)",
            (users[0],),
        )
    checks, mismatches = verify(source, target)
    assert checks > 10
    n = events[users[0]]
    assert mismatches == [f"user {users[0]!r}: events {n} in SQLite, {n - 1} in PostgreSQL"]


def test_migrate_refuses_before_writing(tmp_path: Path, target: str, fake_embedder: Any) -> None:
    source = tmp_path / "source.db"
    with Personify(source, embedder=fake_embedder) as p:
        p.user("ann").observe("I am vegetarian and I live in Lyon.")
    KeyStore(source.with_name("source.keys.db")).create("acme")

    missing = runner.invoke(app, ["migrate", str(tmp_path / "nope.db"), "--to", target])
    assert missing.exit_code == 2
    assert "no SQLite store at" in said(missing)

    not_pg = runner.invoke(app, ["migrate", str(source), "--to", str(tmp_path / "x.db")])
    assert not_pg.exit_code == 2
    assert "not a PostgreSQL URL" in said(not_pg)

    # keys that would have to be merged: refused before the store is touched
    taken = tmp_path / "taken.keys.db"
    KeyStore(taken).create("other")
    clash = runner.invoke(app, ["migrate", str(source), "--to", target, "--keys-to", str(taken)])
    assert clash.exit_code == 2
    assert "already holds keys" in said(clash)

    # a target built with another embedder
    other = PostgresStore(target)
    other.check_embedder("another-model", 8)
    try:
        assert other.list_users() == []
        mismatch = runner.invoke(app, ["migrate", str(source), "--to", target])
        assert mismatch.exit_code == 2
        assert "another-model" in said(mismatch)
        assert other.list_users() == []
    finally:
        other.close()
