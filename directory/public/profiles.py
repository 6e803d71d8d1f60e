"""The public view of an organization: only what anyone on the internet may read.

Templates receive these objects instead of raw rows, so that a confidential address or a
professionals-only contact cannot leak through a template slip: the data is simply not
there. What is public, and which contacts a viewer may see, is ``directory.privacy``'s call.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from directory import privacy
from directory.capacity import Capacity, accepting_now, capacity_of
from directory.models import Organization, Service, ServiceArea, TaxonomyTerm, Viewer
from directory.pathways import ReferralPathway, pathway_of
from directory.privacy import PublicContact, PublicLocation, PublicOrganization
from directory.search.partners import Partners


@dataclass(frozen=True)
class PublicService:
    """A service's own fields (all public), without the way back to its organization's rows."""

    name: str
    description: str
    types: list[TaxonomyTerm]
    populations: list[TaxonomyTerm]
    languages: list[TaxonomyTerm]
    eligibility: str | None
    fees: str | None
    referral_method: str
    intake_hours: str | None
    open_24_7: bool
    accepting_referrals: bool
    delivered_online: bool
    referral_sectors: list[TaxonomyTerm]  # the pathway's sectors as terms (their labels)
    referral_pathway: ReferralPathway
    capacity: Capacity  # said by its people; ``capacity.current`` says whether to show it

    @classmethod
    def of(cls, service: Service) -> PublicService:
        return cls(
            name=service.name,
            description=service.description or "",
            types=list(service.types),
            populations=list(service.populations),
            languages=list(service.languages),
            eligibility=service.eligibility,
            fees=service.fees,
            referral_method=service.referral_method,
            intake_hours=service.intake_hours,
            open_24_7=service.open_24_7,
            accepting_referrals=accepting_now(service),  # fresh capacity decides
            delivered_online=service.delivered_online,
            referral_sectors=list(service.referral_sectors),
            referral_pathway=pathway_of(service),
            capacity=capacity_of(service),
        )


@dataclass(frozen=True)
class ServiceEntry:
    service: PublicService
    areas: list[ServiceArea] = field(default_factory=list)


@dataclass(frozen=True)
class OrganizationProfile:
    organization: PublicOrganization
    services: list[ServiceEntry]
    areas: list[ServiceArea]
    public_contacts: list[PublicContact]
    has_restricted_contacts: bool
    partners: Partners | None = None  # organizations of other sectors around its place
    # Only filled for a viewer entitled to them (``privacy.restricted_contacts``).
    restricted_contacts: list[PublicContact] = field(default_factory=list)

    @property
    def locations(self) -> list[PublicLocation]:
        return self.organization.locations

    @property
    def accepting_referrals(self) -> bool | None:
        """Whether any service takes referrals now; None when no service is listed."""
        if not self.services:
            return None
        return any(entry.service.accepting_referrals for entry in self.services)

    @property
    def referral_methods(self) -> list[str]:
        """Its services' ways in (``ReferralMethod`` values), each once, in service order."""
        return list(dict.fromkeys(entry.service.referral_method for entry in self.services))


def build_profile(
    organization: Organization,
    partners: Partners | None = None,
    viewer: Viewer | None = None,
) -> OrganizationProfile:
    areas_by_service: dict[int, list[ServiceArea]] = {}
    organization_areas: list[ServiceArea] = []
    for area in organization.service_areas:
        if area.service_id is None:
            organization_areas.append(area)
        else:
            areas_by_service.setdefault(area.service_id, []).append(area)
    return OrganizationProfile(
        organization=privacy.public_organization(organization),
        services=[
            ServiceEntry(PublicService.of(s), areas_by_service.get(s.id, []))
            for s in organization.services
        ],
        areas=organization_areas,
        public_contacts=privacy.public_contacts(organization),
        has_restricted_contacts=privacy.has_restricted_contacts(organization),
        partners=partners,
        restricted_contacts=privacy.restricted_contacts(viewer, organization),
    )
