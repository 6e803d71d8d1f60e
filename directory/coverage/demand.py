"""Demand without surveillance: searches that found nothing, counted by filters only.

``count_empty_search`` runs after ``/search`` and ``/api/v1/search``. It writes only when a
first page found nothing at all (one upsert: SQLite and PostgreSQL both have
``INSERT … ON CONFLICT DO UPDATE``), so a search with results costs nothing more. The row
it counts is keyed by the month and the chosen sectors, services, populations, provinces
(with the place's) and the place's region (``regions.region_of``): never the words typed,
the place as typed, an address or postal code, an account, a time finer than the month.

Counting on a GET: the count is a statistic nobody acts on one by one, not state a reader
changes; reloading the same empty search counts again (as a tally of "asked and found
nothing" should). docs/coverage.md and docs/security.md say so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from directory.coverage.regions import region_of
from directory.extensions import db
from directory.geo import PlaceKind
from directory.models import SearchDemand
from directory.search.service import SearchPage

PUBLIC_MIN_SEARCHES = 5  # a public cell shows only from this many searches
PUBLIC_MONTHS = 12
MODERATION_MONTHS = 24
KEY = ("month", "sector", "service", "population", "province", "region")


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def demand_key(page: SearchPage, today: date | None = None) -> dict[str, str]:
    """The only things a zero-result search leaves behind (``KEY``)."""
    params = page.params
    place = page.place
    provinces = set(params.provinces)
    if place is not None and place.province:
        provinces.add(place.province)
    region = region_of(place) if place is not None and place.kind is not PlaceKind.PROVINCE else ""
    return {
        "month": month_of(today or datetime.now(UTC).date()),
        "sector": ",".join(sorted(params.sectors)),
        "service": ",".join(sorted(params.services)),
        "population": ",".join(sorted(params.populations)),
        "province": ",".join(sorted(provinces)),
        "region": region,
    }


def count_empty_search(page: SearchPage) -> bool:
    """Count this search if its first page found nothing; True when a row was written (the
    caller commits). A place nobody could find is a typo, not demand: not counted. A write
    that fails is logged and skipped: the search is answered all the same."""
    if page.total or page.params.page != 1 or page.place_unknown:
        return False
    key = demand_key(page)
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(SearchDemand).values(**key, searches=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=list(KEY), set_={"searches": SearchDemand.searches + 1}
    )
    try:
        # In a savepoint: a counter that cannot be written (a locked or read-only database,
        # a missing table) costs the count, never the search or the rest of the request.
        with db.session.begin_nested():
            db.session.execute(stmt)
    except SQLAlchemyError:
        current_app.logger.warning("search demand not counted", exc_info=True)
        return False
    return True


def _since(months: int, today: date | None = None) -> str:
    today = today or datetime.now(UTC).date()
    index = today.year * 12 + today.month - 1 - (months - 1)
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def by_month(months: int = MODERATION_MONTHS) -> list[SearchDemand]:
    """Every counted row of the last ``months`` months, newest month first, most searched
    first (moderators and administrators only)."""
    stmt = (
        sa.select(SearchDemand)
        .where(SearchDemand.month >= _since(months))
        .order_by(SearchDemand.month.desc(), SearchDemand.searches.desc(), *KEY[1:])
    )
    return list(db.session.scalars(stmt))


@dataclass(frozen=True)
class PublicDemand:
    since: str
    # (sector slug or "", province code or "") → searches, only cells of at least the minimum
    cells: dict[tuple[str, str], int]
    sectors: list[str]  # slugs with a shown cell, "" (no sector chosen) last
    provinces: list[str]


def public_demand(months: int = PUBLIC_MONTHS) -> PublicDemand:
    """Sector × province over the last ``months`` months; a search naming two sectors (or
    provinces) counts in each. Cells under ``PUBLIC_MIN_SEARCHES`` are left out."""
    since = _since(months)
    stmt = (
        sa.select(SearchDemand.sector, SearchDemand.province, sa.func.sum(SearchDemand.searches))
        .where(SearchDemand.month >= since)
        .group_by(SearchDemand.sector, SearchDemand.province)
    )
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for sectors, provinces, searches in db.session.execute(stmt):
        for sector in sectors.split(",") if sectors else [""]:
            for province in provinces.split(",") if provinces else [""]:
                totals[sector, province] += int(searches)
    cells = {k: n for k, n in totals.items() if n >= PUBLIC_MIN_SEARCHES}
    return PublicDemand(
        since=since,
        cells=cells,
        sectors=sorted({s for s, _ in cells}, key=lambda s: (s == "", s)),
        provinces=sorted({p for _, p in cells}, key=lambda p: (p == "", p)),
    )
