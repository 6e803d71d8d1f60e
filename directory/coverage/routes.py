"""Coverage pages: gaps by distance, and the demand of searches that found nothing. Thin
views: read the request, call one service, render."""

from __future__ import annotations

from flask import Response, abort, render_template, request
from flask_babel import format_decimal

from directory.coverage import bp
from directory.coverage.demand import PUBLIC_MIN_SEARCHES, by_month, public_demand
from directory.coverage.gaps import MIN_POPULATION
from directory.coverage.services import BadChoice, GapsView, gaps_csv_rows, gaps_view, map_data
from directory.csv_export import csv_lines, csv_response
from directory.permissions import can_moderate, requires
from directory.search.service import vocabulary_options


def _gaps_view() -> GapsView:
    try:
        return gaps_view(request.args)
    except BadChoice as problem:
        abort(400, description=str(problem))


@bp.get("/coverage/gaps")
def gaps() -> str:
    view = _gaps_view()
    return render_template(
        "coverage/gaps.html",
        view=view,
        map_data=map_data(view),
        people=format_decimal(MIN_POPULATION),
    )


@bp.get("/coverage/gaps.csv")
def gaps_csv() -> Response:
    header, rows = gaps_csv_rows(_gaps_view())
    return csv_response(csv_lines(header, rows), "coverage-gaps.csv")


@bp.get("/coverage/demand")
def demand() -> str:
    return render_template(
        "coverage/demand.html",
        demand=public_demand(),
        options=vocabulary_options(),
        minimum=PUBLIC_MIN_SEARCHES,
    )


@bp.get("/moderation/demand")
@requires(can_moderate)
def demand_by_month() -> str:
    return render_template(
        "coverage/moderation_demand.html", rows=by_month(), options=vocabulary_options()
    )
