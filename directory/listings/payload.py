"""A listing as a typed payload: what a ``Revision`` stores (as JSON) and a moderator approves.

::

    payload_from_form(form)           what a member typed (blank blocks left out)
    listing_of(org)                   the published listing, as a payload (edits, diffs)
    payload_from_organization(org)    the same as stored JSON (a Revision row)
    read_payload(json, org)           stored JSON of any schema version -> ListingPayload
    own_row_keys(payload, org)        drop row keys that are not this organization's rows
    apply.apply_payload(org, payload) make the organization say what the payload says

Stdlib dataclasses, not TypedDict or pydantic: no new dependency, and unlike a TypedDict
they exist at run time, so each field carries its default and its kind (``payload_fields``)
in one declaration that the form, the published listing, approval and the upgrade all read.

The stored JSON is ``{"schema_version": 6, "organization": {...}, "sectors": [slug],
"services": [...], "locations": [...], "service_areas": [...], "contacts": [...]}``; each
row holds the fields of its class below, ``key`` first. JSON without ``schema_version`` is
version 1 (no keys). ``read_payload`` upgrades older JSON step by step (``upgrade``), and
``ListingPayload.from_json`` refuses JSON missing a field of the current version, so an
upgrade step can not be forgotten silently. See docs/listings.md, "The payload".

Adding a field: declare it on its row class with ``since=<new version>``, raise
``SCHEMA_VERSION``; older payloads get its default on reading. A rename or a computed value
is a hand-written step in ``STEPS``.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, ClassVar, Self

from directory.listings.payload_fields import (
    Terms,
    choices,
    default_of,
    flag,
    number,
    opening_hours,
    phones,
    places,
    point,
    row_key,
    spec,
    terms,
    text,
    whole_number,
)
from directory.listings.payload_legacy import item_content, keys_by_content_or_position, row_content
from directory.models import (
    Location,
    Organization,
    ReferralContact,
    ReferralMethod,
    Service,
    ServiceArea,
    ServiceStatus,
    Vocabulary,
)

if TYPE_CHECKING:
    from directory.listings.forms import ListingForm

Payload = dict[str, Any]  # the stored JSON
# 3: referral pathways; 4: organization.professionals_only (older: False);
# 5: service status and offered_at, where it is offered (older: active, at every location);
# 6: service and location phones, service email/website/required documents, accessibility;
# 7: services' structured opening hours (older: None);
# 8: organization.no_public_contact_reason (older: none given).
SCHEMA_VERSION = 8


class PayloadError(ValueError):
    """Stored JSON that no upgrade step makes into a current payload."""


def _fields(kind: Any) -> tuple[dataclasses.Field, ...]:
    """The declared fields of a payload dataclass (or of one of its instances)."""
    return dataclasses.fields(kind)


class Fields:
    """JSON in and out for a dataclass of declared fields (``payload_fields``)."""

    # Every subclass is a dataclass: this tells the type checker so (``dataclasses.asdict``).
    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        missing = [f.name for f in _fields(cls) if f.name not in data]
        if missing:
            raise PayloadError(f"{cls.__name__} lacks {', '.join(missing)}")
        return cls(**{f.name: copy.deepcopy(data[f.name]) for f in _fields(cls)})

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_form(cls, block: Any) -> Self:
        return cls(**{f.name: spec(f).from_form(block, f.name) for f in _fields(cls)})

    @classmethod
    def from_row(cls, row: Any) -> Self:
        return cls(**{f.name: spec(f).from_row(row, f.name) for f in _fields(cls)})

    def to_row(self, row: Any, terms: Terms) -> None:
        for f in _fields(self):
            spec(f).to_row(row, f.name, getattr(self, f.name), terms)


@dataclass(frozen=True)
class OrganizationFields(Fields):
    name: str = text()
    alternate_name: str = text(nullable=True)
    description: str = text()
    description_fr: str = text(nullable=True)
    website: str = text(nullable=True)
    email: str = text(nullable=True)
    phone: str = text(nullable=True)
    professionals_only: bool = flag(since=4)
    no_public_contact_reason: str = text(nullable=True, since=8)


@dataclass(frozen=True)
class ServiceRow(Fields):
    key: str | None = row_key(since=2)
    name: str = text()
    description: str = text()
    eligibility: str = text(nullable=True)
    fees: str = text(nullable=True)
    referral_method: str = text(fallback=ReferralMethod.BOTH.value)
    intake_hours: str = text(nullable=True)
    types: list[str] = terms(Vocabulary.SERVICE_TYPE)
    populations: list[str] = terms(Vocabulary.POPULATION)
    languages: list[str] = terms(Vocabulary.LANGUAGE)
    open_24_7: bool = flag()
    accepting_referrals: bool = flag(default=True)
    delivered_online: bool = flag()
    # The referral pathway (version 3): older payloads read as "not said" (docs/listings.md).
    referral_sectors: list[str] = terms(Vocabulary.SECTOR, since=3)
    self_referral: bool = flag(since=3)
    self_referral_min_age: int | None = whole_number(since=3)
    warm_handoff: bool = flag(since=3)
    first_response: str = text(nullable=True, since=3)
    no_police_required: bool = flag(since=3)
    referrer_checklist: str = text(nullable=True, since=3)
    # Weekly rules, closures and notes (``hours.Hours.to_json()``; version 7, older: None).
    hours: dict[str, Any] | None = opening_hours(since=7)
    # Contacts of the service itself and what to bring (version 6).
    email: str = text(nullable=True, since=6)
    website: str = text(nullable=True, since=6)
    phones: list[dict[str, str]] = phones(since=6)
    required_documents: str = text(nullable=True, since=6)
    status: str = text(default=ServiceStatus.ACTIVE.value, fallback=ServiceStatus.ACTIVE, since=5)
    offered_at: list[int] | None = places(since=5)


@dataclass(frozen=True)
class LocationRow(Fields):
    key: str | None = row_key(since=2)
    name: str = text(nullable=True)
    address: str = text(nullable=True)
    city: str = text()
    postal_code: str = text(nullable=True)
    province: str = text(column="province_code")
    confidential: bool = flag()
    latitude: float | None = point(0)
    longitude: float | None = point(1)
    phones: list[dict[str, str]] = phones(since=6)
    accessibility: list[str] = choices(since=6)
    accessibility_note: str = text(nullable=True, since=6)


@dataclass(frozen=True)
class AreaRow(Fields):
    key: str | None = row_key(since=2)
    kind: str = text()
    province: str = text(column="province_code", nullable=True)
    region_name: str = text(nullable=True)
    radius_km: float | None = number()
    latitude: float | None = point(0)
    longitude: float | None = point(1)


@dataclass(frozen=True)
class ContactRow(Fields):
    key: str | None = row_key(since=2)
    name: str = text()
    role: str = text(nullable=True)
    email: str = text(nullable=True)
    phone: str = text(nullable=True)
    preferred_method: str = text()
    notes: str = text(nullable=True)
    visibility: str = text()


Row = ServiceRow | LocationRow | AreaRow | ContactRow
# Each repeated section: its row class and the model its rows become.
SECTIONS: dict[str, tuple[type[Fields], type]] = {
    "services": (ServiceRow, Service),
    "locations": (LocationRow, Location),
    "service_areas": (AreaRow, ServiceArea),
    "contacts": (ContactRow, ReferralContact),
}


@dataclass(frozen=True)
class ListingPayload:
    organization: OrganizationFields
    sectors: list[str]
    services: list[ServiceRow]
    locations: list[LocationRow]
    service_areas: list[AreaRow]
    contacts: list[ContactRow]

    schema_version: ClassVar[int] = SCHEMA_VERSION

    @classmethod
    def from_json(cls, data: Payload) -> ListingPayload:
        """Current-version JSON only (``read_payload`` upgrades older JSON first)."""
        if data.get("schema_version") != SCHEMA_VERSION:
            raise PayloadError(f"schema_version {data.get('schema_version')} is not current")
        try:
            rows: dict[str, list[Any]] = {  # each section: a list of its row class
                name: [row_class.from_json(item) for item in data[name]]
                for name, (row_class, _) in SECTIONS.items()
            }
            return cls(
                organization=OrganizationFields.from_json(data["organization"]),
                sectors=list(data["sectors"]),
                **rows,
            )
        except (KeyError, TypeError) as error:
            raise PayloadError(f"malformed payload: {error}") from error

    def to_json(self) -> Payload:
        return {
            "schema_version": SCHEMA_VERSION,
            "organization": self.organization.to_json(),
            "sectors": list(self.sectors),
            **{name: [row.to_json() for row in getattr(self, name)] for name in SECTIONS},
        }

    def rows(self, section: str) -> list[Row]:
        return getattr(self, section)


# ---------------------------------------------------------------------------------------------
# Versions: each step turns JSON of version N into version N + 1 (the organization gives the
# context a step may need). After a step, fields declared ``since=N + 1`` get their default.
# ---------------------------------------------------------------------------------------------


def _keys_from_version_1(data: Payload, org: Organization | None) -> Payload:
    """Version 1 rows carry no key: give each the key of the organization's row the old
    rule matched at approval (same content, else same position); None makes it a new row."""
    if org is not None:
        for name in SECTIONS:
            keyed = [(row_content(name, row), str(row.hsds_id)) for row in rows_of(org, name)]
            items = data.get(name, [])
            found = keys_by_content_or_position([item_content(name, i) for i in items], keyed)
            for item, key in zip(items, found, strict=True):
                if key is not None:  # the others are new: the fill below gives them None
                    item["key"] = key
    return data


STEPS: dict[int, Callable[[Payload, Organization | None], Payload]] = {1: _keys_from_version_1}


def upgrade(data: Payload, org: Organization | None) -> Payload:
    """Stored JSON of any version (a copy) as current-version JSON."""
    data = copy.deepcopy(data)
    version = data.get("schema_version", 1)
    if not isinstance(version, int) or not 1 <= version <= SCHEMA_VERSION:
        raise PayloadError(f"unknown schema_version {version!r}")
    while version < SCHEMA_VERSION:
        if version in STEPS:
            data = STEPS[version](data, org)
        version += 1
        _fill_added_fields(data, version)
        data["schema_version"] = version
    return data


def _fill_added_fields(data: Payload, version: int) -> None:
    parts: list[tuple[type[Fields], Iterable[dict]]] = [
        (OrganizationFields, [data.setdefault("organization", {})])
    ]
    parts += [(row_class, data.setdefault(name, [])) for name, (row_class, _) in SECTIONS.items()]
    for row_class, items in parts:
        added = [f for f in _fields(row_class) if spec(f).since == version]
        for item in items:
            for f in added:
                item.setdefault(f.name, default_of(f))


def read_payload(data: Payload, org: Organization | None) -> ListingPayload:
    """A stored payload, upgraded to the current version (``org``: the revision's)."""
    return ListingPayload.from_json(upgrade(data, org))


# ---------------------------------------------------------------------------------------------
# The form and the published listing.
# ---------------------------------------------------------------------------------------------


def payload_from_form(form: ListingForm, saved_places: int | None = None) -> ListingPayload:
    """The payload of a validated ``ListingForm`` (validation geocoded the places).

    ``saved_places``: on the services step, how many saved locations the services' places
    name (the form holds no location blocks then)."""
    positions: dict[int, int] = {}  # location block → its position in the payload
    if saved_places is not None:
        positions = {n: n for n in range(saved_places)}
    for block, entry in enumerate(form.locations if saved_places is None else []):
        if not entry.form.is_blank():
            positions[block] = len(positions)
    for entry in form.services:
        entry.form.location_positions = positions
    rows: dict[str, list[Any]] = {  # each section: a list of its row class
        name: [row_class.from_form(entry.form) for entry in form[name] if not entry.form.is_blank()]
        for name, (row_class, _) in SECTIONS.items()
    }
    return ListingPayload(
        organization=OrganizationFields.from_form(form.organization.form),
        sectors=sorted(form.sectors.data or []),
        **rows,
    )


def rows_of(org: Organization, section: str) -> list[Any]:
    """The rows a payload section stands for: a service's own areas (imported) are not
    edited in the listing form, so only the organization's areas are."""
    rows = getattr(org, section)
    return [a for a in rows if a.service_id is None] if section == "service_areas" else rows


def listing_of(org: Organization) -> ListingPayload:
    rows: dict[str, list[Any]] = {  # each section: a list of its row class
        name: [row_class.from_row(row) for row in rows_of(org, name)]
        for name, (row_class, _) in SECTIONS.items()
    }
    return ListingPayload(
        organization=OrganizationFields.from_row(org),
        sectors=sorted(term.slug for term in org.sectors),
        **rows,
    )


def payload_from_organization(org: Organization) -> Payload:
    """The published listing as stored JSON (for a ``Revision`` row)."""
    return listing_of(org).to_json()


def form_object(payload: ListingPayload) -> SimpleNamespace:
    """The payload as attributes, which is how WTForms fills a form (and its sub-forms)."""
    return SimpleNamespace(
        organization=SimpleNamespace(**payload.organization.to_json()),
        sectors=payload.sectors,
        **{name: [_namespace(row.to_json()) for row in payload.rows(name)] for name in SECTIONS},
    )


def _namespace(item: dict[str, Any]) -> SimpleNamespace:
    """A row as attributes, its phones too (each fills a sub-form of its block)."""
    phones = [SimpleNamespace(**phone) for phone in item.get("phones", [])]
    return SimpleNamespace(**{**item, "phones": phones} if "phones" in item else item)


def own_row_keys(payload: ListingPayload, org: Organization | None) -> tuple[ListingPayload, int]:
    """The payload with only keys of ``org``'s own rows of each section (each once), and how
    many were dropped: a dropped key makes its row a new one, never another's row."""
    dropped = 0
    sections: dict[str, Any] = {}  # section name → the list of its rows
    for name in SECTIONS:
        allowed = {str(row.hsds_id) for row in rows_of(org, name)} if org is not None else set()
        kept: list[Row] = []
        for row in payload.rows(name):
            if row.key is not None and row.key not in allowed:
                row = dataclasses.replace(row, key=None)
                dropped += 1
            allowed.discard(row.key or "")
            kept.append(row)
        sections[name] = kept
    return dataclasses.replace(payload, **sections), dropped


EMPTY_PAYLOAD = ListingPayload(
    organization=OrganizationFields(),
    sectors=[],
    services=[],
    locations=[],
    service_areas=[],
    contacts=[],
)  # a new listing before its first save
