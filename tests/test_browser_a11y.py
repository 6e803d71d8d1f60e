"""Accessibility in headless Chromium: axe-core (WCAG 2.1 A and AA rules) finds no violation
on any page type, in English and in French; the keyboard alone searches and opens a profile;
a failed form submit puts focus on an error summary whose links lead to the fields.

axe-core comes from the ``axe-playwright-python`` test dependency (its bundled
``axe.min.js``), evaluated in the page by the test: the application never serves it. The
app runs on a migrated SQLite file in a background thread, as in test_browser_public.py.
Signed-in pages use a session cookie signed with the app's key (as ``browser_for`` does for
the test client), so the test does not depend on the sign-in steps.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from directory.extensions import db
from directory.listings.payload import payload_from_organization
from directory.models import (
    ContactVisibility,
    Guide,
    GuideRevision,
    MembershipRole,
    PartnershipMessage,
    PartnershipNotice,
    PartnershipRequest,
    Revision,
    RevisionStatus,
    Role,
    SavedSearch,
    ShortlistEntry,
)
from directory.saved.services import unsubscribe_token
from seed.guides import load_guides
from tests.browser_fixtures import (
    CHROMIUM,
    CHROMIUM_ARGS,
    axe_violations,
    live_site,
    needs_chromium,
)
from tests.factories import (
    LocationFactory,
    MembershipFactory,
    OrganizationFactory,
    ReferralContactFactory,
    ServiceAreaFactory,
    ServiceFactory,
    UserFactory,
    term,
)

pytestmark = [pytest.mark.browser, needs_chromium]

LANGUAGES = ["en", "fr"]


def _add_data() -> dict[str, object]:
    shelter = OrganizationFactory(
        name="Aurora Youth Shelter",
        slug="aurora-youth-shelter",
        sectors=[term("sector", "housing-shelter")],
        phone="+1 807-555-0100",
        website="https://aurora.example.org",
    )
    ServiceFactory(
        organization=shelter,
        name="Emergency beds for youth",
        types=[term("service_type", "emergency-shelter")],
        populations=[term("population", "youth-12-17")],
        languages=[term("language", "en")],
        open_24_7=True,
        referral_sectors=[term("sector", "health-care"), term("sector", "education")],
        self_referral=True,
        self_referral_min_age=12,
        warm_handoff=True,
        first_response="same_day",
        no_police_required=True,
        referrer_checklist="A safe phone number and the young person's consent.",
    )
    ServiceAreaFactory(organization=shelter, kind="province", province_code="ON")
    LocationFactory(organization=shelter, confidential=True)
    ReferralContactFactory(organization=shelter, name="Public Intake Line")
    ReferralContactFactory(
        organization=shelter, name="Night Supervisor", visibility=ContactVisibility.PROFESSIONALS
    )
    clinic = OrganizationFactory(
        name="Lakehead Youth Clinic", sectors=[term("sector", "health-care")]
    )
    LocationFactory(organization=clinic, latitude=48.42, longitude=-89.26)
    unit = OrganizationFactory(
        name="Nightjar Response Unit",
        slug="nightjar-response-unit",
        sectors=[term("sector", "policing")],
        professionals_only=True,  # the member below is vetted: they see it, with its badge
    )
    LocationFactory(organization=unit, latitude=48.40, longitude=-89.24)
    member = UserFactory(email="member@example.org", professional_verified_at=datetime.now(UTC))
    MembershipFactory(user=member, organization=clinic, role=MembershipRole.OWNER)
    moderator = UserFactory(email="moderator@example.org", role=Role.MODERATOR)
    db.session.flush()
    revision = Revision(
        organization=clinic,
        submitted_by_id=member.id,
        status=RevisionStatus.PENDING,
        payload={**payload_from_organization(clinic), "name": "Lakehead Youth Health Clinic"},
        submitted_at=datetime.now(UTC),
    )
    db.session.add(revision)
    for organization in (shelter, clinic):
        db.session.add(ShortlistEntry(user_id=member.id, organization_id=organization.id))
    saved = SavedSearch(
        user_id=member.id,
        name="Shelters near Thunder Bay",
        query="sector=housing-shelter&near=Thunder+Bay",
    )
    db.session.add(saved)
    db.session.flush()
    guide_editor, guide_revision = _add_guides()
    partner, partnership = _add_partnership(shelter, clinic)
    return {
        "partner": partner,
        "partnership": partnership,
        "member": member.session_token,
        "clinic": clinic.id,
        "moderator": moderator.session_token,
        "revision": revision.id,
        "guide_editor": guide_editor,
        "guide_revision": guide_revision,
        "unsubscribe": unsubscribe_token(saved),
    }


def _add_partnership(shelter, clinic) -> tuple[str, int]:
    """A notice of the clinic's, and a reported request to it from a member of the shelter."""
    notice = PartnershipNotice(
        organization=clinic,
        purpose="referrals",
        details="Seeking survivor-led partners for warm referrals.",
        province_code="ON",
        place="Northwestern Ontario",
        radius_km=300,
        until=date.today() + timedelta(days=30),
        sectors=[term("sector", "survivor-led")],
    )
    partner = UserFactory(email="partner@example.org")
    MembershipFactory(user=partner, organization=shelter)
    request = PartnershipRequest(
        from_organization=shelter,
        from_user=partner,
        to_organization=clinic,
        notice=notice,
        reported_at=datetime.now(UTC),
        report_reason="Testing the moderators' page.",
    )
    request.messages.append(
        PartnershipMessage(author=partner, author_organization=shelter, body="Shall we talk?")
    )
    db.session.add_all([notice, request])
    db.session.flush()
    return partner.session_token, request.id


