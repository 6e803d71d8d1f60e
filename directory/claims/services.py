"""Claim rules (no request objects; the caller commits).

A claim is a ``Membership`` with role ``owner`` and status ``pending``; its note lives in the
``membership.claimed`` audit event (the membership table has no column for it). Approval
activates the membership; refusal deletes it, so the member may claim again later.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from directory import audit
from directory.conflicts import ensure_may_decide
from directory.extensions import db
from directory.models import (
    AuditEvent,
    Membership,
    MembershipRole,
    MembershipStatus,
    Organization,
    User,
)
from directory.privacy import may_see_listing
from directory.workflow import transition

CLAIMED = "membership.claimed"


class ClaimDecided(Exception):
    """The claim was decided (or withdrawn) since the moderator loaded it."""


def has_active_owner(organization: Organization) -> bool:
    stmt = sa.select(Membership.id).where(
        Membership.organization_id == organization.id,
        Membership.role == MembershipRole.OWNER,
        Membership.status == MembershipStatus.ACTIVE,
    )
    return db.session.scalar(stmt.limit(1)) is not None


def can_claim(user: User, organization: Organization) -> bool:
    """A published listing without an active owner, by someone with no membership of it yet
    (a draft, a listing waiting for review or an import waiting for one cannot be claimed)."""
    if not organization.is_published or has_active_owner(organization):
        return False
    if not may_see_listing(user, organization):  # professionals-only: never named to them
        return False
    return all(m.organization_id != organization.id for m in user.memberships)


def claim(user: User, organization: Organization, note: str) -> Membership:
    membership = Membership(
        user=user,
        organization=organization,
        role=MembershipRole.OWNER,
        status=MembershipStatus.PENDING,
    )
    db.session.add(membership)
    db.session.flush()
    audit.record(user, CLAIMED, organization, membership_id=membership.id, note=note)
    return membership


def pending_claims() -> list[Membership]:
    """Claims waiting for a moderator, oldest first."""
    stmt = (
        sa.select(Membership)
        .where(
            Membership.role == MembershipRole.OWNER,
            Membership.status == MembershipStatus.PENDING,
        )
        .options(selectinload(Membership.user), selectinload(Membership.organization))
        .order_by(Membership.created_at, Membership.id)
    )
    return list(db.session.scalars(stmt))


def claim_note(membership: Membership) -> str:
    stmt = sa.select(AuditEvent.details).where(
        AuditEvent.action == CLAIMED, AuditEvent.target_id == membership.organization_id
    )
    for details in db.session.scalars(stmt.order_by(AuditEvent.id.desc())):
        if (details or {}).get("membership_id") == membership.id:
            return details.get("note", "")
    return ""


def decide(moderator: User, membership: Membership, approve: bool, reason: str) -> None:
    """Approve (one owner at most: a competing claim is refused once one is approved) or
    refuse. Raises ``ConflictOfInterest`` for a moderator with a stake in the listing."""
    if membership.status != MembershipStatus.PENDING:
        raise ClaimDecided
    ensure_may_decide(moderator, membership)
    organization = membership.organization
    details = {"claimant_id": membership.user_id, "reason": reason}
    if approve:
        if has_active_owner(organization):
            raise ClaimDecided
        transition(membership, MembershipStatus.ACTIVE)
        audit.record(moderator, "membership.claim_approved", organization, **details)
    else:
        db.session.delete(membership)
        audit.record(moderator, "membership.claim_refused", organization, **details)
