"""Fixtures for the tests that drive Debian's Chromium with playwright (never
``playwright install``): a browser, and a page that records every host it requests."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

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
