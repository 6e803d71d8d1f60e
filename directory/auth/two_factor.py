"""Two-factor sign-in: time-based one-time codes (TOTP, RFC 6238) and recovery codes.

Required for moderators and administrators (``is_required``), optional for everyone else.

- The secret is made on the server and shown once, as a QR code drawn on the server
  (``directory.qr``) and as text; it is stored only when the person proves their app has it.
- A code works once: the time step of the last accepted code is kept and a code of that
  step or an earlier one is refused, even inside its 30 seconds.
- Ten recovery codes, shown once, stored as salted SHA-256 hashes (each holds 50 random
  bits, so a slow password hash adds nothing but cost); each works once.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime

import pyotp
from flask import current_app

from directory.models import RecoveryCode, Role, User

RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
_STEP_SECONDS = 30


def is_required(user: User) -> bool:
    """Moderators and administrators hold the keys to everyone's data."""
    return user.role in (Role.MODERATOR, Role.ADMIN)


def new_secret() -> str:
    return pyotp.random_base32()


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
    if not user.has_two_factor:
        return False
    step = _matching_step(user.totp_secret, _normalize(code), now or datetime.now(UTC))
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return False
    user.totp_last_step = step
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
            recovery.used_at = datetime.now(UTC)
            return True
    return False


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


def enable(user: User, secret: str, code: str, now: datetime | None = None) -> list[str] | None:
    """Switch two-factor on if ``code`` comes from ``secret``; the new recovery codes."""
    now = now or datetime.now(UTC)
    step = _matching_step(secret, _normalize(code), now)
    if step is None:
        return None
    user.totp_secret = secret
    user.totp_enabled_at = now
    user.totp_last_step = step  # the code just typed cannot sign anyone in
    return new_recovery_codes(user)


def disable(user: User) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    user.recovery_codes.clear()
