"""The whole journey in headless Chromium, against a real server on 127.0.0.1.

Register → open the confirmation link from the mail → sign in → submit a listing → sign out
→ a moderator approves it with a reason → anyone finds it in search and opens its profile.

The app runs in a background thread on its own migrated SQLite file (see
test_browser_public.py), with CSRF protection on as in production: every form is the real
one the browser posts. Mail collects in this app's locmem outbox. Screenshots of the key
steps go to ``screenshots/journey-*.png`` for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import expect

from directory.models import Role
from tests.browser_fixtures import live_site, needs_chromium
from tests.factories import TOTP_SECRET, UserFactory

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
MODERATOR_EMAIL = "moderator@example.org"
MODERATOR_PASSWORD = "correct horse battery staple"  # the factory's password
MEMBER_EMAIL = "ada@example.org"
MEMBER_PASSWORD = "a river of quiet lanterns"
LISTING = "Lakehead Harbour Youth Services"


@pytest.fixture
def live_app(tmp_path):
    def add_moderator() -> None:
        # The factory confirms the address and sets the password MODERATOR_PASSWORD.
        UserFactory(email=MODERATOR_EMAIL, name="Mo Moderator", role=Role.MODERATOR)

    # The real forms, tokens included.
    database = tmp_path / "journey.sqlite3"
    with live_site(database, add_moderator, WTF_CSRF_ENABLED=True) as (base, app, _):
        app.extensions["mailman"].outbox = []
        yield app, base


def _screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"journey-{name}.png"), full_page=True)


def _flash(page, text: str) -> None:
    expect(page.get_by_text(text)).to_be_visible()


def _sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(base + "/auth/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if email == MODERATOR_EMAIL:  # staff answer the two-factor step with their app's code
        page.wait_for_url("**/auth/two-factor")
        page.get_by_label("Code from your authenticator app, or a recovery code").fill(
            pyotp.TOTP(TOTP_SECRET).now()
        )
        page.get_by_role("button", name="Verify").click()
    page.wait_for_url(base + "/")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def _sign_out(page, base: str) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(base + "/")
    _flash(page, "You are signed out.")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def _register_and_confirm(page, base: str, outbox: list) -> None:
    page.goto(base + "/")
    page.get_by_role("link", name="Register").click()
    page.wait_for_url("**/auth/register")
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Email").fill(MEMBER_EMAIL)
    page.get_by_label("I represent an organization").check()
    page.get_by_label("Password", exact=True).fill(MEMBER_PASSWORD)
    page.get_by_label("Password again").fill(MEMBER_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/auth/login")
    _flash(page, f"We have sent an email to {MEMBER_EMAIL}.")

    assert [message.to for message in outbox] == [[MEMBER_EMAIL]]
    links = re.findall(r"http://127\.0\.0\.1:\d+/auth/confirm/\S+", outbox[0].body)
    assert len(links) == 1, outbox[0].body
    assert links[0].startswith(base + "/")  # the link names this very server
    page.goto(links[0])
    # Registered for an organization with none yet: after signing in, My listings (issue 18).
    page.wait_for_url("**/auth/login?next=/listings/")
    _flash(page, "Thank you: your email address is confirmed.")


def _submit_listing(page, base: str) -> None:
    page.get_by_role("link", name="My listings").click()
    page.wait_for_url("**/listings/")
    expect(page.get_by_text("You have no listings yet.")).to_be_visible()
    expect(page.get_by_role("heading", name="Is your organization already listed?")).to_be_visible()
    page.get_by_role("link", name="Submit your organization").click()
    page.wait_for_url("**/listings/new")
    expect(page.get_by_role("heading", name="Submit a listing", level=1)).to_be_visible()

    organization = page.get_by_role("group", name="Organization")
    organization.get_by_label("Organization name").fill(LISTING)
    organization.get_by_label("Description", exact=True).fill(
        "Counselling and safe housing referrals for youth in Northwestern Ontario."
    )
    organization.get_by_label("General phone").fill("807-555-0142")  # the public can call
    page.get_by_role("group", name="Sectors", exact=True).get_by_label("Mental health").check()

    service = page.get_by_role("group", name="Service 1")
    service.get_by_label("Service name").fill("Youth counselling")
    service.get_by_role("group", name="Types of service").get_by_label("Counselling").check()

    location = page.get_by_role("group", name="Location 1")
    location.get_by_label("City or town").fill("Thunder Bay")
    location.get_by_label("Province or territory").select_option(label="Ontario")
    location.get_by_label("Postal code").fill("P7B 1A1")
    _screenshot(page, "1-listing-form")

    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_url(base + "/listings/")
    _flash(page, "Thank you. Your listing was sent for review")
    listing = page.locator("article").filter(has=page.get_by_role("heading", name=LISTING))
    expect(listing.get_by_text("Waiting for review").first).to_be_visible()


def _approve(page, base: str) -> None:
    page.get_by_role("link", name="Moderation").click()
    page.wait_for_url("**/moderation/")
    expect(page.get_by_role("heading", name="New listings (1)")).to_be_visible()
    expect(page.get_by_role("cell", name="Ada Lovelace")).to_be_visible()
    _screenshot(page, "2-moderation-queue")

    page.get_by_role("link", name=LISTING).click()
    page.wait_for_url("**/moderation/revisions/*")
    expect(page.get_by_role("heading", name=f"Review: {LISTING}")).to_be_visible()
    expect(page.get_by_text("A new listing: everything below is new.")).to_be_visible()
    expect(page.get_by_text(f"Submitted by Ada Lovelace ({MEMBER_EMAIL}).")).to_be_visible()
    expect(page.get_by_text("Youth counselling").first).to_be_visible()
    expect(page.get_by_text("Thunder Bay").first).to_be_visible()
    page.get_by_label("Approve and publish").check()
    page.get_by_label("Reason (sent to the submitter)").fill(
        "Verified by phone with the executive director."
    )
    _screenshot(page, "3-review")

    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_url(base + "/moderation/")
    _flash(page, "Decision recorded; the submitter was emailed the reason.")
    expect(page.get_by_role("heading", name="New listings (0)")).to_be_visible()


def _find_and_open(page, base: str) -> None:
    page.get_by_role("link", name="Search", exact=True).click()
    page.wait_for_url("**/search")
    page.get_by_label("Keywords").fill("Lakehead Harbour")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/search?**q=Lakehead+Harbour**")
    expect(page.get_by_text("1 organization found")).to_be_visible()
    result = page.get_by_role("link", name=LISTING)
    expect(result).to_be_visible()
    expect(page.get_by_text("Thunder Bay, Ontario").first).to_be_visible()
    _screenshot(page, "4-search-result")

    result.click()
    page.wait_for_url("**/organizations/*")
    expect(page.get_by_role("heading", name=LISTING, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Youth counselling")).to_be_visible()
    expect(page.get_by_text("Thunder Bay").first).to_be_visible()
    _screenshot(page, "5-profile")


def test_register_submit_moderate_and_find(live_app, page, requested_hosts):
    app, base = live_app
    outbox = app.extensions["mailman"].outbox

    _register_and_confirm(page, base, outbox)
    _sign_in(page, base, MEMBER_EMAIL, MEMBER_PASSWORD)
    assert not page.get_by_role("note").filter(has_text="Please confirm").count()
    _submit_listing(page, base)

    page.goto(base + "/search?q=Lakehead+Harbour")  # not public before approval
    assert not page.get_by_role("link", name=LISTING).count()
    _sign_out(page, base)

    _sign_in(page, base, MODERATOR_EMAIL, MODERATOR_PASSWORD)
    _approve(page, base)
    decision = outbox[-1]
    assert decision.to == [MEMBER_EMAIL]
    assert decision.subject == "Your listing is published"
    assert "Verified by phone with the executive director." in decision.body
    _sign_out(page, base)

    _find_and_open(page, base)  # signed out: what anyone sees
    assert requested_hosts == {"127.0.0.1"}
