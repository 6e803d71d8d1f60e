"""Fixtures for the tests that drive Debian's Chromium with playwright (never
``playwright install``): a browser, and a page that records every host it requests."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"
)


@contextlib.contextmanager
def served(app) -> Iterator[str]:  # noqa: ANN001 - a Flask app
    """The app on a free loopback port, served from a background thread: its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def requested_hosts():
    return set()


@pytest.fixture
def page(browser, requested_hosts):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("request", lambda request: requested_hosts.add(urlsplit(request.url).hostname))
    yield page
    page.close()
