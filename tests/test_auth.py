"""Signing in and out (registration, confirmation and passwords: test_accounts.py)."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"


def sign_in(client, email, password=PASSWORD, next_url=None):
    url = "/auth/login" + (f"?next={next_url}" if next_url is not None else "")
    return client.post(url, data={"email": email, "password": password})


def test_login_page_has_a_labelled_form(client):
    page = client.get("/auth/login")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'for="email"' in html and 'for="password"' in html


def test_sign_in_then_sign_out(client, db):
    UserFactory(email="nurse@example.org")
    db.session.commit()
    response = sign_in(client, "Nurse@Example.org ")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Sign out" in client.get("/").get_data(as_text=True)
    assert client.post("/auth/logout").status_code == 302
    assert "Sign out" not in client.get("/").get_data(as_text=True)


def test_wrong_password_and_unknown_email_answer_the_same(client, db):
    UserFactory(email="nurse@example.org")
    db.session.commit()
    wrong = sign_in(client, "nurse@example.org", "not the password")
    unknown = sign_in(client, "nobody@example.org")
    assert wrong.status_code == unknown.status_code == 200
    assert "Email or password is incorrect." in wrong.get_data(as_text=True)
    assert "Email or password is incorrect." in unknown.get_data(as_text=True)


def test_deactivated_user_cannot_sign_in(client, db):
    UserFactory(email="gone@example.org", active=False)
    db.session.commit()
    assert sign_in(client, "gone@example.org").status_code == 200


def test_logout_by_get_is_refused(client):
    assert client.get("/auth/logout").status_code == 405


def test_signing_out_ends_the_old_session_cookie(app, db):
    UserFactory(email="nurse@example.org")
    db.session.commit()
    first = app.test_client()
    sign_in(first, "nurse@example.org")
    stolen = first.get_cookie("session").value
    first.post("/auth/logout")
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    assert "Sign out" not in replay.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    "target",
    ["http://evil", "//evil", "\\\\evil", "http:///evil", "/\\evil", "javascript:alert(1)"],
)
def test_next_never_leaves_the_site(client, db, target):
    UserFactory(email="nurse@example.org")
    db.session.commit()
    response = sign_in(client, "nurse@example.org", next_url=target)
    assert response.headers["Location"] == "/"


def test_next_local_path_is_followed(client, db):
    UserFactory(email="nurse@example.org")
    db.session.commit()
    response = sign_in(client, "nurse@example.org", next_url="/search?q=shelter")
    assert response.headers["Location"] == "/search?q=shelter"


def test_an_outdated_password_hash_is_replaced_at_sign_in(client, db):
    from werkzeug.security import generate_password_hash

    user = UserFactory(
        email="old@example.org",
        password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"),
    )
    db.session.commit()
    assert sign_in(client, "old@example.org").status_code == 302
    db.session.refresh(user)
    assert user.password_hash.startswith(client.application.config["PASSWORD_HASH_METHOD"] + "$")


def test_keep_me_signed_in_lasts_at_most_30_days_and_is_http_only(client, db):
    from datetime import UTC, datetime, timedelta

    UserFactory(email="nurse@example.org")
    db.session.commit()
    response = client.post(
        "/auth/login", data={"email": "nurse@example.org", "password": PASSWORD, "remember": "y"}
    )
    cookie = next(
        c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token=")
    )
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    expires = client.get_cookie("remember_token").expires
    assert expires - datetime.now(UTC) <= timedelta(days=30, minutes=1)
