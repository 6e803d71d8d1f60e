"""Owners invite editors by email: signed, expiring links; no account enumeration."""

from __future__ import annotations

import re
from unittest import mock

import sqlalchemy as sa

from directory.listings import invitations
from directory.models import AuditEvent, Membership, MembershipRole, MembershipStatus
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.listing_helpers import browser_for

INVITED = "new.editor@example.org"


def owner_and_org(db):
    org = OrganizationFactory(name="Harbour House")
    owner = MembershipFactory(organization=org, role=MembershipRole.OWNER).user
    db.session.commit()
    return owner, org


def invite(make_client, owner, org, email=INVITED):
    return browser_for(make_client, owner).post(
        f"/listings/{org.id}/invite", data={"email": email}, follow_redirects=True
    )


def flashes(html: str) -> str:
    return "".join(re.findall(r'<p class="flash[^"]*"[^>]*>(.*?)</p>', html))


def link_path(message) -> str:
    return re.search(r"http://localhost(/listings/invitations/\S+)", message.body).group(1)


def test_invitation_journey(make_client, db, outbox):
    owner, org = owner_and_org(db)
    page = invite(make_client, owner, org)
    assert "an invitation is on its way" in page.text
    assert outbox[0].to == [INVITED] and "Harbour House" in outbox[0].subject
    path = link_path(outbox[0])

    invitee = UserFactory(email=INVITED)  # registered after the invitation
    db.session.commit()
    browser = browser_for(make_client, invitee)
    assert "Accept and become an editor" in browser.get(path).text
    assert browser.post(path).status_code == 302

    membership = db.session.scalar(sa.select(Membership).filter_by(user_id=invitee.id))
    assert membership.role == MembershipRole.EDITOR
    assert membership.status == MembershipStatus.ACTIVE
    assert browser.get(f"/listings/{org.id}/edit").status_code == 200
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {"membership.invited", "membership.invitation_accepted"} <= actions


def test_same_message_whether_the_address_has_an_account(make_client, db, outbox):
    owner, org = owner_and_org(db)
    UserFactory(email="known@example.org")
    db.session.commit()
    known = flashes(invite(make_client, owner, org, "known@example.org").text)
    unknown = flashes(invite(make_client, owner, org, "unknown@example.org").text)
    assert known.replace("known@", "X@") == unknown.replace("unknown@", "X@")
    assert "an invitation is on its way" in known
    assert len(outbox) == 2


def test_another_account_cannot_accept(make_client, db, outbox):
    owner, org = owner_and_org(db)
    invite(make_client, owner, org)
    someone = UserFactory(email="someone.else@example.org")
    db.session.commit()
    browser = browser_for(make_client, someone)
    path = link_path(outbox[0])
    assert "sent to another email address" in browser.get(path).text
    browser.post(path)
    assert db.session.scalar(sa.select(Membership).filter_by(user_id=someone.id)) is None


def test_expired_or_tampered_links_are_refused(make_client, db, outbox):
    owner, org = owner_and_org(db)
    invite(make_client, owner, org)
    invitee = UserFactory(email=INVITED)
    db.session.commit()
    browser = browser_for(make_client, invitee)
    path = link_path(outbox[0])
    assert browser.post(path[:-2] + ("aa" if not path.endswith("aa") else "bb")).status_code == 404
    with mock.patch.object(invitations, "INVITATION_MAX_AGE", -1):
        assert browser.post(path).status_code == 404
    assert db.session.scalar(sa.select(Membership).filter_by(user_id=invitee.id)) is None


def test_only_owners_invite(make_client, db, outbox):
    _, org = owner_and_org(db)
    editor = MembershipFactory(organization=org, role=MembershipRole.EDITOR).user
    db.session.commit()
    response = browser_for(make_client, editor).post(
        f"/listings/{org.id}/invite", data={"email": INVITED}
    )
    assert response.status_code == 403 and outbox == []


def test_an_invitation_never_approves_a_pending_claim(make_client, db, outbox):
    owner, org = owner_and_org(db)
    invite(make_client, owner, org)
    claim = MembershipFactory(
        organization=org,
        user=UserFactory(email=INVITED),
        role=MembershipRole.OWNER,
        status=MembershipStatus.PENDING,
    )
    db.session.commit()
    browser_for(make_client, claim.user).post(link_path(outbox[0]))
    db.session.expire_all()
    assert (claim.role, claim.status) == (MembershipRole.EDITOR, MembershipStatus.ACTIVE)


def test_an_invitee_without_an_account_registers_then_accepts(make_client, db, outbox):
    owner, org = owner_and_org(db)
    invite(make_client, owner, org, "New.Editor@Example.org")
    path = link_path(outbox[0])
    browser = make_client()
    password = "a river of quiet lanterns"
    browser.post(
        "/auth/register",
        data={
            "name": "New Editor",
            "email": INVITED,
            "account_kind": "organization",
            "password": password,
            "password_again": password,
        },
    )
    confirm = re.search(r"http://localhost(/auth/confirm/\S+)", outbox[1].body).group(1)
    browser.get(confirm)
    browser.post("/auth/login", data={"email": INVITED, "password": password})
    assert browser.post(path).status_code == 302
    assert browser.get(f"/listings/{org.id}/edit").status_code == 200


def test_a_name_on_two_lines_in_the_database_does_not_break_the_invitation(make_client, db, outbox):
    owner, org = owner_and_org(db)
    org.name = "Harbour House\r\nBcc: someone@example.org"  # as an old crafted POST left it
    db.session.commit()
    page = invite(make_client, owner, org)
    assert page.status_code == 200 and "an invitation is on its way" in page.text
    assert "\n" not in outbox[0].subject and "\r" not in outbox[0].subject
    assert "Harbour House Bcc: someone@example.org" in outbox[0].subject
    assert outbox[0].to == [INVITED] and outbox[0].bcc == []
