"""Both referral sheets in headless Chromium, as a vetted professional with five organizations
of long names: on a 390 px phone no word breaks inside (names letter by letter was the fault)
and nothing is wider than the screen; printed on Letter, each sheet is one page; nothing is
requested from another host (the QR codes are drawn on the server). Screenshots at 390 and
1280 px and of the print layout go to ``screenshots/sheet-*.png`` for a person to look at."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from directory.models import ContactVisibility, ReferralMethod
from tests.browser_fixtures import live_site, needs_chromium
from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ReferralContactFactory,
    ServiceFactory,
    UserFactory,
    term,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, needs_chromium]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
EMAIL, PASSWORD = "nurse@example.org", "correct horse battery staple"  # the factory's password
NAMES = [
    ("Northwestern Ontario Indigenous Youth Wellness and Counselling Collective", "Thunder Bay"),
    ("Winnipeg Intergenerational Healing Lodge for Families", "Winnipeg"),
    ("Centre de santé communautaire et d’hébergement jeunesse", "Montréal"),
    ("Nova Scotia Survivor-Led Peer Mentorship Programme", "Halifax"),
    ("Saskatchewan Rural Outreach Telehealth Partnership", "Regina"),
]
PROVINCES = {"Thunder Bay": "ON", "Winnipeg": "MB", "Montréal": "QC", "Halifax": "NS"}

# Plain words (letters only) split over two lines: what "letter by letter" looks like.
# Text clipped away for screen readers only (.visually-hidden) is left out.
BROKEN_WORDS = """(selector) => {
  const clipped = (element) => {
    for (let e = element; e; e = e.parentElement) {
      if (getComputedStyle(e).clip !== "auto") return true;
    }
    return false;
  };
  const broken = [];
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (clipped(node.parentElement)) continue;
      for (const match of node.data.matchAll(/[^\\s]+/gu)) {
        if (!/^[\\p{L}’'(),;:]{2,}$/u.test(match[0])) continue;  // addresses may wrap
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


def _add_listings() -> None:
    UserFactory(email=EMAIL, professional_verified_at=datetime.now(UTC))
    for n, (name, city) in enumerate(NAMES):
        slug = re.sub(r"[^a-z]+", "", city.lower().replace("é", "e"))
        org = OrganizationFactory(
            name=name,
            description="Outreach and counselling for youth and families.",
            sectors=[term("sector", "health-care"), term("sector", "survivor-led")],
            phone=f"+1 204-555-01{n:02d}",
            email=f"intake@{slug}youthoutreach.example.org",
            website=f"https://www.{slug}youthoutreach.example.org/services",
        )
        ServiceFactory(organization=org, referral_method=ReferralMethod.BOTH)
        LocationFactory(organization=org, city=city, province_code=PROVINCES.get(city, "SK"))
        ReferralContactFactory(organization=org, name="Intake coordinator", role="Youth worker")
        ReferralContactFactory(
            organization=org,
            name="After-hours clinical supervisor",
            email=f"supervisor@{slug}youthoutreach.example.org",
            visibility=ContactVisibility.PROFESSIONALS,
        )


@pytest.fixture
def live_server(tmp_path):
    with live_site(tmp_path / "sheets.sqlite3", _add_listings, WTF_CSRF_ENABLED=True) as site:
        yield site[0]


def _sign_in_and_shortlist(page: Page, base: str) -> None:
    page.goto(base + "/auth/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/")
    page.goto(base + "/search?q=outreach")
    buttons = page.get_by_role("button", name=re.compile("^Add to shortlist: "))
    assert buttons.count() == len(NAMES)
    # With script each add happens in the background: wait until its button has turned
    # into "Remove" before the next click, as a person waits to see it done.
    for remaining in range(len(NAMES) - 1, -1, -1):
        buttons.first.click()
        expect(buttons).to_have_count(remaining)


@pytest.mark.parametrize("sheet", ["family", "file"])
def test_sheet_reads_on_a_phone_and_prints_on_one_page(
    live_server, browser, requested_hosts, sheet
):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.on("request", lambda request: requested_hosts.add(request.url.split("/")[2].split(":")[0]))
    _sign_in_and_shortlist(page, live_server)
    page.goto(f"{live_server}/shortlist/sheet?for={sheet}")
    names = ".help-card__name" if sheet == "family" else ".sheet__name"
    assert page.locator(names).count() == len(NAMES)
    if sheet == "file":
        assert page.get_by_text("For professionals only — do not share:").count() == len(NAMES)
    else:
        assert page.locator("svg.sheet-qr__image").count() == len(NAMES)
        assert page.locator('.help-list a[href^="tel:"]').count() == 2 * len(NAMES)

    assert page.evaluate(BROKEN_WORDS, names) == []
    assert page.evaluate(BROKEN_WORDS, ".sheet") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"sheet-{sheet}-390.png"), full_page=True)

    for width in (720, 1280):  # a narrow window keeps the table; a wide one
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate(BROKEN_WORDS, ".sheet") == [], width
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(SCREENSHOTS / f"sheet-{sheet}-1280.png"), full_page=True)

    page.emulate_media(media="print")
    pdf = page.pdf(format="Letter", print_background=True)
    (SCREENSHOTS / f"sheet-{sheet}.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == 1, f"the {sheet} sheet printed on {pages} pages"
    page.set_viewport_size({"width": 816, "height": 1056})  # Letter at 96 px per inch
    assert page.evaluate(BROKEN_WORDS, ".sheet") == []
    page.screenshot(path=str(SCREENSHOTS / f"sheet-{sheet}-print.png"), full_page=True)
    assert requested_hosts <= {"127.0.0.1"}
    context.close()
