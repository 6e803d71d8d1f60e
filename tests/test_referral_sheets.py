"""The two referral sheets: one to hand to the young person or family (public contacts only
whoever asks, plain words, tap-to-call numbers, a QR code to each public profile drawn on the
server, a title and headings that never name the harm) and one for the professional's file
(restricted contacts for those entitled, labelled and audited)."""

from __future__ import annotations

import html as html_lib
import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from directory.models import AuditEvent, ContactVisibility
from directory.qr import qr_svg
from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ReferralContactFactory,
    ServiceFactory,
    UserFactory,
    term,
)
from tests.listing_helpers import browser_for

SECRET_EMAIL = "direct.line@harbour.example.org"
HARM_WORDS = re.compile(r"traffick|exploitation|traite", re.IGNORECASE)


@pytest.fixture
def harbour(db):
    org = OrganizationFactory(
        name="Harbour House",
        slug="harbour-house",
        sectors=[term("sector", "housing-shelter")],
        phone="+1 807-555-0100",
        description="Shelter for youth who were sexually exploited or trafficked.",
    )
    ServiceFactory(organization=org, referral_method="professional")
    LocationFactory(organization=org, address="77 Hidden Lane", confidential=True)
    ReferralContactFactory(organization=org, name="Front desk", phone="807 555 0111")
    ReferralContactFactory(
        organization=org,
        name="Direct referral line",
        email=SECRET_EMAIL,
        visibility=ContactVisibility.PROFESSIONALS,
    )
    db.session.commit()
    return org


@pytest.fixture
def vetted(make_client, db, harbour):
    """A vetted professional (entitled to restricted contacts) with Harbour House listed."""
    user = UserFactory(professional_verified_at=datetime.now(UTC))
    db.session.commit()
    client = browser_for(make_client, user)
    client.post(f"/shortlist/{harbour.id}/add")
    return client


def exported(db) -> list[AuditEvent]:
    db.session.expire_all()
    stmt = sa.select(AuditEvent).filter_by(action="restricted_contacts.exported")
    return list(db.session.scalars(stmt))


def title_and_headings(page: str) -> list[str]:
    found = re.findall(r"<(title|h[1-3])\b[^>]*>(.*?)</\1>", page, re.S)
    return [html_lib.unescape(re.sub(r"<[^>]+>", "", text)).strip() for _, text in found]


def test_family_sheet_is_the_default_and_public_only_even_for_the_vetted(vetted, db):
    page = vetted.get("/shortlist/sheet").text
    assert '<h1 class="sheet__title">Places that can help</h1>' in page
    assert "Front desk" in page
    for restricted in (SECRET_EMAIL, "Direct referral line", "For professionals only"):
        assert restricted not in page
    assert "77 Hidden Lane" not in page
    assert exported(db) == []  # nothing restricted left the site


def test_file_sheet_labels_and_audits_restricted_contacts(vetted, db, harbour):
    page = vetted.get("/shortlist/sheet?for=file").text
    assert "Referral sheet for my file" in page
    label = page.index("For professionals only — do not share:")
    assert label < page.index(SECRET_EMAIL)
    assert "77 Hidden Lane" not in page
    (event,) = exported(db)
    assert event.target_id == harbour.id and event.details["format"] == "sheet"


def test_file_sheet_is_public_only_for_the_unvetted(make_client, harbour):
    visitor = make_client()
    visitor.post(f"/shortlist/{harbour.id}/add")
    page = visitor.get("/shortlist/sheet?for=file").text
    assert "Front desk" in page and SECRET_EMAIL not in page


@pytest.mark.parametrize("language", ["en", "fr"])
def test_family_sheet_never_names_the_harm_in_title_or_headings(vetted, language):
    page = vetted.get("/shortlist/sheet", headers={"Accept-Language": language}).text
    headings = title_and_headings(page)
    assert len(headings) >= 3  # title, h1, one h2 per organization
    assert "Harbour House" in headings
    assert not [h for h in headings if HARM_WORDS.search(h)], headings


def test_family_sheet_uses_plain_words_and_tap_to_call_numbers(vetted):
    page = vetted.get("/shortlist/sheet").text
    assert 'href="tel:+18075550100"' in page  # the organization's number
    assert 'href="tel:8075550111"' in page  # its public contact's
    assert "Ask a worker who supports you to contact them for you." in page
    assert "Professional referral" not in page
    assert "Housing &amp; shelter" not in page  # no sector jargon


def test_family_sheet_draws_a_qr_code_of_each_public_profile(app, vetted, monkeypatch):
    monkeypatch.setitem(app.config, "SITE_URL", "https://directory.example.ca")
    page = vetted.get("/shortlist/sheet").text
    svg = re.search(r"<svg\b.*?</svg>", page, re.S).group(0)
    expected = qr_svg("https://directory.example.ca/organizations/harbour-house", "label")
    path = re.compile(r'<path d="([^"]+)"')
    assert path.search(svg).group(1) == path.search(expected).group(1)
    assert 'role="img"' in svg and "Harbour House" in svg  # its label names it
    assert "style=" not in svg and "<img" not in page
    assert " id=" not in svg  # several on a page: no repeated ids

    assert "<svg" not in vetted.get("/shortlist/sheet?qr=0").text
    assert "<svg" not in vetted.get("/shortlist/sheet?for=file").text


def test_file_sheet_warns_of_stale_listings(make_client, db):
    stale = OrganizationFactory(name="Stale Place", verified_at=datetime.now(UTC) - timedelta(400))
    db.session.commit()
    visitor = make_client()
    visitor.post(f"/shortlist/{stale.id}/add")
    page = visitor.get("/shortlist/sheet?for=file").text
    assert "Last confirmed 13 months ago — check before referring" in page


def test_an_unknown_sheet_is_a_clear_400(vetted):
    response = vetted.get("/shortlist/sheet?for=everyone")
    assert response.status_code == 400
    assert "Choose a sheet for the young person or family, or for your file." in response.text


def test_the_shortlist_offers_both_sheets(vetted):
    page = vetted.get("/shortlist").text
    assert 'href="/shortlist/sheet?for=family"' in page
    assert 'href="/shortlist/sheet?for=file"' in page
