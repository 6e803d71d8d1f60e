"""Sign-in rules, free of request objects."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import TypeGuard
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app
from werkzeug.security import generate_password_hash

from directory import audit
from directory.auth.passwords import hash_password, verify_password
from directory.extensions import db
from directory.models import User


@cache
def dummy_hash(method: str) -> str:
    """A hash made like real ones, checked when the address is unknown so that both paths
    cost exactly one hash check. Made once per process and method (the auth blueprint makes
    it when it is registered), never during a sign-in."""
    return generate_password_hash("not anyone's password", method=method)


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None.

    Every call checks exactly one hash, whether the address is unknown, the account
    deactivated, or the password right or wrong: the answer's timing tells nothing about
    which. A failure is audited without what was typed (it may be a password typed in the
    wrong box): a known account by its id, an unknown address as only that. Rehashes an
    outdated hash after a right password (extra work that only the owner can cause).
    """
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if user is None:
        verify_password(dummy_hash(method), password)
        audit.record(None, "auth.login_failed", known=False)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        audit.record(None, "auth.login_failed", target=user, known=True)
        return None
    if not user.password_hash.startswith(method + "$"):
        user.password_hash = hash_password(password)
    user.last_login_at = datetime.now(UTC)
    return user


def is_safe_next(target: str | None) -> TypeGuard[str]:
    """Only a local path: no scheme, no host, no backslash tricks (``/\\evil``)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc
