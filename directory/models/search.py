"""The search index: one denormalised row per published organization.

Written only by ``directory.search.index`` (never by hand). Besides these columns, each backend
keeps its own full-text structure in sync with this table: an FTS5 table ``search_fts`` on
SQLite, a ``document tsvector`` column with a GIN index on PostgreSQL (both created by the
migration, outside the models because they are dialect-specific).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from directory.extensions import db
from directory.models.types import UTCDateTime


class SearchDocument(db.Model):
    __tablename__ = "search_document"

    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    # "lat,lng;lat,lng": one point per location, confidential ones at their city's centre.
    points: Mapped[str] = mapped_column(sa.Text, default="")
    # Space-separated "facet:value" pairs, e.g. "sector:health-care province:ON".
    facets: Mapped[str] = mapped_column(sa.Text, default="")
    # Space-separated areas served: "national", "online", "province:ON", "circle:lat,lng,km".
    areas: Mapped[str] = mapped_column(sa.Text, default="")
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
