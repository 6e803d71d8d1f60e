"""What a search result shows of an organization, read with one plain query.

A result card needs a dozen columns of the organization, its sectors and the cities of its
locations. Loading full ORM objects with their relationships for every page of results cost
more than the search itself, so cards are frozen values made from Core rows; terms and
provinces come from the kept vocabularies. Attribute names are the model's, so the
``organization_card`` macro and ``points.nearest_point`` take a card or a
``privacy.PublicOrganization`` alike. A card's location keeps only its city, province and
``privacy.public_point`` (a confidential one at its city's centre, or none): the real
coordinates are read to place it and dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.models import ListingSource, Location, Organization
from directory.models.organization import organization_sector
from directory.privacy import Point, public_point
from directory.search.vocabulary import ProvinceTerm, Term, vocabularies


@dataclass(frozen=True)
class CardLocation:
    city: str
    province_code: str
    province: ProvinceTerm
    confidential: bool
    point: Point | None


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
    """Cards of these organizations by id, in one query however many there are (a row per
    location and sector pair: a page has twenty organizations with one or two of each)."""
    if not ids:
        return {}
    words = vocabularies(session)
    o, loc, link = Organization.__table__, Location.__table__, organization_sector
    stmt = (
        sa.select(
            o.c.id,
            o.c.slug,
            o.c.name,
            o.c.alternate_name,
            o.c.description,
            o.c.description_fr,
            o.c.verified_at,
            o.c.source,
            loc.c.id.label("location_id"),
            loc.c.city,
            loc.c.province_code,
            loc.c.latitude,
            loc.c.longitude,
            loc.c.confidential,
            link.c.term_id,
        )
        .outerjoin(loc, loc.c.organization_id == o.c.id)
        .outerjoin(link, link.c.organization_id == o.c.id)
        .where(o.c.id.in_(ids))
        .order_by(o.c.id, loc.c.id)
    )
    columns: dict[int, tuple] = {}
    located: dict[int, dict[int, CardLocation]] = {}
    sectors: dict[int, set[int]] = {}
    for row in session.execute(stmt):
        columns.setdefault(row.id, tuple(row)[:8])
        places = located.setdefault(row.id, {})
        if row.location_id is not None and row.location_id not in places:
            places[row.location_id] = CardLocation(
                row.city,
                row.province_code,
                words.provinces[row.province_code],
                row.confidential,
                public_point(row),
            )
        if row.term_id is not None:
            sectors.setdefault(row.id, set()).add(row.term_id)
    cards = {}
    for organization_id, values in columns.items():
        terms = [
            words.terms_by_id[t] for t in sectors.get(organization_id, ()) if t in words.terms_by_id
        ]
        cards[organization_id] = ResultCard(
            *values,
            sorted(terms, key=lambda t: t.position),
            list(located[organization_id].values()),
        )
    return cards
