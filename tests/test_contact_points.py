"""Contacts where they belong (issue 17): a service's own phones, email, website and
required documents, a location's phones and accessibility, from the listing form through
moderation to the profile and ``/api/v1``; a confidential location's phones stay private."""

from __future__ import annotations

import re

import pytest

from directory.listings.apply import apply_payload
from directory.listings.diff import diff_payloads
from directory.listings.payload import payload_from_organization, read_payload
from directory.models import Phone, Revision, Role
from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ServiceFactory,
    UserFactory,
    term,
)
from tests.listing_helpers import (
    browser_for,
    listing_form,
    only_organization,
    page_text,
    revisions_of,
)

CONTACT_FIELDS = {
    "services-0-email": "youth@harbour.example.org",
    "services-0-website": "harbour.example.org/youth",
    "services-0-phones-0-number": "807 555 0150",
    "services-0-phones-0-extension": "12",
    "services-0-phones-0-description": "Intake",
    "services-0-phones-0-type": "voice",
    "services-0-phones-0-language": "fr",
    "services-0-phones-1-number": "807-555-0151",
    "services-0-phones-1-description": "After hours",
    "services-0-phones-1-type": "text",
    "services-0-required_documents": "Health card\n- Proof of address\n\n",
    "locations-0-phones-0-number": "807 555 0160",
    "locations-0-phones-0-description": "Front desk",
    "locations-0-phones-0-type": "voice",
    "locations-0-accessibility": ["step_free_entrance", "quiet_room"],
    "locations-0-accessibility_note": "Ramp at the side door.",
}


@pytest.fixture
def member(make_client, db):
    user = UserFactory(name="Mina Member")
    db.session.commit()
    return browser_for(make_client, user)


def approve(make_client, db, revision):
    moderator = UserFactory(role=Role.MODERATOR)
    db.session.commit()
    browser = browser_for(make_client, moderator)
    data = {"decision": "approved", "reason": "Called the intake line.", "version": "1"}
    data["version"] = str(revision.version)
    assert browser.post(f"/moderation/revisions/{revision.id}", data=data).status_code == 302


def test_contacts_and_accessibility_go_from_the_form_to_the_profile_and_api(
    member, make_client, db
):
    assert member.post("/listings/new", data=listing_form(**CONTACT_FIELDS)).status_code == 302
    [revision] = revisions_of(only_organization())
    service = revision.payload["services"][0]
    assert service["phones"] == [
        {
            "number": "+1 807-555-0150",
            "extension": "12",
            "description": "Intake",
            "type": "voice",
            "language": "fr",
        },
        {
            "number": "+1 807-555-0151",
            "extension": "",
            "description": "After hours",
            "type": "text",
            "language": "",
        },
    ]
    assert service["email"] == "youth@harbour.example.org"
    assert service["website"] == "https://harbour.example.org/youth"
    assert revision.payload["locations"][0]["accessibility"] == ["quiet_room", "step_free_entrance"]

    approve(make_client, db, revision)
    org = only_organization()
    assert [p.description for p in org.services[0].phones] == ["Intake", "After hours"]
    assert org.services[0].phones[0].number != org.phone  # its own, not the organization's

    html = make_client().get(f"/organizations/{org.slug}").get_data(as_text=True)
    assert 'href="tel:+18075550150"' in html and 'href="tel:+18075550160"' in html
    text = page_text(html)
    assert "+1 807-555-0150 ext. 12 (Intake; French)" in text
    assert "+1 807-555-0151 (After hours; Text messages)" in text
    assert "Health card" in text and "Proof of address" in text and "- Proof" not in text
    assert "Accessibility: Step-free entrance, Quiet room" in text
    assert "Ramp at the side door." in text and "youth@harbour.example.org" in text

    edit = member.get(f"/listings/{org.id}/edit?step=all").get_data(as_text=True)
    assert 'name="services-0-phones-1-description" type="text" value="After hours"' in edit
    assert 'value="+1 807-555-0160"' in edit and 'name="services-0-phones-2-number"' not in edit
    assert re.search(r'checked[^>]*value="quiet_room"|value="quiet_room"[^>]*checked', edit)

    body = make_client().get(f"/api/v1/organizations/{org.slug}").get_json()
    api_service, api_location = body["services"][0], body["locations"][0]
    assert [p["description"] for p in api_service["phones"]] == ["Intake", "After hours"]
    assert api_service["phones"][0]["extension"] == "12"
    assert api_service["required_documents"] == ["Health card", "Proof of address"]
    assert api_service["email"] == "youth@harbour.example.org"
    assert api_location["phones"][0]["number"] == "+1 807-555-0160"
    assert api_location["accessibility"] == ["quiet_room", "step_free_entrance"]


def test_a_service_without_its_own_contacts_shows_none_of_the_organizations(
    member, make_client, db
):
    member.post("/listings/new", data=listing_form())
    approve(make_client, db, revisions_of(only_organization())[0])
    org = only_organization()
    body = make_client().get(f"/api/v1/organizations/{org.slug}").get_json()
    service = body["services"][0]
    assert (service["phones"], service["email"], service["website"]) == ([], None, None)
    assert body["phone"] == "+1 807-555-0142"


def test_add_another_phone_renders_one_more_row_without_saving(member, db):
    data = listing_form(submit="", **CONTACT_FIELDS, **{"services-0-add_phone": "1"})
    html = member.post("/listings/new", data=data).get_data(as_text=True)
    assert (
        'id="services-0-phones-2-number"' in html and 'id="locations-0-phones-1-number"' not in html
    )
    assert 'value="After hours"' in html
    assert db.session.query(Revision).count() == 0


