"""Where an online geocoder's answers are kept: in the database, shared by every worker."""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Protocol

import sqlalchemy as sa

from directory.geo.gazetteer import Place, PlaceKind

logger = logging.getLogger(__name__)


class GeocodeCache(Protocol):
    def get(self, key: str) -> list[Place] | None:
        """The places stored for ``key``, or None when the key was never stored."""

    def put(self, key: str, places: list[Place]) -> None: ...


class DatabaseGeocodeCache:
    """The ``geocode_cache`` table, shared by every worker.

    Reads and writes go through a connection of their own, outside the request's session, so
    that caching never commits (or rolls back) anything the request is doing. Whatever fails
    only costs the cache: errors are logged and treated as a miss.
    """

    def get(self, key: str) -> list[Place] | None:
        from directory.extensions import db
        from directory.models import GeocodeCacheEntry

        try:
            with db.engine.connect() as connection:
                stored = connection.scalar(
                    sa.select(GeocodeCacheEntry.places).where(GeocodeCacheEntry.query == key)
                )
        except Exception:  # a cache must never break a search
            logger.exception("geocode cache unreadable")
            return None
        return None if stored is None else [_place_from_dict(item) for item in stored]

    def put(self, key: str, places: list[Place]) -> None:
        from directory.extensions import db
        from directory.models import GeocodeCacheEntry

        try:
            with db.engine.begin() as connection:
                connection.execute(
                    sa.insert(GeocodeCacheEntry).values(
                        query=key, places=[asdict(place) for place in places]
                    )
                )
        except sa.exc.IntegrityError:
            pass  # another worker stored the same query first
        except Exception:  # a cache must never break a search
            logger.exception("geocode cache unwritable")


def _place_from_dict(item: dict) -> Place:
    return Place(**{**item, "kind": PlaceKind(item["kind"])})
