"""Listings visible to vetted professionals only (docs/professionals_only.md).

One professionals-only listing, named with a marker no other text has, in Thunder Bay; a
public one of another sector beside it. The sweep opens every channel as an anonymous
visitor and as a plain member, and the marker must be in none of them; then the positive
control: a vetted professional and a moderator do find it, so the sweep can see the marker
when it is allowed. scripts/privacy_mutations.py (P10–P12, C18–C23) removes each guard in
turn and checks that a test here goes red.
"""

from __future__ import annotations

import json

import pytest

from directory.models import Role
from tests.factories import (
    LocationFactory,
    MembershipFactory,
    OrganizationFactory,
    ServiceFactory,
    UserFactory,
    term,
)
from tests.listing_helpers import browser_for

MARKER = "Zephyrine"
SLUG = "zephyrine-exploitation-unit"
BADGE = "Visible to vetted professionals only"


@pytest.fixture
def unit(db):
    """The professionals-only listing (the only one of the policing sector) and a public
    health-care neighbour whose partners panel would otherwise show it."""
    unit = OrganizationFactory(
        name=f"{MARKER} Exploitation Unit",
        slug=SLUG,
        sectors=[term("sector", "policing")],
        professionals_only=True,
    )
    ServiceFactory(organization=unit, name="Joint investigations", accepting_referrals=True)
    LocationFactory(organization=unit, city="Thunder Bay")
    clinic = OrganizationFactory(
        name="Harbour Clinic", slug="harbour-clinic", sectors=[term("sector", "health-care")]
    )
    ServiceFactory(organization=clinic, name="Sexual assault care")
    LocationFactory(organization=clinic, city="Thunder Bay", latitude=48.39, longitude=-89.26)
    db.session.commit()
    return unit


CHANNELS = {
    "search page": "/search?q=exploitation",
    "search all": "/search",
    "search by sector": "/search?sector=policing",
    "search with place and map": "/search?near=Thunder+Bay&radius_km=50",
    "search nearest beyond": "/search?near=Winnipeg&radius_km=5",
    "search csv": "/search.csv?near=Thunder+Bay",
    "json search": "/api/v1/search?q=exploitation&near=Thunder+Bay",
    "json nearest beyond": "/api/v1/search?near=Winnipeg&radius_km=5",
    "json profile": f"/api/v1/organizations/{SLUG}",
    "response card": "/response?near=Thunder+Bay",
    "json response card": "/api/v1/response?near=Thunder+Bay",
    "partners panel": "/organizations/harbour-clinic",
    "home": "/",
    "sitemap": "/sitemap.xml",
    "hsds organizations": "/api/hsds/organizations",
    "hsds services": "/api/hsds/services",
    "hsds service at locations": "/api/hsds/service_at_locations?postcode=P7B",
    "hsds proximity": "/api/hsds/service_at_locations?postcode=P7B&proximity=50000",
}


def _visitor(make_client, db, who):
    if who == "anonymous":
        return make_client()
    member = UserFactory()
    db.session.commit()
    return browser_for(make_client, member)


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_the_listing_is_absent_from_every_channel(make_client, db, unit, channel, who):
    response = _visitor(make_client, db, who).get(CHANNELS[channel])
    assert response.status_code in (200, 404), channel
    text = response.get_data(as_text=True)
    assert MARKER not in text and SLUG not in text, f"the listing leaked through {channel}"


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_its_profile_is_a_plain_not_found(make_client, db, unit, who):
    visitor = _visitor(make_client, db, who)
    hidden = visitor.get(f"/organizations/{SLUG}")
    missing = visitor.get("/organizations/no-such-organization-here")
    assert hidden.status_code == missing.status_code == 404
    # The same page but for the address asked (the language switch links back to it).
    same = hidden.get_data(as_text=True).replace(SLUG, "the-address")
    other = missing.get_data(as_text=True).replace("no-such-organization-here", "the-address")
    assert same == other
    api = visitor.get(f"/api/v1/organizations/{SLUG}")
    assert api.status_code == 404
    assert api.get_json() == visitor.get("/api/v1/organizations/no-such-one").get_json()


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_its_report_and_claim_pages_do_not_name_it(make_client, db, unit, who):
    """Pages about one listing, reached by its address or id, answer as for none."""
    visitor = _visitor(make_client, db, who)
    report = visitor.get(f"/organizations/{SLUG}/report")
    assert report.status_code == 404 and MARKER not in report.get_data(as_text=True)
    claim = visitor.get(f"/listings/{unit.id}/claim")
    assert claim.status_code in (302, 403) and MARKER not in claim.get_data(as_text=True)


def test_a_vetted_professional_may_report_it(make_client, db, unit):
    browser = _vetted(make_client, db, unit)
    assert MARKER in browser.get(f"/organizations/{SLUG}/report").get_data(as_text=True)


