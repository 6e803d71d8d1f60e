"""Loads the fictional demo data: taxonomy, organizations and one sign-in per role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from directory.extensions import db
from directory.listings.payload import payload_from_organization
from directory.models import (
    ListingSource,
    Organization,
    OrganizationStatus,
    Revision,
    User,
    Vocabulary,
)
from directory.taxonomy import ensure_taxonomy, terms_by_slug
from seed.demo_builder import DemoBuilder, DemoListing
from seed.demo_hours import demo_hours
from seed.demo_partnerships import load_demo_partnerships
from seed.demo_professionals_only import professionals_only_listings
from seed.demo_response_area import response_area_listings
from seed.demo_service_places import place_and_pause
from seed.demo_users import DEMO_ACCOUNTS, add_missing_demo_users, save_sign_ins
from seed.guides import load_guides


@dataclass(frozen=True)
class DemoLoadResult:
    organizations_added: int
    organizations_present: int
    users_added: int
    credentials_path: Path | None


def any_organization_exists() -> bool:
    return bool(db.session.scalar(sa.select(sa.exists().where(Organization.id.is_not(None)))))


def load_demo(now: datetime | None = None) -> DemoLoadResult:
    """Add whatever part of the demo data is missing, and commit.

    Organizations are matched by slug and users by email: what exists is left untouched, so
    running it twice adds nothing and changes nothing.
    """
    ensure_taxonomy()
    terms = {vocabulary: terms_by_slug(vocabulary) for vocabulary in Vocabulary}
    now = now or datetime.now(UTC)
    listings = DemoBuilder(terms, now).build()
    listings += [DemoListing(org) for org in response_area_listings(terms, now)]
    listings += [DemoListing(org) for org in professionals_only_listings(terms, now)]
    slugs = [listing.organization.slug for listing in listings]
    present = set(
        db.session.scalars(sa.select(Organization.slug).where(Organization.slug.in_(slugs)))
    )
    new = [listing for listing in listings if listing.organization.slug not in present]
    for listing in new:
        place_and_pause(listing.organization)
        for service in listing.organization.services:
            service.hours = demo_hours(service, listing.organization.slug, now)
    db.session.add_all(listing.organization for listing in new)
    db.session.flush()
    for listing in new:
        for area, service in listing.online_areas:
            area.service_id = service.id
    sign_ins = add_missing_demo_users(owned=_organization_for_the_member())
    _add_waiting_revisions([listing.organization for listing in new])
    load_guides(now)
    load_demo_partnerships(now)
    db.session.commit()
    path = save_sign_ins(sign_ins) if sign_ins else None
    return DemoLoadResult(len(new), len(present), len(sign_ins), path)


def _add_waiting_revisions(organizations: list[Organization]) -> None:
    """Pending and draft demo listings as the moderation queue sees real ones: each with the
    revision that proposes it, from the demo organization member."""
    owner = next(a for a in DEMO_ACCOUNTS if a.owns_organization)
    submitter = db.session.scalar(sa.select(User).where(User.email == owner.email))
    for org in organizations:
        if org.status in (OrganizationStatus.PENDING, OrganizationStatus.DRAFT):
            db.session.add(
                Revision(
                    organization=org,
                    payload=payload_from_organization(org),
                    status=org.status,  # "pending" and "draft" are revision statuses too
                    submitted_by=submitter,
                    submitted_at=org.created_at
                    if org.status == OrganizationStatus.PENDING
                    else None,
                )
            )


def _organization_for_the_member() -> Organization | None:
    """The demo organization member owns the first published demo listing."""
    stmt = (
        sa.select(Organization)
        .where(
            Organization.source == ListingSource.DEMO,
            Organization.status == OrganizationStatus.PUBLISHED,
        )
        .order_by(Organization.id)
        .limit(1)
    )
    return db.session.scalar(stmt)
