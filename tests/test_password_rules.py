"""Which passwords may be set, wherever one is set: registration, reset, change, and
``flask users create``. Spaces inside a passphrase count; spaces at either end or in a row
do not, and the account's own email address is never a password."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from directory.models import User
from tests.auth_helpers import PASSWORD, sign_in
from tests.factories import UserFactory

EMAIL = "ada.lovelace@example.org"
SPACES_MESSAGE = "not counting spaces at either end or spaces in a row"
EMAIL_MESSAGE = "Your password cannot be your email address."
# Forms refuse a tab in any one-line field before the password rules look at it.
TAB_MESSAGE = "Keep this to one line: remove line breaks, tabs and invisible control characters."

REFUSED = [
    (" " * 12, SPACES_MESSAGE),
    ("\t" * 6 + " " * 6, TAB_MESSAGE),
    ("   short  one   ", SPACES_MESSAGE),
    ("a          b", SPACES_MESSAGE),
    (EMAIL, EMAIL_MESSAGE),
    ("Ada.Lovelace@Example.org", EMAIL_MESSAGE),
    (f"  {EMAIL} ", EMAIL_MESSAGE),
]
ACCEPTED = ["cat dog bird", "  a passphrase with spaces  ", f"{EMAIL}!"]


def register(client, password):
    return client.post(
        "/auth/register",
        data={
            "name": "Ada",
            "email": EMAIL,
            "account_kind": "professional",
            "password": password,
            "password_again": password,
        },
    )


def account(db):
    db.session.expire_all()
    found = db.session.scalar(sa.select(User).where(User.email == EMAIL))
    db.session.rollback()
    return found


@pytest.mark.parametrize(("password", "message"), REFUSED)
def test_registration_refuses_blank_or_email_passwords(make_client, db, password, message):
    response = register(make_client(), password)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert account(db) is None


@pytest.mark.parametrize("password", ACCEPTED)
def test_registration_accepts_spaces_inside_a_passphrase(make_client, db, password):
    assert register(make_client(), password).status_code == 302
    assert account(db) is not None


@pytest.mark.parametrize(("password", "message"), REFUSED)
def test_a_change_refuses_blank_or_email_passwords(make_client, db, password, message):
    UserFactory(email=EMAIL)
    db.session.commit()
    client = make_client()
    sign_in(client, EMAIL)
    response = client.post(
        "/auth/password",
        data={"current_password": PASSWORD, "password": password, "password_again": password},
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert sign_in(make_client(), EMAIL).status_code == 302  # the old password still works


@pytest.mark.parametrize(("password", "message"), REFUSED)
def test_a_reset_refuses_blank_or_email_passwords(make_client, db, outbox, password, message):
    UserFactory(email=EMAIL)
    db.session.commit()
    client = make_client()
    client.post("/auth/reset", data={"email": EMAIL})
    path = re.search(r"http://localhost(/auth/reset/\S+)", outbox[0].body).group(1)
    response = client.post(path, data={"password": password, "password_again": password})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert sign_in(make_client(), EMAIL).status_code == 302


@pytest.mark.parametrize(
    ("password", "message"),
    [
        (password, SPACES_MESSAGE if message == TAB_MESSAGE else message)
        for password, message in REFUSED
    ],
)
def test_the_command_line_refuses_blank_or_email_passwords(app, db, password, message):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--email", EMAIL, "--password", password]
    )
    assert result.exit_code != 0 and message in result.output
    assert account(db) is None


def test_the_command_line_accepts_a_good_password(app, db):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--email", EMAIL, "--password", "cat dog bird"]
    )
    assert result.exit_code == 0, result.output
    assert account(db) is not None
