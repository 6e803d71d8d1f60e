"""Response schemas of a listing in the OpenAPI document: an organization with its services,
locations, areas served and referral contacts (closed objects, like every schema here)."""

from __future__ import annotations

from directory.api.openapi_types import (
    BOOLEAN,
    STRING,
    STRINGS,
    closed_object,
    nullable,
    ref,
)
from directory.models import (
    AccessibilityFeature,
    AreaKind,
    CapacityStatus,
    PhoneType,
    ReferralMethod,
    ServiceStatus,
)

SERVICE_AREA = closed_object(
    {
        "kind": {"type": "string", "enum": [kind.value for kind in AreaKind]},
        "province": nullable("string"),
        "region": nullable("string"),
        "radius_km": nullable("number"),
        "description": {"type": "string", "description": "The area in words."},
    },
    "Where an organization or service works. A radius's centre is not published.",
)

TIME = {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$"}
HOURS = {
    **closed_object(
        {
            "time_zone": STRING,
            "rules": {
                "type": "array",
                "items": closed_object(
                    {
                        "days": {
                            "type": "array",
                            "items": {"type": "integer", "minimum": 0, "maximum": 6},
                        },
                        "opens": TIME,
                        "closes": TIME,
                    },
                    "Days 0 (Monday) to 6 (Sunday); a closing time not after the opening "
                    "time is the next day's.",
                ),
            },
            "closures": {
                "type": "array",
                "items": closed_object(
                    {"date": {"type": "string", "format": "date"}, "note": STRING}
                ),
            },
            "notes": STRING,
        },
        "Structured opening hours in the local time of `time_zone` (the province's).",
    ),
    "nullable": True,
}
CAPACITY = closed_object(
    {
        "status": {"type": "string", "enum": [status.value for status in CapacityStatus]},
        "places": nullable("integer", minimum=0, description="Places available, if said."),
        "updated_at": nullable("string", format="date-time"),
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
PHONE = closed_object(
    {
        "number": STRING,
        "extension": nullable("string"),
        "description": nullable("string", description='What it is for, such as "Intake".'),
        "type": {"type": "string", "enum": [kind.value for kind in PhoneType]},
        "language": nullable("string", description="ISO 639 code of the language answered."),
    }
)
PHONES = {"type": "array", "items": ref("Phone")}

SERVICE = closed_object(
    {
        "name": STRING,
        "description": STRING,
        "service_types": STRINGS,
        "populations": STRINGS,
        "languages": STRINGS,
        "eligibility": nullable("string"),
        "fees": nullable("string"),
        "referral_method": {"type": "string", "enum": [m.value for m in ReferralMethod]},
        "intake_hours": nullable("string"),
        "open_24_7": BOOLEAN,
        "accepting_referrals": BOOLEAN,
        "capacity": CAPACITY,
        "delivered_online": BOOLEAN,
        "referral_pathway": ref("ReferralPathway"),
        "service_areas": {"type": "array", "items": ref("ServiceArea")},
        "hours": HOURS,
        "email": nullable("string", description="The service's own; never its organization's."),
        "website": nullable("string"),
        "phones": PHONES,
        "required_documents": {**STRINGS, "description": "What to bring, one item each."},
        "status": {
            "type": "string",
            "enum": [s.value for s in ServiceStatus if s != ServiceStatus.DEFUNCT],
            "description": "HSDS service status; a defunct service is not listed.",
        },
        "offered_at": {
            "type": "array",
            "items": {"type": "integer", "minimum": 0},
            "description": "Where it is offered: positions in the organization's locations.",
        },
    }
)

LOCATION = closed_object(
    {
        "name": nullable("string"),
        "address": nullable("string"),
        "city": STRING,
        "province": STRING,
        "postal_code": nullable("string"),
        "confidential": BOOLEAN,
        "phones": PHONES,
        "accessibility": {
            "type": "array",
            "items": {"type": "string", "enum": [f.value for f in AccessibilityFeature]},
        },
        "accessibility_note": nullable("string"),
    },
    "A confidential location has only city, province and accessibility features: name, "
    "address, postal code and accessibility note are null, and it lists no phones. No "
    "location carries coordinates.",
)

REFERRAL_CONTACT = closed_object(
    {
        "name": STRING,
        "role": nullable("string"),
        "email": nullable("string"),
        "phone": nullable("string"),
        "preferred_method": STRING,
        "notes": nullable("string"),
    },
    "A public referral contact. Contacts reserved for vetted professionals are never here.",
)

ORGANIZATION = closed_object(
    {
        "slug": STRING,
        "name": STRING,
        "alternate_name": nullable("string"),
        "description": STRING,
        "description_fr": nullable("string"),
        "website": nullable("string"),
        "email": nullable("string"),
        "phone": nullable("string"),
        "sectors": STRINGS,
        "services": {"type": "array", "items": ref("Service")},
        "service_areas": {"type": "array", "items": ref("ServiceArea")},
        "locations": {"type": "array", "items": ref("Location")},
        "referral_contacts": {"type": "array", "items": ref("ReferralContact")},
        "verified_at": nullable("string", format="date-time"),
        "url": {"type": "string", "format": "uri"},
    }
)
