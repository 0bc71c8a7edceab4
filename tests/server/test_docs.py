"""The API docs (/docs, /redoc) work offline: their scripts come from the installed packages.

The browser test runs Debian's Chromium with every request that is not to the local server
aborted, so a page that still reached for a CDN would stay blank and fail here. It reuses the
dashboard test's browser and server fixtures (and so its skip-or-fail-in-CI rule).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fastapi.testclient import TestClient

from personify import Personify
from personify.server.app import create_app
from personify.server.keys import KeyStore
from tests.conftest import FakeEmbedder
from tests.server.test_dashboard import Served, browser, served  # noqa: F401  (fixtures)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Request, Route

DOC_PAGES = ("/docs", "/redoc")


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    engine = Personify(tmp_path / "docs.db", embedder=FakeEmbedder())
    keys = KeyStore(tmp_path / "docs.keys.db")
    with TestClient(create_app(engine, keys)) as test_client:
        yield test_client
    engine.close()
    keys.close()


@pytest.mark.parametrize("path", DOC_PAGES)
def test_doc_pages_load_only_local_assets(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200
    assert "img-src 'self'" in page.headers["content-security-policy"]
    urls = re.findall(r"""(?:src|href|url)\s*[=:]\s*['"]([^'"]+)['"]""", page.text)
    assert urls, page.text
    assert [u for u in urls if not u.startswith("/")] == []
    for url in urls:
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert len(asset.content) > 100, url


def test_openapi_schema_still_served(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert "/v1/users/{user_id}/recall" in schema["paths"]
    assert not {"/docs", "/redoc"} & set(schema["paths"])


def offline_page(chromium: Browser, server: Served) -> tuple[Page, list[str], list[str]]:
    """A page whose requests beyond the local server are aborted (and recorded)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    outside: list[str] = []
    errors: list[str] = []

    def gate(route: Route, request: Request) -> None:
        if request.url.startswith(server.url + "/"):
            route.continue_()
        else:
            outside.append(request.url)
            route.abort("internetdisconnected")

    context.route("**/*", gate)
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return page, outside, errors


def test_docs_render_offline_in_a_real_browser(
    browser: Browser,  # noqa: F811
    served: Served,  # noqa: F811
) -> None:
    from playwright.sync_api import expect

    page, outside, errors = offline_page(browser, served)
    try:
        schema = page.request.get(f"{served.url}/openapi.json").json()
        count = sum(len(item) for item in schema["paths"].values())
        assert count >= 15

        # Swagger UI: every operation listed, and one of them runs from the page.
        page.goto(f"{served.url}/docs")
        expect(page.locator(".opblock")).to_have_count(count)
        recall = page.locator(".opblock-summary-path", has_text="/v1/users/{user_id}/recall")
        expect(recall).to_have_count(1)
        health = page.locator(".opblock", has=page.locator('[data-path="/healthz"]'))
        health.locator(".opblock-summary").click()
        health.locator(".try-out__btn").click()
        health.locator(".execute").click()
        live = health.locator(".live-responses-table .response")
        expect(live.locator(".response-col_status")).to_have_text("200")
        expect(live.locator(".response-col_description")).to_contain_text('"status": "ok"')

        # ReDoc: the title and one menu entry per operation.
        page.goto(f"{served.url}/redoc")
        expect(page.locator("h1")).to_have_text("personify (0.1.0)")
        entries = page.locator('[role=menu] [data-item-id*="/operation/"]')
        expect(entries).to_have_count(count)
        expect(page.locator("h2", has_text="Recall").first).to_be_visible()

        assert outside == [], f"the docs reached beyond the server: {outside}"
        assert errors == [], errors
    finally:
        page.context.close()
