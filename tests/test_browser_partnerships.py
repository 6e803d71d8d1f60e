"""The partnership journey in headless Chromium: a survivor-led organization's member posts a
notice seeking health-care partners in northwestern Ontario; a clinic's member finds it on
/partnerships and sends a request; the organization accepts; both see it accepted. Then the
clinic's nurse saves her search for survivor-led services near Kenora (typed as a keyboard
does, Shift held for the capital), a moderator approves a new survivor-led organization in
Kenora, and ``flask alerts send`` mails her its name and a link that opens its profile.

Screenshots at 1280 and 390 px go to ``screenshots/partnerships-*.png``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from directory.models import Role
from directory.saved.cli import send_command
from tests.browser_fixtures import live_site, needs_chromium, session_cookie
from tests.factories import (
    LocationFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    term,
)
from tests.test_browser_nurse_journey import type_like_a_person
from tests.test_browser_saved_alert import _publish_new_partner

pytestmark = [pytest.mark.browser, needs_chromium]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
MESSAGE = "Our clinic in Kenora would like to agree on warm referrals with your mentors."


def _add_data() -> dict[str, str]:
    circle = OrganizationFactory(
        name="Red Pine Survivor Circle", sectors=[term("sector", "survivor-led")]
    )
    LocationFactory(organization=circle)  # Thunder Bay
    clinic = OrganizationFactory(
        name="Kenora Youth Clinic", sectors=[term("sector", "health-care")]
    )
    LocationFactory(organization=clinic, city="Kenora", latitude=49.77, longitude=-94.49)
    lead = UserFactory(email="mentor@example.org", name="Mentor Lead")
    MembershipFactory(user=lead, organization=circle)
    nurse = UserFactory(email="nurse@example.org", name="Nurse Nadia")
    MembershipFactory(user=nurse, organization=clinic)
    moderator = UserFactory(role=Role.MODERATOR)
    return {"lead": lead.session_token, "nurse": nurse.session_token, "moderator": moderator.id}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    database = tmp_path_factory.mktemp("partnerships") / "partnerships.sqlite3"
    with live_site(database, _add_data, WTF_CSRF_ENABLED=True) as site:
        yield site


def _as(browser: Browser, site, who: str, hosts: set[str]) -> Page:
    base, app, tokens = site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([session_cookie(app, base, tokens[who])])
    page = context.new_page()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2].split(":")[0]))
    return page


def _screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"partnerships-{name}-1280.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
    page.screenshot(path=str(SCREENSHOTS / f"partnerships-{name}-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_notice_a_request_its_acceptance_and_a_saved_search_that_mails(browser, site):
    base = site[0]
    hosts: set[str] = set()

    lead = _as(browser, site, "lead", hosts)
    lead.goto(base + "/auth/profile")
    lead.get_by_role("link", name="Organizations seeking partners").first.click()
    lead.get_by_role("link", name="Post a notice").click()
    lead.get_by_label("Health care").check()
    lead.get_by_label("Referrals between us").check()
    lead.get_by_label("In a few words").fill("Peer mentors seek clinics for warm referrals.")
    lead.get_by_label("Province or territory").select_option("ON")
    lead.get_by_label("Region or place (optional)").fill("Northwestern Ontario")
    lead.get_by_role("button", name="Publish the notice").click()
    expect(lead.get_by_role("heading", name="Seeking partners")).to_be_visible()

    nurse = _as(browser, site, "nurse", hosts)
    nurse.goto(base + "/")
    nurse.locator("footer").get_by_role("link", name="Organizations seeking partners").click()
    nurse.get_by_label("Sector sought").select_option("health-care")
    nurse.get_by_label("Province or territory").select_option("ON")
    nurse.get_by_role("button", name="Filter").click()
    notice = nurse.locator(".partnership-notice", has_text="Red Pine Survivor Circle")
    expect(notice.get_by_text("Northwestern Ontario")).to_be_visible()
    _screenshot(nurse, "notices")
    notice.get_by_role("link", name="Request a partnership").click()
    nurse.get_by_label("Your message").fill(MESSAGE)
    nurse.get_by_role("button", name="Send the request").click()
    expect(nurse.get_by_text(MESSAGE)).to_be_visible()
    assert "nurse@example.org" not in nurse.content()

    lead.goto(base + "/partnerships/inbox")
    lead.get_by_role("link", name="Kenora Youth Clinic → Red Pine Survivor Circle").click()
    expect(lead.get_by_text(MESSAGE)).to_be_visible()
    assert "nurse@example.org" not in lead.content()
    lead.get_by_role("button", name="Accept").click()
    _screenshot(lead, "thread")

    for page in (lead, nurse):
        page.goto(base + "/partnerships/inbox")
        assert page.locator('[data-status="accepted"]').inner_text() == "Accepted"

    # Her saved search for survivor-led services near Kenora mails her the new one.
    nurse.goto(base + "/")
    nurse.get_by_label("Near").click()
    type_like_a_person(nurse, "Kenora")
    nurse.get_by_role("button", name=re.compile(r"^Survivor-led")).click()
    nurse.wait_for_url(re.compile(r"near=Kenora"))
    nurse.get_by_label("Name of this search").fill("Survivor-led near Kenora")
    nurse.get_by_role("button", name="Save and get alerts").click()
    nurse.wait_for_url(re.compile(r"/saved$"))
    expect(nurse.get_by_role("link", name="Survivor-led near Kenora")).to_be_visible()

    app = site[1]
    _publish_new_partner(app, site[2]["moderator"])
    app.extensions["mailman"].outbox = []
    result = app.test_cli_runner().invoke(send_command, [])
    assert result.exit_code == 0, result.output
    (mail,) = app.extensions["mailman"].outbox
    assert mail.to == ["nurse@example.org"]
    assert "Northwest Survivor Network (Kenora, ON)" in mail.body
    assert MESSAGE not in mail.body
    link = re.search(r"https?://\S+/organizations/northwest-survivor-network", mail.body)
    assert link is not None
    nurse.goto(base + "/organizations/northwest-survivor-network")
    expect(nurse.get_by_role("heading", name="Northwest Survivor Network")).to_be_visible()
    assert hosts == {"127.0.0.1"}
