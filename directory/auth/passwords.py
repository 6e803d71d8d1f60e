"""Password hashing. The method comes from config so tests can use cheap parameters."""

from __future__ import annotations

from functools import cache

from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def verify_password(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, password)


# NIST SP 800-63B: a length floor, a generous ceiling (passphrases, password managers), and
# no composition rules. The ceiling bounds the hashing work one request can ask for.
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
COMMON_PASSWORDS_REFUSED = 10_000


@cache
def _common_passwords() -> frozenset[str]:
    """The most used passwords, from the list the zxcvbn package ships (ranked, most common
    first); read once per process — it is fixed data, not state."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"][:COMMON_PASSWORDS_REFUSED])


def is_common_password(password: str) -> bool:
    return password.lower() in _common_passwords()


def counted_length(password: str) -> int:
    """The length that counts toward the minimum: spaces inside a passphrase count, but not
    those at either end, and a run of them only once (twelve spaces are no password)."""
    return len(" ".join(password.split()))


def password_problem(password: str, email: str | None) -> str | None:
    """Why ``password`` may not be set for the account with ``email``, or None.

    Every place that sets a password asks here: registration, reset, change and
    ``flask users create``.
    """
    if len(password) > MAX_PASSWORD_LENGTH:
        return _("Use at most %(n)d characters.", n=MAX_PASSWORD_LENGTH)
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Use at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
    if counted_length(password) < MIN_PASSWORD_LENGTH:
        return _(
            "Use at least %(n)d characters, not counting spaces at either end or spaces in a row.",
            n=MIN_PASSWORD_LENGTH,
        )
    if email and password.strip().casefold() == email.strip().casefold():
        return _("Your password cannot be your email address. Choose another.")
    if is_common_password(password.strip()):
        return _("This password is one of the most used, so it is guessed first. Choose another.")
    return None
