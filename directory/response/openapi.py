"""The response card's part of the API v1 OpenAPI document: its path and schemas (closed
objects, like the rest: a field nobody documented fails the schemathesis run)."""

from __future__ import annotations

from typing import Any

from directory.models import ReferralMethod
from directory.response.roles import ROLES
from directory.response.services import PER_ROLE, RESPONSE_RADIUS_KM, SERVING_PER_GAP


def _object(properties: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": list(properties),
        "properties": properties,
        "additionalProperties": False,
        "description": description,
    }


def _nullable(type_: str, description: str = "", **extra: Any) -> dict[str, Any]:
    return {"type": type_, "nullable": True, "description": description, **extra}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


RESPONSE_ENTRY = _object(
    {
        "slug": {"type": "string"},
        "name": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
        "city": _nullable("string", "City of the public location the distance is measured to."),
        "province": _nullable("string", "Its province or territory code."),
        "distance_km": _nullable("number", "From the place, to 0.1 km.", minimum=0),
        "phone": _nullable("string", "The organization's public phone number."),
        "accepting_referrals": _nullable(
            "boolean", "Whether any service takes referrals now (null: no service listed)."
        ),
        "referral_methods": {
            "type": "array",
            "items": {"type": "string", "enum": [m.value for m in ReferralMethod]},
        },
        "last_confirmed": _nullable(
            "string", "When a moderator last confirmed the listing (UTC).", format="date-time"
        ),
        "serves_because": _nullable(
            "string", "In `serving` only: how it serves the place (“All of Ontario”)."
        ),
    },
    "One organization on the card. Public details only.",
)

RESPONSE_ROLE = _object(
    {
        "role": {"type": "string", "enum": [role.slug for role in ROLES]},
        "label": {"type": "string", "description": "In the response's language."},
        "filters": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": "The search filters that fill the role (`/api/v1/search`).",
        },
        "gap": {"type": "boolean", "description": f"None within {RESPONSE_RADIUS_KM} km."},
        "nearby": {
            "type": "array",
            "maxItems": PER_ROLE,
            "items": _ref("ResponseEntry"),
            "description": f"The nearest within {RESPONSE_RADIUS_KM} km, nearest first.",
        },
        "serving": {
            "type": "array",
            "maxItems": SERVING_PER_GAP,
            "items": _ref("ResponseEntry"),
            "description": "In a gap: organizations based farther away that serve the place "
            "by a region, radius or its province (not Canada-wide or online ones).",
        },
        "nearest_beyond": {
            **_ref("ResponseEntry"),
            "nullable": True,
            "description": "In a gap: the nearest organization farther away; else null.",
        },
    },
    "One role of a response. Roles that narrow another (a specialized police unit, "
    "sexual-assault care) appear only where one is within the radius.",
)

RESPONSE_CARD = _object(
    {
        "place": _object(
            {
                "name": {"type": "string"},
                "province": _nullable("string"),
                "lat": {"type": "number"},
                "lng": {"type": "number"},
            },
            "The place `near` resolved to (a public place, never an organization's).",
        ),
        "did_you_mean": {"type": "array", "items": _ref("PlaceSuggestion")},
        "radius_km": {"type": "integer", "enum": [RESPONSE_RADIUS_KM]},
        "roles": {"type": "array", "items": _ref("ResponseRole")},
    },
    "The local response card of a place, as the /response page shows it.",
)

RESPONSE_SCHEMAS = {
    "ResponseCard": RESPONSE_CARD,
    "ResponseRole": RESPONSE_ROLE,
    "ResponseEntry": RESPONSE_ENTRY,
}


def response_path(json_response: Any, errors: dict[str, Any]) -> dict[str, Any]:
    """``/api/v1/response``; ``json_response`` and ``errors`` come from the API document."""
    return {
        "get": {
            "operationId": "getResponseCard",
            "summary": "The local response card of a place (as /response shows it)",
            "parameters": [
                {
                    "name": "near",
                    "in": "query",
                    "required": True,
                    "description": "A place: a name, “City, PROV”, or a Canadian postal code "
                    "(not a province: a card is for one place).",
                    "schema": {"type": "string"},
                }
            ],
            "responses": {
                "200": json_response("ResponseCard", "The card.", cache=True),
                "400": errors["400"],
            },
        }
    }
