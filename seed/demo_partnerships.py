"""Three fictional seeking-partners notices, among them the one of the issue's journey: a
survivor-led organization in Thunder Bay seeking health-care partners in northwestern
Ontario. Added to existing demo organizations; their listings stay as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from directory.extensions import db
from directory.models import (
    ListingSource,
    Location,
    Organization,
    OrganizationStatus,
    PartnershipNotice,
    PartnershipPurpose,
    TaxonomyTerm,
    Vocabulary,
)


@dataclass(frozen=True)
class PlannedNotice:
    sector: str  # the sector of the organization posting it
    city: str
    seeking: tuple[str, ...]
    purpose: PartnershipPurpose
    province: str
    place: str | None
    radius_km: int | None
    details: str
    days_open: int


NOTICES = (
    PlannedNotice(
        "survivor-led",
        "Thunder Bay",
        ("health-care",),
        PartnershipPurpose.REFERRALS,
        "ON",
        "Northwestern Ontario",
        None,
        "Fictional demo notice. Our peer mentors are looking for clinics, nursing stations and "
        "emergency departments in northwestern Ontario to agree on warm referrals both ways, "
        "so that a young person a nurse identifies meets a mentor the same week.",
        120,
    ),
    PlannedNotice(
        "child-protection",
        "Winnipeg",
        ("education",),
        PartnershipPurpose.TRAINING,
        "MB",
        "Winnipeg, MB",
        100,
        "Fictional demo notice. We would co-deliver a half-day session for school staff on "
        "recognizing online luring and on how to report, and are looking for school boards.",
        90,
    ),
    PlannedNotice(
        "indigenous",
        "Saskatoon",
        ("policing", "victim-services"),
        PartnershipPurpose.CASE_COORDINATION,
        "SK",
        None,
        None,
        "Fictional demo notice. We are setting up a monthly case-coordination table with "
        "Elders, victim services and the police's exploitation unit, and invite them to join.",
        60,
    ),
)


def _organization(sector: str, city: str, province: str) -> Organization | None:
    """The first published demo organization of ``sector`` in ``city`` (else the province,
    else anywhere)."""
    base = (
        sa.select(Organization)
        .join(Organization.sectors)
        .join(Location, Location.organization_id == Organization.id)
        .where(
            Organization.source == ListingSource.DEMO,
            Organization.status == OrganizationStatus.PUBLISHED,
            TaxonomyTerm.slug == sector,
        )
        .order_by(Organization.id)
        .limit(1)
    )
    return (
        db.session.scalar(base.where(Location.city == city))
        or db.session.scalar(base.where(Location.province_code == province))
        or db.session.scalar(base)
    )


def load_demo_partnerships(now: datetime) -> int:
    """Add the demo notices unless some demo notice exists already; the number added."""
    present = db.session.scalar(
        sa.select(sa.func.count(PartnershipNotice.id)).where(
            PartnershipNotice.details.startswith("Fictional demo notice.")
        )
    )
    if present:
        return 0
    sectors = {
        term.slug: term
        for term in db.session.scalars(
            sa.select(TaxonomyTerm).where(TaxonomyTerm.vocabulary == Vocabulary.SECTOR)
        )
    }
    added = 0
    for planned in NOTICES:
        organization = _organization(planned.sector, planned.city, planned.province)
        if organization is None:
            continue
        notice = PartnershipNotice(
            organization=organization,
            purpose=planned.purpose,
            details=planned.details,
            province_code=planned.province,
            place=planned.place,
            radius_km=planned.radius_km,
            until=(now + timedelta(days=planned.days_open)).date(),
            created_at=now - timedelta(days=added + 1),
        )
        notice.sectors = [sectors[slug] for slug in planned.seeking]
        db.session.add(notice)
        added += 1
    return added
