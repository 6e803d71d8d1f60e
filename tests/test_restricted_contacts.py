"""Referral contacts for professionals reach the HTML only for those entitled to them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from directory.models import AuditEvent, ContactVisibility, MembershipRole, Role
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    ReferralContactFactory,
    UserFactory,
)
from tests.listing_helpers import browser_for

SECRET_EMAIL = "direct.line@harbour.example.org"
SECRET_PHONE = "+1 807-555-0177"


def viewer(kind: str, org, other):
    return {
        "anonymous": lambda: None,
        "unconfirmed": lambda: UserFactory(email_confirmed_at=None),
        "member": lambda: UserFactory(),
        "other org member": lambda: MembershipFactory(organization=other).user,
        "pending member": lambda: MembershipFactory(organization=org, status="pending").user,
        "vetted professional": lambda: UserFactory(professional_verified_at=datetime.now(UTC)),
        "own org editor": lambda: MembershipFactory(organization=org).user,
        "own org owner": lambda: (
            MembershipFactory(organization=org, role=MembershipRole.OWNER).user
        ),
        "moderator": lambda: UserFactory(role=Role.MODERATOR),
        "admin": lambda: UserFactory(role=Role.ADMIN),
    }[kind]()


def profile_as(make_client, db, kind: str):
    org = OrganizationFactory(name="Harbour House")
    other = OrganizationFactory(name="Elsewhere")
    ReferralContactFactory(organization=org, name="Front desk", email="front@harbour.example.org")
    ReferralContactFactory(
        organization=org,
        name="Direct referral line",
        email=SECRET_EMAIL,
        phone=SECRET_PHONE,
        visibility=ContactVisibility.PROFESSIONALS,
    )
    user = viewer(kind, org, other)
    db.session.commit()
    client = make_client() if user is None else browser_for(make_client, user)
    return org, user, client.get(f"/organizations/{org.slug}")


def viewed_events(db) -> list[AuditEvent]:
    db.session.expire_all()
    stmt = sa.select(AuditEvent).filter_by(action="restricted_contacts.viewed")
    return list(db.session.scalars(stmt))


@pytest.mark.parametrize(
    "kind", ["anonymous", "unconfirmed", "member", "other org member", "pending member"]
)
def test_absent_from_the_page_for_everyone_else(make_client, db, kind):
    _, _, response = profile_as(make_client, db, kind)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "front@harbour.example.org" in html
    assert SECRET_EMAIL not in html and "Direct referral line" not in html
    assert "555-0177" not in html
    assert "available to vetted professionals" in html
    assert viewed_events(db) == []


@pytest.mark.parametrize(
    "kind", ["vetted professional", "own org editor", "own org owner", "moderator", "admin"]
)
def test_shown_and_audited_for_those_entitled(make_client, db, kind):
    org, user, response = profile_as(make_client, db, kind)
    html = response.get_data(as_text=True)
    assert SECRET_EMAIL in html and "Direct referral line" in html
    assert "For professionals only" in html
    assert response.headers["Cache-Control"] == "no-store"
    (event,) = viewed_events(db)
    assert event.actor_id == user.id and event.target_id == org.id
    assert event.details == {"contacts": 1}


def test_the_json_api_stays_public_only(make_client, db):
    org, user, _ = profile_as(make_client, db, "moderator")
    response = browser_for(make_client, user).get(f"/api/v1/organizations/{org.slug}")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "front@harbour.example.org" in body
    assert SECRET_EMAIL not in body
    assert len(viewed_events(db)) == 1  # the API view is not a restricted view
