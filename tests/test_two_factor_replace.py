"""The secret being set up, and moving two-factor sign-in to a new device.

The secret waits on the server, never in the (signed, readable) session cookie; and a new
one is issued to someone who already has two-factor on only after their password and a
current code, or a recovery code, so a session alone cannot move the second factor.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import sqlalchemy as sa

from directory.auth.two_factor import SETUP_SECONDS
from directory.extensions import db
from directory.models import AuditEvent, Role, User
from tests.auth_helpers import PASSWORD, current_code, sign_in
from tests.factories import TOTP_SECRET, UserFactory

SECRET_ON_PAGE = re.compile(r'<code class="secret-key">([A-Z2-7]+)</code>')


def fresh(email):
    db.session.expire_all()
    user = db.session.scalar(sa.select(User).where(User.email == email))
    db.session.rollback()
    return user


def secret_shown(response) -> str | None:
    found = SECRET_ON_PAGE.search(response.get_data(as_text=True))
    return found.group(1) if found else None


def session_cookie_contents(app, client) -> dict:
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


def test_the_secret_being_set_up_stays_on_the_server(app, make_client, db):
    UserFactory(email="nurse@example.org")
    db.session.commit()
    client = make_client()
    sign_in(client, "nurse@example.org")
    secret = secret_shown(client.get("/auth/two-factor/setup"))
    assert secret and fresh("nurse@example.org").totp_pending_secret == secret
    contents = session_cookie_contents(app, client)
    assert secret not in repr(contents) and secret.lower() not in repr(contents).lower()
    assert secret_shown(client.get("/auth/two-factor/setup")) == secret  # the same until done

    done = client.post("/auth/two-factor/setup", data={"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200
    user = fresh("nurse@example.org")
    assert user.totp_secret == secret and user.totp_pending_secret is None
    assert secret not in repr(session_cookie_contents(app, client))


def test_a_secret_left_waiting_expires(make_client, db):
    UserFactory(email="nurse@example.org")
    db.session.commit()
    client = make_client()
    sign_in(client, "nurse@example.org")
    old = secret_shown(client.get("/auth/two-factor/setup"))
    user = fresh("nurse@example.org")
    db.session.execute(
        sa.update(User)
        .where(User.id == user.id)
        .values(totp_pending_since=user.totp_pending_since - timedelta(seconds=SETUP_SECONDS + 1))
    )
    db.session.commit()
    late = client.post("/auth/two-factor/setup", data={"code": pyotp.TOTP(old).now()})
    assert late.status_code == 200 and "This code does not match." in late.get_data(as_text=True)
    new = secret_shown(late)
    assert new and new != old
    assert not fresh("nurse@example.org").has_two_factor


def test_a_session_alone_cannot_move_two_factor_to_a_new_device(make_client, db):
    UserFactory(email="mod@example.org", role=Role.MODERATOR)
    db.session.commit()
    thief = make_client()
    sign_in(thief, "mod@example.org")
    page = thief.get("/auth/two-factor/setup")
    assert page.status_code == 302 and page.headers["Location"] == "/auth/two-factor/replace"
    attempt = thief.post("/auth/two-factor/setup", data={"code": "123456"})
    assert attempt.headers["Location"] == "/auth/two-factor/replace"

    code = current_code(TOTP_SECRET, "mod@example.org")
    for password, typed in (("not my password at all", code), (PASSWORD, "000000")):
        refused = thief.post("/auth/two-factor/replace", data={"password": password, "code": typed})
        assert refused.status_code == 200
        assert "The password or the code is not right." in refused.get_data(as_text=True)
        assert secret_shown(refused) is None
    assert thief.get("/auth/two-factor/setup").status_code == 302
    user = fresh("mod@example.org")
    assert user.totp_secret == TOTP_SECRET and user.totp_pending_secret is None
    failures = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "auth.two_factor_failed")
    ).all()
    assert len(failures) == 2


def test_password_and_current_code_move_it_to_a_new_device(make_client, db):
    UserFactory(email="mod@example.org", role=Role.MODERATOR)
    db.session.commit()
    client = make_client()
    sign_in(client, "mod@example.org")
    assert 'href="/auth/two-factor/replace"' in client.get("/auth/profile").get_data(as_text=True)
    proved = client.post(
        "/auth/two-factor/replace",
        data={"password": PASSWORD, "code": current_code(TOTP_SECRET, "mod@example.org")},
    )
    assert proved.status_code == 302 and proved.headers["Location"] == "/auth/two-factor/setup"
    page = client.get("/auth/two-factor/setup")
    new = secret_shown(page)
    assert new and new != TOTP_SECRET
    assert "Move two-factor sign-in to a new device" in page.get_data(as_text=True)
    assert fresh("mod@example.org").totp_secret == TOTP_SECRET  # the old app still works

    done = client.post("/auth/two-factor/setup", data={"code": pyotp.TOTP(new).now()})
    assert done.status_code == 200
    user = fresh("mod@example.org")
    assert user.totp_secret == new and user.totp_pending_secret is None
    actions = db.session.scalars(
        sa.select(AuditEvent.action)
        .where(AuditEvent.action.like("auth.two_factor_re%"))
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["auth.two_factor_replace_started", "auth.two_factor_replaced"]


def test_a_recovery_code_moves_it_when_the_phone_is_lost(make_client, db):
    UserFactory(email="nurse@example.org")
    db.session.commit()
    client = make_client()
    sign_in(client, "nurse@example.org")
    secret = secret_shown(client.get("/auth/two-factor/setup"))
    done = client.post("/auth/two-factor/setup", data={"code": pyotp.TOTP(secret).now()})
    codes = re.findall(r"<li><code>([a-z2-9-]{11})</code></li>", done.get_data(as_text=True))

    proved = client.post("/auth/two-factor/replace", data={"password": PASSWORD, "code": codes[0]})
    assert proved.headers["Location"] == "/auth/two-factor/setup"
    new = secret_shown(client.get("/auth/two-factor/setup"))
    assert new and new != secret
    again = client.post("/auth/two-factor/replace", data={"password": PASSWORD, "code": codes[0]})
    assert again.status_code == 200  # each recovery code works once
