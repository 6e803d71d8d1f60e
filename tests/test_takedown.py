"""Moderators take a published listing down with a reason, and restore it: audited, reversible."""

from __future__ import annotations

import sqlalchemy as sa

from directory.models import AuditEvent, OrganizationStatus, Role
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.listing_helpers import browser_for, page_text, result_names

REASON = "The shelter address was published by mistake."


def events(db, action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def test_take_down_then_restore(make_client, client, db):
    org = OrganizationFactory(name="Harbour House")
    owner = MembershipFactory(organization=org).user
    moderator = UserFactory(role=Role.MODERATOR)
    db.session.commit()
    staff = browser_for(make_client, moderator)
    assert "Moderate: take this listing down" in staff.get(f"/organizations/{org.slug}").text
    assert "Take the listing down" in staff.get(f"/moderation/listings/{org.id}").text

    response = staff.post(f"/moderation/listings/{org.id}/archive", data={"reason": REASON})
    assert response.status_code == 302
    db.session.expire_all()
    assert org.status == OrganizationStatus.ARCHIVED
    assert client.get(f"/organizations/{org.slug}").status_code == 404
    assert result_names(client.get("/search?q=Harbour")) == []
    assert client.get(f"/api/v1/organizations/{org.slug}").status_code == 404
    member_page = page_text(browser_for(make_client, owner).get("/listings/"))
    assert f"A moderator took this listing down: {REASON}" in member_page
    assert "Harbour House" in page_text(staff.get("/moderation/"))  # "Taken down (1)"
    assert [(e.actor_id, e.details["reason"]) for e in events(db, "listing.archived")] == [
        (moderator.id, REASON)
    ]

    response = staff.post(f"/moderation/listings/{org.id}/restore", data={"reason": "Fixed."})
    assert response.status_code == 302
    db.session.expire_all()
    assert org.status == OrganizationStatus.PUBLISHED
    assert client.get(f"/organizations/{org.slug}").status_code == 200
    assert result_names(client.get("/search?q=Harbour")) == ["Harbour House"]
    assert [e.details["reason"] for e in events(db, "listing.restored")] == ["Fixed."]


def test_a_reason_is_required_and_only_by_post(make_client, db):
    org = OrganizationFactory()
    db.session.commit()
    staff = browser_for(make_client, UserFactory(role=Role.MODERATOR))
    db.session.commit()
    assert staff.get(f"/moderation/listings/{org.id}/archive").status_code == 405
    response = staff.post(f"/moderation/listings/{org.id}/archive", data={"reason": "  "})
    assert response.status_code == 400 and "Give a reason." in response.text
    db.session.expire_all()
    assert org.status == OrganizationStatus.PUBLISHED and events(db, "listing.archived") == []


def test_members_and_unpublished_listings_are_refused(make_client, db):
    org = OrganizationFactory()
    draft = OrganizationFactory(status=OrganizationStatus.DRAFT)
    member_moderator = UserFactory(role=Role.MODERATOR)
    MembershipFactory(user=member_moderator, organization=org)
    db.session.commit()
    mine = browser_for(make_client, member_moderator)
    assert "another moderator must decide" in mine.get(f"/moderation/listings/{org.id}").text
    response = mine.post(f"/moderation/listings/{org.id}/archive", data={"reason": REASON})
    assert response.status_code == 403
    # Nothing to restore, nothing to take down: refused by the workflow, audited.
    assert (
        mine.post(f"/moderation/listings/{draft.id}/archive", data={"reason": "x"}).status_code
        == 409
    )
    db.session.expire_all()
    assert (org.status, draft.status) == (OrganizationStatus.PUBLISHED, OrganizationStatus.DRAFT)
    assert len(events(db, "decision.refused")) == 1
    assert [e.details["to"] for e in events(db, "workflow.refused")] == ["archived"]
