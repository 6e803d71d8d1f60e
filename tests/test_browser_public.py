"""Home → search → profile in headless Chromium, against a real server on 127.0.0.1.

The app runs in a background thread on its own SQLite file, migrated like production (the
session ``app`` fixture is in memory and not shared across threads). Any request to another
host fails the test: the site must load nothing from third parties.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from directory.models import ContactVisibility
from tests.browser_fixtures import live_site, needs_chromium
from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ReferralContactFactory,
    ServiceAreaFactory,
    ServiceFactory,
    term,
)

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
]


def _add_listings() -> None:
    shelter = OrganizationFactory(
        name="Aurora Youth Shelter",
        slug="aurora-youth-shelter",
        sectors=[term("sector", "housing-shelter")],
        description="Emergency shelter for youth leaving sexual exploitation.",
    )
    ServiceFactory(
        organization=shelter,
        name="Emergency beds for youth",
        types=[term("service_type", "emergency-shelter")],
        populations=[term("population", "youth-12-17")],
        languages=[term("language", "en")],
        open_24_7=True,
    )
    ServiceAreaFactory(organization=shelter, kind="province", province_code="AB")
    LocationFactory(
        organization=shelter,
        city="Edmonton",
        province_code="AB",
        address="77 Confidential Avenue",
        postal_code="T5J 0N3",
        confidential=True,
    )
    ReferralContactFactory(organization=shelter, name="Public Intake Line")
    ReferralContactFactory(
        organization=shelter, name="Night Supervisor", visibility=ContactVisibility.PROFESSIONALS
    )
    OrganizationFactory(name="Calgary Police ICE Unit", sectors=[term("sector", "policing")])
    for name, slug, point in [
        ("Lakehead Youth Clinic", "health-care", (48.42, -89.26)),
        ("Superior Legal Aid", "legal-justice", (48.38, -89.25)),
    ]:
        org = OrganizationFactory(name=name, sectors=[term("sector", slug)])
        LocationFactory(organization=org, latitude=point[0], longitude=point[1])


@pytest.fixture
def live_server(tmp_path):
    with live_site(tmp_path / "browser.sqlite3", _add_listings) as (base, _, _):
        yield base


def test_home_to_search_to_profile(live_server, page, requested_hosts):
    page.goto(live_server + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # A sector is a button of the home search form: a sector search in one click.
    tile = page.get_by_role("button", name="Housing & shelter 1 organization")
    expect(tile).to_be_visible()

    tile.click()
    page.wait_for_url("**/search?*sector=housing-shelter")
    expect(page.get_by_text("1 organization found")).to_be_visible()
    expect(page.get_by_text("Edmonton, Alberta")).to_be_visible()
    assert not page.get_by_text("Calgary Police ICE Unit").count()

    page.get_by_role("link", name="Aurora Youth Shelter").click()
    page.wait_for_url("**/organizations/aurora-youth-shelter")
    expect(page.get_by_role("heading", name="Emergency beds for youth")).to_be_visible()
    expect(page.get_by_text("Address withheld for safety")).to_be_visible()
    expect(page.get_by_text("Public Intake Line")).to_be_visible()
    content = page.content()
    for secret in ["77 Confidential Avenue", "T5J 0N3", "Night Supervisor"]:
        assert secret not in content

    assert requested_hosts == {"127.0.0.1"}


def test_keyword_search_from_the_home_page(live_server, page, requested_hosts):
    page.goto(live_server + "/")
    page.get_by_label("What do you need?").fill("police")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/search?q=police*")
    expect(page.get_by_role("link", name="Calgary Police ICE Unit")).to_be_visible()
    assert requested_hosts == {"127.0.0.1"}


def test_skip_link_appears_on_first_tab(live_server, page):
    page.goto(live_server + "/about")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to content")
    assert skip_link.evaluate("element => element === document.activeElement")
    expect(skip_link).to_be_visible()
    assert skip_link.bounding_box()["y"] >= 0


def test_search_near_a_place_with_a_keyboard_usable_map(live_server, page, requested_hosts):
    page.goto(live_server + "/search")
    page.get_by_label("Near").fill("Thunder Bay")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/search?**near=Thunder+Bay**")
    expect(page.get_by_text("Near Thunder Bay, ON — within 50 km")).to_be_visible()
    expect(page.get_by_text("Within 50 km of Thunder Bay, ON")).to_be_visible()
    expect(page.get_by_role("link", name="Superior Legal Aid")).to_be_visible()
    # Alberta only: not a result, at most listed among the nearest beyond the radius.
    assert not page.locator(".org-card").get_by_text("Aurora Youth Shelter").count()

    markers = page.locator(".leaflet-marker-icon.map-marker")
    markers.first.wait_for()
    assert markers.count() >= 1
    assert page.locator("path.map-outline").count() == 13  # provinces and territories

    for _ in range(80):  # Tab through the page until a marker has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('map-marker')"):
            break
    marker = page.locator(".map-marker:focus")
    assert marker.get_attribute("aria-label").startswith("Superior Legal Aid, Thunder Bay")
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup a.map-popup__name").first
    expect(link).to_be_visible()
    assert link.evaluate("element => element === document.activeElement")
    assert link.get_attribute("href").startswith("/organizations/")
    page.keyboard.press("Escape")
    page.locator(".leaflet-popup").wait_for(state="detached")
    assert page.evaluate("document.activeElement.classList.contains('map-marker')")

    assert requested_hosts == {"127.0.0.1"}


def test_profile_shows_partners_in_other_sectors(live_server, page, requested_hosts):
    page.goto(live_server + "/search?near=Thunder+Bay")
    page.get_by_role("link", name="Superior Legal Aid").click()
    panel = page.get_by_role("region", name="Partners nearby in other sectors")
    expect(panel.get_by_role("link", name="Lakehead Youth Clinic")).to_be_visible()
    assert requested_hosts == {"127.0.0.1"}


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/search?sector=housing-shelter",
        "/search?near=Thunder+Bay",
        "/organizations/aurora-youth-shelter",
        "/organizations/superior-legal-aid",
    ],
)
def test_pages_fit_a_phone_screen(live_server, browser, path):
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(live_server + path)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.close()
