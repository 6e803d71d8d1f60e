"""Fixtures for the tests that drive Debian's Chromium with playwright (never
``playwright install``): a browser, and a page that records every host it requests."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask_migrate import upgrade
from playwright.sync_api import Page
from werkzeug.serving import make_server

from config import TestConfig
from directory import create_app
from directory.extensions import db
from directory.taxonomy import ensure_taxonomy

T = TypeVar("T")

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
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.1 A and AA violations on the page, one line each (rule, impact,
    help, the first five elements). axe comes from the test dependency, evaluated in the
    page by the test: the application never serves it."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
        for v in results.response["violations"]
    ]


@contextlib.contextmanager
def served(app: Flask) -> Iterator[str]:
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


@contextlib.contextmanager
def live_site(
    database: Path, add_data: Callable[[], T] = lambda: None, **settings: Any
) -> Iterator[tuple[str, Flask, T]]:
    """A migrated app on its own SQLite file (the real schema, full-text structures
    included), with the vocabularies and ``add_data()``'s rows, served on loopback:
    (base URL, app, what ``add_data`` returned). ``settings`` override TestConfig."""
    settings = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "SERVER_NAME": None,  # answer on 127.0.0.1:<port>, not only "localhost"
        "QUICK_EXIT_URL": "/healthz",  # never a link to another host, even unclicked
        **settings,
    }
    app = create_app(type("LiveSiteConfig", (TestConfig,), settings))
    with app.app_context():
        upgrade()
        ensure_taxonomy()
        data = add_data()
        db.session.commit()
        db.session.remove()
    try:
        with served(app) as base:
            yield base, app, data
    finally:
        with app.app_context():
            db.engine.dispose()


def session_cookie(app: Flask, base: str, session_token: str) -> dict[str, str]:
    """A signed session cookie for the user with ``session_token``: signed in without the
    sign-in steps (for ``context.add_cookies``)."""
    serializer = app.session_interface.get_signing_serializer(app)
    value = serializer.dumps({"_user_id": session_token, "_fresh": True})
    return {"name": app.config["SESSION_COOKIE_NAME"], "value": value, "url": base}


def add_member() -> str:
    """``live_site``'s data for signed-in pages: a confirmed member; their session token."""
    from tests.factories import UserFactory

    return UserFactory(email="member@example.org").session_token


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module; each ``page`` has a context (cookies) of its own."""
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
