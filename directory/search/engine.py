"""The search itself: full-text queries for candidates, then place, filters and facets.

The backend returns the organizations that match the keywords *and* are around the place or
serve it (places and areas are tokens in the full-text document); the index mirror says what
each one is. Everything else is decided here, on those candidates only: exact distance, the
"serves this area" group, freshness, the filters (OR within a facet, AND across facets) and
the count of each filter option for the current search (each facet counted as if its own
filter were not set, so options can be added). No step looks at organizations outside the
candidates: the cost follows the matches, not the size of the directory. The candidates are
positions in the mirror's NumPy columns, so each step is a few array operations whether
there are ten matches or twenty thousand; only the page's rows become Python objects.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np
from flask import current_app, has_app_context
from sqlalchemy.orm import Session

from directory import clock
from directory.geo import Place, bounding_box, distance_km, distances_km
from directory.search.backends import backend_for
from directory.search.capacity import with_current_capacity
from directory.search.documents import TERM_FACETS
from directory.search.facets import (
    FILTER_FLAGS,
    FLAG_BIT,
    OPEN_NOW,
    PROFESSIONALS_ONLY_BIT,
    VALUE_FACETS,
    FacetBits,
)
from directory.search.keywords import WordGroup, as_group, keyword_groups
from directory.search.mirror import mirror_for
from directory.search.snapshot import Snapshot
from directory.search.synonyms import Synonyms, load_synonyms, synonyms_file
from directory.search.text import area_cell_token, box_cell_tokens, facet_token, query_words
from directory.search.vocabulary import vocabularies

_NONE = np.empty(0, dtype=np.int64)
# Positions → their tier, every ordering's first key (lower first), or None (all alike).
Tiers = Callable[[np.ndarray], "np.ndarray | None"]
MAX_PREFIX_TERMS = 16  # a shorter prefix ("c") stays a prefix query
_NO_KM = np.empty(0, dtype=np.float64)
# How an organization of the "serves this area" group covers the place, most specific first
# (the order of the group): a radius or region over it, its province, Canada, online.
COVERAGE_KINDS = ("area", "province", "national", "online")
_BEYOND_WHEN_FEWER = 5  # fewer matches than this within the radius: show the nearest beyond


@dataclass(frozen=True)
class SearchQuery:
    q: str = ""
    filters: Mapping[str, frozenset[str]] = field(default_factory=dict)  # facet → values
    flags: frozenset[str] = frozenset()  # names from FILTER_FLAGS
    place: Place | None = None
    radius_km: float = 50.0
    hide_verified_before: datetime | None = None
    # Which far-away organizations count as serving the place: those serving all of Canada,
    # online, or its whole province (radius and region areas over the place always count).
    serving: frozenset[str] = frozenset({"national", "online", "province"})
    # Leave out those serving the place only because they serve all of Canada or online.
    local_only: bool = False
    # Include listings reserved for vetted professionals: only for a viewer
    # ``privacy.finds_professionals_only`` allows. Left out otherwise, at every step (``_shown``).
    professionals: bool = False


@dataclass(frozen=True)
class Hit:
    organization_id: int
    name: str
    score: float
    distance_km: float | None = None
    serves_area: bool = False
    coverage: str | None = None  # why it serves the place: a COVERAGE_KINDS name, or None


# An ordering: (group, stop) → positions within the group of (at least) its first ``stop``
# matches, in order; the snapshot's form takes the snapshot as a third argument.
GroupOrder = Callable[["_Group", int], np.ndarray]
SnapshotOrder = Callable[["_Group", int, Snapshot], np.ndarray]


class _Group:
    """Matches shown together (nearby; serving the area; or all of them without a place),
    put in order only when a page reaches into the group."""

    def __init__(
        self,
        positions: np.ndarray,
        km: np.ndarray | None,
        serves_area: bool,
        order: GroupOrder,
        scores: np.ndarray | None = None,
        tier: np.ndarray | None = None,
        coverage: np.ndarray | None = None,
    ) -> None:
        self.positions, self.km, self.serves_area = positions, km, serves_area
        self.scores = scores
        # The first key of every ordering, lower first (None: all alike): organizations that
        # have a term the words name before those that merely mention it (``_tiers``).
        self.tier = tier
        self.coverage = coverage  # index into COVERAGE_KINDS per match (serving group only)
        self._order = order
        self._ordered: np.ndarray | None = None  # indices into positions, in display order

    def __len__(self) -> int:
        return len(self.positions)

    def indices(self, start: int, stop: int) -> np.ndarray:
        stop = min(stop, len(self.positions))
        if self._ordered is None or len(self._ordered) < stop:
            self._ordered = self._order(self, stop)
        return self._ordered[start:stop]


@dataclass
class SearchOutcome:
    """Every match, in groups, with facet counts; ``Hit`` objects are made only for the rows
    someone reads (a page), since a large directory matches tens of thousands."""

    snapshot: Snapshot
    groups: list[_Group]
    facets: dict[str, dict[str, int]]
    flag_counts: dict[str, int]
    # The nearest matches beyond the radius when few are within it (positions, distances).
    beyond: tuple[np.ndarray, np.ndarray] = (_NONE, _NO_KM)

    @property
    def beyond_hits(self) -> list[Hit]:
        return [self.hit_at(int(p), float(km), False) for p, km in zip(*self.beyond, strict=True)]

    # "all": every match has every word; "some": none had, these have some (most first).
    matched: str = "all"

    @property
    def total(self) -> int:
        return sum(len(g) for g in self.groups)

    @property
    def nearby_count(self) -> int:
        return sum(len(g) for g in self.groups if not g.serves_area)

    @property
    def serves_area_count(self) -> int:
        return self.total - self.nearby_count

    def slice(self, start: int, stop: int) -> list[Hit]:
        hits: list[Hit] = []
        offset = 0
        for group in self.groups:
            size = len(group)
            if stop > offset and start < offset + size:
                chosen = group.indices(max(start - offset, 0), min(stop - offset, size))
                hits += [self._hit(group, int(i)) for i in chosen]
            offset += size
        return hits

    @property
    def hits(self) -> list[Hit]:
        return self.slice(0, self.total)

    def in_order(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every match as arrays in display order: mirror positions, distances (NaN when
        not measured) and whether each serves the area from afar (for callers that sift
        thousands of matches, such as partners, before making a few hits)."""
        positions, km, serves = [_NONE], [_NO_KM], [np.empty(0, dtype=bool)]
        for group in self.groups:
            order = group.indices(0, len(group))
            positions.append(group.positions[order])
            km.append(np.full(len(order), np.nan) if group.km is None else group.km[order])
            serves.append(np.full(len(order), group.serves_area))
        return np.concatenate(positions), np.concatenate(km), np.concatenate(serves)

    def hit_at(
        self,
        position: int,
        km: float,
        serves_area: bool,
        score: float = 0.0,
        coverage: str | None = None,
    ) -> Hit:
        row = self.snapshot.row_at(position)
        distance = None if math.isnan(km) else float(km)
        return Hit(row.organization_id, row.name, score, distance, serves_area, coverage)

    def _hit(self, group: _Group, index: int) -> Hit:
        km = math.nan if group.km is None else float(group.km[index])
        score = 0.0 if group.scores is None else float(group.scores[index])
        coverage = None
        if group.coverage is not None:
            coverage = COVERAGE_KINDS[int(group.coverage[index])]
        return self.hit_at(int(group.positions[index]), km, group.serves_area, score, coverage)


