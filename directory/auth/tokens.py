"""Signed, expiring links for confirming an email address and resetting a password.

Both are ``itsdangerous.URLSafeTimedSerializer`` tokens signed with the app's ``SECRET_KEY``
and a salt of their own, so that one kind can never be used as the other. Nothing is stored:

- A confirmation token names the user and the address being confirmed; it works for
  ``EMAIL_CONFIRMATION_MAX_AGE`` (48 h) and confirming twice is harmless.
- A reset token names the user and a fingerprint of the current password hash; it works for
  ``PASSWORD_RESET_MAX_AGE`` (1 h) and only once: setting a password changes the hash (a new
  salt even for the same password), so every reset link issued before dies with it.

The payload is signed, not encrypted: whoever reads the link can decode it. The fingerprint
is therefore an HMAC keyed with ``SECRET_KEY``, which says nothing about the password hash.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from directory.extensions import db
from directory.models import User

CONFIRM_EMAIL_SALT = "directory.auth.confirm-email"
RESET_PASSWORD_SALT = "directory.auth.reset-password"  # noqa: S105 - a salt name, not a secret


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _load(salt: str, token: str, max_age: int) -> dict[str, Any] | None:
    try:
        data = _serializer(salt).loads(token, max_age=max_age)
    except BadSignature:  # also SignatureExpired
        return None
    return data if isinstance(data, dict) else None


def _named_user(data: dict[str, Any] | None) -> User | None:
    user_id = data.get("user") if data else None
    return db.session.get(User, user_id) if isinstance(user_id, int) else None


def password_fingerprint(password_hash: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, password_hash.encode(), hashlib.sha256).hexdigest()[:32]


def email_confirmation_token(user: User) -> str:
    return _serializer(CONFIRM_EMAIL_SALT).dumps({"user": user.id, "email": user.email})


def user_to_confirm(token: str) -> User | None:
    """The user a valid, unexpired confirmation token names, if the address is still theirs."""
    data = _load(CONFIRM_EMAIL_SALT, token, current_app.config["EMAIL_CONFIRMATION_MAX_AGE"])
    user = _named_user(data)
    if data is None or user is None or user.email != data.get("email"):
        return None
    return user


def password_reset_token(user: User) -> str:
    payload = {"user": user.id, "password": password_fingerprint(user.password_hash)}
    return _serializer(RESET_PASSWORD_SALT).dumps(payload)


def user_to_reset(token: str) -> User | None:
    """The active user a reset token names, while unexpired and unused."""
    data = _load(RESET_PASSWORD_SALT, token, current_app.config["PASSWORD_RESET_MAX_AGE"])
    user = _named_user(data)
    if data is None or user is None or not user.active:
        return None
    expected = password_fingerprint(user.password_hash)
    if not hmac.compare_digest(expected, str(data.get("password", ""))):
        return None
    return user
