"""Which of an organization's public locations is nearest a place, for distances and the map.

Locations arrive as public values (``privacy.PublicLocation`` or a result card's location)
whose ``point`` is ``privacy.public_point``: a confidential location only ever at its city's
centre, or nowhere, so nothing built from these points can reveal a shelter's address.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from directory.geo import Place, distance_km
from directory.privacy import Point


class PointedLocation(Protocol):
    @property
    def point(self) -> Point | None: ...


L = TypeVar("L", bound=PointedLocation)


def nearest_point(
    locations: Sequence[L], place: Place | None
) -> tuple[L, Point] | tuple[None, None]:
    """The location nearest the place and its public point (the first placed one without a
    place); ``(None, None)`` when no location can be placed."""
    best: tuple[L, Point] | None = None
    best_km = 0.0
    for location in locations:
        point = location.point
        if point is None:
            continue
        if place is None:
            return location, point
        km = distance_km(place.latitude, place.longitude, *point)
        if best is None or km < best_km:
            best, best_km = (location, point), km
    return best or (None, None)


class NamedLocation(PointedLocation, Protocol):
    @property
    def city(self) -> str: ...


# A radius drawn around "the office" is centred on the city; this much slack still names it.
SAME_PLACE_KM = 25.0


def city_at_centre(
    locations: Sequence[NamedLocation], latitude: float, longitude: float
) -> str | None:
    """The city of the location at a radius area's centre (cities are public), to name the
    centre: "Within 400 km of Sioux Lookout". Locations count at their public point, so a
    confidential one's real point is never read."""
    for location in locations:
        point = location.point
        if point is not None and distance_km(latitude, longitude, *point) <= SAME_PLACE_KM:
            return location.city
    return None
