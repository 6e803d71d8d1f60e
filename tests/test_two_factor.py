"""Two-factor sign-in: required for staff, optional for others; codes work once."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime

import pyotp
import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from config import TestConfig
from directory import create_app
from directory.extensions import db
from directory.models import AuditEvent, RecoveryCode, Role, User
from tests.auth_helpers import PASSWORD, current_code, sign_in
from tests.factories import TOTP_SECRET, UserFactory


def password_step(client, email, password=PASSWORD):
    return client.post("/auth/login", data={"email": email, "password": password})


def fresh(email):
    db.session.expire_all()
    return db.session.scalar(sa.select(User).where(User.email == email))


def actions(action):
    return db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)).all()


def set_up_two_factor(client) -> tuple[str, list[str]]:
    """Go through the setup page as a person would: read the key, type the code."""
    page = client.get("/auth/two-factor/setup").get_data(as_text=True)
    secret = re.search(r'<code class="secret-key">([A-Z2-7]+)</code>', page).group(1)
    done = client.post("/auth/two-factor/setup", data={"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200
    codes = re.findall(
        r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", done.get_data(as_text=True)
    )
    return secret, codes


def test_a_moderator_needs_the_code_after_the_password(client, db):
    UserFactory(email="mod@example.org", role=Role.MODERATOR)
    db.session.commit()
    response = password_step(client, "mod@example.org")
    assert response.status_code == 302 and response.headers["Location"] == "/auth/two-factor"
    # Half-way is not signed in: the moderation queue still asks to sign in.
    assert client.get("/moderation/").headers["Location"].startswith("/auth/login")
    page = client.get("/auth/two-factor")
    assert "Two-factor sign-in" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"

    wrong = client.post("/auth/two-factor", data={"code": "000000"})
    assert wrong.status_code == 200
    assert "This code is not right, or was already used." in wrong.get_data(as_text=True)
    assert len(actions("auth.two_factor_failed")) == 1

    right = client.post("/auth/two-factor", data={"code": pyotp.TOTP(TOTP_SECRET).now()})
    assert right.status_code == 302 and right.headers["Location"] == "/"
    assert client.get("/moderation/").status_code == 200
    assert actions("auth.login")[-1].details == {"second_factor": "totp"}


def test_a_code_works_only_once(make_client, db):
    UserFactory(email="mod@example.org", role=Role.MODERATOR)
    db.session.commit()
    code = pyotp.TOTP(TOTP_SECRET).now()
    first, second = make_client(), make_client()
    password_step(first, "mod@example.org")
    assert first.post("/auth/two-factor", data={"code": code}).status_code == 302
    # Someone who watched the code being typed, within the same 30 seconds:
    password_step(second, "mod@example.org")
    replay = second.post("/auth/two-factor", data={"code": code})
    assert replay.status_code == 200
    assert "already used" in replay.get_data(as_text=True)
    assert second.get("/moderation/").status_code == 302


def test_codes_from_long_ago_or_far_ahead_are_refused(client, db):
    UserFactory(email="mod@example.org", role=Role.MODERATOR)
    db.session.commit()
    totp = pyotp.TOTP(TOTP_SECRET)
    password_step(client, "mod@example.org")
    for moment in (time.time() - 120, time.time() + 120):
        response = client.post("/auth/two-factor", data={"code": totp.at(moment)})
        assert response.status_code == 200
    assert client.get("/moderation/").status_code == 302


def test_the_pending_step_expires_and_needs_the_password_first(client, db, monkeypatch):
    UserFactory(email="mod@example.org", role=Role.MODERATOR)
    db.session.commit()
    # Straight to the code step, no password: sent to sign in.
    assert client.get("/auth/two-factor").headers["Location"] == "/auth/login"
    password_step(client, "mod@example.org")
    later = time.time() + 301
    monkeypatch.setattr("directory.auth.signin.time.time", lambda: later)
    response = client.post("/auth/two-factor", data={"code": pyotp.TOTP(TOTP_SECRET).now()})
    assert response.headers["Location"] == "/auth/login"


def test_staff_without_two_factor_must_set_it_up_before_moderating(client, db):
    UserFactory(email="new-mod@example.org", role=Role.MODERATOR, totp_secret=None)
    db.session.commit()
    response = password_step(client, "new-mod@example.org")
    assert response.headers["Location"] == "/auth/two-factor/setup"
    queue = client.get("/moderation/")
    assert queue.status_code == 302 and queue.headers["Location"] == "/auth/two-factor/setup"
    page = client.get("/auth/two-factor/setup").get_data(as_text=True)
    assert "<svg" in page and 'aria-label="QR code to scan with your authenticator app"' in page
    assert "http" not in re.search(r"<svg.*?</svg>", page, re.S).group(0).replace(
        "http://www.w3.org/2000/svg", ""
    )  # drawn here, nothing fetched

    secret, codes = set_up_two_factor(client)
    assert len(codes) == len(set(codes)) == 10
    user = fresh("new-mod@example.org")
    assert user.has_two_factor and user.totp_secret == secret
    assert all(
        code.replace("-", "") not in row.code_hash for row in user.recovery_codes for code in codes
    )
    assert client.get("/moderation/").status_code == 200
    assert len(actions("auth.two_factor_enabled")) == 1


def test_a_wrong_code_at_setup_changes_nothing(client, db):
    UserFactory(email="nurse@example.org")
    db.session.commit()
    sign_in(client, "nurse@example.org")
    client.get("/auth/two-factor/setup")
    response = client.post("/auth/two-factor/setup", data={"code": "123456"})
    assert response.status_code == 200
    assert "This code does not match." in response.get_data(as_text=True)
    assert not fresh("nurse@example.org").has_two_factor


def test_setting_it_up_signs_out_other_sessions(make_client, db):
    UserFactory(email="nurse@example.org")
    db.session.commit()
    laptop, phone = make_client(), make_client()
    sign_in(laptop, "nurse@example.org")
    sign_in(phone, "nurse@example.org")
    set_up_two_factor(laptop)
    assert laptop.get("/auth/profile").status_code == 200
    assert phone.get("/auth/profile").status_code == 302


def test_a_recovery_code_signs_in_once(make_client, db):
    UserFactory(email="nurse@example.org")
    db.session.commit()
    browser = make_client()
    sign_in(browser, "nurse@example.org")
    _, codes = set_up_two_factor(browser)
    browser.post("/auth/logout")

    again = make_client()
    password_step(again, "nurse@example.org")
    used = again.post("/auth/two-factor", data={"code": codes[3].upper()})
    assert used.status_code == 302
    assert "You used a recovery code; 9 are left." in again.get("/").get_data(as_text=True)
    assert fresh("nurse@example.org").recovery_codes[3].used_at is not None
    again.post("/auth/logout")

    thief = make_client()
    password_step(thief, "nurse@example.org")
    assert thief.post("/auth/two-factor", data={"code": codes[3]}).status_code == 200
    assert thief.get("/auth/profile").status_code == 302


def test_new_recovery_codes_replace_the_old(client, db):
    UserFactory(email="nurse@example.org")
    db.session.commit()
    sign_in(client, "nurse@example.org")
    secret, old = set_up_two_factor(client)
    response = client.post(
        "/auth/two-factor/recovery-codes", data={"code": current_code(secret, "nurse@example.org")}
    )
    new = re.findall(r"<li><code>([a-z2-9-]{11})</code></li>", response.get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode)) == 10


def test_members_may_turn_it_off_staff_may_not(client, db):
    UserFactory(email="nurse@example.org")
    UserFactory(email="mod@example.org", role=Role.MODERATOR)
    db.session.commit()
    sign_in(client, "nurse@example.org")
    secret, _ = set_up_two_factor(client)
    wrong = client.post(
        "/auth/two-factor/disable",
        data={"password": "not my password", "code": current_code(secret, "nurse@example.org")},
    )
    assert wrong.status_code == 302 and fresh("nurse@example.org").has_two_factor
    off = client.post(
        "/auth/two-factor/disable",
        data={"password": PASSWORD, "code": current_code(secret, "nurse@example.org")},
    )
    assert off.status_code == 302 and not fresh("nurse@example.org").has_two_factor
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode)) == 0
    client.post("/auth/logout")

    sign_in(client, "mod@example.org")
    client.post(
        "/auth/two-factor/disable",
        data={"password": PASSWORD, "code": current_code(TOTP_SECRET, "mod@example.org")},
    )
    assert fresh("mod@example.org").has_two_factor


def test_profile_shows_the_state(client, db):
    UserFactory(email="nurse@example.org")
    db.session.commit()
    sign_in(client, "nurse@example.org")
    page = client.get("/auth/profile").get_data(as_text=True)
    assert "Set up two-factor sign-in" in page
    set_up_two_factor(client)
    page = client.get("/auth/profile").get_data(as_text=True)
    assert "10 recovery codes left." in page and "Turn off two-factor sign-in" in page


@pytest.fixture
def limited_app(tmp_path):
    class Limited(TestConfig):
        RATELIMIT_ENABLED = True
        RATELIMIT_STORAGE_URI = "memory://"
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'limits.sqlite3'}"

    app = create_app(Limited)
    with app.app_context():
        upgrade()
        UserFactory(email="mod@example.org", role=Role.MODERATOR)
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


def test_code_guessing_is_rate_limited(limited_app):
    client = limited_app.test_client()
    with limited_app.app_context():
        password_step(client, "mod@example.org")
    codes = [
        client.post("/auth/two-factor", data={"code": f"{n:06d}"}).status_code for n in range(6)
    ]
    assert codes[:5] == [200] * 5 and codes[5] == 429
    # Even the right code waits: a guesser must not learn which one was right.
    right = client.post("/auth/two-factor", data={"code": pyotp.TOTP(TOTP_SECRET).now()})
    assert right.status_code == 429


def test_an_operator_can_reset_a_lost_second_factor(app, db):
    UserFactory(email="mod@example.org", role=Role.MODERATOR)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["users", "reset-two-factor", "MOD@example.org"])
    assert result.exit_code == 0, result.output
    assert "Two-factor sign-in is off for mod@example.org" in result.output
    assert not fresh("mod@example.org").has_two_factor
    assert len(actions("auth.two_factor_reset")) == 1
    unknown = app.test_cli_runner().invoke(args=["users", "reset-two-factor", "x@example.org"])
    assert unknown.exit_code != 0 and "No user with email" in unknown.output


def test_a_code_raced_by_another_sign_in_is_refused(db):
    """Two sign-ins with the same code at the same moment: both read the account before
    either wrote. The one that writes second must lose, though what it read says the code
    is unused (the other's write is made here behind the ORM's back, as the other request
    would have committed it)."""
    from directory.auth import two_factor

    user = UserFactory(email="mod@example.org", role=Role.MODERATOR)
    db.session.commit()
    step = int(time.time()) // 30
    code = pyotp.TOTP(TOTP_SECRET).generate_otp(step)
    assert user.totp_last_step is None  # what this request read
    db.session.execute(
        sa.update(User)
        .where(User.id == user.id)
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    assert user.totp_last_step is None  # still the stale value
    assert two_factor.verify_totp(user, code) is False


def test_a_recovery_code_raced_by_another_sign_in_is_refused(db):
    from directory.auth import two_factor

    user = UserFactory(email="nurse@example.org")
    codes = two_factor.new_recovery_codes(user)
    db.session.commit()
    first = user.recovery_codes[0]
    assert first.used_at is None  # what this request read
    db.session.execute(
        sa.update(RecoveryCode)
        .where(RecoveryCode.id == first.id)
        .values(used_at=datetime.now(UTC))
        .execution_options(synchronize_session=False)
    )
    assert two_factor.use_recovery_code(user, codes[0]) is False
    assert two_factor.use_recovery_code(user, codes[1]) is True
