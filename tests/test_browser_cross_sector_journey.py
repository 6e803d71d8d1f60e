"""Issue 15's journey, in headless Chromium, on the demo data: a nurse in Kenora learns what
her sector does next and who nearby will take the referral.

She opens the guides, picks health care, gives her place as a keyboard does (Shift held for
the capital), reads Ontario's duty to report inside the guide, follows the guide to Kenora's
local response card, sees that no survivor-led organization is within 250 km and which one
is nearest beyond, and puts three organizations of the card on the family's sheet (each add
waits for the page to say it is done before the next click).

Screenshots at 1280 and 390 px go to ``screenshots/response-*.png`` for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from seed.demo import load_demo
from tests.browser_fixtures import live_site, needs_chromium
from tests.test_browser_nurse_journey import type_like_a_person

pytestmark = [pytest.mark.browser, needs_chromium]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    database = tmp_path_factory.mktemp("kenora") / "demo.sqlite3"
    with live_site(database, lambda: load_demo(), WTF_CSRF_ENABLED=True) as (base, _, _):
        yield base


def _screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"response-{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_nurse_in_kenora_from_the_guide_to_the_response_card_and_the_family_sheet(
    demo_site, browser, requested_hosts, width
):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.on("request", lambda request: requested_hosts.add(request.url.split("/")[2].split(":")[0]))

    page.goto(demo_site + "/guides")
    page.get_by_role("link", name="Health care", exact=True).click()
    page.wait_for_url(re.compile(r"/guides/health-care"))
    expect(page.get_by_text(re.compile(r"Sample text")).first).to_be_visible()

    place = page.get_by_label("Where do you work? A city or a postal code")
    place.click()
    type_like_a_person(page, "Kenora")
    assert place.input_value() == "Kenora"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"near=Kenora"))

    duty = page.locator("section.guide-duty")
    expect(duty.get_by_role("heading", name="Duty to report: Ontario")).to_be_visible()
    assert duty.locator("a[href^='https://']").count() >= 1, "the duty to report cites no source"
    _screenshot(page, f"guide-{width}")

    page.get_by_role("link", name="Local response card for Kenora, ON").click()
    page.wait_for_url(re.compile(r"/response\?near=Kenora"))
    survivor = page.locator(
        "section.response-role", has=page.get_by_role("heading", name="Survivor-led")
    )
    gap = survivor.locator(".response-gap").inner_text().strip()
    assert re.fullmatch(r"Gap: none within 250 km; nearest: Thunder Bay, \d{3} km", gap), gap
    expect(survivor.get_by_role("link", name="Red Pine Survivor Circle")).to_be_visible()
    _screenshot(page, f"card-{width}")

    added = []
    for _ in range(3):  # the first button still saying "Add", each time
        button = page.get_by_role("button", name=re.compile(r"^Add to shortlist: ")).first
        name = button.get_attribute("aria-label").removeprefix("Add to shortlist: ")
        button.click()
        page.get_by_role("button", name=f"Remove from shortlist: {name}").first.wait_for()
        # Listed under two roles, it says "Remove" under both.
        assert page.get_by_role("button", name=f"Add to shortlist: {name}").count() == 0, name
        added.append(name)
    assert len(set(added)) == 3, added

    page.goto(demo_site + "/shortlist/sheet?for=family")
    sheet = page.locator("main")
    for name in added:
        expect(sheet.get_by_text(name).first).to_be_visible()
    _screenshot(page, f"family-sheet-{width}")
    assert requested_hosts <= {"127.0.0.1"}
    context.close()
