"""The verification decision shows the request's evidence and what the directory can tell."""

from __future__ import annotations

import pytest

from directory.models import OrganizationStatus, Role
from tests.factories import OrganizationFactory, UserFactory
from tests.listing_helpers import browser_for, page_text
from tests.test_vetting import the_request


def review_page(make_client, db, **ask) -> str:
    member = UserFactory(name="Ana Nurse", email="ana@example.org")
    moderator = UserFactory(role=Role.MODERATOR)
    db.session.commit()
    data = {
        "organization_name": "Bridgeway Victim Services",
        "role": "Advocate",
        "work_email": "ana@bridgeway.example.ca",
        "note": "My manager is Sam Lee, 807-555-0100.",
    } | ask
    assert browser_for(make_client, member).post("/account/vetting", data=data).status_code == 302
    page = browser_for(make_client, moderator).get(f"/moderation/vetting/{the_request().id}")
    return page_text(page)


def test_the_evidence_sits_with_the_decision(make_client, db):
    OrganizationFactory(
        name="Bridgeway Victim Services", website="https://www.bridgeway.example.ca/"
    )
    OrganizationFactory(name="Elsewhere", website="https://elsewhere.example.ca")
    db.session.commit()
    page = review_page(make_client, db)
    evidence = page[page.index("What they told us") : page.index("Decision")]
    for fact in ("Bridgeway Victim Services", "Advocate", "ana@bridgeway.example.ca", "Sam Lee"):
        assert fact in evidence
    assert "Work email domain: bridgeway.example.ca" in evidence
    assert (
        "Listed organizations whose website is on this domain: Bridgeway Victim Services"
        in evidence
    )
    assert "Elsewhere" not in evidence
    assert "Listed under this name: Bridgeway Victim Services" in evidence
    assert "Verify as a professional" in page[page.index("Decision") :]


def test_webmail_is_flagged_and_no_match_is_said(make_client, db):
    OrganizationFactory(name="Gmail Fan Club", website="https://gmail.com")
    db.session.commit()
    page = review_page(
        make_client, db, work_email="ana.nurse@gmail.com", organization_name="Unknown Clinic"
    )
    assert "webmail or internet provider’s address" in page
    assert "Gmail Fan Club" not in page
    assert "No listed organization has exactly this name." in page


@pytest.mark.parametrize("status", [OrganizationStatus.DRAFT, OrganizationStatus.ARCHIVED])
def test_only_published_listings_count_as_matches(make_client, db, status):
    OrganizationFactory(
        name="Bridgeway Victim Services", website="https://bridgeway.example.ca", status=status
    )
    db.session.commit()
    page = review_page(make_client, db)
    assert "No listed organization has its website on this domain." in page
    assert "No listed organization has exactly this name." in page
