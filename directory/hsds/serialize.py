"""Our listings as HSDS 3.0 objects (plain dicts), for the export and the read API.

Nothing here reads the request or the database beyond the relationships the caller loaded
(``load_options``), so a page of results costs a fixed number of queries.

Public by default: locations and contacts come from ``directory.privacy`` (a confidential
location keeps its city and province only: no address, no coordinates; contacts reserved for
professionals are left out), and a radius's centre is not given. ``include_restricted=True``
(the audited admin export) takes ``privacy.full_location`` and ``privacy.all_contacts``. HSDS fields
may not be null, so empty values are left out rather than sent as ``null``.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy.orm import selectinload

from directory import privacy
from directory.hsds import capacity, ids, pathways
from directory.hsds.pathways import PATHWAY
from directory.hsds.taxonomies import Term, attribute, flag, kept_attribute, of
from directory.models import (
    AreaKind,
    Location,
    Organization,
    ReferralMethod,
    Service,
    ServiceArea,
)
from directory.privacy import PublicContact, PublicLocation
from directory.public.presenters import describe_area

HSDS_VERSION = "3.0"
AREA_EXTENT_TYPE = "directory_area"  # our JSON description of a service area (docs/hsds.md)

APPLICATION_PROCESS: dict[str, str] = {
    ReferralMethod.SELF: "People may refer themselves.",
    ReferralMethod.PROFESSIONAL: "By referral from a professional.",
    ReferralMethod.BOTH: "People may refer themselves or be referred by a professional.",
}


def load_options() -> tuple:
    """Everything ``organization()`` reads, in one query per relationship."""
    return (
        selectinload(Organization.sectors),
        selectinload(Organization.locations).selectinload(Location.province),
        selectinload(Organization.service_areas).selectinload(ServiceArea.province),
        selectinload(Organization.contacts),
        selectinload(Organization.services).selectinload(Service.types),
        selectinload(Organization.services).selectinload(Service.populations),
        selectinload(Organization.services).selectinload(Service.languages),
        selectinload(Organization.services).selectinload(Service.referral_sectors),
    )


def _clean(document: dict[str, Any]) -> dict[str, Any]:
    """Leave out None and empty strings: HSDS fields are never null."""
    return {key: value for key, value in document.items() if value is not None and value != ""}


def iso_utc(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def website(value: str | None) -> str | None:
    """A URI the schema accepts: a bare host gets ``https://``."""
    if not value:
        return None
    value = value.strip()
    return value if "://" in value else f"https://{value}"


# --- Organization ------------------------------------------------------------------------


def organization_brief(org: Organization) -> dict[str, Any]:
    """The one-to-one fields (``organization_list``)."""
    return _clean(
        {
            "id": str(org.hsds_id),
            "name": org.name,
            "alternate_name": org.alternate_name,
            "description": org.description or "",
            "email": org.email,
            "website": website(org.website),
        }
    ) | {"description": org.description or ""}


def organization(org: Organization, include_restricted: bool = False) -> dict[str, Any]:
    """The fully nested organization (``organization.json``)."""
    org_id = str(org.hsds_id)
    document = organization_brief(org)
    document["phones"] = _phones(org_id, org.phone, organization_id=org_id)
    document["contacts"] = [contact(c, org) for c in _contacts(org, include_restricted)]
    document["locations"] = [
        location(_location(loc, include_restricted), org_id) for loc in org.locations
    ]
    document["services"] = [
        service(svc, org, include_restricted, nest_organization=False) for svc in org.services
    ]
    attributes = [attribute(org_id, "organization", of(term)) for term in org.sectors]
    if org.description_fr:
        attributes.append(
            attribute(org_id, "organization", flag("description-fr"), org.description_fr)
        )
    attributes += [kept_attribute(org_id, "organization", k) for k in org.hsds_attributes or []]
    document["attributes"] = attributes
    return document


def _contacts(org: Organization, include_restricted: bool) -> list[PublicContact]:
    return privacy.all_contacts(org) if include_restricted else privacy.public_contacts(org)


def _location(loc: Location, include_restricted: bool) -> PublicLocation:
    return privacy.full_location(loc) if include_restricted else privacy.public_location(loc)


def _phones(parent_id: str, number: str | None, **links: str) -> list[dict[str, Any]]:
    if not number:
        return []
    return [{"id": ids.derived(parent_id, "phone"), "number": number, "type": "voice", **links}]


