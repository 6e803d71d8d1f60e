"""HSDS both ways for contacts and accessibility (issue 17): a service's phones, email, web
page and required documents, a location's phones and accessibility go out and come back
exactly (JSON and CSV), and what another publisher's data says that we cannot hold as such
is kept in words or said in a note, never dropped silently."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from directory.hsds.exporter import export
from directory.hsds.import_run import run_import
from directory.hsds.serialize import organization as hsds_organization
from directory.listings.payload import listing_of
from directory.models import Organization, Phone
from tests.factories import LocationFactory, OrganizationFactory, ServiceFactory
from tests.hsds_reference import needs_reference, validator

NEW_SERVICE_FIELDS = ("email", "website", "phones", "required_documents")
NEW_LOCATION_FIELDS = ("phones", "accessibility", "accessibility_note")


@pytest.fixture
def listing(db):
    org = OrganizationFactory(phone="+1 807-555-0100")
    service = ServiceFactory(
        organization=org,
        email="intake@harbour.example.org",
        website="https://harbour.example.org/intake",
        required_documents="Health card\nProof of address https://harbour.example.org/proof",
    )
    service.phones = [
        Phone(number="+1 807-555-0150", extension="12", description="Intake", language="fr"),
        Phone(number="+1 807-555-0151", description="After hours", type="text"),
        Phone(number="+1 807-555-0152", type="tty"),
    ]
    office = LocationFactory(
        organization=org,
        accessibility=["asl_on_site", "step_free_entrance"],
        accessibility_note="Ramp at the side door.\nCall ahead for the elevator key.",
    )
    office.phones = [Phone(number="+1 807-555-0160", description="Front desk", type="fax")]
    db.session.commit()
    return org


def contacts_of(org: Organization) -> tuple:
    """Every new field of every service and location, and the phones' HSDS ids."""
    payload = listing_of(org)
    services = [{f: getattr(s, f) for f in NEW_SERVICE_FIELDS} for s in payload.services]
    locations = [{f: getattr(loc, f) for f in NEW_LOCATION_FIELDS} for loc in payload.locations]
    phone_ids = [p.hsds_id for s in org.services for p in s.phones]
    phone_ids += [p.hsds_id for loc in org.locations for p in loc.phones]
    return services, locations, phone_ids


@pytest.mark.parametrize(("fmt", "name"), [("json", "export.json"), ("csv", "package")])
def test_contacts_and_accessibility_survive_an_export_and_an_import(
    listing, db, tmp_path, fmt, name
):
    before = contacts_of(listing)
    assert before[0][0]["phones"][0]["extension"] == "12"  # the fixture uses every field
    export(tmp_path / name, fmt)
    db.session.delete(listing)
    db.session.commit()
    report = run_import(tmp_path / name)
    assert (report.problems, report.notes, report.created) == ([], [], 1)
    org = db.session.scalars(sa.select(Organization)).one()
    assert contacts_of(org) == before
    again = run_import(tmp_path / name)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_the_export_says_it_in_hsds_words(listing):
    document = hsds_organization(listing)
    [service] = document["services"]
    assert service["email"] == "intake@harbour.example.org"
    assert service["url"] == "https://harbour.example.org/intake"
    intake = service["phones"][0]
    assert (intake["number"], intake["extension"], intake["description"]) == (
        "+1 807-555-0150",
        12,
        "Intake",
    )
    assert intake["languages"][0]["code"] == "fr"
    assert [p["type"] for p in service["phones"]] == ["voice", "text", "tty"]
    assert [d["document"] for d in service["required_documents"]] == [
        "Health card",
        "Proof of address https://harbour.example.org/proof",
    ]
    [location] = document["locations"]
    assert [a["description"] for a in location["accessibility"]] == [
        "ASL interpretation on site",
        "Step-free entrance",
        "Ramp at the side door.\nCall ahead for the elevator key.",
    ]
    assert location["phones"][0]["type"] == "fax"
    assert document["phones"][0]["number"] == "+1 807-555-0100"  # the organization's own


