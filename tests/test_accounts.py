"""The account journey through the test client, with the mail it sends (locmem outbox).

Register → confirm through the mailed link → sign in → change the password (other sessions
end) → reset through a mailed link (once only, one hour) — and no account enumeration.
"""

from __future__ import annotations

import re
import time
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from directory.models import AccountKind, AuditEvent, User
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

PASSWORD = "correct horse battery staple"  # the factories' password
NEW_PASSWORD = "a river of quiet lanterns"
NEWER_PASSWORD = "seven moss-green ladders"


def sign_in(client, email, password=PASSWORD):
    return client.post("/auth/login", data={"email": email, "password": password})


def register(client, email="ada@example.org", password=NEW_PASSWORD, kind="organization"):
    data = {
        "name": "Ada Lovelace",
        "email": email,
        "account_kind": kind,
        "password": password,
        "password_again": password,
    }
    return client.post("/auth/register", data=data)


def link_in(message, prefix):
    """The path of the one absolute link in a mail that starts with ``prefix``."""
    links = re.findall(r"http://localhost(/\S+)", message.body)
    matching = [link for link in links if link.startswith(prefix)]
    assert len(matching) == 1, message.body
    return matching[0]


def user_by_email(db, email):
    db.session.expire_all()
    return db.session.scalar(sa.select(User).where(User.email == email))


def signed_in(client):
    return client.get("/auth/profile").status_code == 200


