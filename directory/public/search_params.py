"""Turn a query string into validated search parameters, with a notice for each bad value.

A malformed value never fails the request: it is dropped (or replaced by the default) and the
visitor is told, so that an old bookmark or a typo still shows a useful page.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from typing import Any

from flask import current_app
from flask_babel import gettext
from werkzeug.datastructures import MultiDict

MAX_QUERY_LENGTH = 200
# Far past any real last page (so it gives 404), small enough for every database's OFFSET.
MAX_PAGE = 1_000_000


@dataclass(frozen=True)
class SearchParams:
    """What a visitor asked for. Values of one facet are OR-ed; different facets AND-ed."""

    q: str = ""
    sectors: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    page: int = 1
    per_page: int = 20

    @property
    def keywords(self) -> list[str]:
        return self.q.split()

    @property
    def has_filters(self) -> bool:
        return bool(self.q or self.sectors or self.provinces)

    def query_args(self, **changes: Any) -> dict[str, Any]:
        """URL parameters for these params (defaults left out), e.g. for pagination links."""
        params = replace(self, **changes)
        args: dict[str, Any] = {}
        if params.q:
            args["q"] = params.q
        if params.sectors:
            args["sector"] = list(params.sectors)
        if params.provinces:
            args["province"] = list(params.provinces)
        if params.page != 1:
            args["page"] = params.page
        if params.per_page != current_app.config["PER_PAGE_DEFAULT"]:
            args["per_page"] = params.per_page
        return args

    def page_args(self, page: int) -> dict[str, Any]:
        return self.query_args(page=page)

    def without_sector(self, slug: str) -> dict[str, Any]:
        return self.query_args(sectors=tuple(s for s in self.sectors if s != slug), page=1)

    def without_province(self, code: str) -> dict[str, Any]:
        return self.query_args(provinces=tuple(p for p in self.provinces if p != code), page=1)

    def without_keywords(self) -> dict[str, Any]:
        return self.query_args(q="", page=1)


def parse_search_args(
    args: MultiDict[str, str] | Mapping[str, Any],
    sector_slugs: Collection[str],
    province_codes: Collection[str],
) -> tuple[SearchParams, list[str]]:
    """Validate the query string against the known vocabularies; returns params and notices."""
    if not isinstance(args, MultiDict):
        args = MultiDict(args)
    notices: list[str] = []
    sectors = _known_values(args.getlist("sector"), sector_slugs, str.lower)
    for slug in sectors.unknown:
        notices.append(gettext("Unknown sector “%(value)s” was ignored.", value=slug))
    provinces = _known_values(args.getlist("province"), province_codes, str.upper)
    for code in provinces.unknown:
        notices.append(
            gettext("Unknown province or territory “%(value)s” was ignored.", value=code)
        )
    page = _page_number(args.get("page"), notices)
    per_page = _page_size(args.get("per_page"), notices)
    query = " ".join(args.get("q", "").split())[:MAX_QUERY_LENGTH]
    params = SearchParams(
        q=query, sectors=sectors.known, provinces=provinces.known, page=page, per_page=per_page
    )
    return params, notices


@dataclass(frozen=True)
class _Checked:
    known: tuple[str, ...]
    unknown: tuple[str, ...]


def _known_values(values: list[str], allowed: Collection[str], normalize) -> _Checked:  # noqa: ANN001
    known: list[str] = []
    unknown: list[str] = []
    for raw in values:
        value = normalize(raw.strip())
        if not value:
            continue
        bucket = known if value in allowed else unknown
        if value not in bucket:
            bucket.append(value)
    return _Checked(tuple(known), tuple(unknown))


def _page_number(raw: str | None, notices: list[str]) -> int:
    if raw is None or raw == "":
        return 1
    try:
        page = int(raw)
    except ValueError:
        page = 0
    if page < 1:
        notices.append(
            gettext("Page “%(value)s” is not a valid page number; showing page 1.", value=raw)
        )
        return 1
    return min(page, MAX_PAGE)


def _page_size(raw: str | None, notices: list[str]) -> int:
    default = current_app.config["PER_PAGE_DEFAULT"]
    maximum = current_app.config["PER_PAGE_MAX"]
    if raw is None or raw == "":
        return default
    try:
        size = int(raw)
    except ValueError:
        size = 0
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