def contact(referral_contact: PublicContact, org: Organization) -> dict[str, Any]:
    contact_id = str(referral_contact.hsds_id)
    attributes = [
        attribute(
            contact_id, "contact", flag("preferred-method"), referral_contact.preferred_method
        )
    ]
    if referral_contact.for_professionals:
        attributes.append(attribute(contact_id, "contact", flag("professionals-only")))
    if referral_contact.notes:
        attributes.append(
            attribute(contact_id, "contact", flag("contact-notes"), referral_contact.notes)
        )
    return _clean(
        {
            "id": contact_id,
            "organization_id": str(org.hsds_id),
            "name": referral_contact.name,
            "title": referral_contact.role,
            "email": referral_contact.email,
        }
    ) | {
        "phones": _phones(contact_id, referral_contact.phone, contact_id=contact_id),
        "attributes": attributes,
    }


# --- Location ----------------------------------------------------------------------------


def location_brief(loc: PublicLocation, organization_id: str) -> dict[str, Any]:
    return _clean(
        {
            "id": str(loc.hsds_id),
            "location_type": "physical",
            "organization_id": organization_id,
            "name": loc.name,
            "description": (
                f"Confidential location in {loc.city}, {loc.province_code}: only its city and"
                " province are published."
                if loc.withheld
                else None
            ),
            "latitude": loc.latitude,
            "longitude": loc.longitude,
        }
    )


def location(loc: PublicLocation, organization_id: str) -> dict[str, Any]:
    """A location as ``privacy`` made it; a confidential one, as the public sees it, keeps its
    city and province only (the address's other required fields are empty strings: the CSV
    export leaves such an address out, so they also come in a ``city-province`` attribute)."""
    location_id = str(loc.hsds_id)
    document = location_brief(loc, organization_id)
    document["addresses"] = [
        {
            "id": ids.derived(location_id, "address"),
            "location_id": location_id,
            "address_1": loc.address or "",
            "city": loc.city,
            "state_province": loc.province_code,
            "postal_code": loc.postal_code or "",
            "country": loc.country,
            "address_type": "physical",
        }
    ]
    document["attributes"] = (
        [attribute(location_id, "location", flag("confidential-location"))]
        if loc.confidential
        else []
    )
    if not (loc.address and loc.postal_code):
        # The CSV export writes no incomplete address (docs/hsds.md): the place stays here.
        place = f"{loc.city}, {loc.province_code}"
        document["attributes"].append(
            attribute(location_id, "location", flag("city-province"), place)
        )
    return document


# --- Service -----------------------------------------------------------------------------


def service_brief(svc: Service, org: Organization) -> dict[str, Any]:
    """The one-to-one fields (``service_list``)."""
    return _clean(
        {
            "id": str(svc.hsds_id),
            "organization_id": str(org.hsds_id),
            "name": svc.name,
            "description": svc.description,
            "status": "active",
            "application_process": APPLICATION_PROCESS.get(svc.referral_method),
            "fees_description": svc.fees,
            "eligibility_description": svc.eligibility,
            "last_modified": iso_utc(org.updated_at),
        }
    )


def service(
    svc: Service,
    org: Organization,
    include_restricted: bool = False,
    nest_organization: bool = True,
) -> dict[str, Any]:
    """The fully nested service (``service.json``): its languages, intake hours, areas,
    places (service at location) and its terms and flags as attributes."""
    service_id = str(svc.hsds_id)
    document = service_brief(svc, org)
    document["languages"] = [
        {
            "id": ids.derived(service_id, f"language:{t.slug}"),
            "service_id": service_id,
            "name": t.name_en,
            "code": t.slug,
        }
        for t in svc.languages
    ]
    document["schedules"] = _schedules(svc)
    document["service_areas"] = [
        service_area(area, svc, include_restricted) for area in areas_of(svc, org)
    ]
    document["service_at_locations"] = [
        service_at_location_brief(svc, loc) for loc in org.locations
    ]
    document["attributes"] = service_attributes(svc)
    if nest_organization:
        document["organization"] = organization_brief(org)
    return document