def test_the_whole_account_journey(make_client, db, outbox):
    browser = make_client()
    response = register(browser, email=" Ada@Example.org ")
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
    user = user_by_email(db, "ada@example.org")
    assert user.account_kind == AccountKind.ORGANIZATION and not user.is_email_confirmed

    [confirmation] = outbox
    assert confirmation.to == ["ada@example.org"]
    assert "48 hours" in confirmation.body and "Ada Lovelace" in confirmation.body
    confirm_path = link_in(confirmation, "/auth/confirm/")
    assert browser.get(confirm_path).status_code == 302
    assert user_by_email(db, "ada@example.org").is_email_confirmed

    assert sign_in(browser, "ada@example.org", NEW_PASSWORD).status_code == 302
    laptop = make_client()
    sign_in(laptop, "ada@example.org", NEW_PASSWORD)
    assert signed_in(browser) and signed_in(laptop)

    outbox.clear()
    change = browser.post(
        "/auth/password",
        data={
            "current_password": NEW_PASSWORD,
            "password": NEWER_PASSWORD,
            "password_again": NEWER_PASSWORD,
        },
    )
    assert change.status_code == 302 and change.headers["Location"] == "/auth/profile"
    assert signed_in(browser), "the device that changed the password stays signed in"
    assert not signed_in(laptop), "every other session ends"
    [notice] = outbox
    assert notice.subject == "Your password was changed"

    outbox.clear()
    stranger = make_client()
    asked = stranger.post("/auth/reset", data={"email": "ada@example.org"})
    assert asked.status_code == 302 and asked.headers["Location"] == "/auth/reset"
    [reset] = outbox
    reset_path = link_in(reset, "/auth/reset/")
    assert stranger.get(reset_path).status_code == 200
    done = stranger.post(
        reset_path, data={"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )
    assert done.status_code == 302 and done.headers["Location"] == "/auth/login"
    assert not signed_in(browser), "a reset ends every session"
    assert sign_in(make_client(), "ada@example.org", NEWER_PASSWORD).status_code == 200
    assert sign_in(make_client(), "ada@example.org", NEW_PASSWORD).status_code == 302

    again = stranger.get(reset_path)
    assert again.status_code == 302 and again.headers["Location"] == "/auth/reset"
    page = stranger.get("/auth/reset").get_data(as_text=True)
    assert "expired or was already used" in page
    replay = stranger.post(reset_path, data={"password": PASSWORD, "password_again": PASSWORD})
    assert replay.status_code == 302
    assert sign_in(make_client(), "ada@example.org", NEW_PASSWORD).status_code == 302

    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(
            AuditEvent.target_id == user.id, AuditEvent.action.not_like("auth.%")
        )
    ).all()
    assert actions == [
        "account.registered",
        "account.email_confirmed",
        "account.password_changed",
        "account.password_reset",
    ]


def _later(monkeypatch, seconds):
    """Move itsdangerous's clock: tokens are checked ``seconds`` after they were made."""
    real = time.time
    monkeypatch.setattr("itsdangerous.timed.time", SimpleNamespace(time=lambda: real() + seconds))


def test_a_reset_link_expires_after_an_hour(make_client, db, outbox, monkeypatch):
    UserFactory(email="nurse@example.org")
    db.session.commit()
    client = make_client()
    client.post("/auth/reset", data={"email": "nurse@example.org"})
    path = link_in(outbox[0], "/auth/reset/")
    _later(monkeypatch, 3590)
    assert client.get(path).status_code == 200
    _later(monkeypatch, 3601)
    assert client.get(path).headers["Location"] == "/auth/reset"
    refused = client.post(path, data={"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert refused.headers["Location"] == "/auth/reset"
    assert sign_in(make_client(), "nurse@example.org").status_code == 302


def test_a_confirmation_link_expires_after_48_hours(make_client, db, outbox, monkeypatch):
    client = make_client()
    register(client)
    path = link_in(outbox[0], "/auth/confirm/")
    _later(monkeypatch, 48 * 3600 + 1)
    client.get(path)
    assert not user_by_email(db, "ada@example.org").is_email_confirmed
    assert "expired or is not valid" in client.get("/auth/login").get_data(as_text=True)


def test_a_tampered_or_foreign_token_is_refused(make_client, db, outbox):
    UserFactory(email="nurse@example.org")
    db.session.commit()
    client = make_client()
    client.post("/auth/reset", data={"email": "nurse@example.org"})
    path = link_in(outbox[0], "/auth/reset/")
    assert client.get(path[:-2] + "xx").headers["Location"] == "/auth/reset"
    # A reset token is no confirmation token: each kind has its own salt.
    token = path.removeprefix("/auth/reset/")
    client.get(f"/auth/confirm/{token}")
    assert "expired or is not valid" in client.get("/auth/login").get_data(as_text=True)


def test_registering_a_known_email_answers_like_a_new_one(make_client, db, outbox):
    UserFactory(email="known@example.org", name="Known Person")
    db.session.commit()
    known = register(make_client(), email="known@example.org")
    new = register(make_client(), email="new@example.org")
    assert known.status_code == new.status_code == 302
    assert known.headers["Location"] == new.headers["Location"]
    known_page = make_client()
    new_page = make_client()
    register(known_page, email="known@example.org")
    register(new_page, email="new2@example.org")
    first = known_page.get("/auth/login").get_data(as_text=True)
    second = new_page.get("/auth/login").get_data(as_text=True)
    assert first.replace("known@example.org", "X") == second.replace("new2@example.org", "X")

    note = next(m for m in outbox if m.to == ["known@example.org"])
    assert "already exists" in note.body and "/auth/confirm/" not in note.body
    assert "http://localhost/auth/reset" in note.body
    owner = user_by_email(db, "known@example.org")
    assert owner.name == "Known Person" and owner.account_kind == AccountKind.PROFESSIONAL
    assert sign_in(make_client(), "known@example.org").status_code == 302


def test_a_reset_for_an_unknown_email_answers_like_a_known_one(make_client, db, outbox):
    UserFactory(email="known@example.org")
    db.session.commit()
    pages = []
    for email in ("known@example.org", "unknown@example.org"):
        client = make_client()
        response = client.post("/auth/reset", data={"email": email})
        assert response.status_code == 302 and response.headers["Location"] == "/auth/reset"
        pages.append(client.get("/auth/reset").get_data(as_text=True).replace(email, "X"))
    assert pages[0] == pages[1]
    assert [m.to for m in outbox] == [["known@example.org"]]


def test_a_deactivated_account_gets_no_reset_link(make_client, db, outbox):
    UserFactory(email="gone@example.org", active=False)
    db.session.commit()
    make_client().post("/auth/reset", data={"email": "gone@example.org"})
    assert outbox == []


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("x" * 11, False),
        ("x" * 12, True),
        ("passphrase with émojis 🌲🌲", True),
        ("y" * 1024, True),
        ("y" * 1025, False),
    ],
)
def test_a_password_has_12_to_1024_characters(make_client, db, outbox, password, accepted):
    response = register(make_client(), password=password)
    assert (response.status_code == 302) is accepted
    assert (user_by_email(db, "ada@example.org") is not None) is accepted
    if not accepted:
        page = response.get_data(as_text=True)
        assert "error-summary" in page
        assert "Use at least 12 characters." in page or "Use at most 1024 characters." in page


@pytest.mark.parametrize("password", ["qwerty123456", "QWERTY123456", "1qaz2wsx3edc"])
def test_one_of_the_most_used_passwords_is_refused(make_client, db, outbox, password):
    response = register(make_client(), password=password)
    assert response.status_code == 200
    assert "one of the most used" in response.get_data(as_text=True)
    assert user_by_email(db, "ada@example.org") is None


def test_the_two_passwords_must_match_and_every_field_is_labelled(client, outbox):
    response = client.post(
        "/auth/register",
        data={
            "name": "",
            "email": "not-an-address",
            "password": NEW_PASSWORD,
            "password_again": NEWER_PASSWORD,
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and outbox == []
    for text in (
        "The two passwords are not the same.",
        "Enter an email address like name@example.org.",
        "Choose one.",
        'href="#account_kind"',
        'aria-invalid="true"',
    ):
        assert text in page
    for name in ("name", "email", "password", "password_again", "account_kind-0"):
        assert f'for="{name}"' in page


def test_changing_the_password_needs_the_current_one(make_client, db, outbox):
    client = make_client()
    UserFactory(email="nurse@example.org")
    db.session.commit()
    sign_in(client, "nurse@example.org")
    response = client.post(
        "/auth/password",
        data={
            "current_password": "not it at all",
            "password": NEW_PASSWORD,
            "password_again": NEW_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "This is not your current password." in response.get_data(as_text=True)
    assert sign_in(make_client(), "nurse@example.org").status_code == 302
    assert outbox == []


def test_an_unconfirmed_member_signs_in_sees_a_banner_and_can_ask_again(client, db, outbox):
    UserFactory(email="new@example.org", email_confirmed_at=None)
    db.session.commit()
    assert sign_in(client, "new@example.org").status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Please confirm your email address" in page
    assert client.post("/auth/confirm").headers["Location"] == "/auth/profile"
    [message] = outbox
    assert link_in(message, "/auth/confirm/")
    assert client.get(link_in(message, "/auth/confirm/")).headers["Location"] == "/auth/profile"
    assert "Please confirm your email address" not in client.get("/").get_data(as_text=True)


def test_a_reset_link_also_confirms_the_address(make_client, db, outbox):
    UserFactory(email="new@example.org", email_confirmed_at=None)
    db.session.commit()
    client = make_client()
    client.post("/auth/reset", data={"email": "new@example.org"})
    path = link_in(outbox[0], "/auth/reset/")
    client.post(path, data={"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert user_by_email(db, "new@example.org").is_email_confirmed


def test_profile_shows_role_vetting_and_memberships(client, db):
    user = UserFactory(email="pro@example.org", name="Pat Professional")
    MembershipFactory(user=user, organization=OrganizationFactory(name="Harbour Youth Services"))
    db.session.commit()
    sign_in(client, "pro@example.org")
    page = client.get("/auth/profile").get_data(as_text=True)
    for text in ("Pat Professional", "pro@example.org", "Member", "Not verified."):
        assert text in page
    assert "Harbour Youth Services" in page and "Editor" in page


def test_the_header_links_to_register_or_to_the_account(client, db):
    assert 'href="/auth/register"' in client.get("/").get_data(as_text=True)
    UserFactory(email="nurse@example.org")
    db.session.commit()
    sign_in(client, "nurse@example.org")
    page = client.get("/").get_data(as_text=True)
    assert 'href="/auth/profile"' in page and 'href="/auth/register"' not in page
    assert 'href="/admin/users"' not in page


def test_by_default_mail_is_written_to_files(app, db, monkeypatch, tmp_path):
    """The development default (MAIL_BACKEND=file): one file per message, link included."""
    state = app.extensions["mailman"]
    monkeypatch.setattr(state, "backend", "file")
    monkeypatch.setattr(state, "file_path", str(tmp_path / "mail"))
    UserFactory(email="nurse@example.org")
    db.session.commit()
    app.test_client().post("/auth/reset", data={"email": "nurse@example.org"})
    [written] = (tmp_path / "mail").iterdir()
    text = written.read_text()
    assert "To: nurse@example.org" in text and "http://localhost/auth/reset/" in text


def test_reset_mail_leaves_after_the_answer_so_timing_tells_nothing(app, db, outbox):
    """A known address gets its mail only once the page is sent: a slow mail server cannot
    make a known address answer later than an unknown one."""
    UserFactory(email="nurse@example.org")
    db.session.commit()
    raw = FlaskClient(app, app.response_class, use_cookies=True)  # does not close responses
    known = raw.post("/auth/reset", data={"email": "nurse@example.org"})
    unknown = raw.post("/auth/reset", data={"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    assert outbox == []  # the answer is complete, nothing sent yet
    known.close()  # what the WSGI server does once the response is out
    assert [message.to for message in outbox] == [["nurse@example.org"]]


def test_confirming_leads_an_organization_without_listing_to_submit_or_claim(
    make_client, db, outbox
):
    browser = make_client()
    register(browser)
    response = browser.get(link_in(outbox[0], "/auth/confirm/"))
    assert response.headers["Location"] == "/auth/login?next=/listings/"
    signed = browser.post(
        response.headers["Location"], data={"email": "ada@example.org", "password": NEW_PASSWORD}
    )
    assert signed.headers["Location"] == "/listings/"
    page = browser.get("/listings/").get_data(as_text=True)
    assert "Is your organization already listed?" in page and "Submit your organization" in page
    assert 'action="/search"' in page


def test_confirming_while_signed_in_goes_to_the_listings_page(make_client, db, outbox):
    browser = make_client()
    register(browser)
    sign_in(browser, "ada@example.org", NEW_PASSWORD)
    response = browser.get(link_in(outbox[0], "/auth/confirm/"))
    assert response.headers["Location"] == "/listings/"


@pytest.mark.parametrize("who", ["professional", "member of an organization"])
def test_confirming_leads_others_to_their_account(make_client, db, outbox, who):
    browser = make_client()
    register(browser, kind="professional" if who == "professional" else "organization")
    if who != "professional":
        MembershipFactory(user=user_by_email(db, "ada@example.org"))
        db.session.commit()
    sign_in(browser, "ada@example.org", NEW_PASSWORD)
    assert browser.get(link_in(outbox[0], "/auth/confirm/")).headers["Location"] == "/auth/profile"
    signed_out = make_client()
    assert signed_out.get(link_in(outbox[0], "/auth/confirm/")).headers["Location"] == "/auth/login"
