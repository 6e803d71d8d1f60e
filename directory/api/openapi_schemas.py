"""Response schemas of the OpenAPI document (``components.schemas``), written by hand.

Objects are closed (``additionalProperties: false``) so that the schemathesis run in the test
suite fails if a response ever grows a field nobody documented — an address, say.
"""

from __future__ import annotations

from typing import Any

from directory.models import (
    SELF_REFERRAL_AGES,
    AreaKind,
    CapacityStatus,
    FirstResponse,
    ReferralMethod,
)


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "required": list(properties),
        "properties": properties,
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def _nullable(type_: str, **extra: Any) -> dict[str, Any]:
    return {"type": type_, "nullable": True, **extra}


STRING = {"type": "string"}
INTEGER = {"type": "integer", "minimum": 0}
BOOLEAN = {"type": "boolean"}
STRINGS = {"type": "array", "items": STRING}
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
    "self_referral_min_age": _nullable(
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
REFERRAL_PATHWAY = _object(
    {**PATHWAY_FIELDS, "referrer_checklist": _nullable("string")},
    "A service's referral pathway; `referrer_checklist`: what the referrer should have ready.",
)
PATHWAY_SUMMARY = {
    **_object(
        PATHWAY_FIELDS,
        "Its services' pathways together: any sector one takes referrals from; self-referral, "
        "warm handoff, no police if one offers it (from the lowest age); the fastest first "
        "response. Null when it lists no service.",
    ),
    "nullable": True,
}

PLACE_SUGGESTION = _object({"name": STRING, "province": _nullable("string")})

SEARCH_RESULT = _object(
    {
        "slug": STRING,
        "name": STRING,
        "sectors": STRINGS,
        "city": _nullable("string", description="City of the first location (public)."),
        "province": _nullable("string", description="Its province or territory code."),
        "distance_km": _nullable(
            "number", minimum=0, description="From the searched place, to 0.1 km."
        ),
        "serves_area": {
            "type": "boolean",
            "description": "Listed because it serves the place (province, region, Canada-wide "
            "or online), not because it is within the radius.",
        },
        "url": {"type": "string", "format": "uri"},
        "serves_because": _object(
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
        "phone": _nullable("string", description="The organization's public phone number."),
        "accepting_referrals": _nullable(
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
    "province": _nullable("string"),
    "lat": {"type": "number"},
    "lng": {"type": "number"},
}

SEARCH_PAGE = _object(
    {
        "total": INTEGER,
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1},
        "pages": {"type": "integer", "minimum": 1},
        "place": {
            **_object(
                PLACE_FIELDS,
                "The place `near` resolved to (a public place, never an organization's).",
            ),
            "nullable": True,
        },
        "did_you_mean": {"type": "array", "items": _ref("PlaceSuggestion")},
        "matched": {
            "type": "string",
            "enum": ["all", "some"],
            "description": "`all`: every result has every keyword (or one of its synonyms, "
            "or a term it names). `some`: no organization had all of them (with these "
            "filters and place), so these results have some, those with the most first.",
        },
        "results": {"type": "array", "items": _ref("SearchResult")},
        "groups": _object({"nearby": INTEGER, "serves_area": INTEGER}),
        "facets": _object(
            {
                "sector": COUNTS,
                "service": COUNTS,
                "population": COUNTS,
                "language": COUNTS,
                "province": COUNTS,
                "referral_from": COUNTS,
                "flags": _object(
                    {
                        "open_24_7": INTEGER,
                        "accepting_referrals": INTEGER,
                        "online": INTEGER,
                        "self_referral": INTEGER,
                        "no_police_required": INTEGER,
                    }
                ),
            }
        ),
        "nearest_beyond": {
            "type": "array",
            "maxItems": 5,
            "items": _ref("SearchResult"),
            "description": "When fewer than five organizations match within `radius_km` of "
            "`near`: the nearest other matches (same keywords and filters) beyond it, nearest "
            "first, each with `distance_km`. Not counted in `total`; empty otherwise.",
        },
        "place_in_query": {
            **_object(
                {
                    "near": {"type": "string", "description": "The words naming the place."},
                    "q": {"type": "string", "description": "The other keywords."},
                    "place": _object(PLACE_FIELDS, "The place (a public place name)."),
                },
                "Without `near`, a place named at the start or end of `q` (an exact name "
                "in the offline gazetteer, or a postal code): search again with these `near` "
                "and `q`. Null otherwise.",
            ),
            "nullable": True,
        },
    }
)

SERVICE_AREA = _object(
    {
        "kind": {"type": "string", "enum": [kind.value for kind in AreaKind]},
        "province": _nullable("string"),
        "region": _nullable("string"),
        "radius_km": _nullable("number"),
        "description": {"type": "string", "description": "The area in words."},
    },
    "Where an organization or service works. A radius's centre is not published.",
)

CAPACITY = _object(
    {
        "status": {"type": "string", "enum": [status.value for status in CapacityStatus]},
        "places": _nullable("integer", minimum=0, description="Places available, if said."),
        "updated_at": _nullable("string", format="date-time"),
        "stale": {
            **BOOLEAN,
            "description": "Said longer ago than the site's CAPACITY_STALE_DAYS (14 by "
            "default): read it as unknown.",
        },
        "current": {
            **BOOLEAN,
            "description": "Said (not unknown) and not stale: it decides "
            "`accepting_referrals`, which otherwise is the listing's own answer.",
        },
    },
    "What the service's own people last said about taking someone new, in one click and "
    "without moderation.",
)

SERVICE = _object(
    {
        "name": STRING,
        "description": STRING,
        "service_types": STRINGS,
        "populations": STRINGS,
        "languages": STRINGS,
        "eligibility": _nullable("string"),
        "fees": _nullable("string"),
        "referral_method": {"type": "string", "enum": [m.value for m in ReferralMethod]},
        "intake_hours": _nullable("string"),
        "open_24_7": BOOLEAN,
        "accepting_referrals": BOOLEAN,
        "capacity": CAPACITY,
        "delivered_online": BOOLEAN,
        "referral_pathway": _ref("ReferralPathway"),
        "service_areas": {"type": "array", "items": _ref("ServiceArea")},
    }
)

LOCATION = _object(
    {
        "name": _nullable("string"),
        "address": _nullable("string"),
        "city": STRING,
        "province": STRING,
        "postal_code": _nullable("string"),
        "confidential": BOOLEAN,
    },
    "A confidential location has only city and province: name, address and postal code are "
    "null. No location carries coordinates.",
)

REFERRAL_CONTACT = _object(
    {
        "name": STRING,
        "role": _nullable("string"),
        "email": _nullable("string"),
        "phone": _nullable("string"),
        "preferred_method": STRING,
        "notes": _nullable("string"),
    },
    "A public referral contact. Contacts reserved for vetted professionals are never here.",
)

ORGANIZATION = _object(
    {
        "slug": STRING,
        "name": STRING,
        "alternate_name": _nullable("string"),
        "description": STRING,
        "description_fr": _nullable("string"),
        "website": _nullable("string"),
        "email": _nullable("string"),
        "phone": _nullable("string"),
        "sectors": STRINGS,
        "services": {"type": "array", "items": _ref("Service")},
        "service_areas": {"type": "array", "items": _ref("ServiceArea")},
        "locations": {"type": "array", "items": _ref("Location")},
        "referral_contacts": {"type": "array", "items": _ref("ReferralContact")},
        "verified_at": _nullable("string", format="date-time"),
        "url": {"type": "string", "format": "uri"},
    }
)


def _terms(identifier: str) -> dict[str, Any]:
    term = _object({identifier: STRING, "name_en": STRING, "name_fr": STRING})
    return {"type": "array", "items": term}


TAXONOMY = _object(
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
        "did_you_mean": {"type": "array", "items": _ref("PlaceSuggestion")},
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
    "ReferralPathway": REFERRAL_PATHWAY,
    "ServiceArea": SERVICE_AREA,
    "Location": LOCATION,
    "ReferralContact": REFERRAL_CONTACT,
    "Taxonomy": TAXONOMY,
}
