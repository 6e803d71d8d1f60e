"""Signing in from tests, through the real forms, two-factor step included."""

from __future__ import annotations

import time

import pyotp
import sqlalchemy as sa

from directory.extensions import db
from directory.models import User

PASSWORD = "correct horse battery staple"  # the factory's password


def current_code(secret: str, user_email: str | None = None) -> str:
    """A code for ``secret`` that the app has not seen yet.

    A code works once per 30-second step. When this step's code was used (two sign-ins of
    one account in one test), the next step's code is taken: the app accepts one step of
    clock drift either way.
    """
    step = int(time.time()) // 30
    if user_email is not None:
        last = db.session.scalar(sa.select(User.totp_last_step).where(User.email == user_email))
        db.session.rollback()  # read only; leave no transaction open for the app
        if last is not None and last >= step:
            step = last + 1
    return pyotp.TOTP(secret).generate_otp(step)


def sign_in(client, email: str, password: str = PASSWORD, next_url: str | None = None, **extra):
    """POST the sign-in form; for an account with two-factor, answer the code step too.
    Returns the last response."""
    url = "/auth/login" + (f"?next={next_url}" if next_url else "")
    response = client.post(url, data={"email": email, "password": password, **extra})
    if response.status_code == 302 and response.headers["Location"].endswith("/auth/two-factor"):
        secret = db.session.scalar(sa.select(User.totp_secret).where(User.email == email))
        db.session.rollback()
        response = client.post("/auth/two-factor", data={"code": current_code(secret, email)})
    return response
