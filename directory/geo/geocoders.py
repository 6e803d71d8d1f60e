"""geopy geocoders: the offline gazetteer, and Nominatim with the gazetteer as its fallback.

Both offer ``lookup(query) -> Lookup`` (the place, its alternatives, close spellings: what the
search page needs) and geopy's ``geocode(query, exactly_one=True)`` returning ``Location``.
"""

from __future__ import annotations

import logging
import time
from typing import NoReturn

from geopy.adapters import BaseSyncAdapter
from geopy.exc import GeocoderServiceError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from directory.geo.cache import GeocodeCache
from directory.geo.gazetteer import (
    MAX_QUERY_LENGTH,
    Gazetteer,
    Lookup,
    Place,
    get_gazetteer,
)
from directory.geo.names import normalize_name, postal_fsa

logger = logging.getLogger(__name__)

NOMINATIM_RESULTS = 5
NOMINATIM_TIMEOUT_SECONDS = 2.0
# After a failure, Nominatim is left alone for a while: while it is down, searches should not
# each wait for a rate-limit slot and a timeout before falling back.
NOMINATIM_PAUSE_AFTER_FAILURE_SECONDS = 60.0


class _NoNetworkAdapter(BaseSyncAdapter):
    """geopy wants an HTTP adapter; the offline geocoder gets one that refuses to go online."""

    def get_json(self, url: str, *, timeout: float, headers: dict[str, str]) -> NoReturn:
        raise GeocoderServiceError("the offline geocoder never makes requests")

    def get_text(self, url: str, *, timeout: float, headers: dict[str, str]) -> NoReturn:
        raise GeocoderServiceError("the offline geocoder never makes requests")


def to_location(place: Place) -> Location:
    raw = {
        "name": place.name,
        "province": place.province,
        "kind": place.kind.value,
        "population": place.population,
        "label": place.label,
    }
    return Location(place.display_name, (place.latitude, place.longitude), raw)


def _as_geopy_result(found: Lookup, exactly_one: bool) -> Location | list[Location] | None:
    if found.place is None:
        return None
    if exactly_one:
        return to_location(found.place)
    return [to_location(place) for place in (found.place, *found.alternatives)]


class OfflineGeocoder(Geocoder):
    """Canadian places, districts, FSAs and provinces from the shipped gazetteer."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        super().__init__(adapter_factory=_NoNetworkAdapter)
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        return self._gazetteer or get_gazetteer()

    def lookup(self, query: str) -> Lookup:
        return self.gazetteer.lookup(query)

    def geocode(
        self, query: object, *, exactly_one: bool = True, timeout: float | None = None
    ) -> Location | list[Location] | None:
        return _as_geopy_result(self.lookup(str(query)), exactly_one)


class NominatimWithFallback:
    """OpenStreetMap's Nominatim, at most one request a second, answers kept in ``cache``.

    Any failure (network, timeout, refusal, no result) falls back to the offline gazetteer,
    which also answers every postal code: a postal code can point at a home, so it is never
    sent to a third party. The rate limit and the pause after a failure are per process.
    """

    def __init__(
        self,
        *,
        user_agent: str,
        domain: str,
        cache: GeocodeCache,
        scheme: str = "https",
        offline: OfflineGeocoder | None = None,
        timeout: float = NOMINATIM_TIMEOUT_SECONDS,
    ) -> None:
        self.nominatim = Nominatim(
            user_agent=user_agent, domain=domain, scheme=scheme, timeout=timeout
        )
        self._rate_limited_geocode = RateLimiter(
            self.nominatim.geocode, min_delay_seconds=1, max_retries=0, swallow_exceptions=False
        )
        self.cache = cache
        self.offline = offline or OfflineGeocoder()
        self._paused_until = 0.0

    def lookup(self, query: str) -> Lookup:
        key = normalize_name(query[:MAX_QUERY_LENGTH])
        if not key or postal_fsa(query.strip()):
            return self.offline.lookup(query)
        places = self.cache.get(key)
        if places is None:
            places = self._ask_nominatim(query)
            if places:
                self.cache.put(key, places)
        if not places:
            return self.offline.lookup(query)
        return Lookup(query, places[0], tuple(places[1:]))

    def geocode(
        self, query: object, *, exactly_one: bool = True, timeout: float | None = None
    ) -> Location | list[Location] | None:
        return _as_geopy_result(self.lookup(str(query)), exactly_one)

    def _ask_nominatim(self, query: str) -> list[Place]:
        if time.monotonic() < self._paused_until:
            return []
        try:
            locations = self._rate_limited_geocode(
                query[:MAX_QUERY_LENGTH],
                exactly_one=False,
                limit=NOMINATIM_RESULTS,
                country_codes="ca",
                addressdetails=True,
                featuretype="settlement",
            )
            return [_place_from_nominatim(location) for location in locations or []]
        except Exception:  # whatever went wrong, the offline answer will do
            logger.warning("Nominatim failed; offline gazetteer for a while", exc_info=True)
            self._paused_until = time.monotonic() + NOMINATIM_PAUSE_AFTER_FAILURE_SECONDS
            return []


def _place_from_nominatim(location: Location) -> Place:
    address = location.raw.get("address", {})
    region = address.get("ISO3166-2-lvl4", "")  # "CA-ON"
    return Place(
        name=location.raw.get("name") or location.address.split(",")[0],
        province=region.removeprefix("CA-") or None,
        latitude=location.latitude,
        longitude=location.longitude,
    )
