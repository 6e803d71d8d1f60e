"""Owners invite editors by email with a signed link that works for seven days, once.

Each invitation is an ``Invitation`` row; the link carries its id, signed with
``SECRET_KEY`` under a salt of its own, and works while the row is neither accepted nor
revoked by an owner (the "compromised member" case of docs/security.md). The invitee must
be signed in with the invited address (registering with it first if need be). The owner is
told the same thing whether the address has an account or not: no account enumeration.
"""

from __future__ import annotations

from datetime import timedelta
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
from directory.models import (
    Invitation,
    Membership,
    MembershipRole,
    MembershipStatus,
    Organization,
    User,
)
from directory.models.types import utcnow
from directory.outgoing_mail import email_message
from directory.workflow import transition

INVITE_SALT = "directory.listings.invite-editor"
INVITATION_MAX_AGE = 7 * 24 * 3600  # seconds


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=INVITE_SALT)


def invitation_token(invitation: Invitation) -> str:
    return _serializer().dumps({"invitation": invitation.id})


def read_invitation(token: str) -> Invitation | None:
    """The open invitation a valid, unexpired token names (None if tampered, expired,
    revoked, already accepted, or a link from before invitations were kept)."""
    try:
        data: Any = _serializer().loads(token, max_age=INVITATION_MAX_AGE)
    except BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict) or not isinstance(data.get("invitation"), int):
        return None
    invitation = db.session.get(Invitation, data["invitation"])
    return invitation if invitation is not None and invitation.is_open else None


def open_invitations(organization: Organization) -> list[Invitation]:
    """Invitations an owner may still revoke: neither used nor revoked, and not expired."""
    stmt = (
        sa.select(Invitation)
        .where(
            Invitation.organization_id == organization.id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.created_at > utcnow() - timedelta(seconds=INVITATION_MAX_AGE),
        )
        .order_by(Invitation.created_at, Invitation.id)
    )
    return list(db.session.scalars(stmt))


def invite_editor(inviter: User, organization: Organization, email: str) -> EmailMessage:
    """Keep and audit the invitation, compose its mail (the caller commits, then sends)."""
    invitation = Invitation(organization=organization, email=email, invited_by_id=inviter.id)
    db.session.add(invitation)
    db.session.flush()
    audit.record(
        inviter,
        "membership.invited",
        organization,
        email=email,
        role="editor",
        invitation_id=invitation.id,
    )
    link = absolute_url("listings.invitation", token=invitation_token(invitation))
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
    """Make ``user`` an active editor and close the invitation. An active membership is kept
    as it is (never demoted); a pending claim or a removed editorship becomes an editorship
    (ownership still needs a moderator)."""
    organization = invitation.organization
    membership = next((m for m in user.memberships if m.organization_id == organization.id), None)
    if membership is None:
        membership = Membership(
            user=user,
            organization=organization,
            role=MembershipRole.EDITOR,
            status=MembershipStatus.ACTIVE,
        )
        db.session.add(membership)
    elif membership.status != MembershipStatus.ACTIVE:
        membership.role = MembershipRole.EDITOR
        transition(membership, MembershipStatus.ACTIVE)
    invitation.accepted_at = utcnow()
    audit.record(
        user,
        "membership.invitation_accepted",
        organization,
        role=membership.role,
        invited_by=invitation.invited_by_id,
        invitation_id=invitation.id,
    )
    return membership


def revoke(owner: User, invitation: Invitation) -> None:
    """The link stops working at once (``read_invitation``)."""
    invitation.revoked_at = utcnow()
    audit.record(
        owner,
        "membership.invitation_revoked",
        invitation.organization,
        email=invitation.email,
        invitation_id=invitation.id,
    )
