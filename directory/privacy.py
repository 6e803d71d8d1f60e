"""What the public may see of a listing: the one module that decides it.

Every channel that shows listings outside their organization (profile pages, search results
and the map, the search CSV, the shortlist page, sheet and CSV, partners, response cards,
``/api/v1``, the HSDS API and export, the sitemap, public counts) takes from here which
listings it may show (``PUBLIC_LISTINGS``: never one marked professionals-only, which only
``may_see_listing`` and ``finds_professionals_only`` let an entitled viewer see), where a
location may be placed, what of a location it may show and which referral contacts.
Channels receive the frozen values built here, never ORM rows, so a template or serializer
cannot reach past them.
Role predicates stay in ``permissions``; this module applies them (docs/security.md).

A confidential location is placed at its city's gazetteer centre, or nowhere at all when the
gazetteer does not know its city. Nothing is ever computed from its real coordinates: even a
rounded or blurred point gives the shelter away, since distances from a dozen searched places
solve it. Its phones and its accessibility note are withheld like its street (a number or "the
ramp behind the church" finds the door as surely); its accessibility features, which name no
place, stay public, so that a step-free search still finds it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from typing import Protocol

import sqlalchemy as sa

from directory.contact_points import PublicPhone
from directory.geo import get_gazetteer
from directory.models import (
    ContactVisibility,
    ListingSource,
    Location,
    Organization,
    OrganizationStatus,
    Phone,
    ProvinceLike,
    ReferralContact,
    Service,
    TaxonomyTerm,
    Viewer,
)
from directory.permissions import (
    can_find_professionals_only,
    can_see_professionals_only,
    can_see_restricted_contacts,
)

Point = tuple[float, float]

# Which listings public channels may show, to every viewer: published ones that are not
# reserved for vetted professionals. Members see their drafts in ``/listings/``, moderators in
# ``/moderation/``; no public page, export or API shows an unpublished listing to anyone.
# Search and public counts add freshness (``search.findable``).
PUBLISHED_LISTINGS = Organization.status == OrganizationStatus.PUBLISHED
PUBLIC_LISTINGS = sa.and_(PUBLISHED_LISTINGS, Organization.professionals_only.is_(False))


# --- Matching a new listing against listed ones (likely duplicates) ------------------------
# A submitter is told which listed organizations look like theirs and why ("same phone"). Only
# what anyone may already see is matched on: the organization's phone, its public contacts'
# phones, its non-confidential addresses. Matching on a confidential address or a restricted
# phone would tell a stranger where a shelter is, or whose private line a number is.
MATCHABLE_CONTACTS = ReferralContact.visibility == ContactVisibility.PUBLIC
MATCHABLE_LOCATIONS = Location.confidential.is_(False)


class _ContactLike(Protocol):
    @property
    def visibility(self) -> str: ...
    @property
    def phone(self) -> str | None: ...


class _LocationLike(Protocol):
    @property
    def confidential(self) -> bool: ...
    @property
    def address(self) -> str | None: ...
    @property
    def postal_code(self) -> str | None: ...


def matchable_phones(contacts: Iterable[_ContactLike]) -> list[str | None]:
    """The phones of contacts (rows or a proposed payload's) that may be matched on."""
    return [c.phone for c in contacts if c.visibility == ContactVisibility.PUBLIC]


def matchable_addresses(locations: Iterable[_LocationLike]) -> list[tuple[str | None, str | None]]:
    """(street address, postal code) of the locations that may be matched on."""
    return [(loc.address, loc.postal_code) for loc in locations if not loc.confidential]


# --- Professionals-only listings ------------------------------------------------------------
# A listing marked ``professionals_only`` is absent from every channel above (they all read
# ``PUBLIC_LISTINGS``, or search's index through ``finds_professionals_only``) except for
# vetted professionals and moderators, and on its profile (``may_see_listing``) for its own
# members too. Channels that are files or shared caches (``/api/v1``, HSDS, CSV, sitemap,
# counts) never ask: they are public whoever calls them (docs/professionals_only.md).


def finds_professionals_only(viewer: Viewer | None) -> bool:
    """Whether search (``/search``, its map) includes professionals-only listings for
    ``viewer``: vetted professionals and moderators (``permissions``)."""
    return viewer is not None and can_find_professionals_only(viewer)


def may_see_listing(viewer: Viewer | None, organization: Organization) -> bool:
    """A published listing's profile, for this viewer (the caller loaded it by
    ``PUBLISHED_LISTINGS``): always when public, else per ``permissions``."""
    if not organization.professionals_only:
        return True
    return viewer is not None and can_see_professionals_only(viewer, organization)


class Placed(Protocol):
    """What placing a location reads: a ``Location``, a Core row or a light namespace."""

    city: str
    province_code: str
    latitude: float | None
    longitude: float | None
    confidential: bool


# --- Points ---------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def city_centre(city: str, province_code: str) -> Point | None:
    """The gazetteer's centre of a city (the gazetteer is read-only: the answer never changes)."""
    place = get_gazetteer().lookup(f"{city}, {province_code}").place
    return (place.latitude, place.longitude) if place else None


def public_point(location: Placed) -> Point | None:
    """Where a location may be shown on a map and measured from.

    A confidential location: its city's centre, else None (search and the map skip it; it is
    still found by province and by the areas it serves). Any other: its own point, else its
    city's centre."""
    if location.confidential or location.latitude is None or location.longitude is None:
        return city_centre(location.city, location.province_code)
    return location.latitude, location.longitude


# --- Locations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicLocation:
    """A location as the public may see it. A confidential one keeps city and province only:
    no name, address, postal code or coordinates. ``point`` is ``public_point``'s answer;
    ``latitude``/``longitude`` are the address's own, published for non-confidential ones.
    ``withheld``: a confidential location's details were left out (every public channel)."""

    city: str
    province_code: str
    province: ProvinceLike
    confidential: bool
    point: Point | None
    name: str | None = None
    address: str | None = None
    postal_code: str | None = None
    country: str = "CA"
    latitude: float | None = None
    longitude: float | None = None
    hsds_id: uuid.UUID | None = None
    withheld: bool = False
    accessibility: list[str] = field(default_factory=list)  # ``AccessibilityFeature`` values
    accessibility_note: str | None = None
    phones: list[PublicPhone] = field(default_factory=list)


def public_location(location: Location) -> PublicLocation:
    return _location(location, withhold=location.confidential)


def full_location(location: Location) -> PublicLocation:
    """Everything, confidential or not: only for the audited administrators' HSDS export
    (``hsds export --include-restricted``)."""
    return _location(location, withhold=False)


def _location(location: Location, withhold: bool) -> PublicLocation:
    withheld = PublicLocation(
        city=location.city,
        province_code=location.province_code,
        province=location.province,
        confidential=location.confidential,
        point=public_point(location),
        country=location.country or "CA",
        hsds_id=location.hsds_id,
        withheld=True,
        accessibility=sorted(location.accessibility or []),
    )
    if withhold:
        return withheld
    return replace(
        withheld,
        withheld=False,
        name=location.name,
        address=location.address,
        postal_code=location.postal_code,
        latitude=location.latitude,
        longitude=location.longitude,
        accessibility_note=location.accessibility_note,
        phones=[_phone(phone) for phone in location.phones],
    )


# --- Phones ---------------------------------------------------------------------------------


def _phone(phone: Phone) -> PublicPhone:
    return PublicPhone(
        number=phone.number,
        extension=phone.extension,
        description=phone.description,
        type=phone.type,
        language=phone.language,
        hsds_id=phone.hsds_id,
    )


def service_phones(service: Service) -> list[PublicPhone]:
    """A service's own phones: public, like the rest of a published service (a location's
    phones come with ``public_location``, withheld when it is confidential)."""
    return [_phone(phone) for phone in service.phones]


# --- Contacts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicContact:
    name: str
    role: str | None
    email: str | None
    phone: str | None
    preferred_method: str
    notes: str | None
    for_professionals: bool
    hsds_id: uuid.UUID | None = None


def _contact(contact: ReferralContact) -> PublicContact:
    return PublicContact(
        name=contact.name,
        role=contact.role,
        email=contact.email,
        phone=contact.phone,
        preferred_method=contact.preferred_method,
        notes=contact.notes,
        for_professionals=contact.visibility != ContactVisibility.PUBLIC,
        hsds_id=contact.hsds_id,
    )


def public_contacts(organization: Organization) -> list[PublicContact]:
    """The referral contacts anyone may see."""
    return [_contact(c) for c in organization.contacts if c.visibility == ContactVisibility.PUBLIC]


def _reserved(organization: Organization) -> list[ReferralContact]:
    return [c for c in organization.contacts if c.visibility != ContactVisibility.PUBLIC]


def has_restricted_contacts(organization: Organization) -> bool:
    return bool(_reserved(organization))


def restricted_contacts(viewer: Viewer | None, organization: Organization) -> list[PublicContact]:
    """The contacts reserved for professionals, for a viewer entitled to them
    (``permissions.can_see_restricted_contacts``); none for anyone else. The caller audits."""
    if viewer is None or not can_see_restricted_contacts(viewer, organization):
        return []
    return [_contact(c) for c in _reserved(organization)]


def all_contacts(organization: Organization) -> list[PublicContact]:
    """Every contact: only for the audited administrators' HSDS export."""
    return [_contact(c) for c in organization.contacts]


# --- Organizations --------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicOrganization:
    """An organization as public pages show it: its own public fields, sectors and public
    locations (its contacts come separately, per viewer). Attribute names are the model's."""

    id: int
    slug: str
    name: str
    alternate_name: str | None
    description: str
    description_fr: str | None
    website: str | None
    email: str | None
    phone: str | None
    status: str
    source: str
    verified_at: datetime | None
    last_reviewed_at: datetime | None
    created_at: datetime | None  # an unverified import's freshness counts from it
    updated_at: datetime | None
    hsds_id: uuid.UUID | None
    sectors: list[TaxonomyTerm] = field(default_factory=list)
    locations: list[PublicLocation] = field(default_factory=list)
    professionals_only: bool = False  # shown only to whom ``may_see_listing`` allows
    no_public_contact_reason: str | None = None  # why the public cannot reach it directly

    @property
    def is_published(self) -> bool:
        return self.status == OrganizationStatus.PUBLISHED

    @property
    def is_imported_unverified(self) -> bool:
        return self.source == ListingSource.IMPORTED and self.verified_at is None


def public_organization(organization: Organization) -> PublicOrganization:
    """Reads ``sectors`` and ``locations`` (with their province): load them first."""
    return PublicOrganization(
        id=organization.id,
        slug=organization.slug,
        name=organization.name,
        alternate_name=organization.alternate_name,
        description=organization.description or "",
        description_fr=organization.description_fr,
        website=organization.website,
        email=organization.email,
        phone=organization.phone,
        status=organization.status,
        source=organization.source,
        verified_at=organization.verified_at,
        last_reviewed_at=organization.last_reviewed_at,
        created_at=organization.created_at,
        updated_at=organization.updated_at,
        hsds_id=organization.hsds_id,
        no_public_contact_reason=organization.no_public_contact_reason,
        sectors=list(organization.sectors),
        locations=[public_location(location) for location in organization.locations],
        professionals_only=organization.professionals_only,
    )
