"""Distances for radius search: fast enough for thousands of candidates per request.

The haversine on a sphere of the mean Earth radius stays within 0.5% of the WGS-84 geodesic
(geopy.distance.geodesic) everywhere in Canada, at a fraction of its cost. ``bounding_box``
gives a latitude/longitude rectangle for an indexed prefilter that never leaves out a point
within the radius; the exact distance is then computed for what the rectangle lets through.
"""

from __future__ import annotations

import math

import numpy as np

EARTH_MEAN_RADIUS_KM = 6371.0088  # IUGG mean radius, the one geopy.distance.great_circle uses
# Widens the box a little so that rounding (and the sphere's 0.5%) never shrinks the search.
_BOX_SAFETY_FACTOR = 1.01


def distance_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = math.radians(lng2 - lng1) / 2
    a = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_MEAN_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def distances_km(lat: float, lng: float, lats: np.ndarray, lngs: np.ndarray) -> np.ndarray:
    """``distance_km`` from one point to many at once (NaN where a coordinate is NaN)."""
    phi1, phi2 = math.radians(lat), np.radians(lats)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = np.radians(lngs - lng) / 2
    a = np.sin(half_dphi) ** 2 + math.cos(phi1) * np.cos(phi2) * np.sin(half_dlambda) ** 2
    return 2 * EARTH_MEAN_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def bounding_box(lat: float, lng: float, radius_km: float) -> tuple[float, float, float, float]:
    """``(min_lat, max_lat, min_lng, max_lng)`` enclosing every point within ``radius_km``.

    Near a pole (Alert is at 82.5°N) the circle can reach over it; the box then spans every
    longitude. It also spans every longitude rather than wrap around the antimeridian, which
    Canada never needs: the box stays a single range usable in one SQL ``BETWEEN``.
    """
    angular = _BOX_SAFETY_FACTOR * max(radius_km, 0.0) / EARTH_MEAN_RADIUS_KM
    delta_lat = math.degrees(angular)
    min_lat, max_lat = lat - delta_lat, lat + delta_lat
    if max_lat >= 90 or min_lat <= -90 or angular >= math.pi / 2:
        return max(min_lat, -90.0), min(max_lat, 90.0), -180.0, 180.0
    # The widest longitude a circle reaches is at its tangent to a meridian (not at ``lat``).
    delta_lng = math.degrees(math.asin(min(1.0, math.sin(angular) / math.cos(math.radians(lat)))))
    min_lng, max_lng = lng - delta_lng, lng + delta_lng
    if min_lng < -180 or max_lng > 180:
        min_lng, max_lng = -180.0, 180.0
    return min_lat, max_lat, min_lng, max_lng
