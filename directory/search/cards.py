"""What a search result shows of an organization, read with three plain queries.

A result card needs a dozen columns of the organization, its sectors and the cities of its
locations. Loading full ORM objects with their relationships for every page of results cost
more than the search itself, so cards are frozen values made from Core rows; terms and
provinces come from the kept vocabularies. Attribute names are the model's, so the
``organization_card`` macro and ``points.nearest_point`` take a card or an ``Organization``
alike. A card's locations keep their coordinates and ``confidential`` flag for
``documents.location_point`` (which puts a confidential one at its city's centre); the
coordinates themselves are never rendered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.models import ListingSource, Location, Organization
from directory.models.organization import organization_sector
from directory.search.vocabulary import ProvinceTerm, Term, vocabularies


@dataclass(frozen=True)
class CardLocation:
    city: str
    province_code: str
    province: ProvinceTerm
    latitude: float | None
    longitude: float | None
    confidential: bool


@dataclass(frozen=True)
class ResultCard:
    id: int
    slug: str
    name: str
    alternate_name: str | None
    description: str
    description_fr: str | None
    verified_at: datetime | None
    source: str
    sectors: list[Term]
    locations: list[CardLocation]

    @property
    def is_imported_unverified(self) -> bool:
        return self.source == ListingSource.IMPORTED and self.verified_at is None


def result_cards(session: Session, ids: list[int]) -> dict[int, ResultCard]:
    """Cards of these organizations by id, in three queries however many there are."""
    if not ids:
        return {}
    words = vocabularies(session)
    o = Organization.__table__
    sectors: dict[int, list[Term]] = {i: [] for i in ids}
    link = organization_sector
    for organization_id, term_id in session.execute(
        sa.select(link.c.organization_id, link.c.term_id).where(link.c.organization_id.in_(ids))
    ):
        term = words.terms_by_id.get(term_id)
        if term is not None:
            sectors[organization_id].append(term)
    located: dict[int, list[CardLocation]] = {i: [] for i in ids}
    loc = Location.__table__
    for row in session.execute(
        sa.select(
            loc.c.organization_id,
            loc.c.city,
            loc.c.province_code,
            loc.c.latitude,
            loc.c.longitude,
            loc.c.confidential,
        )
        .where(loc.c.organization_id.in_(ids))
        .order_by(loc.c.id)
    ):
        located[row.organization_id].append(
            CardLocation(
                row.city,
                row.province_code,
                words.provinces[row.province_code],
                row.latitude,
                row.longitude,
                row.confidential,
            )
        )
    stmt = sa.select(
        o.c.id,
        o.c.slug,
        o.c.name,
        o.c.alternate_name,
        o.c.description,
        o.c.description_fr,
        o.c.verified_at,
        o.c.source,
    ).where(o.c.id.in_(ids))
    return {
        row.id: ResultCard(
            *row,
            sorted(sectors[row.id], key=lambda t: t.position),
            located[row.id],
        )
        for row in session.execute(stmt)
    }
