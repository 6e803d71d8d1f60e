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
    Report,
    ReportReason,
    ReportStatus,
    User,
    Viewer,
)
from directory.models.types import utcnow
from directory.privacy import PUBLISHED_LISTINGS, may_see_listing
from directory.workflow import transition


class AlreadyResolved(Exception):
    """Another moderator resolved the report first."""


def published_organization(slug: str, viewer: Viewer | None = None) -> Organization | None:
    """The published listing a viewer may report: one they may see (``privacy``), else None
    as for an unknown address."""
    stmt = sa.select(Organization).where(Organization.slug == slug, PUBLISHED_LISTINGS)
    organization = db.session.scalar(stmt)
    if organization is None or not may_see_listing(viewer, organization):
        return None
    return organization


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
