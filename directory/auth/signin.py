"""The last steps of signing in, shared by the password step and the two-factor step.

A person whose account has two-factor sign-in is not signed in after the password: the
session only notes who is half-way (their session token, so a password change or a sign-out
elsewhere cancels it) for a few minutes, and the code step finishes the sign-in.
"""

from __future__ import annotations

import time

import sqlalchemy as sa
from flask import flash, redirect, session, url_for
from flask_babel import gettext as _
from flask_login import login_user
from werkzeug.wrappers import Response

from directory.auth import two_factor
from directory.extensions import db
from directory.models import User

PENDING_KEY = "two_factor_pending"
PENDING_SECONDS = 300
# Kept across the session reset at sign-in: what the visitor chose before signing in.
KEPT_AT_SIGN_IN = ("shortlist", "locale")


def begin_two_factor(user: User, remember: bool, next_url: str | None) -> Response:
    session[PENDING_KEY] = {
        "token": user.session_token,
        "remember": bool(remember),
        "next": next_url,
        "since": int(time.time()),
    }
    return redirect(url_for("auth.two_factor"))


def pending_user() -> User | None:
    """Who passed the password step in this browser a moment ago, if anyone."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or not isinstance(pending.get("token"), str):
        return None
    if time.time() - pending.get("since", 0) > PENDING_SECONDS:
        session.pop(PENDING_KEY, None)
        return None
    user = db.session.scalar(sa.select(User).where(User.session_token == pending["token"]))
    return user if user is not None and user.active else None


def pending_account_key() -> str:
    """The rate-limit key of the half-signed-in account (never logged)."""
    pending = session.get(PENDING_KEY)
    token = pending.get("token") if isinstance(pending, dict) else None
    return f"two-factor:{token or 'none'}"


def finish_sign_in(user: User, remember: bool, next_url: str | None) -> Response:
    """A fresh session (nothing from before the sign-in survives but the visitor's own
    choices), then the user; staff without two-factor go to set it up first."""
    kept = {key: session[key] for key in KEPT_AT_SIGN_IN if key in session}
    session.clear()
    session.update(kept)
    login_user(user, remember=remember)
    if two_factor.is_required(user) and not user.has_two_factor:
        flash(
            _(
                "Moderators and administrators must use two-factor sign-in. Set it up now to "
                "reach the moderation and administration pages."
            ),
            "info",
        )
        return redirect(url_for("auth.two_factor_setup"))
    return redirect(next_url or url_for("public.home"))
