"""Creating new organizations of an import with Core INSERTs (issue 17: 1,000 a second).

A first import creates almost every organization it reads. Through the ORM each one is a
unit of work (attribute events, collection bookkeeping, one INSERT per object at the flush);
here a batch of new organizations is a fixed handful of multi-row INSERTs (organizations,
services, locations, phones, contacts, areas, and the link tables), however large the batch.
What is written is exactly what ``Importer.write`` would write for a new, published
organization of a whole record; anything else (updates, partial records, pending imports)
stays on the ORM path. The importer indexes the organizations written here in the same
transaction, with ``search.bulk.index_new`` (plain queries, no ORM objects).
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.hsds.listing import Area, Listing, PhoneData
from directory.models import (
    CapacityStatus,
    ListingSource,
    Location,
    Organization,
    OrganizationStatus,
    Phone,
    ReferralContact,
    Service,
    ServiceArea,
    Vocabulary,
)
from directory.models.organization import (
    organization_sector,
    service_at_location,
    service_language,
    service_population,
    service_referral_sector,
    service_type_link,
)

TermIds = dict[tuple[str, str], int]


def term_ids(terms: TermIds, vocabulary: Vocabulary, slugs: list[str]) -> list[int]:
    """The ids of the terms we know, in order, each once (``Importer._terms``)."""
    found: list[int] = []
    for slug in slugs:
        term_id = terms.get((vocabulary.value, slug))
        if term_id is not None and term_id not in found:
            found.append(term_id)
    return found


class BulkCreator:
    """New organizations held for one batch (``add``), then written at once (``write``)."""

    def __init__(self, terms: TermIds) -> None:
        self.terms = terms
        self.held: dict[uuid.UUID, tuple[Listing, str]] = {}  # hsds id → (listing, slug)

    def __contains__(self, hsds_id: uuid.UUID) -> bool:
        return hsds_id in self.held

    def add(self, listing: Listing, slug: str) -> None:
        self.held[listing.hsds_id] = (listing, slug)

    def clear(self) -> None:
        self.held = {}

    def write(self, session: Session) -> list[int]:
        """Insert what is held (then forget it); the new organizations' ids."""
        held, self.held = list(self.held.values()), {}
        if not held:
            return []
        org_ids = _insert_returning(session, Organization, [_organization(*h) for h in held])
        services: list[dict[str, Any]] = []
        locations: list[dict[str, Any]] = []
        contacts: list[dict[str, Any]] = []
        sectors: list[dict[str, Any]] = []
        for listing, _ in held:
            org_id = org_ids[listing.hsds_id]
            services += [_service(org_id, item) for item in listing.services]
            locations += [_location(org_id, item) for item in listing.locations]
            contacts += [_contact(org_id, item) for item in listing.contacts]
            sectors += [
                {"organization_id": org_id, "term_id": term_id}
                for term_id in term_ids(self.terms, Vocabulary.SECTOR, listing.sectors)
            ]
        service_ids = _insert_returning(session, Service, services)
        location_ids = _insert_returning(session, Location, locations)
        _insert(session, ReferralContact.__table__, contacts)
        _insert(session, organization_sector, sectors)
        phones: list[dict[str, Any]] = []
        places: list[dict[str, Any]] = []
        links: dict[sa.Table, list[dict[str, Any]]] = {
            service_type_link: [],
            service_population: [],
            service_language: [],
            service_referral_sector: [],
        }
        wanted_areas: list[tuple[int, int | None, Area]] = []
        for listing, _ in held:
            org_id = org_ids[listing.hsds_id]
            wanted_areas += [(org_id, None, area) for area in listing.areas]
            mine = {item.hsds_id: location_ids[item.hsds_id] for item in listing.locations}
            for location in listing.locations:
                phones += [_phone(p, location_id=mine[location.hsds_id]) for p in location.phones]
            for item in listing.services:
                service_id = service_ids[item.hsds_id]
                phones += [_phone(p, service_id=service_id) for p in item.phones]
                for table, vocabulary, slugs in (
                    (service_type_link, Vocabulary.SERVICE_TYPE, item.types),
                    (service_population, Vocabulary.POPULATION, item.populations),
                    (service_language, Vocabulary.LANGUAGE, item.languages),
                    (service_referral_sector, Vocabulary.SECTOR, item.referral_sectors),
                ):
                    links[table] += [
                        {"service_id": service_id, "term_id": term_id}
                        for term_id in term_ids(self.terms, vocabulary, slugs)
                    ]
                at = list(dict.fromkeys(mine[i] for i in item.location_ids if i in mine))
                places += [{"service_id": service_id, "location_id": i} for i in at]
                wanted_areas += [(org_id, service_id, area) for area in item.areas]
        _insert(session, Phone.__table__, phones)
        _insert(session, service_at_location, places)
        for table, rows in links.items():
            _insert(session, table, rows)
        _insert(session, ServiceArea.__table__, _areas(session, wanted_areas))
        return list(org_ids.values())


def _organization(listing: Listing, slug: str) -> dict[str, Any]:
    return {
        "hsds_id": listing.hsds_id,
        "slug": slug,
        "name": listing.name,
        "alternate_name": listing.alternate_name,
        "description": listing.description,
        "description_fr": listing.description_fr,
        "website": listing.website,
        "email": listing.email,
        "phone": listing.phone,
        "external_id": listing.external_id,
        "hsds_attributes": listing.kept or None,
        "source": ListingSource.IMPORTED.value,
        "status": OrganizationStatus.PUBLISHED.value,
    }


