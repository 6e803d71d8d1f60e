"""Where an organization's locations count for distances and the map.

Every point comes from ``documents.location_point``: a confidential location only ever at its
city's centre, so nothing built from these points can reveal a shelter's address.
"""

from __future__ import annotations

from directory.geo import Place, distance_km
from directory.models import Location
from directory.search.documents import location_point

Point = tuple[float, float]


def nearest_point(
    locations: list[Location], place: Place | None
) -> tuple[Location, Point] | tuple[None, None]:
    """The location nearest the place and its public point (the first located one without a
    place); ``(None, None)`` when no location can be placed."""
    best: tuple[Location, Point] | None = None
    best_km = 0.0
    for location in locations:
        point = location_point(location)
        if point is None:
            continue
        if place is None:
            return location, point
        km = distance_km(place.latitude, place.longitude, *point)
        if best is None or km < best_km:
            best, best_km = (location, point), km
    return best or (None, None)
