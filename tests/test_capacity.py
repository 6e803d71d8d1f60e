"""Capacity: members say it in one click (audited, no moderation round); profiles and cards
show it with its age; it goes back to unknown after CAPACITY_STALE_DAYS; the "accepting
referrals" filter follows it while it is current."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
import sqlalchemy as sa

from directory import capacity
from directory.extensions import db as _db
from directory.hsds.import_run import run_import
from directory.listings.apply import apply_payload
from directory.listings.payload import payload_from_organization
from directory.models import (
    AuditEvent,
    CapacityStatus,
    MembershipRole,
    Organization,
    Revision,
    Role,
    Vocabulary,
)
from directory.search.snapshot import Candidate, Snapshot
from directory.taxonomy import terms_by_slug
from seed.demo_builder import DemoBuilder
from tests.factories import MembershipFactory, OrganizationFactory, ServiceFactory, UserFactory
from tests.listing_helpers import browser_for, page_text
from tests.test_hsds_import import canadian_organization, imported, write_json
from tests.test_rate_limits import limited_app  # noqa: F401 (a fixture)

NOW = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)


@pytest.fixture
def fixed_now(monkeypatch):
    """Capacity's clock (display, staleness and search) at NOW."""
    monkeypatch.setattr(capacity, "utcnow", lambda: NOW)
    return NOW


def said(service, status: CapacityStatus, days_ago: float, places: int | None = None) -> None:
    service.capacity_status = status
    service.capacity_places = places
    service.capacity_updated_at = NOW - timedelta(days=days_ago)


def capacity_url(org, service) -> str:
    return f"/listings/{org.id}/services/{service.id}/capacity"


def test_an_editor_says_full_in_one_click_and_it_is_audited(make_client, db, fixed_now):
    service = ServiceFactory(name="Emergency shelter beds")
    org = service.organization
    editor = MembershipFactory(organization=org, role=MembershipRole.EDITOR).user
    db.session.commit()
    browser = browser_for(make_client, editor)

    listings = browser.get("/listings/").text
    assert capacity_url(org, service) in listings
    assert 'name="status" value="full"' in listings

    response = browser.post(capacity_url(org, service), data={"status": "full", "places": "0"})
    assert response.status_code == 302

    profile = page_text(browser.get(f"/organizations/{org.slug}"))
    assert "Full — 0 places · updated today" in profile
    assert "Accepting referrals" not in profile
    db.session.expire_all()
    assert db.session.scalar(sa.select(Revision.id)) is None  # no moderation round
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == capacity.UPDATED)
    ).one()
    assert event.actor_id == editor.id and event.target_id == org.id
    assert event.details["old"]["status"] == "unknown"
    assert event.details["new"] == {"status": "full", "places": 0}
    assert service.capacity_updated_by_id == editor.id


def test_a_moderator_may_say_it_and_nobody_else_outside_the_organization(make_client, db):
    service = ServiceFactory()
    org = service.organization
    other_member = MembershipFactory(role=MembershipRole.OWNER).user  # of another organization
    moderator = UserFactory(role=Role.MODERATOR)
    elsewhere = ServiceFactory()  # another organization's service
    db.session.commit()

    refused = browser_for(make_client, other_member).post(
        capacity_url(org, service), data={"status": "waitlist"}
    )
    assert refused.status_code == 403
    db.session.expire_all()
    assert service.capacity_status == CapacityStatus.UNKNOWN

    moderating = browser_for(make_client, moderator)
    wrong_pair = moderating.post(capacity_url(org, elsewhere), data={"status": "waitlist"})
    assert wrong_pair.status_code == 404
    allowed = moderating.post(capacity_url(org, service), data={"status": "waitlist"})
    assert allowed.status_code == 302
    db.session.expire_all()
    assert service.capacity_status == CapacityStatus.WAITLIST
    assert elsewhere.capacity_status == CapacityStatus.UNKNOWN


def test_negative_places_and_unknown_statuses_are_refused(make_client, db):
    service = ServiceFactory()
    owner = MembershipFactory(organization=service.organization).user
    db.session.commit()
    browser = browser_for(make_client, owner)
    url = capacity_url(service.organization, service)

    browser.post(url, data={"status": "full", "places": "-3"})
    browser.post(url, data={"status": "overflowing"})
    db.session.expire_all()
    assert service.capacity_updated_at is None


