"""Moderators take a published listing down (archive it) with a reason, and restore it.

An archived listing leaves search, the profile, the API and every export at once: they all
show published listings only. Its members keep it on their listings page with the reason.
Both steps are audited, with the reason, and reversible; a moderator with a stake in the
listing may do neither (``directory.conflicts``). No request objects; the caller commits.
"""

from __future__ import annotations

import sqlalchemy as sa

from directory import audit
from directory.conflicts import ensure_may_decide
from directory.extensions import db
from directory.models import AuditEvent, Organization, OrganizationStatus, User
from directory.workflow import transition

ARCHIVED = "listing.archived"
RESTORED = "listing.restored"


def archive(moderator: User, organization: Organization, reason: str) -> None:
    ensure_may_decide(moderator, organization)
    transition(organization, OrganizationStatus.ARCHIVED)
    audit.record(moderator, ARCHIVED, organization, reason=reason)


def restore(moderator: User, organization: Organization, reason: str) -> None:
    ensure_may_decide(moderator, organization)
    transition(organization, OrganizationStatus.PUBLISHED)
    audit.record(moderator, RESTORED, organization, reason=reason)


def archive_reason(organization: Organization) -> str | None:
    """Why an archived listing was taken down (the latest ``listing.archived`` event)."""
    if organization.status != OrganizationStatus.ARCHIVED:
        return None
    stmt = (
        sa.select(AuditEvent.details)
        .where(
            AuditEvent.action == ARCHIVED,
            AuditEvent.target_type == Organization.__tablename__,
            AuditEvent.target_id == organization.id,
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    details = db.session.scalar(stmt) or {}
    return details.get("reason")


def archived_count() -> int:
    stmt = sa.select(sa.func.count()).where(Organization.status == OrganizationStatus.ARCHIVED)
    return db.session.scalar(stmt) or 0


def archived_listings() -> list[Organization]:
    stmt = (
        sa.select(Organization)
        .where(Organization.status == OrganizationStatus.ARCHIVED)
        .order_by(Organization.name)
    )
    return list(db.session.scalars(stmt))
