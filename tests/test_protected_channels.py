"""Restricted contacts and confidential addresses, channel by channel, for the public.

One organization has a referral contact for professionals only and a confidential location
(a shelter). Nothing of either may reach anyone not entitled: not the profile (its source and
meta tags included), the search page or its map, the search CSV, the JSON API, the HSDS API,
the HSDS export, the shortlist sheet and CSV, the sitemap, or an error page.
"""

from __future__ import annotations

import json

import pytest

from directory.models import ContactVisibility
from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ReferralContactFactory,
    ServiceFactory,
    UserFactory,
    term,
)
from tests.listing_helpers import browser_for

SECRET_NAME = "Quillon Direct Line"
SECRET_EMAIL = "quillon.direct@harbour.example.org"
SECRET_PHONE = "+1 807-555-0177"
STREET = "77 Hidden Shelter Road"
POSTAL = "P7B 9Z9"
# The shelter's real point, far from Thunder Bay's centre (48.38, -89.25).
LAT, LNG = 48.4711, -89.1234
SECRETS = (SECRET_NAME, SECRET_EMAIL, SECRET_PHONE, "555-0177", STREET, POSTAL, "P7B9Z9")
EXACT = ("48.4711", "-89.1234")


@pytest.fixture
def shelter(db):
    organization = OrganizationFactory(
        name="Harbour Shelter", slug="harbour-shelter", sectors=[term("sector", "social-family")]
    )
    ServiceFactory(organization=organization, name="Emergency shelter for youth")
    LocationFactory(
        organization=organization,
        address=STREET,
        city="Thunder Bay",
        province_code="ON",
        postal_code=POSTAL,
        latitude=LAT,
        longitude=LNG,
        confidential=True,
    )
    ReferralContactFactory(organization=organization, name="Front desk")
    ReferralContactFactory(
        organization=organization,
        name=SECRET_NAME,
        email=SECRET_EMAIL,
        phone=SECRET_PHONE,
        visibility=ContactVisibility.PROFESSIONALS,
    )
    db.session.commit()
    return organization


def assert_nothing_protected(text: str, channel: str) -> None:
    for secret in (*SECRETS, *EXACT):
        assert secret not in text, f"{secret!r} leaked through {channel}"


PUBLIC_PAGES = {
    "profile": "/organizations/harbour-shelter",
    "search page": "/search?q=shelter",
    "search page with place and map": "/search?q=shelter&near=Thunder+Bay&radius_km=50",
    "home": "/",
    "search csv": "/search.csv?q=shelter&near=Thunder+Bay",
    "json search": "/api/v1/search?q=shelter&near=Thunder+Bay",
    "json profile": "/api/v1/organizations/harbour-shelter",
    "hsds organizations": "/api/hsds/organizations",
    "hsds services": "/api/hsds/services",
    "hsds service at locations": "/api/hsds/service_at_locations?postcode=P7B",
    "sitemap": "/sitemap.xml",
    "not found page": "/organizations/harbour-shelter/no-such-page",
    "bad search page": "/search?q=shelter&page=999",
}


@pytest.mark.parametrize("channel", PUBLIC_PAGES)
@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_public_channels_carry_nothing_protected(make_client, db, shelter, channel, who):
    client = make_client()
    if who == "member":
        member = UserFactory()
        db.session.commit()
        client = browser_for(make_client, member)
    response = client.get(PUBLIC_PAGES[channel])
    assert response.status_code in (200, 404), channel
    assert_nothing_protected(response.get_data(as_text=True), channel)


def test_the_profile_still_shows_the_public_parts(client, shelter):
    html = client.get("/organizations/harbour-shelter").get_data(as_text=True)
    assert "Front desk" in html and "Thunder Bay" in html


def test_a_search_for_the_secret_contact_finds_nothing(client, shelter):
    """The contact's name is not in the index: typing it must not reveal the organization."""
    results = client.get(f"/api/v1/search?q={SECRET_NAME}").get_json()
    assert results["total"] == 0


def test_hsds_single_records_carry_nothing_protected(client, shelter):
    listing = client.get("/api/hsds/organizations").get_json()
    organization_id = listing["contents"][0]["id"]
    one = client.get(f"/api/hsds/organizations/{organization_id}")
    assert one.status_code == 200
    assert_nothing_protected(one.get_data(as_text=True), "an HSDS organization")
    for service in one.get_json().get("services", []):
        page = client.get(f"/api/hsds/services/{service['id']}").get_data(as_text=True)
        assert_nothing_protected(page, "an HSDS service")


@pytest.mark.parametrize(
    "url",
    ["/shortlist", "/shortlist/sheet?for=family", "/shortlist/sheet?for=file", "/shortlist.csv"],
)
def test_shortlist_sheet_and_csv_for_the_public(client, shelter, url):
    client.post(f"/shortlist/{shelter.id}/add")
    response = client.get(url)
    assert response.status_code == 200
    assert "Harbour Shelter" in response.get_data(as_text=True)
    assert_nothing_protected(response.get_data(as_text=True), url)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_public_hsds_export(app, shelter, tmp_path, fmt):
    target = tmp_path / f"export-{fmt}"
    result = app.test_cli_runner().invoke(args=["hsds", "export", str(target), "--format", fmt])
    assert result.exit_code == 0, result.output
    files = [target] if target.is_file() else sorted(p for p in target.rglob("*") if p.is_file())
    assert files
    for path in files:
        assert_nothing_protected(
            path.read_text(encoding="utf-8"), f"the {fmt} export ({path.name})"
        )
    if fmt == "json":
        assert "Harbour Shelter" in json.dumps(json.loads(target.read_text()))


def test_a_vetted_professional_does_see_the_contact_so_the_checks_above_can_fail(
    make_client, db, shelter
):
    vetted = UserFactory(professional_verified_at=shelter.created_at)
    db.session.commit()
    html = browser_for(make_client, vetted).get("/organizations/harbour-shelter")
    assert SECRET_EMAIL in html.get_data(as_text=True)
    assert STREET not in html.get_data(as_text=True)  # the address stays private even so