def test_a_phone_needs_a_valid_number_and_a_cleared_row_is_removed(member, db):
    bad = dict(CONTACT_FIELDS, **{"services-0-phones-0-number": ""})
    response = member.post("/listings/new", data=listing_form(**bad))
    assert response.status_code == 200
    assert "Enter the number, or clear this phone" in page_text(response)
    bad["services-0-phones-0-number"] = "555"
    assert "Enter a phone number like" in page_text(
        member.post("/listings/new", data=listing_form(**bad))
    )
    cleared = dict(CONTACT_FIELDS)
    for name in ("number", "extension", "description"):
        cleared[f"services-0-phones-0-{name}"] = ""
    assert member.post("/listings/new", data=listing_form(**cleared)).status_code == 302
    [revision] = revisions_of(only_organization())
    assert [p["description"] for p in revision.payload["services"][0]["phones"]] == ["After hours"]


def test_approval_keeps_phone_ids_and_removes_the_dropped_ones(db):
    org = OrganizationFactory()
    service = ServiceFactory(organization=org)
    service.phones = [
        Phone(number="+1 807-555-0100", description="Intake"),
        Phone(number="+1 807-555-0101", description="After hours"),
    ]
    db.session.flush()
    first_id = service.phones[0].hsds_id
    payload = payload_from_organization(org)
    payload["services"][0]["phones"] = payload["services"][0]["phones"][:1]
    payload["services"][0]["phones"][0]["description"] = "Intake line"
    apply_payload(org, payload)
    db.session.flush()
    assert [(p.description, p.hsds_id) for p in service.phones] == [("Intake line", first_id)]
    assert db.session.query(Phone).count() == 1


def test_the_diff_names_phone_and_accessibility_changes_in_words(db):
    org = OrganizationFactory()
    ServiceFactory(organization=org)
    LocationFactory(organization=org)
    db.session.flush()
    before = payload_from_organization(org)
    after = payload_from_organization(org)
    after["services"][0]["phones"] = [
        {"number": "+1 807-555-0100", "extension": "4", "description": "Intake"}
        | {"type": "tty", "language": "fr"}
    ]
    after["locations"][0]["accessibility"] = ["asl_on_site", "elevator"]
    rows = {row.label: row for row in diff_payloads(before, after)}
    assert rows["Service 1 · Phones"].after == "+1 807-555-0100 ext. 4 (Intake; TTY; French)"
    assert rows["Location 1 · Accessibility"].after == "ASL interpretation on site, Elevator"


def test_older_payloads_read_with_no_phones_and_no_accessibility(db):
    org = OrganizationFactory()
    ServiceFactory(organization=org)
    LocationFactory(organization=org)
    db.session.flush()
    payload = payload_from_organization(org)
    payload["schema_version"] = 4
    for name in ("email", "website", "phones", "required_documents"):
        del payload["services"][0][name]
    for name in ("phones", "accessibility", "accessibility_note"):
        del payload["locations"][0][name]
    current = read_payload(payload, org)
    assert current.services[0].phones == [] and current.locations[0].accessibility == []


def test_a_confidential_locations_phones_and_note_are_public_nowhere(make_client, db):
    org = OrganizationFactory()
    shelter = LocationFactory(organization=org, confidential=True, address="9 Hidden Lane")
    shelter.phones = [Phone(number="+1 807-555-0199", description="Shelter line")]
    shelter.accessibility = ["step_free_entrance"]
    shelter.accessibility_note = "Ramp behind the church hall."
    db.session.commit()
    client = make_client()
    profile = client.get(f"/organizations/{org.slug}").get_data(as_text=True)
    api = client.get(f"/api/v1/organizations/{org.slug}").get_data(as_text=True)
    hsds = client.get(f"/api/hsds/organizations/{org.hsds_id}").get_data(as_text=True)
    for document in (profile, api, hsds):
        assert "555-0199" not in document and "Shelter line" not in document
        assert "church hall" not in document
    assert "Step-free entrance" in page_text(profile)  # the features name no place


def test_a_search_card_without_a_general_phone_offers_the_services_line(client, db):
    lines = OrganizationFactory(name="Lines Only", phone=None)
    service = ServiceFactory(organization=lines)
    service.phones = [
        Phone(number="+1 807-555-0170", type="fax"),
        Phone(number="+1 807-555-0171", extension="3", description="Intake"),
    ]
    general = OrganizationFactory(name="Front Desk House", phone="+1 807-555-0180")
    ServiceFactory(organization=general).phones = [Phone(number="+1 807-555-0181")]
    db.session.commit()
    html = client.get("/search").get_data(as_text=True)
    text = page_text(html)
    assert "+1 807-555-0171 ext. 3 (Intake)" in text and "555-0170" not in text
    assert 'href="tel:+18075550171"' in html
    assert "+1 807-555-0180" in text and "555-0181" not in text


def test_the_response_card_offers_the_services_line_too(client, db):
    org = OrganizationFactory(name="Lines Only", phone=None)
    org.sectors = [term("sector", "policing")]
    LocationFactory(organization=org, city="Kenora", latitude=49.7674, longitude=-94.4894)
    ServiceFactory(organization=org).phones = [
        Phone(number="+1 807-555-0171", description="Intake")
    ]
    db.session.commit()
    text = page_text(client.get("/response?near=Kenora"))
    assert "Lines Only" in text and "+1 807-555-0171 (Intake)" in text