def _add_guides() -> tuple[str, int]:
    """The demo guides, and a proposed change to one, by a guide editor."""
    load_guides()
    writer = UserFactory(email="guide-editor@example.org", guide_editor=True)
    db.session.flush()
    revision = GuideRevision(
        guide_id=db.session.scalar(sa.select(Guide.id).where(Guide.slug == "finance")),
        status=RevisionStatus.PENDING,
        payload={
            "sections": {
                name: {
                    "en": f"New {name}",
                    "fr": f"Nouveau {name}",
                    "sources": "- [S](https://www.cybertip.ca/)",
                }
                for name in ("recognize", "respond", "refer")
            },
            "refer_sectors": ["policing"],
            "sample": True,
        },
        submitted_by_id=writer.id,
        submitted_at=datetime.now(UTC),
        authors=[writer],
    )
    db.session.add(revision)
    db.session.flush()
    return writer.session_token, revision.id


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(base URL, app, data): one server for the whole module (read-only pages)."""
    path = tmp_path_factory.mktemp("a11y") / "a11y.sqlite3"
    with live_site(path, _add_data, WTF_CSRF_ENABLED=True) as site:  # the real forms
        yield site


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _session_cookie(app, base: str, token: str) -> dict[str, str]:
    serializer = app.session_interface.get_signing_serializer(app)
    value = serializer.dumps({"_user_id": token, "_fresh": True})
    return {"name": app.config["SESSION_COOKIE_NAME"], "value": value, "url": base}


def _open(chromium, site, language: str, who: str | None = None):
    base, app, data = site
    context = chromium.new_context(
        locale="fr-CA" if language == "fr" else "en-CA",
        extra_http_headers={"Accept-Language": "fr-CA,fr;q=0.9" if language == "fr" else "en"},
        viewport={"width": 1280, "height": 900},
    )
    if who is not None:
        context.add_cookies([_session_cookie(app, base, data[who])])
    hosts: set[str] = set()
    page = context.new_page()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname))
    return context, page, hosts


GUIDE_PAGES = [
    ("guides", "/guides", None),
    ("sector guide near a place", "/guides/health-care?near=Thunder+Bay", None),
    ("sector guide, no place yet", "/guides/policing", None),
    ("duty to report", "/guides/duty-to-report", None),
    ("guide editor", "/guides/finance/edit", "guide_editor"),
    ("guide review", "/moderation/guides/{guide_revision}", "moderator"),
]
COVERAGE_PAGES = [
    ("coverage by service type", "/coverage?by=service", None),
    ("gaps by distance", "/coverage/gaps?province=ON&sort=gaps", None),
    ("searches that found nothing", "/coverage/demand", None),
    ("search demand by month", "/moderation/demand", "moderator"),
]
PARTNERSHIP_PAGES = [
    ("partnership notices", "/partnerships", None),
    ("post a partnership notice", "/partnerships/notices/new", "member"),
    ("partnership request form", "/partnerships/request/lakehead-youth-clinic", "partner"),
    ("partnership inbox", "/partnerships/inbox", "member"),
    ("partnership thread", "/partnerships/inbox/{partnership}", "member"),
    ("reported partnership requests", "/moderation/partnerships", "moderator"),
    ("profile seeking partners", "/organizations/lakehead-youth-clinic", "partner"),
]
PAGES = [
    ("home", "/", None),
    ("search with results", "/search?near=Thunder+Bay", None),
    ("search by sector", "/search?sector=housing-shelter", None),
    ("search by referral pathway", "/search?referral_from=education&self_referral=1", None),
    ("profile", "/organizations/aurora-youth-shelter", None),
    ("profile with restricted contacts", "/organizations/aurora-youth-shelter", "member"),
    ("professionals-only profile", "/organizations/nightjar-response-unit", "member"),
    ("search with a professionals-only listing", "/search?sector=policing", "member"),
    ("coverage", "/coverage", None),
    ("login", "/auth/login", None),
    ("register", "/auth/register", None),
    ("listing form", "/listings/new", "member"),
    *[
        (f"listing form, {step} step", f"/listings/{{clinic}}/edit?step={step}", "member")
        for step in ("services", "locations", "areas", "contacts", "review")
    ],
    (
        "listing preview for professionals",
        "/listings/{clinic}/edit?step=review&view=professional",
        "member",
    ),
    ("listing form on one page", "/listings/new?step=all", "member"),
    ("moderation queue", "/moderation/", "moderator"),
    ("moderation review", "/moderation/revisions/{revision}", "moderator"),
    ("shortlist", "/shortlist", "member"),
    ("referral sheet", "/shortlist/sheet", "member"),
    ("search with the save form", "/search?sector=housing-shelter", "member"),
    ("saved searches", "/saved", "member"),
    ("stop alerts, signed out", "/saved/unsubscribe/{unsubscribe}", None),
    *GUIDE_PAGES,
    ("response card form", "/response", None),
    ("response card", "/response?near=Thunder+Bay", None),
    ("response card with direct lines", "/response?near=Thunder+Bay", "member"),
    *PARTNERSHIP_PAGES,
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("name", "path", "who"), PAGES, ids=[p[0] for p in PAGES])
def test_no_axe_violation(chromium, site, language, name, path, who):
    context, page, hosts = _open(chromium, site, language, who)
    response = page.goto(site[0] + path.format(**site[2]))
    assert response.status == 200, name
    assert page.evaluate("document.documentElement.lang") == language
    assert axe_violations(page) == [], name
    assert hosts == {"127.0.0.1"}
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("name", "path", "who"),
    GUIDE_PAGES + PARTNERSHIP_PAGES,
    ids=[p[0] for p in GUIDE_PAGES + PARTNERSHIP_PAGES],
)
def test_guide_pages_fit_a_phone(chromium, site, language, name, path, who):
    """At 390 px: nothing wider than the screen, and still no axe violation."""
    context, page, hosts = _open(chromium, site, language, who)
    page.set_viewport_size({"width": 390, "height": 844})
    response = page.goto(site[0] + path.format(**site[2]))
    assert response.status == 200, name
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
    assert axe_violations(page) == [], name
    assert hosts == {"127.0.0.1"}
    context.close()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("name", "path", "who"), COVERAGE_PAGES, ids=[p[0] for p in COVERAGE_PAGES]
)
def test_coverage_pages(chromium, site, language, name, path, who, width):
    """Gaps, demand: no axe violation at 1280 and 390 px, nothing wider than a phone, the
    gaps map drawn from this site only, the demand tables with numbers to read."""
    context, page, hosts = _open(chromium, site, language, who)
    page.set_viewport_size({"width": width, "height": 900})
    for _ in range(5):  # five searches that find nothing: a cell the public page shows
        page.goto(site[0] + "/search?sector=education&province=NU&q=zzzqqq")
    response = page.goto(site[0] + path)
    assert response.status == 200, name
    if "gaps" in path:
        page.wait_for_selector("#gaps-map .leaflet-interactive")
    if "demand" in path:
        assert page.locator("table td").count() > 0, name
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    assert axe_violations(page) == [], name
    assert hosts == {"127.0.0.1"}
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", ["/auth/login", "/auth/register"])
def test_failed_submit_focuses_an_error_summary_linking_to_fields(chromium, site, language, path):
    context, page, _ = _open(chromium, site, language)
    page.goto(site[0] + path)
    page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    assert summary.evaluate("element => element === document.activeElement")
    links = summary.locator("a")
    assert links.count() >= 1
    first = links.first
    field_id = first.get_attribute("href").removeprefix("#")
    first.press("Enter")
    assert page.evaluate("document.activeElement.id") == field_id
    assert axe_violations(page) == []  # the error state passes too
    context.close()


def _tab_until(page, selector: str, limit: int = 120) -> bool:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return True
    return False


def test_keyboard_only_search_and_profile(chromium, site):
    context, page, hosts = _open(chromium, site, "en")
    page.goto(site[0] + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    page.keyboard.press("Enter")
    assert _tab_until(page, "main input[type=search]", limit=5)
    page.keyboard.type("youth")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=youth**")
    page.keyboard.press("Tab")  # the skip link again, on the results page
    page.keyboard.press("Enter")
    assert _tab_until(page, ".org-card__name a")
    name = page.evaluate("document.activeElement.textContent").strip()
    page.keyboard.press("Enter")
    page.wait_for_url("**/organizations/**")
    assert page.get_by_role("heading", level=1).inner_text() == name
    # Focus is visible: the outline of :focus-visible is drawn on whatever has focus.
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    assert hosts == {"127.0.0.1"}
    context.close()


def test_keyboard_only_guide_for_a_place(chromium, site):
    """Skip link, type a place, Enter: the guide shows that place's duty to report, and the
    keyboard reaches the Refer links, which carry the place."""
    context, page, hosts = _open(chromium, site, "en")
    page.goto(site[0] + "/guides/health-care")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link
    assert _tab_until(page, "main input#near", limit=10)
    page.keyboard.type("Thunder Bay, ON")
    page.keyboard.press("Enter")
    page.wait_for_url("**near=Thunder**")
    expect(page.get_by_role("heading", name="Duty to report: Ontario")).to_be_visible()
    assert _tab_until(page, ".guide-refer a")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    assert href.startswith("/search?sector=") and "near=Thunder" in href
    assert hosts == {"127.0.0.1"}
    context.close()


PHONE_PAGES = [
    ("search-pathway", "/search?referral_from=education&self_referral=1", None),
    ("profile-pathway", "/organizations/aurora-youth-shelter", None),
    ("form-pathway", "/listings/new?step=services", "member"),
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize(("name", "path", "who"), PHONE_PAGES, ids=[p[0] for p in PHONE_PAGES])
def test_referral_pathway_pages_fit_and_pass_at_both_widths(
    chromium, site, language, width, name, path, who
):
    """The pathway's filters, badges, "How to refer" and form fieldset: no axe violation and
    no sideways scrolling on a 390 px phone (screenshots for a person to look at)."""
    context, page, hosts = _open(chromium, site, language, who)
    page.set_viewport_size({"width": width, "height": 844})
    assert page.goto(site[0] + path).status == 200
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == [], name
    assert hosts == {"127.0.0.1"}
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{language}-{width}.png"), full_page=True)
    if name == "form-pathway":  # the fieldset alone (unfolded), to read
        folded = page.locator("details.block-part", has=page.locator(".block--pathway")).first
        folded.locator("summary").click()
        fieldset = page.locator(".block--pathway").first
        fieldset.screenshot(path=str(SCREENSHOTS / f"{name}-fieldset-{language}-{width}.png"))
    context.close()


def test_the_checker_itself_finds_violations(chromium, site):
    """Guard against a silent checker: a page with an unlabelled field and an image without
    alternative text must fail."""
    context, page, _ = _open(chromium, site, "en")
    page.goto(site[0] + "/about")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        ' \'<img src="/static/vendor/leaflet/images/marker-icon.png"><input type="text">\')'
    )
    found = {violation.split(" ")[0] for violation in axe_violations(page)}
    assert {"image-alt", "label"} <= found
    context.close()
