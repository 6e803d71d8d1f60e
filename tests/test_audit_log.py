"""The audit trail: sign-ins, failed sign-ins and denials are recorded; moderators read it."""

from __future__ import annotations

import sqlalchemy as sa

from directory import audit
from directory.models import AuditEvent
from tests.auth_helpers import sign_in
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"


def actions(db) -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))


def test_sign_ins_and_failed_sign_ins_are_recorded_without_the_password(make_client, db):
    nurse = UserFactory(email="nurse@example.org")
    db.session.commit()
    sign_in(make_client(), "nurse@example.org", "a wrong password here")
    sign_in(make_client(), "nurse@example.org")
    assert actions(db) == ["auth.login_failed", "auth.login"]
    failed = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "auth.login_failed")
    )
    assert failed.details == {"known": True}
    assert (failed.target_type, failed.target_id) == ("user", nurse.id)
    assert "wrong password" not in str(failed.details)


def test_a_permission_denial_is_recorded(make_client, db):
    UserFactory(email="member@example.org")
    db.session.commit()
    client = make_client()
    sign_in(client, "member@example.org")
    assert client.get("/moderation/").status_code == 403
    denied = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "permission.denied")
    )
    assert denied.details == {"method": "GET", "path": "/moderation/"}
    assert denied.actor.email == "member@example.org"


def test_moderators_read_the_log_members_may_not(make_client, db):
    UserFactory(email="mod@example.org", role="moderator")
    UserFactory(email="member@example.org")
    db.session.commit()
    moderator, member = make_client(), make_client()
    sign_in(moderator, "mod@example.org")
    sign_in(member, "member@example.org")
    page = moderator.get("/moderation/audit")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "auth.login" in text and "mod@example.org" in text
    assert member.get("/moderation/audit").status_code == 403
    assert moderator.post("/moderation/audit").status_code == 405  # nothing edits the log


def test_typed_text_cannot_forge_a_log_line_or_inject_markup(make_client, db):
    UserFactory(email="mod@example.org", role="moderator")
    audit.record(None, "auth.login_failed", email="x\n2026-01-01 admin auth.login <script>")
    db.session.commit()
    moderator = make_client()
    sign_in(moderator, "mod@example.org")
    text = moderator.get("/moderation/audit?action=auth.login_failed").get_data(as_text=True)
    assert "<script>" not in text
    assert "x\\n2026-01-01 admin auth.login &lt;script&gt;" in text  # one escaped line


def test_the_log_can_be_filtered_by_action(make_client, db):
    UserFactory(email="mod@example.org", role="moderator")
    audit.record(None, "report.filed")
    db.session.commit()
    moderator = make_client()
    sign_in(moderator, "mod@example.org")
    text = moderator.get("/moderation/audit?action=report").get_data(as_text=True)
    assert "report.filed" in text and "<code>auth.login</code>" not in text
