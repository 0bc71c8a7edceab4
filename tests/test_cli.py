"""The CLI is a thin shell: each command round-trips through the library on a real file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from personify.cli import app

runner = CliRunner()


def run(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_help_does_not_import_heavy_modules() -> None:
    heavy = "{'torch', 'numpy', 'sentence_transformers'}"
    code = f"import sys, personify.cli; print(sorted({heavy} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_observe_recall_memories_forget_export_import(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    run(
        "observe",
        "alice",
        "I am allergic to shellfish",
        "--session",
        "s1",
        "--meta",
        "src=chat",
        "--db",
        db,
    )
    run("observe", "alice", "Thanks, that itinerary looks great", "--role", "user", "--db", db)
    hits = json.loads(run("recall", "alice", "seafood restaurant", "-k", "1", "--json", "--db", db))
    assert hits[0]["memory"]["text"] == "I am allergic to shellfish"
    assert hits[0]["evidence"][0]["metadata"] == {"src": "chat"}
    assert set(hits[0]["breakdown"]) >= {"cosine", "lexical", "preference", "recency"}
    table = run("recall", "alice", "seafood", "--db", db)
    assert "shellfish" in table

    listed = json.loads(run("memories", "alice", "--kind", "episodic", "--json", "--db", db))
    assert [m["text"] for m in listed] == [
        "I am allergic to shellfish",
        "Thanks, that itinerary looks great",
    ]
    derived = json.loads(run("memories", "alice", "--kind", "constraint", "--json", "--db", db))
    assert [(m["text"], m["polarity"], m["object"]) for m in derived] == [
        ("I am allergic to shellfish", -1.0, "shellfish")
    ]
    out = tmp_path / "alice.jsonl"
    run("export", "alice", "-o", str(out), "--db", db)
    run("forget", "alice", listed[1]["id"], "--db", db)
    assert (
        len(json.loads(run("memories", "alice", "--kind", "episodic", "--json", "--db", db))) == 1
    )

    run("import", str(out), "--user", "alice-copy", "--db", db)
    users = json.loads(run("users", "--json", "--db", db))
    assert {u["user_id"]: u["memories"] for u in users} == {"alice": 2, "alice-copy": 3}
    run("delete-user", "alice-copy", "--yes", "--db", db)
    assert [u["user_id"] for u in json.loads(run("users", "--json", "--db", db))] == ["alice"]


def test_errors_are_one_clear_line_and_exit_2(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    result = runner.invoke(app, ["recall", "nobody", "hello", "--db", db])
    assert result.exit_code == 2
    assert "unknown user 'nobody'" in result.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"user_id": "x", "text": "ok"}\n{oops\n')
    result = runner.invoke(app, ["import", str(bad), "--db", db])
    assert result.exit_code == 2 and "line 2: not valid JSON" in result.stderr
    result = runner.invoke(app, ["observe", "x", "hi", "--meta", "novalue", "--db", db])
    assert result.exit_code == 2 and "not KEY=VALUE" in result.stderr


def test_demo_shows_the_product_and_keeps_its_database(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    out = run("demo", "--db", str(db))
    assert "observed 16 turns of 'sam' over 4 sessions" in out
    flat = " ".join(out.split())
    history = flat[flat.index("what used to be true") :]
    assert "I'm vegetarian" in history and "pescatarian" in history  # a supersession
    assert "verbosity" in out and "-0.80" in out  # the standing "keep answers short"
    persona = flat[flat.index("persona for") : flat.index("feedback +1")]
    assert "pescatarian" in persona and "vegetarian (" not in persona
    assert "v0 -> v1" in flat  # feedback moved the preference vectors
    assert "recall: What should I cook for dinner tonight?" in flat
    assert f"personify serve --db {db}" in flat and "dashboard#user=sam" in flat
    key = flat.split("with the API key ")[1].split()[0]
    from personify.config import load_settings
    from personify.server.keys import KeyStore

    assert KeyStore(load_settings(db_path=db).keys_database).tenant_for(key) == "demo"
    again = run("--tenant", "demo", "users", "--json", "--db", str(db))
    assert [u["user_id"] for u in json.loads(again)] == ["sam"]


def test_observe_prints_what_it_learned_and_takes_a_file(tmp_path: Path) -> None:
    db = str(tmp_path / "o.db")
    out = run("observe", "maya", "I'm based in Lyon and I'm lactose intolerant", "--db", db)
    assert "observed evt_" in out and "learned" in out and "lactose" in out
    chat = tmp_path / "chat.jsonl"
    chat.write_text(
        json.dumps({"role": "user", "content": "we relocated to Vancouver last week"})
        + "\n"
        + json.dumps({"role": "assistant", "content": "Noted!"})
        + "\n"
    )
    out = run("observe", "maya", "--file", str(chat), "--session", "s2", "--db", db)
    assert "observed 2 turns" in out and "retired" in out and "Lyon" in out
    data = json.loads(run("observe", "maya", "ok thanks", "--json", "--db", db))
    assert data["learned"] == [] and data["retired"] == [] and len(data["events"]) == 1
    both = runner.invoke(app, ["observe", "maya", "hi", "--file", str(chat), "--db", db])
    assert both.exit_code == 2 and "not both" in both.stderr


def test_persona_feedback_and_vectors_commands(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    run("observe", "kim", "I have a severe peanut allergy. Please keep replies brief.", "--db", db)
    text = run("persona", "kim", "--task", "plan a snack", "--budget", "120", "--db", db)
    assert "peanut" in text.lower() and "short" in text.lower()
    data = json.loads(run("persona", "kim", "--task", "plan a snack", "--json", "--db", db))
    assert data["budget_tokens"] == 400 and data["tokens"] <= 400 and data["memory_ids"]
    no_target = runner.invoke(app, ["feedback", "kim", "--rating", "5", "--db", db])
    assert no_target.exit_code == 2 and "--query" in no_target.stderr
    assert "memories=" not in no_target.stderr
    out = run("feedback", "kim", "--rating", "5", "--query", "a snack", "--db", db)
    assert "v0 -> v1" in out
    shown = run("vectors", "show", "kim", "--db", db)
    assert "version" in shown and "z long norm" in shown
    assert all(len(tok.split(".")[-1]) <= 4 for tok in shown.split() if tok[:2] == "0.")


def test_version_tenant_and_flags(tmp_path: Path) -> None:
    from personify import __version__

    assert run("--version").strip() == f"personify {__version__}"
    db = str(tmp_path / "t.db")
    run("--tenant", "acme", "observe", "maya", "I love jazz", "--db", db)
    ids = [u["user_id"] for u in json.loads(run("users", "--json", "--db", db))]
    assert ids == ["acme::maya"]  # the id the server uses for tenant acme's user "maya"
    scoped = json.loads(run("--tenant", "acme", "users", "--json", "--db", db))
    assert [u["user_id"] for u in scoped] == ["maya"]
    assert json.loads(run("--tenant", "other", "users", "--json", "--db", db)) == []
    bad = runner.invoke(app, ["--tenant", "Bad::Tenant", "users", "--db", db])
    assert bad.exit_code == 2 and "--tenant" in bad.stderr
    help_text = run("recall", "--help")
    assert "--json " in help_text and "<bool>" not in help_text
