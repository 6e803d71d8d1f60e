"""The search index: one denormalised row per published organization.

Written only by ``directory.search`` (never by hand). Besides these columns, each backend keeps
its own full-text structure in step with this table: an FTS5 table ``search_fts`` on SQLite, a
``document tsvector`` column with a GIN index on PostgreSQL (both created by the migration,
outside the models because they are dialect-specific).

Facets are bit masks: bit *n* is the term (or province) whose ``bit`` is *n*, so that counting
options for thousands of candidates is integer work. A term's bit is given once and never
changes (``directory.taxonomy``), so reordering a vocabulary needs no reindex; at most
``MASK_BITS`` (63) terms per vocabulary fit in these signed 64-bit columns (docs/search.md).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from directory.extensions import Model
from directory.models.types import UTCDateTime


class SearchDocument(Model):
    __tablename__ = "search_document"

    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True
    )
    # Small fixed-size columns first: SQLite reads a row's columns in order.
    sector_mask: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    service_mask: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    population_mask: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    language_mask: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    province_mask: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    flag_mask: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    # The sectors its services take referrals from (sector bits; INDEX_FORMAT 3).
    referral_from_mask: Mapped[int] = mapped_column(sa.BigInteger, default=0, server_default="0")
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    # "lat,lng;lat,lng": one point per location, confidential ones at their city's centre.
    points: Mapped[str] = mapped_column(sa.Text, default="")
    # Space-separated areas served: "national", "online", "province:ON", "circle:lat,lng,km".
    areas: Mapped[str] = mapped_column(sa.Text, default="")
    # Opening hours of its services (``hours_compact.compact``; INDEX_FORMAT 7): "" for none.
    hours: Mapped[str] = mapped_column(sa.Text, default="", server_default="")


class SearchState(Model):
    """One row: which version of the index is current.

    Each process keeps an in-memory copy of ``search_document`` (``directory.search.mirror``)
    and compares it with this row before every search. Writers bump ``generation`` with an
    UPDATE, whose row lock orders them by commit; a full rebuild (or a restore) draws a new
    ``epoch``, so a copy made before it is never taken for current.
    """

    __tablename__ = "search_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    epoch: Mapped[str] = mapped_column(sa.String(32))
    generation: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    # What the documents hold (``directory.search.index_format.INDEX_FORMAT``); set by a full
    # rebuild. An older number: ``flask search reindex --if-outdated`` rebuilds.
    index_format: Mapped[int] = mapped_column(sa.Integer, default=1, server_default="1")
    # ``search_change`` rows up to this generation may have been pruned: a copy older than it
    # reloads whole rather than read an incomplete list of changes.
    pruned_through: Mapped[int] = mapped_column(sa.BigInteger, default=0, server_default="0")


class SearchChange(Model):
    """The index's change log: the organizations reindexed at each generation.

    Pruned as it is written (``directory.search.mirror.record_changes``): only the rows a
    lagging copy could still use are kept; ``SearchState.pruned_through`` says how far."""

    __tablename__ = "search_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    generation: Mapped[int] = mapped_column(sa.BigInteger, index=True)
    organization_id: Mapped[int]
