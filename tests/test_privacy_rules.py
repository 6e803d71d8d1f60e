"""The rules of ``directory.privacy`` as the channels that use them show them.

The other checks of these rules are channel by channel in test_protected_channels.py (secrets
in every public response) and test_unplaced_locations.py (a confidential location whose city
is unknown). These cover what those do not reach: unpublished listings in every public
channel, the partners panel of a confidential organization, and ``/api/v1`` for a caller
entitled to more on the profile page. scripts/privacy_mutations.py weakens each rule in turn
and checks that a test here or there fails.
"""

from __future__ import annotations

import re

import pytest

from directory.models import ContactVisibility, OrganizationStatus
from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ReferralContactFactory,
    ServiceAreaFactory,
    ServiceFactory,
    UserFactory,
    term,
)
from tests.listing_helpers import browser_for
from tests.test_public import page_text

THUNDER_BAY = (48.38202, -89.25018)


@pytest.fixture
def unpublished(db):
    """A listing that was published, shortlisted, then sent back to pending."""
    organization = OrganizationFactory(
        name="Withdrawn Harbour Listing",
        slug="withdrawn-harbour",
        sectors=[term("sector", "policing")],
    )
    ServiceFactory(organization=organization, name="Withdrawn service")
    LocationFactory(organization=organization, city="Thunder Bay", postal_code="P7B 1A1")
    db.session.commit()
    return organization


def test_an_unpublished_listing_leaves_every_public_channel(make_client, db, unpublished):
    visitor = make_client()
    visitor.post(f"/shortlist/{unpublished.id}/add")
    assert "Withdrawn Harbour Listing" in visitor.get("/shortlist/sheet").get_data(as_text=True)
    unpublished.status = OrganizationStatus.PENDING
    db.session.commit()
    for url in (
        "/shortlist",
        "/shortlist/sheet",
        "/shortlist.csv",
        "/sitemap.xml",
        "/api/hsds/organizations",
        "/api/hsds/services",
        "/api/hsds/service_at_locations?postcode=P7B",
        "/",
    ):
        body = visitor.get(url).get_data(as_text=True)
        assert "Withdrawn" not in body and "withdrawn-harbour" not in body, url
    assert visitor.get("/organizations/withdrawn-harbour").status_code == 404
    assert visitor.get("/api/v1/organizations/withdrawn-harbour").status_code == 404


def test_a_confidential_organization_s_partners_are_measured_from_its_city(client, db):
    shelter = OrganizationFactory(
        name="Harbour Shelter", slug="harbour-shelter", sectors=[term("sector", "housing-shelter")]
    )
    # Its real point is 13 km from the centre of Thunder Bay, where its partner stands.
    LocationFactory(
        organization=shelter,
        city="Thunder Bay",
        latitude=48.4711,
        longitude=-89.1234,
        confidential=True,
    )
    police = OrganizationFactory(name="Lakehead Police", sectors=[term("sector", "policing")])
    LocationFactory(
        organization=police, city="Thunder Bay", latitude=THUNDER_BAY[0], longitude=THUNDER_BAY[1]
    )
    db.session.commit()
    html = client.get("/organizations/harbour-shelter").get_data(as_text=True)
    panel = page_text(re.search(r'<section class="partners".*?</section>', html, re.S).group(0))
    assert "Lakehead Police" in panel
    assert "Less than 1 km away" in panel


def test_the_json_profile_is_public_even_for_a_vetted_professional(make_client, db):
    organization = OrganizationFactory(name="Harbour Clinic", slug="harbour-clinic")
    ReferralContactFactory(organization=organization, name="Front desk")
    ReferralContactFactory(
        organization=organization,
        name="Direct line",
        email="direct@clinic.example.org",
        visibility=ContactVisibility.PROFESSIONALS,
    )
    vetted = UserFactory(professional_verified_at=organization.created_at)
    db.session.commit()
    browser = browser_for(make_client, vetted)
    assert "direct@clinic.example.org" in browser.get("/organizations/harbour-clinic").get_data(
        as_text=True
    )  # the profile page shows it to them, so the check below can fail
    document = browser.get("/api/v1/organizations/harbour-clinic").get_json()
    assert [c["name"] for c in document["referral_contacts"]] == ["Front desk"]


@pytest.fixture
def far_out_shelter(db):
    """A confidential location in Thunder Bay whose real point is 80 km north of the city."""
    shelter = OrganizationFactory(
        name="North Shore Shelter", slug="north-shore", sectors=[term("sector", "housing-shelter")]
    )
    ServiceFactory(organization=shelter, name="Shelter beds")
    LocationFactory(
        organization=shelter,
        city="Thunder Bay",
        latitude=49.10,
        longitude=-89.25,
        confidential=True,
    )
    db.session.commit()
    return shelter


def test_hsds_proximity_measures_a_confidential_location_from_its_city(client, far_out_shelter):
    # P7B's centre is 6 km from the city's centre, 74 km from the shelter's real point.
    response = client.get("/api/hsds/service_at_locations?postcode=P7B&proximity=10000")
    assert [item["service"]["name"] for item in response.get_json()["contents"]] == ["Shelter beds"]


def test_a_radius_is_named_after_the_city_where_its_location_is_public(client, db, far_out_shelter):
    ServiceAreaFactory(
        organization=far_out_shelter,
        kind="radius",
        province_code="ON",
        latitude=THUNDER_BAY[0],
        longitude=THUNDER_BAY[1],
        radius_km=100,
    )
    db.session.commit()
    text = page_text(client.get("/organizations/north-shore"))
    assert "Within 100 km of Thunder Bay" in text
