"""The official MCP conformance suite against ``personify mcp`` over streamable HTTP.

``tests/conformance/`` pins ``@modelcontextprotocol/conformance`` and, because the suite needs
Node >= 22 (it imports ``fs.globSync``), a Node 22 from the npm registry for Linux x64 and
arm64. The test installs them with ``npm ci`` when the lockfile changed (npm's cache keeps a
rerun fast), starts the real command on a free port with a temporary database, runs every
server scenario, and holds each scenario to the list below, so a regression fails, and so does
a suite upgrade that brings scenarios nobody has classified yet.

The in-process tests at the end check the content of what the suite checks only structurally
(the profile resource, the persona prompt, user-id completion).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError
from mcp.types import PromptReference, ResourceTemplateReference

from personify import Personify
from personify.server.mcp import PROFILE_URI, build_mcp
from tests.conftest import IN_CI, FakeEmbedder

SUITE_DIR = Path(__file__).resolve().parents[1] / "conformance"
SUITE_PACKAGE = SUITE_DIR / "node_modules" / "@modelcontextprotocol" / "conformance"
SUITE_CLI = SUITE_PACKAGE / "dist" / "index.js"
STAMP = SUITE_DIR / "node_modules" / ".personify-lock-sha256"
NODE_MAJOR = 22
PERSONIFY = [sys.executable, "-c", "from personify.cli import main; main()"]  # `personify`

# What personify offers, so each must pass: every check SUCCESS (or INFO), none WARNING/FAILURE.
MUST_PASS = {
    "server-initialize": "the initialize handshake (protocol version, capabilities, server info)",
    "ping": "ping answers {}",
    "tools-list": "every tool has a name, a description and an input schema",
    "resources-list": "resources/list answers (the profile is a template, so the list is empty)",
    "prompts-list": "the persona prompt has a name and a description",
    "completion-complete": "completion/complete answers (user ids; empty for other arguments)",
    "server-sse-multiple-streams": "concurrent POST requests, each with its own SSE stream",
    "dns-rebinding-protection": "a foreign Host/Origin gets a 4xx, a loopback one a 2xx",
}
# Everything else calls fixtures of the suite's reference server (tools, prompts and resources
# named test_* / test://...) or an optional feature personify does not offer. Their outcome is
# not asserted; `tools-call-simple-text` and `tools-call-error` even "pass" here, only because
# calling an unknown tool returns an error result with text.
FIXTURE = "calls the reference server's fixture"
NOT_APPLICABLE = {
    "logging-set-level": "personify sends no log notifications (and the 2026-07-28 revision "
    "drops logging/setLevel)",
    "tools-call-simple-text": f"{FIXTURE} tool test_simple_text",
    "tools-call-error": f"{FIXTURE} tool test_error_handling (personify's own tool errors are "
    "tested in test_mcp.py)",
    "tools-call-image": f"{FIXTURE} tool test_image_content; personify returns no images",
    "tools-call-audio": f"{FIXTURE} tool test_audio_content; personify returns no audio",
    "tools-call-embedded-resource": f"{FIXTURE} tool test_embedded_resource",
    "tools-call-mixed-content": f"{FIXTURE} tool test_multiple_content_types",
    "tools-call-with-logging": f"{FIXTURE} tool test_tool_with_logging; no log notifications",
    "tools-call-with-progress": f"{FIXTURE} tool test_tool_with_progress; every personify tool "
    "is one short engine call, with no progress to report",
    "tools-call-sampling": f"{FIXTURE} tool test_sampling; personify never asks the client's "
    "model (extraction runs locally)",
    "tools-call-elicitation": f"{FIXTURE} tool test_elicitation; personify never asks the user "
    "through the client",
    "elicitation-sep1034-defaults": f"{FIXTURE} tool test_elicitation_sep1034_defaults; no "
    "elicitation",
    "elicitation-sep1330-enums": f"{FIXTURE} tool test_elicitation_sep1330_enums; no elicitation",
    "json-schema-2020-12": f"{FIXTURE} tool json_schema_2020_12_tool (pending in the suite)",
    "server-sse-polling": f"{FIXTURE} tool test_reconnection (pending in the suite); tool calls "
    "are short, so personify keeps no event store for resumable streams",
    "resources-read-text": f"{FIXTURE} resource test://static-text",
    "resources-read-binary": f"{FIXTURE} resource test://static-binary",
    "resources-templates-read": f"{FIXTURE} template test://template/{{id}}/data (personify's "
    "own template is read below)",
    "resources-subscribe": "resources/subscribe is optional; a profile changes on every turn, "
    "so clients re-read it instead",
    "resources-unsubscribe": "as resources-subscribe",
    "prompts-get-simple": f"{FIXTURE} prompt test_simple_prompt",
    "prompts-get-with-args": f"{FIXTURE} prompt test_prompt_with_arguments (personify's own "
    "prompt is read below)",
    "prompts-get-embedded-resource": f"{FIXTURE} prompt test_prompt_with_embedded_resource",
    "prompts-get-with-image": f"{FIXTURE} prompt test_prompt_with_image",
}
RESULT_DIR = re.compile(r"^server-(?P<scenario>.+)-\d{4}-\d{2}-\d{2}T[\d-]+Z$")


def unavailable(reason: str) -> None:
    """Skip locally; fail under CI=true, where the conformance suite must run."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the MCP conformance suite must run in CI)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def node() -> str:
    """The node that runs the pinned suite, after ``npm ci`` if the lockfile changed."""
    npm = shutil.which("npm")
    if npm is None:
        unavailable("npm not found: install Node.js and npm to run the MCP conformance suite")
    lock = hashlib.sha256((SUITE_DIR / "package-lock.json").read_bytes()).hexdigest()
    if not (STAMP.exists() and STAMP.read_text() == lock and SUITE_CLI.exists()):
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=SUITE_DIR,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, f"npm ci in {SUITE_DIR} failed:\n{done.stderr[-3000:]}"
        STAMP.write_text(lock)
    pinned = SUITE_DIR / "node_modules" / ".bin" / "node"  # absent off Linux x64/arm64
    node = str(pinned) if pinned.exists() else shutil.which("node")
    if node is None:
        unavailable("node not found")
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
    if int(version.lstrip("v").split(".")[0]) < NODE_MAJOR:
        unavailable(f"the conformance suite needs Node >= {NODE_MAJOR}, found {version} at {node}")
    return node


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def mcp_url(tmp_path: Path) -> Iterator[str]:
    """``personify mcp --transport http`` on a free loopback port, with a fresh database."""
    port, db = free_port(), tmp_path / "mcp.db"
    log = (tmp_path / "mcp.log").open("w")
    server = subprocess.Popen(
        [*PERSONIFY, "mcp", "--transport", "http", "--port", str(port), "--db", str(db)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
    )
    try:
        deadline = time.monotonic() + 120  # a cold cache exports the ONNX graph first
        while True:
            assert server.poll() is None, (tmp_path / "mcp.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "personify mcp did not listen within 120 s"
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def run_suite(node: str, url: str, out: Path) -> dict[str, list[dict[str, Any]]]:
    """Every server scenario (the pending ones too), as scenario -> its checks."""
    done = subprocess.run(
        [node, str(SUITE_CLI), "server", "--url", url, "--suite", "all", "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=180,
    )  # exits 1 when any scenario fails, as the not-applicable ones do
    results = {}
    for folder in sorted(out.iterdir()) if out.exists() else []:
        match = RESULT_DIR.match(folder.name)
        if match:
            results[match["scenario"]] = json.loads((folder / "checks.json").read_text())
    assert results, f"no results from the conformance suite:\n{done.stdout[-3000:]}{done.stderr}"
    return results


@pytest.mark.slow
def test_conformance_over_streamable_http(node: str, mcp_url: str, tmp_path: Path) -> None:
    results = run_suite(node, mcp_url, tmp_path / "results")

    classified = set(MUST_PASS) | set(NOT_APPLICABLE)
    assert not set(MUST_PASS) & set(NOT_APPLICABLE)
    assert set(results) == classified, (
        f"unclassified scenarios: {sorted(set(results) - classified)}; "
        f"scenarios that did not run: {sorted(classified - set(results))}"
    )
    failed = {
        scenario: [
            f"{c['id']}: {c['status']} {c.get('errorMessage') or ''}".strip()
            for c in results[scenario]
            if c["status"] not in ("SUCCESS", "INFO")
        ]
        or ["no SUCCESS check"]
        for scenario in MUST_PASS
        if not (
            any(c["status"] == "SUCCESS" for c in results[scenario])
            and all(c["status"] in ("SUCCESS", "INFO") for c in results[scenario])
        )
    }
    assert not failed, json.dumps(failed, indent=2)


def test_profile_resource_persona_prompt_and_user_completion(
    tmp_path: Path, fake_embedder: FakeEmbedder
) -> None:
    engine = Personify(tmp_path / "mcp.db", embedder=fake_embedder)

    async def scenario() -> None:
        async with Client(build_mcp(engine)) as client:
            templates = (await client.list_resource_templates()).resource_templates
            assert [t.uri_template for t in templates] == [PROFILE_URI]
            prompts = {p.name: p for p in (await client.list_prompts()).prompts}
            assert [(a.name, a.required) for a in prompts["persona"].arguments or []] == [
                ("user", True),
                ("task", False),
            ]

            for user, text in [("ann", "I'm allergic to peanuts."), ("andy", "I love tea.")]:
                await client.call_tool("remember", {"user": user, "text": text})
            await client.call_tool("remember", {"user": "bob", "text": "I live in Oslo."})

            read = (await client.read_resource("personify://users/ann/profile")).contents[0]
            assert read.mime_type == "application/json"
            view = json.loads(read.text)
            assert view["user"] == "ann"
            assert [c["object"] for c in view["constraints"]] == ["peanuts"]
            with pytest.raises(MCPError, match=r"unknown user 'zoe'.*call `remember`"):
                await client.read_resource("personify://users/zoe/profile")

            got = await client.get_prompt("persona", {"user": "ann", "task": "a snack"})
            assert got.messages[0].role == "user"
            assert "peanuts" in got.messages[0].content.text
            with pytest.raises(MCPError, match=r"unknown user 'zoe'.*call `remember`"):
                await client.get_prompt("persona", {"user": "zoe"})

            async def complete(ref: Any, name: str, value: str) -> list[str]:
                done = await client.complete(ref, {"name": name, "value": value})
                return done.completion.values

            prompt = PromptReference(type="ref/prompt", name="persona")
            template = ResourceTemplateReference(type="ref/resource", uri=PROFILE_URI)
            assert await complete(prompt, "user", "an") == ["andy", "ann"]
            assert await complete(template, "user", "b") == ["bob"]
            assert await complete(template, "user", "") == ["andy", "ann", "bob"]
            assert await complete(prompt, "task", "an") == []
            assert await complete(PromptReference(type="ref/prompt", name="x"), "user", "") == []

    anyio.run(scenario)
    engine.close()
