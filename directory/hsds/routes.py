"""The HSDS 3.0 read API (``../shared/hsds/schema/openapi.json``): read the query, call one
query, serialize. Errors use the JSON shape of ``/api/v1`` (``{"error", "messages"}``).

Public data only, exactly as on ``/api/v1`` (see ``serialize``). Ids are UUIDs: anything
else in a path is a 404 (Flask's ``uuid`` converter), a malformed parameter a 400.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from flask import Response, request, url_for
from flask_babel import gettext

from directory.api.responses import LONG_CACHE, api_error, cached
from directory.hsds import bp, ids, queries, serialize
from directory.hsds.queries import Filters, Near, UnknownPostcode
from directory.hsds.taxonomies import TAXONOMY_NAMES, taxonomy_document, term_document

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
OFFICIAL_OPENAPI = (
    "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
)


class BadParameter(ValueError):
    pass


@bp.errorhandler(BadParameter)
def bad_parameter(error: BadParameter) -> tuple[Response, int]:
    return api_error(400, [str(error)])


def _not_found() -> tuple[Response, int]:
    return api_error(404, [gettext("Nothing published has this id.")])


# --- parameters ------------------------------------------------------------------------------


def _int(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise BadParameter(
            gettext(
                "%(name)s must be a whole number from %(low)d to %(high)d.",
                name=name,
                low=low,
                high=high,
            )
        )
    return value


def _bool(name: str) -> bool:
    raw = request.args.get(name, "").strip().lower()
    if raw in ("", "false", "0", "no"):
        return False
    if raw in ("true", "1", "yes"):
        return True
    raise BadParameter(gettext("%(name)s must be true or false.", name=name))


def _paging() -> tuple[int, int]:
    fmt = request.args.get("format", "json")
    if fmt not in ("", "json"):
        raise BadParameter(gettext("Only format=json is offered."))
    return _int("page", 1, 1, 1_000_000), _int("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)


def _search() -> str | None:
    text = request.args.get("search", "").strip()
    if len(text) > 200:
        raise BadParameter(gettext("search is limited to 200 characters."))
    return text or None


def _filters() -> Filters:
    filters = Filters(search=_search())
    raw_org = request.args.get("organization_id")
    if raw_org:
        filters.organization_id = ids.parse_uuid(raw_org)
        filters.unknown_filter |= filters.organization_id is None
    raw_term = request.args.get("taxonomy_term_id")
    if raw_term:
        filters.term = queries.terms_by_id().get(raw_term.strip().lower())
        filters.unknown_filter |= filters.term is None
    raw_taxonomy = request.args.get("taxonomy_id")
    if raw_taxonomy:
        by_id = {ids.taxonomy_id(name): name for name in TAXONOMY_NAMES}
        filters.taxonomy = by_id.get(raw_taxonomy.strip().lower())
        filters.unknown_filter |= filters.taxonomy is None
    raw_after = request.args.get("modified_after")
    if raw_after:
        try:
            moment = datetime.fromisoformat(raw_after.strip().replace("Z", "+00:00"))
        except ValueError:
            raise BadParameter(
                gettext("modified_after must be a date and time such as 2025-01-31T12:00:00Z.")
            ) from None
        filters.modified_after = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return filters


def _near() -> Near | None:
    postcode = request.args.get("postcode", "").strip()
    proximity = request.args.get("proximity", "").strip()
    if not postcode:
        if proximity:
            raise BadParameter(gettext("proximity needs a postcode to measure from."))
        return None
    if len(postcode) > 10:
        raise BadParameter(gettext("postcode is too long."))
    if not proximity:
        return Near(postcode)
    try:
        metres = float(proximity)
    except ValueError:
        metres = -1
    if not 0 < metres <= 1_000_000:
        raise BadParameter(gettext("proximity must be a distance in metres, up to 1000000."))
    return Near(postcode, metres)


# --- views -----------------------------------------------------------------------------------


@bp.get("/")
def index() -> Response:
    return cached(
        {
            "version": serialize.HSDS_VERSION,
            "profile": url_for("hsds.index", _external=True),
            "openapi_url": OFFICIAL_OPENAPI,
        },
        LONG_CACHE,
    )


@bp.get("/services")
def services() -> Response:
    page, per_page = _paging()
    full, minimal = _bool("full"), _bool("minimal")
    result = queries.services(_filters(), page, per_page, full and not minimal)
    if minimal:
        contents = [
            {
                k: v
                for k, v in serialize.service_brief(s, s.organization).items()
                if k in ("id", "name", "status", "last_modified")
            }
            for s in result.items
        ]
    elif full:
        contents = [serialize.service(s, s.organization) for s in result.items]
    else:
        contents = [
            serialize.service_brief(s, s.organization)
            | {"organization": serialize.organization_brief(s.organization)}
            for s in result.items
        ]
    return cached(result.envelope(contents))


@bp.get("/services/<uuid:hsds_id>")
def service(hsds_id: uuid.UUID) -> Response | tuple[Response, int]:
    found = queries.service(hsds_id)
    if found is None:
        return _not_found()
    return cached(serialize.service(found, found.organization))


@bp.get("/organizations")
def organizations() -> Response:
    page, per_page = _paging()
    full = _bool("full")
    _bool("full_service")  # services are always given in full when the organization is
    result = queries.organizations(_search(), page, per_page, full)
    if full:
        contents = [serialize.organization(org) for org in result.items]
    else:
        contents = [serialize.organization_brief(org) for org in result.items]
    return cached(result.envelope(contents))


@bp.get("/organizations/<uuid:hsds_id>")
def organization(hsds_id: uuid.UUID) -> Response | tuple[Response, int]:
    _bool("full_service")
    found = queries.organization(hsds_id)
    if found is None:
        return _not_found()
    return cached(serialize.organization(found))


@bp.get("/service_at_locations")
def services_at_locations() -> Response | tuple[Response, int]:
    page, per_page = _paging()
    full = _bool("full")
    try:
        result = queries.services_at_locations(_filters(), _near(), page, per_page, full)
    except UnknownPostcode:
        return api_error(400, [gettext("This postcode is not a Canadian postal code we know.")])
    if full:
        contents = [serialize.service_at_location(svc, loc) for svc, loc in result.items]
    else:
        contents = [serialize.service_at_location_list_item(svc, loc) for svc, loc in result.items]
    return cached(result.envelope(contents))


@bp.get("/service_at_locations/<uuid:hsds_id>")
def service_at_location(hsds_id: uuid.UUID) -> Response | tuple[Response, int]:
    found = queries.service_at_location(hsds_id)
    if found is None:
        return _not_found()
    return cached(serialize.service_at_location(*found))


@bp.get("/taxonomies")
def taxonomies() -> Response:
    page, per_page = _paging()
    search = (_search() or "").lower()
    names = [name for name, title in TAXONOMY_NAMES.items() if search in title.lower()]
    chosen = names[(page - 1) * per_page : page * per_page]
    result = queries.Page(chosen, len(names), page, per_page)
    return cached(result.envelope([taxonomy_document(name) for name in chosen]), LONG_CACHE)


@bp.get("/taxonomies/<uuid:hsds_id>")
def taxonomy(hsds_id: uuid.UUID) -> Response | tuple[Response, int]:
    by_id = {ids.taxonomy_id(name): name for name in TAXONOMY_NAMES}
    name = by_id.get(str(hsds_id))
    if name is None:
        return _not_found()
    return cached(taxonomy_document(name), LONG_CACHE)


@bp.get("/taxonomy_terms")
def taxonomy_terms() -> Response:
    page, per_page = _paging()
    search = (_search() or "").lower()
    terms = list(queries.terms_by_id().values())
    if search:
        terms = [t for t in terms if search in t.name.lower() or search in t.code.lower()]
    raw_taxonomy = request.args.get("taxonomy_id")
    if raw_taxonomy:
        terms = [t for t in terms if ids.taxonomy_id(t.vocabulary) == raw_taxonomy.strip().lower()]
    _bool("top_only")  # every term is a top term: our vocabularies are flat
    if request.args.get("parent_id"):
        terms = []  # ... so no term has a parent
    chosen = terms[(page - 1) * per_page : page * per_page]
    result = queries.Page(chosen, len(terms), page, per_page)
    return cached(result.envelope([term_document(t) for t in chosen]), LONG_CACHE)


@bp.get("/taxonomy_terms/<uuid:hsds_id>")
def taxonomy_term(hsds_id: uuid.UUID) -> Response | tuple[Response, int]:
    term = queries.terms_by_id().get(str(hsds_id))
    if term is None:
        return _not_found()
    return cached(term_document(term), LONG_CACHE)