def _by_name(group: _Group, stop: int, snapshot: Snapshot) -> np.ndarray:
    keys = snapshot.name_rank[group.positions]
    if group.tier is not None:  # one integer key: tier first, then name
        keys = group.tier.astype(np.int64) * (len(snapshot.rows) + 1) + keys
    if stop < len(keys) // 4:  # a first page of a long list: no need to sort it all
        first = np.argpartition(keys, stop - 1)[:stop] if stop else _NONE
        return first[np.argsort(keys[first])]
    return np.argsort(keys)


def _by_score(group: _Group, stop: int, snapshot: Snapshot) -> np.ndarray:
    return np.lexsort(
        _tier_first(group, snapshot.name_rank[group.positions], -_measured(group.scores))
    )


def _by_distance(group: _Group, stop: int, snapshot: Snapshot) -> np.ndarray:
    return np.lexsort(_tier_first(group, snapshot.name_rank[group.positions], _measured(group.km)))


def _measured(values: np.ndarray | None) -> np.ndarray:
    """A group's scores or distances, which the orderings by them are only given with."""
    if values is None:
        raise ValueError("this ordering needs the group's scores or distances")
    return values


def _tier_first(group: _Group, *keys: np.ndarray) -> tuple[np.ndarray, ...]:
    """``np.lexsort`` keys (last is first) with the group's tier, if any, before all."""
    return keys if group.tier is None else (*keys, group.tier)


