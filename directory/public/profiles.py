"""The public view of an organization: only what anyone on the internet may read.

Templates receive these objects instead of raw rows, so that a confidential address or a
professionals-only contact cannot leak through a template slip: the data is simply not
there. What is public, and which contacts a viewer may see, is ``directory.privacy``'s call.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from directory import clock, privacy
from directory import hours as hours_module
from directory.capacity import Capacity, accepting_now, capacity_of
from directory.contact_points import PublicPhone, document_lines
from directory.hours import Closure, Hours, LocalNow, ServiceClock, Status
from directory.models import (
    Organization,
    Service,
    ServiceArea,
    ServiceStatus,
    TaxonomyTerm,
    Viewer,
)
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
    status: str  # a ServiceStatus; a defunct service is not on the profile at all
    # The service's own contacts (none copied from its organization) and what to bring.
    email: str | None = None
    website: str | None = None
    phones: list[PublicPhone] = field(default_factory=list)
    required_documents: list[str] = field(default_factory=list)
    hours: Hours = field(default_factory=Hours)
    zone: str = hours_module.DEFAULT_ZONE  # its organization's (``hours.zone_of``)

    @property
    def open_state(self) -> Status:
        """Open or closed at this moment (``directory.clock``), in its zone; unknown for a
        service that is not active (inactive, temporarily closed)."""
        if self.status != ServiceStatus.ACTIVE:
            return hours_module.UNKNOWN
        if self.open_24_7:
            return hours_module.ALWAYS
        if not self.hours.rules:
            return hours_module.UNKNOWN
        clock_of = ServiceClock(self.hours.intervals(), self.hours.closed_dates)
        return clock_of.status(LocalNow.of(clock.now(), self.zone))

    @property
    def upcoming_closures(self) -> list[Closure]:
        """Closures from today on (in its zone): past ones say nothing to a referrer."""
        today = LocalNow.of(clock.now(), self.zone).today.isoformat()
        return [c for c in self.hours.closures if c.date >= today]

    @property
    def open_status(self) -> str:
        return hours_module.describe(self.open_state)

    @property
    def zone_name(self) -> str:
        """The zone's everyday name ("Atlantic"): whose 17:00 it is, for a reader elsewhere."""
        return str(hours_module.ZONE_NAMES.get(self.zone, self.zone))

    @property
    def hours_rules(self) -> list[str]:
        return [hours_module.rule_text(rule) for rule in self.hours.rules]

    @classmethod
    def of(cls, service: Service, zone: str = hours_module.DEFAULT_ZONE) -> PublicService:
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
            email=service.email,
            website=service.website,
            phones=privacy.service_phones(service),
            required_documents=document_lines(service.required_documents),
            hours=hours_module.hours_of(service),
            zone=zone,
            status=service.status,
        )


@dataclass(frozen=True)
class ServiceEntry:
    service: PublicService
    areas: list[ServiceArea] = field(default_factory=list)
    # Where it is offered: positions in the profile's ``locations``.
    location_positions: list[int] = field(default_factory=list)


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
        """Whether any active service takes referrals now; None when no service is listed."""
        if not self.services:
            return None
        return any(
            entry.service.accepting_referrals and entry.service.status == ServiceStatus.ACTIVE
            for entry in self.services
        )

    @property
    def open_status(self) -> str:
        """ "Open now, until 17:00" for the organization (any of its services); "" unknown."""
        return hours_module.describe(
            hours_module.combined(entry.service.open_state for entry in self.services)
        )

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
    zone = hours_module.zone_of(organization)
    return OrganizationProfile(
        organization=privacy.public_organization(organization),
        services=[
            ServiceEntry(
                PublicService.of(s, zone),
                areas_by_service.get(s.id, []),
                [n for n, place in enumerate(organization.locations) if place in s.locations],
            )
            for s in organization.services
            if s.status != ServiceStatus.DEFUNCT
        ],
        areas=organization_areas,
        public_contacts=privacy.public_contacts(organization),
        has_restricted_contacts=privacy.has_restricted_contacts(organization),
        partners=partners,
        restricted_contacts=privacy.restricted_contacts(viewer, organization),
    )