def test_capacity_reads_as_unknown_after_the_stale_days(client, db, fixed_now, app):
    assert app.config["CAPACITY_STALE_DAYS"] == 14
    fresh = ServiceFactory(name="Fresh intake", accepting_referrals=True)
    stale = ServiceFactory(name="Stale intake", accepting_referrals=True)
    said(fresh, CapacityStatus.WAITLIST, days_ago=2)
    said(stale, CapacityStatus.FULL, days_ago=15, places=0)
    db.session.commit()

    fresh_page = page_text(client.get(f"/organizations/{fresh.organization.slug}"))
    assert "Waitlist · updated 2 days ago" in fresh_page
    stale_page = page_text(client.get(f"/organizations/{stale.organization.slug}"))
    assert "Full" not in stale_page  # not shown as current
    assert "Accepting referrals" in stale_page  # the listing's own answer again

    owner = MembershipFactory(organization=stale.organization).user
    db.session.commit()
    listings = page_text(browser_for(client.application.test_client, owner).get("/listings/"))
    assert "Stale intake — Said more than 14 days ago: shown as unknown" in listings


def test_the_accepting_filter_follows_current_capacity(client, db, fixed_now):
    def listing(name: str, accepting: bool, status: CapacityStatus, days_ago: float) -> None:
        service = ServiceFactory(
            organization=OrganizationFactory(name=name), accepting_referrals=accepting
        )
        said(service, status, days_ago)

    listing("Alder Full Shelter", True, CapacityStatus.FULL, days_ago=1)
    listing("Birch Waitlist Clinic", True, CapacityStatus.WAITLIST, days_ago=3)
    listing("Cedar Open Again", False, CapacityStatus.ACCEPTING, days_ago=0.5)
    listing("Dogwood Stale Full", True, CapacityStatus.FULL, days_ago=20)
    listing("Elm Never Said", True, CapacityStatus.UNKNOWN, days_ago=1)
    listing("Fir Closed Stale", False, CapacityStatus.ACCEPTING, days_ago=30)
    listing("Gum Full But Outreach Open", True, CapacityStatus.FULL, days_ago=2)
    ServiceFactory(  # its other service never said its capacity: its own tick decides
        organization=db.session.scalar(
            sa.select(Organization).where(Organization.name == "Gum Full But Outreach Open")
        ),
        accepting_referrals=True,
    )
    db.session.commit()

    found = page_text(client.get("/search?accepting_referrals=1"))
    names = ("Cedar Open Again", "Dogwood Stale Full", "Elm Never Said", "Gum Full But Outreach")
    for name in names:
        assert name in found
    for name in ("Alder Full Shelter", "Birch Waitlist Clinic", "Fir Closed Stale"):
        assert name not in found
    api = client.get("/api/v1/search?accepting_referrals=1").get_json()
    assert sorted(r["name"] for r in api["results"]) == sorted(
        [*names[:3], "Gum Full But Outreach Open"]
    )
    unfiltered = client.get("/api/v1/search?q=").get_json()
    assert unfiltered["facets"]["flags"]["accepting_referrals"] == 4  # the filter's count

    assert "Full · updated yesterday" in page_text(client.get("/search?q=alder"))
    assert "Accepting new referrals · updated today" in page_text(client.get("/search?q=cedar"))


def test_the_filter_changes_when_capacity_goes_stale_without_any_write(client, db, monkeypatch):
    service = ServiceFactory(
        organization=OrganizationFactory(name="Harbour Beds"), accepting_referrals=True
    )
    said(service, CapacityStatus.FULL, days_ago=13)
    db.session.commit()

    monkeypatch.setattr(capacity, "utcnow", lambda: NOW)
    assert "Harbour Beds" not in page_text(client.get("/search?accepting_referrals=1"))
    monkeypatch.setattr(capacity, "utcnow", lambda: NOW + timedelta(days=2))
    assert "Harbour Beds" in page_text(client.get("/search?accepting_referrals=1"))

    service.capacity_updated_at = NOW + timedelta(days=2)  # said "full" again
    db.session.commit()
    assert "Harbour Beds" not in page_text(client.get("/search?accepting_referrals=1"))


def test_the_api_gives_capacity_with_its_age_and_staleness(client, db, fixed_now):
    fresh = ServiceFactory(name="Beds", accepting_referrals=True)
    stale = ServiceFactory(name="Counselling", organization=fresh.organization)
    ServiceFactory(name="Outreach", organization=fresh.organization)
    said(fresh, CapacityStatus.FULL, days_ago=2, places=0)
    said(stale, CapacityStatus.WAITLIST, days_ago=20)
    db.session.commit()

    body = client.get(f"/api/v1/organizations/{fresh.organization.slug}").get_json()
    services = {s["name"]: s for s in body["services"]}
    assert services["Beds"]["capacity"] == {
        "status": "full",
        "places": 0,
        "updated_at": "2026-12-02T15:00:00+00:00",
        "stale": False,
        "current": True,
    }
    assert services["Beds"]["accepting_referrals"] is False
    assert services["Counselling"]["capacity"]["stale"] is True
    assert services["Counselling"]["capacity"]["current"] is False
    assert services["Counselling"]["accepting_referrals"] is True  # the listing's own answer
    assert services["Outreach"]["capacity"] == {
        "status": "unknown",
        "places": None,
        "updated_at": None,
        "stale": False,
        "current": False,
    }