def _by_coverage(group: _Group, stop: int, snapshot: Snapshot) -> np.ndarray:
    """The "serves this area" group: the most specific coverage first (a radius or region
    over the place, its province, Canada, online), then the nearest (no point: last), then
    by name. Within one kind of coverage, organizations that have a term the words name come
    first (the group's tier, ``_tiers``). Keys are given least significant first
    (``np.lexsort``)."""
    keys = [snapshot.name_rank[group.positions], group.km]
    if group.tier is not None:
        keys.append(group.tier)
    keys.append(group.coverage)
    return np.lexsort(keys)


def coverage_of(snapshot: Snapshot, positions: np.ndarray, place: Place) -> np.ndarray:
    """Index into ``COVERAGE_KINDS`` of each row's most specific area over the place (rows
    with none, never asked for, count as online: the least specific)."""
    columns = snapshot.columns
    coverage = np.full(len(positions), COVERAGE_KINDS.index("online"), dtype=np.int8)
    coverage[columns["national"][positions]] = COVERAGE_KINDS.index("national")
    coverage[snapshot.serves_province(positions, place.province)] = COVERAGE_KINDS.index("province")
    coverage[_circle_over(snapshot, positions, place)] = COVERAGE_KINDS.index("area")
    return coverage


def _matches(
    session: Session, snapshot: Snapshot, words: list[WordGroup], query: SearchQuery
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray, np.ndarray]:
    """Fresh matches of the keywords as positions: (nearby or all, their distances or their
    scores, serving the place, their distances or NaN).

    The full-text index says which organizations match; the mirror's columns say what each
    one is. With a place, two questions: what is around it (a point in the box's cells —
    anything within the radius has one — or a radius or region area over the place), and the
    large group that serves it by definition (national, online, its province), which needs
    no geometry and no relevance score.
    """
    backend = backend_for(session)
    place = query.place
    if place is None:
        if not words:
            positions = snapshot.live_positions()
            return positions[_shown(snapshot, positions, query)], None, _NONE, _NO_KM

        def ranked() -> tuple[np.ndarray, np.ndarray]:
            ids, scores = backend.match_ranked(session, words)
            positions, keep = snapshot.positions(ids)
            return positions, scores[keep]

        positions, scores = snapshot.remembered(("ranked", *words), ranked, _capacity())
        fresh = _shown(snapshot, positions, query)
        return positions[fresh], scores[fresh], _NONE, _NO_KM
    box = bounding_box(place.latitude, place.longitude, query.radius_km)
    around = [*box_cell_tokens(box), area_cell_token(place.latitude, place.longitude)]
    geometry = _matching(session, snapshot, words, around)
    geometry = geometry[_shown(snapshot, geometry, query)]
    km = nearest_km(snapshot, geometry, place)
    within = km <= query.radius_km  # NaN (no point) is never within
    outside = geometry[~within]
    serves = _serves(snapshot, outside, place)
    wide_tokens = [
        facet_token("area", place.province or "") if kind == "province" else f"za{kind}"
        for kind in sorted(query.serving)
    ]
    wide = _NONE
    if wide_tokens:
        wide = _matching(session, snapshot, words, wide_tokens)
        wide = wide[~np.isin(wide, geometry, assume_unique=True)]
        wide = wide[_shown(snapshot, wide, query)]
    serving = np.concatenate([outside[serves], wide])
    serving_km = np.concatenate([km[~within][serves], np.full(len(wide), np.nan)])
    return geometry[within], km[within], serving, serving_km


def within_radius(
    session: Session, snapshot: Snapshot, query: SearchQuery
) -> tuple[np.ndarray, np.ndarray]:
    """The nearby group of a search with no words around ``query.place`` (which it needs),
    as positions and distances, unordered: organizations ``query`` may show with a point
    within its radius. Only that: none of the rest of a search (the serving group, facets,
    the order of thousands), for callers that sift the neighbourhood themselves (partners).
    The full-text matches are those a search with no words near the same place remembers."""
    place = query.place
    if place is None:
        raise ValueError("within_radius needs a place")
    box = bounding_box(place.latitude, place.longitude, query.radius_km)
    around = [*box_cell_tokens(box), area_cell_token(place.latitude, place.longitude)]
    geometry = _matching(session, snapshot, [], around)
    geometry = geometry[_shown(snapshot, geometry, query)]
    km = nearest_km(snapshot, geometry, place)
    within = km <= query.radius_km  # NaN (no point) is never within
    return geometry[within], km[within]


