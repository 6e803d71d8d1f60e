"""Model behaviour that later features rely on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from directory.models import Organization, Revision, User
from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ReferralContactFactory,
    ServiceFactory,
    UserFactory,
    term,
)


def test_timestamps_are_utc_aware_and_evaluated_per_row(db):
    first = OrganizationFactory()
    db.session.commit()
    second = OrganizationFactory()
    db.session.commit()
    db.session.expire_all()
    assert first.created_at.tzinfo == UTC
    assert second.created_at > first.created_at
    assert datetime.now(UTC) - first.created_at < timedelta(minutes=1)


def test_naive_datetime_is_refused(db):
    org = OrganizationFactory()
    org.verified_at = datetime(2026, 1, 1)  # naive on purpose: the point of the test
    with pytest.raises(sa.exc.StatementError):
        db.session.commit()


def test_concurrent_edit_of_an_organization_is_detected(db):
    org = OrganizationFactory(name="Original")
    db.session.commit()
    # Someone else saves first: the row's version moves on under our feet.
    db.session.execute(
        sa.update(Organization.__table__)
        .where(Organization.__table__.c.id == org.id)
        .values(name="Theirs", version=Organization.__table__.c.version + 1)
    )
    org.name = "Mine"
    with pytest.raises(StaleDataError):
        db.session.commit()


def test_revision_versions_increment_on_each_change(db):
    org = OrganizationFactory()
    revision = Revision(organization=org, payload={"name": "New name"})
    db.session.add(revision)
    db.session.commit()
    assert revision.version == 1
    revision.status = "pending"
    db.session.commit()
    assert revision.version == 2


def test_deleting_an_organization_removes_its_parts(db):
    org = OrganizationFactory()
    service = ServiceFactory(organization=org)
    service.types.append(term("service_type", "counselling"))
    LocationFactory(organization=org)
    ReferralContactFactory(organization=org)
    db.session.commit()
    db.session.delete(org)
    db.session.commit()
    for table in ("service", "location", "referral_contact", "service_type_link"):
        assert db.session.scalar(sa.text(f"SELECT count(*) FROM {table}")) == 0  # noqa: S608


def test_user_login_id_is_the_rotating_session_token_not_the_primary_key(db):
    user = UserFactory()
    db.session.commit()
    assert user.get_id() == user.session_token
    assert user.get_id() != str(user.id)
    other = UserFactory()
    db.session.commit()
    assert other.session_token != user.session_token


def test_roles_and_vetting_predicates(db):
    member = UserFactory()
    moderator = UserFactory(role="moderator")
    admin = UserFactory(role="admin")
    vetted = UserFactory(professional_verified_at=datetime.now(UTC))
    assert not member.is_moderator and not member.is_vetted_professional
    assert moderator.is_moderator and not moderator.is_admin
    assert admin.is_moderator and admin.is_admin
    assert vetted.is_vetted_professional


def test_inactive_user_is_not_active_for_flask_login(db):
    user = UserFactory(active=False)
    assert user.is_active is False
    assert db.session.get(User, user.id) is user
