"""The typed revision payload: row keys through edit, save and approval; ids never reused;
foreign keys refused; revisions saved in the old (version 1) shape still approve."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from flask_sqlalchemy import SQLAlchemy
from werkzeug.test import TestResponse

from directory.hsds.exporter import export
from directory.listings.apply import apply_payload
from directory.listings.payload import (
    SCHEMA_VERSION,
    ListingPayload,
    PayloadError,
    payload_from_organization,
    read_payload,
)
from directory.models import (
    Location,
    Organization,
    ReferralContact,
    Revision,
    RevisionStatus,
    Role,
    Service,
    ServiceArea,
    User,
)
from tests.factories import (
    LocationFactory,
    MembershipFactory,
    OrganizationFactory,
    ReferralContactFactory,
    ServiceAreaFactory,
    ServiceFactory,
    UserFactory,
)
from tests.listing_helpers import browser_for, hidden_value, listing_form, page_text, revisions_of


def listing_with_two_services(db: SQLAlchemy) -> tuple[Organization, User, User]:
    """A published listing (Drop-in, Night line), its owner and a moderator."""
    owner = MembershipFactory(role="owner")
    org = owner.organization
    ServiceFactory(organization=org, name="Drop-in")
    ServiceFactory(organization=org, name="Night line")
    LocationFactory(organization=org)
    ReferralContactFactory(organization=org)
    moderator = UserFactory(role=Role.MODERATOR)
    db.session.commit()
    return org, owner.user, moderator


def service_ids(org: Organization) -> dict[str, uuid.UUID]:
    return {s.name: s.hsds_id for s in org.services}


def approve(browser: FlaskClient, revision: Revision) -> TestResponse:
    version = str(revision.version)
    data = {"decision": "approved", "reason": "Checked with the director.", "version": version}
    return browser.post(f"/moderation/revisions/{revision.id}", data=data)


def all_hsds_ids(db: SQLAlchemy) -> set[uuid.UUID]:
    models = (Organization, Service, Location, ServiceArea, ReferralContact)
    return {i for model in models for i in db.session.scalars(sa.select(model.hsds_id))}


def edit(org: Organization, **fields: str) -> dict[str, object]:
    return listing_form(**{"organization-name": org.name, **fields})


def test_row_keys_go_through_draft_reload_submit_and_approval(make_client, db):
    org, owner, moderator = listing_with_two_services(db)
    ids = service_ids(org)
    browser = browser_for(make_client, owner)
    loaded = browser.get(f"/listings/{org.id}/edit?step=all").get_data(as_text=True)
    assert hidden_value(loaded, "services-0-key") == str(ids["Drop-in"])
    assert hidden_value(loaded, "services-1-key") == str(ids["Night line"])

    # Drop-in is left out (deleted), Night line renamed: by key, not by position.
    draft = edit(org, **{"services-0-name": "Night line, 24/7", "submit": "", "save_draft": "1"})
    draft["services-0-key"] = str(ids["Night line"])
    assert browser.post(f"/listings/{org.id}/edit", data=draft).status_code == 302
    [revision] = revisions_of(org)
    assert revision.payload["schema_version"] == SCHEMA_VERSION
    assert revision.payload["services"][0]["key"] == str(ids["Night line"])

    reloaded = browser.get(f"/listings/{org.id}/edit?step=all").get_data(as_text=True)
    assert hidden_value(reloaded, "services-0-key") == str(ids["Night line"])
    submit = edit(org, **{"services-0-name": "Night line, 24/7"})
    submit |= {"services-0-key": str(ids["Night line"]), "revision_id": str(revision.id)}
    submit["version"] = hidden_value(reloaded, "version")
    assert browser.post(f"/listings/{org.id}/edit", data=submit).status_code == 302

    mod = browser_for(make_client, moderator)
    [revision] = revisions_of(org)
    review = page_text(mod.get(f"/moderation/revisions/{revision.id}"))
    assert "Service 1 · Name Drop-in Night line, 24/7" in review
    assert "Key" not in review and str(ids["Night line"]) not in review
    assert approve(mod, revision).status_code == 302
    db.session.expire_all()
    assert service_ids(org) == {"Night line, 24/7": ids["Night line"]}
    assert ids["Drop-in"] not in all_hsds_ids(db)


def test_a_deleted_services_id_is_never_given_to_a_new_one(make_client, db, tmp_path):
    org, owner, moderator = listing_with_two_services(db)
    ids = service_ids(org)
    browser = browser_for(make_client, owner)
    # One revision: Drop-in (first) deleted, Night line kept by key, Outreach added (no key).
    data = edit(org, **{"services-0-name": "Outreach", "services-1-name": "Night line"})
    data["services-1-key"] = str(ids["Night line"])
    assert browser.post(f"/listings/{org.id}/edit", data=data).status_code == 302
    [revision] = revisions_of(org)
    assert approve(browser_for(make_client, moderator), revision).status_code == 302

    db.session.expire_all()
    after = service_ids(org)
    assert after["Night line"] == ids["Night line"]
    assert after["Outreach"] not in ids.values()
    assert ids["Drop-in"] not in all_hsds_ids(db)
    export(tmp_path / "export.json", "json", include_restricted=True)
    exported = (tmp_path / "export.json").read_text(encoding="utf-8")
    assert str(after["Outreach"]) in exported and str(ids["Night line"]) in exported
    assert str(ids["Drop-in"]) not in exported


def test_a_key_of_another_organizations_row_is_not_attached_to_it(make_client, db):
    org, owner, moderator = listing_with_two_services(db)
    other = ServiceFactory(name="Their shelter")
    mine_location = org.locations[0].hsds_id
    db.session.commit()
    theirs = other.hsds_id
    browser = browser_for(make_client, owner)
    data = edit(org, **{"services-0-name": "Borrowed"})
    data["services-0-key"] = str(theirs)
    data["contacts-0-key"] = str(mine_location)  # this listing's, but a location's key
    data["locations-0-key"] = "not-a-uuid"
    response = browser.post(f"/listings/{org.id}/edit", data=data, follow_redirects=True)
    assert response.status_code == 200
    assert "they were saved as new entries" in page_text(response)
    [revision] = revisions_of(org)
    assert revision.payload["services"][0]["key"] is None
    assert revision.payload["contacts"][0]["key"] is None
    assert revision.payload["locations"][0]["key"] is None

    assert approve(browser_for(make_client, moderator), revision).status_code == 302
    db.session.expire_all()
    assert other.name == "Their shelter" and other.organization_id != org.id
    [borrowed] = org.services
    assert borrowed.name == "Borrowed" and borrowed.hsds_id != theirs
    assert mine_location not in all_hsds_ids(db)  # the location was replaced by a new one


def test_approval_ignores_a_foreign_key_written_straight_into_a_revision(db):
    org = OrganizationFactory()
    other = ServiceFactory(name="Their shelter")
    db.session.flush()
    payload = payload_from_organization(other.organization)  # keys of another listing
    apply_payload(org, payload)
    db.session.flush()
    db.session.expire_all()
    assert [s.name for s in org.services] == ["Their shelter"]
    assert org.services[0].hsds_id != other.hsds_id
    assert other.organization_id != org.id and other.name == "Their shelter"


def version_1_payload(org: Organization, services: list[str]) -> dict:
    """The JSON a revision held before this change: no schema_version, no row keys."""
    service = {
        "description": "Counselling for youth.",
        "eligibility": "",
        "fees": "",
        "referral_method": "both",
        "intake_hours": "",
        "types": [],
        "populations": [],
        "languages": ["en"],
        "open_24_7": False,
        "accepting_referrals": True,
        "delivered_online": False,
    }
    return {
        "organization": {
            "name": org.name,
            "alternate_name": "",
            "description": "Edited the old way.",
            "description_fr": "",
            "website": "",
            "email": "",
            "phone": "",
        },
        "sectors": ["health-care"],
        "services": [{"name": name, **service} for name in services],
        "locations": [
            {
                "name": "Main office",
                "address": "100 Example Street",
                "city": "Thunder Bay",
                "postal_code": "P7B 1A1",
                "province": "ON",
                "confidential": False,
                "latitude": 48.3809,
                "longitude": -89.2477,
            }
        ],
        "service_areas": [],
        "contacts": [],
    }


def test_a_pending_revision_saved_in_the_old_shape_approves_by_the_old_rule(make_client, db):
    org, owner, moderator = listing_with_two_services(db)
    ids = service_ids(org)
    location = org.locations[0].hsds_id
    old = version_1_payload(org, ["New service", "Night line", "Brand new"])
    revision = Revision(
        organization=org,
        payload=old,
        status=RevisionStatus.PENDING,
        submitted_by_id=owner.id,
        authors=[owner],
    )
    db.session.add(revision)
    db.session.commit()
    assert "schema_version" not in revision.payload

    mod = browser_for(make_client, moderator)
    review = mod.get(f"/moderation/revisions/{revision.id}")
    assert review.status_code == 200
    assert "Edited the old way." in page_text(review)
    assert approve(mod, revision).status_code == 302
    db.session.expire_all()
    assert revision.status == RevisionStatus.APPROVED
    after = service_ids(org)
    # Night line matched by content, New service took Drop-in's position and so its id
    # (the version-1 rule, kept for these revisions); the same location kept its id.
    # Brand new had neither: a new row, with a new id.
    assert {name: after[name] for name in ("New service", "Night line")} == {
        "New service": ids["Drop-in"],
        "Night line": ids["Night line"],
    }
    assert after["Brand new"] not in ids.values()
    assert [loc.hsds_id for loc in org.locations] == [location]
    assert org.contacts == [] and org.description == "Edited the old way."


def test_an_old_draft_opens_in_the_form_with_the_keys_the_old_rule_gives(make_client, db):
    org, owner, _ = listing_with_two_services(db)
    ids = service_ids(org)
    revision = Revision(
        organization=org,
        payload=version_1_payload(org, ["Night line", "Brand new"]),
        status=RevisionStatus.DRAFT,
        submitted_by_id=owner.id,
        authors=[owner],
    )
    db.session.add(revision)
    db.session.commit()
    loaded = browser_for(make_client, owner).get(f"/listings/{org.id}/edit?step=all")
    html = loaded.get_data(as_text=True)
    assert hidden_value(html, "services-0-key") == str(ids["Night line"])
    # Position 1 is Night line's own old position, taken by the content match: a new row.
    assert hidden_value(html, "services-1-key") == ""


def test_upgrade_fills_what_a_version_1_payload_lacks(db):
    org = OrganizationFactory()
    old = version_1_payload(org, ["Night line"])
    with pytest.raises(PayloadError):  # the current type requires every row's key
        ListingPayload.from_json({**old, "schema_version": SCHEMA_VERSION})
    for context in (org, None):  # org: its rows (none here) decide the keys; None: no rows
        payload = read_payload(old, context)
        assert payload.services[0].key is None and payload.services[0].name == "Night line"
        assert payload.locations[0].key is None
    assert "key" not in old["services"][0]  # the stored JSON is not changed by reading
    with pytest.raises(PayloadError):
        read_payload({**old, "schema_version": SCHEMA_VERSION + 1}, org)


def test_the_payload_json_round_trips(db):
    org = OrganizationFactory()
    ServiceFactory(organization=org, name="Drop-in")
    LocationFactory(organization=org)
    db.session.flush()
    stored = payload_from_organization(org)
    assert stored["schema_version"] == SCHEMA_VERSION
    assert stored["services"][0]["key"] == str(org.services[0].hsds_id)
    assert read_payload(stored, org).to_json() == stored


def test_a_key_whose_row_was_deleted_meanwhile_gives_a_new_id(db):
    org = OrganizationFactory()
    ServiceFactory(organization=org, name="Drop-in")
    db.session.flush()
    pending = payload_from_organization(org)  # saved while Drop-in existed
    gone = org.services[0].hsds_id
    org.services = []  # then deleted (an import, another approval)
    db.session.flush()
    apply_payload(org, pending)
    db.session.flush()
    db.session.expire_all()
    [service] = org.services
    assert service.name == "Drop-in" and service.hsds_id != gone


def test_a_services_own_areas_stay_with_it_and_go_with_it(db):
    org = OrganizationFactory()
    kept, dropped = (ServiceFactory(organization=org, name=n) for n in ("Kept", "Dropped"))
    db.session.flush()
    for service in (kept, dropped):  # areas an HSDS import gave each service
        ServiceAreaFactory(organization=org, service_id=service.id, province_code="MB")
    ServiceAreaFactory(organization=org)  # the organization's own (in the payload)
    db.session.flush()
    payload = payload_from_organization(org)
    assert len(payload["service_areas"]) == 1
    payload["services"] = [s for s in payload["services"] if s["name"] == "Kept"]
    apply_payload(org, payload)
    db.session.flush()
    db.session.expire_all()
    areas = db.session.scalars(sa.select(ServiceArea).where(ServiceArea.organization_id == org.id))
    assert sorted((a.service_id or 0, a.province_code) for a in areas) == [
        (0, "ON"),
        (kept.id, "MB"),
    ]
