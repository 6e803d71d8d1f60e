"""Making a stored organization hold what an HSDS listing says, changing only what differs.

Each helper assigns a value only when it is not already there, so importing the same data
again changes nothing (no UPDATE, no new version). Rows are matched by HSDS id.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from directory.extensions import db
from directory.hsds.contact_points import sync_phones
from directory.hsds.listing import ContactData, LocationData
from directory.models import (
    Location,
    Organization,
    ReferralContact,
    Service,
    ServiceArea,
    TaxonomyTerm,
)


def area_key(area: ServiceArea) -> tuple:
    return (
        area.kind,
        area.province_code,
        area.region_name,
        area.radius_km,
        area.latitude,
        area.longitude,
    )


def free_area_id(wanted: uuid.UUID | None, org: Organization) -> uuid.UUID:
    """The source's id, unless taken (an organization-wide area comes with one id per
    service): then a new one."""
    if wanted is None or any(a.hsds_id == wanted for a in org.service_areas):
        return uuid.uuid4()
    taken = db.session.scalar(sa.select(ServiceArea.id).where(ServiceArea.hsds_id == wanted))
    return uuid.uuid4() if taken else wanted


def assign(obj: Any, **values: Any) -> bool:
    """Set the attributes that differ; True when one did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def assign_terms(obj: Organization | Service, name: str, terms: list[TaxonomyTerm]) -> bool:
    if sorted(t.id for t in getattr(obj, name)) == sorted(t.id for t in terms):
        return False
    setattr(obj, name, terms)
    return True


def sync(
    org: Organization,
    name: str,
    items: list,
    new: Callable,
    update: Callable,
    keep_others: bool = False,
) -> bool:
    """Make ``org.<name>`` hold one row per item, matched by ``hsds_id``, in item order; with
    ``keep_others`` (a record holding one service of a feed) the rows no item names stay."""
    current = {row.hsds_id: row for row in getattr(org, name)}
    rows, changed = [], False
    for item in items:
        row = current.pop(item.hsds_id, None)
        if row is None:
            row = new(item)
            changed = True
        changed |= bool(update(row, item))
        rows.append(row)
    if keep_others:
        if changed:
            setattr(org, name, [*current.values(), *rows])
        return changed
    if changed or current:
        setattr(org, name, rows)
        return True
    return False


def new_location(item: LocationData) -> Location:
    return Location(hsds_id=item.hsds_id)


def location_fields(location: Location, item: LocationData) -> bool:
    changed = sync_phones(location, item.phones)
    return changed | assign(
        location,
        name=item.name,
        address=item.address,
        city=item.city,
        province_code=item.province,
        postal_code=item.postal_code,
        country="CA",
        latitude=item.latitude,
        longitude=item.longitude,
        confidential=item.confidential,
        accessibility=item.accessibility or None,
        accessibility_note=item.accessibility_note,
    )


def new_contact(item: ContactData) -> ReferralContact:
    return ReferralContact(hsds_id=item.hsds_id)


def contact_fields(contact: ReferralContact, item: ContactData) -> bool:
    return assign(
        contact,
        name=item.name,
        role=item.role,
        email=item.email,
        phone=item.phone,
        preferred_method=item.preferred_method,
        notes=item.notes,
        visibility=item.visibility,
    )
