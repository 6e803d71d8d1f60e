"""The listing form by steps: each step saves the draft, Back and Next keep what was typed,
blocks are added and removed without JavaScript, the review lists what is missing with
links to its step, and the preview shows what the public and a vetted professional will see."""

from __future__ import annotations

import re

import pytest

from directory.models import Organization, OrganizationStatus, RevisionStatus
from tests.factories import MembershipFactory, UserFactory
from tests.listing_helpers import (
    browser_for,
    hidden_value,
    only_organization,
    page_text,
    revisions_of,
)

ABOUT = {
    "step": "about",
    "organization-name": "Harbour House Youth Services",
    "organization-description": "Counselling for youth.",
    "organization-phone": "(807) 555-0142",
    "sectors": ["mental-health"],
}
SERVICE = {
    "step": "services",
    "services-0-name": "Youth counselling",
    "services-0-description": "Trauma-informed counselling.",
    "services-0-referral_method": "both",
}
LOCATIONS = {
    "step": "locations",
    "locations-0-name": "Main office",
    "locations-0-address": "12 Example Street",
    "locations-0-city": "Thunder Bay",
    "locations-0-province": "ON",
    "locations-1-name": "Safe house",
    "locations-1-address": "99 Hidden Road",
    "locations-1-city": "Kenora",
    "locations-1-province": "ON",
    "locations-1-confidential": "y",
}
AREA = {
    "step": "areas",
    "service_areas-0-kind": "region",
    "service_areas-0-province": "ON",
    "service_areas-0-region_name": "Thunder Bay",
}
CONTACTS = {
    "step": "contacts",
    "contacts-0-name": "Intake coordinator",
    "contacts-0-phone": "807 555 0143",
    "contacts-0-preferred_method": "phone",
    "contacts-0-visibility": "professionals",
}


@pytest.fixture
def member(make_client, db):
    user = UserFactory()
    db.session.commit()
    return browser_for(make_client, user)


def edit_url(org, step: str, **args: str) -> str:
    extra = "".join(f"&{k}={v}" for k, v in args.items())
    return f"/listings/{org.id}/edit?step={step}{extra}"


def post_step(client, org, data: dict, goto: str):
    """Post a step as its page would: the draft's revision and version as the page holds."""
    page = client.get(edit_url(org, data["step"])).get_data(as_text=True)
    form = {
        **data,
        "revision_id": hidden_value(page, "revision_id"),
        "version": hidden_value(page, "version"),
        "goto": goto,
    }
    for name in re.findall(r'name="(locations-\d+-origin)"', page):
        form.setdefault(name, hidden_value(page, name))
    return client.post(f"/listings/{org.id}/edit", data=form)


def start(member, **about: str):
    """The first step of a new listing, posted with Next: it creates the draft."""
    response = member.post("/listings/new", data={**ABOUT, **about, "goto": "services"})
    assert response.status_code == 302
    org = only_organization()
    assert response.headers["Location"].endswith(edit_url(org, "services"))
    return org


def test_a_new_listing_starts_at_the_first_step_of_six(member, db):
    html = member.get("/listings/new").get_data(as_text=True)
    assert "Step 1 of 6: About the organization" in page_text(html)
    assert 'id="organization-name"' in html
    assert 'id="services-0-name"' not in html  # one step at a time
    assert 'aria-current="step"' in html
    assert 'name="goto" value="services"' in html  # Next, and the index, save as they go


def test_next_saves_the_draft_and_back_shows_what_was_typed(member, db):
    org = start(member)
    draft = revisions_of(org)[0]
    assert org.status == OrganizationStatus.DRAFT and draft.status == RevisionStatus.DRAFT
    assert draft.payload["organization"]["name"] == "Harbour House Youth Services"
    assert draft.payload["sectors"] == ["mental-health"]

    assert post_step(member, org, SERVICE, goto="about").status_code == 302  # Back
    about = member.get(edit_url(org, "about")).get_data(as_text=True)
    assert 'value="Harbour House Youth Services"' in about
    services = member.get(edit_url(org, "services")).get_data(as_text=True)
    assert 'value="Youth counselling"' in services
    saved = revisions_of(org)[0].payload
    assert saved["organization"]["name"] == "Harbour House Youth Services"  # kept by the step
    assert [s["name"] for s in saved["services"]] == ["Youth counselling"]
    assert len(revisions_of(org)) == 1  # one draft, saved again


def test_a_format_error_keeps_the_step_open_with_what_was_typed(member, db):
    org = start(member)
    bad = {**SERVICE, "services-0-email": "not an email"}
    response = post_step(member, org, bad, goto="locations")
    assert response.status_code == 200
    assert "Enter an email address like name@example.org." in page_text(response)
    assert 'value="Youth counselling"' in response.get_data(as_text=True)
    assert revisions_of(org)[0].payload["services"] == []  # nothing saved over the draft


def test_removing_a_location_moves_the_services_offered_there(member, db):
    org = start(member)
    post_step(member, org, LOCATIONS, goto="services")
    services = member.get(edit_url(org, "services")).get_data(as_text=True)
    assert "Main office — Thunder Bay" in services and "Safe house — Kenora" in services
    only_safe_house = {**SERVICE, "services-0-offered_at": ["1", "shown"]}
    post_step(member, org, only_safe_house, goto="locations")
    assert revisions_of(org)[0].payload["services"][0]["offered_at"] == [1]

    # The main office goes (its block is not posted, as after "Remove" in the browser).
    kept = {k: v for k, v in LOCATIONS.items() if not k.startswith("locations-0-")}
    page = member.get(edit_url(org, "locations")).get_data(as_text=True)
    kept["locations-1-origin"] = hidden_value(page, "locations-1-origin")
    post_step(member, org, kept, goto="services")
    payload = revisions_of(org)[0].payload
    assert [place["city"] for place in payload["locations"]] == ["Kenora"]
    assert payload["services"][0]["offered_at"] == [0]  # still the safe house


