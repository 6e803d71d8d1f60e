"""Moderation rules: the queue, and deciding a revision (no request objects; caller commits).

Approval is one transaction: the payload is applied to the organization, which is published
and marked verified and reviewed; the revision records who decided, when and why; an audit
event is added. The search index follows at that same commit (``directory.search.index``).
"""

from __future__ import annotations

from dataclasses import replace

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from directory import audit
from directory.conflicts import ensure_may_decide
from directory.extensions import db
from directory.listings.apply import apply_payload
from directory.listings.payload import read_payload
from directory.listings.services import RevisionConflict
from directory.models import (
    GuideRevision,
    Membership,
    MembershipStatus,
    Organization,
    OrganizationStatus,
    Report,
    ReportStatus,
    Revision,
    RevisionStatus,
    User,
)
from directory.models.types import utcnow
from directory.models.vetting import VettingRequest, VettingStatus
from directory.workflow import TransitionRefused, transition


def pending_revisions() -> list[Revision]:
    """Everything waiting for a moderator, oldest submission first."""
    stmt = (
        sa.select(Revision)
        .where(Revision.status == RevisionStatus.PENDING)
        .options(
            selectinload(Revision.organization),
            selectinload(Revision.submitted_by),
            selectinload(Revision.authors),
        )
        .order_by(Revision.submitted_at, Revision.id)
    )
    return list(db.session.scalars(stmt))


def pending_count() -> int:
    """Everything waiting for a moderator (the navigation badge): revisions of listings and
    of guides, open reports, claims and vetting requests."""
    waiting = [
        sa.select(sa.func.count()).where(Revision.status == RevisionStatus.PENDING),
        sa.select(sa.func.count()).where(GuideRevision.status == RevisionStatus.PENDING),
        sa.select(sa.func.count()).where(Report.status == ReportStatus.OPEN),
        sa.select(sa.func.count()).where(Membership.status == MembershipStatus.PENDING),
        sa.select(sa.func.count()).where(VettingRequest.status == VettingStatus.PENDING),
    ]
    return sum(db.session.scalar(stmt) or 0 for stmt in waiting)


def decide(
    moderator: User,
    revision: Revision,
    decision: RevisionStatus,
    reason: str,
    version: int,
    professionals_only: bool | None = None,
) -> None:
    """Record ``decision``; an approval publishes the revision with ``professionals_only``
    as the moderator set it (None: as submitted). Raises ``RevisionConflict`` if the
    revision changed or was decided since the moderator loaded it, ``ConflictOfInterest``
    when the moderator has a stake in it (``directory.conflicts``), ``TransitionRefused``
    for a listing that was archived."""
    if revision.status != RevisionStatus.PENDING or revision.version != version:
        raise RevisionConflict(revision)
    ensure_may_decide(moderator, revision)
    now = utcnow()
    org = revision.organization
    transition(revision, decision)
    revision.reason = reason
    revision.moderator_id = moderator.id
    revision.decided_at = now
    details: dict[str, bool] = {}
    if decision == RevisionStatus.APPROVED:
        details = _set_audience(revision, professionals_only)
        _publish(org, revision)
    elif org.status == OrganizationStatus.PENDING:
        transition(org, OrganizationStatus.DRAFT)  # a new listing goes back to the submitter
    db.session.flush()
    audit.record(
        moderator,
        f"revision.{decision.value}",
        revision,
        organization_id=org.id,
        reason=reason,
        **details,
    )


def _set_audience(revision: Revision, professionals_only: bool | None) -> dict[str, bool]:
    """The moderator's "visible to vetted professionals only" written into the revision, so
    that what it holds is what was published; the audit detail when they changed it."""
    payload = read_payload(revision.payload, revision.organization)
    submitted = payload.organization.professionals_only
    if professionals_only is None or professionals_only == submitted:
        return {}
    organization = replace(payload.organization, professionals_only=professionals_only)
    revision.payload = replace(payload, organization=organization).to_json()
    return {"professionals_only": professionals_only}


def _publish(org: Organization, revision: Revision) -> None:
    """A new listing is published; an edit of a published one just replaces its content. A
    listing taken down stays down: a moderator restores it first (``takedown.restore``)."""
    if org.status == OrganizationStatus.ARCHIVED:
        raise TransitionRefused(org, OrganizationStatus.PUBLISHED)
    if org.status != OrganizationStatus.PUBLISHED:
        transition(org, OrganizationStatus.PUBLISHED)
    apply_payload(org, read_payload(revision.payload, org))
    org.verified_at = org.last_reviewed_at = revision.decided_at
