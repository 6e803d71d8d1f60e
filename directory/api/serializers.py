"""Plain dicts for the JSON API, built from the same public views the pages use.

Profiles come from ``directory.public.profiles``, made of ``directory.privacy``'s public
values: confidential addresses and professionals-only contacts are already gone and there is
no ORM row to read past them, so the API cannot show more than the public profile page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from flask import url_for

from directory.geo import Lookup, Place, PlaceKind
from directory.models import ProvinceLike, ServiceArea, TermLike
from directory.pathways import ReferralPathway
from directory.privacy import PublicContact, PublicLocation
from directory.public.presenters import describe_area
from directory.public.profiles import OrganizationProfile, ServiceEntry
from directory.search.place_words import PlaceInQuery
from directory.search.points import nearest_point
from directory.search.service import ResultRow, SearchPage


def iso_utc(moment: datetime | None) -> str | None:
    """``2025-03-01T14:05:00Z`` (seconds precision, always UTC), or None."""
    if moment is None:
        return None
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def profile_url(slug: str) -> str:
    return url_for("public.organization", slug=slug, _external=True)


def slugs(terms: Iterable[TermLike]) -> list[str]:
    return [term.slug for term in terms]


# --- Search -------------------------------------------------------------------------------


def search_page(page: SearchPage) -> dict[str, Any]:
    centre = page.place if page.place and page.place.kind is not PlaceKind.PROVINCE else None
    facets: dict[str, Any] = {facet: dict(counts) for facet, counts in page.facets.items()}
    facets["flags"] = dict(page.flag_counts)
    return {
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "pages": page.pages,
        "place": place(page.place),
        "did_you_mean": did_you_mean(page.lookup),
        "matched": page.matched,
        "results": [search_result(row, centre) for row in page.rows],
        "groups": {"nearby": page.nearby_count, "serves_area": page.serves_area_count},
        "facets": facets,
        "nearest_beyond": [search_result(row, centre) for row in page.nearest_beyond],
        "place_in_query": place_in_query(page.place_in_query),
    }


def place_in_query(found: PlaceInQuery | None) -> dict[str, Any] | None:
    """A place typed among the keywords: search again with ``near`` and ``q`` as given."""
    if found is None:
        return None
    return {"near": found.near, "q": found.q, "place": place(found.place)}


def place(found: Place | None) -> dict[str, Any] | None:
    """The searched place (a public place name, never an organization's address)."""
    if found is None:
        return None
    return {
        "name": found.display_name,
        "province": found.province,
        "lat": round(found.latitude, 4),
        "lng": round(found.longitude, 4),
    }


def did_you_mean(lookup: Lookup | None) -> list[dict[str, Any]]:
    if lookup is None:
        return []
    return [{"name": p.display_name, "province": p.province} for p in lookup.alternatives]


def search_result(row: ResultRow, centre: Place | None = None) -> dict[str, Any]:
    """One result; ``city`` and ``province`` are those of the location its distance is
    measured to (the nearest to ``centre``), as the page shows them."""
    organization = row.organization
    location = nearest_point(organization.locations, centre)[0] or row.location
    distance = None if row.distance_km is None else round(row.distance_km, 1)
    result: dict[str, Any] = {
        "slug": organization.slug,
        "name": organization.name,
        "sectors": slugs(organization.sectors),
        "city": location.city if location else None,
        "province": location.province_code if location else None,
        "distance_km": distance,
        "serves_area": row.serves_area,
        "url": profile_url(organization.slug),
        # What a referrer decides on (public only: never the professionals-only line).
        "phone": organization.phone,
        "accepting_referrals": organization.accepting_referrals,
        "populations": slugs(organization.populations),
        "referral_methods": list(organization.referral_methods),
        "languages": slugs(organization.languages),
        "referral_pathway": _summary(organization.referral_pathway),
    }
    if row.serves_because is not None:  # only in the "serves this area" group
        result["serves_because"] = {
            "kind": row.serves_because.kind,
            "label": row.serves_because.label,
        }
    return result


def _summary(pathway: ReferralPathway | None) -> dict[str, Any] | None:
    """An organization's services' pathway together, without the per-service checklist."""
    if pathway is None:
        return None
    summary = pathway.as_json()
    del summary["referrer_checklist"]
    return summary


# --- Organization profile -----------------------------------------------------------------


def organization_profile(profile: OrganizationProfile) -> dict[str, Any]:
    organization = profile.organization
    return {
        "slug": organization.slug,
        "name": organization.name,
        "alternate_name": organization.alternate_name,
        "description": organization.description or "",
        "description_fr": organization.description_fr,
        "website": organization.website,
        "email": organization.email,
        "phone": organization.phone,
        "sectors": slugs(organization.sectors),
        "services": [service_entry(entry) for entry in profile.services],
        "service_areas": [service_area(area) for area in profile.areas],
        "locations": [public_location(location) for location in profile.locations],
        "referral_contacts": [contact(c) for c in profile.public_contacts],
        "verified_at": iso_utc(organization.verified_at),
        "url": profile_url(organization.slug),
    }


def service_entry(entry: ServiceEntry) -> dict[str, Any]:
    service = entry.service
    return {
        "name": service.name,
        "description": service.description or "",
        "service_types": slugs(service.types),
        "populations": slugs(service.populations),
        "languages": slugs(service.languages),
        "eligibility": service.eligibility,
        "fees": service.fees,
        "referral_method": service.referral_method,
        "intake_hours": service.intake_hours,
        "open_24_7": service.open_24_7,
        "accepting_referrals": service.accepting_referrals,
        "capacity": service.capacity.as_json(),
        "delivered_online": service.delivered_online,
        "referral_pathway": service.referral_pathway.as_json(),
        "service_areas": [service_area(area) for area in entry.areas],
    }


def service_area(area: ServiceArea) -> dict[str, Any]:
    """Kind, province, region and radius. A radius's centre is left out: it may be the
    coordinates of a confidential location; ``description`` names its city instead."""
    return {
        "kind": area.kind,
        "province": area.province_code,
        "region": area.region_name,
        "radius_km": area.radius_km,
        "description": describe_area(area),
    }


def public_location(location: PublicLocation) -> dict[str, Any]:
    return {
        "name": location.name,
        "address": location.address,
        "city": location.city,
        "province": location.province.code,
        "postal_code": location.postal_code,
        "confidential": location.confidential,
    }


def contact(referral_contact: PublicContact) -> dict[str, Any]:
    return {
        "name": referral_contact.name,
        "role": referral_contact.role,
        "email": referral_contact.email,
        "phone": referral_contact.phone,
        "preferred_method": referral_contact.preferred_method,
        "notes": referral_contact.notes,
    }


# --- Taxonomy -----------------------------------------------------------------------------

# URL parameter (as in vocabulary_options) → key in the taxonomy document
TAXONOMY_KEYS = {
    "sector": "sectors",
    "service": "service_types",
    "population": "populations",
    "language": "languages",
    "province": "provinces",
}


def taxonomy(options: Mapping[str, Mapping[str, TermLike | ProvinceLike]]) -> dict[str, Any]:
    """Every vocabulary in display order. Languages and provinces are keyed by ``code``
    (ISO 639, postal abbreviation); the others by ``slug``. Both are the search values."""
    document: dict[str, Any] = {"parameters": dict(TAXONOMY_KEYS)}
    for parameter, key in TAXONOMY_KEYS.items():
        identifier = "code" if parameter in ("language", "province") else "slug"
        document[key] = [
            {identifier: value, "name_en": term.name_en, "name_fr": term.name_fr}
            for value, term in options[parameter].items()
        ]
    return document
