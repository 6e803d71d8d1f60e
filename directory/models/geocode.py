"""Answers from an online geocoding service, kept so that each place name is asked only once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from directory.extensions import Model
from directory.models.types import UTCDateTime, utcnow


class GeocodeCacheEntry(Model):
    """The places a service (Nominatim) returned for a normalised query, best first.

    Only place names are stored: postal codes are always resolved offline and never sent out.
    """

    __tablename__ = "geocode_cache"

    query: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    places: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<GeocodeCacheEntry {self.query!r}>"
