"""The "compromised member" case: an owner removes an editor and revokes an invitation."""

from __future__ import annotations

import re

import sqlalchemy as sa

from directory.models import AuditEvent, Invitation, Membership, MembershipRole, MembershipStatus
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.listing_helpers import browser_for, listing_form, page_text

INVITED = "new.editor@example.org"


def owner_editor_org(db):
    org = OrganizationFactory(name="Harbour House")
    owner = MembershipFactory(organization=org, role=MembershipRole.OWNER).user
    editor = MembershipFactory(organization=org, role=MembershipRole.EDITOR)
    db.session.commit()
    return owner, editor, org


def actions(db) -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))


def test_a_removed_editor_can_no_longer_edit(make_client, db):
    owner, membership, org = owner_editor_org(db)
    editor = browser_for(make_client, membership.user)
    assert editor.get(f"/listings/{org.id}/edit").status_code == 200  # signed in, working

    owners = browser_for(make_client, owner)
    assert f"Remove {membership.user.name}" in page_text(owners.get("/listings/"))
    response = owners.post(f"/listings/{org.id}/members/{membership.id}/remove")
    assert response.status_code == 302
    db.session.expire_all()
    assert membership.status == MembershipStatus.REMOVED
    assert "membership.removed" in actions(db)

    assert editor.get(f"/listings/{org.id}/edit").status_code == 403  # the same session
    assert editor.post(f"/listings/{org.id}/edit", data=listing_form()).status_code == 403
    assert editor.post(f"/listings/{org.id}/still-accurate").status_code == 403
    assert "Harbour House" not in page_text(editor.get("/listings/"))


def test_only_owners_remove_and_only_editors_are_removed(make_client, db):
    owner, membership, org = owner_editor_org(db)
    owner_membership = db.session.scalar(sa.select(Membership).filter_by(user_id=owner.id))
    other_org_editor = MembershipFactory(role=MembershipRole.EDITOR)
    db.session.commit()
    editor = browser_for(make_client, membership.user)
    assert (
        editor.post(f"/listings/{org.id}/members/{owner_membership.id}/remove").status_code == 403
    )
    owners = browser_for(make_client, owner)
    assert (
        owners.post(f"/listings/{org.id}/members/{owner_membership.id}/remove").status_code == 404
    )
    other = other_org_editor.id
    assert owners.post(f"/listings/{org.id}/members/{other}/remove").status_code == 404
    db.session.expire_all()
    assert {m.status for m in db.session.scalars(sa.select(Membership))} == {
        MembershipStatus.ACTIVE
    }
    assert "membership.removed" not in actions(db)


def test_a_revoked_invitation_link_stops_working(make_client, db, outbox):
    owner, _, org = owner_editor_org(db)
    owners = browser_for(make_client, owner)
    owners.post(f"/listings/{org.id}/invite", data={"email": INVITED})
    path = re.search(r"http://localhost(/listings/invitations/\S+)", outbox[0].body).group(1)
    invitation = db.session.scalars(sa.select(Invitation)).one()
    assert f"Revoke the invitation to {INVITED}" in page_text(owners.get("/listings/"))

    response = owners.post(f"/listings/{org.id}/invitations/{invitation.id}/revoke")
    assert response.status_code == 302
    assert "membership.invitation_revoked" in actions(db)
    assert "Revoke the invitation" not in page_text(owners.get("/listings/"))

    invitee = UserFactory(email=INVITED)
    db.session.commit()
    browser = browser_for(make_client, invitee)
    assert browser.get(path).status_code == 404
    assert browser.post(path).status_code == 404
    assert db.session.scalar(sa.select(Membership).filter_by(user_id=invitee.id)) is None


def test_an_invitation_link_works_once_and_a_removed_editor_may_be_invited_back(
    make_client, db, outbox
):
    owner, membership, org = owner_editor_org(db)
    owners = browser_for(make_client, owner)
    owners.post(f"/listings/{org.id}/members/{membership.id}/remove")
    owners.post(f"/listings/{org.id}/invite", data={"email": membership.user.email})
    path = re.search(r"http://localhost(/listings/invitations/\S+)", outbox[0].body).group(1)
    editor = browser_for(make_client, membership.user)
    assert editor.post(path).status_code == 302
    db.session.expire_all()
    assert membership.status == MembershipStatus.ACTIVE
    assert editor.get(f"/listings/{org.id}/edit").status_code == 200
    assert editor.get(path).status_code == 404  # used


def test_revoking_needs_an_owner_of_that_listing(make_client, db, outbox):
    owner, membership, org = owner_editor_org(db)
    browser_for(make_client, owner).post(f"/listings/{org.id}/invite", data={"email": INVITED})
    invitation = db.session.scalars(sa.select(Invitation)).one()
    editor = browser_for(make_client, membership.user)
    url = f"/listings/{org.id}/invitations/{invitation.id}/revoke"
    assert editor.post(url).status_code == 403
    other = OrganizationFactory()
    MembershipFactory(user=owner, organization=other, role=MembershipRole.OWNER)
    db.session.commit()
    owners = browser_for(make_client, owner)
    assert (
        owners.post(f"/listings/{other.id}/invitations/{invitation.id}/revoke").status_code == 404
    )
    db.session.expire_all()
    assert invitation.is_open
