"""Read-only queries behind the public pages. No request objects here.

Search itself lives in ``directory.search`` (shared with the JSON API).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from directory import audit
from directory.extensions import db
from directory.models import (
    Location,
    Organization,
    Service,
    ServiceArea,
    TaxonomyTerm,
    User,
    Viewer,
    Vocabulary,
)
from directory.models.organization import organization_sector
from directory.privacy import PUBLISHED_LISTINGS, may_see_listing
from directory.public.profiles import OrganizationProfile, build_profile
from directory.search.cards import ResultCard, direct_lines, result_cards
from directory.search.findable import findable
from directory.search.partners import partners_for
from directory.search.service import SearchPage


@dataclass(frozen=True)
class SectorCount:
    sector: TaxonomyTerm
    organizations: int


@dataclass(frozen=True)
class HomeOverview:
    """The home page's numbers count what search finds (``search.findable``), so each one
    equals the result count of the search it links to."""

    sector_counts: list[SectorCount]
    findable_count: int
    recently_verified: list[ResultCard]


def home_overview(viewer: User | None = None) -> HomeOverview:
    return HomeOverview(sector_counts(), findable_count(), recently_verified(viewer))


def sector_counts() -> list[SectorCount]:
    """Every sector with the number of organizations search finds in it, zeros included
    (one query)."""
    organizations = sa.func.count(Organization.id)
    stmt = (
        sa.select(TaxonomyTerm, organizations)
        .where(TaxonomyTerm.vocabulary == Vocabulary.SECTOR)
        .outerjoin(organization_sector, organization_sector.c.term_id == TaxonomyTerm.id)
        .outerjoin(
            Organization,
            sa.and_(Organization.id == organization_sector.c.organization_id, findable()),
        )
        .group_by(TaxonomyTerm.id)
        .order_by(TaxonomyTerm.position)
    )
    return [SectorCount(term, count) for term, count in db.session.execute(stmt)]


def findable_count() -> int:
    stmt = sa.select(sa.func.count()).select_from(Organization).where(findable())
    return db.session.scalar(stmt) or 0


def recently_verified(viewer: User | None = None, limit: int = 3) -> list[ResultCard]:
    """The last organizations verified, as search result cards (``viewer``: see
    ``with_direct_lines``)."""
    stmt = (
        sa.select(Organization.id)
        .where(findable(), Organization.verified_at.is_not(None))
        .order_by(Organization.verified_at.desc(), Organization.id.desc())
        .limit(limit)
    )
    ids = list(db.session.scalars(stmt))
    cards = result_cards(db.session(), ids)
    return with_direct_lines([cards[i] for i in ids if i in cards], viewer)


def with_direct_lines(cards: list[ResultCard], viewer: Viewer | None) -> list[ResultCard]:
    """The cards, each with the direct line reserved for professionals when ``viewer`` may
    see it (``cards.direct_lines`` asks ``privacy``); each one shown is audited as a profile
    view is, one event per organization in one statement (the caller commits). ``viewer``
    None: the public, the cards unchanged."""
    found = direct_lines(db.session(), viewer, [card.id for card in cards])
    shown = [organization for organization, _ in found]
    audit.record_each(viewer, "restricted_contacts.viewed", shown, contacts=1, channel="card")
    lines = {organization.id: line for organization, line in found}
    return [replace(c, direct_line=lines[c.id]) if c.id in lines else c for c in cards]


def add_direct_lines(page: SearchPage, viewer: User | None) -> bool:
    """``with_direct_lines`` on a page of search results; True if any was added (audited)."""
    cards = with_direct_lines([row.organization for row in page.rows], viewer)
    page.rows = [
        replace(row, organization=card) for row, card in zip(page.rows, cards, strict=True)
    ]
    return any(card.direct_line for card in cards)


def published_profile(
    slug: str, viewer: User | None = None, *, with_partners: bool = True
) -> OrganizationProfile | None:
    """The view of one published organization, or None (unknown or not published).

    ``with_partners``: also find its partners in other sectors (``search.partners``), which
    the page shows and the JSON API does not: most of a profile's cost in a dense city.

    Public only, unless ``viewer`` may see the contacts reserved for professionals. A
    professionals-only listing is None (as an unknown address) unless ``viewer`` may see it
    (``privacy.may_see_listing``).
    """
    stmt = (
        sa.select(Organization)
        .where(Organization.slug == slug, PUBLISHED_LISTINGS)
        .options(
            selectinload(Organization.sectors),
            selectinload(Organization.services).selectinload(Service.types),
            selectinload(Organization.services).selectinload(Service.populations),
            selectinload(Organization.services).selectinload(Service.languages),
            selectinload(Organization.services).selectinload(Service.referral_sectors),
            selectinload(Organization.services).selectinload(Service.locations),
            selectinload(Organization.locations).selectinload(Location.province),
            selectinload(Organization.service_areas).selectinload(ServiceArea.province),
            selectinload(Organization.contacts),
        )
    )
    organization = db.session.scalar(stmt)
    if organization is None or not may_see_listing(viewer, organization):
        return None
    partners = partners_for(organization) if with_partners else None
    return build_profile(organization, partners, viewer)


def record_restricted_view(viewer: User | None, profile: OrganizationProfile) -> None:
    """Audit that ``viewer`` was shown restricted contacts: which organization, how many,
    never the contact details themselves. The caller commits."""
    audit.record(
        viewer,
        "restricted_contacts.viewed",
        db.session.get(Organization, profile.organization.id),  # loaded already: no query
        contacts=len(profile.restricted_contacts),
    )
