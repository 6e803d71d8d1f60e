"""The search service behind ``/search`` and ``/api/v1/search``: params in, one page out."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from directory.extensions import db
from directory.geo import Lookup, Place, PlaceKind, locate
from directory.models import Location, Organization, Viewer
from directory.privacy import finds_professionals_only
from directory.search.cards import CardLocation, ResultCard, result_cards
from directory.search.engine import Hit, SearchOutcome, SearchQuery, run_search
from directory.search.findable import hidden_before
from directory.search.paging import Paging
from directory.search.params import MULTI_VALUE, SearchParams
from directory.search.place_words import PlaceInQuery, place_in_query
from directory.search.reasons import ServesBecause, serving_reasons
from directory.search.vocabulary import ProvinceTerm, Term, vocabularies


def vocabulary_options() -> dict[str, dict[str, Term | ProvinceTerm]]:
    """Every filter's allowed values in display order, keyed by URL parameter (kept per
    process and index version: ``directory.search.vocabulary``)."""
    return vocabularies(db.session()).options


@dataclass(frozen=True)
class ResultRow:
    organization: ResultCard
    distance_km: float | None
    serves_area: bool
    serves_because: ServesBecause | None = None  # in the "serves this area" group only

    @property
    def location(self) -> CardLocation | None:
        return self.organization.locations[0] if self.organization.locations else None


@dataclass
class SearchPage(Paging):
    params: SearchParams
    rows: list[ResultRow]
    total: int
    nearby_count: int
    serves_area_count: int
    facets: dict[str, dict[str, int]]  # URL parameter → value → count
    flag_counts: dict[str, int]
    lookup: Lookup | None = None  # what "near" resolved to, with "did you mean" choices
    notices: list[str] = field(default_factory=list)
    # When fewer than five match within the radius: the nearest matches beyond it.
    nearest_beyond: list[ResultRow] = field(default_factory=list)
    place_in_query: PlaceInQuery | None = None  # "police Thunder Bay" with no ``near``
    # "all": the rows have every keyword; "some": none had, these have some of them.
    matched: str = "all"

    @property
    def place(self) -> Place | None:
        return self.lookup.place if self.lookup else None

    @property
    def place_unknown(self) -> bool:
        return self.lookup is not None and self.lookup.place is None

    @property
    def items(self) -> list[ResultRow]:
        return self.rows


def search(
    params: SearchParams,
    options: dict[str, dict[str, Term | ProvinceTerm]] | None = None,
    viewer: Viewer | None = None,
) -> SearchPage:
    """One page of results; ``options`` (from ``vocabulary_options``) saves two queries.

    ``viewer``: whose page it is. Listings reserved for vetted professionals are in it only
    for a viewer ``privacy.finds_professionals_only`` allows; without one, the public's."""
    outcome, lookup = _run(params, options, finds_professionals_only(viewer))
    start = (params.page - 1) * params.per_page
    hits = outcome.slice(start, start + params.per_page)
    rows, beyond = _rows(hits, outcome.beyond_hits, lookup.place if lookup else None)
    return SearchPage(
        params=params,
        rows=rows,
        total=outcome.total,
        nearby_count=outcome.nearby_count,
        serves_area_count=outcome.serves_area_count,
        facets=outcome.facets,
        flag_counts=outcome.flag_counts,
        lookup=lookup,
        nearest_beyond=beyond,
        place_in_query=None if params.near else place_in_query(params.q),
        matched=outcome.matched,
    )


@dataclass(frozen=True)
class Export:
    """The first ``limit`` matches of a search in display order (``/search.csv``)."""

    hits: list[Hit]
    total: int  # every match, exported or not
    place: Place | None  # distances are measured from here


def search_for_export(
    params: SearchParams,
    limit: int,
    options: dict[str, dict[str, Term | ProvinceTerm]] | None = None,
) -> Export:
    """The same search as ``search``, every page at once up to ``limit`` (no paging), as the
    public sees it: a file leaves the site, so it never holds a professionals-only listing."""
    outcome, lookup = _run(params, options, professionals=False)
    place = lookup.place if lookup else None
    if place is not None and place.kind is PlaceKind.PROVINCE:
        place = None
    return Export(outcome.slice(0, limit), outcome.total, place)


def _run(
    params: SearchParams,
    options: dict[str, dict[str, Term | ProvinceTerm]] | None,
    professionals: bool,
) -> tuple[SearchOutcome, Lookup | None]:
    options = options if options is not None else vocabulary_options()
    lookup = locate(params.near) if params.near else None
    place = lookup.place if lookup else None
    provinces = set(params.provinces)
    if place is not None and place.kind is PlaceKind.PROVINCE:
        # "near Ontario" means "in Ontario": a province filter, not a circle around its middle.
        if place.province is not None:
            provinces.add(place.province)
        place = None
    filters = {parameter: frozenset(params.values(parameter)) for parameter in MULTI_VALUE} | {
        "province": frozenset(provinces)
    }
    query = SearchQuery(
        q=params.q,
        filters=filters,
        flags=params.flags,
        place=place,
        radius_km=float(params.radius_km),
        hide_verified_before=hidden_before(),
        local_only=params.local_only,
        professionals=professionals,
    )
    # A search with no match for every word shows what matches some (``matched``).
    outcome = run_search(db.session(), query, vocabularies(db.session()).bits, some_words=True)
    return outcome, lookup


def organizations_by_id(ids: list[int]) -> dict[int, Organization]:
    """Organizations as a result card shows them (sectors, locations with their province),
    loaded in a fixed number of queries however many there are."""
    if not ids:
        return {}
    stmt = (
        sa.select(Organization)
        .where(Organization.id.in_(ids))
        .options(
            selectinload(Organization.sectors),
            selectinload(Organization.locations).selectinload(Location.province),
        )
    )
    return {org.id: org for org in db.session.scalars(stmt)}


def _rows(
    hits: list[Hit], beyond: list[Hit], place: Place | None
) -> tuple[list[ResultRow], list[ResultRow]]:
    """The page's organizations and the nearest beyond the radius, each in hit order (their
    cards in one query), with why those serving the place serve it."""
    by_id = result_cards(db.session(), [h.organization_id for h in hits + beyond])
    reasons = serving_reasons(db.session(), hits, by_id, place)

    def rows(chosen: list[Hit]) -> list[ResultRow]:
        return [
            ResultRow(
                by_id[h.organization_id],
                h.distance_km,
                h.serves_area,
                reasons.get(h.organization_id),
            )
            for h in chosen
            if h.organization_id in by_id
        ]

    return rows(hits), rows(beyond)


def matching_organization_ids(
    params: SearchParams, options: dict[str, dict[str, Term | ProvinceTerm]] | None = None
) -> list[int]:
    """Every organization the search finds, in display order, for saved-search alerts: only
    those with every word (no "some of the words" fallback), none beyond the radius. Mail
    is a public channel: listings reserved for vetted professionals are never in it."""
    outcome, _lookup = _run(params, options, professionals=False)
    if outcome.matched != "all":
        return []
    return [hit.organization_id for hit in outcome.hits]
