"""Reports on published listings: filing one, the moderators' list, resolving one.

No request objects here; the caller commits. A report never stores who filed it when the
visitor was not signed in, nor their address: people who report unsafe information may be at
risk themselves.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from directory import audit
from directory.conflicts import ensure_may_decide
from directory.extensions import db
from directory.models import (
    Organization,
    OrganizationStatus,
    Report,
    ReportReason,
    ReportStatus,
    User,
)
from directory.models.types import utcnow
from directory.workflow import transition


class AlreadyResolved(Exception):
    """Another moderator resolved the report first."""


def published_organization(slug: str) -> Organization | None:
    stmt = sa.select(Organization).where(
        Organization.slug == slug, Organization.status == OrganizationStatus.PUBLISHED
    )
    return db.session.scalar(stmt)


def file_report(
    organization: Organization, reason: ReportReason, details: str | None, reporter: User | None
) -> Report:
    report = Report(
        organization_id=organization.id,
        reason=reason,
        details=details or None,
        reporter_id=reporter.id if reporter is not None else None,
        status=ReportStatus.OPEN,
    )
    db.session.add(report)
    db.session.flush()
    audit.record(reporter, "report.filed", report, organization_id=organization.id, reason=reason)
    return report


def open_reports() -> list[Report]:
    """Open reports, oldest first, with their organizations."""
    stmt = (
        sa.select(Report)
        .where(Report.status == ReportStatus.OPEN)
        .options(selectinload(Report.organization))
        .order_by(Report.created_at, Report.id)
    )
    return list(db.session.scalars(stmt))


def resolve(moderator: User, report: Report, resolution: str) -> None:
    if report.status != ReportStatus.OPEN:
        raise AlreadyResolved
    ensure_may_decide(moderator, report)
    transition(report, ReportStatus.RESOLVED)
    report.resolution = resolution
    report.resolved_by_id = moderator.id
    report.resolved_at = utcnow()
    audit.record(
        moderator,
        "report.resolved",
        report,
        organization_id=report.organization_id,
        resolution=resolution,
    )
