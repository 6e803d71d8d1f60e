"""Public pages. Each view: read the request, call one service, render."""

from __future__ import annotations

from flask import Response, abort, render_template, request
from flask_babel import format_decimal, gettext
from flask_login import current_user

from directory.coverage.demand import count_empty_search
from directory.csv_export import csv_lines, csv_response
from directory.extensions import db, limiter
from directory.geo.sources import GAZETTEER_SOURCES, MAP_SOURCES
from directory.models import User
from directory.public import bp, search_csv, services
from directory.public.coverage import (
    DIMENSIONS,
    coverage_matrix,
    dimension_label,
    matrix_as_csv,
)
from directory.public.search_view import build_search_view
from directory.search.params import parse_search_args
from directory.search.service import search as run_search
from directory.search.service import search_for_export, vocabulary_options


def _viewer() -> User | None:
    return current_user if current_user.is_authenticated else None


@bp.get("/")
def home() -> str:
    overview = services.home_overview(_viewer())
    if any(card.direct_line for card in overview.recently_verified):
        db.session.commit()  # the audit of the direct lines shown
    return render_template("public/home.html", overview=overview)


@bp.get("/search")
def search() -> str:
    options = vocabulary_options()
    params, notices = parse_search_args(request.args, options)
    results = run_search(params, options, viewer=_viewer())
    if results.page_out_of_range and params.page > 1:
        abort(404, description=gettext("There is no such page of results."))
    audited = services.add_direct_lines(results, _viewer())
    counted = count_empty_search(results)  # found nothing: one counter row, no words
    if audited or counted:
        db.session.commit()  # the audit of the direct lines shown, the demand counted
    return render_template(
        "public/search.html",
        params=params,
        notices=notices,
        results=results,
        view=build_search_view(results, options),
        csv_max_rows=format_decimal(search_csv.MAX_ROWS),
    )


@bp.get("/search.csv")
@limiter.limit(search_csv.EXPORT_PER_ADDRESS, error_message=search_csv.too_many_exports)
def search_csv_download() -> Response:
    """The same search as ``/search``, every page at once (``search_csv.MAX_ROWS`` at most)."""
    options = vocabulary_options()
    params, _notices = parse_search_args(request.args, options)
    export = search_for_export(params, search_csv.MAX_ROWS, options)
    lines = csv_lines(search_csv.HEADER, search_csv.export_rows(export))
    counts = {"X-Total-Results": str(export.total), "X-Exported-Rows": str(len(export.hits))}
    return csv_response(lines, "directory-search.csv", headers=counts)


@bp.get("/organizations/<slug>")
def organization(slug: str) -> str:
    viewer = _viewer()
    profile = services.published_profile(slug, viewer=viewer)
    if profile is None:
        abort(404, description=gettext("No published organization has this address."))
    if profile.restricted_contacts:
        services.record_restricted_view(viewer, profile)
        db.session.commit()
    # Signed-in pages are never cached (security_headers); only signed-in viewers get here.
    return render_template("public/organization.html", profile=profile)


def _coverage_by() -> str:
    """``?by=sector|service|population`` (sector when absent; an unknown value is a 400)."""
    by = request.args.get("by", "sector").strip() or "sector"
    if by not in DIMENSIONS:
        abort(400, description=gettext("Show coverage by sector, service type or population."))
    return by


@bp.get("/coverage")
def coverage() -> str:
    by = _coverage_by()
    return render_template(
        "public/coverage.html",
        matrix=coverage_matrix(by),
        dimensions=[(key, dimension_label(key)) for key in DIMENSIONS],
        row_label=dimension_label(by),
    )


@bp.get("/coverage.csv")
def coverage_csv() -> Response:
    return Response(
        matrix_as_csv(coverage_matrix(_coverage_by())),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="coverage.csv"'},
    )


@bp.get("/about")
def about() -> str:
    return render_template("public/about.html", sources=GAZETTEER_SOURCES + MAP_SOURCES)
