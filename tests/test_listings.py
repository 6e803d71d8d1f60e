"""Submitting and editing listings: validation, drafts, repeated blocks, pending edits,
two editors saving the same revision, and who may do what."""

from __future__ import annotations

import re

import pytest

from directory.listings.apply import apply_payload
from directory.listings.diff import diff_payloads
from directory.listings.payload import payload_from_organization
from directory.models import Organization, OrganizationStatus, RevisionStatus, Role
from tests.factories import (
    LocationFactory,
    MembershipFactory,
    OrganizationFactory,
    ReferralContactFactory,
    ServiceFactory,
    UserFactory,
)
from tests.listing_helpers import (
    browser_for,
    hidden_value,
    listing_form,
    only_organization,
    page_text,
    revisions_of,
)


@pytest.fixture
def member(make_client, db):
    user = UserFactory()
    db.session.commit()
    return browser_for(make_client, user)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("organization-phone", "555-01", "Enter a phone number like 807-555-0100"),
        ("organization-website", "javascript:alert(1)", "starting with https:// or http://"),
        ("organization-website", "data:text/html,hi", "starting with https:// or http://"),
        ("contacts-0-email", "not an email", "Enter an email address like name@example.org."),
        ("locations-0-postal_code", "12345", "Enter a Canadian postal code like A1A 1A1."),
        ("locations-0-city", "Nowhereville", "We could not find this place in that province."),
        ("organization-name", "", "Enter the name."),
    ],
)
def test_invalid_fields_are_explained_and_the_input_kept(member, db, field, value, message):
    response = member.post("/listings/new", data=listing_form(**{field: value}))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'class="error-summary"' in html and f'href="#{field}"' in html
    assert message in page_text(html)
    assert f'id="{field}-error"' in html  # the message also sits next to the field
    assert "Trauma-informed counselling for youth 12 to 17." in html  # nothing typed is lost
    assert 'value="Intake coordinator"' in html
    assert db.session.query(Organization).count() == 0


def test_a_draft_needs_no_required_field_but_checks_formats(member, db):
    data = {"organization-name": "", "organization-phone": "807 555 0199", "save_draft": "1"}
    assert member.post("/listings/new", data=data).status_code == 302
    org = only_organization()
    assert org.status == OrganizationStatus.DRAFT
    revision = revisions_of(org)[0]
    assert revision.status == RevisionStatus.DRAFT
    assert revision.payload["organization"]["phone"] == "+1 807-555-0199"
    assert revision.payload["services"] == []  # blank blocks are not saved
    bad = member.post("/listings/new", data={**data, "organization-phone": "123"})
    assert bad.status_code == 200 and "Enter a phone number" in page_text(bad)


def test_submitting_needs_a_sector(member, db):
    response = member.post("/listings/new", data=listing_form(sectors=[]))
    assert "Choose at least one sector." in page_text(response)


