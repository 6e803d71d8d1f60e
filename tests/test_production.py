"""Production behaviour that needs no outside server: readiness, a styled 503 while the
database is down (and recovery after), rate limits falling back to memory when Redis goes,
and static files under hashed names with long cache headers.

The same behaviours against real PostgreSQL, Redis, gunicorn and nginx: tests/test_stack.py
and the fault scripts in bench/ (docs/benchmarks.md).
"""

from __future__ import annotations

import logging
import re
import shutil
import socket
from pathlib import Path

import pytest
from flask_migrate import upgrade
from flask_static_digest import FlaskStaticDigest
from flask_static_digest.digester import compile as digest_compile

from config import TestConfig
from directory import create_app, errors
from directory.extensions import db, limiter
from directory.taxonomy import ensure_taxonomy
from tests.factories import UserFactory


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def file_app(tmp_path):
    """An app of its own on a database file the test can take away."""

    class FileConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'site.sqlite3'}"

    app = create_app(FileConfig)
    with app.app_context():
        upgrade()
        ensure_taxonomy()
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


def test_readyz_is_ok_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "database: ok\n"
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_503_when_redis_does_not_answer(app, db):
    class DeadRedis(TestConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        REDIS_URL = f"redis://127.0.0.1:{closed_port()}/0"

    dead_redis_app = create_app(DeadRedis)
    response = dead_redis_app.test_client().get("/readyz")
    with dead_redis_app.app_context():
        db.engine.dispose()  # its own engine: close its connections now, not at GC
    assert response.status_code == 503
    assert response.get_data(as_text=True) == "database: ok\nredis: unavailable\n"


def test_while_the_database_is_down_pages_are_a_styled_503_and_come_back_after(
    file_app, tmp_path, caplog, monkeypatch
):
    monkeypatch.setattr(errors, "_last_outage_log", 0.0)
    with file_app.app_context():
        user = UserFactory()
        db.session.commit()
        token = user.session_token
        db.engine.dispose()
    signed_in = file_app.test_client()
    with signed_in.session_transaction() as session:
        session["_user_id"] = token
    anonymous = file_app.test_client()

    database = tmp_path / "site.sqlite3"
    database.rename(tmp_path / "away.sqlite3")
    database.mkdir()  # "unable to open database file", as a stopped server refuses connections
    with caplog.at_level(logging.WARNING, logger="directory.errors"):
        page = anonymous.get("/search?q=counselling")
        own_page = signed_in.get("/listings/")
        api = anonymous.get("/api/v1/search?q=counselling")
        ready = anonymous.get("/readyz")

    for response in (page, own_page):
        html = response.get_data(as_text=True)
        assert response.status_code == 503 and response.headers["Retry-After"] == "10"
        assert 'class="site-name"' in html  # the site's own page
        assert "The directory is unavailable for a moment" in html
        assert "Traceback" not in html and "sqlite" not in html.lower()
    assert api.status_code == 503 and api.get_json()["error"] == "Service Unavailable"
    assert ready.status_code == 503 and ready.get_data(as_text=True) == "database: unavailable\n"
    outage_notes = [r for r in caplog.records if r.name == "directory.errors"]
    assert len(outage_notes) == 1 and "Database unavailable" in outage_notes[0].getMessage()

    database.rmdir()
    (tmp_path / "away.sqlite3").rename(database)
    assert anonymous.get("/search?q=counselling").status_code == 200  # no restart needed
    assert signed_in.get("/listings/").status_code == 200


def test_without_redis_rate_limits_fall_back_to_memory_and_say_so(file_app, caplog):
    class LimitsOnDeadRedis(TestConfig):
        SQLALCHEMY_DATABASE_URI = file_app.config["SQLALCHEMY_DATABASE_URI"]
        RATELIMIT_ENABLED = True
        RATELIMIT_STORAGE_URI = f"redis://127.0.0.1:{closed_port()}/0"

    shared_state = dict(vars(limiter))  # the extension object is shared by every test's app
    app = create_app(LimitsOnDeadRedis)
    client = app.test_client()
    try:
        with caplog.at_level(logging.WARNING, logger="flask-limiter"):
            codes = [
                client.post(
                    "/auth/login",
                    data={"email": f"user{n}@example.org", "password": "wrong password here"},
                ).status_code
                for n in range(11)
            ]
    finally:
        vars(limiter).clear()
        vars(limiter).update(shared_state)
        with app.app_context():
            db.engine.dispose()
    assert codes[:10] == [200] * 10 and codes[10] == 429  # still limited, by memory now
    warnings = [r.getMessage() for r in caplog.records if r.name == "flask-limiter"]
    assert warnings == ["Rate limit storage unreachable - falling back to in-memory storage"]


def test_static_files_have_hashed_names_cached_for_a_year(app, db, tmp_path):
    static = tmp_path / "static"
    shutil.copytree(Path(app.static_folder), static)
    digest_compile(str(static), str(static), [], True, False)

    class Digest(TestConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        STATIC_DIGEST = True

    digest_app = create_app(Digest)
    digest_app.static_folder = str(static)
    FlaskStaticDigest(digest_app)  # reads the manifest of the folder we just compiled
    client = digest_app.test_client()

    html = client.get("/").get_data(as_text=True)
    with digest_app.app_context():
        db.engine.dispose()
    stylesheet = re.search(r'href="(/static/css/site-[0-9a-f]{32}\.css)"', html)
    assert stylesheet, "the page links the hashed stylesheet"
    with client.get(stylesheet.group(1)) as hashed:
        assert hashed.status_code == 200 and b"{" in hashed.data
        assert hashed.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    with client.get("/static/css/site.css") as plain:
        assert plain.status_code == 200
        assert "immutable" not in plain.headers.get("Cache-Control", "")


def test_development_links_plain_names(client):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/static/css/site.css"' in html
