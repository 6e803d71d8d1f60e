"""Professional vetting: a member asks, a moderator approves or refuses with a mailed reason."""

from __future__ import annotations

import sqlalchemy as sa

from directory.models import AuditEvent, ContactVisibility, Role, VettingRequest, VettingStatus
from tests.factories import OrganizationFactory, ReferralContactFactory, UserFactory
from tests.listing_helpers import browser_for, link_in, page_text, user_by_email

ASK = {
    "organization_name": "Thunder Bay Regional Health",
    "role": "Emergency nurse",
    "work_email": "ana@health.example.org",
    "note": "My manager is Sam Lee.",
}


def people(db):
    member = UserFactory(name="Ana Nurse", email="ana@example.org")
    moderator = UserFactory(role=Role.MODERATOR)
    db.session.commit()
    return member, moderator


def the_request() -> VettingRequest:
    from directory.extensions import db

    db.session.expire_all()
    return db.session.scalars(sa.select(VettingRequest)).one()


def test_request_approve_then_restricted_contacts_are_shown_and_audited(make_client, db, outbox):
    member, moderator = people(db)
    org = OrganizationFactory(name="Harbour House")
    ReferralContactFactory(
        organization=org,
        name="Dana Referral",
        email="dana.private@harbour.example.org",
        phone="+1 807-555-0199",
        visibility=ContactVisibility.PROFESSIONALS,
    )
    db.session.commit()
    browser = browser_for(make_client, member)
    before = browser.get(f"/organizations/{org.slug}").text
    assert "dana.private@harbour.example.org" not in before
    assert 'href="/account/vetting"' in before

    assert browser.post("/account/vetting", data=ASK).status_code == 302
    assert "waiting for a moderator" in page_text(browser.get("/account/vetting"))
    again = browser.post("/account/vetting", data=ASK, follow_redirects=True)
    assert "already waiting" in page_text(again)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(VettingRequest)) == 1

    moderation = browser_for(make_client, moderator)
    queue = page_text(moderation.get("/moderation/"))
    assert "Vetting requests (1)" in queue and "Ana Nurse" in queue
    vetting = the_request()
    assert "ana@health.example.org" in page_text(
        moderation.get(f"/moderation/vetting/{vetting.id}")
    )
    decided = moderation.post(
        f"/moderation/vetting/{vetting.id}",
        data={"decision": "approved", "reason": "Confirmed with her manager."},
    )
    assert decided.status_code == 302

    vetting = the_request()
    assert vetting.status == VettingStatus.APPROVED and vetting.moderator_id == moderator.id
    assert user_by_email("ana@example.org").professional_verified_at is not None
    (message,) = outbox
    assert message.to == ["ana@example.org"]
    assert "Confirmed with her manager." in message.body
    assert link_in(message, "/account/vetting") == "/account/vetting"
    assert db.session.scalar(sa.select(AuditEvent).filter_by(action="vetting.approved"))

    page = browser.get(f"/organizations/{org.slug}")
    assert "dana.private@harbour.example.org" in page.text and "Dana Referral" in page.text
    assert page.headers["Cache-Control"] == "no-store"
    event = db.session.scalars(
        sa.select(AuditEvent).filter_by(action="restricted_contacts.viewed")
    ).one()
    assert event.actor_id == member.id
    assert (event.target_type, event.target_id) == ("organization", org.id)
    assert event.created_at is not None
    recorded = str(event.details)
    assert "dana" not in recorded.lower() and "555" not in recorded


def test_refusal_mails_the_reason_and_the_member_may_ask_again(make_client, db, outbox):
    member, moderator = people(db)
    browser = browser_for(make_client, member)
    browser.post("/account/vetting", data=ASK)
    vetting = the_request()
    moderation = browser_for(make_client, moderator)
    moderation.post(
        f"/moderation/vetting/{vetting.id}",
        data={"decision": "refused", "reason": "We could not reach your workplace."},
    )
    vetting = the_request()
    assert vetting.status == VettingStatus.REFUSED
    assert user_by_email("ana@example.org").professional_verified_at is None
    (message,) = outbox
    assert "could not verify you" in message.body
    assert "We could not reach your workplace." in message.body
    assert db.session.scalar(sa.select(AuditEvent).filter_by(action="vetting.refused"))

    page = browser.get("/account/vetting")
    assert "We could not reach your workplace." in page_text(page)
    assert 'value="Ask to be verified"' in page.text
    assert browser.post("/account/vetting", data=ASK).status_code == 302
    count = sa.select(sa.func.count()).select_from(VettingRequest)
    assert db.session.scalar(count) == 2


def test_a_decision_needs_a_reason_and_nobody_vets_themselves(make_client, db, outbox):
    member, moderator = people(db)
    browser_for(make_client, member).post("/account/vetting", data=ASK)
    vetting = the_request()
    moderation = browser_for(make_client, moderator)
    url = f"/moderation/vetting/{vetting.id}"
    assert "Give a reason." in page_text(moderation.post(url, data={"decision": "approved"}))
    assert the_request().status == VettingStatus.PENDING

    moderation.post("/account/vetting", data=ASK)
    own = db.session.scalar(sa.select(VettingRequest).filter_by(user_id=moderator.id))
    refused = moderation.post(
        f"/moderation/vetting/{own.id}", data={"decision": "approved", "reason": "Me."}
    )
    assert refused.status_code == 403
    assert outbox == []


def test_the_request_form_checks_its_fields(make_client, db):
    member, _ = people(db)
    browser = browser_for(make_client, member)
    page = page_text(browser.post("/account/vetting", data={**ASK, "work_email": "nope"}))
    assert "Enter an email address like name@example.org." in page
    page = page_text(browser.post("/account/vetting", data={**ASK, "role": ""}))
    assert "Give your role." in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(VettingRequest)) == 0
