"""Turn a query string into validated search parameters, with a notice for each bad value.

The same parameters serve ``/search`` and ``/api/v1/search`` (names in DESIGN.md). The page
drops a malformed value and tells the visitor, so an old bookmark still shows a useful page;
the API refuses the request (400) with the same messages.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from flask import current_app
from flask_babel import gettext
from werkzeug.datastructures import MultiDict

MAX_QUERY_LENGTH = 200
MAX_PLACE_LENGTH = 100
# Far past any real last page (so it gives 404), small enough for every database's OFFSET.
MAX_PAGE = 1_000_000
DEFAULT_RADIUS_KM = 50
MAX_RADIUS_KM = 2000
TRUE_VALUES = {"1", "true", "on", "yes"}

# URL parameter → (SearchParams field, how to normalise a value)
MULTI_VALUE = {
    "sector": ("sectors", str.lower),
    "service": ("services", str.lower),
    "population": ("populations", str.lower),
    "language": ("languages", str.lower),
    "province": ("provinces", str.upper),
    "referral_from": ("referral_from", str.lower),  # sector slugs (the referrer's sector)
}
FLAGS = (
    "open_24_7",
    "accepting_referrals",
    "online",
    "self_referral",
    "no_police_required",
    "open_now",  # decided at query time from the services' hours (``search.open_now``)
    "step_free",
)
# Switches about the place searched (not facets of a listing): only with ``near``.
PLACE_SWITCHES = ("local_only",)


@dataclass(frozen=True)
class SearchParams:
    """What a visitor asked for. Values of one facet are OR-ed; different facets AND-ed."""

    q: str = ""
    sectors: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    populations: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    referral_from: tuple[str, ...] = ()
    near: str = ""
    radius_km: int = DEFAULT_RADIUS_KM
    open_24_7: bool = False
    accepting_referrals: bool = False
    online: bool = False
    self_referral: bool = False
    no_police_required: bool = False
    open_now: bool = False
    step_free: bool = False  # a location with a step-free entrance
    local_only: bool = False  # hide those serving the place only as national or online
    page: int = 1
    per_page: int = 20

    @property
    def keywords(self) -> list[str]:
        return self.q.split()

    @property
    def flags(self) -> frozenset[str]:
        return frozenset(flag for flag in FLAGS if getattr(self, flag))

    def values(self, parameter: str) -> tuple[str, ...]:
        """The chosen values of a multi-value URL parameter (``"sector"`` → the sectors)."""
        return getattr(self, MULTI_VALUE[parameter][0])

    @property
    def has_filters(self) -> bool:
        return bool(self.q or self.near or self.flags or any(self.values(p) for p in MULTI_VALUE))

    def query_args(self, **changes: Any) -> dict[str, Any]:
        """URL parameters for these params (defaults left out), e.g. for pagination links."""
        params = replace(self, **changes)
        defaults = SearchParams(per_page=current_app.config["PER_PAGE_DEFAULT"])
        args: dict[str, Any] = {}
        if params.q:
            args["q"] = params.q
        for parameter, (attribute, _) in MULTI_VALUE.items():
            if getattr(params, attribute):
                args[parameter] = list(getattr(params, attribute))
        if params.near:
            args["near"] = params.near
            if params.radius_km != DEFAULT_RADIUS_KM:
                args["radius_km"] = params.radius_km
            args.update({switch: 1 for switch in PLACE_SWITCHES if getattr(params, switch)})
        for flag in FLAGS:
            if getattr(params, flag):
                args[flag] = 1
        for name in ("page", "per_page"):
            if getattr(params, name) != getattr(defaults, name):
                args[name] = getattr(params, name)
        return args

    def page_args(self, page: int) -> dict[str, Any]:
        return self.query_args(page=page)

    def without_value(self, parameter: str, value: str) -> dict[str, Any]:
        attribute = MULTI_VALUE[parameter][0]
        kept = tuple(v for v in getattr(self, attribute) if v != value)
        return self.query_args(**{attribute: kept, "page": 1})

    def without(self, name: str) -> dict[str, Any]:
        """Args with one field back at its default (``"q"``, ``"near"``, a flag, ...)."""
        default = {f.name: f.default for f in fields(SearchParams)}[name]
        return self.query_args(**{name: default, "page": 1})


def parse_search_args(
    args: MultiDict[str, str] | Mapping[str, Any],
    vocabularies: Mapping[str, Collection[str]],
) -> tuple[SearchParams, list[str]]:
    """Validate the query string; returns params and one notice per value that was dropped.

    ``vocabularies`` maps each multi-value parameter (``sector``, ``province``...) to its
    allowed values.
    """
    if not isinstance(args, MultiDict):
        args = MultiDict(args)
    notices: list[str] = []
    chosen: dict[str, Any] = {}
    for parameter, (attribute, normalize) in MULTI_VALUE.items():
        checked = _known_values(args.getlist(parameter), vocabularies[parameter], normalize)
        chosen[attribute] = checked.known
        for value in checked.unknown:
            notices.append(_unknown_message(parameter, value))
    for flag in FLAGS + PLACE_SWITCHES:
        raw = args.get(flag, "").strip().lower()
        chosen[flag] = raw in TRUE_VALUES
        if raw and raw not in TRUE_VALUES | {"0", "false", "off", "no"}:
            notices.append(
                gettext("“%(value)s” is not a valid value for %(name)s.", value=raw, name=flag)
            )
    params = SearchParams(
        q=" ".join(args.get("q", "").split())[:MAX_QUERY_LENGTH],
        near=" ".join(args.get("near", "").split())[:MAX_PLACE_LENGTH],
        radius_km=_radius(args.get("radius_km"), notices),
        page=_page_number(args.get("page"), notices),
        per_page=_page_size(args.get("per_page"), notices),
        **chosen,
    )
    return params, notices


def _unknown_message(parameter: str, value: str) -> str:
    messages = {
        "sector": gettext("Unknown sector “%(value)s” was ignored.", value=value),
        "service": gettext("Unknown service type “%(value)s” was ignored.", value=value),
        "population": gettext("Unknown population “%(value)s” was ignored.", value=value),
        "language": gettext("Unknown language “%(value)s” was ignored.", value=value),
        "province": gettext("Unknown province or territory “%(value)s” was ignored.", value=value),
        "referral_from": gettext("Unknown referring sector “%(value)s” was ignored.", value=value),
    }
    return messages[parameter]


@dataclass(frozen=True)
class _Checked:
    known: tuple[str, ...]
    unknown: tuple[str, ...]


def _known_values(
    values: list[str], allowed: Collection[str], normalize: Callable[[str], str]
) -> _Checked:
    known: list[str] = []
    unknown: list[str] = []
    for raw in values:
        value = normalize(raw.strip())[:60]
        if not value:
            continue
        bucket = known if value in allowed else unknown
        if value not in bucket:
            bucket.append(value)
    return _Checked(tuple(known), tuple(unknown))


def _integer(raw: str | None) -> int | None:
    try:
        return int(raw) if raw is not None and raw.strip() != "" else None
    except ValueError:
        return 0


def _radius(raw: str | None, notices: list[str]) -> int:
    value = _integer(raw)
    if value is None:
        return DEFAULT_RADIUS_KM
    if not 1 <= value <= MAX_RADIUS_KM:
        notices.append(
            gettext(
                "The radius must be a number of kilometres from 1 to %(max)d; using %(default)d.",
                max=MAX_RADIUS_KM,
                default=DEFAULT_RADIUS_KM,
            )
        )
        return DEFAULT_RADIUS_KM
    return value


def _page_number(raw: str | None, notices: list[str]) -> int:
    page = _integer(raw)
    if page is None:
        return 1
    if page < 1:
        notices.append(
            gettext("Page “%(value)s” is not a valid page number; showing page 1.", value=raw)
        )
        return 1
    return min(page, MAX_PAGE)


def _page_size(raw: str | None, notices: list[str]) -> int:
    default = current_app.config["PER_PAGE_DEFAULT"]
    maximum = current_app.config["PER_PAGE_MAX"]
    size = _integer(raw)
    if size is None:
        return default
    if size < 1:
        notices.append(
            gettext(
                "Results per page must be a number from 1 to %(max)d; showing %(default)d.",
                max=maximum,
                default=default,
            )
        )
        return default
    if size > maximum:
        notices.append(gettext("At most %(max)d results are shown per page.", max=maximum))
        return maximum
    return size
