"""French in headless Chromium: the switch in the header, and the longer French words on the
home, search, profile and listing-form pages at phone and desktop widths (no sideways
scrolling, Quick exit still on the header's first row).

Set ``SCREENSHOT_DIR`` to keep a full-page screenshot of each page looked at. The app runs on
a migrated SQLite file in a background thread, as in test_browser_public.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from directory.models import MembershipRole
from tests.browser_fixtures import live_site, needs_chromium
from tests.factories import (
    LocationFactory,
    MembershipFactory,
    OrganizationFactory,
    ServiceAreaFactory,
    ServiceFactory,
    term,
)

pytestmark = [pytest.mark.browser, needs_chromium]

FRENCH_BROWSER = {"Accept-Language": "fr-CA,fr;q=0.9"}
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


def _add_data() -> str:
    """A bilingual listing with long French labels, and its owner's session token."""
    org = OrganizationFactory(
        name="Maison Phare Jeunesse",
        slug="maison-phare-jeunesse",
        description="Shelter and counselling for youth leaving sexual exploitation.",
        description_fr=(
            "Hébergement d’urgence et counseling pour les jeunes qui sortent de "
            "l’exploitation sexuelle."
        ),
        sectors=[term("sector", "indigenous"), term("sector", "housing-shelter")],
    )
    ServiceFactory(
        organization=org,
        name="Hébergement d’urgence",
        types=[term("service_type", "sexual-assault-forensic-care")],
        populations=[term("population", "newcomers-migrants")],
        languages=[term("language", "fr"), term("language", "fcs")],
        open_24_7=True,
    )
    ServiceAreaFactory(organization=org, kind="province", province_code="QC")
    LocationFactory(organization=org, city="Rouyn-Noranda", province_code="QC")
    owner = MembershipFactory(organization=org, role=MembershipRole.OWNER).user
    return owner.session_token


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with live_site(tmp_path_factory.mktemp("i18n") / "browser.sqlite3", _add_data) as site:
        yield site


def _screenshot(page, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_the_switch_turns_the_site_french_and_back(site, browser, requested_hosts):
    base, _app, _token = site
    page = browser.new_page(viewport=DESKTOP)
    page.goto(base + "/search?q=phare")
    assert page.get_attribute("html", "lang") == "en"

    page.get_by_role("button", name="Français").click()
    page.wait_for_load_state()
    assert page.url == base + "/search?q=phare"  # the same page, now in French
    assert page.get_attribute("html", "lang") == "fr"
    expect(page.get_by_role("link", name="Maison Phare Jeunesse")).to_be_visible()
    expect(page.get_by_text("Hébergement d’urgence et counseling")).to_be_visible()

    page.get_by_role("link", name="À propos", exact=True).click()  # remembered
    assert page.get_attribute("html", "lang") == "fr"
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en" and page.url == base + "/about"
    page.close()


PAGES = [
    ("home", "/", False),
    ("search", "/search?sector=indigenous", False),
    ("profile", "/organizations/maison-phare-jeunesse", False),
    ("listing-form", "/listings/new", True),
    ("response-card", "/response?near=Thunder+Bay", False),
]


@pytest.mark.parametrize("viewport_name", ["phone", "desktop"])
@pytest.mark.parametrize(("name", "path", "signed_in"), PAGES, ids=[p[0] for p in PAGES])
def test_french_pages_keep_their_layout(site, browser, name, path, signed_in, viewport_name):
    base, app, token = site
    viewport = PHONE if viewport_name == "phone" else DESKTOP
    context = browser.new_context(viewport=viewport, extra_http_headers=FRENCH_BROWSER)
    if signed_in:
        serializer = app.session_interface.get_signing_serializer(app)
        value = serializer.dumps({"_user_id": token, "_fresh": True})
        context.add_cookies([{"name": "session", "value": value, "url": base}])
    page = context.new_page()
    page.goto(base + path)
    assert page.get_attribute("html", "lang") == "fr"
    _screenshot(page, f"fr-{name}-{viewport_name}")

    # Nothing wider than the screen: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    # Quick exit stays on the first row of the header, beside the site name however long
    # its French; the switch (the navigation's last item) offers English.
    name, quick_exit = (page.locator(s).bounding_box() for s in (".site-name", ".quick-exit"))
    assert quick_exit["y"] < name["y"] + name["height"]
    expect(page.get_by_role("button", name="English")).to_be_visible()
    context.close()