def service_attributes(svc: Service) -> list[dict[str, Any]]:
    service_id = str(svc.hsds_id)
    terms: list[Term] = [of(t) for t in (*svc.types, *svc.populations)]
    flags = [f"referral-{svc.referral_method}"]
    flags += [
        name
        for name, on in (
            ("open-24-7", svc.open_24_7),
            ("not-accepting-referrals", not svc.accepting_referrals),
            ("delivered-online", svc.delivered_online),
        )
        if on
    ]
    terms += [flag(code) for code in flags]
    kept = [kept_attribute(service_id, "service", k) for k in svc.hsds_attributes or []]
    pathway = [
        attribute(service_id, "service", Term(PATHWAY, code, name), value)
        for code, name, value in pathways.exported(svc)
    ]
    said = [
        attribute(service_id, "service", flag(code), value)
        for code, value in capacity.exported(svc)
    ]
    return [attribute(service_id, "service", term) for term in terms] + pathway + said + kept


def _schedules(svc: Service) -> list[dict[str, Any]]:
    service_id = str(svc.hsds_id)
    schedules = []
    if svc.open_24_7:
        schedules.append(
            {
                "id": ids.derived(service_id, "schedule:24/7"),
                "service_id": service_id,
                "freq": "WEEKLY",
                "byday": "MO,TU,WE,TH,FR,SA,SU",
                "opens_at": "00:00:00",
                "closes_at": "23:59:59",
                "description": "Open 24 hours a day, 7 days a week.",
            }
        )
    if svc.intake_hours:
        schedules.append(
            {
                "id": ids.derived(service_id, "schedule:intake"),
                "service_id": service_id,
                "description": svc.intake_hours,
                "notes": "Intake hours",
            }
        )
    return schedules


def areas_of(svc: Service, org: Organization) -> list[ServiceArea]:
    """Its organization's areas (which cover every service), then the service's own."""
    areas = [a for a in org.service_areas if a.service_id in (None, svc.id)]
    return sorted(areas, key=lambda a: (a.service_id is not None, a.id))


def service_area(area: ServiceArea, svc: Service, include_restricted: bool) -> dict[str, Any]:
    """An area, with ``extent`` in our JSON form (``directory_area``) so that it imports
    back exactly. An organization's area repeated under each service gets an id per
    service. A radius's centre is given only with ``include_restricted``: it may be the
    coordinates of a confidential location."""
    service_id = str(svc.hsds_id)
    area_id = str(area.hsds_id) if area.service_id else ids.derived(area.hsds_id, service_id)
    extent: dict[str, Any] = {"kind": area.kind, "area_id": str(area.hsds_id)}
    extent["scope"] = "service" if area.service_id else "organization"
    if area.province_code:
        extent["province"] = area.province_code
    if area.region_name:
        extent["region"] = area.region_name
    if area.radius_km is not None:
        extent["radius_km"] = area.radius_km
    centre_public = area.kind != AreaKind.RADIUS or include_restricted
    if centre_public and area.latitude is not None and area.longitude is not None:
        extent["latitude"], extent["longitude"] = area.latitude, area.longitude
    description = describe_area(area)
    return _clean(
        {
            "id": area_id,
            "service_id": service_id,
            "name": description,
            "description": description,
            "extent": json.dumps(extent, sort_keys=True),
            "extent_type": AREA_EXTENT_TYPE,
        }
    )


# --- Service at location -----------------------------------------------------------------


def service_at_location_brief(svc: Service, loc: Location) -> dict[str, Any]:
    return {
        "id": ids.service_at_location_id(svc.hsds_id, loc.hsds_id),
        "service_id": str(svc.hsds_id),
        "location_id": str(loc.hsds_id),
    }


def service_at_location_list_item(svc: Service, loc: Location) -> dict[str, Any]:
    org = svc.organization
    return service_at_location_brief(svc, loc) | {
        "location": location_brief(privacy.public_location(loc), str(org.hsds_id)),
        "service": service_brief(svc, org),
    }


def service_at_location(svc: Service, loc: Location) -> dict[str, Any]:
    """The nested service at a location (public). It also carries the service's ``name`` and
    ``status``: the official API document describes this response with the service schema."""
    org = svc.organization
    document = service_at_location_brief(svc, loc) | {
        "name": svc.name,
        "status": "active",
        "location": location(privacy.public_location(loc), str(org.hsds_id)),
        "service": service(svc, org),
        "contacts": [contact(c, org) for c in privacy.public_contacts(org)],
        "schedules": _schedules(svc),
    }
    return document
