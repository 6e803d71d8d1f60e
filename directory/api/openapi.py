"""The OpenAPI 3.0 document of API v1, served at ``/api/v1/openapi.json``.

Written by hand (paths here, response schemas in ``openapi_schemas``). Filter values are the
fixed vocabularies of ``directory.taxonomy``, whose slugs never change once published.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from directory.api.openapi_schemas import SCHEMAS
from directory.response.openapi import RESPONSE_SCHEMAS, response_path
from directory.search.params import DEFAULT_RADIUS_KM, MAX_PAGE, MAX_RADIUS_KM
from directory.taxonomy import LANGUAGES, POPULATIONS, PROVINCES, SECTORS, SERVICE_TYPES

JSON = "application/json"


def _json(schema: str, description: str, cache: bool = False) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {JSON: {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }
    if cache:
        response["headers"] = {
            "Cache-Control": {
                "description": "Public, short-lived: the data is anonymous.",
                "schema": {"type": "string"},
            }
        }
    return response


SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}

ERRORS = {
    "400": _json("Error", "A parameter is invalid, or `near` names no known place."),
    "404": _json("Error", "Not found (or a page past the last one)."),
}


def _multi(name: str, values: list[tuple[str, str, str]], description: str) -> dict[str, Any]:
    """A repeatable filter (``sector=a&sector=b``): values are OR-ed."""
    return {
        "name": name,
        "in": "query",
        "description": f"{description} Repeat to match any of several.",
        "style": "form",
        "explode": True,
        "schema": {"type": "array", "items": {"type": "string", "enum": [v[0] for v in values]}},
    }


def _flag(name: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "description": f"{description} `1` (or `true`) to filter; `0` or absent for all.",
        "schema": {"type": "integer", "enum": [0, 1]},
    }


def _integer(name: str, description: str, **limits: int) -> dict[str, Any]:
    schema = {"type": "integer", **limits}
    return {"name": name, "in": "query", "description": description, "schema": schema}


def search_parameters(config: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "name": "q",
            "in": "query",
            "description": "Keywords, matched in names, descriptions and services.",
            "schema": {"type": "string"},
        },
        _multi("sector", SECTORS, "Sector slug (see /api/v1/taxonomy)."),
        _multi("service", SERVICE_TYPES, "Service type slug."),
        _multi("population", POPULATIONS, "Population served slug."),
        _multi("language", LANGUAGES, "Language code (ISO 639)."),
        _multi("province", PROVINCES, "Province or territory, two letters."),
        _multi(
            "referral_from",
            SECTORS,
            "The referrer's sector: only organizations with a service taking referrals from it.",
        ),
        {
            "name": "near",
            "in": "query",
            "description": "A place: a name, “City, PROV”, or a Canadian postal code. "
            "Results within `radius_km` come first, then organizations serving the place.",
            "schema": {"type": "string"},
        },
        _integer(
            "radius_km",
            "Radius around `near`, in kilometres.",
            minimum=1,
            maximum=MAX_RADIUS_KM,
            default=DEFAULT_RADIUS_KM,
        ),
        _flag("open_24_7", "Only organizations with a service open 24/7."),
        _flag("accepting_referrals", "Only organizations accepting referrals."),
        _flag("online", "Only organizations serving online."),
        _flag(
            "self_referral",
            "Only organizations with a service young people may refer themselves to.",
        ),
        _flag(
            "no_police_required", "Only organizations with a service needing no police involvement."
        ),
        _flag("step_free", "Only organizations with a location that has a step-free entrance."),
        _flag(
            "open_now",
            "Only organizations with a service open at this moment, by its hours in its "
            "province's time zone.",
        ),
        _flag(
            "local_only",
            "With `near`: leave out organizations that serve the place only because they "
            "serve all of Canada or online (a region, radius or province over it still counts).",
        ),
        _integer("page", "Page number.", minimum=1, maximum=MAX_PAGE, default=1),
        _integer(
            "per_page",
            "Results per page.",
            minimum=1,
            maximum=config["PER_PAGE_MAX"],
            default=config["PER_PAGE_DEFAULT"],
        ),
    ]


def openapi_document(config: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Partner & Resource Directory API",
            "version": "1.0.0",
            "description": "Read-only, anonymous access to the published listings of a "
            "directory of organizations fighting child sex trafficking and online child "
            "sexual exploitation in Canada. Confidential addresses and referral contacts "
            "reserved for vetted professionals are never part of any response.",
        },
        "paths": {
            "/api/v1/search": {
                "get": {
                    "operationId": "search",
                    "summary": "Search published organizations (same parameters as /search)",
                    "parameters": search_parameters(config),
                    "responses": {
                        "200": _json("SearchPage", "One page of results.", cache=True),
                        **ERRORS,
                    },
                }
            },
            "/api/v1/organizations/{slug}": {
                "get": {
                    "operationId": "getOrganization",
                    "summary": "The public profile of one published organization",
                    "parameters": [SLUG],
                    "responses": {
                        "200": _json("Organization", "The public profile.", cache=True),
                        "404": ERRORS["404"],
                    },
                }
            },
            "/api/v1/response": response_path(_json, ERRORS),
            "/api/v1/taxonomy": {
                "get": {
                    "operationId": "getTaxonomy",
                    "summary": "Every vocabulary, with English and French labels",
                    "responses": {"200": _json("Taxonomy", "The vocabularies.", cache=True)},
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "operationId": "getOpenAPI",
                    "summary": "This document",
                    "responses": {
                        "200": {
                            "description": "The OpenAPI document.",
                            "content": {JSON: {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
        },
        "components": {"schemas": SCHEMAS | RESPONSE_SCHEMAS},
    }