def capacity_attribute(code: str, value: str) -> dict:
    term_id = str(uuid.uuid4())
    return {
        "id": str(uuid.uuid4()),
        "taxonomy_term_id": term_id,
        "value": value,
        "taxonomy_term": {"id": term_id, "code": code, "name": code, "taxonomy": "directory_flag"},
    }


def test_an_hsds_import_reads_capacity_notes_bad_values_and_keeps_ours_when_silent(db, tmp_path):
    record = canadian_organization()
    record["services"][0]["attributes"] = [
        capacity_attribute("capacity", "full"),
        capacity_attribute("capacity-places", "two"),
        capacity_attribute("capacity-updated-at", "2026-12-01T08:00:00Z"),
    ]
    report = run_import(write_json(tmp_path, [record]))
    assert any("capacity places “two” is not a whole number" in note for note in report.notes)
    [service] = imported(db).services
    assert service.capacity_status == CapacityStatus.FULL and service.capacity_places is None
    assert service.capacity_updated_at == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    assert [a["value"] for a in service.hsds_attributes] == ["two"]  # kept as it came

    said(service, CapacityStatus.ACCEPTING, days_ago=1)  # then its people say it here
    db.session.commit()
    record["services"][0]["attributes"] = []
    run_import(write_json(tmp_path, [record]))
    db.session.expire_all()
    assert imported(db).services[0].capacity_status == CapacityStatus.ACCEPTING


def test_demo_services_mostly_say_their_capacity_varied_and_some_of_it_stale(app, db):
    terms = {vocabulary: terms_by_slug(vocabulary) for vocabulary in Vocabulary}
    listings = DemoBuilder(terms, NOW).build()
    services = [s for listing in listings for s in listing.organization.services]
    capacities = [capacity.capacity_of(s, NOW) for s in services]
    said_it = [c for c in capacities if c.status != CapacityStatus.UNKNOWN]
    assert len(said_it) > 0.7 * len(services)
    assert {c.status for c in said_it} == {"accepting", "waitlist", "full"}
    stale = [c for c in said_it if c.stale]
    assert 0.1 * len(said_it) < len(stale) < 0.4 * len(said_it)
    assert any(c.places == 0 for c in said_it) and any(c.places for c in said_it)


def test_approving_a_revision_keeps_the_capacity_said(db, fixed_now):
    service = ServiceFactory(name="Beds")
    said(service, CapacityStatus.FULL, days_ago=1, places=0)
    db.session.commit()
    org = service.organization
    payload = payload_from_organization(org)
    payload["services"][0]["description"] = "Twelve beds for young women."
    apply_payload(org, payload)  # what approving an edit does
    db.session.commit()
    db.session.expire_all()
    [kept] = org.services
    assert (kept.id, kept.capacity_status, kept.capacity_places) == (service.id, "full", 0)


def test_capacity_updates_are_rate_limited_per_account(limited_app):  # noqa: F811
    with limited_app.app_context():
        service = ServiceFactory()
        owner = MembershipFactory(organization=service.organization).user
        _db.session.commit()
        url, token = capacity_url(service.organization, service), owner.session_token
    client = limited_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = token
        session["_fresh"] = True
    codes = [client.post(url, data={"status": "full"}).status_code for _ in range(61)]
    assert codes == [302] * 60 + [429]


def test_a_snapshot_with_other_flags_keeps_its_memory_in_the_original():
    def candidate(organization_id: int, name: str) -> Candidate:
        return Candidate(organization_id, name, "", "", 0, 0, 0, 0, 0, 0, 0, 0.0, name.casefold())

    original = Snapshot.build([candidate(1, "Birch"), candidate(2, "Alder")])
    patched = original.with_flags(np.array([2, 0], dtype=np.int64))
    assert list(patched.masks["flag"]) == [2, 0] and list(original.masks["flag"]) == [0, 0]

    matches = (np.array([0, 1]),)
    assert patched.remembered(("ids", "x"), lambda: matches, 100) is matches
    assert original.remembered(("ids", "x"), lambda: (np.array([]),), 100) is matches
    assert list(patched.name_rank) == [1, 0]
    assert original.name_rank is patched.name_rank  # made once, kept by the original
