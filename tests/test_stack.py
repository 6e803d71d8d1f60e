"""Two app servers behind nginx, on one PostgreSQL and one Redis, all on loopback: any server
answers for anyone. A sign-in on A is valid on B, a listing submitted on B is approved on A
and found by a search on B at once (B's in-process index mirror checks the database's
generation on every search), the sign-in rate limit counts attempts on both, and nginx serves
the hashed static files with a year's cache.

Needs nginx (`make stack-deps`), PostgreSQL and Redis; skipped with the reason otherwise.
Uses a database of its own (test_stack_<pid>) and a Redis key prefix of its own.
"""

from __future__ import annotations

import html
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message

import pyotp
import pytest
import sqlalchemy as sa

from bench.stack import (
    DEFAULT_POSTGRES,
    DEFAULT_REDIS,
    Stack,
    nginx_binary,
    postgres_answers,
    redis_answers,
)
from config import TestConfig
from directory import create_app
from directory.extensions import db
from directory.models import Organization, Revision, Role
from tests.factories import TOTP_SECRET, UserFactory
from tests.listing_helpers import listing_form

pytestmark = pytest.mark.stack

POSTGRES = os.environ.get("STACK_POSTGRES_URL") or DEFAULT_POSTGRES
REDIS = os.environ.get("STACK_REDIS_URL") or DEFAULT_REDIS
PASSWORD = "correct horse battery staple"  # the factory's


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        return None


class Browser:
    """Cookies kept by hand: the production session cookie is ``Secure`` and these requests
    are plain http on loopback, where a standard cookie jar would hold it back."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def open(self, method: str, url: str, data: dict | None = None):  # noqa: ANN201
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, method=method)  # noqa: S310 - loopback
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            text = response.read().decode("utf-8", "replace")
        self._keep_cookies(response.headers)
        return response.status, response.headers, text

    def _keep_cookies(self, headers: Message) -> None:
        for header in headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "Max-Age=0" not in header:
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)

    def hidden_fields(self, url: str) -> dict[str, str]:
        status, _, page = self.open("GET", url)
        assert status == 200, (url, status)
        fields = {}
        for tag in re.findall(r"<input\b[^>]*>", page):
            attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
            if attributes.get("type") == "hidden" and "name" in attributes:
                fields[attributes["name"]] = html.unescape(attributes.get("value", ""))
        return fields

    def submit(self, url: str, data: dict, form_url: str | None = None):  # noqa: ANN201
        """GET the form (for its CSRF token and hidden fields), then POST it with ``data``."""
        return self.open("POST", url, {**self.hidden_fields(form_url or url), **data})

    def sign_in(self, base: str, email: str, totp_secret: str | None = None) -> None:
        status, headers, _ = self.submit(
            f"{base}/auth/login", {"email": email, "password": PASSWORD}
        )
        assert status == 302, status
        if headers["Location"].endswith("/auth/two-factor"):
            code = pyotp.TOTP(totp_secret).now()
            status, _, _ = self.submit(f"{base}/auth/two-factor", {"code": code})
            assert status == 302, status


def _skip_reason() -> str | None:
    if nginx_binary() is None:
        return "nginx is not installed (make stack-deps installs Debian's nginx-light)"
    if not postgres_answers(POSTGRES):
        return f"PostgreSQL does not answer at {POSTGRES} (set STACK_POSTGRES_URL)"
    if not redis_answers(REDIS):
        return f"Redis does not answer at {REDIS} (set STACK_REDIS_URL)"
    return None


@pytest.fixture(scope="module")
def stack():
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    with Stack(server_url=POSTGRES, redis_url=REDIS, instances=2, workers=1) as running:
        yield running


@pytest.fixture(scope="module")
def database(stack):
    """The stack's database, seen from this process (to create accounts and find ids)."""

    class StackDatabase(TestConfig):
        SQLALCHEMY_DATABASE_URI = stack.database_url

    app = create_app(StackDatabase)
    with app.app_context():
        yield db
        db.session.remove()
        db.engine.dispose()


def test_any_app_server_answers_for_anyone(stack, database):
    member = UserFactory(email="member@stack.example.org")
    UserFactory(email="moderator@stack.example.org", role=Role.MODERATOR)
    database.session.commit()
    a, b = stack.app_url(0), stack.app_url(1)

    # A sign-in on A is valid on B.
    browser = Browser()
    browser.sign_in(a, member.email)
    status, _, page = browser.open("GET", f"{b}/listings/")
    assert status == 200 and 'action="/auth/logout"' in page  # signed in there too

    # B's index mirror is loaded before the listing exists; then the member submits on B.
    search = f"{b}/api/v1/search?q=Stackville"
    assert Browser().open("GET", search)[2].count("Stackville Youth Outreach") == 0
    name = "Stackville Youth Outreach"
    status, _, _ = browser.submit(f"{b}/listings/new", listing_form(**{"organization-name": name}))
    assert status == 302

    # A moderator approves it on A; a search on B finds it at once.
    revision_id = database.session.scalar(
        sa.select(Revision.id).join(Organization).where(Organization.name == name)
    )
    database.session.rollback()
    moderator = Browser()
    moderator.sign_in(a, "moderator@stack.example.org", TOTP_SECRET)
    status, _, _ = moderator.submit(
        f"{a}/moderation/revisions/{revision_id}",
        {"decision": "approved", "reason": "Checked by phone with the director."},
    )
    assert status == 302
    status, _, body = Browser().open("GET", search)
    assert status == 200 and name in body


def test_the_sign_in_rate_limit_counts_attempts_on_every_server(stack, database):
    browser = Browser()
    token = browser.hidden_fields(f"{stack.app_url(0)}/auth/login")
    codes = []
    for attempt in range(6):  # 5 a minute per account (directory/ratelimits.py)
        server = stack.app_url(attempt % 2)
        wrong = {**token, "email": "target@stack.example.org", "password": "not the password"}
        codes.append(browser.open("POST", f"{server}/auth/login", wrong)[0])
    assert codes == [200, 200, 200, 200, 200, 429]


def test_nginx_balances_and_serves_hashed_static_files(stack):
    status, _, body = Browser().open("GET", f"{stack.url}/readyz")
    assert status == 200 and body == "database: ok\nredis: ok\n"
    status, _, page = Browser().open("GET", f"{stack.url}/")
    assert status == 200
    stylesheet = re.search(r'href="(/static/css/site-[0-9a-f]{32}\.css)"', page)
    assert stylesheet, "production pages link the content-hashed stylesheet"
    status, headers, css = Browser().open("GET", stack.url + stylesheet.group(1))
    assert status == 200 and "{" in css
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Content-Security-Policy" not in headers  # from disk: no app server saw it