@needs_reference
def test_the_new_objects_validate_against_the_official_schema(listing):
    check = validator("organization")
    document = hsds_organization(listing, include_restricted=True)
    assert [f"{list(e.absolute_path)}: {e.message}" for e in check.iter_errors(document)] == []


def test_a_confidential_location_exports_its_features_but_not_its_phones_or_note(listing, db):
    office = listing.locations[0]
    office.confidential = True
    db.session.commit()
    [location] = hsds_organization(listing)["locations"]
    assert location["phones"] == []
    assert [a["description"] for a in location["accessibility"]] == [
        "ASL interpretation on site",
        "Step-free entrance",
    ]
    [restricted] = hsds_organization(listing, include_restricted=True)["locations"]
    assert restricted["phones"][0]["number"] == "+1 807-555-0160"


FOREIGN = {
    "id": "a1b2c3d4-0000-4000-8000-000000000001",
    "name": "Riverside Youth Centre",
    "description": "Drop-in and counselling.",
    "phones": [{"id": "o1", "number": "204-555-0100"}, {"id": "o2", "number": "204-555-0199"}],
    "services": [
        {
            "id": "a1b2c3d4-0000-4000-8000-000000000002",
            "name": "Counselling",
            "status": "active",
            "email": "not an address",
            "url": "https://riverside.example.org/counselling",
            "phones": [
                {"id": "p1", "number": "204-555-0101", "type": "cell", "extension": 7},
                {"id": "p2", "number": "204-555-0102", "type": "textphone", "extension": "x9"},
                {
                    "id": "p3",
                    "number": "204-555-0103",
                    "languages": [{"name": "Klingon"}, {"code": "es"}, {"code": "fr"}],
                },
                {"id": "p4", "number": ""},
            ],
            "required_documents": [
                {"id": "d1", "document": "Photo ID", "uri": "https://riverside.example.org/id"},
                {"id": "d2"},
            ],
        }
    ],
    "locations": [
        {
            "id": "a1b2c3d4-0000-4000-8000-000000000003",
            "location_type": "physical",
            "addresses": [
                {
                    "address_1": "5 River Road",
                    "city": "Winnipeg",
                    "state_province": "MB",
                    "postal_code": "R3C 0A1",
                    "country": "CA",
                    "address_type": "physical",
                }
            ],
            "phones": [{"id": "p5", "number": "204-555-0110", "description": "Reception"}],
            "accessibility": [
                {"id": "x1", "description": "step-free entrance"},
                {"id": "x2", "description": "Wheelchair ramp at the rear", "details": "Ring bell"},
            ],
        }
    ],
}


def test_another_publishers_contacts_are_kept_or_said(db, tmp_path):
    source = tmp_path / "foreign.json"
    source.write_text(json.dumps([FOREIGN]))
    report = run_import(source, source="another-publisher")
    assert report.problems == [] and report.created == 1
    org = db.session.scalars(sa.select(Organization)).one()
    [service], [location] = org.services, org.locations
    assert service.email is None and service.website == FOREIGN["services"][0]["url"]
    assert [(p.number, p.extension, p.type, p.description, p.language) for p in service.phones] == [
        ("204-555-0101", "7", "voice", None, None),
        ("204-555-0102", None, "tty", "ext. x9", None),
        ("204-555-0103", None, "voice", None, "es"),
    ]
    assert service.required_documents == "Photo ID https://riverside.example.org/id"
    assert [(p.number, p.description) for p in location.phones] == [("204-555-0110", "Reception")]
    assert location.accessibility == ["step_free_entrance"]
    assert location.accessibility_note == "Wheelchair ramp at the rear\nRing bell"
    assert org.phone == "204-555-0100"
    notes = "\n".join(report.notes)
    for said in (
        "phones[1].number: one phone kept here; left out",
        "services[0].email",
        "services[0].phones[0].type: “cell” read as voice",
        "services[0].phones[1].extension",
        "services[0].phones[2].languages[0]: “Klingon” left out",
        "services[0].phones[2].languages[2]: “fr” left out",
        "services[0].phones[3].number",
        "services[0].required_documents[1]",
    ):
        assert said in notes
