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


def test_demo_observes_and_recalls(tmp_path: Path) -> None:
    out = run("demo", "--db", str(tmp_path / "demo.db"))
    assert "observed 13 turns of 'sam' over 3 sessions" in out
    assert "vegetarian" in out and "passport" in out
