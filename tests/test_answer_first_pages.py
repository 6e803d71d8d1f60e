"""Issue 13's pages: the shortlist button brings the reader back to the card (or, with script,
leaves them where they are), the profile leads with how to reach and refer, a search that
found nothing keeps what was chosen, and French pages mark the text kept in English."""

from __future__ import annotations

import re

import pytest

from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ReferralContactFactory,
    ServiceFactory,
    term,
)

SEARCH = "/search?near=Thunder+Bay&sector=housing-shelter"
FRENCH = {"Accept-Language": "fr-CA,fr;q=0.9"}


@pytest.fixture
def harbour(db):
    org = OrganizationFactory(
        name="Harbour House",
        slug="harbour-house",
        sectors=[term("sector", "housing-shelter")],
        phone="+1 807-555-0100",
        description="Beds for youth, day and night.",
    )
    ServiceFactory(
        organization=org,
        name="Emergency beds",
        description="Twelve beds for youth.",
        eligibility="Youth 12 to 17",
        fees="Free",
        intake_hours="Around the clock",
    )
    ServiceFactory(organization=org, name="Drop-in", description="Meals and showers.")
    LocationFactory(organization=org)
    ReferralContactFactory(organization=org, name="Front desk")
    neighbour = OrganizationFactory(name="Lakehead Clinic", sectors=[term("sector", "health-care")])
    LocationFactory(organization=neighbour)
    db.session.commit()
    return org


# --- The shortlist keeps the reader's place ----------------------------------------------


def test_the_button_on_a_card_comes_back_to_the_same_search_at_that_card(make_client, harbour):
    visitor = make_client()
    html = visitor.get(SEARCH).get_data(as_text=True)
    assert f'<article class="card org-card" id="org-{harbour.id}">' in html
    form = re.search(r'<form class="shortlist-toggle".*?</form>', html, re.S).group(0)
    (next_page,) = re.findall(r'name="next" value="([^"]+)"', form)
    assert next_page == f"/search?near=Thunder+Bay&amp;sector=housing-shelter#org-{harbour.id}"

    response = visitor.post(
        f"/shortlist/{harbour.id}/add", data={"next": next_page.replace("&amp;", "&")}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"{SEARCH}#org-{harbour.id}"


def test_with_script_the_button_comes_back_as_json_without_leaving(make_client, harbour):
    visitor = make_client()
    back = f"{SEARCH}#org-{harbour.id}"
    response = visitor.post(
        f"/shortlist/{harbour.id}/add",
        data={"next": back},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["message"] == "Harbour House is on your shortlist."
    assert f'action="/shortlist/{harbour.id}/remove"' in body["html"]
    assert "On your shortlist" in body["html"]
    assert 'name="csrf_token"' in body["html"]
    assert f'name="next" value="{back.replace("&", "&amp;")}"' in body["html"]
    # No message waits for the next page: the script announced it already.
    assert "is on your shortlist" not in visitor.get("/shortlist").get_data(as_text=True)

    removed = visitor.post(
        f"/shortlist/{harbour.id}/remove",
        data={"next": back},
        headers={"Accept": "application/json"},
    ).get_json()
    assert removed["message"] == "Removed from your shortlist."
    assert f'action="/shortlist/{harbour.id}/add"' in removed["html"]


def test_the_json_answer_never_points_the_form_at_another_host(make_client, harbour):
    response = make_client().post(
        f"/shortlist/{harbour.id}/add",
        data={"next": "https://evil.example.com/search"},
        headers={"Accept": "application/json"},
    )
    assert 'name="next" value="/shortlist"' in response.get_json()["html"]
    assert "evil.example.com" not in response.get_json()["html"]


# --- The profile leads with how to reach and how to refer --------------------------------


def test_the_profile_shows_how_to_reach_and_refer_then_services_then_partners(client, harbour):
    html = client.get("/organizations/harbour-house").get_data(as_text=True)
    order = [
        "<h1",
        'id="contact-heading"',
        'href="tel:+18075550100"',
        'id="referral-heading"',
        "Accepting referrals",
        "Front desk",
        'id="services-heading"',
        "Emergency beds",
        'id="partners-heading"',
    ]
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)


# --- A search that found nothing keeps what was chosen -----------------------------------


def test_an_empty_search_keeps_its_filter_groups_place_and_choices(client, harbour):
    html = client.get(
        "/search?q=zzzzqq&near=Thunder+Bay&sector=housing-shelter&accepting_referrals=1"
    ).get_data(as_text=True)
    assert "0 organizations found" in html
    assert 'name="near" value="Thunder Bay"' in html
    assert re.search(r'name="sector" value="housing-shelter"\s+checked', html)
    assert re.search(r'name="accepting_referrals" value="1"\s+checked', html)
    # Each choice can be removed from the page.
    assert 'aria-label="Remove filter: Housing &amp; shelter"' in html
    assert 'aria-label="Remove filter: Accepting referrals"' in html
    assert "Apply filters" in html


def test_no_apply_button_without_anything_to_apply(client, harbour):
    html = client.get("/search?q=zzzzqq").get_data(as_text=True)
    assert "0 organizations found" in html
    assert "Apply filters" not in html and 'class="filters"' not in html


def test_the_filters_button_counts_the_chosen_filters(client, harbour):
    html = client.get("/search?sector=housing-shelter&open_24_7=1&near=Thunder+Bay").get_data(
        as_text=True
    )
    summary = re.search(r'<summary class="filters__toggle">(.*?)</summary>', html, re.S).group(1)
    assert " ".join(re.sub(r"<[^>]+>", " ", summary).split()) == "Filters 2 chosen"


# --- French pages mark the text kept in English ------------------------------------------


def lang_notes(html: str) -> int:
    return html.count('class="lang-note"')


def test_french_profile_marks_english_only_blocks_once_each(client, harbour):
    html = client.get("/organizations/harbour-house", headers=FRENCH).get_data(as_text=True)
    assert '<html lang="fr">' in html
    # The description and each of the two services: one note per block, not per field.
    assert lang_notes(html) == 3
    assert '<span lang="en">Emergency beds</span>' in html
    assert '<div class="prose" lang="en">' in html
    for value in ("Youth 12 to 17", "Free", "Around the clock"):
        assert f'<dd lang="en">{value}</dd>' in html
    assert '<div class="profile-description" lang="en">' in html


def test_a_french_description_needs_no_note(client, db, harbour):
    harbour.description_fr = "Des lits pour les jeunes, jour et nuit."
    db.session.commit()
    html = client.get("/organizations/harbour-house", headers=FRENCH).get_data(as_text=True)
    assert '<div class="profile-description" lang="fr">' in html
    assert lang_notes(html) == 2  # the two services only

    search = client.get("/search?q=harbour", headers=FRENCH).get_data(as_text=True)
    assert lang_notes(search) == 0


def test_french_search_cards_mark_an_english_summary(client, harbour):
    html = client.get("/search?q=harbour", headers=FRENCH).get_data(as_text=True)
    assert lang_notes(html) == 1
    assert '<span lang="en">Beds for youth, day and night.</span>' in html


def test_english_pages_carry_no_note(client, harbour):
    assert lang_notes(client.get("/organizations/harbour-house").get_data(as_text=True)) == 0
    assert lang_notes(client.get("/search?q=harbour").get_data(as_text=True)) == 0
