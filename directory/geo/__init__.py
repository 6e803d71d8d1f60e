"""Where is "near": an offline gazetteer geocoder (a geopy Geocoder) and distance helpers.

``locate("Thunder Bay, ON")`` resolves with the geocoder the ``GEOCODER`` setting names:
``offline`` (default, nothing leaves the server) or ``nominatim`` (OpenStreetMap, cached in the
database, the offline gazetteer whenever it fails).
"""

from __future__ import annotations

from flask import Flask, current_app

from directory.geo.cache import DatabaseGeocodeCache
from directory.geo.distance import bounding_box, distance_km, distances_km
from directory.geo.gazetteer import Lookup, Place, PlaceKind, get_gazetteer
from directory.geo.geocoders import NominatimWithFallback, OfflineGeocoder
from directory.geo.sources import GAZETTEER_SOURCES

__all__ = [
    "GAZETTEER_SOURCES",
    "Lookup",
    "NominatimWithFallback",
    "OfflineGeocoder",
    "Place",
    "PlaceKind",
    "bounding_box",
    "distance_km",
    "distances_km",
    "get_gazetteer",
    "get_geocoder",
    "locate",
]


def get_geocoder(app: Flask) -> OfflineGeocoder | NominatimWithFallback:
    """The app's geocoder, built on first use (one per app: Nominatim's rate limit is in it)."""
    geocoder = app.extensions.get("geocoder")
    if geocoder is None:
        geocoder = app.extensions["geocoder"] = _build_geocoder(app.config)
    return geocoder


def _build_geocoder(config: dict) -> OfflineGeocoder | NominatimWithFallback:
    choice = config.get("GEOCODER", "offline")
    if choice == "offline":
        return OfflineGeocoder()
    if choice == "nominatim":
        scheme, _, domain = config["NOMINATIM_DOMAIN"].rpartition("://")
        return NominatimWithFallback(
            user_agent=config["NOMINATIM_USER_AGENT"],
            domain=domain.rstrip("/"),
            scheme=scheme or "https",
            cache=DatabaseGeocodeCache(),
        )
    raise ValueError(f"GEOCODER must be 'offline' or 'nominatim', not {choice!r}")


def locate(query: str) -> Lookup:
    """Resolve a visitor's "near" text with the current app's geocoder. Never raises for bad
    input: an unknown place comes back with ``place=None`` and perhaps close spellings."""
    return get_geocoder(current_app).lookup(query)
