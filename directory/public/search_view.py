"""What the search page shows around its result rows: filter groups with counts, the place
searched, "did you mean" links, suggestions when nothing matched, and the map's markers.

Built from a finished ``SearchPage`` without touching the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import url_for
from flask_babel import format_decimal, get_locale, gettext, lazy_gettext

from directory.geo import Place, PlaceKind
from directory.models import ProvinceLike, TermLike
from directory.public.presenters import distance_away
from directory.search.facets import FILTER_FLAGS
from directory.search.params import DEFAULT_RADIUS_KM
from directory.search.points import nearest_point
from directory.search.service import ResultRow, SearchPage

RADIUS_CHOICES = (10, 25, 50, 100, 250, 500)

FACET_TITLES = {
    "sector": lazy_gettext("Sector"),
    "service": lazy_gettext("Service type"),
    "population": lazy_gettext("Population served"),
    "language": lazy_gettext("Language"),
    "province": lazy_gettext("Province or territory"),
    "referral_from": lazy_gettext("Takes referrals from"),
}
FLAG_LABELS = {
    "open_24_7": lazy_gettext("Open 24/7"),
    "accepting_referrals": lazy_gettext("Accepting referrals"),
    "online": lazy_gettext("Online services"),
    "self_referral": lazy_gettext("Young people may refer themselves"),
    "no_police_required": lazy_gettext("No police involvement required"),
    "open_now": lazy_gettext("Open now"),
    "step_free": lazy_gettext("Step-free entrance"),
}

Term = TermLike | ProvinceLike


@dataclass(frozen=True)
class FacetOption:
    value: str
    term: Term
    count: int
    selected: bool


@dataclass(frozen=True)
class FacetGroup:
    parameter: str
    title: str
    options: list[FacetOption]  # those worth offering: with results, or already chosen

    @property
    def selected_count(self) -> int:
        return sum(1 for option in self.options if option.selected)


@dataclass(frozen=True)
class FlagOption:
    name: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Link:
    label: str
    args: dict[str, Any]


@dataclass
class SearchView:
    results: SearchPage
    facets: list[FacetGroup]
    flags: list[FlagOption]
    radius_choices: list[int]
    centre: Place | None = None  # the place distances are measured from
    province_place: Place | None = None  # "near Ontario" was read as "in Ontario"
    alternatives: list[Link] = field(default_factory=list)
    wider_radius: Link | None = None
    removals: list[Link] = field(default_factory=list)  # one per active filter
    map_data: dict[str, Any] = field(default_factory=dict)
    place_offer: Link | None = None  # "Search for “police” near Thunder Bay, ON"
    beyond: list[Beyond] = field(default_factory=list)  # the nearest past the radius
    beyond_at: int | None = None  # the row index before which they show; None: not here

    @property
    def active_filter_count(self) -> int:
        """Options and flags chosen in the filter panel (the "Filters (n)" button on a phone)."""
        chosen = sum(group.selected_count for group in self.facets)
        local_only = self.centre is not None and self.results.params.local_only
        return chosen + sum(1 for flag in self.flags if flag.selected) + int(local_only)

    @property
    def has_filters(self) -> bool:
        """Anything to choose in the filter panel: without it, no panel and no "Apply"."""
        return (
            self.centre is not None  # "Hide national and online-only services"
            or bool(self.flags)
            or any(group.options for group in self.facets)
        )


@dataclass(frozen=True)
class Beyond:
    """One of the nearest matches beyond the radius: "Sioux Lookout, ON — 272 km"."""

    row: ResultRow
    where: str


def build_search_view(results: SearchPage, options: Mapping[str, Mapping[str, Term]]) -> SearchView:
    params = results.params
    place = results.place
    in_province = place is not None and place.kind is PlaceKind.PROVINCE
    centre = None if in_province else place
    view = SearchView(
        results=results,
        facets=facet_groups(results, options),
        flags=[
            FlagOption(flag, str(FLAG_LABELS[flag]), results.flag_counts.get(flag, 0), selected)
            for flag in FILTER_FLAGS
            if (selected := flag in params.flags) or results.flag_counts.get(flag, 0)
        ],
        radius_choices=sorted({*RADIUS_CHOICES, params.radius_km}),
        centre=centre,
        province_place=place if in_province else None,
        alternatives=alternative_links(results),
        removals=removal_links(results, options),
    )
    if centre is not None and (results.nearby_count == 0 or results.nearest_beyond):
        view.wider_radius = wider_radius_link(results)
    if centre is not None and results.nearest_beyond:
        view.beyond = [beyond_entry(row, centre) for row in results.nearest_beyond]
        view.beyond_at = beyond_position(results)
    view.place_offer = place_offer_link(results)
    view.map_data = map_data(results, centre)
    return view


def beyond_entry(row: ResultRow, centre: Place) -> Beyond:
    location, _point = nearest_point(row.organization.locations, centre)
    km = row.distance_km or 0.0
    distance = format_decimal(round(km) if km >= 10 else round(km, 1))
    place = f"{location.city}, {location.province_code}" if location else ""
    return Beyond(row, gettext("%(place)s — %(km)s km", place=place, km=distance))


def beyond_position(results: SearchPage) -> int | None:
    """Where the nearest matches beyond the radius go on this page: right after the last
    nearby row (first of all when nothing is nearby), or None when the nearby group does not
    end on this page."""
    start = (results.params.page - 1) * results.params.per_page
    if results.nearby_count == 0:
        return 0 if results.params.page == 1 else None
    if start < results.nearby_count <= start + len(results.rows):
        return results.nearby_count - start
    return None


def place_offer_link(results: SearchPage) -> Link | None:
    """A place typed among the keywords, offered as ``near`` with the other keywords."""
    found = results.place_in_query
    if found is None:
        return None
    args = results.params.query_args(q=found.q, near=found.near, page=1)
    if found.q:
        label = gettext(
            "Search for “%(query)s” near %(place)s", query=found.q, place=found.place.display_name
        )
    else:
        label = gettext("Search near %(place)s", place=found.place.display_name)
    return Link(label, args)


def facet_groups(
    results: SearchPage, options: Mapping[str, Mapping[str, Term]]
) -> list[FacetGroup]:
    """Each filter's options with their count for the current search; options that would find
    nothing are left out unless chosen (languages alone number thirty)."""
    groups = []
    for parameter, title in FACET_TITLES.items():
        counts = results.facets.get(parameter, {})
        chosen = set(results.params.values(parameter))
        shown = [
            FacetOption(value, term, counts.get(value, 0), value in chosen)
            for value, term in options[parameter].items()
            if counts.get(value) or value in chosen
        ]
        groups.append(FacetGroup(parameter, str(title), shown))
    return groups


def alternative_links(results: SearchPage) -> list[Link]:
    """ "Did you mean" links: another place of that name replaces ``near``; a province of that
    name becomes a province filter (as ``near`` its name would find the city again)."""
    if results.lookup is None:
        return []
    params = results.params
    links = []
    for place in results.lookup.alternatives:
        if place.kind is PlaceKind.PROVINCE:
            provinces = tuple(dict.fromkeys((*params.provinces, place.province)))
            label = gettext("%(name)s (province or territory)", name=place.name)
            links.append(Link(label, params.query_args(near="", provinces=provinces, page=1)))
        else:
            links.append(
                Link(place.display_name, params.query_args(near=place.display_name, page=1))
            )
    return links


def wider_radius_link(results: SearchPage) -> Link | None:
    params = results.params
    wider = next((km for km in RADIUS_CHOICES if km > params.radius_km), None)
    if wider is None:
        return None
    return Link(
        gettext("Search within %(km)d km", km=wider), params.query_args(radius_km=wider, page=1)
    )


def removal_links(results: SearchPage, options: Mapping[str, Mapping[str, Term]]) -> list[Link]:
    """One link per active filter that drops it and keeps the others (chips and suggestions)."""
    params = results.params
    links = []
    if params.q:
        links.append(Link(gettext("“%(query)s”", query=params.q), params.without("q")))
    for parameter in FACET_TITLES:
        for value in params.values(parameter):
            label = options[parameter][value].label(_locale())
            if parameter == "referral_from":  # a sector too: say which filter it is
                label = gettext("Takes referrals from: %(sector)s", sector=label)
            links.append(Link(label, params.without_value(parameter, value)))
    for flag in FILTER_FLAGS:
        if flag in params.flags:
            links.append(Link(str(FLAG_LABELS[flag]), params.without(flag)))
    if params.near:
        args = params.query_args(near="", radius_km=DEFAULT_RADIUS_KM, page=1)
        links.append(Link(gettext("Near %(place)s", place=params.near), args))
        if params.local_only:
            args = params.query_args(local_only=False, page=1)
            links.append(Link(gettext("Hide national and online-only services"), args))
    return links


def map_data(results: SearchPage, centre: Place | None) -> dict[str, Any]:
    """The markers of this page of results, for map.js. Points are the cards' public points
    (``privacy.public_point``): a confidential location only at its city's centre, and no
    marker at all for one whose city the gazetteer does not know."""
    markers = []
    for row in results.rows:
        location, point = nearest_point(row.organization.locations, centre)
        if point is None or location is None:
            continue
        note = ""
        if row.serves_area:
            note = row.serves_because.label if row.serves_because else gettext("Serves this area")
        elif row.distance_km is not None:
            note = distance_away(row.distance_km)
        markers.append(
            {
                "name": row.organization.name,
                "url": url_for("public.organization", slug=row.organization.slug),
                "lat": round(point[0], 4),
                "lng": round(point[1], 4),
                "where": f"{location.city}, {location.province.label(_locale())}",
                "note": note,
                "group": "serves" if row.serves_area else "nearby",
            }
        )
    place = None
    if centre is not None:
        place = {
            "name": centre.display_name,
            "lat": round(centre.latitude, 4),
            "lng": round(centre.longitude, 4),
            "radius_km": results.params.radius_km,
        }
    text = {"several": gettext("%(num)s organizations here", num="{num}")}
    return {"place": place, "markers": markers, "text": text}


def _locale() -> str:
    return str(get_locale() or "en")
