"""The rules of partnerships: who posts, who asks whom, who answers, what is audited.

Functions take the acting user and rows, change the session and leave the commit to the view.
Audit details name organizations and ids, never a message's text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from directory import audit
from directory.extensions import db
from directory.models import (
    Membership,
    MembershipStatus,
    Organization,
    PartnershipMessage,
    PartnershipNotice,
    PartnershipRequest,
    PartnershipStatus,
    TaxonomyTerm,
    User,
    Vocabulary,
)
from directory.permissions import active_membership, partner_organizations
from directory.search.findable import findable


class NotAllowed(Exception):
    """The action does not fit the request's state (already decided, not the right side)."""


def today() -> date:
    return datetime.now(UTC).date()


def open_notices(sector: str | None = None, province: str | None = None) -> sa.Select:
    """Open notices (not withdrawn, not expired) of organizations the public can find,
    newest first."""
    stmt = (
        sa.select(PartnershipNotice)
        .join(PartnershipNotice.organization)
        .where(
            findable(),
            PartnershipNotice.withdrawn.is_(False),
            PartnershipNotice.until >= today(),
        )
        .order_by(PartnershipNotice.created_at.desc(), PartnershipNotice.id.desc())
        .options(
            selectinload(PartnershipNotice.organization),
            selectinload(PartnershipNotice.sectors),
            selectinload(PartnershipNotice.province),
        )
    )
    if sector:
        stmt = stmt.where(PartnershipNotice.sectors.any(TaxonomyTerm.slug == sector))
    if province:
        stmt = stmt.where(PartnershipNotice.province_code == province)
    return stmt


def notices_of(organization: Organization) -> Sequence[PartnershipNotice]:
    return db.session.scalars(
        open_notices().where(PartnershipNotice.organization_id == organization.id)
    ).all()


def sector_terms(slugs: list[str]) -> list[TaxonomyTerm]:
    return list(
        db.session.scalars(
            sa.select(TaxonomyTerm).where(
                TaxonomyTerm.vocabulary == Vocabulary.SECTOR, TaxonomyTerm.slug.in_(slugs)
            )
        )
    )


def publish_notice(user: User, organization: Organization, **fields: object) -> PartnershipNotice:
    sectors = fields.pop("sectors")
    notice = PartnershipNotice(organization=organization, author=user, **fields)
    notice.sectors = sector_terms(list(sectors))  # type: ignore[call-overload]
    db.session.add(notice)
    db.session.flush()
    audit.record(user, "partnership.notice_published", notice, organization_id=organization.id)
    return notice


def withdraw_notice(user: User, notice: PartnershipNotice) -> None:
    notice.withdrawn = True
    audit.record(
        user, "partnership.notice_withdrawn", notice, organization_id=notice.organization_id
    )


def send_request(
    user: User,
    sender: Organization,
    recipient: Organization,
    body: str,
    notice: PartnershipNotice | None = None,
) -> PartnershipRequest:
    if sender.id == recipient.id or sender not in partner_organizations(user):
        raise NotAllowed
    request = PartnershipRequest(
        from_organization=sender, from_user=user, to_organization=recipient, notice=notice
    )
    request.messages.append(PartnershipMessage(author=user, author_organization=sender, body=body))
    db.session.add(request)
    db.session.flush()
    audit.record(
        user,
        "partnership.requested",
        request,
        from_organization_id=sender.id,
        to_organization_id=recipient.id,
        notice_id=notice.id if notice else None,
    )
    return request


def side_of(user: User, request: PartnershipRequest) -> Organization:
    """The organization ``user`` speaks for in this thread (the receiving one first)."""
    for organization in (request.to_organization, request.from_organization):
        if active_membership(user, organization) is not None:
            return organization
    raise NotAllowed


def reply(user: User, request: PartnershipRequest, body: str) -> PartnershipMessage:
    organization = side_of(user, request)
    message = PartnershipMessage(author=user, author_organization=organization, body=body)
    request.messages.append(message)
    request.updated_at = datetime.now(UTC)
    audit.record(user, "partnership.replied", request, organization_id=organization.id)
    return message


def decide(user: User, request: PartnershipRequest, status: PartnershipStatus) -> None:
    if request.status != PartnershipStatus.OPEN:
        raise NotAllowed
    request.status = status
    request.updated_at = datetime.now(UTC)
    audit.record(user, f"partnership.{status.value}", request)


def report(user: User, request: PartnershipRequest, reason: str) -> None:
    if request.reported_at is not None and request.report_resolved_at is None:
        raise NotAllowed
    request.reported_at = datetime.now(UTC)
    request.report_reason = reason
    request.report_resolved_at = None
    request.report_resolution = None
    audit.record(user, "partnership.reported", request)


def resolve_report(moderator: User, request: PartnershipRequest, note: str) -> None:
    if request.reported_at is None or request.report_resolved_at is not None:
        raise NotAllowed
    request.report_resolved_at = datetime.now(UTC)
    request.report_resolution = note
    audit.record(moderator, "partnership.report_resolved", request)


def inbox(user: User) -> Sequence[PartnershipRequest]:
    """Requests to and from the organizations ``user`` is an active member of."""
    ids = [m.organization_id for m in user.memberships if m.status == MembershipStatus.ACTIVE]
    return db.session.scalars(
        sa.select(PartnershipRequest)
        .where(
            sa.or_(
                PartnershipRequest.to_organization_id.in_(ids),
                PartnershipRequest.from_organization_id.in_(ids),
            )
        )
        .order_by(PartnershipRequest.updated_at.desc(), PartnershipRequest.id.desc())
        .options(
            selectinload(PartnershipRequest.from_organization),
            selectinload(PartnershipRequest.to_organization),
        )
    ).all()


def reported_requests() -> Sequence[PartnershipRequest]:
    """What moderators see: reported requests still waiting, nothing else."""
    return db.session.scalars(
        sa.select(PartnershipRequest)
        .where(
            PartnershipRequest.reported_at.is_not(None),
            PartnershipRequest.report_resolved_at.is_(None),
        )
        .order_by(PartnershipRequest.reported_at)
    ).all()


def reported_count() -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count(PartnershipRequest.id)).where(
                PartnershipRequest.reported_at.is_not(None),
                PartnershipRequest.report_resolved_at.is_(None),
            )
        )
        or 0
    )


def members_to_tell(organization: Organization, actor: User) -> list[User]:
    """Who gets mail for ``organization``: its active members with a confirmed, active
    account, but not the person who acted."""
    return list(
        db.session.scalars(
            sa.select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.organization_id == organization.id,
                Membership.status == MembershipStatus.ACTIVE,
                User.active.is_(True),
                User.email_confirmed_at.is_not(None),
                User.id != actor.id,
            )
            .order_by(User.id)
        )
    )
