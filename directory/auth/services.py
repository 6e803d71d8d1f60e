"""Sign-in rules, free of request objects."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app
from werkzeug.security import check_password_hash

from directory.auth.passwords import hash_password, verify_password
from directory.extensions import db
from directory.models import User

# Compared against when the email is unknown, so both paths cost one hash check.
_DUMMY_HASH: dict[str, str] = {}


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None. Rehashes outdated hashes."""
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None:
        method = current_app.config["PASSWORD_HASH_METHOD"]
        dummy = _DUMMY_HASH.setdefault(method, hash_password("not a real password"))
        check_password_hash(dummy, password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    if not user.password_hash.startswith(current_app.config["PASSWORD_HASH_METHOD"] + "$"):
        user.password_hash = hash_password(password)
    user.last_login_at = datetime.now(UTC)
    return user


def is_safe_next(target: str | None) -> bool:
    """Only a local path: no scheme, no host, no backslash tricks (``/\\evil``)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc
