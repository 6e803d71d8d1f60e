"""XSS payloads in every text field of a listing, through the real forms, then every channel
that shows the listing: profile, search results, home, moderation diff, shortlist sheet, the
JSON APIs and the exports. Markup must arrive as text, never as markup.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from directory.models import OrganizationStatus, Role
from tests.factories import UserFactory
from tests.listing_helpers import browser_for, listing_form, only_organization, revisions_of

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"

# Every free-text field of the listing form; validated ones (website, email, phone, postal
# code, city) refuse markup outright — see test_markup_in_validated_fields_is_refused.
TEXT_FIELDS = {
    "organization-name": f"Harbour {SCRIPT}",
    "organization-alternate_name": f"HH {IMAGE}",
    "organization-description": f"About {SCRIPT} and {IMAGE} and [click](javascript:alert(1))",
    "organization-description_fr": f"À propos {SCRIPT}",
    "services-0-name": f"Counselling {SCRIPT}",
    "services-0-description": f"Service {IMAGE} [x](data:text/html,{SCRIPT})",
    "services-0-eligibility": f"Youth {SCRIPT}",
    "services-0-fees": f"Free {IMAGE}",
    "services-0-intake_hours": f"Mon {SCRIPT}",
    "locations-0-name": f"Office {IMAGE}",
    "locations-0-address": f"12 {SCRIPT} Street",
    "service_areas-0-region_name": "Thunder Bay",
    "contacts-0-name": f"Intake {SCRIPT}",
    "contacts-0-role": f"Coordinator {IMAGE}",
    "contacts-0-notes": f"Call first {SCRIPT}",
    "contacts-0-visibility": "public",
}
# Written as text these are harmless; as markup or as a link's address they would run.
RAW = ("<script>alert(1)", "<img src=x", 'href="javascript:', 'href="data:', 'src="data:')


def assert_inert_html(html: str, where: str) -> None:
    for raw in RAW:
        assert raw not in html, f"{raw!r} reached {where} unescaped"


@pytest.fixture
def published(make_client, db):
    """The listing, submitted by a member through the form and approved by a moderator."""
    member = UserFactory(name=f"Mina {IMAGE}")
    moderator = UserFactory(role=Role.MODERATOR)
    db.session.commit()
    member_browser = browser_for(make_client, member)
    response = member_browser.post("/listings/new", data=listing_form(**TEXT_FIELDS))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    organization = only_organization()
    revision = revisions_of(organization)[0]

    moderator_browser = browser_for(make_client, moderator)
    review = moderator_browser.get(f"/moderation/revisions/{revision.id}")
    assert review.status_code == 200
    html = review.get_data(as_text=True)
    assert ESCAPED_SCRIPT in html  # the fields are shown, as text
    assert_inert_html(html, "the moderation diff")

    decided = moderator_browser.post(
        f"/moderation/revisions/{revision.id}",
        data={"decision": "approved", "reason": f"ok {SCRIPT}", "version": str(revision.version)},
    )
    assert decided.status_code == 302
    organization = only_organization()
    assert organization.status == OrganizationStatus.PUBLISHED
    return organization


def test_profile_search_and_home_show_markup_as_text(client, published):
    pages = {
        "profile": f"/organizations/{published.slug}",
        "search results": "/search?q=Harbour",
        "search with place": "/search?q=Harbour&near=Thunder+Bay",
        "home": "/",
    }
    for where, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, where
        html = response.get_data(as_text=True)
        assert ESCAPED_SCRIPT in html, f"{where} should show the name as text"
        assert_inert_html(html, where)
    profile = client.get(pages["profile"]).get_data(as_text=True)
    for text in ("Coordinator", "Call first", "Mon ", "Free ", "Youth "):
        assert text in profile  # every field is really on the page, escaped


def test_shortlist_sheet_shows_markup_as_text(client, published):
    assert client.post(f"/shortlist/{published.id}/add").status_code == 302
    html = client.get("/shortlist/sheet").get_data(as_text=True)
    assert ESCAPED_SCRIPT in html
    assert_inert_html(html, "the referral sheet")


def test_json_apis_carry_markup_as_data_never_as_a_page(client, published):
    for url in (f"/api/v1/organizations/{published.slug}", "/api/v1/search?q=Harbour"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.mimetype == "application/json"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        # Data, intact: a browser opening it shows JSON text (nosniff), never runs it.
        assert SCRIPT in response.get_data(as_text=True)
    hsds = client.get("/api/hsds/organizations?search=Harbour")
    assert hsds.status_code == 200 and hsds.mimetype == "application/json"
    assert hsds.headers["X-Content-Type-Options"] == "nosniff"
    assert SCRIPT in hsds.get_data(as_text=True)


def test_csv_exports_keep_markup_as_text_and_defuse_formulas(client, db, published):
    response = client.get("/search.csv?q=Harbour")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert any(f"Harbour {SCRIPT}" in cell for row in rows for cell in row)

    organization = only_organization()  # the request above ended the test's session
    organization.name = '=HYPERLINK("http://evil","click")'
    db.session.commit()
    response = client.get("/search.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    names = [cell for row in rows for cell in row if "HYPERLINK" in cell]
    assert names and all(not cell.startswith("=") for cell in names)


def test_hsds_export_keeps_markup_as_data(app, published, tmp_path):
    target = tmp_path / "export.json"
    result = app.test_cli_runner().invoke(args=["hsds", "export", str(target), "--format", "json"])
    assert result.exit_code == 0, result.output
    exported = json.loads(target.read_text())
    assert SCRIPT in json.dumps(exported)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("organization-website", "javascript:alert(1)"),
        ("organization-website", "data:text/html,<script>alert(1)</script>"),
        ("organization-email", f"a{SCRIPT}@example.org"),
        ("organization-phone", SCRIPT),
        ("locations-0-postal_code", "<b>x"),
    ],
)
def test_markup_in_validated_fields_is_refused(make_client, db, field, value):
    member = UserFactory()
    db.session.commit()
    response = browser_for(make_client, member).post(
        "/listings/new", data=listing_form(**{field: value})
    )
    assert response.status_code == 200  # the form again, with its error summary
    html = response.get_data(as_text=True)
    assert "Please correct the following:" in html
    assert_inert_html(html, "the form's error page")
