"""Sign-in, registration and reset are rate limited; the refusal is a styled 429."""

from __future__ import annotations

import pytest
from flask_migrate import upgrade

from config import TestConfig
from directory import create_app
from directory.extensions import db


@pytest.fixture
def limited_app(tmp_path):
    """An app of its own (own database file, own in-memory counters) with limits on."""

    class Limited(TestConfig):
        RATELIMIT_ENABLED = True
        RATELIMIT_STORAGE_URI = "memory://"
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'limits.sqlite3'}"

    app = create_app(Limited)
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


def sign_in(client, email, address="203.0.113.7"):
    return client.post(
        "/auth/login",
        data={"email": email, "password": "wrong password here"},
        environ_base={"REMOTE_ADDR": address},
    )


def test_one_account_is_limited_whatever_the_address(limited_app):
    client = limited_app.test_client()
    codes = [sign_in(client, "nurse@example.org", f"198.51.100.{n}").status_code for n in range(6)]
    assert codes[:5] == [200] * 5 and codes[5] == 429


def test_one_address_is_limited_whatever_the_account(limited_app):
    client = limited_app.test_client()
    codes = [sign_in(client, f"user{n}@example.org").status_code for n in range(11)]
    assert codes[:10] == [200] * 10 and codes[10] == 429
    page = sign_in(client, "someone@example.org")
    assert page.status_code == 429
    text = page.get_data(as_text=True)
    assert 'class="site-name"' in text  # the site's own page, not a bare error
    assert "Too many attempts. Please wait a few minutes, then try again." in text
    assert "Retry-After" in page.headers


def test_reset_requests_are_limited_per_account(limited_app):
    client = limited_app.test_client()
    codes = [
        client.post(
            "/auth/reset",
            data={"email": "nurse@example.org"},
            environ_base={"REMOTE_ADDR": f"198.51.100.{n}"},
        ).status_code
        for n in range(4)
    ]
    assert codes[3] == 429 and 429 not in codes[:3]


def test_reading_the_form_is_never_limited(limited_app):
    client = limited_app.test_client()
    assert {client.get("/auth/login").status_code for _ in range(30)} == {200}


def test_registrations_are_limited_per_address(limited_app):
    client = limited_app.test_client()
    codes = [
        client.post(
            "/auth/register",
            data={
                "name": f"Person {n}",
                "email": f"person{n}@example.org",
                "account_kind": "professional",
                "password": "a river of quiet lanterns",
                "password_again": "a river of quiet lanterns",
            },
            environ_base={"REMOTE_ADDR": "203.0.113.9"},
        ).status_code
        for n in range(6)
    ]
    assert codes == [302] * 5 + [429]


def test_current_password_guesses_are_limited_per_account(limited_app):
    from tests.auth_helpers import PASSWORD
    from tests.factories import UserFactory

    with limited_app.app_context():
        UserFactory(email="nurse@example.org")
        UserFactory(email="teacher@example.org")
        db.session.commit()
    nurse, teacher = limited_app.test_client(), limited_app.test_client()
    for client, email in ((nurse, "nurse@example.org"), (teacher, "teacher@example.org")):
        client.post("/auth/login", data={"email": email, "password": PASSWORD})

    def change(client, current):
        new = "a river of quiet lanterns"
        data = {"current_password": current, "password": new, "password_again": new}
        return client.post("/auth/password", data=data)

    codes = [change(nurse, f"guess number {n}").status_code for n in range(6)]
    assert codes == [200] * 5 + [429]
    assert change(nurse, PASSWORD).status_code == 429  # even the right one waits
    # A new session of the same account meets the same counter...
    nurse.post("/auth/logout")
    nurse.post("/auth/login", data={"email": "nurse@example.org", "password": PASSWORD})
    assert change(nurse, "one more guess").status_code == 429
    # ...and another account its own.
    assert change(teacher, "not my password").status_code == 200
