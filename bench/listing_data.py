"""A complete listing form as a browser posts it (as in tests/listing_helpers.py), for the
load test and the fault scripts. Kept apart from bench/locustfile.py, which patches the
standard library (gevent) when imported."""

from __future__ import annotations


def listing_form(name: str, revision: int = 0) -> dict[str, object]:
    """A complete listing form, as tests/listing_helpers.py posts it, with a new description."""
    return {
        "organization-name": name,
        "organization-description": f"Counselling for youth, revision {revision}.",
        "organization-website": "https://load.example.org",
        "organization-email": "info@load.example.org",
        "organization-phone": "(807) 555-0142",
        "sectors": ["mental-health", "social-family"],
        "services-0-name": "Youth counselling",
        "services-0-description": "Trauma-informed counselling for youth 12 to 17.",
        "services-0-types": ["counselling"],
        "services-0-populations": ["youth-12-17"],
        "services-0-languages": ["en", "fr"],
        "services-0-referral_method": "both",
        "services-0-accepting_referrals": "y",
        "locations-0-name": "Main office",
        "locations-0-address": "12 Example Street",
        "locations-0-city": "Thunder Bay",
        "locations-0-province": "ON",
        "locations-0-postal_code": "p7b1a1",
        "service_areas-0-kind": "region",
        "service_areas-0-province": "ON",
        "service_areas-0-region_name": "Thunder Bay",
        "contacts-0-name": "Intake coordinator",
        "contacts-0-email": "intake@load.example.org",
        "contacts-0-phone": "807 555 0143",
        "contacts-0-preferred_method": "phone",
        "contacts-0-visibility": "professionals",
        "submit": "Submit for review",
    }
