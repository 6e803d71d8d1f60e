"""The local response card in headless Chromium, on the demo data: Kenora's card prints on one
A4 and one Letter page, reads at 390 px without sideways scrolling, is used with the keyboard
alone (three organizations onto the shortlist, then the family's sheet), shows the
survivor-led gap with the nearest beyond, and requests nothing from another host.

Screenshots at 1280 and 390 px go to ``screenshots/response-*.png`` for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from seed.demo import load_demo
from tests.browser_fixtures import live_site, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
CARD = "/response?near=Kenora"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    database = tmp_path_factory.mktemp("response") / "demo.sqlite3"
    with live_site(database, lambda: load_demo(), WTF_CSRF_ENABLED=True) as (base, _, _):
        yield base


def pdf_pages(pdf: bytes) -> int:
    """Pages of a PDF Chromium wrote (its page objects; ``/Pages`` is the tree's root)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def tab_to(page: Page, label: str, most: int = 200) -> None:
    """Press Tab until the control labelled ``label`` has the focus (the keyboard alone)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-label')") == label:
            return
    raise AssertionError(f"Tab never reached {label!r}")


def _screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"response-{name}.png"), full_page=True)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_kenora_card_prints_on_one_page(demo_site, page, paper, requested_hosts):
    page.goto(demo_site + CARD)
    page.emulate_media(media="print")
    assert page.locator(".response-role").count() >= 10
    expect(page.locator(".response-form")).not_to_be_visible()
    expect(page.locator(".site-header")).not_to_be_visible()
    assert pdf_pages(page.pdf(format=paper, print_background=False)) == 1
    assert requested_hosts <= {"127.0.0.1"}


def test_the_survivor_led_gap_and_three_onto_the_family_sheet(demo_site, page, requested_hosts):
    page.goto(demo_site + "/search?near=Kenora")
    page.get_by_role("link", name="Local response card for Kenora, ON").click()
    page.wait_for_url(re.compile(r"/response\?near=Kenora"))

    survivor = page.locator(
        "section.response-role", has=page.get_by_role("heading", name="Survivor-led")
    )
    gap = survivor.locator(".response-gap").inner_text()
    assert re.fullmatch(r"Gap: none within 250 km; nearest: Thunder Bay, 41\d km", gap.strip()), gap
    expect(survivor.get_by_role("link", name="Red Pine Survivor Circle")).to_be_visible()
    _screenshot(page, "kenora-1280")

    # Keyboard only: Tab to each "Add to shortlist" button of three roles, Enter.
    added = []
    for heading in ("Police", "Child protection", "Victim services"):
        section = page.locator(
            "section.response-role", has=page.get_by_role("heading", name=heading, exact=True)
        )
        button = section.get_by_role("button", name=re.compile(r"^Add to shortlist: ")).first
        name = button.get_attribute("aria-label").removeprefix("Add to shortlist: ")
        tab_to(page, f"Add to shortlist: {name}")
        page.keyboard.press("Enter")
        section.get_by_role("button", name=f"Remove from shortlist: {name}").wait_for()
        added.append(name)

    page.goto(demo_site + "/shortlist/sheet?for=family")
    sheet = page.locator("main").inner_text()
    assert all(name in sheet for name in added), (added, sheet)
    assert requested_hosts <= {"127.0.0.1"}


def test_readable_at_390_px(demo_site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(demo_site + CARD)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    first = page.locator(".response-entry").first
    expect(first.locator("a[href^='tel:']").first).to_be_visible()
    _screenshot(page, "kenora-390")
    context.close()
