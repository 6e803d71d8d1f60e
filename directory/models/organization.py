"""The listing aggregate: an organization with its services, locations, areas and contacts."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.extensions import Model, db
from directory.models.phone import Phone
from directory.models.taxonomy import Province, TaxonomyTerm
from directory.models.types import UTCDateTime, utcnow


class OrganizationStatus(enum.StrEnum):
    DRAFT = "draft"
    PENDING = "pending"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class ListingSource(enum.StrEnum):
    SUBMITTED = "submitted"
    IMPORTED = "imported"
    DEMO = "demo"
    SYNTHETIC = "synthetic"


class ReferralMethod(enum.StrEnum):
    SELF = "self"
    PROFESSIONAL = "professional"
    BOTH = "both"


class FirstResponse(enum.StrEnum):
    """How soon a service usually first answers a referral."""

    SAME_DAY = "same_day"
    ONE_BUSINESS_DAY = "one_business_day"
    WITHIN_WEEK = "within_week"
    LONGER = "longer"


class CapacityStatus(enum.StrEnum):
    """What a service said about taking someone new (``directory.capacity``)."""

    ACCEPTING = "accepting"
    WAITLIST = "waitlist"
    FULL = "full"
    UNKNOWN = "unknown"


class ServiceStatus(enum.StrEnum):
    """HSDS 3.0 ``service.status``: only an active service counts in search filters and
    facets; a defunct one is not shown on the public profile (docs/listings.md)."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    DEFUNCT = "defunct"
    TEMPORARILY_CLOSED = "temporarily closed"


SELF_REFERRAL_AGES = range(0, 26)  # a minimum age for self-referral: 0 to 25


class AreaKind(enum.StrEnum):
    NATIONAL = "national"
    PROVINCE = "province"
    REGION = "region"
    RADIUS = "radius"
    ONLINE = "online"


class ContactVisibility(enum.StrEnum):
    PUBLIC = "public"
    PROFESSIONALS = "professionals"


def _term_link(name: str, left: str) -> sa.Table:
    return sa.Table(
        name,
        db.metadata,
        sa.Column(f"{left}_id", sa.ForeignKey(f"{left}.id", ondelete="CASCADE"), primary_key=True),
        sa.Column(
            "term_id",
            sa.ForeignKey("taxonomy_term.id", ondelete="CASCADE"),
            primary_key=True,
            index=True,
        ),
    )


organization_sector = _term_link("organization_sector", "organization")
service_type_link = _term_link("service_type_link", "service")
service_population = _term_link("service_population", "service")
service_language = _term_link("service_language", "service")
# The sectors a service takes referrals from (its referral pathway, docs/listings.md).
service_referral_sector = _term_link("service_referral_sector", "service")

