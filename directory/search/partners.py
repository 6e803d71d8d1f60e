"""Partners in other sectors: the organizations a profile's visitor should also know about.

The directory exists because the nurse, the detective and the shelter worker near one another
do not know each other. For one organization this finds published organizations around its
place that share none of its sectors: nearest first, but one of each sector before a second
of any (so six health clinics do not hide the one legal clinic). When fewer are that close,
the list is completed with organizations of the same province or territory, based farther
away, whose service area covers the place (a remote community still gets partners). National
services based elsewhere are left to search's "Serves this area" group. A fixed number of
queries, whatever the number of candidates.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from directory.extensions import db
from directory.geo import Place, distance_km, get_gazetteer
from directory.models import AreaKind, Location, Organization, Province, TaxonomyTerm
from directory.models.organization import organization_sector
from directory.search.documents import location_point
from directory.search.engine import Hit, SearchQuery, hide_before, run_search
from directory.search.points import nearest_point

PARTNER_RADIUS_KM = 100
PARTNER_LIMIT = 6


@dataclass(frozen=True)
class Partner:
    organization: Organization
    distance_km: float | None
    serves_area: bool  # based farther than the radius, but its service area covers the place
    city: str | None  # of its location nearest the place: only city and province are public
    province: Province | None


@dataclass(frozen=True)
class Partners:
    place: Place
    radius_km: int
    partners: list[Partner]


def partners_for(organization: Organization, limit: int = PARTNER_LIMIT) -> Partners | None:
    """Partners around the organization's place, or None when it has no place to be near.

    Expects ``organization.sectors``, ``locations`` and ``service_areas`` to be loaded.
    """
    place = home_place(organization)
    if place is None:
        return None
    own_sectors = {term.slug for term in organization.sectors}
    query = SearchQuery(
        place=place,
        radius_km=float(PARTNER_RADIUS_KM),
        hide_verified_before=hide_before(None, current_app.config["HIDE_AFTER_MONTHS"]),
    )
    hits = [h for h in run_search(db.session, query).hits if h.organization_id != organization.id]
    sectors = _sectors_of([h.organization_id for h in hits])
    eligible = [h for h in hits if _other_sectors_only(sectors.get(h.organization_id), own_sectors)]
    chosen = pick_diverse([h for h in eligible if not h.serves_area], sectors, limit)
    if len(chosen) < limit:
        chosen += pick_diverse(_serving_in_province(eligible, place), sectors, limit - len(chosen))
    return Partners(place, PARTNER_RADIUS_KM, _load(chosen, place))


def home_place(organization: Organization) -> Place | None:
    """Where the organization is, as search counts it: its first location with a point (a
    confidential one at its city's centre), else the centre of a regional service area, else
    the population centre of a province it serves."""
    for location in organization.locations:
        point = location_point(location)
        if point:
            return Place(location.city, location.province_code, *point)
    for area in organization.service_areas:
        if area.kind in (AreaKind.RADIUS, AreaKind.REGION) and area.latitude is not None:
            name = area.region_name or organization.name
            return Place(name, area.province_code, area.latitude, area.longitude)
    provinces = {p.province: p for p in get_gazetteer().provinces}
    for area in organization.service_areas:
        if area.kind == AreaKind.PROVINCE and area.province_code in provinces:
            return provinces[area.province_code]
    return None


def _other_sectors_only(sectors: set[str] | None, own: set[str]) -> bool:
    return bool(sectors) and not sectors & own


def pick_diverse(hits: list[Hit], sectors: dict[int, set[str]], limit: int) -> list[Hit]:
    """Hits in distance order, the nearest of each sector not yet shown first, then the rest."""
    chosen: list[Hit] = []
    shown: set[str] = set()
    for hit in hits:
        if len(chosen) == limit:
            return chosen
        if sectors[hit.organization_id] - shown:
            chosen.append(hit)
            shown |= sectors[hit.organization_id]
    rest = [hit for hit in hits if hit not in chosen]
    return chosen + rest[: limit - len(chosen)]


def _sectors_of(organization_ids: list[int]) -> dict[int, set[str]]:
    """Sector slugs of many organizations in one query."""
    if not organization_ids:
        return {}
    stmt = (
        sa.select(organization_sector.c.organization_id, TaxonomyTerm.slug)
        .join(TaxonomyTerm, TaxonomyTerm.id == organization_sector.c.term_id)
        .where(organization_sector.c.organization_id.in_(organization_ids))
    )
    sectors: dict[int, set[str]] = defaultdict(set)
    for organization_id, slug in db.session.execute(stmt):
        sectors[organization_id].add(slug)
    return sectors


def _serving_in_province(hits: list[Hit], place: Place) -> list[Hit]:
    """Hits that serve the place from farther away but from the same province or territory,
    nearest first (the engine may not measure these: it is done here, on public points)."""
    serving = [h for h in hits if h.serves_area]
    if not serving:
        return []
    stmt = sa.select(Location).where(
        Location.organization_id.in_([h.organization_id for h in serving])
    )
    locations: dict[int, list[Location]] = defaultdict(list)
    for location in db.session.scalars(stmt):
        locations[location.organization_id].append(location)
    measured = []
    for hit in serving:
        in_province = [
            loc for loc in locations[hit.organization_id] if loc.province_code == place.province
        ]
        _, point = nearest_point(in_province, place)
        if point is not None:
            km = distance_km(place.latitude, place.longitude, *point)
            measured.append(replace(hit, distance_km=km))
    return sorted(measured, key=lambda h: h.distance_km)


def _load(hits: list[Hit], place: Place) -> list[Partner]:
    if not hits:
        return []
    stmt = (
        sa.select(Organization)
        .where(Organization.id.in_([h.organization_id for h in hits]))
        .options(
            selectinload(Organization.sectors),
            selectinload(Organization.locations).selectinload(Location.province),
        )
    )
    by_id = {org.id: org for org in db.session.scalars(stmt)}
    partners = []
    for hit in hits:
        organization = by_id.get(hit.organization_id)
        if organization is None:
            continue
        location = _nearest_location(organization.locations, place)
        partners.append(
            Partner(
                organization,
                hit.distance_km,
                hit.serves_area,
                location.city if location else None,
                location.province if location else None,
            )
        )
    return partners


def _nearest_location(locations: list[Location], place: Place) -> Location | None:
    location, _ = nearest_point(locations, place)
    return location or (locations[0] if locations else None)
