"""The referral shortlist: kept in the session when signed out, saved when signed in and
merged at sign-in; the printable sheet and the CSV show public details to everyone, the
restricted contacts only to those entitled (audited), and never a confidential address."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from directory.models import AuditEvent, ContactVisibility, OrganizationStatus, ShortlistEntry
from directory.shortlist.services import MAX_ENTRIES
from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ReferralContactFactory,
    ServiceFactory,
    UserFactory,
    term,
)
from tests.listing_helpers import browser_for

PASSWORD = "correct horse battery staple"  # the factory's
SECRET_EMAIL = "direct.line@harbour.example.org"


def add(client, organization, next_page=None):
    data = {"next": next_page} if next_page else {}
    return client.post(f"/shortlist/{organization.id}/add", data=data)


def shortlist_names(client) -> list[str]:
    html = client.get("/shortlist").get_data(as_text=True)
    return [
        line.split(">")[-1]
        for line in html.split("</a></h2>")[:-1]
        if 'class="shortlist__name"' in line
    ]


def read_csv(response) -> list[dict[str, str]]:
    body = response.get_data().decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body[1:])))


@pytest.fixture
def harbour(db):
    org = OrganizationFactory(
        name="Harbour House",
        sectors=[term("sector", "housing-shelter")],
        phone="+1 807-555-0100",
        website="https://harbour.example.org",
    )
    ServiceFactory(organization=org, referral_method="professional")
    LocationFactory(
        organization=org, address="77 Hidden Lane", postal_code="P7B 9Z9", confidential=True
    )
    ReferralContactFactory(organization=org, name="Front desk", email="front@harbour.example.org")
    ReferralContactFactory(
        organization=org,
        name="Direct referral line",
        email=SECRET_EMAIL,
        visibility=ContactVisibility.PROFESSIONALS,
    )
    db.session.commit()
    return org


def exported_events(db) -> list[AuditEvent]:
    db.session.expire_all()
    stmt = sa.select(AuditEvent).filter_by(action="restricted_contacts.exported")
    return list(db.session.scalars(stmt))


def test_signed_out_shortlist_lives_in_the_session(make_client, db, harbour):
    other = OrganizationFactory(name="Lakehead Clinic")
    db.session.commit()
    visitor = make_client()
    response = add(visitor, harbour, next_page="/search?q=harbour")
    assert response.status_code == 302 and response.headers["Location"] == "/search?q=harbour"
    add(visitor, other)
    add(visitor, harbour)  # twice: still once
    assert shortlist_names(visitor) == ["Harbour House", "Lakehead Clinic"]
    assert shortlist_names(make_client()) == []  # another browser has its own
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ShortlistEntry)) == 0

    visitor.post(f"/shortlist/{harbour.id}/remove")
    assert shortlist_names(visitor) == ["Lakehead Clinic"]
    visitor.post("/shortlist/clear")
    assert shortlist_names(visitor) == []


def test_the_next_page_must_be_local(make_client, harbour):
    response = add(make_client(), harbour, next_page="https://evil.example.com/")
    assert response.headers["Location"] == "/shortlist"


def test_only_published_organizations_can_be_added(make_client, db):
    draft = OrganizationFactory(status=OrganizationStatus.PENDING)
    db.session.commit()
    visitor = make_client()
    assert add(visitor, draft).status_code == 404
    assert visitor.post("/shortlist/999999/add").status_code == 404
    assert shortlist_names(visitor) == []


def test_the_shortlist_has_a_cap_with_a_clear_message(make_client, db):
    organizations = OrganizationFactory.create_batch(MAX_ENTRIES + 1)
    db.session.commit()
    visitor = make_client()
    for organization in organizations[:MAX_ENTRIES]:
        add(visitor, organization)
    response = visitor.post(f"/shortlist/{organizations[-1].id}/add", follow_redirects=True)
    assert f"Your shortlist is full ({MAX_ENTRIES} organizations)" in response.get_data(
        as_text=True
    )
    assert len(shortlist_names(visitor)) == MAX_ENTRIES


def test_signed_in_shortlist_is_saved(make_client, db, harbour):
    user = UserFactory()
    db.session.commit()
    add(browser_for(make_client, user), harbour)
    # Another browser, same account: the saved list.
    assert shortlist_names(browser_for(make_client, user)) == ["Harbour House"]


def test_sign_in_merges_the_session_shortlist(make_client, db, harbour):
    user = UserFactory(email="nurse@example.org")
    saved = OrganizationFactory(name="Already Saved")
    unpublished_later = OrganizationFactory(name="Soon Archived")
    hidden_later = OrganizationFactory(name="Soon Hidden")
    db.session.flush()
    db.session.add(ShortlistEntry(user_id=user.id, organization_id=saved.id))
    db.session.commit()
    visitor = make_client()
    add(visitor, harbour)
    add(visitor, saved)
    add(visitor, unpublished_later)
    add(visitor, hidden_later)
    unpublished_later.status = OrganizationStatus.ARCHIVED
    hidden_later.verified_at = datetime.now(UTC) - timedelta(days=600)  # out of search
    db.session.commit()

    visitor.post("/auth/login", data={"email": "nurse@example.org", "password": PASSWORD})
    assert shortlist_names(visitor) == ["Already Saved", "Harbour House"]
    saved_ids = db.session.scalars(sa.select(ShortlistEntry.organization_id)).all()
    assert sorted(saved_ids) == sorted([saved.id, harbour.id])
    visitor.post("/auth/logout", data={})
    assert shortlist_names(visitor) == []  # nothing left behind in the signed-out session


def test_sheet_shows_public_details_and_never_the_address(make_client, db, harbour):
    visitor = make_client()
    add(visitor, harbour)
    html = visitor.get("/shortlist/sheet?for=file").get_data(as_text=True)
    for shown in [
        "Harbour House",
        "Housing &amp; shelter",
        "+1 807-555-0100",
        "https://harbour.example.org",
        "Front desk",
        "Thunder Bay, Ontario",
        "Professional referral",
        'href="/static/css/print.css" media="print"',
    ]:
        assert shown in html, shown
    for hidden in ["77 Hidden Lane", "P7B 9Z9", SECRET_EMAIL, "Direct referral line"]:
        assert hidden not in html
    assert exported_events(db) == []


def test_csv_is_excel_friendly_and_public_for_the_unvetted(make_client, db, harbour):
    harbour.name = '=HYPERLINK("http://evil.example.com","Harbour")'
    db.session.commit()
    member = UserFactory()
    db.session.commit()
    client = browser_for(make_client, member)
    add(client, harbour)
    response = client.get("/shortlist.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="referral-shortlist.csv"'
    )
    (row,) = read_csv(response)
    assert row["name"] == "'" + harbour.name  # never a formula in a spreadsheet
    assert row["phone"] == "'+1 807-555-0100"
    assert "Front desk" in row["referral_contacts"]
    assert row["contacts_for_professionals"] == ""
    assert row["places"] == "Thunder Bay, Ontario"
    assert row["profile_url"].endswith(f"/organizations/{harbour.slug}")
    body = response.get_data(as_text=True)
    assert "77 Hidden Lane" not in body and SECRET_EMAIL not in body
    assert exported_events(db) == []


@pytest.mark.parametrize("export", ["/shortlist/sheet?for=file", "/shortlist.csv"])
def test_restricted_contacts_for_vetted_professionals_are_audited(make_client, db, harbour, export):
    public = OrganizationFactory(name="Public Only")
    vetted = UserFactory(professional_verified_at=datetime.now(UTC))
    db.session.commit()
    client = browser_for(make_client, vetted)
    add(client, harbour)
    add(client, public)
    body = client.get(export).get_data(as_text=True)
    assert SECRET_EMAIL in body and "Direct referral line" in body
    assert "77 Hidden Lane" not in body
    (event,) = exported_events(db)  # one organization had restricted contacts
    assert (event.actor_id, event.target_id) == (vetted.id, harbour.id)
    assert event.details == {"contacts": 1, "format": "csv" if export.endswith("csv") else "sheet"}


def test_organizations_unpublished_after_adding_drop_out(make_client, db, harbour):
    visitor = make_client()
    add(visitor, harbour)
    harbour.status = OrganizationStatus.ARCHIVED
    db.session.commit()
    visitor.get("/shortlist")  # shows (and so clears) the "added" message
    for sheet in ("family", "file"):
        assert "Harbour House" not in visitor.get(f"/shortlist/sheet?for={sheet}").text
    assert read_csv(visitor.get("/shortlist.csv")) == []


def test_search_results_and_profiles_offer_the_button(make_client, db, harbour):
    visitor = make_client()
    search = visitor.get("/search?q=harbour").get_data(as_text=True)
    assert f'action="/shortlist/{harbour.id}/add"' in search
    assert 'aria-label="Add to shortlist: Harbour House"' in search
    add(visitor, harbour)
    profile = visitor.get(f"/organizations/{harbour.slug}").get_data(as_text=True)
    assert f'action="/shortlist/{harbour.id}/remove"' in profile
    assert "On your shortlist" in profile


def test_posts_need_the_csrf_token(app, make_client, harbour, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    visitor = make_client()
    assert add(visitor, harbour).status_code == 400
    assert visitor.post("/shortlist/clear").status_code == 400
