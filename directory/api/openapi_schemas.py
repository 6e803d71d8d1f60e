"""Response schemas of the OpenAPI document (``components.schemas``), written by hand.

Objects are closed (``additionalProperties: false``) so that the schemathesis run in the test
suite fails if a response ever grows a field nobody documented — an address, say.
"""

from __future__ import annotations

from typing import Any

from directory.api.openapi_listing_schemas import (
    LOCATION,
    ORGANIZATION,
    PHONE,
    REFERRAL_CONTACT,
    SERVICE,
    SERVICE_AREA,
)
from directory.api.openapi_types import (
    BOOLEAN,
    INTEGER,
    STRING,
    STRINGS,
    closed_object,
    nullable,
    ref,
)
from directory.models import (
    SELF_REFERRAL_AGES,
    FirstResponse,
    ReferralMethod,
)

COUNTS = {
    "type": "object",
    "additionalProperties": INTEGER,
    "description": "Value → number of matching organizations if that value were chosen too.",
}

PATHWAY_FIELDS: dict[str, Any] = {
    "accepts_referrals_from": {
        **STRINGS,
        "description": "Sector slugs it takes referrals from (see /api/v1/taxonomy).",
    },
    "self_referral": {**BOOLEAN, "description": "Young people may refer themselves."},
    "self_referral_min_age": nullable(
        "integer",
        minimum=SELF_REFERRAL_AGES.start,
        maximum=SELF_REFERRAL_AGES.stop - 1,
        description="From what age they may (null: any age, or no self-referral).",
    ),
    "warm_handoff": {
        **BOOLEAN,
        "description": "The referrer can call with the young person present.",
    },
    "first_response": {
        "type": "string",
        "nullable": True,
        "enum": [value.value for value in FirstResponse] + [None],
        "description": "Usual first response time (null: not said).",
    },
    "no_police_required": {**BOOLEAN, "description": "No police involvement required."},
}
REFERRAL_PATHWAY = closed_object(
    {**PATHWAY_FIELDS, "referrer_checklist": nullable("string")},
    "A service's referral pathway; `referrer_checklist`: what the referrer should have ready.",
)
PATHWAY_SUMMARY = {
    **closed_object(
        PATHWAY_FIELDS,
        "Its services' pathways together: any sector one takes referrals from; self-referral, "
        "warm handoff, no police if one offers it (from the lowest age); the fastest first "
        "response. Null when it lists no service.",
    ),
    "nullable": True,
}

PLACE_SUGGESTION = closed_object({"name": STRING, "province": nullable("string")})

SEARCH_RESULT = closed_object(
    {
        "slug": STRING,
        "name": STRING,
        "sectors": STRINGS,
        "city": nullable("string", description="City of the first location (public)."),
        "province": nullable("string", description="Its province or territory code."),
        "distance_km": nullable(
            "number", minimum=0, description="From the searched place, to 0.1 km."
        ),
        "serves_area": {
            "type": "boolean",
            "description": "Listed because it serves the place (province, region, Canada-wide "
            "or online), not because it is within the radius.",
        },
        "url": {"type": "string", "format": "uri"},
        "serves_because": closed_object(
            {
                "kind": {
                    "type": "string",
                    "enum": ["radius", "region", "province", "national", "online"],
                },
                "label": {
                    "type": "string",
                    "description": "In words, in the response's language: “All of "
                    "Ontario”, “Within 400 km of Sioux Lookout”.",
                },
            },
            "Why it serves the place, the most specific reason when several apply (a "
            "radius or region over the place, then its province, Canada, online). Present "
            "only when `serves_area` is true; absent for results near the place.",
        ),
        "phone": nullable("string", description="The organization's public phone number."),
        "accepting_referrals": nullable(
            "boolean",
            description="True if any of its services takes referrals now, false if none does, "
            "null when it lists no service.",
        ),
        "populations": {**STRINGS, "description": "Population slugs its services serve."},
        "referral_methods": {
            "type": "array",
            "items": {"type": "string", "enum": [method.value for method in ReferralMethod]},
            "description": "How its services take referrals (self, professional, both).",
        },
        "languages": {**STRINGS, "description": "Language codes its services are offered in."},
        "referral_pathway": PATHWAY_SUMMARY,
    }
)
# Present only in the "serves this area" group: the one optional property of a result.
SEARCH_RESULT["required"].remove("serves_because")

