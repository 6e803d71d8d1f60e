"""Two-factor sign-in: time-based one-time codes (TOTP, RFC 6238) and recovery codes.

Required for moderators and administrators (``is_required``), optional for everyone else.

- The secret is made on the server and shown as a QR code (``directory.qr``, SVG drawn on
  the server) and as text. Until the person proves their app has it, it waits on their
  account row as the pending secret (for ``SETUP_SECONDS``), never in the session cookie.
- Someone who has two-factor on gets a new secret (a new phone) only after their password
  and a current code or a recovery code (``two_factor_routes.two_factor_replace``).
- A code works once: the time step of the last accepted code is kept and a code of that
  step or an earlier one is refused, even inside its 30 seconds. The step is taken by one
  conditional UPDATE, so two sign-ins racing with the same code cannot both win.
- Ten recovery codes, shown once, stored as salted SHA-256 hashes (each holds 50 random
  bits, so a slow password hash adds nothing but cost); each works once, used up the same
  way.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime, timedelta
from typing import Protocol

import pyotp
import sqlalchemy as sa
from flask import current_app
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm.attributes import set_committed_value

from directory.extensions import db
from directory.models import RecoveryCode, Role, User

RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
_STEP_SECONDS = 30
SETUP_SECONDS = 15 * 60  # how long a secret waits for its first code


class _HasRole(Protocol):
    """A user, or a demo account before it is one (``seed.demo_users``)."""

    @property
    def role(self) -> str: ...


def is_required(user: _HasRole) -> bool:
    """Moderators and administrators hold the keys to everyone's data."""
    return user.role in (Role.MODERATOR, Role.ADMIN)


def new_secret() -> str:
    return pyotp.random_base32()


def pending_secret(user: User, now: datetime | None = None) -> str | None:
    """The secret being set up, unless there is none or it waited too long."""
    since = user.totp_pending_since
    if user.totp_pending_secret is None or since is None:
        return None
    if (now or datetime.now(UTC)) - since > timedelta(seconds=SETUP_SECONDS):
        return None
    return user.totp_pending_secret


def start_setup(user: User, now: datetime | None = None) -> str:
    """A new secret to scan, in place of any earlier one still waiting."""
    user.totp_pending_secret = new_secret()
    user.totp_pending_since = now or datetime.now(UTC)
    return user.totp_pending_secret


def _clear_pending(user: User) -> None:
    user.totp_pending_secret = None
    user.totp_pending_since = None


def provisioning_uri(user: User, secret: str) -> str:
    issuer = current_app.config.get("TOTP_ISSUER", "Partner Directory")
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def _normalize(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step (now, or one either side for clock drift) whose code this is."""
    if not re.fullmatch(r"\d{6}", code):
        return None
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // _STEP_SECONDS
    for step in (current, current - 1, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def verify_totp(user: User, code: str, now: datetime | None = None) -> bool:
    """True once per time step: the step is remembered, so a replayed code fails."""
    secret = user.totp_secret
    if not user.has_two_factor or secret is None:
        return False
    step = _matching_step(secret, _normalize(code), now or datetime.now(UTC))
    return step is not None and _claim_step(user, step)


def _claim_step(user: User, step: int) -> bool:
    """Take ``step`` unless it or a later one was taken, in one conditional UPDATE: what this
    request read earlier may be stale (another sign-in with the same code committed since),
    the row as the database holds it is not."""
    taken = db.session.execute(
        sa.update(User)
        .where(
            User.id == user.id,
            sa.or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    # An UPDATE's result is a CursorResult (rows matched); Session.execute is typed as Result.
    if not isinstance(taken, CursorResult) or taken.rowcount != 1:
        return False
    set_committed_value(user, "totp_last_step", step)
    return True


def _hash_recovery_code(code: str, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(8)
    digest = hashlib.sha256(f"{salt}:{_normalize(code)}".encode()).hexdigest()
    return f"sha256${salt}${digest}"


def _recovery_code_matches(stored: str, code: str) -> bool:
    try:
        _, salt, _digest = stored.split("$", 2)
    except ValueError:
        return False
    return hmac.compare_digest(stored, _hash_recovery_code(code, salt))


def use_recovery_code(user: User, code: str) -> bool:
    """True if ``code`` is one of the user's unused recovery codes; it is used up."""
    normalized = _normalize(code)
    if len(normalized) != 10:
        return False
    for recovery in user.recovery_codes:
        if recovery.used_at is None and _recovery_code_matches(recovery.code_hash, normalized):
            return _use_up(recovery)
    return False


def _use_up(recovery: RecoveryCode) -> bool:
    """Mark the code used unless someone else just did (see ``_claim_step``)."""
    now = datetime.now(UTC)
    used = db.session.execute(
        sa.update(RecoveryCode)
        .where(RecoveryCode.id == recovery.id, RecoveryCode.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if not isinstance(used, CursorResult) or used.rowcount != 1:
        return False
    set_committed_value(recovery, "used_at", now)
    return True


def verify(user: User, code: str) -> str | None:
    """``"totp"`` or ``"recovery"`` for an accepted code, None otherwise."""
    if verify_totp(user, code):
        return "totp"
    if use_recovery_code(user, code):
        return "recovery"
    return None


def unused_recovery_codes(user: User) -> int:
    return sum(1 for recovery in user.recovery_codes if recovery.used_at is None)


def new_recovery_codes(user: User) -> list[str]:
    """Ten fresh codes in place of the old ones; the clear text exists only in the answer."""
    codes = [
        "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    user.recovery_codes.clear()
    user.recovery_codes.extend(RecoveryCode(code_hash=_hash_recovery_code(code)) for code in codes)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def enable(user: User, code: str, now: datetime | None = None) -> list[str] | None:
    """Switch two-factor on (or over to the new device) if ``code`` comes from the pending
    secret; the new recovery codes."""
    now = now or datetime.now(UTC)
    secret = pending_secret(user, now)
    step = _matching_step(secret, _normalize(code), now) if secret else None
    if step is None:
        return None
    user.totp_secret = secret
    user.totp_enabled_at = now
    user.totp_last_step = step  # the code just typed cannot sign anyone in
    _clear_pending(user)
    return new_recovery_codes(user)


def disable(user: User) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    _clear_pending(user)
    user.recovery_codes.clear()
