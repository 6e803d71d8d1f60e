"""What a search result shows of an organization, read with one plain query.

A result card needs a dozen columns of the organization, its sectors and the cities of its
locations. Loading full ORM objects with their relationships for every page of results cost
more than the search itself, so cards are frozen values made from Core rows; terms and
provinces come from the kept vocabularies. Attribute names are the model's, so the
``organization_card`` macro and ``points.nearest_point`` take a card or a
``privacy.PublicOrganization`` alike. A card's location keeps only its city, province and
``privacy.public_point`` (a confidential one at its city's centre, or none): the real
coordinates are read to place it and dropped.

What a referrer decides on comes with it, from the organization's services in one more query
(``_service_facts``): whether any service takes referrals now, whom they serve, how to refer
and in which languages. The direct line reserved for professionals is never on a card built
here: ``direct_lines`` reads it per viewer, through ``privacy.restricted_contacts``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, load_only, selectinload

from directory import privacy
from directory.models import (
    ContactVisibility,
    ListingSource,
    Location,
    Organization,
    ReferralContact,
    ReferralMethod,
    Service,
)
from directory.models.organization import (
    organization_sector,
    service_language,
    service_population,
)
from directory.privacy import Point, PublicContact, public_point
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
    phone: str | None
    sectors: list[Term]
    locations: list[CardLocation]
    # From its services: None when it lists none, else whether any takes referrals now.
    accepting_referrals: bool | None = None
    populations: list[Term] = field(default_factory=list)  # whom and which ages it serves
    referral_methods: list[str] = field(default_factory=list)  # ``ReferralMethod`` values
    languages: list[Term] = field(default_factory=list)
    # Set per viewer by ``with_direct_lines``: the professionals-only line they may see.
    direct_line: PublicContact | None = None

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
            o.c.phone,
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
        columns.setdefault(row.id, tuple(row)[:9])
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
    facts = _service_facts(session, ids)
    cards = {}
    for organization_id, values in columns.items():
        found = facts.get(organization_id)
        cards[organization_id] = ResultCard(
            *values,
            _terms(words.terms_by_id, sectors.get(organization_id, ())),
            list(located[organization_id].values()),
            **(found.as_fields(words.terms_by_id) if found else {}),
        )
    return cards


def _terms(by_id: dict[int, Term], ids: Any) -> list[Term]:
    return sorted((by_id[t] for t in ids if t in by_id), key=lambda t: t.position)


@dataclass
class _ServiceFacts:
    accepting: bool = False
    methods: set[str] = field(default_factory=set)
    terms: set[int] = field(default_factory=set)  # population and language terms

    def as_fields(self, by_id: dict[int, Term]) -> dict[str, Any]:
        terms = _terms(by_id, self.terms)
        return {
            "accepting_referrals": self.accepting,
            "populations": [t for t in terms if t.vocabulary == "population"],
            "referral_methods": [m.value for m in ReferralMethod if m.value in self.methods],
            "languages": [t for t in terms if t.vocabulary == "language"],
        }


def _service_facts(session: Session, ids: list[int]) -> dict[int, _ServiceFacts]:
    """Per organization, what its services say, in one query: a row per service, then a row
    per population or language term of a service (``term_id`` set, the rest empty)."""
    s = Service.__table__
    services = sa.select(
        s.c.organization_id,
        s.c.accepting_referrals,
        s.c.referral_method,
        sa.cast(sa.null(), sa.Integer).label("term_id"),
    ).where(s.c.organization_id.in_(ids))
    linked = [
        sa.select(
            s.c.organization_id,
            sa.cast(sa.null(), sa.Boolean),
            sa.cast(sa.null(), sa.String),
            link.c.term_id,
        )
        .join(link, link.c.service_id == s.c.id)
        .where(s.c.organization_id.in_(ids))
        for link in (service_population, service_language)
    ]
    facts: dict[int, _ServiceFacts] = {}
    for organization_id, accepting, method, term_id in session.execute(
        sa.union_all(services, *linked)
    ):
        found = facts.setdefault(organization_id, _ServiceFacts())
        if term_id is not None:
            found.terms.add(term_id)
        else:
            found.accepting = found.accepting or bool(accepting)
            found.methods.add(method)
    return facts


def direct_lines(
    session: Session, viewer: Any, ids: list[int]
) -> list[tuple[Organization, PublicContact]]:
    """For the organizations among ``ids`` whose contacts reserved for professionals
    ``viewer`` may see (``privacy.restricted_contacts`` decides), each with the first such
    contact that has a phone. Two queries for a signed-in viewer, none for the public
    (``viewer`` None). The organizations come back for the caller's audit.
    """
    if viewer is None or not ids:
        return []
    reserved = sa.select(ReferralContact.organization_id).where(
        ReferralContact.visibility != ContactVisibility.PUBLIC,
        ReferralContact.phone.is_not(None),
        ReferralContact.phone != "",
    )
    stmt = (
        sa.select(Organization)
        .where(Organization.id.in_(ids), Organization.id.in_(reserved))
        .options(load_only(Organization.id), selectinload(Organization.contacts))
    )
    lines = []
    for organization in session.scalars(stmt):
        contacts = privacy.restricted_contacts(viewer, organization)
        line = next((contact for contact in contacts if contact.phone), None)
        if line is not None:
            lines.append((organization, line))
    return lines
