"""The web dashboard in a real headless Chromium (Debian's), driven by Playwright, against the
real app served by uvicorn on a SQLite engine with the real MiniLM embedder.

Needs ``/usr/bin/chromium`` and the ``playwright`` package (``bash scripts/chromium.sh``; never
``playwright install``). Without them the test is skipped, or fails when ``CI=true``.
Screenshots go to ``results/screenshots/dashboard-*.png``.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from personify import Personify
from personify.models import Memory
from personify.server.app import create_app
from personify.server.keys import KeyStore

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

    from personify.embeddings.minilm import MiniLMEmbedder

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(__file__).resolve().parents[2] / "results" / "screenshots"
HOSTILE = "<img src=x onerror=alert(1)>"
TENANT, USER = "acme", "alice"
MINUS = "\u2212"  # the dashboard's sign for "avoids"


def unavailable(reason: str) -> None:
    message = f"{reason}; install it with `bash scripts/chromium.sh`"
    if os.environ.get("CI") == "true":
        pytest.fail(f"dashboard browser test cannot run in CI: {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Module-scoped on purpose: while Playwright's sync API is live, the main thread has a
    running event loop, so tests in other modules that call asyncio.run/anyio.run would fail."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed")
        raise  # unreachable: unavailable() skips or fails
    if not os.access(CHROMIUM, os.X_OK):
        unavailable(f"{CHROMIUM} is missing")
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True, timeout=30_000
            )
        except Error as exc:
            unavailable(f"{CHROMIUM} does not start: {exc.message.splitlines()[0]}")
            raise
        yield launched
        launched.close()


@dataclass
class Served:
    url: str
    key: str
    engine: Personify


@pytest.fixture
def served(tmp_path: Path, minilm: MiniLMEmbedder) -> Iterator[Served]:
    """The real app on 127.0.0.1 (a free port) in a background thread."""
    import uvicorn

    engine = Personify(tmp_path / "dashboard.db", embedder=minilm)
    keys = KeyStore(tmp_path / "dashboard.keys.db")
    _, key = keys.create(TENANT)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(engine, keys), log_level="warning", access_log=False, lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield Served(url=f"http://127.0.0.1:{port}", key=key, engine=engine)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        engine.close()
        keys.close()


def seed(engine: Personify) -> None:
    """A realistic conversation over three sessions, plus two other users."""
    now = datetime.now(UTC)

    def at(days: float, minutes: int) -> datetime:
        return now - timedelta(days=days) + timedelta(minutes=minutes)

    turns = [
        ("s1", 3, "user", "Hi! I live in Berlin and I work as a nurse."),
        ("s1", 3, "assistant", "Nice to meet you! How can I help today?"),
        ("s1", 3, "user", "I love spicy food, especially Thai curries."),
        ("s1", 3, "user", "I'm allergic to peanuts, so never suggest anything with them."),
        ("s2", 2, "user", "I like jazz."),
        ("s2", 2, "user", "Please keep answers short and use bullet points."),
        ("s2", 2, "assistant", "Got it: short answers, in bullet points."),
        ("s3", 1, "user", "I want to run a marathon next year."),
        ("s3", 1, "user", "I don't like jazz anymore, I prefer classical music now."),
        ("s3", 1, "user", f"{HOSTILE} I love this band."),
    ]
    engine.user(f"{TENANT}::{USER}").observe_many(
        [
            {"text": text, "role": role, "session": session, "ts": at(days, i)}
            for i, (session, days, role, text) in enumerate(turns)
        ]
    )
    engine.user(f"{TENANT}::bob").observe("I prefer tea over coffee.", session="b1")
    engine.user("globex::mallory").observe("I love sailing.", session="g1")


def current(engine: Personify, text: str) -> Memory:
    found = [m for m in engine.user(f"{TENANT}::{USER}").memories() if m.text == text]
    assert len(found) == 1, f"expected one current memory {text!r}, got {found}"
    return found[0]


def row(page: Page, text: str) -> Locator:
    return page.locator("#panel-profile [data-testid=memory]").filter(has_text=text)


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / f"dashboard-{name}.png"), full_page=True)


def test_dashboard_in_a_real_browser(browser: Browser, served: Served, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    engine = served.engine
    seed(engine)
    alice = engine.user(f"{TENANT}::{USER}")
    spicy = current(engine, "I love spicy food, especially Thai curries")
    nurse = current(engine, "I work as a nurse")
    marathon = current(engine, "I want to run a marathon next year")
    current(engine, f"{HOSTILE} I love this band")  # the hostile text really is a memory
    old_jazz = next(m for m in alice.memories(include_history=True) if m.text == "I like jazz")
    assert old_jazz.superseded_by is not None

    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, timezone_id="UTC", locale="en-US"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    dialogs: list[str] = []
    problems: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda exc: problems.append(f"pageerror: {exc}"))
    page.on(
        "console",
        lambda m: (
            problems.append(f"console: {m.text}")
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    try:
        page.goto(f"{served.url}/dashboard")
        expect(page.locator("#login")).to_be_visible()
        shot(page, "login")

        # A wrong key shows the API's error; the right one lists this tenant's users only.
        page.fill("#api-key", "pk_wrong")
        page.click("#connect")
        expect(page.get_by_test_id("error")).to_have_text(
            "unauthorized: missing or invalid API key"
        )
        expect(page.locator("#login")).to_be_visible()
        page.fill("#api-key", served.key)
        page.click("#connect")
        users = page.locator("#user-list [data-testid=user]")
        expect(users).to_have_count(2)
        expect(page.locator("#error")).to_be_hidden()
        assert sorted(users.evaluate_all("els => els.map(e => e.dataset.user)")) == [
            "alice",
            "bob",
        ]
        page.fill("#user-filter", "bo")
        expect(users).to_have_count(1)
        page.fill("#user-filter", "")
        page.click(f'[data-testid=user][data-user="{USER}"]')

        # Profile: every kind, each with a confidence bar, polarity and origin.
        expect(page.locator("#user-title")).to_have_text(USER)
        peanuts = page.locator("#section-constraints [data-testid=memory]").filter(
            has_text="I'm allergic to peanuts"
        )
        expect(peanuts).to_have_count(1)
        expect(peanuts.locator("[role=meter]")).to_have_attribute("aria-valuenow", "0.90")
        expect(peanuts.locator(".bar-label")).to_have_text("90%")
        width = peanuts.locator(".bar-fill").bounding_box()
        bar = peanuts.locator(".bar").bounding_box()
        assert width and bar and abs(width["width"] / bar["width"] - 0.9) < 0.02
        prefs = page.locator("#section-preferences")
        expect(row(page, "I love spicy food").get_by_test_id("polarity")).to_have_text("+")
        jazz = row(page, "I don't like jazz anymore")
        expect(jazz.get_by_test_id("polarity")).to_have_text(MINUS)
        expect(prefs).not_to_contain_text("I like jazz.")  # superseded: history only
        expect(page.locator("#section-facts")).to_contain_text("I work as a nurse")
        expect(page.locator("#section-goals")).to_contain_text("marathon")
        expect(row(page, "spicy food")).to_contain_text("explicit")
        memories = page.locator("#panel-profile [data-testid=memory]")
        assert memories.count() >= 7
        expect(page.locator("#panel-profile [data-testid=confidence]")).to_have_count(
            memories.count()
        )

        # Hostile text is shown as text: no element injected, nothing executed.
        hostile = row(page, "onerror")
        expect(hostile.get_by_test_id("memory-text")).to_have_text(f"{HOSTILE} I love this band")
        assert page.locator("img").count() == 0
        shot(page, "profile")

        # "why?" fetches the evidence turn behind a memory.
        peanuts.locator("[data-action=why]").click()
        evidence = peanuts.get_by_test_id("evidence-event")
        expect(evidence).to_have_count(1)
        expect(evidence).to_contain_text(
            "I'm allergic to peanuts, so never suggest anything with them."
        )
        expect(evidence).to_contain_text("user")
        jazz.locator("[data-action=why]").click()
        expect(jazz.get_by_test_id("explain")).to_contain_text("Replaced")
        expect(jazz.get_by_test_id("explain")).to_contain_text("I like jazz")
        shot(page, "why")

        # Edit one memory, pin the edited one, delete another (with inline confirmation).
        row(page, "spicy food").locator("[data-action=edit]").click()
        page.get_by_test_id("edit-input").fill("I love mild Thai curries")
        page.locator("[data-action=save]").click()
        edited = row(page, "I love mild Thai curries")
        expect(edited).to_have_count(1)
        expect(row(page, "spicy food")).to_have_count(0)
        edited.locator("[data-action=pin]").click()
        expect(edited.locator("[data-action=pin]")).to_have_text("Unpin")
        expect(edited).to_contain_text("pinned")
        row(page, "I work as a nurse").locator("[data-action=delete]").click()
        page.locator("[data-action=confirm-delete]").click()
        expect(row(page, "I work as a nurse")).to_have_count(0)

        # ... and all of it reached the store.
        new = current(engine, "I love mild Thai curries")
        assert new.metadata.get("pinned") is True
        old = alice.explain(spicy.id)
        assert old.memory.valid_to is not None and old.superseded_by is not None
        assert old.superseded_by.id == new.id
        assert engine.store.get_memories(alice.id, [nurse.id]) == []

        # An API error (the memory vanished behind the page's back) is shown, not swallowed.
        alice.forget(marathon.id)
        row(page, "marathon").locator("[data-action=delete]").click()
        page.locator("[data-action=confirm-delete]").click()
        expect(page.get_by_test_id("error")).to_contain_text("not_found")
        expect(page.get_by_test_id("error")).to_contain_text(marathon.id)
        expect(row(page, "marathon")).to_have_count(0)  # the view caught up with the store
        shot(page, "error")
        page.click("#error-close")

        # History: superseded items, with what replaced them.
        page.click("#tab-history")
        history = page.locator("#panel-history [data-testid=history-item]")
        expect(history.filter(has_text="I like jazz")).to_contain_text(
            "replaced by I don't like jazz anymore"
        )
        expect(history.filter(has_text="spicy food")).to_contain_text(
            "replaced by I love mild Thai curries"
        )
        shot(page, "history")

        # Style: learned from "keep answers short and use bullet points".
        page.click("#tab-style")
        verbosity = page.locator("[data-testid=style-param][data-name=verbosity]")
        expect(verbosity.locator(".scale-end").first).to_have_text("brief")
        level = float(verbosity.locator(".confidence [role=meter]").get_attribute("aria-valuenow"))
        assert level > 0.5
        value = float(verbosity.locator(".scale[role=meter]").get_attribute("aria-valuenow"))
        assert value < -0.5
        expect(page.locator("[data-testid=style-param][data-name=format]")).to_contain_text("lists")
        verbosity.locator("[data-action=why]").click()
        why_brief = verbosity.get_by_test_id("evidence-event")
        expect(why_brief.filter(has_text="Please keep answers short")).to_have_count(1)
        shot(page, "style")

        # Timeline: sessions, newest first; the hostile turn is text here too.
        page.click("#tab-timeline")
        sessions = page.locator("#panel-timeline [data-testid=session]")
        expect(sessions.first).to_be_visible()
        order = [s for s in sessions.evaluate_all("els => els.map(e => e.dataset.session)") if s]
        assert order == ["s3", "s2", "s1"]
        expect(sessions.filter(has_text="s1")).to_contain_text("Nice to meet you!")
        expect(sessions.filter(has_text="s3")).to_contain_text(f"{HOSTILE} I love this band.")
        assert page.locator("img").count() == 0
        shot(page, "timeline")

        # Search: recall with the score breakdown of every hit.
        page.click("#tab-search")
        page.fill("#search-query", "what food must I avoid?")
        page.click("#search-go")
        hits = page.locator("[data-testid=hit]")
        expect(hits.first).to_be_visible()
        expect(hits.filter(has_text="peanuts").first).to_be_visible()
        expect(hits.first.get_by_test_id("breakdown")).to_contain_text("cosine")
        shot(page, "search")

        # Export: the JSONL download.
        page.click("#tab-export")
        with page.expect_download() as info:
            page.click("#export-download")
        download = info.value
        assert download.suggested_filename == f"personify-{USER}.jsonl"
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        records = [json.loads(line) for line in target.read_text().splitlines() if line]
        texts = {r.get("text") for r in records if r["type"] == "memory"}
        assert "I love mild Thai curries" in texts and "I like jazz" in texts
        assert all(r["user_id"] == USER for r in records)
        expect(page.locator("#export-summary")).to_contain_text("lines")

        # The key lives in sessionStorage: a reload keeps the session and the view.
        page.reload()
        expect(page.locator("#tab-export")).to_have_attribute("aria-selected", "true")
        expect(page.locator("#user-title")).to_have_text(USER)
        page.click("#sign-out")
        expect(page.locator("#login")).to_be_visible()
        assert page.evaluate("sessionStorage.length") == 0

        assert dialogs == [], f"a dialog opened: {dialogs}"
        assert problems == [], problems
    except Exception:
        shot(page, "failure")
        raise
    finally:
        context.close()
