"""Fixtures: an app per test session, a clean database per test, clients and factories.

The suite runs on SQLite (in memory) by default and on PostgreSQL when ``TEST_DATABASE_URL``
is set. Under pytest-xdist each worker gets its own PostgreSQL database, created on demand.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask, g, has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade

from config import TestConfig
from directory import create_app
from directory.extensions import db as _db
from directory.extensions import limiter
from directory.taxonomy import ensure_taxonomy

pytest_plugins = ["tests.browser_fixtures"]

# Fixed vocabularies survive between tests; everything else is emptied.
# search_state too: its generation must only move forward (see directory/search/mirror.py).
KEPT_TABLES = {"taxonomy_term", "province", "alembic_version", "search_state"}


def _worker_database_url(base_url: str, suffix: str) -> str:
    """Same server, a database of our own: ``.../test`` becomes ``.../test_gw0``."""
    url = sa.engine.make_url(base_url)
    name = f"{url.database}_{suffix}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if not exists:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def database_url(suffix: str = "") -> str:
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        return "sqlite://"
    base = re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", base)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    # Two runs at once on one server (two checkouts, say) each set their own TEST_RUN_NAME.
    run = os.environ.get("TEST_RUN_NAME", "")
    return _worker_database_url(base, f"{run}{worker}{suffix}")


def empty_database(tmp_path: Path, name: str) -> str:
    """The URL of an empty database of a test's own: a file under ``tmp_path`` on SQLite,
    ``<test database>_<name>`` (emptied first) on PostgreSQL."""
    url = database_url(suffix=f"_{name}")
    if url == "sqlite://":
        return f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:  # start from nothing, whatever a previous run left
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def reset_schema() -> None:
    """Start from an empty database, whatever an earlier run left behind."""
    if _db.engine.dialect.name == "postgresql":
        with _db.engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
    else:
        _db.drop_all()


@pytest.fixture(autouse=True)
def _limiter_state_per_test():
    """Flask-Limiter's extension object is shared by every app the tests create: a test
    that makes an app with limits on (RATELIMIT_ENABLED) would leave them on, counters and
    all, for the apps of the tests after it in the same worker. Put its state back."""
    state = dict(vars(limiter))
    yield
    vars(limiter).clear()
    vars(limiter).update(state)


@pytest.fixture(scope="session")
def app():
    class SessionConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url()

    app = create_app(SessionConfig)
    with app.app_context():
        reset_schema()
        upgrade()  # the real migrated schema, full-text structures included
        ensure_taxonomy()
        _db.session.commit()
    yield app
    with app.app_context():
        _db.engine.dispose()


@pytest.fixture
def db(app):
    """The database, empty but for taxonomies; rows written by the test are removed after."""
    with app.app_context():
        yield _db
        _db.session.rollback()
        _db.session.remove()
        with _db.engine.begin() as conn:
            for table in reversed(_db.metadata.sorted_tables):
                if table.name not in KEPT_TABLES:
                    conn.execute(table.delete())
            if conn.dialect.name == "sqlite":
                conn.execute(sa.text("DELETE FROM search_fts"))
            # Like a restore: the index changed under every process's mirror, so a new epoch.
            conn.execute(sa.text("UPDATE search_state SET epoch = :e"), {"e": uuid.uuid4().hex})


@pytest.fixture
def client(app, db):
    return app.test_client()


class ClosingClient(FlaskClient):
    """Starts each request with an empty ``flask.g``, reads the whole response and closes
    it, as a browser and a WSGI server do.

    The ``db`` fixture keeps one app context pushed for the whole test and Flask reuses it
    for the client's requests; in production each request has an app context, so a ``g`` of
    its own. Emptying ``g`` gives tests that, so the app needs no code shaped by the fixture
    (``directory.search.mirror.once_per_request`` keeps per-request values in ``g``).
    Closing runs what the app does after a response is sent (``call_on_close``: the mail
    of directory/auth/mail.py), so tests see it at once.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            vars(g._get_current_object()).clear()
        response = super().open(*args, **kwargs)
        response.get_data()
        response.close()
        return response


# Every app the tests make, their own included, uses it.
Flask.test_client_class = ClosingClient


class SeparateRequestsClient(ClosingClient):
    """Each request runs in an application context of its own, as it does in production.

    The ``db`` fixture keeps an app context pushed for the whole test, and Flask reuses it for
    requests: ``g`` (where Flask-Login keeps the signed-in user) and the database session
    would then carry over from one request to the next, even across clients. Tests with
    several people signed in at once need this client; commit before each request.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def make_client(app, db):
    """``make_client()``: a new browser (own cookies) whose requests do not share state."""
    return lambda: SeparateRequestsClient(app, app.response_class, use_cookies=True)


@pytest.fixture
def outbox(app):
    """Mail sent during the test (the locmem backend of TestConfig), empty at the start."""
    state = app.extensions["mailman"]
    state.outbox = []
    return state.outbox


@pytest.fixture
def count_queries(app):
    """Counts SQL statements run inside the ``with`` block: ``with count_queries() as n:``."""
    import contextlib

    @contextlib.contextmanager
    def counter():
        statements: list[str] = []

        def before(conn, cursor, statement, *args):
            statements.append(statement)

        sa.event.listen(_db.engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            sa.event.remove(_db.engine, "before_cursor_execute", before)

    return counter
