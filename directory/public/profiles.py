"""The public view of an organization: only what anyone on the internet may read.

Templates receive these objects instead of raw rows where safety matters, so that a
confidential address or a professionals-only contact cannot leak through a template slip:
the data is simply not there. Contacts reserved for professionals are added only when the
caller says the viewer may see them (``include_restricted``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from directory.models import (
    ContactVisibility,
    Location,
    Organization,
    Province,
    ReferralContact,
    Service,
    ServiceArea,
)
from directory.search.partners import Partners


@dataclass(frozen=True)
class PublicLocation:
    """A location as shown publicly. Confidential ones keep only city and province."""

    city: str
    province: Province
    confidential: bool
    name: str | None = None
    address: str | None = None
    postal_code: str | None = None

    @classmethod
    def of(cls, location: Location) -> PublicLocation:
        if location.confidential:
            return cls(city=location.city, province=location.province, confidential=True)
        return cls(
            city=location.city,
            province=location.province,
            confidential=False,
            name=location.name,
            address=location.address,
            postal_code=location.postal_code,
        )


@dataclass(frozen=True)
class ServiceEntry:
    service: Service
    areas: list[ServiceArea] = field(default_factory=list)


@dataclass(frozen=True)
class OrganizationProfile:
    organization: Organization
    services: list[ServiceEntry]
    areas: list[ServiceArea]
    locations: list[PublicLocation]
    public_contacts: list[ReferralContact]
    has_restricted_contacts: bool
    partners: Partners | None = None  # organizations of other sectors around its place
    # Only filled for a viewer entitled to them (``can_see_restricted_contacts``).
    restricted_contacts: list[ReferralContact] = field(default_factory=list)


def build_profile(
    organization: Organization,
    partners: Partners | None = None,
    include_restricted: bool = False,
) -> OrganizationProfile:
    areas_by_service: dict[int, list[ServiceArea]] = {}
    organization_areas: list[ServiceArea] = []
    for area in organization.service_areas:
        if area.service_id is None:
            organization_areas.append(area)
        else:
            areas_by_service.setdefault(area.service_id, []).append(area)
    return OrganizationProfile(
        organization=organization,
        services=[ServiceEntry(s, areas_by_service.get(s.id, [])) for s in organization.services],
        areas=organization_areas,
        locations=[PublicLocation.of(location) for location in organization.locations],
        public_contacts=organization.public_contacts(),
        has_restricted_contacts=any(
            c.visibility != ContactVisibility.PUBLIC for c in organization.contacts
        ),
        partners=partners,
        restricted_contacts=[
            c for c in organization.contacts if c.visibility != ContactVisibility.PUBLIC
        ]
        if include_restricted
        else [],
    )
