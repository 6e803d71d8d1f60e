"""Demo sign-ins, one per role, with passwords generated when the demo data is loaded.

Passwords exist in clear only in the credentials file (mode 0600, under the instance
folder, or ``DEMO_CREDENTIALS_PATH`` when set): never in the database, never in a log.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from directory.auth import two_factor
from directory.auth.passwords import hash_password
from directory.extensions import db
from directory.models import (
    AccountKind,
    Membership,
    MembershipRole,
    MembershipStatus,
    Organization,
    Role,
    User,
)

CREDENTIALS_FILENAME = "demo-credentials.txt"
CREDENTIALS_HEADER = (
    "# Demo sign-ins for the Partner & Resource Directory (fictional demo data).\n"
    "# Written by `flask seed demo`; shown by `flask seed credentials`. Keep it private.\n"
    "# role<TAB>email<TAB>password[<TAB>two-factor key, for staff]\n"
)


@dataclass(frozen=True)
class DemoAccount:
    label: str
    email: str
    name: str
    role: Role
    vetted_professional: bool = False
    owns_organization: bool = False
    guide_editor: bool = False


DEMO_ACCOUNTS = (
    DemoAccount("admin", "admin@example.org", "Demo Admin", Role.ADMIN),
    DemoAccount("moderator", "moderator@example.org", "Demo Moderator", Role.MODERATOR),
    DemoAccount(
        "organization member",
        "member@example.org",
        "Demo Organization Member",
        Role.MEMBER,
        owns_organization=True,
    ),
    DemoAccount(
        "vetted professional",
        "professional@example.org",
        "Demo Vetted Professional",
        Role.MEMBER,
        vetted_professional=True,
    ),
    DemoAccount("unvetted member", "unvetted@example.org", "Demo Unvetted Member", Role.MEMBER),
    DemoAccount(
        "guide editor",
        "guide-editor@example.org",
        "Demo Guide Editor",
        Role.MEMBER,
        guide_editor=True,
    ),
)


@dataclass(frozen=True)
class SignIn:
    label: str
    email: str
    password: str
    totp_secret: str = ""  # staff sign in with two-factor: the demo keeps their key here


def credentials_path() -> Path:
    configured = current_app.config.get("DEMO_CREDENTIALS_PATH")
    return (
        Path(configured) if configured else Path(current_app.instance_path) / CREDENTIALS_FILENAME
    )


def add_missing_demo_users(owned: Organization | None) -> list[SignIn]:
    """Add the demo accounts not in the database yet; the caller commits, then saves them.

    Existing accounts are left exactly as they are (their password may have been changed).
    """
    emails = [account.email for account in DEMO_ACCOUNTS]
    existing = set(db.session.scalars(sa.select(User.email).where(User.email.in_(emails))))
    now = datetime.now(UTC)
    sign_ins = []
    for account in DEMO_ACCOUNTS:
        if account.email in existing:
            continue
        password = secrets.token_urlsafe(12)
        # Staff must use two-factor sign-in; the demo sets it up so that `flask seed
        # credentials` can print a current code (a real account sets it up itself).
        totp_secret = two_factor.new_secret() if two_factor.is_required(account) else ""
        user = User(
            email=account.email,
            name=account.name,
            role=account.role,
            password_hash=hash_password(password),
            email_confirmed_at=now,
            professional_verified_at=now if account.vetted_professional else None,
            guide_editor=account.guide_editor,
            account_kind=(
                AccountKind.ORGANIZATION if account.owns_organization else AccountKind.PROFESSIONAL
            ),
            totp_secret=totp_secret or None,
            totp_enabled_at=now if totp_secret else None,
        )
        if account.owns_organization and owned is not None:
            user.memberships.append(
                Membership(
                    organization=owned, role=MembershipRole.OWNER, status=MembershipStatus.ACTIVE
                )
            )
        db.session.add(user)
        sign_ins.append(SignIn(account.label, account.email, password, totp_secret))
    return sign_ins


def save_sign_ins(new: list[SignIn]) -> Path:
    """Merge ``new`` into the credentials file (replacing same emails), created mode 0600.

    ``mkstemp`` creates the temporary file with mode 0600; moving it into place means the
    file is never readable by others, not even for a moment, and never left half-written.
    """
    path = credentials_path()
    by_email = {sign_in.email: sign_in for sign_in in [*read_sign_ins(path), *new]}
    order = {account.email: position for position, account in enumerate(DEMO_ACCOUNTS)}
    lines = [
        "\t".join(filter(None, (s.label, s.email, s.password, s.totp_secret))) + "\n"
        for s in sorted(by_email.values(), key=lambda s: order.get(s.email, len(order)))
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".demo-credentials-")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(CREDENTIALS_HEADER + "".join(lines))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def read_sign_ins(path: Path | None = None) -> list[SignIn]:
    path = path or credentials_path()
    if not path.exists():
        return []
    sign_ins = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("#") or len(fields) not in (3, 4):
            continue
        sign_ins.append(SignIn(*fields))
    return sign_ins
