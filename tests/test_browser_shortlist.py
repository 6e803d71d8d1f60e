"""The shortlist in headless Chromium: added from search results without script, printed
as the referral sheet for the professional's file, which fits one page for ten organizations
(the family's sheet: test_browser_referral_sheets.py). Screenshots go to
``screenshots/shortlist-*.png`` (and the printed sheet to ``screenshots/referral-sheet.pdf``)
for a person to look at."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from directory.models import ReferralMethod
from tests.browser_fixtures import live_site, needs_chromium
from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ReferralContactFactory,
    ServiceFactory,
    term,
)

pytestmark = [pytest.mark.browser, needs_chromium]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
CITIES = [
    ("Thunder Bay", "ON"),
    ("Winnipeg", "MB"),
    ("Montréal", "QC"),
    ("Halifax", "NS"),
    ("Regina", "SK"),
    ("Kenora", "ON"),
    ("Iqaluit", "NU"),
    ("Sudbury", "ON"),
    ("Saskatoon", "SK"),
    ("Moncton", "NB"),
]
SECTORS = ["health-care", "policing", "legal-justice", "housing-shelter", "education"]


def _add_listings() -> None:
    for n, (city, province) in enumerate(CITIES):
        org = OrganizationFactory(
            name=f"{city} Youth Outreach Network and Counselling Centre",
            sectors=[term("sector", SECTORS[n % 5]), term("sector", SECTORS[(n + 2) % 5])],
            phone=f"+1 204-555-01{n:02d}",
            email=f"intake@{city.lower().replace(' ', '').replace('é', 'e')}.example.org",
            website=f"https://{city.lower().replace(' ', '-').replace('é', 'e')}.example.org",
        )
        ServiceFactory(organization=org, referral_method=ReferralMethod.PROFESSIONAL)
        ServiceFactory(organization=org, referral_method=ReferralMethod.BOTH)
        LocationFactory(organization=org, city=city, province_code=province)
        ReferralContactFactory(organization=org, name="Intake coordinator")


@pytest.fixture
def live_server(tmp_path):
    database = tmp_path / "shortlist.sqlite3"
    # The real forms, tokens included.
    with live_site(database, _add_listings, WTF_CSRF_ENABLED=True) as (base, _, _):
        yield base


def test_add_from_results_and_print_one_page(live_server, browser, requested_hosts):
    context = browser.new_context(java_script_enabled=False)  # the buttons need no script
    page = context.new_page()
    page.goto(live_server + "/search?q=outreach&per_page=20")
    buttons = page.get_by_role("button", name=re.compile("^Add to shortlist: "))
    assert buttons.count() == 10
    for _ in range(10):
        buttons.first.click()
        page.wait_for_load_state()
        assert "/search?q=outreach" in page.url  # back where the visitor was
    assert page.get_by_role("button", name=re.compile("^Add to shortlist: ")).count() == 0
    assert page.get_by_text("On your shortlist", exact=True).count() == 10
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "shortlist-search.png"))

    page.get_by_role("link", name="Shortlist", exact=True).click()
    page.wait_for_url("**/shortlist")
    assert page.locator(".shortlist__item").count() == 10
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "shortlist-list.png"), full_page=True)

    cookies = context.cookies()
    context.close()
    # Printing needs script only for the optional button: a normal browser from here on.
    printer = browser.new_context()
    printer.add_cookies(cookies)
    page = printer.new_page()
    page.on("request", lambda request: requested_hosts.add(request.url.split("/")[2].split(":")[0]))
    page.goto(live_server + "/shortlist/sheet?for=file")
    expect(page.get_by_role("button", name="Print this sheet")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "shortlist-sheet-screen.png"), full_page=True)
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).not_to_be_visible()
    assert page.locator(".sheet__table tbody tr").count() == 10
    page.screenshot(path=str(SCREENSHOTS / "shortlist-sheet-print.png"), full_page=True)
    pdf = page.pdf(format="Letter", print_background=True)
    (SCREENSHOTS / "referral-sheet.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == 1, f"the sheet printed on {pages} pages"
    assert requested_hosts <= {"127.0.0.1"}
    printer.close()
