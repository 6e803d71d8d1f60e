"""The search itself: one full-text query for candidates, then place, filters and facets.

The backend returns every organization that matches the keywords *and* is near the place or
serves it (both are tokens in the full-text document). Everything else is decided here, on
those candidates only: exact distance, the "serves this area" group, freshness, the filters
(OR within a facet, AND across facets) and the count of each filter option for the current
search (each facet counted as if its own filter were not set, so options can be added).
No step looks at organizations outside the candidates: the cost follows the matches, not the
size of the directory.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from directory.geo import Place, bounding_box, distance_km
from directory.search.backends import Candidate, backend_for
from directory.search.text import area_cell_token, box_cell_tokens, facet_token, query_words

# Facets with many values; each flag (open 24/7, accepting referrals, online) is a facet of one.
VALUE_FACETS = ("sector", "service", "population", "language", "province")
FLAG_FACETS = ("open_24_7", "accepting_referrals", "online")


@dataclass(frozen=True)
class SearchQuery:
    q: str = ""
    filters: Mapping[str, frozenset[str]] = field(default_factory=dict)  # facet → values
    flags: frozenset[str] = frozenset()  # names from FLAG_FACETS
    place: Place | None = None
    radius_km: float = 50.0
    hide_verified_before: datetime | None = None


@dataclass(frozen=True)
class Hit:
    organization_id: int
    name: str
    score: float
    distance_km: float | None = None
    serves_area: bool = False


@dataclass
class SearchOutcome:
    hits: list[Hit]  # every match, in display order
    facets: dict[str, dict[str, int]]
    flag_counts: dict[str, int]

    @property
    def total(self) -> int:
        return len(self.hits)

    @property
    def nearby_count(self) -> int:
        return sum(1 for h in self.hits if not h.serves_area)

    @property
    def serves_area_count(self) -> int:
        return sum(1 for h in self.hits if h.serves_area)


def _place_tokens(place: Place, radius_km: float) -> list[str]:
    box = bounding_box(place.latitude, place.longitude, radius_km)
    return [
        *box_cell_tokens(box),
        "zanational",
        "zaonline",
        facet_token("area", place.province),
        area_cell_token(place.latitude, place.longitude),
    ]


def _nearest(points: str, place: Place) -> float | None:
    best = None
    for pair in points.split(";") if points else ():
        lat, lng = pair.split(",")
        d = distance_km(place.latitude, place.longitude, float(lat), float(lng))
        if best is None or d < best:
            best = d
    return best


def _serves(areas: str, place: Place) -> bool:
    for area in areas.split():
        if area in ("national", "online") or area == f"province:{place.province}":
            return True
        if area.startswith("circle:"):
            lat, lng, km = (float(v) for v in area[7:].split(","))
            if distance_km(place.latitude, place.longitude, lat, lng) <= km:
                return True
    return False


def _facet_of(token: str) -> str:
    facet, _, value = token.partition(":")
    return value if facet == "flag" else facet


def _required_tokens(query: SearchQuery) -> dict[str, frozenset[str]]:
    required = {
        facet: frozenset(f"{facet}:{v}" for v in values)
        for facet, values in query.filters.items()
        if values
    }
    for flag in query.flags:
        required[flag] = frozenset({f"flag:{flag}"})
    return required


def _locate(candidate: Candidate, query: SearchQuery) -> Hit | None:
    """The hit for a candidate near the query's place, or None when it is neither near nor
    serving it (the cell tokens only say "maybe")."""
    place = query.place
    if place is None:
        return Hit(candidate.organization_id, candidate.name, candidate.score)
    distance = _nearest(candidate.points, place)
    if distance is not None and distance <= query.radius_km:
        return Hit(candidate.organization_id, candidate.name, candidate.score, distance)
    if _serves(candidate.areas, place):
        return Hit(candidate.organization_id, candidate.name, candidate.score, distance, True)
    return None


def run_search(session: Session, query: SearchQuery) -> SearchOutcome:
    words = query_words(query.q)
    if query.q.strip() and not words:  # only punctuation: nothing can match it
        return SearchOutcome([], *_split_counts(Counter()))
    any_tokens = _place_tokens(query.place, query.radius_km) if query.place else []
    candidates = backend_for(session).candidates(session, words, any_tokens, [])
    required = _required_tokens(query)
    counts: Counter[str] = Counter()
    hits: list[Hit] = []
    for candidate in candidates:
        if query.hide_verified_before and (
            candidate.verified_at is None or candidate.verified_at < query.hide_verified_before
        ):
            continue
        tokens = candidate.facets.split()
        failing = [f for f, wanted in required.items() if wanted.isdisjoint(tokens)]
        if len(failing) > 1:
            continue
        hit = _locate(candidate, query)
        if hit is None:
            continue
        if failing:  # counts toward its one failing facet's other options only
            counts.update(t for t in tokens if _facet_of(t) == failing[0])
        else:
            counts.update(tokens)
            hits.append(hit)
    hits.sort(key=_sort_key(query, bool(words)))
    return SearchOutcome(hits, *_split_counts(counts))


def _sort_key(query: SearchQuery, ranked: bool):  # noqa: ANN202
    if query.place:
        return lambda h: (h.serves_area, h.distance_km if not h.serves_area else -h.score, h.name)
    if ranked:
        return lambda h: (-h.score, h.name)
    return lambda h: (h.name.casefold(), h.organization_id)


def _split_counts(counts: Counter[str]) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    facets: dict[str, dict[str, int]] = {facet: {} for facet in VALUE_FACETS}
    flags = dict.fromkeys(FLAG_FACETS, 0)
    for token, n in counts.items():
        facet, _, value = token.partition(":")
        if facet == "flag":
            flags[value] = n
        elif facet in facets:
            facets[facet][value] = n
    return facets, flags


def hide_before(now: datetime | None, months: int) -> datetime:
    """Listings verified before this moment are out of search (``HIDE_AFTER_MONTHS``)."""
    return (now or datetime.now(UTC)) - timedelta(days=round(months * 30.44))
