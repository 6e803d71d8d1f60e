"""What a search result shows of an organization, read with one plain query.

A result card needs a dozen columns of the organization, its sectors and the cities of its
locations. Loading full ORM objects with their relationships for every page of results cost
more than the search itself, so cards are frozen values made from Core rows; terms and
provinces come from the kept vocabularies. Attribute names are the model's, so the
``organization_card`` macro and ``points.nearest_point`` take a card or a
``privacy.PublicOrganization`` alike. A card's location keeps only its city, province and
``privacy.public_point`` (a confidential one at its city's centre, or none): the real
coordinates are read to place it and dropped.

What a referrer decides on comes with it: whether any service takes referrals now and how
to refer, and its referral pathway (``pathways.Summary``), from its services in one more
query (``_service_facts``); whom they serve, in which languages and from which sectors they
take referrals, from the index mirror's masks, with no query (``_served``). The direct line
reserved for professionals is never on a card built here: ``direct_lines`` reads it per
viewer, through ``privacy.restricted_contacts``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, load_only, selectinload

from directory import clock, privacy
from directory.capacity import Capacity, accepting_now, capacity_of
from directory.contact_points import PublicPhone
from directory.hours import UNKNOWN, Status, describe
from directory.hours_compact import compact_status
from directory.models import (
    ContactVisibility,
    ListingSource,
    Location,
    Organization,
    Phone,
    PhoneType,
    ReferralContact,
    ReferralMethod,
    Service,
    ServiceStatus,
)
from directory.pathways import ReferralPathway, Summary
from directory.privacy import Point, PublicContact, public_point
from directory.search.mirror import mirror_for
from directory.search.snapshot import Candidate
from directory.search.vocabulary import ProvinceTerm, Term, Vocabularies, vocabularies


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
    # From its services: None when it lists none, else whether any takes referrals now
    # (a service's current capacity decides for it: ``listings.capacity.accepting_now``).
    accepting_referrals: bool | None = None
    # (service name, capacity) of its services whose capacity is current, in service order.
    capacities: list[tuple[str, Capacity]] = field(default_factory=list)
    populations: list[Term] = field(default_factory=list)  # whom and which ages it serves
    referral_methods: list[str] = field(default_factory=list)  # ``ReferralMethod`` values
    languages: list[Term] = field(default_factory=list)
    # Its services' pathway together (None: it lists no service); sectors from the mirror.
    referral_pathway: ReferralPathway | None = None
    # Set per viewer by ``with_direct_lines``: the professionals-only line they may see.
    direct_line: PublicContact | None = None
    # Without a general phone: its first service's first line ("Intake"), to call all the same.
    service_line: PublicPhone | None = None
    # Visible to vetted professionals only (search shows it only to them: ``privacy``).
    professionals_only: bool = False
    # Open or closed now, from the mirror's hours (``hours_compact.compact_status``).
    hours_status: Status = UNKNOWN

    @property
    def open_status(self) -> str:
        """ "Open now, until 17:00", "Closed now, opens Tuesday 09:00", "" when unknown."""
        return describe(self.hours_status)

    @property
    def is_imported_unverified(self) -> bool:
        return self.source == ListingSource.IMPORTED and self.verified_at is None


def result_cards(session: Session, ids: list[int]) -> dict[int, ResultCard]:
    """Cards of these organizations by id, in two queries however many there are (a row per
    location; a row per service); their terms from the index mirror."""
    if not ids:
        return {}
    words = vocabularies(session)
    o, loc = Organization.__table__, Location.__table__
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
            o.c.professionals_only,
            loc.c.id.label("location_id"),
            loc.c.city,
            loc.c.province_code,
            loc.c.latitude,
            loc.c.longitude,
            loc.c.confidential,
        )
        .outerjoin(loc, loc.c.organization_id == o.c.id)
        .where(o.c.id.in_(ids))
        .order_by(o.c.id, loc.c.id)
    )
    first_rows: dict[int, sa.Row[*tuple[Any, ...]]] = {}  # each organization's first row
    located: dict[int, dict[int, CardLocation]] = {}
    for row in session.execute(stmt):
        first_rows.setdefault(row.id, row)
        places = located.setdefault(row.id, {})
        if row.location_id is not None and row.location_id not in places:
            places[row.location_id] = CardLocation(
                row.city,
                row.province_code,
                words.provinces[row.province_code],
                row.confidential,
                public_point(row),
            )
    facts = _service_facts(session, ids)
    served = _served(session, words, ids)
    snapshot = mirror_for(session).snapshot(session)
    now = clock.now()
    cards = {}
    for organization_id, first in first_rows.items():
        found = facts.get(organization_id)
        sectors, populations, languages, referrers = served.get(organization_id, ([], [], [], []))
        cards[organization_id] = ResultCard(
            first.id,
            first.slug,
            first.name,
            first.alternate_name,
            first.description,
            first.description_fr,
            first.verified_at,
            first.source,
            first.phone,
            sectors,
            list(located[organization_id].values()),
            **(found.as_fields(referrers) if found else {}),
            populations=populations,
            languages=languages,
            professionals_only=first.professionals_only,
            hours_status=_hours_status(snapshot.get(organization_id), now),
        )
    return cards


def _hours_status(row: Candidate | None, now: datetime) -> Status:
    return compact_status(row.hours, now) if row is not None else UNKNOWN


def _served(
    session: Session, words: Vocabularies, ids: list[int]
) -> dict[int, tuple[list[Term], list[Term], list[Term], list[str]]]:
    """Sectors, and the populations, languages and referring sectors (slugs) of its
    services, of each organization, from the search index mirror's masks (current for this
    request, ``mirror.IndexMirror``): the same terms search filters on, with no query. In
    display order."""
    snapshot = mirror_for(session).snapshot(session)
    sectors, populations, languages = (
        [t for t in words.options[facet].values() if isinstance(t, Term)]
        for facet in ("sector", "population", "language")
    )
    served = {}
    for organization_id in ids:
        row = snapshot.get(organization_id)
        if row is None:
            continue
        served[organization_id] = (
            [t for t in sectors if row.sector_mask >> t.bit & 1],
            [t for t in populations if row.population_mask >> t.bit & 1],
            [t for t in languages if row.language_mask >> t.bit & 1],
            [t.slug for t in sectors if row.referral_from_mask >> t.bit & 1],
        )
    return served


@dataclass
class _ServiceFacts:
    accepting: bool = False
    methods: set[str] = field(default_factory=set)
    pathway: Summary = field(default_factory=Summary)  # its sectors come from the mirror
    capacities: list[tuple[str, Capacity]] = field(default_factory=list)
    first_line: PublicPhone | None = None  # its services' first phone that is not a fax

    def as_fields(self, referral_sectors: list[str]) -> dict[str, Any]:
        return {
            "service_line": self.first_line,
            "accepting_referrals": self.accepting,
            "capacities": self.capacities,
            "referral_methods": [m.value for m in ReferralMethod if m.value in self.methods],
            "referral_pathway": self.pathway.pathway(referral_sectors),
        }


_PATHWAY_COLUMNS = (
    "self_referral",
    "self_referral_min_age",
    "warm_handoff",
    "first_response",
    "no_police_required",
)


def _service_facts(session: Session, ids: list[int]) -> dict[int, _ServiceFacts]:
    """Per organization, whether any active service takes referrals now (its capacity said,
    else its listing), how one refers, each service's referral pathway (its sectors come
    from the mirror), its current capacities and its services' first phone, in one query (a
    row per service and phone; a service's phones are public; a defunct service is not
    shown, so not counted)."""
    s, p = Service.__table__, Phone.__table__
    line = p.c.service_id == s.c.id
    stmt = (
        sa.select(
            s.c.organization_id,
            s.c.id.label("service_id"),
            p.c.number,
            p.c.extension,
            p.c.description,
            p.c.type,
            s.c.referral_method,
            *(s.c[name] for name in _PATHWAY_COLUMNS),
            s.c.name,
            s.c.accepting_referrals,
            s.c.capacity_status,
            s.c.capacity_places,
            s.c.capacity_updated_at,
            s.c.status,
        )
        .outerjoin(p, sa.and_(line, p.c.type != PhoneType.FAX.value))
        .where(s.c.organization_id.in_(ids), s.c.status != ServiceStatus.DEFUNCT)
        .order_by(s.c.id, p.c.id)
    )
    facts: dict[int, _ServiceFacts] = {}
    seen: set[int] = set()
    for row in session.execute(stmt):
        found = facts.setdefault(row.organization_id, _ServiceFacts())
        if found.first_line is None and row.number:
            found.first_line = PublicPhone(
                row.number, row.extension, row.description, row.type, None
            )
        if row.service_id in seen:  # another phone of a service already counted
            continue
        seen.add(row.service_id)
        active = row.status == ServiceStatus.ACTIVE
        found.accepting = found.accepting or (active and accepting_now(row))
        found.methods.add(row.referral_method)
        found.pathway.add(*(getattr(row, name) for name in _PATHWAY_COLUMNS))
        said = capacity_of(row)
        if active and said.current:
            found.capacities.append((row.name, said))
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
