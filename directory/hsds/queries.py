"""The HSDS API's reads: filtered, paged selects with their relationships loaded up front.

Each list costs a fixed number of queries whatever the page size (a count, the page, and
one per relationship), and only published organizations are ever read.
"""

from __future__ import annotations

import json
import math
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, selectinload

from directory.extensions import db
from directory.geo import bounding_box, distance_km, get_gazetteer
from directory.geo.names import postal_fsa
from directory.hsds import ids, serialize
from directory.hsds.taxonomies import ImportedTerm, Term, all_terms, imported_term
from directory.models import (
    Location,
    Organization,
    Service,
    ServiceArea,
    TaxonomyTerm,
    Vocabulary,
)
from directory.models.organization import (
    organization_sector,
    service_language,
    service_population,
    service_type_link,
)
from directory.models.organization import (
    service_at_location as offered_at,
)
from directory.privacy import PUBLIC_LISTINGS, public_point

TERM_LINKS = {
    Vocabulary.SERVICE_TYPE.value: service_type_link,
    Vocabulary.POPULATION.value: service_population,
    Vocabulary.LANGUAGE.value: service_language,
}


@dataclass
class Page:
    items: list[Any]
    total: int
    page: int
    per_page: int

    def envelope(self, contents: list[Any]) -> dict[str, Any]:
        pages = math.ceil(self.total / self.per_page) if self.total else 0
        return {
            "total_items": self.total,
            "total_pages": pages,
            "page_number": self.page,
            "size": len(contents),
            "first_page": self.page == 1,
            "last_page": self.page >= pages,
            "empty": not contents,
            "contents": contents,
        }


@dataclass
class Filters:
    search: str | None = None
    organization_id: uuid.UUID | None = None
    term: Term | None = None
    taxonomy: str | None = None
    modified_after: datetime | None = None
    unknown_filter: bool = False  # an id that matches nothing: the answer is empty


def terms_by_id() -> dict[str, Term]:
    """Our vocabularies' terms, then those that came with imported data."""
    found: dict[str, Term] = {term.id: term for term in all_terms()}
    for term in imported_terms():
        found.setdefault(term.id, term)
    return found


_imported_cache: dict[str, Any] = {}


