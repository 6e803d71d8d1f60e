"""A listing as one JSON-able dict: what a ``Revision`` stores and a moderator approves.

The same three functions serve new listings, edits and approval::

    payload_from_form(form)            what a member typed (blank blocks left out)
    payload_from_organization(org)     the published listing, as a payload (edits, diffs)
    apply_payload(org, payload)        make the organization say what the payload says

The shape (every key always present; text fields are strings, "" when empty)::

    {
      "organization": {"name", "alternate_name", "description", "description_fr",
                       "website", "email", "phone"},
      "sectors": ["health-care", ...],                       # taxonomy slugs
      "services": [{"name", "description", "types": [slug], "populations": [slug],
                    "languages": [code], "eligibility", "fees",
                    "referral_method": "self" | "professional" | "both", "intake_hours",
                    "open_24_7": bool, "accepting_referrals": bool,
                    "delivered_online": bool}],
      "locations": [{"name", "address", "city", "province": "ON", "postal_code",
                     "confidential": bool, "latitude": float | None,
                     "longitude": float | None}],
      "service_areas": [{"kind": "national" | "province" | "region" | "radius" | "online",
                         "province": "ON" | "", "region_name", "radius_km": float | None,
                         "latitude": float | None, "longitude": float | None}],
      "contacts": [{"name", "role", "email", "phone", "preferred_method": "email" | "phone",
                    "notes", "visibility": "public" | "professionals"}],
    }
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from directory.extensions import db
from directory.models import (
    Location,
    Organization,
    ReferralContact,
    Service,
    ServiceArea,
    Vocabulary,
)
from directory.taxonomy import terms_by_slug

Payload = dict[str, Any]

ORGANIZATION_FIELDS = (
    "name",
    "alternate_name",
    "description",
    "description_fr",
    "website",
    "email",
    "phone",
)
SERVICE_TEXT = ("name", "description", "eligibility", "fees", "referral_method", "intake_hours")
SERVICE_TERMS = {
    "types": Vocabulary.SERVICE_TYPE,
    "populations": Vocabulary.POPULATION,
    "languages": Vocabulary.LANGUAGE,
}
SERVICE_FLAGS = ("open_24_7", "accepting_referrals", "delivered_online")
LOCATION_TEXT = ("name", "address", "city", "postal_code")
CONTACT_TEXT = ("name", "role", "email", "phone", "preferred_method", "notes", "visibility")


def _text(value: Any) -> str:
    return (value or "").strip() if isinstance(value, str | type(None)) else str(value)


def _point(block: Any) -> tuple[float | None, float | None]:
    return block.point if block.point is not None else (None, None)


def payload_from_form(form: Any) -> Payload:
    """The payload of a validated ``ListingForm`` (validation geocoded the places)."""
    services, locations, areas, contacts = [], [], [], []
    for entry in form.services:
        block = entry.form
        if block.is_blank():
            continue
        service = {name: _text(block[name].data) for name in SERVICE_TEXT}
        service |= {name: sorted(block[name].data or []) for name in SERVICE_TERMS}
        service |= {name: bool(block[name].data) for name in SERVICE_FLAGS}
        services.append(service)
    for entry in form.locations:
        block = entry.form
        if block.is_blank():
            continue
        latitude, longitude = _point(block)
        location = {name: _text(block[name].data) for name in LOCATION_TEXT}
        location |= {
            "province": block.province.data or "",
            "confidential": bool(block.confidential.data),
            "latitude": latitude,
            "longitude": longitude,
        }
        locations.append(location)
    for entry in form.service_areas:
        block = entry.form
        if block.is_blank():
            continue
        latitude, longitude = _point(block)
        radius = block.radius_km.data
        areas.append(
            {
                "kind": block.kind.data,
                "province": block.province.data or "",
                "region_name": _text(block.region_name.data),
                "radius_km": float(radius) if radius is not None else None,
                "latitude": latitude,
                "longitude": longitude,
            }
        )
    for entry in form.contacts:
        block = entry.form
        if not block.is_blank():
            contacts.append({name: _text(block[name].data) for name in CONTACT_TEXT})
    org = form.organization.form
    return {
        "organization": {name: _text(org[name].data) for name in ORGANIZATION_FIELDS},
        "sectors": sorted(form.sectors.data or []),
        "services": services,
        "locations": locations,
        "service_areas": areas,
        "contacts": contacts,
    }


def payload_from_organization(org: Organization) -> Payload:
    return {
        "organization": {name: _text(getattr(org, name)) for name in ORGANIZATION_FIELDS},
        "sectors": sorted(term.slug for term in org.sectors),
        "services": [
            {name: _text(getattr(s, name)) for name in SERVICE_TEXT}
            | {name: sorted(t.slug for t in getattr(s, name)) for name in SERVICE_TERMS}
            | {name: bool(getattr(s, name)) for name in SERVICE_FLAGS}
            for s in org.services
        ],
        "locations": [
            {name: _text(getattr(loc, name)) for name in LOCATION_TEXT}
            | {
                "province": loc.province_code,
                "confidential": loc.confidential,
                "latitude": loc.latitude,
                "longitude": loc.longitude,
            }
            for loc in org.locations
        ],
        "service_areas": [
            {
                "kind": area.kind,
                "province": area.province_code or "",
                "region_name": _text(area.region_name),
                "radius_km": area.radius_km,
                "latitude": area.latitude,
                "longitude": area.longitude,
            }
            for area in org.service_areas
            if area.service_id is None
        ],
        "contacts": [
            {name: _text(getattr(c, name)) for name in CONTACT_TEXT} for c in org.contacts
        ],
    }


def form_object(payload: Payload) -> SimpleNamespace:
    """The payload as attributes, which is how WTForms fills a form (and its sub-forms)."""

    def ns(items: list[dict]) -> list[SimpleNamespace]:
        return [SimpleNamespace(**item) for item in items]

    return SimpleNamespace(
        organization=SimpleNamespace(**payload["organization"]),
        sectors=payload["sectors"],
        services=ns(payload["services"]),
        locations=ns(payload["locations"]),
        service_areas=ns(payload["service_areas"]),
        contacts=ns(payload["contacts"]),
    )


def _or_none(value: str) -> str | None:
    return value or None


def apply_payload(org: Organization, payload: Payload) -> None:
    """Replace the organization's content with the payload's (services and the rest are
    rebuilt: the payload is the whole listing, not a patch)."""
    previous_ids = _hsds_ids(org)
    fields = payload["organization"]
    org.name = fields["name"]
    org.description = fields["description"]
    for name in ("alternate_name", "description_fr", "website", "email", "phone"):
        setattr(org, name, _or_none(fields[name]))
    terms = {vocabulary: terms_by_slug(vocabulary) for vocabulary in Vocabulary}
    sectors = terms[Vocabulary.SECTOR]
    org.sectors = [sectors[slug] for slug in payload["sectors"] if slug in sectors]
    org.services = [_service(item, terms) for item in payload["services"]]
    org.locations = [
        Location(
            name=_or_none(item["name"]),
            address=_or_none(item["address"]),
            city=item["city"],
            province_code=item["province"],
            postal_code=_or_none(item["postal_code"]),
            confidential=item["confidential"],
            latitude=item["latitude"],
            longitude=item["longitude"],
        )
        for item in payload["locations"]
    ]
    org.service_areas = [
        ServiceArea(
            kind=item["kind"],
            province_code=_or_none(item["province"]),
            region_name=_or_none(item["region_name"]),
            radius_km=item["radius_km"],
            latitude=item["latitude"],
            longitude=item["longitude"],
        )
        for item in payload["service_areas"]
    ]
    org.contacts = [
        ReferralContact(
            **{name: item[name] for name in ("name", "preferred_method", "visibility")},
            **{name: _or_none(item[name]) for name in ("role", "email", "phone", "notes")},
        )
        for item in payload["contacts"]
    ]
    _keep_hsds_ids(org, previous_ids)


# The rows rebuilt by ``apply_payload`` keep the HSDS ids of the rows they replace, so that an
# approved edit does not change the ids HSDS exports publish (docs/hsds.md): a row takes the id
# of the old row with the same content key, else of the old row at the same position.
_HSDS_KEYS = {
    "services": lambda s: (s.name or "").casefold(),
    "locations": lambda loc: ((loc.city or "").casefold(), (loc.address or "").casefold()),
    "service_areas": lambda a: (a.kind, a.province_code, a.region_name, a.radius_km),
    "contacts": lambda c: ((c.name or "").casefold(), (c.email or "").casefold()),
}


def _hsds_ids(org: Organization) -> dict[str, list[tuple[Any, Any]]]:
    return {
        name: [(key(row), row.hsds_id) for row in getattr(org, name) if row.hsds_id]
        for name, key in _HSDS_KEYS.items()
    }


def _keep_hsds_ids(org: Organization, previous: dict[str, list[tuple[Any, Any]]]) -> None:
    if not any(previous.values()):
        return
    db.session.flush()  # the replaced rows are gone: their ids are free (they are unique)
    for name, key in _HSDS_KEYS.items():
        rows, old = getattr(org, name), previous[name]
        taken: set[int] = set()
        choice: dict[int, int] = {}
        for index, row in enumerate(rows):
            match = next(
                (i for i, (k, _) in enumerate(old) if i not in taken and k == key(row)), None
            )
            if match is not None:
                taken.add(match)
                choice[index] = match
        for index in range(len(rows)):
            if index not in choice and index < len(old) and index not in taken:
                taken.add(index)
                choice[index] = index
        for index, match in choice.items():
            rows[index].hsds_id = old[match][1]


def _service(item: dict, terms: dict) -> Service:
    service = Service(
        name=item["name"],
        description=item["description"],
        eligibility=_or_none(item["eligibility"]),
        fees=_or_none(item["fees"]),
        referral_method=item["referral_method"] or "both",
        intake_hours=_or_none(item["intake_hours"]),
        **{name: item[name] for name in SERVICE_FLAGS},
    )
    for name, vocabulary in SERVICE_TERMS.items():
        known = terms[vocabulary]
        setattr(service, name, [known[slug] for slug in item[name] if slug in known])
    return service
