"""Build the local response card: per role (``roles.ROLES``), the nearest organizations.

Nothing here searches on its own: each role is one run of the search engine
(``directory.search.engine.run_search``) with the role's filters around the place, so the
card counts exactly what search finds there — findable listings only, confidential
locations at their public point (``privacy.public_point``: the index holds no other), the
same distances. Per role:

- ``nearby``: up to ``PER_ROLE`` organizations located within ``RESPONSE_RADIUS_KM``,
  nearest first;
- ``serving``: when none is near, up to ``SERVING_PER_GAP`` that serve the place from
  elsewhere by a region, radius or the whole province, most specific first (Canada-wide and
  online services are left out: they serve everywhere and would fill every role alike);
- ``nearest_beyond``: when none is near (a *gap*), the nearest one farther away, whether or
  not it serves the place, so the card says how far help is.

The public phone comes with every entry; the direct line reserved for professionals only
for a viewer ``privacy.restricted_contacts`` allows, through the search cards' own
``with_direct_lines`` (audited the same way).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from flask_babel import gettext
from sqlalchemy.orm import Session

from directory.extensions import db
from directory.geo import Lookup, Place, PlaceKind, locate
from directory.models import Viewer
from directory.public.services import with_direct_lines
from directory.response.roles import RESPONSE_RADIUS_KM, ROLES, Role
from directory.search.cards import ResultCard, result_cards
from directory.search.engine import Hit, SearchQuery, run_search
from directory.search.facets import FacetBits
from directory.search.findable import hidden_before
from directory.search.params import MAX_PLACE_LENGTH
from directory.search.points import nearest_point
from directory.search.reasons import ServesBecause, serving_reasons
from directory.search.vocabulary import vocabularies

PER_ROLE = 3
SERVING_PER_GAP = 2


@dataclass(frozen=True)
class ResponseEntry:
    organization: ResultCard
    distance_km: float | None
    city: str | None  # of the public location the distance is measured to
    province: str | None
    serves_because: ServesBecause | None = None  # entries of ``serving`` only


@dataclass(frozen=True)
class RoleAnswer:
    role: Role
    nearby: list[ResponseEntry]
    serving: list[ResponseEntry]
    nearest_beyond: ResponseEntry | None

    @property
    def gap(self) -> bool:
        """Nobody located within the radius."""
        return not self.nearby

    @property
    def entries(self) -> list[ResponseEntry]:
        return self.nearby + self.serving

    @property
    def beyond_not_listed(self) -> ResponseEntry | None:
        """The nearest beyond, unless it is already among ``serving``."""
        beyond = self.nearest_beyond
        if beyond is None or any(e.organization.id == beyond.organization.id for e in self.serving):
            return None
        return beyond


@dataclass
class ResponseCard:
    near: str
    lookup: Lookup | None = None
    answers: list[RoleAnswer] = field(default_factory=list)
    problem: str | None = None  # why there is no card for ``near``
    radius_km: int = RESPONSE_RADIUS_KM

    @property
    def place(self) -> Place | None:
        return self.lookup.place if self.lookup and self.problem is None else None

    @property
    def shown(self) -> list[RoleAnswer]:
        """The roles on the card: a ``where_listed`` role only when one is near."""
        return [a for a in self.answers if a.nearby or not a.role.where_listed]

    @property
    def organization_ids(self) -> list[int]:
        entries = [e for a in self.shown for e in a.entries]
        entries += [a.nearest_beyond for a in self.shown if a.nearest_beyond]
        return [e.organization.id for e in entries]


def build_card(near: str, viewer: Viewer | None = None) -> ResponseCard:
    """The card for the place ``near`` names (a ``problem`` when it names none, or a
    province). The direct lines a signed-in ``viewer`` may see are added and audited: the
    caller commits when ``has_direct_lines``."""
    near = " ".join(near.split())[:MAX_PLACE_LENGTH]
    card = ResponseCard(near)
    if not near:
        return card
    card.lookup = locate(near)
    place = card.lookup.place
    if place is None:
        card.problem = gettext(
            "We couldn’t find “%(place)s”. Try a city name or postal code.", place=near
        )
        return card
    if place.kind is PlaceKind.PROVINCE:
        card.problem = gettext(
            "“%(place)s” is a province or territory: name a city, town or postal code in it.",
            place=near,
        )
        return card
    session = db.session()
    bits = vocabularies(session).bits
    found = [(role, *_role_hits(session, role, place, bits)) for role in ROLES]
    ids = {h.organization_id for _, close, serve, _ in found for h in close + serve}
    ids |= {beyond.organization_id for *_, beyond in found if beyond}
    cards = result_cards(session, sorted(ids))
    cards = {c.id: c for c in with_direct_lines(list(cards.values()), viewer)}
    serving_hits = [h for _, _, serve, _ in found for h in serve]
    reasons = serving_reasons(session, serving_hits, cards, place)
    for role, nearby, serving, beyond in found:
        card.answers.append(
            RoleAnswer(
                role,
                _entries(nearby, cards, place, {}),
                _entries(serving, cards, place, reasons),
                next(iter(_entries([beyond] if beyond else [], cards, place, {})), None),
            )
        )
    return card


def has_direct_lines(card: ResponseCard) -> bool:
    entries = [e for a in card.answers for e in a.entries]
    return any(e.organization.direct_line for e in entries)


def _role_hits(
    session: Session, role: Role, place: Place, bits: FacetBits
) -> tuple[list[Hit], list[Hit], Hit | None]:
    """One search for the role around the place: (nearby, serving, nearest beyond)."""
    query = SearchQuery(
        filters=role.filters,
        place=place,
        radius_km=float(RESPONSE_RADIUS_KM),
        hide_verified_before=hidden_before(),
        local_only=True,  # Canada-wide and online services serve every place alike
    )
    outcome = run_search(session, query, bits)
    near = outcome.nearby_count
    nearby = outcome.slice(0, min(PER_ROLE, near))
    if nearby or role.where_listed:  # a narrower role is never a gap: nothing more to find
        return nearby, [], None
    serving = outcome.slice(0, SERVING_PER_GAP)
    # The nearest beyond the radius: among those serving the place from afar, or not.
    positions, km, serves = outcome.in_order()
    far = np.where(serves & ~np.isnan(km), km, np.inf)
    best: tuple[int, float, bool] | None = None
    if len(far) and math.isfinite(far.min()):
        index = int(far.argmin())
        best = (int(positions[index]), float(km[index]), True)
    beyond_positions, beyond_km = outcome.beyond
    if len(beyond_km) and (best is None or beyond_km[0] < best[1]):
        best = (int(beyond_positions[0]), float(beyond_km[0]), False)
    return nearby, serving, outcome.hit_at(*best) if best else None


def _entries(
    hits: list[Hit],
    cards: dict[int, ResultCard],
    place: Place,
    reasons: dict[int, ServesBecause],
) -> list[ResponseEntry]:
    entries = []
    for hit in hits:
        card = cards.get(hit.organization_id)
        if card is None:
            continue
        location = nearest_point(card.locations, place)[0]
        entries.append(
            ResponseEntry(
                card,
                hit.distance_km,
                location.city if location else None,
                location.province_code if location else None,
                reasons.get(hit.organization_id) if hit.serves_area else None,
            )
        )
    return entries
