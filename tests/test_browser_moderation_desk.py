"""Issue 18's moderator journey in headless Chromium: desk → flags → word diff → approve
without a reason, at 1280 and 390 px, axe-clean in English and French.

An owner edits a published listing through the real form (a phrase inserted in its
description, a new phone number); a moderator signs in with two-factor, opens the "Changes"
tab, reads the flags and the words marked in the diff, and approves without writing a reason.
Screenshots go to ``screenshots/desk-*.png`` for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from directory.models import MembershipRole, Role
from tests.browser_fixtures import axe_violations, live_site, needs_chromium, session_cookie
from tests.factories import (
    LocationFactory,
    MembershipFactory,
    OrganizationFactory,
    ServiceFactory,
    UserFactory,
    term,
)
from tests.test_browser_journey import MODERATOR_EMAIL, MODERATOR_PASSWORD, _sign_in

pytestmark = [pytest.mark.browser, needs_chromium]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
BEFORE = "Counselling and safe housing referrals for youth in Northwestern Ontario, by appointment."
AFTER = (
    "Counselling and safe housing referrals for youth and their families in Northwestern "
    "Ontario, by appointment."
)


def _add_data() -> dict:
    UserFactory(email=MODERATOR_EMAIL, name="Mo Moderator", role=Role.MODERATOR)
    org = OrganizationFactory(
        name="Lakehead Harbour Youth Services",
        description=BEFORE,
        website="https://lakehead.example.org",
        phone="807-555-0142",
        sectors=[term("sector", "mental-health")],
    )
    ServiceFactory(organization=org, name="Youth counselling")
    LocationFactory(organization=org)
    owner = MembershipFactory(
        organization=org,
        role=MembershipRole.OWNER,
        user=UserFactory(email="ada@gmail.com", name="Ada Owner"),
    )
    return {"org_id": org.id, "slug": org.slug, "owner_token": owner.user.session_token}


@pytest.fixture
def desk_site(tmp_path):
    with live_site(tmp_path / "desk.sqlite3", _add_data, WTF_CSRF_ENABLED=True) as site:
        yield site


def _screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"desk-{name}.png"), full_page=True)


def _fits(page, width: int) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= width, f"the page is {overflow} px wide at {width} px"


def test_desk_flags_word_diff_and_approval_without_a_reason(desk_site, browser):
    base, app, data = desk_site
    owner = browser.new_context(viewport={"width": 1280, "height": 900})
    owner.add_cookies([session_cookie(app, base, data["owner_token"])])
    editing = owner.new_page()
    editing.goto(f"{base}/listings/{data['org_id']}/edit")
    organization = editing.get_by_role("group", name="Organization")
    organization.get_by_label("Description", exact=True).fill(AFTER)
    organization.get_by_label("Phone").first.fill("807-555-0190")
    # The step index saves the step it leaves, then the review submits the saved draft.
    editing.get_by_role("button", name="Review and submit").click()
    editing.wait_for_url("**step=review")
    editing.get_by_role("button", name="Submit for review").click()
    if editing.locator(".error-summary").count():  # say what the form refused
        raise AssertionError(editing.locator(".error-summary").inner_text())
    editing.wait_for_url(base + "/listings/")
    owner.close()

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _sign_in(page, base, MODERATOR_EMAIL, MODERATOR_PASSWORD)
    page.get_by_role("link", name="Moderation").click()
    tab = page.get_by_role("link", name="Changes to published listings (1)")
    expect(tab).to_be_visible()
    expect(tab).to_contain_text("oldest:")
    tab.click()
    expect(page.get_by_role("heading", name="Changes to published listings (1)")).to_be_visible()
    assert axe_violations(page) == []
    _screenshot(page, "queue-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    _fits(page, 390)
    _screenshot(page, "queue-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Lakehead Harbour Youth Services").click()
    flags = page.get_by_role("note").filter(has_text="Look twice")
    expect(flags).to_contain_text("The organization’s phone number changes.")
    expect(flags).to_contain_text("Submitted from a webmail address (gmail.com)")
    inserted = page.locator("ins.diff__word")
    expect(inserted.first).to_contain_text("and their families")
    assert "Counselling" not in " ".join(inserted.all_inner_texts())  # only the change
    assert axe_violations(page) == []
    _screenshot(page, "review-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    _fits(page, 390)
    _screenshot(page, "review-390")

    page.get_by_role("button", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("note").filter(has_text="À regarder de près")).to_be_visible()
    assert axe_violations(page) == []
    _screenshot(page, "review-fr-390")
    page.get_by_role("button", name="English").click()
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_label("Approve and publish").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Decision recorded; the submitter was emailed.")).to_be_visible()
    page.goto(f"{base}/organizations/{data['slug']}")
    expect(page.get_by_text("youth and their families")).to_be_visible()