def _matching(
    session: Session,
    snapshot: Snapshot,
    words: list[str] | list[WordGroup],
    any_tokens: list[str],
) -> np.ndarray:
    """Positions of the documents with the words and one of the tokens (remembered for the
    snapshot: the next page, filter or radius with the same words reuses them)."""

    def match() -> tuple[np.ndarray]:
        # The last word is a prefix ("couns" finds "counselling"). Given as the few terms it
        # can be, FTS5 seeks through their lists; as a prefix it first merges every list
        # starting so, which costs as much as reading all of them.
        last = as_group(words[-1]) if words else None
        expanded = snapshot.terms_starting(last.typed[-1], MAX_PREFIX_TERMS) if last else None
        if (
            last is not None and expanded == [] and not last.others
        ):  # no indexed word starts so, no synonym
            return (_NONE,)
        ids = backend_for(session).match_ids(session, words, any_tokens, expanded)
        return (snapshot.positions(ids)[0],)

    key = ("ids", tuple(words), tuple(any_tokens))
    return snapshot.remembered(key, match, _capacity())[0]


def _shown(snapshot: Snapshot, positions: np.ndarray, query: SearchQuery) -> np.ndarray:
    """Which of these positions the query may show: fresh (``hide_verified_before``), and
    not professionals-only unless its audience may find those. Every match, the nearest
    beyond and the partial matches pass here; remembered matches are kept before it, so
    they hold nothing of one viewer that another could be shown."""
    cutoff = (query.hide_verified_before or datetime(1970, 1, 1, tzinfo=UTC)).timestamp()
    return shown_positions(snapshot, positions, cutoff, professionals=query.professionals)


def shown_positions(
    snapshot: Snapshot, positions: np.ndarray, cutoff: float, *, professionals: bool
) -> np.ndarray:
    """The mask of ``_shown`` for any reader of the index (coverage gaps too): verified at or
    after ``cutoff`` (a timestamp), and professionals-only rows only when ``professionals``."""
    keep = snapshot.verified[positions] >= cutoff
    if not professionals:
        keep &= (snapshot.masks["flag"][positions] & PROFESSIONALS_ONLY_BIT) == 0
    return keep


def _capacity() -> int:
    return current_app.config["SEARCH_MEMORY_IDS"] if has_app_context() else 0


def nearest_km(snapshot: Snapshot, positions: np.ndarray, place: Place) -> np.ndarray:
    """Distance from the place to each row's nearest point (NaN without a point)."""
    columns = snapshot.columns
    km = distances_km(
        place.latitude, place.longitude, columns["lat"][positions], columns["lng"][positions]
    )
    for i in np.flatnonzero(columns["more_points"][positions]):  # rare: several locations
        for pair in snapshot.rows[positions[i]].points.split(";"):
            lat, lng = pair.split(",")
            km[i] = min(km[i], distance_km(place.latitude, place.longitude, float(lat), float(lng)))
    return km


def _serves(snapshot: Snapshot, positions: np.ndarray, place: Place) -> np.ndarray:
    """Which of these rows have a service area covering the place."""
    columns = snapshot.columns
    served = (
        columns["national"][positions]
        | columns["online"][positions]
        | snapshot.serves_province(positions, place.province)
    )
    return served | _circle_over(snapshot, positions, place, served)


def _circle_over(
    snapshot: Snapshot, positions: np.ndarray, place: Place, known: np.ndarray | None = None
) -> np.ndarray:
    """Which of these rows have a radius or region area over the place (rows already
    ``known`` to serve it skip the rare several-circle check)."""
    columns = snapshot.columns
    circle_km = distances_km(
        place.latitude,
        place.longitude,
        columns["circle_lat"][positions],
        columns["circle_lng"][positions],
    )
    over = circle_km <= columns["circle_km"][positions]
    unsure = columns["more_circles"][positions] & ~over
    if known is not None:
        unsure &= ~known
    for i in np.flatnonzero(unsure):  # rare
        for area in snapshot.rows[positions[i]].areas.split():
            if area.startswith("circle:"):
                lat, lng, radius = (float(v) for v in area[7:].split(","))
                if distance_km(place.latitude, place.longitude, lat, lng) <= radius:
                    over[i] = True
    return over