def test_counts_leave_it_out(client, unit):
    """Facets, home tiles and /coverage count only what the public finds."""
    results = client.get("/api/v1/search").get_json()
    assert results["total"] == 1
    assert "policing" not in results["facets"]["sector"]
    coverage = client.get("/coverage.csv").get_data(as_text=True)
    policing = next(line for line in coverage.splitlines() if line.startswith("policing,"))
    assert set(policing.split(",")[2:]) == {"0"}, policing
    home = client.get("/").get_data(as_text=True)
    assert "Browse all 1 organization<" in home
    policing_tile = home.split('value="policing"')[1].split("</button>")[0]
    assert "0 organizations" in policing_tile
    assert client.get("/search.csv").headers["X-Total-Results"] == "1"


def test_the_shortlist_refuses_it(client, unit):
    client.post(f"/shortlist/{unit.id}/add")
    for url in ("/shortlist", "/shortlist/sheet", "/shortlist.csv"):
        assert MARKER not in client.get(url).get_data(as_text=True), url


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_public_hsds_export_leaves_it_out(app, unit, tmp_path, fmt):
    target = tmp_path / f"export-{fmt}"
    result = app.test_cli_runner().invoke(args=["hsds", "export", str(target), "--format", fmt])
    assert result.exit_code == 0, result.output
    files = [target] if target.is_file() else sorted(p for p in target.rglob("*") if p.is_file())
    assert files
    for path in files:
        assert MARKER not in path.read_text(encoding="utf-8"), path.name
    if fmt == "json":
        assert "Harbour Clinic" in json.dumps(json.loads(target.read_text()))


def test_even_the_restricted_hsds_export_leaves_it_out(app, db, unit, tmp_path):
    """HSDS files are for other directories, whose import would publish it; the database
    backup keeps it (docs/professionals_only.md)."""
    admin = UserFactory(role=Role.ADMIN)
    db.session.commit()
    path = tmp_path / "all.json"
    args = ["hsds", "export", str(path), "--include-restricted", "--as-user", admin.email]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "Exported 1 organizations" in result.output
    assert MARKER not in path.read_text(encoding="utf-8")


# --- The positive control: those entitled see it, so the sweep above can fail --------------


def _vetted(make_client, db, unit):
    vetted = UserFactory(professional_verified_at=unit.created_at)
    db.session.commit()
    return browser_for(make_client, vetted)


def test_a_vetted_professional_finds_it_with_its_badge(make_client, db, unit):
    browser = _vetted(make_client, db, unit)
    for url in ("/search?q=exploitation", "/search?near=Thunder+Bay&radius_km=50"):
        page = browser.get(url)
        html = page.get_data(as_text=True)
        assert MARKER in html and BADGE in html, url
        assert page.headers["Cache-Control"] == "no-store"  # never in a shared cache
    profile = browser.get(f"/organizations/{SLUG}").get_data(as_text=True)
    assert MARKER in profile and BADGE in profile
    assert "1 organization found" in browser.get("/search?sector=policing").get_data(as_text=True)


def test_a_moderator_finds_it(make_client, db, unit):
    moderator = UserFactory(role=Role.MODERATOR)
    db.session.commit()
    browser = browser_for(make_client, moderator)
    assert MARKER in browser.get("/search?q=exploitation").get_data(as_text=True)
    assert browser.get(f"/organizations/{SLUG}").status_code == 200


def test_its_own_member_sees_its_profile(make_client, db, unit):
    membership = MembershipFactory(organization=unit)
    db.session.commit()
    profile = browser_for(make_client, membership.user).get(f"/organizations/{SLUG}")
    assert profile.status_code == 200
    assert BADGE in profile.get_data(as_text=True)


def test_an_unconfirmed_vetted_account_does_not(make_client, db, unit):
    """Vetting counts only on a confirmed account (``permissions.is_vetted_professional``)."""
    user = UserFactory(professional_verified_at=unit.created_at, email_confirmed_at=None)
    db.session.commit()
    browser = browser_for(make_client, user)
    assert MARKER not in browser.get("/search?q=exploitation").get_data(as_text=True)
    assert browser.get(f"/organizations/{SLUG}").status_code == 404


def test_a_professional_s_search_never_reaches_the_public_one(make_client, db, unit):
    """The same words, first by a vetted professional, then anonymously: the remembered
    matches are shared, the audience is applied after them."""
    vetted = _vetted(make_client, db, unit)
    public = make_client()
    for url in ("/search?q=exploitation", "/api/v1/search?q=exploitation"):
        assert MARKER in vetted.get(url.replace("/api/v1", "")).get_data(as_text=True)
        assert MARKER not in public.get(url).get_data(as_text=True), url


def test_the_json_api_stays_public_for_a_vetted_professional(make_client, db, unit):
    """/api/v1 is cached publicly (max-age): it never depends on who asks."""
    browser = _vetted(make_client, db, unit)
    assert browser.get(f"/api/v1/organizations/{SLUG}").status_code == 404
    assert MARKER not in browser.get("/api/v1/search?q=exploitation").get_data(as_text=True)
    assert MARKER not in browser.get("/search.csv?q=exploitation").get_data(as_text=True)