def imported_terms() -> list[ImportedTerm]:
    """The terms kept from imported data (organizations' and services' ``hsds_attributes``)
    of public listings, once each, by taxonomy and name. Read again only when the listings
    changed (the latest update time and the count say so)."""
    changed = db.session.execute(
        sa.select(sa.func.max(Organization.updated_at), sa.func.count(Organization.id))
    ).one()
    # Per database, and at most a minute old (a service's change may leave its organization's
    # update time as it was).
    stamp = (str(db.engine.url), int(time.monotonic() // 60), *changed)
    if _imported_cache.get("stamp") == stamp:
        return list(_imported_cache["terms"])
    found: dict[str, ImportedTerm] = {}
    for kept_list in _kept_attribute_lists():
        for kept in kept_list:
            if isinstance(kept, dict):
                term = imported_term(kept)
                found.setdefault(term.id, term)
    terms = sorted(found.values(), key=lambda t: (t.vocabulary, t.name.lower(), t.code))
    _imported_cache.update(stamp=stamp, terms=terms)
    return list(terms)


def _kept_attribute_lists() -> Any:
    public = sa.select(Organization.id).where(PUBLIC_LISTINGS)
    yield from db.session.scalars(
        sa.select(Organization.hsds_attributes).where(
            Organization.id.in_(public), Organization.hsds_attributes.is_not(None)
        )
    )
    yield from db.session.scalars(
        sa.select(Service.hsds_attributes).where(
            Service.organization_id.in_(public), Service.hsds_attributes.is_not(None)
        )
    )


def _imported_term_condition(term: ImportedTerm) -> sa.ColumnElement[bool]:
    """Services that hold this imported term, or whose organization does. The text of the
    JSON column narrows the rows (its code or name appears in it), the term's id decides."""
    needle = json.dumps(term.code or term.name)[1:-1]  # as the JSON text spells it

    def holders(column: Any, key: Any) -> list[int]:
        rows = db.session.execute(
            sa.select(key, column).where(sa.cast(column, sa.Text).contains(needle))
        )
        return [
            row_id
            for row_id, kept_list in rows
            if any(
                isinstance(kept, dict) and imported_term(kept).id == term.id
                for kept in kept_list or []
            )
        ]

    services = holders(Service.hsds_attributes, Service.id)
    organizations = holders(Organization.hsds_attributes, Organization.id)
    if not services and not organizations:
        return sa.false()
    return sa.or_(Service.id.in_(services), Service.organization_id.in_(organizations))


def _service_conditions(filters: Filters) -> list:
    conditions: list = [PUBLIC_LISTINGS]
    if filters.unknown_filter:
        conditions.append(sa.false())
    if filters.organization_id is not None:
        conditions.append(Organization.hsds_id == filters.organization_id)
    if filters.modified_after is not None:
        conditions.append(Organization.updated_at >= filters.modified_after)
    if filters.search:
        pattern = f"%{filters.search}%"
        conditions.append(
            sa.or_(
                Service.name.ilike(pattern),
                Service.description.ilike(pattern),
                Organization.name.ilike(pattern),
            )
        )
    if isinstance(filters.term, ImportedTerm):
        conditions.append(_imported_term_condition(filters.term))
    elif filters.term is not None:
        conditions.append(_has_term(filters.term.vocabulary, filters.term.code))
    elif filters.taxonomy is not None:
        conditions.append(_has_term(filters.taxonomy, None))
    return conditions


def _has_term(vocabulary: str, code: str | None) -> sa.ColumnElement[bool]:
    """Services with this term (or any term of the vocabulary); sectors are the
    organization's. A flag term (``directory_flag``) is not filterable: nothing matches.

    A correlated EXISTS on the link table's primary key: SQLite planned ``IN (subquery)``
    organization-first, probing the whole list for every organization (minutes at 100k)."""
    if vocabulary == Vocabulary.SECTOR.value:
        link, owner, column = organization_sector, Organization.id, "organization_id"
    elif vocabulary in TERM_LINKS:
        link, owner, column = TERM_LINKS[vocabulary], Service.id, "service_id"
    else:
        return sa.false()
    terms = sa.select(TaxonomyTerm.id).where(TaxonomyTerm.vocabulary == vocabulary)
    if code is not None:
        terms = terms.where(TaxonomyTerm.slug == code)
    term_ids = list(db.session.scalars(terms))
    if not term_ids:
        return sa.false()
    return sa.exists().where(link.c[column] == owner, link.c.term_id.in_(term_ids))


def _page(stmt: sa.Select, count_stmt: sa.Select, page: int, per_page: int) -> Page:
    total = db.session.scalar(count_stmt) or 0
    rows = list(db.session.execute(stmt.limit(per_page).offset((page - 1) * per_page)))
    return Page(rows, total, page, per_page)


# --- services ------------------------------------------------------------------------------


def services(filters: Filters, page: int, per_page: int, full: bool) -> Page:
    conditions = _service_conditions(filters)
    base = sa.select(Service).join(Service.organization).where(*conditions)
    count = sa.select(sa.func.count()).select_from(base.subquery())
    stmt = base.order_by(Service.id).options(*_service_options(full))
    result = _page(stmt, count, page, per_page)
    result.items = [row[0] for row in result.items]
    return result


def _service_options(full: bool) -> list:
    """The organization comes with the page's join; a full service also needs its terms and
    the organization's places, areas and contacts."""
    organization = contains_eager(Service.organization)
    if not full:
        return [organization]
    return [
        organization.selectinload(Organization.locations),
        organization.selectinload(Organization.service_areas).selectinload(ServiceArea.province),
        organization.selectinload(Organization.contacts),
        selectinload(Service.types),
        selectinload(Service.populations),
        selectinload(Service.languages),
        selectinload(Service.referral_sectors),
        selectinload(Service.locations),
    ]


def service(hsds_id: uuid.UUID) -> Service | None:
    stmt = (
        sa.select(Service)
        .join(Service.organization)
        .where(Service.hsds_id == hsds_id, PUBLIC_LISTINGS)
        .options(selectinload(Service.organization).options(*serialize.load_options()))
    )
    return db.session.scalar(stmt)


# --- organizations ---------------------------------------------------------------------------


def organizations(search: str | None, page: int, per_page: int, full: bool) -> Page:
    base = sa.select(Organization).where(PUBLIC_LISTINGS)
    if search:
        pattern = f"%{search}%"
        base = base.where(
            sa.or_(Organization.name.ilike(pattern), Organization.description.ilike(pattern))
        )
    count = sa.select(sa.func.count()).select_from(base.subquery())
    stmt = base.order_by(Organization.id)
    if full:
        stmt = stmt.options(*serialize.load_options())
    result = _page(stmt, count, page, per_page)
    result.items = [row[0] for row in result.items]
    return result


def organization(hsds_id: uuid.UUID) -> Organization | None:
    stmt = (
        sa.select(Organization)
        .where(Organization.hsds_id == hsds_id, PUBLIC_LISTINGS)
        .options(*serialize.load_options())
    )
    return db.session.scalar(stmt)


# --- services at locations -------------------------------------------------------------------


@dataclass
class Near:
    """``postcode`` (and ``proximity`` in metres around its centre)."""

    postcode: str
    metres: float | None = None


class UnknownPostcode(ValueError):
    pass


def services_at_locations(
    filters: Filters, near: Near | None, page: int, per_page: int, full: bool
) -> Page:
    """(service, location) pairs of published organizations: where each service is offered.

    ``postcode`` alone matches locations whose published postal code starts with it (never a
    confidential location's: that code is not public). With ``proximity``, locations within
    that many metres of the postcode's centre, nearest first, each location at its
    ``privacy.public_point`` as search places it (a confidential one at its city's centre,
    or not at all when the gazetteer does not know its city).
    """
    base = (
        sa.select(Service, Location)
        .join(Service.organization)
        .join(offered_at, offered_at.c.service_id == Service.id)
        .join(Location, Location.id == offered_at.c.location_id)
        .where(*_service_conditions(filters))
    )
    options = [*_service_options(full), selectinload(Location.province)]
    if near is None or near.metres is None:
        if near is not None:
            code = _normal_postcode(near.postcode)
            base = base.where(
                Location.confidential.is_(False),
                sa.func.replace(sa.func.upper(Location.postal_code), " ", "").startswith(code),
            )
        count = sa.select(sa.func.count()).select_from(base.subquery())
        stmt = base.order_by(Service.id, Location.id).options(*options)
        result = _page(stmt, count, page, per_page)
        result.items = [tuple(row) for row in result.items]
        return result
    return _within(base.options(*options), near, page, per_page)


def _normal_postcode(text: str) -> str:
    return text.upper().replace(" ", "")


def _within(stmt: sa.Select, near: Near, page: int, per_page: int) -> Page:
    """Candidates in a box, measured on plain columns; only the page's pairs are loaded.

    The box is drawn on public coordinates only: every confidential location (and any without
    coordinates) is a candidate, measured from its public point, so whether one is found never
    depends on where it really is."""
    place = get_gazetteer().lookup(near.postcode).place if postal_fsa(near.postcode) else None
    if place is None:
        raise UnknownPostcode(near.postcode)
    if near.metres is None:  # the caller only comes here with a distance
        raise ValueError("a distance is required")
    km = near.metres / 1000
    min_lat, max_lat, min_lng, max_lng = bounding_box(place.latitude, place.longitude, km)
    placed_by_city = sa.or_(
        Location.confidential.is_(True),
        Location.latitude.is_(None),
        Location.longitude.is_(None),
    )
    in_box = sa.and_(
        Location.latitude.between(min_lat, max_lat),
        Location.longitude.between(min_lng, max_lng),
    )
    columns = stmt.with_only_columns(
        Service.id.label("service_id"),
        Location.id.label("location_id"),
        Location.latitude,
        Location.longitude,
        Location.confidential,
        Location.city,
        Location.province_code,
    ).where(sa.or_(placed_by_city, in_box))
    found = []
    for row in db.session.execute(columns.order_by(Service.id, Location.id)):
        point = public_point(row)
        if point is None:
            continue
        distance = distance_km(place.latitude, place.longitude, *point)
        if distance <= km:
            found.append((distance, row.service_id, row.location_id))
    found.sort(key=lambda item: item[0])
    start = (page - 1) * per_page
    chosen = [
        (service_id, location_id) for _, service_id, location_id in found[start : start + per_page]
    ]
    rows = {}
    if chosen:
        pairs = sa.tuple_(Service.id, Location.id).in_(chosen)
        rows = {(svc.id, loc.id): (svc, loc) for svc, loc in db.session.execute(stmt.where(pairs))}
    items = [rows[pair] for pair in chosen if pair in rows]
    return Page(items, len(found), page, per_page)


def service_at_location(sal_id: uuid.UUID) -> tuple[Service, Location] | None:
    """The (service, location) pair whose ``ids.service_at_location_id`` is ``sal_id``."""
    low, high = ids.location_id_range(sal_id)
    stmt = (
        sa.select(Location)
        .join(Location.organization)
        .where(Location.hsds_id.between(low, high), PUBLIC_LISTINGS)
        .options(selectinload(Location.organization).options(*serialize.load_options()))
    )
    for location in db.session.scalars(stmt):
        for svc in location.services:
            if ids.service_at_location_id(svc.hsds_id, location.hsds_id) == str(sal_id):
                return svc, location
    return None
