"""Searches that found nothing, counted: the demand the directory does not meet.

One row per combination of month and the chosen filters; ``searches`` counts them. Nothing
else is kept: never the words typed, never a place finer than a region (docs/coverage.md),
never an account, no time finer than the month. Written only by
``directory.coverage.demand.count_empty_search``.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from directory.extensions import Model


class SearchDemand(Model):
    __tablename__ = "search_demand"
    __table_args__ = (
        sa.UniqueConstraint(
            "month",
            "sector",
            "service",
            "population",
            "province",
            "region",
            name="uq_search_demand_key",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(sa.String(7), index=True)  # "2026-12"
    # Vocabulary slugs, sorted and comma-joined ("" for none chosen): never free text.
    sector: Mapped[str] = mapped_column(sa.String(400), default="")
    service: Mapped[str] = mapped_column(sa.String(400), default="")
    population: Mapped[str] = mapped_column(sa.String(400), default="")
    province: Mapped[str] = mapped_column(sa.String(60), default="")  # codes, comma-joined
    region: Mapped[str] = mapped_column(sa.String(120), default="")  # "Thunder Bay, ON" or ""
    searches: Mapped[int] = mapped_column(sa.Integer, default=0)
