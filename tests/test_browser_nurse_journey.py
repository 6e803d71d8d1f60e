"""The nurse's journey, in headless Chromium, on the demo data: whom do I call, near here, for
this young person, and will they take the referral?

A nurse in Thunder Bay opens the home page, types the place as a keyboard does (Shift held
for the capitals), picks the sector she needs in one click, and gets the local organization
first with its phone as a link to call and its distance; the organizations based elsewhere
that serve Thunder Bay each say why they are there. She puts the first on her shortlist
without losing her place on the page, then opens the family's sheet, which names it with its
number. A second search in the words she would type ("counseling", American spelling) finds
the counselling organizations and says why each one serves Thunder Bay.

Screenshots at 1280 and 390 px go to ``screenshots/nurse-*.png`` for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from seed.demo import load_demo
from tests.browser_fixtures import live_site, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
# Why an organization based elsewhere serves the place, as the cards word it.
REASON = re.compile(r"^(All of .+|Across Canada|Online service|Within [\d.,]+ km of .+|.+ region)$")


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    database = tmp_path_factory.mktemp("nurse") / "demo.sqlite3"
    with live_site(database, lambda: load_demo(), WTF_CSRF_ENABLED=True) as (base, _, _):
        yield base


def type_like_a_person(page: Page, text: str) -> None:
    """Each character as a key press; capitals with Shift held, as on a real keyboard."""
    for character in text:
        if character.isupper():
            page.keyboard.press(f"Shift+Key{character}")
        elif character == " ":
            page.keyboard.press("Space")
        else:
            page.keyboard.press(character)


def _cards(page: Page) -> Locator:
    return page.locator(".result-list article.org-card")


def _screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"nurse-{name}.png"), full_page=True)


def test_place_and_need_to_a_local_number_a_reason_for_each_and_the_family_sheet(
    demo_site, browser, requested_hosts
):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.on("request", lambda request: requested_hosts.add(request.url.split("/")[2].split(":")[0]))
    page.goto(demo_site + "/")

    page.get_by_label("Near").click()
    type_like_a_person(page, "Thunder Bay")
    assert page.get_by_label("Near").input_value() == "Thunder Bay"
    page.get_by_role("button", name=re.compile(r"^Victim services")).click()
    page.wait_for_url(re.compile(r"/search\?"))
    assert "near=Thunder+Bay" in page.url and "sector=victim-services" in page.url

    # The local organization first: its distance, its number to call.
    first = _cards(page).first
    expect(first.get_by_role("link", name="Bridgeway Victim Services")).to_be_visible()
    assert re.search(r"km away", first.locator(".org-card__note").inner_text())
    call = first.locator("a[href^='tel:']").first
    expect(call).to_be_visible()
    assert re.fullmatch(r"tel:\+?\d{10,11}", call.get_attribute("href"))
    box = first.bounding_box()
    assert box is not None and box["y"] < 800, "the first result starts below the fold"
    _screenshot(page, "search-1280")

    # Every organization based elsewhere says why it serves Thunder Bay.
    serving = page.locator(".result-group__title", has_text="Serves this area")
    assert serving.count() == 1
    reasons = [
        card.locator(".org-card__note").inner_text().strip() for card in _cards(page).all()[1:]
    ]
    assert reasons, "no organization serves Thunder Bay from elsewhere"
    assert all(REASON.match(reason) for reason in reasons), reasons

    # On the shortlist without losing the place on the page.
    before = page.url
    first.get_by_role("button", name="Add to shortlist: Bridgeway Victim Services").click()
    page.get_by_role("button", name="Remove from shortlist: Bridgeway Victim Services").wait_for()
    assert page.url == before

    page.goto(demo_site + "/shortlist/sheet?for=family")
    sheet = page.locator("main")
    expect(sheet.get_by_text("Bridgeway Victim Services").first).to_be_visible()
    assert sheet.locator("a[href^='tel:']").count() >= 1
    _screenshot(page, "family-sheet")

    # The words she would type: American spelling, found and explained.
    page.goto(demo_site + "/")
    page.get_by_label("What do you need?").click()
    type_like_a_person(page, "counseling")
    page.get_by_label("Near").click()
    type_like_a_person(page, "Thunder Bay")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?"))
    assert _cards(page).count() > 0
    first_reason = _cards(page).first.locator(".org-card__note").inner_text().strip()
    assert first_reason == "Within 400 km of Sioux Lookout", first_reason
    assert requested_hosts <= {"127.0.0.1"}
    context.close()


def test_on_a_phone_the_results_come_before_the_filters(demo_site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(demo_site + "/search?near=Thunder+Bay&sector=victim-services")
    first = _cards(page).first
    box = first.bounding_box()
    _screenshot(page, "search-390")
    assert box is not None and box["y"] < 844, "on a phone the first result is below the fold"
    expect(first.locator("a[href^='tel:']").first).to_be_visible()
    _screenshot(page, "search-390")
    context.close()
