"""Issue 13's pages in headless Chromium: on a phone the results come first and the filters
open from one button; at 1280×800 the first result starts above the fold with its phone
number; adding to the shortlist with script keeps the reader's URL and scroll position and
announces it; axe finds no WCAG 2.1 AA violation on home, search (with and without results)
and profile, in English and in French, at both widths."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from directory.models import ContactVisibility
from tests.browser_fixtures import (
    CHROMIUM,
    CHROMIUM_ARGS,
    axe_violations,
    live_site,
    needs_chromium,
)
from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ReferralContactFactory,
    ServiceFactory,
    term,
)

pytestmark = [pytest.mark.browser, needs_chromium]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SEARCH = "/search?near=Thunder+Bay"
SECTORS = ["health-care", "policing", "housing-shelter", "education", "mental-health"]


def _add_data() -> None:
    for n in range(8):
        org = OrganizationFactory(
            name=f"Lakehead Youth Service {n}",
            slug=f"lakehead-youth-service-{n}",
            sectors=[term("sector", SECTORS[n % 5])],
            phone=f"+1 807-555-01{n:02d}",
            description="Counselling and outreach for youth and families in the region.",
        )
        ServiceFactory(
            organization=org,
            name="Youth outreach",
            accepting_referrals=n % 3 != 0,
            referral_method=["self", "professional", "both"][n % 3],
            populations=[term("population", "youth-12-17")],
            languages=[term("language", "en"), term("language", "oj")],
            eligibility="Youth 12 to 17",
        )
        LocationFactory(organization=org, latitude=48.38 + n / 100, longitude=-89.25)
        ReferralContactFactory(organization=org, name="Intake")
        ReferralContactFactory(
            organization=org, phone="+1 807-555-0999", visibility=ContactVisibility.PROFESSIONALS
        )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    path = tmp_path_factory.mktemp("search-ui") / "search-ui.sqlite3"
    with live_site(path, _add_data, WTF_CSRF_ENABLED=True) as (base, _, _):
        yield base


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _page(chromium, viewport: dict[str, int], language: str = "en", script: bool = True):
    context = chromium.new_context(
        viewport=viewport,
        java_script_enabled=script,
        locale="fr-CA" if language == "fr" else "en-CA",
        extra_http_headers={"Accept-Language": "fr-CA,fr;q=0.9" if language == "fr" else "en"},
    )
    return context, context.new_page()


@pytest.mark.parametrize("script", [True, False], ids=["script", "no script"])
def test_on_a_phone_results_come_first_and_one_button_opens_the_filters(chromium, site, script):
    context, page = _page(chromium, PHONE, script=script)
    page.goto(site + SEARCH + "&sector=health-care&accepting_referrals=1")
    toggle = page.locator("summary.filters__toggle")
    expect(toggle).to_be_visible()
    assert " ".join(toggle.inner_text().split()) == "Filters 2 chosen"
    flags = page.locator(".filters fieldset.flags")
    expect(flags).not_to_be_visible()
    first_card = page.locator(".org-card").first
    assert first_card.bounding_box()["y"] > toggle.bounding_box()["y"]
    toggle.click()
    expect(flags).to_be_visible()
    expect(page.locator(".filters .facet").first).to_be_visible()
    context.close()


@pytest.mark.parametrize("script", [True, False], ids=["script", "no script"])
def test_on_a_desktop_the_filters_stay_in_view_and_the_first_result_is_above_the_fold(
    chromium, site, script
):
    context, page = _page(chromium, DESKTOP, script=script)
    page.goto(site + SEARCH)
    expect(page.locator(".filters fieldset.flags")).to_be_visible()
    expect(page.locator(".filters .facet").first).to_be_visible()
    expect(page.locator("summary.filters__toggle")).not_to_be_visible()
    card = page.locator(".org-card").first
    phone = card.locator(".org-card__phone a[href^='tel:']")
    assert phone.bounding_box()["y"] + phone.bounding_box()["height"] <= DESKTOP["height"]
    context.close()


def test_adding_to_the_shortlist_with_script_stays_in_place_and_announces(chromium, site):
    context, page = _page(chromium, DESKTOP)
    page.goto(site + SEARCH)
    url = page.url
    card = page.locator(".org-card").nth(4)
    card.scroll_into_view_if_needed()
    page.mouse.wheel(0, 120)
    page.wait_for_timeout(100)
    before = page.evaluate("window.scrollY")
    assert before > 0
    name = card.locator(".org-card__name a").inner_text()
    card.get_by_role("button", name=f"Add to shortlist: {name}").click()
    remove = card.get_by_role("button", name=f"Remove from shortlist: {name}")
    remove.wait_for()
    expect(card.get_by_text("On your shortlist", exact=True)).to_be_visible()
    assert page.url == url
    assert abs(page.evaluate("window.scrollY") - before) < 2
    status = page.locator("[data-shortlist-status]")
    status.filter(has_text=f"{name} is on your shortlist.").wait_for(state="attached")
    assert status.get_attribute("role") == "status"
    assert remove.evaluate("button => button === document.activeElement")
    # It was really added: the shortlist page lists it.
    page.goto(site + "/shortlist")
    assert page.get_by_text(name).count() >= 1
    context.close()


def test_adding_without_script_comes_back_to_the_card(chromium, site):
    context, page = _page(chromium, DESKTOP, script=False)
    page.goto(site + SEARCH)
    card = page.locator(".org-card").nth(4)
    card_id = card.get_attribute("id")
    name = card.locator(".org-card__name a").inner_text()
    card.get_by_role("button", name=f"Add to shortlist: {name}").click()
    page.wait_for_load_state()
    assert page.url == f"{site}{SEARCH}#{card_id}"
    expect(page.locator(f"#{card_id}").get_by_text("On your shortlist", exact=True)).to_be_visible()
    context.close()


PAGES = [
    ("home", "/"),
    ("search with results", SEARCH),
    ("search without results", SEARCH + "&q=zzzzqq&sector=policing&accepting_referrals=1"),
    ("profile", "/organizations/lakehead-youth-service-1"),
]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(("name", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_no_axe_violation(chromium, site, language, viewport, name, path):
    context, page = _page(chromium, viewport, language)
    assert page.goto(site + path).status == 200
    assert page.evaluate("document.documentElement.lang") == language
    assert axe_violations(page) == [], name
    context.close()
