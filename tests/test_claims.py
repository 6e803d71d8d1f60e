"""Claiming an unowned listing: member claims → moderator approves or refuses → mail."""

from __future__ import annotations

import sqlalchemy as sa

from directory.models import (
    AuditEvent,
    ListingSource,
    Membership,
    MembershipRole,
    MembershipStatus,
    Role,
)
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.listing_helpers import browser_for

NOTE = "I coordinate intake at Harbour House; call the front desk to check."


def claimed(make_client, db):
    org = OrganizationFactory(name="Harbour House", source=ListingSource.IMPORTED)
    member = UserFactory(name="Ada Member")
    moderator = UserFactory(role=Role.MODERATOR)
    db.session.commit()
    browser = browser_for(make_client, member)
    assert "Is this your organization? Claim it" in browser.get(f"/organizations/{org.slug}").text
    response = browser.post(f"/listings/{org.id}/claim", data={"note": NOTE})
    assert response.status_code == 302
    membership = db.session.scalar(sa.select(Membership).filter_by(user_id=member.id))
    assert (membership.role, membership.status) == (MembershipRole.OWNER, MembershipStatus.PENDING)
    return org, browser, browser_for(make_client, moderator), membership


def test_claim_approved_then_member_edits(make_client, db, outbox):
    org, member, moderator, membership = claimed(make_client, db)
    assert member.get(f"/listings/{org.id}/edit").status_code == 403  # not before approval

    queue = moderator.get("/moderation/").text
    assert 'Claims <span class="count">(1)</span>' in queue and "Harbour House" in queue
    assert NOTE in moderator.get(f"/moderation/claims/{membership.id}").text
    response = moderator.post(
        f"/moderation/claims/{membership.id}",
        data={"decision": "approve", "reason": "Confirmed by phone."},
    )
    assert response.status_code == 302

    db.session.expire_all()
    assert membership.status == MembershipStatus.ACTIVE
    assert outbox[0].to == [membership.user.email] and "Confirmed by phone." in outbox[0].body
    assert member.get(f"/listings/{org.id}/edit").status_code == 200
    assert 'Claims <span class="count">(0)</span>' in moderator.get("/moderation/").text
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {"membership.claimed", "membership.claim_approved"} <= actions


def test_claim_refused_with_a_reason(make_client, db, outbox):
    org, member, moderator, membership = claimed(make_client, db)
    membership_id, email = membership.id, membership.user.email
    moderator.post(
        f"/moderation/claims/{membership_id}",
        data={"decision": "refuse", "reason": "We could not confirm your role."},
    )
    db.session.expire_all()
    assert db.session.get(Membership, membership_id) is None
    assert outbox[0].to == [email] and "not approved" in outbox[0].subject
    assert "We could not confirm your role." in outbox[0].body
    assert member.get(f"/listings/{org.id}/edit").status_code == 403


def test_owned_listings_cannot_be_claimed(make_client, db):
    org = OrganizationFactory()
    MembershipFactory(organization=org, role=MembershipRole.OWNER)
    member = UserFactory()
    db.session.commit()
    browser = browser_for(make_client, member)
    assert "Claim it" not in browser.get(f"/organizations/{org.slug}").text
    assert browser.post(f"/listings/{org.id}/claim", data={"note": NOTE}).status_code == 403
