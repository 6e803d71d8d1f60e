"""The search itself: full-text queries for candidates, then place, filters and facets.

The backend returns the organizations that match the keywords *and* are around the place or
serve it (places and areas are tokens in the full-text document); the index mirror says what
each one is. Everything else is decided here, on those candidates only: exact distance, the
"serves this area" group, freshness, the filters (OR within a facet, AND across facets) and
the count of each filter option for the current search (each facet counted as if its own
filter were not set, so options can be added). No step looks at organizations outside the
candidates: the cost follows the matches, not the size of the directory.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from operator import itemgetter

from sqlalchemy.orm import Session

from directory.geo import Place, bounding_box, distance_km
from directory.search.backends import backend_for
from directory.search.facets import (
    FLAG_BIT,
    FLAG_FACETS,
    VALUE_FACETS,
    FacetBits,
    load_facet_bits,
)
from directory.search.mirror import Candidate, mirror_for
from directory.search.text import area_cell_token, box_cell_tokens, facet_token, query_words

# Where each facet's mask sits in a Candidate row; flags share the last column.
_MASK_INDEX = {facet: Candidate._fields.index(f"{facet}_mask") for facet in VALUE_FACETS}
_FLAG_INDEX = Candidate._fields.index("flag_mask")
_VERIFIED = Candidate._fields.index("verified_ts")
_NAME_KEY = Candidate._fields.index("name_key")
_SCORE = Candidate._fields.index("score")


@dataclass(frozen=True)
class SearchQuery:
    q: str = ""
    filters: Mapping[str, frozenset[str]] = field(default_factory=dict)  # facet → values
    flags: frozenset[str] = frozenset()  # names from FLAG_FACETS
    place: Place | None = None
    radius_km: float = 50.0
    hide_verified_before: datetime | None = None
    # Which far-away organizations count as serving the place: those serving all of Canada,
    # online, or its whole province (radius and region areas over the place always count).
    serving: frozenset[str] = frozenset({"national", "online", "province"})


@dataclass(frozen=True)
class Hit:
    organization_id: int
    name: str
    score: float
    distance_km: float | None = None
    serves_area: bool = False


@dataclass
class SearchOutcome:
    """Every match in display order, as index rows; ``Hit`` objects are made only for the
    rows someone reads (a page), since a large directory matches tens of thousands."""

    ordered: list[Candidate]
    placements: dict[int, tuple[float | None, bool]]  # id → (distance, serves_area)
    default_placement: tuple[float | None, bool]
    nearby_count: int
    facets: dict[str, dict[str, int]]
    flag_counts: dict[str, int]

    @property
    def total(self) -> int:
        return len(self.ordered)

    @property
    def serves_area_count(self) -> int:
        return self.total - self.nearby_count

    def slice(self, start: int, stop: int) -> list[Hit]:
        return [self._hit(c) for c in self.ordered[start:stop]]

    @property
    def hits(self) -> list[Hit]:
        return self.slice(0, self.total)

    def _hit(self, c: Candidate) -> Hit:
        placement = self.placements.get(c.organization_id, self.default_placement)
        return Hit(c.organization_id, c.name, c.score, *placement)


def _candidates(
    session: Session, words: list[str], query: SearchQuery
) -> tuple[list[Candidate], list[Candidate]]:
    """Fresh matches of the keywords: (rows to place, rows serving the place by definition).

    Without a place every match is in the first list.

    The full-text index says which organizations match; the mirror supplies what each one is.
    With a place, two questions: what is around it (a point in the box's cells — anything
    within the radius has one — or a radius or region area over the place), and the large
    group that serves it by definition (national, online, its province). That group needs no
    geometry and no relevance score: it is listed by name.
    """
    rows = mirror_for(session).rows(session)
    backend = backend_for(session)
    cutoff = (query.hide_verified_before or datetime(1970, 1, 1, tzinfo=UTC)).timestamp()
    place = query.place
    if place is None:
        if not words:
            return [r for r in rows.values() if r[_VERIFIED] >= cutoff], []
        matches = backend.match(session, words, [], ranked=True)
        ranked = [
            r._replace(score=score)
            for r, score in ((rows.get(i), score) for i, score in matches)
            if r is not None and r[_VERIFIED] >= cutoff
        ]
        return ranked, []
    box = bounding_box(place.latitude, place.longitude, query.radius_km)
    around = [*box_cell_tokens(box), area_cell_token(place.latitude, place.longitude)]
    geometry = {i for i, _ in backend.match(session, words, around, ranked=False)}
    wide_tokens = [
        facet_token("area", place.province) if kind == "province" else f"za{kind}"
        for kind in sorted(query.serving)
    ]
    wide = backend.match(session, words, wide_tokens, ranked=False) if wide_tokens else []
    # Thousands of rows on a large directory: plain lookups, no attribute access.
    verified = _VERIFIED
    to_place = [r for r in map(rows.get, geometry) if r is not None and r[verified] >= cutoff]
    serving = [
        r
        for r in map(rows.get, [i for i, _ in wide if i not in geometry])
        if r is not None and r[verified] >= cutoff
    ]
    return to_place, serving


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


def _placement(candidate: Candidate, query: SearchQuery) -> tuple[float | None, bool] | None:
    """(distance, serves_area) of a candidate near the query's place, or None when it is
    neither within the radius nor serving the place (the cell tokens only say "maybe")."""
    place = query.place
    distance = _nearest(candidate.points, place)
    if distance is not None and distance <= query.radius_km:
        return distance, False
    if _serves(candidate.areas, place):
        return distance, True
    return None


def _requirements(query: SearchQuery, bits: FacetBits) -> list[tuple[str, int, int]]:
    """(facet, column index, wanted mask) for every active filter; an unknown value wants
    nothing and so matches nothing."""
    required = [
        (facet, _MASK_INDEX[facet], bits.mask(facet, values))
        for facet, values in query.filters.items()
        if values
    ]
    required += [(flag, _FLAG_INDEX, FLAG_BIT[flag]) for flag in query.flags]
    return required


def run_search(
    session: Session, query: SearchQuery, bits: FacetBits | None = None
) -> SearchOutcome:
    """Every match in display order, with facet counts. ``bits`` saves two queries."""
    bits = bits or load_facet_bits(session)
    words = query_words(query.q)
    if query.q.strip() and not words:  # only punctuation: nothing can match it
        empty = {f: {} for f in VALUE_FACETS}
        return SearchOutcome([], {}, (None, False), 0, empty, dict.fromkeys(FLAG_FACETS, 0))
    to_place, serving = _candidates(session, words, query)
    placements: dict[int, tuple[float | None, bool]] = {}
    kept = to_place
    if query.place:
        kept = []
        for candidate in to_place:
            placement = _placement(candidate, query)
            if placement is not None:
                placements[candidate.organization_id] = placement
                kept.append(candidate)
        kept += serving
    passing, failing_one = _classify(kept, _requirements(query, bits))
    # Counts per distinct mask, per facet (far fewer masks than organizations), in C.
    mask_counts = {
        facet: Counter(map(itemgetter(index), passing))
        for facet, index in (*_MASK_INDEX.items(), ("flag", _FLAG_INDEX))
    }
    for (facet, index), rows in failing_one.items():
        if facet not in FLAG_BIT:  # a row lacking a flag adds nothing to any flag's count
            mask_counts[facet].update(map(itemgetter(index), rows))
    ordered, nearby_count = _in_display_order(passing, placements, query, bool(words))
    facets = {f: bits.decode(f, mask_counts[f]) for f in VALUE_FACETS}
    flag_counts = {
        flag: sum(n for mask, n in mask_counts["flag"].items() if mask & bit)
        for flag, bit in FLAG_BIT.items()
    }
    by_token = (None, query.place is not None)  # the "serves this area" group, or no place
    return SearchOutcome(ordered, placements, by_token, nearby_count, facets, flag_counts)


def _in_display_order(
    rows: list[Candidate],
    placements: dict[int, tuple[float | None, bool]],
    query: SearchQuery,
    ranked: bool,
) -> tuple[list[Candidate], int]:
    """Rows in display order, and how many are nearby (rather than serving from afar).

    With a place: nearest first, then the "serves this area" group by name. Else by
    relevance with keywords, by name without. Sorts use C-level keys (stable, so a second
    sort breaks the first's ties)."""
    by_name, by_id = itemgetter(_NAME_KEY), itemgetter(0)
    if query.place is None:
        rows = sorted(rows, key=by_id)
        rows.sort(key=by_name)
        if ranked:
            rows.sort(key=itemgetter(_SCORE), reverse=True)
        return rows, len(rows)
    nearby = [r for r in rows if r[0] in placements and not placements[r[0]][1]]
    serving = [r for r in rows if r[0] not in placements or placements[r[0]][1]]
    nearby.sort(key=lambda r: (placements[r[0]][0], r[_NAME_KEY]))
    serving.sort(key=by_name)
    return nearby + serving, len(nearby)


def _classify(
    rows: list[Candidate], required: list[tuple[str, int, int]]
) -> tuple[list[Candidate], dict[tuple[str, int], list[Candidate]]]:
    """Rows passing every filter, and rows failing exactly one (by that facet): the latter
    still count toward their facet's other options, as if that filter were not set."""
    passing = rows
    failing_one: dict[tuple[str, int], list[Candidate]] = {}
    for n, (facet, index, wanted) in enumerate(required):
        failed = [r for r in passing if not r[index] & wanted]
        passing = [r for r in passing if r[index] & wanted]
        others = required[:n] + required[n + 1 :]
        # A row failing this facet and no other: check it against the remaining filters.
        if not others:
            failing_one[(facet, index)] = failed
        else:
            failing_one[(facet, index)] = [r for r in failed if all(r[i] & w for _, i, w in others)]
    return passing, failing_one


def hide_before(now: datetime | None, months: int) -> datetime:
    """Listings verified before this moment are out of search (``HIDE_AFTER_MONTHS``)."""
    return (now or datetime.now(UTC)) - timedelta(days=round(months * 30.44))