def test_remove_without_javascript_drops_the_block_and_saves_nothing(member, db):
    org = start(member)
    data = {
        **SERVICE,
        "services-1-name": "Drop-in",
        "services-1-remove": "1",
        "revision_id": "",
    }
    response = member.post(f"/listings/{org.id}/edit", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Youth counselling"' in html and 'value="Drop-in"' not in html
    add_button = re.search(r'<input[^>]*name="add_service"[^>]*>', html)
    assert add_button and "autofocus" in add_button[0]  # focus stays where the block was
    assert revisions_of(org)[0].payload["services"] == []


def test_add_another_in_a_step_renders_one_more_block_focused(member, db):
    org = start(member)
    response = post_step(member, org, {**SERVICE, "add_service": "1"}, goto="")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="services-1-name"' in html
    assert re.search(r'id="services-1-name"[^>]*autofocus|autofocus[^>]*id="services-1-name"', html)


def test_the_review_lists_what_is_missing_with_links_to_its_step(member, db):
    org = start(member, **{"organization-description": "", "organization-phone": ""})
    response = member.get(edit_url(org, "review"))
    text = page_text(response)
    assert "Before you can submit" in text
    assert "About the organization · Description: Describe the organization." in text
    html = response.get_data(as_text=True)
    assert f'href="/listings/{org.id}/edit?step=about#organization-description"' in html
    assert re.search(r'<input[^>]*disabled[^>]*value="Submit for review"', html)
    # Advice that does not stop a submission: where search will not find it.
    assert "No service yet" in text and "No location or area served yet" in text
    tried = member.post(
        f"/listings/{org.id}/edit",
        data={"step": "review", "submit": "Submit for review", "revision_id": ""},
    )
    assert tried.status_code == 200 and 'class="error-summary"' in tried.get_data(as_text=True)
    assert only_organization().status == OrganizationStatus.DRAFT
    assert revisions_of(org)[0].status == RevisionStatus.DRAFT


def complete(member):
    org = start(member)
    for data, after in ((SERVICE, "locations"), (LOCATIONS, "areas"), (AREA, "contacts")):
        assert post_step(member, org, data, goto=after).status_code == 302
    assert post_step(member, org, CONTACTS, goto="review").status_code == 302
    return org


def test_a_complete_draft_is_submitted_from_the_review(member, db):
    org = complete(member)
    review = member.get(edit_url(org, "review")).get_data(as_text=True)
    assert "Everything a review needs is here." in page_text(review)
    response = member.post(
        f"/listings/{org.id}/edit",
        data={
            "step": "review",
            "submit": "Submit for review",
            "revision_id": hidden_value(review, "revision_id"),
            "version": hidden_value(review, "version"),
        },
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/listings/")
    assert [r.status for r in revisions_of(org)] == [RevisionStatus.PENDING]
    assert only_organization().status == OrganizationStatus.PENDING


def test_the_preview_shows_what_the_public_and_a_professional_will_see(member, db):
    org = complete(member)
    public = page_text(member.get(edit_url(org, "review")))
    assert "Youth counselling" in public and "Thunder Bay" in public
    assert "12 Example Street" in public  # a public address is shown
    assert "99 Hidden Road" not in public  # a confidential one never
    assert "Intake coordinator" not in public  # kept for professionals
    professional = page_text(member.get(edit_url(org, "review", view="professional")))
    assert "Intake coordinator" in professional and "807-555-0143" in professional
    assert "99 Hidden Road" not in professional
    assert "public will see no referral contact" in professional  # the warning stands


def test_the_preview_never_changes_the_published_listing(make_client, db):
    owner = MembershipFactory(role="owner")
    org = owner.organization
    db.session.commit()
    client = browser_for(make_client, owner.user)
    post_step(client, org, {**ABOUT, "organization-name": "Renamed in draft"}, goto="review")
    review = client.get(edit_url(org, "review"))
    assert "Renamed in draft" in page_text(review)
    db.session.expire_all()
    assert only_organization().name != "Renamed in draft"
    assert only_organization().status == OrganizationStatus.PUBLISHED


def test_bad_step_or_view_is_a_400_with_a_message(member, db):
    response = member.get("/listings/new?step=payment")
    assert response.status_code == 400 and "no step called" in page_text(response)
    org = start(member)
    response = member.get(edit_url(org, "review", view="everyone"))
    assert response.status_code == 400


def test_someone_elses_step_save_is_refused(make_client, db, member):
    org = start(member)
    stranger = browser_for(make_client, UserFactory())
    db.session.commit()
    assert stranger.get(edit_url(org, "review")).status_code == 403
    data = {**SERVICE, "goto": "locations"}
    assert stranger.post(f"/listings/{org.id}/edit", data=data).status_code == 403
    assert revisions_of(org)[0].payload["services"] == []


def test_a_step_saved_over_a_newer_draft_is_a_conflict(make_client, db, member):
    org = start(member)
    page = member.get(edit_url(org, "services")).get_data(as_text=True)
    stale = {**SERVICE, "revision_id": hidden_value(page, "revision_id"), "version": "1"}
    post_step(member, org, SERVICE, goto="locations")  # saved meanwhile: version 3
    response = member.post(f"/listings/{org.id}/edit", data={**stale, "goto": "locations"})
    assert response.status_code == 409


def test_leaving_an_empty_first_step_creates_no_draft(member, db):
    response = member.post("/listings/new", data={"step": "about", "goto": "services"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/listings/new?step=services")
    assert db.session.query(Organization).count() == 0
    assert 'id="services-0-name"' in member.get("/listings/new?step=services").text
