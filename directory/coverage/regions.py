"""The *region* of a place, as search demand records it: the coarsest place that still says
where help is missing.

The gazetteer has no census divisions, so a region is named after a *regional centre*: a
city of at least ``CENTRE_MIN_POPULATION`` people that is more than ``CENTRE_SPACING_KM``
from a larger one (so Toronto stands for Mississauga and Etobicoke, Montréal for its
boroughs, Thunder Bay for northwestern Ontario). A place's region is the nearest centre in
its own province; a province without one (Prince Edward Island, New Brunswick, the
territories) has no region: only the province is recorded.
"""

from __future__ import annotations

import functools

import numpy as np

from directory.geo import Place, PlaceKind, distances_km
from directory.geo.gazetteer import get_gazetteer

CENTRE_MIN_POPULATION = 100_000
CENTRE_SPACING_KM = 50.0


@functools.cache
def regional_centres() -> tuple[Place, ...]:
    """Every regional centre, largest first (computed once per process)."""
    big = sorted(
        (
            p
            for p in get_gazetteer().places
            if p.kind is PlaceKind.PLACE and p.population >= CENTRE_MIN_POPULATION
        ),
        key=lambda p: -p.population,
    )
    centres: list[Place] = []
    for place in big:
        if not centres:
            centres.append(place)
            continue
        lats = np.array([c.latitude for c in centres])
        lngs = np.array([c.longitude for c in centres])
        if distances_km(place.latitude, place.longitude, lats, lngs).min() > CENTRE_SPACING_KM:
            centres.append(place)
    return tuple(centres)


def region_of(place: Place | None) -> str:
    """``"Thunder Bay, ON"``: the region a place is in, or ``""`` (no place, a province, or
    a province without a regional centre)."""
    if place is None or place.kind is PlaceKind.PROVINCE or not place.province:
        return ""
    mine = [c for c in regional_centres() if c.province == place.province]
    if not mine:
        return ""
    lats = np.array([c.latitude for c in mine])
    lngs = np.array([c.longitude for c in mine])
    nearest = mine[int(distances_km(place.latitude, place.longitude, lats, lngs).argmin())]
    return f"{nearest.name}, {nearest.province}"
