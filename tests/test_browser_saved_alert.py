"""A nurse's saved search mails her when a new partner appears near her, in headless Chromium.

A vetted nurse signed in types "Kenora" as a keyboard does (Shift held for the capital),
picks survivor-led services, saves the search from the results page and finds it on
/saved. A moderator then approves a new survivor-led organization in Kenora (the real
moderation service); ``flask alerts send`` mails her its name with a link to its profile,
which opens. Screenshots at 1280 and 390 px go to ``screenshots/saved-*.png``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from directory.extensions import db
from directory.listings.payload import payload_from_organization
from directory.models import OrganizationStatus, Revision, RevisionStatus, Role, User
from directory.moderation.services import decide
from directory.saved.cli import send_command
from tests.browser_fixtures import live_site, needs_chromium, session_cookie
from tests.factories import LocationFactory, OrganizationFactory, UserFactory, term
from tests.test_browser_nurse_journey import type_like_a_person

pytestmark = [pytest.mark.browser, needs_chromium]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
KENORA = (49.7670, -94.4894)


def _data() -> dict[str, object]:
    nurse = UserFactory(
        name="Nadia", email="nadia@clinic.example.org", professional_verified_at=datetime.now(UTC)
    )
    moderator = UserFactory(role=Role.MODERATOR)
    known = OrganizationFactory(
        name="Lake of the Woods Survivors", sectors=[term("sector", "survivor-led")]
    )
    LocationFactory(organization=known, city="Kenora", latitude=KENORA[0], longitude=KENORA[1])
    return {"nurse": nurse.session_token, "moderator": moderator.id}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    database = tmp_path_factory.mktemp("saved") / "saved.sqlite3"
    with live_site(database, _data, WTF_CSRF_ENABLED=True) as site:
        yield site


def _screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"saved-{name}.png"), full_page=True)


def _publish_new_partner(app, moderator_id: int) -> None:
    """A member submitted a new listing; a moderator approves it (moderation.services)."""
    with app.app_context():
        submitter = UserFactory()
        org = OrganizationFactory(
            name="Northwest Survivor Network",
            status=OrganizationStatus.PENDING,
            sectors=[term("sector", "survivor-led")],
            verified_at=None,
        )
        LocationFactory(organization=org, city="Kenora", latitude=49.77, longitude=-94.48)
        revision = Revision(
            organization=org,
            submitted_by_id=submitter.id,
            status=RevisionStatus.PENDING,
            payload=payload_from_organization(org),
            submitted_at=datetime.now(UTC),
        )
        db.session.add(revision)
        db.session.flush()
        moderator = db.session.get(User, moderator_id)
        decide(
            moderator,
            revision,
            RevisionStatus.APPROVED,
            "Checked with the network.",
            revision.version,
        )
        db.session.commit()
        db.session.remove()


def test_a_saved_search_mails_the_new_survivor_led_partner_near_kenora(
    site, browser, requested_hosts
):
    base, app, data = site
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_cookies([session_cookie(app, base, data["nurse"])])
    page = context.new_page()
    page.on("request", lambda request: requested_hosts.add(request.url.split("/")[2].split(":")[0]))

    page.goto(base + "/")
    page.get_by_label("Near").click()
    type_like_a_person(page, "Kenora")
    assert page.get_by_label("Near").input_value() == "Kenora"
    page.get_by_role("button", name=re.compile(r"^Survivor-led")).click()
    page.wait_for_url(re.compile(r"/search\?"))
    assert "near=Kenora" in page.url and "sector=survivor-led" in page.url
    expect(page.get_by_role("link", name="Lake of the Woods Survivors").first).to_be_visible()

    page.get_by_label("Name of this search").fill("Survivor-led near Kenora")
    _screenshot(page, "search-1280")
    page.get_by_role("button", name="Save and get alerts").click()
    page.wait_for_url(re.compile(r"/saved$"))
    expect(page.get_by_role("link", name="Survivor-led near Kenora")).to_be_visible()
    _screenshot(page, "list-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    _screenshot(page, "list-390")
    page.goto(base + "/search?near=Kenora&sector=survivor-led")
    assert page.get_by_role("button", name="Save and get alerts").is_visible()
    _screenshot(page, "search-390")

    _publish_new_partner(app, data["moderator"])
    outbox = app.extensions["mailman"].outbox = []
    result = app.test_cli_runner().invoke(send_command, [])
    assert result.exit_code == 0, result.output
    assert "sent 1 mails" in result.output
    (mail,) = app.extensions["mailman"].outbox or outbox
    assert mail.to == ["nadia@clinic.example.org"]
    assert "Survivor-led near Kenora" in mail.body
    assert "Northwest Survivor Network (Kenora, ON)" in mail.body
    assert "Lake of the Woods Survivors" not in mail.body  # not new
    link = re.search(r"https?://\S+/organizations/northwest-survivor-network", mail.body)
    assert link is not None

    page.goto(base + "/organizations/northwest-survivor-network")
    expect(page.get_by_role("heading", name="Northwest Survivor Network")).to_be_visible()
    assert requested_hosts <= {"127.0.0.1"}
    context.close()
