"""Gaps by distance: for each city of at least ``MIN_POPULATION`` people, which roles of the
local response card (``response.roles.ROLES``) have no organization within
``RESPONSE_RADIUS_KM``.

"Has one" means what the card itself means by *nearby*: a findable organization passing the
role's filters with a public point (``privacy.public_point``: confidential locations at their
city's centre) within the radius. Roles the card shows only where listed (a specialized
police unit, forensic care) are never gaps there, so they are not columns here either.

Nothing is queried per city or per role: the search index's in-memory columns
(``search.snapshot``) give every point and facet mask, and one matrix product per chunk of
cities answers every role at once. The answer is kept per snapshot (index version) and day.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass

import numpy as np

from directory.extensions import db
from directory.geo import Place, PlaceKind
from directory.geo.distance import EARTH_MEAN_RADIUS_KM
from directory.geo.gazetteer import get_gazetteer
from directory.response.roles import RESPONSE_RADIUS_KM, ROLES, Role
from directory.search.engine import shown_positions
from directory.search.facets import FacetBits
from directory.search.findable import hidden_before
from directory.search.mirror import mirror_for
from directory.search.snapshot import Snapshot
from directory.search.vocabulary import vocabularies

MIN_POPULATION = 10_000
GAP_ROLES: tuple[Role, ...] = tuple(r for r in ROLES if not r.where_listed)
_CHUNK = 64  # cities per distance matrix (64 × points floats at a time)
# The haversine ``a`` of the radius: a point is within when its ``a`` is no larger.
_A_WITHIN = np.float32(np.sin(RESPONSE_RADIUS_KM / (2 * EARTH_MEAN_RADIUS_KM)) ** 2)


@dataclass(frozen=True)
class CityGaps:
    place: Place
    filled: tuple[bool, ...]  # per GAP_ROLES: an organization within the radius

    @property
    def gap_count(self) -> int:
        return self.filled.count(False)


@dataclass(frozen=True)
class GapTable:
    roles: tuple[Role, ...]
    cities: tuple[CityGaps, ...]  # largest first
    radius_km: int = RESPONSE_RADIUS_KM


_cache: weakref.WeakKeyDictionary[Snapshot, tuple[str, GapTable]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def cities() -> list[Place]:
    """The gazetteer's places of at least ``MIN_POPULATION`` people, largest first."""
    places = get_gazetteer().places
    found = [p for p in places if p.kind is PlaceKind.PLACE and p.population >= MIN_POPULATION]
    return sorted(found, key=lambda p: (-p.population, p.name, p.province or ""))


def gap_table() -> GapTable:
    """Every city's gaps (computed once per index version and day)."""
    session = db.session()
    snapshot = mirror_for(session).snapshot(session)
    cutoff = hidden_before()
    day = cutoff.date().isoformat()
    with _lock:
        known = _cache.get(snapshot)
    if known is not None and known[0] == day:
        return known[1]
    table = _compute(snapshot, vocabularies(session).bits, cutoff.timestamp())
    with _lock:
        _cache[snapshot] = (day, table)
    return table


def _role_columns(snapshot: Snapshot, positions: np.ndarray, bits: FacetBits) -> np.ndarray:
    """(positions × roles): which organization fills which role."""
    fills = np.ones((len(positions), len(GAP_ROLES)), dtype=bool)
    for j, role in enumerate(GAP_ROLES):
        for facet, values in role.filters.items():
            fills[:, j] &= (snapshot.masks[facet][positions] & bits.mask(facet, values)) != 0
    return fills


def _points(snapshot: Snapshot, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every public point of these rows: (lat, lng, index into ``positions``)."""
    columns = snapshot.columns
    lat, lng = columns["lat"][positions], columns["lng"][positions]
    placed = ~np.isnan(lat)
    lats, lngs, owners = [lat[placed]], [lng[placed]], [np.flatnonzero(placed)]
    for i in np.flatnonzero(columns["more_points"][positions]):  # rare: several locations
        more = snapshot.rows[positions[i]].points.split(";")[1:]
        pairs = np.array([[float(v) for v in pair.split(",")] for pair in more])
        lats.append(pairs[:, 0])
        lngs.append(pairs[:, 1])
        owners.append(np.full(len(pairs), i))
    return np.concatenate(lats), np.concatenate(lngs), np.concatenate(owners)


def _compute(snapshot: Snapshot, bits: FacetBits, cutoff: float) -> GapTable:
    live = snapshot.live_positions()
    # Public coverage: fresh listings, never those reserved for vetted professionals.
    positions = live[shown_positions(snapshot, live, cutoff, professionals=False)]
    lat, lng, owner = _points(snapshot, positions)
    fills = _role_columns(snapshot, positions, bits)[owner].astype(np.float32)  # points × roles
    places = cities()
    rows: list[CityGaps] = []
    phi2, lam2 = np.radians(lat).astype(np.float32), np.radians(lng).astype(np.float32)
    cos2 = np.cos(phi2)
    for start in range(0, len(places), _CHUNK):
        chunk = places[start : start + _CHUNK]
        phi1 = np.radians([p.latitude for p in chunk]).astype(np.float32)[:, None]
        lam1 = np.radians([p.longitude for p in chunk]).astype(np.float32)[:, None]
        # Haversine in single precision (metres off at 250 km): ``a`` rises with distance,
        # so comparing it with the radius's own ``a`` spares the arcsin.
        a = np.sin((phi2 - phi1) / 2) ** 2 + np.cos(phi1) * cos2 * np.sin((lam2 - lam1) / 2) ** 2
        within = (a <= _A_WITHIN).astype(np.float32)  # cities × points
        filled = (within @ fills) > 0  # cities × roles
        rows += [
            CityGaps(place, tuple(bool(v) for v in filled[i])) for i, place in enumerate(chunk)
        ]
    return GapTable(GAP_ROLES, tuple(rows))
