"""Rate limits for the doors attackers knock on: sign-in, registration, password reset, and
the checks of a signed-in account's password.

Counters live in Redis when ``REDIS_URL`` is set, so every worker and app server shares them;
otherwise in this process's memory. If Redis stops answering, Flask-Limiter falls back to
memory (and logs it) rather than refusing every request.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import request
from flask_babel import gettext
from flask_limiter import RouteLimit
from flask_limiter.util import get_remote_address
from flask_login import current_user

from directory.extensions import limiter

# Per client address, and per account named in the form (a botnet guessing one account's
# password from many addresses still meets the second).
SIGN_IN_PER_ADDRESS = "10 per minute;100 per hour"
SIGN_IN_PER_ACCOUNT = "5 per minute;30 per hour"
REGISTER_PER_ADDRESS = "5 per hour"
RESET_PER_ADDRESS = "5 per hour"
RESET_PER_ACCOUNT = "3 per hour"
# A 6-digit code has a million values: five tries a minute, twenty an hour, per account.
TWO_FACTOR_PER_ADDRESS = "10 per minute;100 per hour"
TWO_FACTOR_PER_ACCOUNT = "5 per minute;20 per hour"
# Someone holding a signed-in session (a borrowed laptop, a stolen cookie) must not be able
# to guess the account's password at the "change your password" form.
REAUTHENTICATION_PER_ACCOUNT = "5 per minute;20 per hour"


def submitted_email() -> str:
    """The account a form names, as the key of its counter (never logged)."""
    return "email:" + (request.form.get("email") or "").strip().lower()


def signed_in_account() -> str:
    """The signed-in account, by id: signing out and in again starts no new counter."""
    return f"account:{current_user.id if current_user.is_authenticated else 'anonymous'}"


def rate_limit_message() -> str:
    return gettext("Too many attempts. Please wait a few minutes, then try again.")


def per_key(limit: str, key_func: Callable[[], str]) -> RouteLimit:
    """Limit POSTs by whatever ``key_func`` names (an address, an account); GETs are free."""
    return limiter.limit(
        limit, key_func=key_func, methods=["POST"], error_message=rate_limit_message
    )


def per_address(limit: str) -> RouteLimit:
    return per_key(limit, get_remote_address)


def per_account(limit: str) -> RouteLimit:
    return per_key(limit, submitted_email)


# Partnership requests reach other organizations' members by mail: per account, so that a
# stolen or careless account cannot flood them (docs/partnerships.md).
PARTNERSHIP_REQUESTS_PER_ACCOUNT = "10 per hour"
PARTNERSHIP_REPLIES_PER_ACCOUNT = "60 per hour"
# Capacity is one click per service: enough for a busy intake desk, not for a script.
CAPACITY_UPDATES_PER_ACCOUNT = "60 per hour"


def per_signed_in_account(limit: str) -> RouteLimit:
    return per_key(limit, signed_in_account)
