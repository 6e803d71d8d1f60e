"""Four eyes on every decision: nobody decides on what they have a stake in (conflicts.py).

Each test goes through the routes: the page shows why instead of the decision form, the
queue says so too, the POST is refused (403) with nothing changed, and the refusal is
audited; another moderator then decides as usual.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from directory.listings.payload import payload_from_organization
from directory.models import (
    AuditEvent,
    ListingSource,
    Membership,
    MembershipRole,
    MembershipStatus,
    OrganizationStatus,
    Report,
    ReportStatus,
    Revision,
    RevisionStatus,
    Role,
    VettingRequest,
    VettingStatus,
)
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.listing_helpers import browser_for, hidden_value, listing_form, page_text

NOT_YOURS = "Not yours to decide"


def refusals(db) -> list[AuditEvent]:
    db.session.expire_all()
    stmt = sa.select(AuditEvent).where(AuditEvent.action == "decision.refused")
    return list(db.session.scalars(stmt))


def decide_revision(browser, revision, decision="approved"):
    data = {"decision": decision, "reason": "Checked.", "version": str(revision.version)}
    return browser.post(f"/moderation/revisions/{revision.id}", data=data)


def test_a_moderator_cannot_approve_their_own_claim(make_client, db, outbox):
    org = OrganizationFactory(name="Harbour House", source=ListingSource.IMPORTED)
    moderator = UserFactory(role=Role.MODERATOR, name="Mo Derator")
    other = UserFactory(role=Role.MODERATOR)
    db.session.commit()
    mine = browser_for(make_client, moderator)
    assert mine.post(f"/listings/{org.id}/claim", data={"note": "It is mine."}).status_code == 302
    claim = db.session.scalar(sa.select(Membership).filter_by(user_id=moderator.id))

    assert NOT_YOURS in page_text(mine.get("/moderation/"))
    page = mine.get(f"/moderation/claims/{claim.id}").text
    assert "This is your own claim" in page and 'name="decision"' not in page
    response = mine.post(
        f"/moderation/claims/{claim.id}", data={"decision": "approve", "reason": "Fine."}
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert claim.status == MembershipStatus.PENDING
    assert mine.get(f"/listings/{org.id}/edit").status_code == 403
    assert [(e.actor_id, e.details["conflict"]) for e in refusals(db)] == [
        (moderator.id, "claimant")
    ]
    assert outbox == []

    theirs = browser_for(make_client, other)
    assert NOT_YOURS not in page_text(theirs.get("/moderation/"))
    response = theirs.post(
        f"/moderation/claims/{claim.id}", data={"decision": "approve", "reason": "Phoned."}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert claim.status == MembershipStatus.ACTIVE


@pytest.mark.parametrize("membership_afterwards", ["kept", "gone"])
def test_a_co_editor_submitting_the_moderators_draft_does_not_let_them_approve_it(
    make_client, db, membership_afterwards
):
    """The moderator saved the draft, a co-editor pressed Submit: the moderator is still one
    of its authors, even once their membership is gone (the check is not on the last saver)."""
    org = OrganizationFactory(name="Harbour House")
    moderator = UserFactory(role=Role.MODERATOR)
    MembershipFactory(user=moderator, organization=org, role=MembershipRole.OWNER)
    editor = MembershipFactory(organization=org, role=MembershipRole.EDITOR).user
    db.session.commit()
    mine = browser_for(make_client, moderator)
    draft = listing_form(submit="", save_draft="1", **{"organization-name": "Harbour House"})
    assert mine.post(f"/listings/{org.id}/edit", data=draft).status_code == 302

    co_editor = browser_for(make_client, editor)
    loaded = co_editor.get(f"/listings/{org.id}/edit").text
    submitted = listing_form(
        revision_id=hidden_value(loaded, "revision_id"), version=hidden_value(loaded, "version")
    )
    assert co_editor.post(f"/listings/{org.id}/edit", data=submitted).status_code == 302
    revision = db.session.scalars(sa.select(Revision)).one()
    assert (revision.status, revision.submitted_by_id) == (RevisionStatus.PENDING, editor.id)
    if membership_afterwards == "gone":
        db.session.execute(sa.delete(Membership).where(Membership.user_id == moderator.id))
        db.session.commit()

    page = mine.get(f"/moderation/revisions/{revision.id}").text
    assert "another moderator must decide" in page and 'name="decision"' not in page
    assert decide_revision(mine, revision).status_code == 403
    db.session.expire_all()
    assert revision.status == RevisionStatus.PENDING and revision.moderator_id is None
    assert refusals(db)[0].details["conflict"] == "author"


@pytest.mark.parametrize(
    "status", [MembershipStatus.PENDING, MembershipStatus.ACTIVE, MembershipStatus.REMOVED]
)
def test_any_membership_of_the_organization_bars_a_decision_on_its_revision(
    make_client, db, status
):
    org = OrganizationFactory(status=OrganizationStatus.PENDING, verified_at=None)
    author = UserFactory()
    moderator = UserFactory(role=Role.MODERATOR)
    MembershipFactory(user=author, organization=org, role=MembershipRole.OWNER)
    MembershipFactory(user=moderator, organization=org, status=status)
    revision = Revision(
        organization=org,
        payload=payload_from_organization(org),
        status=RevisionStatus.PENDING,
        submitted_by_id=author.id,
    )
    db.session.add(revision)
    db.session.commit()
    browser = browser_for(make_client, moderator)
    assert "You are or were a member" in browser.get(f"/moderation/revisions/{revision.id}").text
    assert decide_revision(browser, revision, "rejected").status_code == 403
    db.session.expire_all()
    assert revision.status == RevisionStatus.PENDING
    assert org.status == OrganizationStatus.PENDING


def test_nobody_vets_themselves(make_client, db, outbox):
    moderator = UserFactory(role=Role.MODERATOR)
    request = VettingRequest(
        user_id=moderator.id, organization_name="Clinic", role="Nurse", work_email="n@x.org"
    )
    db.session.add(request)
    db.session.commit()
    browser = browser_for(make_client, moderator)
    assert NOT_YOURS in page_text(browser.get("/moderation/"))
    assert "This is your own request" in browser.get(f"/moderation/vetting/{request.id}").text
    data = {"decision": "approved", "reason": "Me."}
    assert browser.post(f"/moderation/vetting/{request.id}", data=data).status_code == 403
    db.session.expire_all()
    assert request.status == VettingStatus.PENDING
    assert moderator.professional_verified_at is None
    assert refusals(db)[0].details["conflict"] == "requester" and outbox == []


@pytest.mark.parametrize("stake", ["reporter", "member"])
def test_a_report_is_not_resolved_by_its_reporter_nor_by_a_member(make_client, db, stake):
    org = OrganizationFactory(name="Harbour House")
    moderator = UserFactory(role=Role.MODERATOR)
    if stake == "member":
        MembershipFactory(user=moderator, organization=org)
    db.session.commit()
    browser = browser_for(make_client, moderator)
    reporter = browser if stake == "reporter" else make_client()  # anonymous
    filed = reporter.post(f"/organizations/{org.slug}/report", data={"reason": "outdated"})
    assert filed.status_code == 302
    report = db.session.scalars(sa.select(Report)).one()

    assert NOT_YOURS in page_text(browser.get("/moderation/"))
    page = browser.get(f"/moderation/reports/{report.id}").text
    assert "another moderator must decide" in page and 'name="resolution"' not in page
    response = browser.post(f"/moderation/reports/{report.id}", data={"resolution": "Fine."})
    assert response.status_code == 403
    db.session.expire_all()
    assert report.status == ReportStatus.OPEN and report.resolved_by_id is None
    assert refusals(db)[0].details["conflict"] == stake

    other = browser_for(make_client, UserFactory(role=Role.MODERATOR))
    db.session.commit()
    resolved = other.post(f"/moderation/reports/{report.id}", data={"resolution": "Ok."})
    assert resolved.status_code == 302


def test_whoever_saved_a_revision_in_between_stays_one_of_its_authors(make_client, db):
    """The editor opens a draft, the moderator (an editor then) saves it once, the editor
    submits it; the moderator leaves the organization (membership gone) and still may not
    decide."""
    org = OrganizationFactory(name="Harbour House")
    moderator = UserFactory(role=Role.MODERATOR)
    MembershipFactory(user=moderator, organization=org)
    editor = MembershipFactory(organization=org).user
    db.session.commit()
    theirs, mine = browser_for(make_client, editor), browser_for(make_client, moderator)
    draft = {"submit": "", "save_draft": "1"}
    assert theirs.post(f"/listings/{org.id}/edit", data=listing_form(**draft)).status_code == 302
    for browser, submit in ((mine, draft), (theirs, {})):
        loaded = browser.get(f"/listings/{org.id}/edit").text
        form = listing_form(
            revision_id=hidden_value(loaded, "revision_id"),
            version=hidden_value(loaded, "version"),
            **submit,
        )
        assert browser.post(f"/listings/{org.id}/edit", data=form).status_code == 302
    db.session.execute(sa.delete(Membership).where(Membership.user_id == moderator.id))
    db.session.commit()
    revision = db.session.scalars(sa.select(Revision)).one()
    assert (revision.status, revision.submitted_by_id) == (RevisionStatus.PENDING, editor.id)
    assert decide_revision(mine, revision).status_code == 403
    db.session.expire_all()
    assert revision.status == RevisionStatus.PENDING
    assert refusals(db)[0].details["conflict"] == "author"
