"""API v1 views: read the request, call one service, serialize. Errors keep one JSON shape.

A bad parameter is refused with 400 (the HTML page drops it and shows a notice instead): a
program that sends ``sector=polcing`` should hear about it, not silently get every sector.
A page past the last one is 404, as on ``/search``.
"""

from __future__ import annotations

from flask import Response, current_app, request
from flask_babel import gettext

from directory.api import bp, serializers
from directory.api.openapi import openapi_document
from directory.api.responses import LONG_CACHE, api_error, cached
from directory.coverage.demand import count_empty_search
from directory.extensions import db
from directory.public.services import published_profile
from directory.response.serializers import response_card
from directory.response.services import build_card
from directory.search.params import parse_search_args
from directory.search.service import search as run_search
from directory.search.service import vocabulary_options


@bp.get("/search")
def search() -> Response | tuple[Response, int]:
    options = vocabulary_options()
    params, notices = parse_search_args(request.args, options)
    if notices:
        return api_error(400, notices)
    page = run_search(params, options)
    if page.place_unknown:
        message = gettext("No place called “%(near)s” was found in Canada.", near=params.near)
        return api_error(400, [message], did_you_mean=serializers.did_you_mean(page.lookup))
    if page.page_out_of_range and params.page > 1:
        message = gettext("There is no such page: the last page is %(last)d.", last=page.pages)
        return api_error(404, [message])
    if count_empty_search(page):  # found nothing: one counter row, no words (docs/coverage.md)
        db.session.commit()
    return cached(serializers.search_page(page))


@bp.get("/organizations/<slug>")
def organization(slug: str) -> Response | tuple[Response, int]:
    profile = published_profile(slug, with_partners=False)  # not in the JSON
    if profile is None:
        return api_error(404, [gettext("No published organization has this address.")])
    return cached(serializers.organization_profile(profile))


@bp.get("/response")
def response() -> Response | tuple[Response, int]:
    """The local response card (as ``/response``), anonymous: public details only."""
    card = build_card(request.args.get("near", ""))
    if not card.near:
        return api_error(400, [gettext("Name a place: near is required.")])
    if card.problem:
        return api_error(400, [card.problem], did_you_mean=serializers.did_you_mean(card.lookup))
    return cached(response_card(card))


@bp.get("/taxonomy")
def taxonomy() -> Response:
    return cached(serializers.taxonomy(vocabulary_options()), LONG_CACHE)


@bp.get("/openapi.json")
def openapi() -> Response:
    return cached(openapi_document(current_app.config), LONG_CACHE)
