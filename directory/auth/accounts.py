"""Account rules: registration, email confirmation, password reset and change.

Each function changes the session's objects and returns the mail to send (or None); the
route commits, then sends (see ``directory.auth.mail``).

No account enumeration: registering with a known address and asking a reset for an unknown
one lead to the same page and message as the ordinary case. Registering with a known address
mails its owner a note instead of a confirmation link; a reset for an unknown or deactivated
address sends nothing. Timing too: registration hashes the password on both paths, sign-in
checks a dummy hash for an unknown address, and mail leaves only after the response is sent
(``directory.auth.mail.send``), so a slow mail server never makes a known address answer later.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from flask_mailman import EmailMessage
from sqlalchemy.orm import contains_eager

from directory import audit
from directory.auth import mail
from directory.auth.passwords import hash_password, verify_password
from directory.extensions import db
from directory.models import AccountKind, Membership, Organization, Role, User
from directory.models.user import new_session_token


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalize_email(email)))


def register(name: str, email: str, password: str, account_kind: AccountKind) -> EmailMessage:
    """A new unconfirmed member and their confirmation mail, or a note to a known address.

    The password is hashed in both cases, so that both cost the same time.
    """
    password_hash = hash_password(password)
    existing = find_user_by_email(email)
    if existing is not None:
        return mail.already_registered_message(existing)
    user = User(
        name=name.strip(),
        email=normalize_email(email),
        password_hash=password_hash,
        role=Role.MEMBER,
        account_kind=account_kind,
    )
    db.session.add(user)
    db.session.flush()  # the id goes into the confirmation link
    audit.record(user, "account.registered", user, account_kind=str(account_kind))
    return mail.confirmation_message(user)


def resend_confirmation(user: User) -> EmailMessage | None:
    return None if user.is_email_confirmed else mail.confirmation_message(user)


def confirm_email(user: User) -> bool:
    """Mark the address confirmed; False when it already was (the link was opened twice)."""
    if user.is_email_confirmed:
        return False
    user.email_confirmed_at = datetime.now(UTC)
    audit.record(user, "account.email_confirmed", user)
    return True


def request_password_reset(email: str) -> EmailMessage | None:
    """A reset link for an active account with this address; nothing for any other."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        return None
    return mail.reset_message(user)


def is_current_password(user: User, password: str) -> bool:
    return verify_password(user.password_hash, password)


def _set_password(user: User, password: str) -> None:
    """New hash (which kills every reset link) and new session token (every session)."""
    user.password_hash = hash_password(password)
    user.session_token = new_session_token()


def change_password(user: User, new_password: str) -> EmailMessage:
    """The caller checked the current password and signs this device in again."""
    _set_password(user, new_password)
    audit.record(user, "account.password_changed", user)
    return mail.password_changed_message(user)


def reset_password(user: User, new_password: str) -> EmailMessage:
    """Through a mailed link, which also proves the address: an unconfirmed one is confirmed."""
    _set_password(user, new_password)
    if not user.is_email_confirmed:
        confirm_email(user)
    audit.record(user, "account.password_reset", user)
    return mail.password_changed_message(user)


def memberships_of(user: User) -> list[Membership]:
    """The organizations the user belongs to, by name, with their organization loaded."""
    stmt = (
        sa.select(Membership)
        .join(Membership.organization)
        .where(Membership.user_id == user.id)
        .options(contains_eager(Membership.organization))
        .order_by(Organization.name)
    )
    return list(db.session.scalars(stmt))
