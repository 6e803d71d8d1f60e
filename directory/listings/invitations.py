"""Owners invite editors by email with a signed link that works for seven days.

Nothing is stored until the invitee accepts: the link names the organization, the invited
address and the inviter, signed with ``SECRET_KEY`` under a salt of its own. The invitee must
be signed in with that very address (registering with it first if need be). The owner is told
the same thing whether the address has an account or not: no account enumeration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import gettext as _
from flask_mailman import EmailMessage
from itsdangerous import BadSignature, URLSafeTimedSerializer

from directory import audit
from directory.auth.mail import absolute_url
from directory.extensions import db
from directory.i18n.locale import in_locale_of
from directory.models import Membership, MembershipRole, MembershipStatus, Organization, User
from directory.outgoing_mail import email_message

INVITE_SALT = "directory.listings.invite-editor"
INVITATION_MAX_AGE = 7 * 24 * 3600  # seconds


@dataclass(frozen=True)
class Invitation:
    organization: Organization
    email: str
    inviter_id: int | None


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=INVITE_SALT)


def invitation_token(organization: Organization, email: str, inviter: User) -> str:
    return _serializer().dumps({"org": organization.id, "email": email, "by": inviter.id})


def read_invitation(token: str) -> Invitation | None:
    """The invitation a valid, unexpired token carries (None if tampered, expired or stale)."""
    try:
        data: Any = _serializer().loads(token, max_age=INVITATION_MAX_AGE)
    except BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict) or not isinstance(data.get("org"), int):
        return None
    organization = db.session.get(Organization, data["org"])
    email = data.get("email")
    if organization is None or not isinstance(email, str):
        return None
    return Invitation(organization, email, data.get("by"))


def invite_editor(inviter: User, organization: Organization, email: str) -> EmailMessage:
    """Audit the invitation and compose its mail (the caller commits, then sends)."""
    audit.record(inviter, "membership.invited", organization, email=email, role="editor")
    link = absolute_url("listings.invitation", token=invitation_token(organization, email, inviter))
    # An invitee who already has an account reads it in their language; else the inviter's.
    invitee = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    with in_locale_of(invitee):
        body = render_template(
            "listings/mail/invitation.txt",
            inviter=inviter,
            organization=organization,
            link=link,
            register_link=absolute_url("auth.register"),
            days=INVITATION_MAX_AGE // 86400,
            site_url=current_app.config["SITE_URL"] or absolute_url("public.home").rstrip("/"),
        )
        subject = _("You are invited to help keep %(name)s up to date", name=organization.name)
    return email_message(subject, body, [email])


def is_for(invitation: Invitation, user: User) -> bool:
    return invitation.email.casefold() == user.email.casefold()


def accept(user: User, invitation: Invitation) -> Membership:
    """Make ``user`` an active editor. An active membership is kept as it is (never demoted);
    a pending claim becomes an editorship (ownership still needs a moderator)."""
    organization = invitation.organization
    membership = next((m for m in user.memberships if m.organization_id == organization.id), None)
    if membership is None:
        membership = Membership(user=user, organization=organization, role=MembershipRole.EDITOR)
        db.session.add(membership)
    elif membership.status != MembershipStatus.ACTIVE:
        membership.role = MembershipRole.EDITOR
    membership.status = MembershipStatus.ACTIVE
    audit.record(
        user,
        "membership.invitation_accepted",
        organization,
        role=membership.role,
        invited_by=invitation.inviter_id,
    )
    return membership
