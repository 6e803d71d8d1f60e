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

import numpy as np
from flask import current_app

from directory.extensions import db
from directory.geo import Place, get_gazetteer
from directory.models import AreaKind, Organization, ProvinceLike
from directory.privacy import (
    PublicLocation,
    PublicOrganization,
    public_organization,
    public_point,
)
from directory.search.engine import (
    Hit,
    SearchQuery,
    hide_before,
    nearest_km,
    run_search,
    within_radius,
)
from directory.search.mirror import mirror_for
from directory.search.points import nearest_point
from directory.search.service import organizations_by_id
from directory.search.snapshot import Snapshot
from directory.search.vocabulary import vocabularies

PARTNER_RADIUS_KM = 100
PARTNER_LIMIT = 6
# Looked at in widening circles: in a dense city the first already holds six partners of six
# different sectors, and a wider circle could only add farther ones after them.
SEARCH_STEPS_KM = (10, 30, PARTNER_RADIUS_KM)


@dataclass(frozen=True)
class Partner:
    organization: PublicOrganization
    distance_km: float | None
    serves_area: bool  # based farther than the radius, but its service area covers the place
    city: str | None  # of its location nearest the place: only city and province are public
    province: ProvinceLike | None


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
    bits = vocabularies(db.session()).bits
    own = bits.mask("sector", {term.slug for term in organization.sectors})
    sectors: dict[int, int] = {}  # organization id → sector mask, for every hit made
    cutoff = hide_before(None, current_app.config["HIDE_AFTER_MONTHS"])
    snapshot = mirror_for(db.session()).snapshot(db.session())
    for radius in SEARCH_STEPS_KM:
        query = SearchQuery(
            place=place, radius_km=radius, hide_verified_before=cutoff, serving=frozenset()
        )
        positions, km = within_radius(db.session(), snapshot, query)
        nearby = _choosable(snapshot, positions, km, False, own, organization, limit)
        sectors |= nearby.sectors
        chosen = pick_diverse(nearby.hits, sectors, limit)
        if _all_different(chosen, sectors, limit):
            break
    if len(chosen) < limit:
        province_wide = replace(query, serving=frozenset({"province"}))
        outcome = run_search(db.session(), province_wide, bits)
        positions, _, serves = outcome.in_order()
        positions = positions[serves]
        # The engine does not measure the "serves this area" group: nearest first here.
        km = nearest_km(outcome.snapshot, positions, place)
        located = ~np.isnan(km)
        order = np.argsort(km[located], kind="stable")
        positions, km = positions[located][order], km[located][order]
        serving = _choosable(outcome.snapshot, positions, km, True, own, organization, limit)
        sectors |= serving.sectors
        chosen += pick_diverse(serving.hits, sectors, limit - len(chosen))
    return Partners(place, PARTNER_RADIUS_KM, _load(chosen, place))


@dataclass(frozen=True)
class _Choosable:
    hits: list[Hit]
    sectors: dict[int, int]  # organization id → sector mask


def _choosable(
    snapshot: Snapshot,
    positions: np.ndarray,
    km: np.ndarray,
    serves_area: bool,
    own: int,
    organization: Organization,
    limit: int,
) -> _Choosable:
    """The matches ``pick_diverse`` could choose, as hits, nearest first (then by name, as
    search orders them; ``serves_area``: in the order given).

    Only organizations of other sectors; and of those, only the first ``limit`` and those
    ``pick_diverse`` takes for the sector they bring (found on the masks alone, among the
    first of each distinct mask: a later one with the same mask never brings a new sector),
    so a dense city's thousands of matches become a dozen hits with the same outcome. Only
    those of other sectors are put in order."""
    masks = snapshot.masks["sector"][positions]
    keep = (masks != 0) & ((masks & own) == 0)
    if 0 <= organization.id < len(snapshot.position_of):
        keep &= positions != snapshot.position_of[organization.id]
    positions, km, masks = positions[keep], km[keep], masks[keep]
    if not serves_area:
        order = np.lexsort((snapshot.name_rank[positions], km))
        positions, km, masks = positions[order], km[order], masks[order]
    _, first_of_each = np.unique(masks, return_index=True)
    first_of_each.sort()
    bringing = first_of_each[_bringing_new_sectors(masks[first_of_each].tolist(), limit)]
    picked = np.union1d(bringing, np.arange(min(limit, len(positions))))
    hits = [_hit(snapshot, int(positions[i]), float(km[i]), serves_area) for i in picked]
    return _Choosable(
        hits, {h.organization_id: int(masks[i]) for h, i in zip(hits, picked, strict=True)}
    )


def _bringing_new_sectors(masks: list[int], limit: int) -> list[int]:
    """Indices of the sector masks, in order, that ``pick_diverse`` would take on its first
    pass: each brings a sector none before it brought; at most ``limit``."""
    taken: list[int] = []
    shown = 0
    for index, mask in enumerate(masks):
        if len(taken) == limit:
            break
        if mask & ~shown:
            taken.append(index)
            shown |= mask
    return taken


def _hit(snapshot: Snapshot, position: int, km: float, serves_area: bool) -> Hit:
    row = snapshot.row_at(position)
    return Hit(row.organization_id, row.name, 0.0, km, serves_area)


def home_place(organization: Organization) -> Place | None:
    """Where the organization is, as search counts it: its first location with a public
    point (``privacy.public_point``), else the centre of a regional service area, else the
    population centre of a province it serves."""
    for location in organization.locations:
        point = public_point(location)
        if point:
            return Place(location.city, location.province_code, *point)
    for area in organization.service_areas:
        latitude, longitude = area.latitude, area.longitude
        regional = area.kind in (AreaKind.RADIUS, AreaKind.REGION)
        if regional and latitude is not None and longitude is not None:
            name = area.region_name or organization.name
            return Place(name, area.province_code, latitude, longitude)
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


def _load(hits: list[Hit], place: Place) -> list[Partner]:
    by_id = organizations_by_id([h.organization_id for h in hits])
    partners = []
    for hit in hits:
        if hit.organization_id not in by_id:
            continue
        organization = public_organization(by_id[hit.organization_id])
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


def _nearest_location(locations: list[PublicLocation], place: Place) -> PublicLocation | None:
    location, _ = nearest_point(locations, place)
    return location or (locations[0] if locations else None)
