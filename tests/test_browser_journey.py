"""The whole journey in headless Chromium, against a real server on 127.0.0.1.

Register → open the confirmation link from the mail → sign in → submit a listing by steps
(blocks added and removed in place, Back, a preview for the public and for professionals) →
sign out → a moderator approves it with a reason → anyone finds it in search and opens its
profile → the member edits one step and submits again; the profile waits for approval.

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


def _next(page, step: str) -> None:
    """Press the primary button of a step ("Next: …"): it saves the draft and goes on."""
    page.get_by_role("button", name=re.compile(r"^Next: ")).click()
    page.wait_for_url(f"**step={step}")


def _both_widths(page, name: str) -> None:
    """Screenshots at 1280 and 390 px, and no sideways scrolling on the phone."""
    _screenshot(page, f"{name}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
    _screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 900})


def _submit_listing(page, base: str) -> None:
    """The form by steps: each Next saves the draft; blocks are added and removed in place
    (focus follows); Back keeps what was typed; the review previews the profile for the
    public and for a vetted professional before submitting."""
    page.get_by_role("link", name="My listings").click()
    page.wait_for_url("**/listings/")
    expect(page.get_by_text("You have no listings yet.")).to_be_visible()
    expect(page.get_by_role("heading", name="Is your organization already listed?")).to_be_visible()
    page.get_by_role("link", name="Submit your organization").click()
    page.wait_for_url("**/listings/new")
    expect(page.get_by_role("heading", name="Submit a listing", level=1)).to_be_visible()
    expect(page.get_by_text("Step 1 of 6: About the organization")).to_be_visible()

    organization = page.get_by_role("group", name="Organization")
    organization.get_by_label("Organization name").fill(LISTING)
    organization.get_by_label("Description", exact=True).fill(
        "Counselling and safe housing referrals for youth in Northwestern Ontario."
    )
    organization.get_by_label("General phone").fill("807-555-0142")  # the public can call
    page.get_by_role("group", name="Sectors", exact=True).get_by_label("Mental health").check()
    _both_widths(page, "form-1-about")
    _next(page, "services")

    service = page.get_by_role("group", name="Service 1")
    service.get_by_label("Service name").fill("Youth counselling")
    service.get_by_role("group", name="Types of service").get_by_label("Counselling").check()
    top = page.evaluate("window.scrollY")
    page.get_by_role("button", name="Add another service").click()  # in place, no reload
    expect(page.get_by_role("group", name="Service 2")).to_be_visible()
    assert page.evaluate("document.activeElement.id") == "services-1-name"
    page.keyboard.type("Drop-in")
    assert page.evaluate("window.scrollY") >= top  # the page did not jump to the top
    page.get_by_role("button", name="Remove service 2").click()
    expect(page.get_by_role("group", name="Service 2")).to_have_count(0)
    assert page.evaluate("document.activeElement.value") == "Youth counselling"  # focus stays
    _both_widths(page, "form-2-services")
    _next(page, "locations")

    location = page.get_by_role("group", name="Location 1")
    location.get_by_label("City or town").fill("Thunder Bay")
    location.get_by_label("Province or territory").select_option(label="Ontario")
    postal = location.get_by_label("Postal code")
    postal.click()
    page.keyboard.type("P7B 1A1")  # capitals with Shift, as a keyboard does
    page.get_by_role("button", name="Back: Services").click()  # Back saves this step too
    page.wait_for_url("**step=services")
    expect(page.get_by_label("Service name")).to_have_value("Youth counselling")
    expect(page.get_by_role("group", name="Service 2")).to_have_count(0)  # removed, saved
    _next(page, "locations")
    expect(page.get_by_label("Postal code")).to_have_value("P7B 1A1")
    _next(page, "areas")
    _next(page, "contacts")
    contact = page.get_by_role("group", name="Contact 1")
    contact.get_by_label("Contact name").fill("Intake coordinator")
    contact.get_by_label("Phone").fill("807-555-0143")
    contact.get_by_label("Preferred way to reach them").select_option(label="Phone")
    contact.get_by_label("Vetted professionals only").check()
    _next(page, "review")

    expect(page.get_by_text("Everything a review needs is here.")).to_be_visible()
    expect(page.get_by_text("the public will see no referral contact").first).to_be_visible()
    preview = page.locator(".preview__frame")
    expect(preview.get_by_text(LISTING)).to_be_visible()
    expect(preview.get_by_role("heading", name="Youth counselling")).to_be_visible()
    expect(preview.get_by_text("Intake coordinator")).to_have_count(0)  # not for the public
    _both_widths(page, "form-3-review-public")
    page.get_by_role("link", name="a vetted professional").click()
    page.wait_for_url("**view=professional**")
    expect(preview.get_by_text("Intake coordinator")).to_be_visible()
    _both_widths(page, "form-4-review-professional")

    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_url(base + "/listings/")
    _flash(page, "Thank you. Your listing was sent for review")
    listing = page.locator("article").filter(has=page.get_by_role("heading", name=LISTING))
    expect(listing.get_by_text("Waiting for review").first).to_be_visible()


def _edit_published(page, base: str) -> None:
    """An edit of the published listing: one step changed, then straight to the review by
    the step index; the public profile keeps its phone until a moderator approves."""
    page.get_by_role("link", name="My listings").click()
    page.wait_for_url("**/listings/")
    page.get_by_role("link", name="Edit").click()
    page.wait_for_url("**/edit")
    expect(page.get_by_text("The published listing stays as it is")).to_be_visible()
    page.get_by_label("General phone").fill("807-555-0199")
    page.get_by_role("button", name="Review and submit").click()
    page.wait_for_url("**step=review")
    expect(page.locator(".preview__frame").get_by_text("807-555-0199")).to_be_visible()
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_url(base + "/listings/")
    _flash(page, "Thank you. Your listing was sent for review")
    page.goto(base + "/search?q=Lakehead+Harbour")
    page.get_by_role("link", name=LISTING).click()
    page.wait_for_url("**/organizations/*")
    expect(page.get_by_text("807-555-0142").first).to_be_visible()  # unchanged until approved


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
    _sign_in(page, base, MEMBER_EMAIL, MEMBER_PASSWORD)
    _edit_published(page, base)
    assert requested_hosts == {"127.0.0.1"}