def _requirements(query: SearchQuery, bits: FacetBits) -> list[tuple[str, str, int]]:
    """(facet, mask column, wanted mask) for every active filter; an unknown value wants
    nothing and so matches nothing."""
    required = [
        (facet, facet, bits.mask(facet, values))
        for facet, values in query.filters.items()
        if values
    ]
    required += [(flag, "flag", FLAG_BIT[flag]) for flag in query.flags if flag in FLAG_BIT]
    return required


def run_search(
    session: Session,
    query: SearchQuery,
    bits: FacetBits | None = None,
    some_words: bool = False,
) -> SearchOutcome:
    """Every match in display order, with facet counts. ``bits`` saves two queries.

    ``some_words``: when no organization has every word (with the filters and place), the
    organizations with some of them, most words first (``matched == "some"``)."""
    known = vocabularies(session)
    bits = bits or known.bits
    words = query_words(query.q)
    if query.q.strip() and not words:  # only punctuation: nothing can match it
        empty: dict[str, dict[str, int]] = {f: {} for f in VALUE_FACETS}
        return SearchOutcome(Snapshot.build([]), [], empty, dict.fromkeys(FILTER_FLAGS, 0))
    snapshot = with_current_capacity(session, mirror_for(session).snapshot(session))
    groups = [_indexed(g, snapshot) for g in keyword_groups(words, known.term_names, _synonyms())]
    named = _named_masks(groups, bits)
    found = _matches(session, snapshot, groups, query)

    def tiers(positions: np.ndarray) -> np.ndarray | None:
        return _tiers(snapshot, positions, named)

    outcome = _outcome(session, snapshot, query, bits, groups, *found, tiers)
    # Every word matched somewhere beyond the radius: those (``beyond``) answer, not a
    # search for some of the words.
    if some_words and outcome.total == 0 and not len(outcome.beyond[0]) and len(groups) > 1:
        some = _some_words(session, snapshot, groups, query, named)
        partial = _outcome(session, snapshot, query, bits, groups, *some[:4], some[4])
        if partial.total:
            partial.matched = "some"
            return partial
    return outcome


def _outcome(
    session: Session,
    snapshot: Snapshot,
    query: SearchQuery,
    bits: FacetBits,
    words: list[WordGroup],
    first: np.ndarray,
    first_values: np.ndarray | None,
    serving: np.ndarray,
    serving_km: np.ndarray,
    tiers: Tiers,
) -> SearchOutcome:
    """The matches through the filters, counted by facet, in their groups; with a place,
    the serving group by coverage (``local_only``: national and online left out) and the
    nearest beyond the radius when few are within it."""
    shown = np.concatenate([first, serving])  # what "nearest beyond" must not repeat
    coverage = None
    if query.place is not None:
        coverage = coverage_of(snapshot, serving, query.place)
        if query.local_only:
            local = coverage <= COVERAGE_KINDS.index("province")
            serving, serving_km, coverage = serving[local], serving_km[local], coverage[local]
    everything = np.concatenate([first, serving])
    # Each filter's verdict on every match; a facet's options are counted over the matches
    # that pass every *other* filter, as if its own were not set (so options can be added).
    verdicts = {
        facet: (snapshot.masks[column][everything] & wanted) != 0
        for facet, column, wanted in _requirements(query, bits)
    }
    open_now = snapshot.open_at(clock.now())[everything]
    if OPEN_NOW in query.flags:
        verdicts[OPEN_NOW] = open_now
    passing = np.ones(len(everything), dtype=bool)
    for verdict in verdicts.values():
        passing &= verdict
    facets = {}
    for facet in VALUE_FACETS:
        counted = passing
        if facet in verdicts:
            counted = np.ones(len(everything), dtype=bool)
            for other, verdict in verdicts.items():
                if other != facet:
                    counted &= verdict
        facets[facet] = _value_counts(snapshot.masks[facet][everything[counted]], bits, facet)
    flags = snapshot.masks["flag"][everything[passing]]
    flag_counts = {flag: int(np.count_nonzero(flags & bit)) for flag, bit in FLAG_BIT.items()}
    flag_counts[OPEN_NOW] = int(np.count_nonzero(open_now[passing]))
    head = passing[: len(first)]
    tail = passing[len(first) :]
    if query.place is None:
        scores = None if first_values is None else first_values[head]
        order = _by_name if scores is None else _by_score
        groups = [
            _Group(first[head], None, False, _ordering(order, snapshot), scores, tiers(first[head]))
        ]
    else:
        if first_values is None or coverage is None:  # both measured when there is a place
            raise ValueError("a search near a place measures distances and coverage")
        serving, serving_km = serving[tail], serving_km[tail]
        unmeasured = np.isnan(serving_km)  # those found by area alone (or with no point)
        serving_km[unmeasured] = nearest_km(snapshot, serving[unmeasured], query.place)
        groups = [
            _Group(
                first[head],
                first_values[head],
                False,
                _ordering(_by_distance, snapshot),
                tier=tiers(first[head]),
            ),
            _Group(
                serving,
                serving_km,
                True,
                _ordering(_by_coverage, snapshot),
                tier=tiers(serving),
                coverage=coverage[tail],
            ),
        ]
        if np.count_nonzero(head) < _BEYOND_WHEN_FEWER:
            beyond = _nearest_beyond(session, snapshot, words, query, bits, shown)
            return SearchOutcome(snapshot, groups, facets, flag_counts, beyond)
    return SearchOutcome(snapshot, groups, facets, flag_counts)


