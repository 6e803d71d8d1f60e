"""Partners in other sectors: the organizations a profile's visitor should also know about.

The directory exists because the nurse, the detective and the shelter worker near one another
do not know each other. For one organization this finds published organizations around its
place that share none of its sectors: nearest first, but one of each sector before a second
of any (so six health clinics do not hide the one legal clinic). When fewer are that close,
the list is completed with organizations based farther away whose province-wide service area
covers the place (a remote community still gets partners). National and online services are
left to search's "Serves this area" group. Sectors and points come from the index mirror, so
the work stays small however many organizations serve the province.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from flask import current_app

from directory.extensions import db
from directory.geo import Place, distance_km, get_gazetteer
from directory.models import AreaKind, Location, Organization, Province
from directory.search.documents import location_point
from directory.search.engine import Hit, SearchQuery, hide_before, run_search
from directory.search.mirror import Snapshot, mirror_for
from directory.search.points import nearest_point
from directory.search.service import organizations_by_id
from directory.search.vocabulary import vocabularies

PARTNER_RADIUS_KM = 100
PARTNER_LIMIT = 6
# Looked at in widening circles: in a dense city the first already holds six partners of six
# different sectors, and a wider circle could only add farther ones after them.
SEARCH_STEPS_KM = (10, 30, PARTNER_RADIUS_KM)


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
    rows = mirror_for(db.session).rows(db.session)
    bits = vocabularies(db.session).bits
    own = bits.mask("sector", {term.slug for term in organization.sectors})
    sectors = {}  # organization id → sector mask, for those sharing no sector with this one

    def eligible(hits: list[Hit]) -> list[Hit]:
        kept = []
        for hit in hits:
            row = rows.get(hit.organization_id)
            other = row is not None and row.sector_mask and not row.sector_mask & own
            if other and hit.organization_id != organization.id:
                sectors[hit.organization_id] = row.sector_mask
                kept.append(hit)
        return kept

    cutoff = hide_before(None, current_app.config["HIDE_AFTER_MONTHS"])
    for radius in SEARCH_STEPS_KM:
        query = SearchQuery(
            place=place, radius_km=radius, hide_verified_before=cutoff, serving=frozenset()
        )
        around = eligible(run_search(db.session, query, bits).hits)
        chosen = pick_diverse([h for h in around if not h.serves_area], sectors, limit)
        if _all_different(chosen, sectors, limit):
            break
    if len(chosen) < limit:
        province_wide = replace(query, serving=frozenset({"province"}))
        serving = eligible([h for h in run_search(db.session, province_wide, bits).hits])
        serving = _measured([h for h in serving if h.serves_area], rows, place)
        chosen += pick_diverse(serving, sectors, limit - len(chosen))
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


def pick_diverse(hits: list[Hit], sectors: dict[int, int], limit: int) -> list[Hit]:
    """Hits in distance order, the nearest of each sector not yet shown first, then the rest.

    ``sectors`` maps each hit to its sectors as a bit mask."""
    chosen: list[Hit] = []
    shown = 0
    for hit in hits:
        if len(chosen) == limit:
            return chosen
        if sectors[hit.organization_id] & ~shown:  # brings a sector not shown yet
            chosen.append(hit)
            shown |= sectors[hit.organization_id]
    rest = [hit for hit in hits if hit not in chosen]
    return chosen + rest[: limit - len(chosen)]


def _all_different(chosen: list[Hit], sectors: dict[int, int], limit: int) -> bool:
    """Whether ``chosen`` is full and each pick brought a sector of its own."""
    shown = 0
    for hit in chosen:
        if not sectors[hit.organization_id] & ~shown:
            return False
        shown |= sectors[hit.organization_id]
    return len(chosen) == limit


def _measured(hits: list[Hit], rows: Snapshot, place: Place) -> list[Hit]:
    """Hits with the distance from the place to their nearest public point, nearest first
    (the engine does not measure the "serves this area" group)."""
    measured = []
    for hit in hits:
        points = rows.get(hit.organization_id).points
        distances = [
            distance_km(place.latitude, place.longitude, *map(float, pair.split(",")))
            for pair in points.split(";")
            if pair
        ]
        if distances:
            measured.append(replace(hit, distance_km=min(distances)))
    return sorted(measured, key=lambda h: h.distance_km)


def _load(hits: list[Hit], place: Place) -> list[Partner]:
    by_id = organizations_by_id([h.organization_id for h in hits])
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