PLACE_FIELDS = {
    "name": STRING,
    "province": nullable("string"),
    "lat": {"type": "number"},
    "lng": {"type": "number"},
}

SEARCH_PAGE = closed_object(
    {
        "total": INTEGER,
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1},
        "pages": {"type": "integer", "minimum": 1},
        "place": {
            **closed_object(
                PLACE_FIELDS,
                "The place `near` resolved to (a public place, never an organization's).",
            ),
            "nullable": True,
        },
        "did_you_mean": {"type": "array", "items": ref("PlaceSuggestion")},
        "matched": {
            "type": "string",
            "enum": ["all", "some"],
            "description": "`all`: every result has every keyword (or one of its synonyms, "
            "or a term it names). `some`: no organization had all of them (with these "
            "filters and place), so these results have some, those with the most first.",
        },
        "results": {"type": "array", "items": ref("SearchResult")},
        "groups": closed_object({"nearby": INTEGER, "serves_area": INTEGER}),
        "facets": closed_object(
            {
                "sector": COUNTS,
                "service": COUNTS,
                "population": COUNTS,
                "language": COUNTS,
                "province": COUNTS,
                "referral_from": COUNTS,
                "flags": closed_object(
                    {
                        "open_24_7": INTEGER,
                        "accepting_referrals": INTEGER,
                        "online": INTEGER,
                        "self_referral": INTEGER,
                        "no_police_required": INTEGER,
                        "open_now": INTEGER,
                        "step_free": INTEGER,
                    }
                ),
            }
        ),
        "nearest_beyond": {
            "type": "array",
            "maxItems": 5,
            "items": ref("SearchResult"),
            "description": "When fewer than five organizations match within `radius_km` of "
            "`near`: the nearest other matches (same keywords and filters) beyond it, nearest "
            "first, each with `distance_km`. Not counted in `total`; empty otherwise.",
        },
        "place_in_query": {
            **closed_object(
                {
                    "near": {"type": "string", "description": "The words naming the place."},
                    "q": {"type": "string", "description": "The other keywords."},
                    "place": closed_object(PLACE_FIELDS, "The place (a public place name)."),
                },
                "Without `near`, a place named at the start or end of `q` (an exact name "
                "in the offline gazetteer, or a postal code): search again with these `near` "
                "and `q`. Null otherwise.",
            ),
            "nullable": True,
        },
    }
)


def _terms(identifier: str) -> dict[str, Any]:
    term = closed_object({identifier: STRING, "name_en": STRING, "name_fr": STRING})
    return {"type": "array", "items": term}


TAXONOMY = closed_object(
    {
        "parameters": {
            "type": "object",
            "additionalProperties": STRING,
            "description": "Search parameter → the list below holding its values.",
        },
        "sectors": _terms("slug"),
        "service_types": _terms("slug"),
        "populations": _terms("slug"),
        "languages": _terms("code"),
        "provinces": _terms("code"),
    }
)

ERROR = {
    "type": "object",
    "required": ["error", "messages"],
    "properties": {
        "error": {"type": "string", "description": "The HTTP status phrase."},
        "messages": {"type": "array", "items": STRING, "minItems": 1},
        "message": {"type": "string", "description": "The first message (older clients)."},
        "did_you_mean": {"type": "array", "items": ref("PlaceSuggestion")},
    },
    "additionalProperties": False,
}

SCHEMAS = {
    "Error": ERROR,
    "PlaceSuggestion": PLACE_SUGGESTION,
    "SearchResult": SEARCH_RESULT,
    "SearchPage": SEARCH_PAGE,
    "Organization": ORGANIZATION,
    "Service": SERVICE,
    "Phone": PHONE,
    "ReferralPathway": REFERRAL_PATHWAY,
    "ServiceArea": SERVICE_AREA,
    "Location": LOCATION,
    "ReferralContact": REFERRAL_CONTACT,
    "Taxonomy": TAXONOMY,
}
