"""Freshness: the re-verification note, "Still accurate", and the idempotent reminders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from directory.listings import freshness
from directory.models import AuditEvent, ListingSource, MembershipRole
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.listing_helpers import browser_for

DUE = timedelta(days=400)  # past REVERIFY_AFTER_MONTHS (12), still in search
HIDDEN = timedelta(days=600)  # past HIDE_AFTER_MONTHS (18)


def ago(delta: timedelta) -> datetime:
    return datetime.now(UTC) - delta


def owned(db, age: timedelta, name: str = "Harbour House", role=MembershipRole.OWNER):
    org = OrganizationFactory(name=name, verified_at=ago(age), last_reviewed_at=ago(age))
    member = MembershipFactory(organization=org, role=role).user
    db.session.commit()
    return org, member


def remind(app):
    return app.test_cli_runner().invoke(args=["listings", "remind"])


def reminders(db) -> list[AuditEvent]:
    stmt = sa.select(AuditEvent).where(AuditEvent.action == freshness.REMINDER_SENT)
    return list(db.session.scalars(stmt))


def green_badge(page: str) -> bool:
    return 'class="verified"' in page or "Verified on" in page


def test_stale_listing_says_when_it_was_last_confirmed(client, db):
    fresh = OrganizationFactory(name="Fresh Place")
    stale = OrganizationFactory(name="Stale Place", verified_at=ago(timedelta(days=17 * 30.44 + 3)))
    db.session.commit()
    warning = "Last confirmed 17 months ago — check before referring"

    card = client.get("/search?q=stale").text
    assert warning in card and not green_badge(card)
    profile = client.get(f"/organizations/{stale.slug}").text
    assert warning in profile and not green_badge(profile)
    assert "Still accurate" not in profile  # only for its owners and editors
    assert "Hidden from search" not in profile  # due, still in search
    assert 'aria-label="Add to shortlist: Stale Place"' in profile

    for page in (
        client.get("/search?q=fresh").text,
        client.get(f"/organizations/{fresh.slug}").text,
    ):
        assert "Verified on" in page and "Last confirmed" not in page


def test_a_listing_just_due_says_twelve_months_not_eleven(client, db):
    # Due after round(12 × 30.44) = 365 days; 365 days and 3 hours is 11.99 average months.
    org = OrganizationFactory(name="Just Due", verified_at=ago(timedelta(days=365, hours=3)))
    db.session.commit()
    page = client.get(f"/organizations/{org.slug}").text
    assert "Last confirmed 12 months ago — check before referring" in page


def test_months_are_counted_with_plurals(app, client, db, monkeypatch):
    monkeypatch.setitem(app.config, "REVERIFY_AFTER_MONTHS", 1)
    one = OrganizationFactory(name="One Month Place", verified_at=ago(timedelta(days=40)))
    two = OrganizationFactory(name="Two Months Place", verified_at=ago(timedelta(days=70)))
    db.session.commit()
    assert "Last confirmed 1 month ago — check" in client.get(f"/organizations/{one.slug}").text
    assert "Last confirmed 2 months ago — check" in client.get(f"/organizations/{two.slug}").text


@pytest.mark.parametrize(
    ("kind", "months"),
    [
        ({"verified_at": ago(HIDDEN)}, 19),
        ({"verified_at": None, "source": ListingSource.IMPORTED, "created_at": ago(HIDDEN)}, 19),
    ],
    ids=["verified-long-ago", "imported-never-verified"],
)
def test_hidden_listing_opened_by_its_address_says_so(make_client, client, db, kind, months):
    org = OrganizationFactory(name="Harbour House", **kind)
    db.session.commit()
    assert "Harbour House" not in client.get("/search?q=Harbour").text

    page = client.get(f"/organizations/{org.slug}").text
    assert "Hidden from search." in page
    assert f"Nobody has confirmed this listing in {months} months" in page
    assert not green_badge(page)
    assert "Add to shortlist" not in page
    visitor = make_client()
    refused = visitor.post(f"/shortlist/{org.id}/add")
    assert refused.status_code == 404 and "hidden from search" in refused.text
    assert "Harbour House" not in visitor.get("/shortlist").text


def test_a_listing_hidden_after_shortlisting_leaves_the_sheets(make_client, db):
    org = OrganizationFactory(name="Harbour House")
    db.session.commit()
    visitor = make_client()
    visitor.post(f"/shortlist/{org.id}/add")
    assert "Harbour House" in visitor.get("/shortlist/sheet").text
    org.verified_at = ago(HIDDEN)
    db.session.commit()
    assert "Harbour House" not in visitor.get("/shortlist/sheet").text
    profile = visitor.get(f"/organizations/{org.slug}").text
    assert "Remove from shortlist" in profile  # it can still be taken off the list


def test_owner_sees_hidden_note_and_button_on_profile(make_client, db):
    org, owner = owned(db, HIDDEN)
    page = browser_for(make_client, owner).get(f"/organizations/{org.slug}").text
    assert "Hidden from search" in page and "Still accurate" in page
    assert "Nobody has confirmed this listing" not in page  # the public's banner: theirs instead


def test_remind_mails_owners_once_per_verification(app, db, outbox):
    org, owner = owned(db, DUE)
    OrganizationFactory(name="Fresh Place")  # not due: no mail
    MembershipFactory(organization=org, role=MembershipRole.EDITOR)  # editors are not mailed
    db.session.commit()

    result = remind(app)
    assert result.exit_code == 0, result.output
    assert "reminded 1 (1 mails), 0 already reminded, 0 without an owner" in result.output
    assert [m.to for m in outbox] == [[owner.email]]
    assert "http://localhost/listings/" in outbox[0].body
    assert "Harbour House" in outbox[0].subject
    event = reminders(db)[0]
    assert event.target_id == org.id and event.details["organization_id"] == org.id

    assert "reminded 0 (0 mails), 1 already reminded" in remind(app).output
    assert len(outbox) == 1

    # A new cycle: verified again, then due again → one more reminder.
    db.session.expire_all()
    org.verified_at = ago(DUE + timedelta(days=1))
    db.session.commit()
    remind(app)
    assert len(outbox) == 2 and len(reminders(db)) == 2


def test_still_accurate_resets_the_note_and_returns_to_search(make_client, client, db):
    org, editor = owned(db, HIDDEN, role=MembershipRole.EDITOR)
    assert "Harbour House" not in client.get("/search?q=Harbour").text

    browser = browser_for(make_client, editor)
    response = browser.post(f"/listings/{org.id}/still-accurate", data={"back": "profile"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/organizations/{org.slug}"

    db.session.expire_all()
    assert org.verified_at > ago(timedelta(minutes=1))
    assert org.last_reviewed_at == org.verified_at
    assert freshness.freshness(org) == freshness.Freshness.CURRENT
    page = browser.get(f"/organizations/{org.slug}").text
    assert "Needs re-verification" not in page and "Hidden from search" not in page
    assert "Harbour House" in client.get("/search?q=Harbour").text
    actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert "listing.reverified" in actions


def test_only_owners_and_editors_reverify(make_client, db):
    org, _ = owned(db, DUE)
    stranger = UserFactory()
    db.session.commit()
    response = browser_for(make_client, stranger).post(f"/listings/{org.id}/still-accurate")
    assert response.status_code == 403
    db.session.expire_all()
    assert org.verified_at < ago(DUE - timedelta(days=1))


def test_listings_page_offers_still_accurate(make_client, db):
    org, owner = owned(db, DUE)
    page = browser_for(make_client, owner).get("/listings/").text
    assert "Needs re-verification" in page and "Still accurate" in page


def test_ownerless_listings_wait_for_an_owner(app, db, outbox):
    org = OrganizationFactory(name="Imported Place", verified_at=ago(DUE))
    db.session.commit()
    assert "1 without an owner to remind" in remind(app).output
    assert outbox == [] and reminders(db) == []
    MembershipFactory(organization=org, role=MembershipRole.OWNER)
    db.session.commit()
    assert "reminded 1 (1 mails)" in remind(app).output


def test_a_listing_name_on_two_lines_still_gets_its_reminder_on_one_subject_line(app, db, outbox):
    # Written straight to the database, as an old crafted POST could have left it.
    org, owner = owned(db, DUE, name="Harbour House\r\nBcc: someone@example.org")
    result = remind(app)
    assert result.exit_code == 0, result.output
    assert [m.to for m in outbox] == [[owner.email]]
    assert outbox[0].subject == (
        "Is your listing still accurate? Harbour House Bcc: someone@example.org"
    )
    assert outbox[0].bcc == []


def test_a_bad_record_is_skipped_and_reported_and_the_others_still_go_out(app, db, outbox):
    bad, bad_owner = owned(db, DUE + timedelta(days=5), name="Bad Address Place")
    bad_owner.email = "owner@example.org\r\nBcc: someone@example.org"  # crafted, in the database
    good, good_owner = owned(db, DUE, name="Good Place")
    db.session.commit()

    result = remind(app)
    assert result.exit_code == 1
    assert f"skipped listing {bad.id}: BadHeaderError" in result.output
    assert "reminded 1 (1 mails)" in result.output and "1 failed." in result.output
    assert [m.to for m in outbox] == [[good_owner.email]]
    assert [event.target_id for event in reminders(db)] == [good.id]

    again = remind(app)  # tried again next run; the good one is not mailed twice
    assert again.exit_code == 1 and f"skipped listing {bad.id}" in again.output
    assert "1 already reminded" in again.output and len(outbox) == 1
