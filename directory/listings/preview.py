"""What a draft will look like once published: the public profile, and what a vetted
professional sees, built by the same code as the live profile (``build_profile``) and the
same privacy rules (``directory.privacy``), so the preview cannot promise what the page
will not do (a confidential address is withheld in the public preview too).

The draft is applied to a new Organization that never enters the session: nothing is
written, and the published listing (if any) is not touched while its edit waits.
"""

from __future__ import annotations

from enum import StrEnum

import sqlalchemy as sa

from directory.extensions import db
from directory.listings.apply import apply_payload
from directory.listings.payload import ListingPayload
from directory.models import Organization, OrganizationStatus, Province, User
from directory.public.profiles import OrganizationProfile, build_profile


class Audience(StrEnum):
    PUBLIC = "public"
    PROFESSIONAL = "professional"


def draft_organization(payload: ListingPayload, listing: Organization) -> Organization:
    """A detached Organization saying what ``payload`` says (rows without ids). It has the
    listing's id, so its members' rights over it are theirs over the listing."""
    org = Organization(
        id=listing.id,
        name=payload.organization.name,
        slug=listing.slug,
        description="",
        status=OrganizationStatus.PUBLISHED,
        source="submitted",
        sectors=[],
        services=[],
        locations=[],
        service_areas=[],
        contacts=[],
    )
    with db.session.no_autoflush:
        apply_payload(org, payload)
    provinces = {p.code: p for p in db.session.scalars(sa.select(Province))}
    for location in org.locations:
        if location.province_code in provinces:
            location.province = provinces[location.province_code]
    for area in org.service_areas:
        area.province = provinces.get(area.province_code or "")
    return org


def preview_profile(
    payload: ListingPayload, listing: Organization, audience: Audience, member: User
) -> OrganizationProfile:
    """The profile as ``audience`` would see it. The professional view adds the contacts
    kept for professionals, which the listing's member may see as a vetted professional
    does (``privacy.restricted_contacts`` decides, as on the live profile)."""
    org = draft_organization(payload, listing)
    viewer = member if audience is Audience.PROFESSIONAL else None
    return build_profile(org, None, viewer)
