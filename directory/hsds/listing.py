"""What an HSDS organization record becomes before it touches the database: plain data.

``mapping.Reader`` makes a ``Listing`` from a record; ``importer.Importer`` writes it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from directory.models import ContactVisibility, ReferralMethod, ServiceStatus


@dataclass(frozen=True)
class Issue:
    file: str
    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        row = f"row {self.row}" if self.file.endswith(".csv") else f"#{self.row}"
        return f"{self.file} {row}: {self.field}: {self.reason}"


@dataclass
class Area:
    kind: str
    province: str | None = None
    region_name: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    radius_km: float | None = None
    hsds_id: uuid.UUID | None = None
    scope: str | None = None  # "organization" / "service" when our own export said so

    def key(self) -> tuple:
        return (
            self.kind,
            self.province,
            self.region_name,
            self.radius_km,
            self.latitude,
            self.longitude,
        )


@dataclass
class PhoneData:
    hsds_id: uuid.UUID
    number: str
    extension: str | None = None
    description: str | None = None
    type: str = "voice"
    language: str | None = None


@dataclass
class ServiceData:
    hsds_id: uuid.UUID
    name: str
    description: str = ""
    eligibility: str | None = None
    fees: str | None = None
    referral_method: str = ReferralMethod.BOTH
    intake_hours: str | None = None
    open_24_7: bool = False
    hours: dict[str, Any] | None = None  # ``hours.Hours.to_json()`` (``hsds_hours``)
    accepting_referrals: bool = True
    delivered_online: bool = False
    # The referral pathway (``hsds.pathways``).
    referral_sectors: list[str] = field(default_factory=list)
    self_referral: bool = False
    self_referral_min_age: int | None = None
    warm_handoff: bool = False
    first_response: str | None = None
    no_police_required: bool = False
    referrer_checklist: str | None = None
    # Capacity (``hsds.capacity``): None when the source says nothing (ours is then kept).
    capacity_status: str | None = None
    capacity_places: int | None = None
    capacity_updated_at: datetime | None = None
    # Its own contacts and what to bring (``hsds.contact_points``).
    email: str | None = None
    website: str | None = None
    phones: list[PhoneData] = field(default_factory=list)
    required_documents: str | None = None
    types: list[str] = field(default_factory=list)
    populations: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    kept: list[dict[str, Any]] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)
    status: str = ServiceStatus.ACTIVE.value
    # Where it is offered (its service_at_locations): HSDS ids of the listing's locations.
    location_ids: list[uuid.UUID] = field(default_factory=list)


@dataclass
class LocationData:
    hsds_id: uuid.UUID
    city: str
    province: str
    name: str | None = None
    address: str | None = None
    postal_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    confidential: bool = False
    phones: list[PhoneData] = field(default_factory=list)
    accessibility: list[str] = field(default_factory=list)
    accessibility_note: str | None = None


@dataclass
class ContactData:
    hsds_id: uuid.UUID
    name: str
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    preferred_method: str = "email"
    notes: str | None = None
    visibility: str = ContactVisibility.PUBLIC


@dataclass
class Listing:
    hsds_id: uuid.UUID
    external_id: str | None
    name: str
    origin: tuple[str, int]
    alternate_name: str | None = None
    description: str = ""
    description_fr: str | None = None
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    sectors: list[str] = field(default_factory=list)
    kept: list[dict[str, Any]] = field(default_factory=list)
    services: list[ServiceData] = field(default_factory=list)
    locations: list[LocationData] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)  # the organization's own
    contacts: list[ContactData] = field(default_factory=list)
    problems: list[Issue] = field(default_factory=list)
    notes: list[Issue] = field(default_factory=list)
    refusal_reported: bool = False  # the importer's: said once, even when a batch is retried
    partial: str | None = None  # the importer's: made from a service (sources.PARTIAL)
    location_ids: list[str] = field(default_factory=list)  # locations named by id only