def test_add_another_service_renders_one_more_block_without_saving(member, db):
    response = member.post("/listings/new", data=listing_form(submit="", add_service="1"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="services-1-name"' in html
    assert 'value="Youth counselling"' in html and 'class="error-summary"' not in html
    assert db.session.query(Organization).count() == 0


def test_a_draft_is_edited_and_then_submitted(member, db):
    member.post("/listings/new", data=listing_form(submit="", save_draft="1"))
    org = only_organization()
    edit = member.get(f"/listings/{org.id}/edit?step=all").get_data(as_text=True)
    assert 'value="Youth counselling"' in edit and "Counselling for youth." in edit
    data = listing_form(revision_id=hidden_value(edit, "revision_id"), version="1")
    assert member.post(f"/listings/{org.id}/edit", data=data).status_code == 302
    assert [r.status for r in revisions_of(org)] == [RevisionStatus.PENDING]
    assert only_organization().status == OrganizationStatus.PENDING


def published_listing_with_editor(db):
    owner = MembershipFactory(role="owner")
    org = owner.organization
    ServiceFactory(organization=org, name="Drop-in")
    LocationFactory(organization=org)
    ReferralContactFactory(organization=org)
    editor = MembershipFactory(organization=org, role="editor").user
    db.session.commit()
    return org, owner.user, editor


def test_an_edit_waits_for_approval_while_the_profile_is_unchanged(make_client, db):
    org, owner, _ = published_listing_with_editor(db)
    browser = browser_for(make_client, owner)
    edit = browser.get(f"/listings/{org.id}/edit?step=all").get_data(as_text=True)
    assert 'value="Drop-in"' in edit and 'value="Thunder Bay"' in edit
    assert "stays as it is until a moderator approves" in page_text(edit)
    data = listing_form(**{"organization-name": org.name, "services-0-name": "Night outreach"})
    assert browser.post(f"/listings/{org.id}/edit", data=data).status_code == 302
    assert [r.status for r in revisions_of(org)] == [RevisionStatus.PENDING]
    profile = page_text(make_client().get(f"/organizations/{org.slug}"))
    assert "Drop-in" in profile and "Night outreach" not in profile
    assert only_organization().status == OrganizationStatus.PUBLISHED


def test_two_editors_saving_the_same_revision_get_a_conflict(make_client, db):
    org, owner, editor = published_listing_with_editor(db)
    first, second = browser_for(make_client, owner), browser_for(make_client, editor)
    first.post(f"/listings/{org.id}/edit", data=listing_form(submit="", save_draft="1"))
    loaded = [
        b.get(f"/listings/{org.id}/edit?step=all").get_data(as_text=True) for b in (first, second)
    ]
    ids = [hidden_value(html, "revision_id") for html in loaded]
    versions = [hidden_value(html, "version") for html in loaded]
    assert ids[0] == ids[1] and versions[0] == versions[1]

    mine = {"revision_id": ids[0], "version": versions[0], "submit": "", "save_draft": "1"}
    saved = first.post(
        f"/listings/{org.id}/edit", data=listing_form(**mine, **{"services-0-fees": "Free"})
    )
    assert saved.status_code == 302
    response = second.post(
        f"/listings/{org.id}/edit",
        data=listing_form(**mine, **{"services-0-fees": "Sliding scale"}),
    )
    assert response.status_code == 409
    text = page_text(response)
    assert "Someone else saved this listing" in text
    assert "Service 1 · Fees Free Sliding scale" in text  # saved version, then theirs
    [revision] = revisions_of(org)
    assert revision.payload["services"][0]["fees"] == "Free"  # nothing overwritten


def test_payload_round_trips_through_an_organization(db):
    org = OrganizationFactory(website="https://a.example.org")
    ServiceFactory(organization=org)
    LocationFactory(organization=org, confidential=True)
    ReferralContactFactory(organization=org)
    db.session.flush()
    payload = payload_from_organization(org)
    copy = OrganizationFactory()
    apply_payload(copy, payload)
    db.session.flush()
    assert diff_payloads(payload, payload_from_organization(copy)) == []
    assert copy.locations[0].confidential is True


def test_permissions_on_listings(make_client, db):
    org = OrganizationFactory()
    stranger = UserFactory()
    moderator = UserFactory(role=Role.MODERATOR)
    db.session.commit()
    anonymous = make_client()
    for path in ("/listings/", "/listings/new", f"/listings/{org.id}/edit", "/moderation/"):
        assert anonymous.get(path).headers["Location"].startswith("/auth/login")
    other = browser_for(make_client, stranger)
    assert other.get(f"/listings/{org.id}/edit?step=all").status_code == 403
    assert other.post(f"/listings/{org.id}/edit", data=listing_form()).status_code == 403
    assert other.get("/moderation/").status_code == 403
    assert browser_for(make_client, moderator).get("/moderation/").status_code == 200
    nav = other.get("/listings/").get_data(as_text=True)
    assert 'href="/listings/"' in nav and 'href="/moderation/"' not in nav


def test_a_draft_started_by_someone_else_meanwhile_is_not_overwritten(make_client, db):
    org, owner, editor = published_listing_with_editor(db)
    first, second = browser_for(make_client, owner), browser_for(make_client, editor)
    loaded = first.get(f"/listings/{org.id}/edit?step=all").get_data(as_text=True)
    assert hidden_value(loaded, "revision_id") == ""  # loaded from the published listing
    draft = listing_form(submit="", save_draft="1", **{"services-0-fees": "Free"})
    assert second.post(f"/listings/{org.id}/edit", data=draft).status_code == 302
    response = first.post(f"/listings/{org.id}/edit", data=listing_form(revision_id=""))
    assert response.status_code == 409
    [revision] = revisions_of(org)
    assert revision.status == RevisionStatus.DRAFT
    assert revision.payload["services"][0]["fees"] == "Free"


@pytest.mark.parametrize(
    ("button", "first_field"),
    [
        ("add_service", "services-1-name"),
        ("add_location", "locations-1-name"),
        ("add_area", "service_areas-1-kind"),
        ("add_contact", "contacts-1-name"),
    ],
)
def test_add_another_comes_back_focused_on_the_new_block(make_client, db, button, first_field):
    """Without script the page reloads: the new block's first field has the focus, so the
    browser scrolls to it rather than to the top (issue 18)."""
    member = UserFactory()
    db.session.commit()
    browser = browser_for(make_client, member)
    html = browser.post("/listings/new", data=listing_form(**{button: "1"})).get_data(as_text=True)
    focused = re.findall(r"<(?:input|select)[^>]*\bautofocus\b[^>]*>", html)
    assert len(focused) == 1 and f'id="{first_field}"' in focused[0]