def _nearest_beyond(
    session: Session,
    snapshot: Snapshot,
    words: list[WordGroup],
    query: SearchQuery,
    bits: FacetBits,
    shown: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The ``_BEYOND_WHEN_FEWER`` nearest matches of the same words and filters that are
    neither within the radius nor serving the place, nearest first (positions, km).

    So that a search in a thinly served place never ends at the radius. Costs one full-text
    query of the words alone (none without words), remembered like the others; the
    distances are one array operation over the matches that pass the filters.
    """
    place = query.place
    if place is None:  # nothing is beyond a radius without a place
        return _NONE, _NO_KM
    if words:  # narrowed by a term filter's tokens, if any: a far shorter list to read
        candidates = _matching(session, snapshot, words, _filter_tokens(query))
    else:
        candidates = snapshot.live_positions()
    keep = _shown(snapshot, candidates, query)
    keep &= ~np.isin(candidates, shown)
    for _facet, column, wanted in _requirements(query, bits):
        keep &= (snapshot.masks[column][candidates] & wanted) != 0
    if OPEN_NOW in query.flags:
        keep &= snapshot.open_at(clock.now())[candidates]
    candidates = candidates[keep]
    km = nearest_km(snapshot, candidates, place)
    placed = ~np.isnan(km)
    candidates, km = candidates[placed], km[placed]
    if len(km) > _BEYOND_WHEN_FEWER:
        nearest = np.argpartition(km, _BEYOND_WHEN_FEWER - 1)[:_BEYOND_WHEN_FEWER]
        candidates, km = candidates[nearest], km[nearest]
    order = np.lexsort((snapshot.name_rank[candidates], km))
    return candidates[order], km[order]


def _filter_tokens(query: SearchQuery) -> list[str]:
    """The index tokens of the first term filter set (sector, service type, population,
    language; ``documents.build_entry``): any of them is needed to pass that filter, so they
    can narrow a full-text query whose matches the masks then filter exactly."""
    for facet in TERM_FACETS:
        values = query.filters.get(facet)
        if values:
            return sorted(facet_token(facet, value) for value in values)
    return []


def _indexed(group: WordGroup, snapshot: Snapshot) -> WordGroup:
    """The group without the alternatives no document can match (a word the index does not
    hold: "therapys", a term nobody has): each would cost the query a lookup, and a ranked
    one a score per row. Term tokens stay: a refresh learns the words of the changed
    documents' texts only (``Backend.terms``), so a term first given since the last full
    load would be missing."""
    if snapshot.terms is None or not group.others:
        return group
    tokens = {(facet_token(facet, slug),) for facet, slug in group.named}
    others = tuple(p for p in group.others if p in tokens or all(snapshot.has_term(w) for w in p))
    return WordGroup(group.typed, others, group.named)


def _synonyms() -> Synonyms:
    setting = current_app.config.get("SEARCH_SYNONYMS_FILE") if has_app_context() else None
    return load_synonyms(synonyms_file(setting))


def _named_masks(groups: list[WordGroup], bits: FacetBits) -> list[dict[str, int]]:
    """For each word naming terms: facet → mask of the terms it names."""
    named = []
    for group in groups:
        masks: dict[str, int] = {}
        for facet, slug in group.named:
            masks[facet] = masks.get(facet, 0) | bits.mask(facet, [slug])
        if masks:
            named.append(masks)
    return named


def _tiers(
    snapshot: Snapshot, positions: np.ndarray, named: list[dict[str, int]]
) -> np.ndarray | None:
    """Minus how many of the words each row matches by having a named term: an organization
    of the policing sector comes before one whose description mentions the police."""
    if not named:
        return None
    count = np.zeros(len(positions), dtype=np.int64)
    for masks in named:
        has = np.zeros(len(positions), dtype=bool)
        for facet, mask in masks.items():
            has |= (snapshot.masks[facet][positions] & mask) != 0
        count += has
    return -count


def _some_words(
    session: Session,
    snapshot: Snapshot,
    groups: list[WordGroup],
    query: SearchQuery,
    named: list[dict[str, int]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, Tiers]:
    """Matches of any word, for a search none has every word of: one ranked statement per
    word (at most ``MAX_QUERY_TOKENS``, 12), the place and freshness from the mirror. Tier:
    most words matched first, then named terms; then relevance (no place) or distance.

    Returns what ``_matches`` does, and the tier function."""
    backend = backend_for(session)
    rows = len(snapshot.rows)
    matched = np.zeros(rows, dtype=np.int64)
    score = np.zeros(rows, dtype=np.float64)
    for index, group in enumerate(groups):
        prefix = index == len(groups) - 1

        def ranked(group: WordGroup = group, prefix: bool = prefix) -> tuple[np.ndarray, ...]:
            ids, scores = backend.match_ranked(session, [group], prefix=prefix)
            positions, keep = snapshot.positions(ids)
            return positions, scores[keep]

        positions, scores = snapshot.remembered(("one", group, prefix), ranked, _capacity())
        matched[positions] += 1
        score[positions] += scores
    candidates = np.flatnonzero(matched)
    candidates = candidates[_shown(snapshot, candidates, query)]

    def tiers(positions: np.ndarray) -> np.ndarray:
        by_name = _tiers(snapshot, positions, named)
        most = -matched[positions] * (len(groups) + 1)
        return most if by_name is None else most + by_name

    place = query.place
    if place is None:
        return candidates, score[candidates], _NONE, _NO_KM, tiers
    km = nearest_km(snapshot, candidates, place)
    within = km <= query.radius_km
    outside = candidates[~within]
    serves = _serves_from_afar(snapshot, outside, place, query.serving)
    return candidates[within], km[within], outside[serves], km[~within][serves], tiers


def _serves_from_afar(
    snapshot: Snapshot, positions: np.ndarray, place: Place, serving: frozenset[str]
) -> np.ndarray:
    """The mirror's answer to what the place tokens ask the index in ``_matches``: an area
    over the place (radius or region), or Canada-wide, online or province-wide as chosen."""
    columns = snapshot.columns
    served = np.zeros(len(positions), dtype=bool)
    if "national" in serving:
        served |= columns["national"][positions]
    if "online" in serving:
        served |= columns["online"][positions]
    if "province" in serving:
        served |= snapshot.serves_province(positions, place.province)
    return served | _circle_over(snapshot, positions, place, served)


def _ordering(order: SnapshotOrder, snapshot: Snapshot) -> GroupOrder:
    return lambda group, stop: order(group, stop, snapshot)


def _value_counts(masks: np.ndarray, bits: FacetBits, facet: str) -> dict[str, int]:
    """Matches per facet value (a value's bit set in a match's mask), values with none left
    out. One C-level pass per value: about a millisecond for all facets over 100,000."""
    counts = {}
    for value, bit in bits.bits[facet].items():
        n = int(np.count_nonzero(masks & bit))
        if n:
            counts[value] = n
    return counts


MONTH_DAYS = 30.44  # an average month, for the freshness clocks


def hide_before(now: datetime | None, months: int) -> datetime:
    """Listings verified before this moment are out of search (``HIDE_AFTER_MONTHS``)."""
    return (now or datetime.now(UTC)) - timedelta(days=round(months * MONTH_DAYS))
