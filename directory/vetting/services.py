"""Professional vetting: asking, the moderators' list, deciding. The caller commits.

Approval sets ``User.professional_verified_at``, which ``can_see_restricted_contacts`` reads.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from directory import audit
from directory.conflicts import ensure_may_decide
from directory.extensions import db
from directory.models import User, VettingRequest, VettingStatus
from directory.models.types import utcnow
from directory.workflow import transition


class AlreadyOpen(Exception):
    """The member already has a request waiting."""


class AlreadyDecided(Exception):
    """Another moderator decided first."""


def open_request(user: User) -> VettingRequest | None:
    stmt = sa.select(VettingRequest).where(
        VettingRequest.user_id == user.id, VettingRequest.status == VettingStatus.PENDING
    )
    return db.session.scalar(stmt)


def latest_request(user: User) -> VettingRequest | None:
    stmt = (
        sa.select(VettingRequest)
        .where(VettingRequest.user_id == user.id)
        .order_by(VettingRequest.created_at.desc(), VettingRequest.id.desc())
        .limit(1)
    )
    return db.session.scalar(stmt)


def ask(
    user: User, organization_name: str, role: str, work_email: str, note: str | None
) -> VettingRequest:
    if open_request(user) is not None:
        raise AlreadyOpen
    request = VettingRequest(
        user_id=user.id,
        organization_name=organization_name,
        role=role,
        work_email=work_email,
        note=note or None,
        status=VettingStatus.PENDING,
    )
    db.session.add(request)
    db.session.flush()
    audit.record(user, "vetting.requested", request)
    return request


def pending_requests() -> list[VettingRequest]:
    """Requests waiting for a moderator, oldest first."""
    stmt = (
        sa.select(VettingRequest)
        .where(VettingRequest.status == VettingStatus.PENDING)
        .options(selectinload(VettingRequest.user))
        .order_by(VettingRequest.created_at, VettingRequest.id)
    )
    return list(db.session.scalars(stmt))


def decide(moderator: User, request: VettingRequest, decision: VettingStatus, reason: str) -> None:
    if request.status != VettingStatus.PENDING:
        raise AlreadyDecided
    ensure_may_decide(moderator, request)
    now = utcnow()
    transition(request, decision)
    request.reason = reason
    request.moderator_id = moderator.id
    request.decided_at = now
    if decision == VettingStatus.APPROVED:
        request.user.professional_verified_at = now
    audit.record(
        moderator, f"vetting.{decision.value}", request, user_id=request.user_id, reason=reason
    )
