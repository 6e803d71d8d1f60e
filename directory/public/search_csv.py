"""``/search.csv``: the results of a search, every page at once, public fields only.

Capped at ``MAX_ROWS`` (the ``X-Total-Results`` and ``X-Exported-Rows`` headers tell when a
file was cut short, and the search page says so beside the link). Organizations are loaded
``CHUNK`` at a time while the response streams, so a large export never holds them all.
Rows are made from ``privacy.PublicOrganization``: places are city and province (a
confidential location's city is public; its address never is), contacts are the
organization's general phone and website: no referral contact at all.
"""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa
from flask_babel import get_locale, gettext
from sqlalchemy.orm import selectinload

from directory.auth.mail import absolute_url
from directory.extensions import db
from directory.models import Location, Organization, ServiceStatus
from directory.privacy import PUBLIC_LISTINGS, public_organization
from directory.search.points import nearest_point
from directory.search.service import Export

MAX_ROWS = 5000
CHUNK = 200
# Per client address: a person downloads a few; a loop fetching thousands of rows is refused.
EXPORT_PER_ADDRESS = "10 per minute;100 per hour"

HEADER = (
    "name",
    "sectors",
    "services",
    "city",
    "province",
    "website",
    "phone",
    "distance_km",
    "serves_area",
    "profile_url",
)


def too_many_exports() -> str:
    return gettext("Too many downloads. Please wait a minute, then try again.")


def export_rows(export: Export) -> Iterator[tuple]:
    locale = str(get_locale() or "en")
    for start in range(0, len(export.hits), CHUNK):
        hits = export.hits[start : start + CHUNK]
        by_id = _organizations([hit.organization_id for hit in hits])
        for hit in hits:
            if hit.organization_id not in by_id:
                continue
            record = by_id[hit.organization_id]
            organization = public_organization(record)
            location, _ = nearest_point(organization.locations, export.place)
            location = location or (organization.locations[0] if organization.locations else None)
            yield (
                organization.name,
                "; ".join(sector.label(locale) for sector in organization.sectors),
                # Services are public, but a defunct one is no longer shown anywhere.
                "; ".join(s.name for s in record.services if s.status != ServiceStatus.DEFUNCT),
                location.city if location else "",
                location.province.label(locale) if location else "",
                organization.website or "",
                organization.phone or "",
                round(hit.distance_km, 1) if hit.distance_km is not None else "",
                hit.serves_area if export.place is not None else "",
                absolute_url("public.organization", slug=organization.slug),
            )
        db.session.expunge_all()  # what was written is not needed again


def _organizations(ids: list[int]) -> dict[int, Organization]:
    stmt = (
        sa.select(Organization)
        .where(Organization.id.in_(ids), PUBLIC_LISTINGS)
        .options(
            selectinload(Organization.sectors),
            selectinload(Organization.services),
            selectinload(Organization.locations).selectinload(Location.province),
        )
    )
    return {organization.id: organization for organization in db.session.scalars(stmt)}