def _service(org_id: int, item: Any) -> dict[str, Any]:
    row = {
        "organization_id": org_id,
        "hsds_id": item.hsds_id,
        "name": item.name,
        "description": item.description,
        "eligibility": item.eligibility,
        "fees": item.fees,
        "referral_method": item.referral_method,
        "intake_hours": item.intake_hours,
        "open_24_7": item.open_24_7,
        "hours": item.hours,
        "accepting_referrals": item.accepting_referrals,
        "delivered_online": item.delivered_online,
        "self_referral": item.self_referral,
        "self_referral_min_age": item.self_referral_min_age,
        "warm_handoff": item.warm_handoff,
        "first_response": item.first_response,
        "no_police_required": item.no_police_required,
        "referrer_checklist": item.referrer_checklist,
        "email": item.email,
        "website": item.website,
        "required_documents": item.required_documents,
        "status": item.status,
        "hsds_attributes": item.kept or None,
    }
    said = item.capacity_status is not None  # else as the column defaults: not said
    row["capacity_status"] = item.capacity_status if said else CapacityStatus.UNKNOWN.value
    row["capacity_places"] = item.capacity_places if said else None
    row["capacity_updated_at"] = item.capacity_updated_at if said else None
    return row


def _location(org_id: int, item: Any) -> dict[str, Any]:
    return {
        "organization_id": org_id,
        "hsds_id": item.hsds_id,
        "name": item.name,
        "address": item.address,
        "city": item.city,
        "province_code": item.province,
        "postal_code": item.postal_code,
        "country": "CA",
        "latitude": item.latitude,
        "longitude": item.longitude,
        "confidential": item.confidential,
        "accessibility": item.accessibility or None,
        "accessibility_note": item.accessibility_note,
    }


def _contact(org_id: int, item: Any) -> dict[str, Any]:
    return {
        "organization_id": org_id,
        "hsds_id": item.hsds_id,
        "name": item.name,
        "role": item.role,
        "email": item.email,
        "phone": item.phone,
        "preferred_method": item.preferred_method,
        "notes": item.notes,
        "visibility": item.visibility,
    }


def _phone(
    item: PhoneData, service_id: int | None = None, location_id: int | None = None
) -> dict[str, Any]:
    return {
        "service_id": service_id,
        "location_id": location_id,
        "hsds_id": item.hsds_id,
        "number": item.number,
        "extension": item.extension,
        "description": item.description,
        "type": item.type,
        "language": item.language,
    }


def _areas(session: Session, wanted: list[tuple[int, int | None, Area]]) -> list[dict[str, Any]]:
    """One row per area, keeping the source's id unless it is taken (in the directory, or
    earlier in this batch: an organization-wide area comes with one id per service)."""
    asked = {area.hsds_id for _, _, area in wanted if area.hsds_id is not None}
    taken: set[uuid.UUID | None] = {None}
    if asked:
        taken |= set(
            session.scalars(sa.select(ServiceArea.hsds_id).where(ServiceArea.hsds_id.in_(asked)))
        )
    rows = []
    for org_id, service_id, area in wanted:
        hsds_id = area.hsds_id if area.hsds_id not in taken else uuid.uuid4()
        taken.add(hsds_id)
        rows.append(
            {
                "organization_id": org_id,
                "service_id": service_id,
                "kind": area.kind,
                "province_code": area.province,
                "region_name": area.region_name,
                "latitude": area.latitude,
                "longitude": area.longitude,
                "radius_km": area.radius_km,
                "hsds_id": hsds_id,
            }
        )
    return rows


def _statement(table: sa.Table, rows: list[dict[str, Any]]) -> tuple[sa.Insert, list[dict]]:
    """An INSERT of ``table`` for these rows, where a JSON column given None stores SQL NULL
    as through the ORM (a JSON column would store JSON ``null``): one statement for all the
    rows, in their order (ids follow it)."""
    json_columns = [c.name for c in table.columns if isinstance(c.type, sa.JSON)]
    json_columns = [name for name in json_columns if name in rows[0]]
    if any(row.keys() != rows[0].keys() for row in rows):
        raise ValueError(f"{table.name}: every row must name the same columns")
    stmt = sa.insert(table)
    if not json_columns:
        return stmt, rows
    stmt = stmt.values(
        {name: sa.bindparam(f"{name}_", type_=sa.JSON(none_as_null=True)) for name in json_columns}
    )
    renamed = [{(f"{k}_" if k in json_columns else k): v for k, v in row.items()} for row in rows]
    return stmt, renamed


def _insert(session: Session, table: sa.Table | sa.FromClause, rows: list[dict[str, Any]]) -> None:
    """One INSERT of many rows (every row names the same columns: an executemany takes the
    columns of the first)."""
    if not rows:
        return
    assert isinstance(table, sa.Table)  # the mapped classes' tables
    stmt, params = _statement(table, rows)
    session.execute(stmt, params)


def _insert_returning(
    session: Session, model: type[Any], rows: list[dict[str, Any]]
) -> dict[uuid.UUID, int]:
    """Insert rows of a table with an ``hsds_id``; their new ids, by HSDS id."""
    if not rows:
        return {}
    stmt, params = _statement(model.__table__, rows)
    table = model.__table__
    result = session.execute(stmt.returning(table.c.hsds_id, table.c.id), params)
    return {hsds_id: row_id for hsds_id, row_id in result}