# Where a service is offered: some of its organization's locations (HSDS service_at_location;
# its HSDS id is derived from the pair, ``hsds.ids.service_at_location_id``).
service_at_location = sa.Table(
    "service_at_location",
    db.metadata,
    sa.Column("service_id", sa.ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "location_id",
        sa.ForeignKey("location.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


def _hsds_id() -> Mapped[uuid.UUID]:
    """The row's Open Referral HSDS id: a UUID kept for good, so exports stay stable.

    New rows get a random UUID; imported rows keep the id of the source (docs/hsds.md).
    """
    return mapped_column(sa.Uuid, default=uuid.uuid4, unique=True)


def _hsds_attributes() -> Mapped[list[dict[str, Any]] | None]:
    """HSDS attributes an import could not map onto our vocabularies, kept for export."""
    return mapped_column(sa.JSON)


class Organization(Model):
    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(120), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    alternate_name: Mapped[str | None] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    description_fr: Mapped[str | None] = mapped_column(sa.Text)
    website: Mapped[str | None] = mapped_column(sa.String(300))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    status: Mapped[str] = mapped_column(sa.String(20), default=OrganizationStatus.DRAFT, index=True)
    source: Mapped[str] = mapped_column(sa.String(20), default=ListingSource.SUBMITTED, index=True)
    external_id: Mapped[str | None] = mapped_column(sa.String(100), unique=True)
    hsds_id: Mapped[uuid.UUID] = _hsds_id()
    hsds_attributes: Mapped[list[dict[str, Any]] | None] = _hsds_attributes()
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    # A program that cannot be public at all (a specialized unit, an undisclosed safe house
    # program): shown only to vetted professionals, moderators and its members. Every
    # channel learns it from ``directory.privacy`` (docs/professionals_only.md).
    # Why the public has no way to reach it (no public phone, email, website or contact): a
    # safe house that takes referrals from professionals only, say. Required then (issue 18).
    no_public_contact_reason: Mapped[str | None] = mapped_column(sa.Text)
    professionals_only: Mapped[bool] = mapped_column(
        sa.Boolean, default=False, server_default=sa.false()
    )

    sectors: Mapped[list[TaxonomyTerm]] = relationship(
        secondary=organization_sector, order_by=TaxonomyTerm.position
    )
    services: Mapped[list[Service]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", order_by="Service.id"
    )
    locations: Mapped[list[Location]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", order_by="Location.id"
    )
    service_areas: Mapped[list[ServiceArea]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", order_by="ServiceArea.id"
    )
    contacts: Mapped[list[ReferralContact]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", order_by="ReferralContact.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_published(self) -> bool:
        return self.status == OrganizationStatus.PUBLISHED

    @property
    def is_imported_unverified(self) -> bool:
        """Imported from an HSDS source and not yet checked by a moderator (a badge says so)."""
        return self.source == ListingSource.IMPORTED and self.verified_at is None

    def __repr__(self) -> str:
        return f"<Organization {self.slug}>"


class Service(Model):
    __tablename__ = "service"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    eligibility: Mapped[str | None] = mapped_column(sa.Text)
    fees: Mapped[str | None] = mapped_column(sa.String(200))
    referral_method: Mapped[str] = mapped_column(sa.String(20), default=ReferralMethod.BOTH)
    intake_hours: Mapped[str | None] = mapped_column(sa.String(200))
    open_24_7: Mapped[bool] = mapped_column(default=False)
    # Structured opening hours (``directory.hours.Hours.to_json()``); None: not said.
    hours: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    accepting_referrals: Mapped[bool] = mapped_column(default=True)
    delivered_online: Mapped[bool] = mapped_column(default=False)
    # The referral pathway: who may refer, and what a referral is like (docs/listings.md).
    self_referral: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    self_referral_min_age: Mapped[int | None]
    warm_handoff: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    first_response: Mapped[str | None] = mapped_column(sa.String(20))  # a FirstResponse
    no_police_required: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    referrer_checklist: Mapped[str | None] = mapped_column(sa.Text)
    # The service's own contacts: nothing is copied from its organization's (docs/listings.md).
    email: Mapped[str | None] = mapped_column(sa.String(254))
    website: Mapped[str | None] = mapped_column(sa.String(300))
    required_documents: Mapped[str | None] = mapped_column(sa.Text)  # one document a line
    status: Mapped[str] = mapped_column(  # a ServiceStatus
        sa.String(20), default=ServiceStatus.ACTIVE, server_default=ServiceStatus.ACTIVE.value
    )
    hsds_id: Mapped[uuid.UUID] = _hsds_id()
    hsds_attributes: Mapped[list[dict[str, Any]] | None] = _hsds_attributes()
    # Capacity: said by the organization's members in one click, outside the moderated
    # listing payload; current for CAPACITY_STALE_DAYS (directory/capacity.py).
    capacity_status: Mapped[str] = mapped_column(  # a CapacityStatus
        sa.String(10), default=CapacityStatus.UNKNOWN, server_default=CapacityStatus.UNKNOWN
    )
    capacity_places: Mapped[int | None]
    capacity_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    capacity_updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )

    organization: Mapped[Organization] = relationship(back_populates="services")
    # Loaded with their owner, whatever loaded it (every public channel shows them).
    phones: Mapped[list[Phone]] = relationship(
        cascade="all, delete-orphan", order_by=Phone.id, passive_deletes=True, lazy="selectin"
    )
    locations: Mapped[list[Location]] = relationship(
        secondary=service_at_location, back_populates="services", order_by="Location.id"
    )
    referral_sectors: Mapped[list[TaxonomyTerm]] = relationship(
        secondary=service_referral_sector, order_by=TaxonomyTerm.position
    )
    types: Mapped[list[TaxonomyTerm]] = relationship(
        secondary=service_type_link, order_by=TaxonomyTerm.position
    )
    populations: Mapped[list[TaxonomyTerm]] = relationship(
        secondary=service_population, order_by=TaxonomyTerm.position
    )
    languages: Mapped[list[TaxonomyTerm]] = relationship(
        secondary=service_language, order_by=TaxonomyTerm.position
    )


class Location(Model):
    """A place the organization works from. ``confidential`` hides all but city and province."""

    __tablename__ = "location"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str | None] = mapped_column(sa.String(200))
    address: Mapped[str | None] = mapped_column(sa.String(300))
    city: Mapped[str] = mapped_column(sa.String(120))
    province_code: Mapped[str] = mapped_column(sa.ForeignKey("province.code"), index=True)
    postal_code: Mapped[str | None] = mapped_column(sa.String(7))
    country: Mapped[str] = mapped_column(sa.String(2), default="CA")
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    confidential: Mapped[bool] = mapped_column(default=False)
    # ``AccessibilityFeature`` values, and what they leave unsaid (docs/listings.md).
    accessibility: Mapped[list[str] | None] = mapped_column(sa.JSON)
    accessibility_note: Mapped[str | None] = mapped_column(sa.Text)
    hsds_id: Mapped[uuid.UUID] = _hsds_id()

    organization: Mapped[Organization] = relationship(back_populates="locations")
    # Loaded with their owner, whatever loaded it (every public channel shows them).
    phones: Mapped[list[Phone]] = relationship(
        cascade="all, delete-orphan", order_by=Phone.id, passive_deletes=True, lazy="selectin"
    )
    province: Mapped[Province] = relationship()
    services: Mapped[list[Service]] = relationship(
        secondary=service_at_location, back_populates="locations", order_by="Service.id"
    )


class ServiceArea(Model):
    """What an organization (or one of its services) covers.

    ``kind`` decides which other columns matter: ``province`` uses ``province_code``; ``region``
    a named city/region (with its centre and province); ``radius`` a centre and ``radius_km``;
    ``national`` and ``online`` need nothing else.
    """

    __tablename__ = "service_area"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    service_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(20), index=True)
    province_code: Mapped[str | None] = mapped_column(sa.ForeignKey("province.code"), index=True)
    region_name: Mapped[str | None] = mapped_column(sa.String(120))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    radius_km: Mapped[float | None]
    hsds_id: Mapped[uuid.UUID] = _hsds_id()

    organization: Mapped[Organization] = relationship(back_populates="service_areas")
    province: Mapped[Province | None] = relationship()

    # A service's own areas also go with the service through ON DELETE CASCADE (PostgreSQL),
    # sometimes just before the ORM deletes them as orphans of the organization's list.
    __mapper_args__ = {"confirm_deleted_rows": False}


class ReferralContact(Model):
    """Whom to call to refer someone. ``professionals`` contacts reach only entitled users."""

    __tablename__ = "referral_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[str | None] = mapped_column(sa.String(200))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    preferred_method: Mapped[str] = mapped_column(sa.String(10), default="email")
    notes: Mapped[str | None] = mapped_column(sa.Text)
    visibility: Mapped[str] = mapped_column(sa.String(20), default=ContactVisibility.PUBLIC)
    hsds_id: Mapped[uuid.UUID] = _hsds_id()

    organization: Mapped[Organization] = relationship(back_populates="contacts")
