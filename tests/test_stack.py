"""Two app servers behind nginx, on one PostgreSQL and one Redis, all on loopback: any server
answers for anyone. A sign-in on A is valid on B, a listing submitted on B is approved on A
and found by a search on B at once (B's in-process index mirror checks the database's
generation on every search), the sign-in rate limit counts attempts on both, and nginx serves
the hashed static files with a year's cache.

Needs nginx (`make stack-deps`), PostgreSQL and Redis; skipped with the reason otherwise.
Uses a database of its own (test_stack_<pid>) and a Redis key prefix of its own.
"""

from __future__ import annotations

import os
import re

import pytest
import sqlalchemy as sa

from bench.stack import (
    DEFAULT_POSTGRES,
    DEFAULT_REDIS,
    Browser,
    Stack,
    nginx_binary,
    postgres_answers,
    redis_answers,
)
from config import TestConfig
from directory import create_app
from directory.extensions import db
from directory.models import Organization, Revision, Role
from tests.auth_helpers import PASSWORD
from tests.factories import TOTP_SECRET, UserFactory
from tests.listing_helpers import listing_form

pytestmark = pytest.mark.stack

POSTGRES = os.environ.get("STACK_POSTGRES_URL") or DEFAULT_POSTGRES
REDIS = os.environ.get("STACK_REDIS_URL") or DEFAULT_REDIS


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
    browser.sign_in(a, member.email, PASSWORD)
    status, _, page = browser.open("GET", f"{b}/listings/")
    assert status == 200 and 'action="/auth/logout"' in page  # signed in there too

    # B's index mirror is loaded before the listing exists; then the member submits on B.
    search = f"{b}/api/v1/search?q=Stackville"
    assert Browser().open("GET", search)[2].count("Stackville Youth Outreach") == 0
    name = "Stackville Youth Outreach"
    form = listing_form(**{"organization-name": name})
    status, _, _ = browser.submit(f"{b}/listings/new", form, f"{b}/listings/new?step=all")
    assert status == 302

    # A moderator approves it on A; a search on B finds it at once.
    revision_id = database.session.scalar(
        sa.select(Revision.id).join(Organization).where(Organization.name == name)
    )
    database.session.rollback()
    moderator = Browser()
    moderator.sign_in(a, "moderator@stack.example.org", PASSWORD, TOTP_SECRET)
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


def test_a_form_just_over_the_size_limit_gets_the_sites_413_page_through_nginx(stack):
    """nginx lets a body a little over MAX_CONTENT_LENGTH through, so that the app answers
    with its own page (saying nothing was saved), not nginx's bare one."""
    browser = Browser()
    token = browser.hidden_fields(f"{stack.url}/auth/login")
    over = {**token, "email": "x" * (TestConfig.MAX_CONTENT_LENGTH + 1), "password": "x"}
    status, _, page = browser.open("POST", f"{stack.url}/auth/login", over)
    assert status == 413, (stack.tmp / "nginx-error.log").read_text()[-3000:]
    assert "What you sent is too large" in page and 'class="site-footer"' in page
    status, _, _ = browser.open("GET", f"{stack.url}/auth/login")
    assert status == 200  # the server took no harm
