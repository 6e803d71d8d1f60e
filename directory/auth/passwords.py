"""Password hashing. The method comes from config so tests can use cheap parameters."""

from __future__ import annotations

from functools import cache

from flask import current_app
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
