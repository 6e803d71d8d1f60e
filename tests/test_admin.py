"""/admin/users: list, search, change roles, deactivate and reactivate, verify professionals."""

from __future__ import annotations

import re

import sqlalchemy as sa

from directory.models import AuditEvent, Role, User
from tests.auth_helpers import sign_in
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"


def signed_in_as(make_client, user):
    client = make_client()
    sign_in(client, user.email)
    return client


def fresh(db, user):
    db.session.expire_all()
    return db.session.get(User, user.id)


def events(db, action=None):
    """Administrative events (sign-ins, recorded too, are left out)."""
    stmt = sa.select(AuditEvent).where(AuditEvent.action.not_like("auth.%")).order_by(AuditEvent.id)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    return db.session.scalars(stmt).all()


def flashes(client):
    with client.session_transaction() as session:
        return [message for _, message in session.get("_flashes", [])]


def test_lists_searches_and_pages_users(make_client, db):
    admin = UserFactory(name="Avery Admin", email="admin@example.org", role=Role.ADMIN)
    UserFactory(name="Ada Lovelace", email="ada@example.org")
    UserFactory(name="Grace Hopper", email="grace@navy.example")
    UserFactory(name="Percent 100%", email="pct@example.org")
    for n in range(30):
        UserFactory(name=f"Zz Filler {n:02}")
    db.session.commit()
    client = signed_in_as(make_client, admin)

    page = client.get("/admin/users").get_data(as_text=True)
    assert "34 users" in page and "Ada Lovelace" in page and "Zz Filler 21" not in page
    assert "Zz Filler 29" in client.get("/admin/users?page=2").get_data(as_text=True)

    by_name = client.get("/admin/users?q=LOVELACE").get_data(as_text=True)
    assert "Ada Lovelace" in by_name and "Grace Hopper" not in by_name
    by_email = client.get("/admin/users?q=navy.example").get_data(as_text=True)
    assert "Grace Hopper" in by_email and "Ada Lovelace" not in by_email
    # LIKE wildcards in the query are literal characters.
    wildcard = client.get("/admin/users?q=%25").get_data(as_text=True)
    assert "1 user match" in wildcard and "Percent 100%" in wildcard
    assert "No user matches" in client.get("/admin/users?q=nobody").get_data(as_text=True)


def test_changing_a_role_is_audited(make_client, db):
    admin = UserFactory(role=Role.ADMIN)
    target = UserFactory(name="Mo Derator")
    db.session.commit()
    client = signed_in_as(make_client, admin)
    response = client.post(
        f"/admin/users/{target.id}/role", data={"role": "moderator", "next": "/admin/users?q=mo"}
    )
    assert response.headers["Location"] == "/admin/users?q=mo"
    assert fresh(db, target).role == Role.MODERATOR
    [event] = events(db, "user.role_changed")
    assert (event.actor_id, event.target_type, event.target_id) == (admin.id, "user", target.id)
    assert event.details == {"previous": "member", "new": "moderator"}


def test_the_last_admin_cannot_demote_themselves(make_client, db):
    admin = UserFactory(role=Role.ADMIN, name="Only Admin")
    db.session.commit()
    client = signed_in_as(make_client, admin)
    client.post(f"/admin/users/{admin.id}/role", data={"role": "member"})
    assert fresh(db, admin).role == Role.ADMIN
    assert any("last active administrator" in message for message in flashes(client))
    assert events(db, "user.role_changed") == []

    UserFactory(role=Role.ADMIN)
    db.session.commit()
    client.post(f"/admin/users/{admin.id}/role", data={"role": "moderator"})
    assert fresh(db, admin).role == Role.MODERATOR
    assert client.get("/admin/users").status_code == 403  # no longer an administrator


def test_a_deactivated_admin_does_not_count_as_the_other_admin(make_client, db):
    admin = UserFactory(role=Role.ADMIN)
    UserFactory(role=Role.ADMIN, active=False)
    db.session.commit()
    signed_in_as(make_client, admin).post(f"/admin/users/{admin.id}/role", data={"role": "member"})
    assert fresh(db, admin).role == Role.ADMIN


def test_deactivation_ends_the_users_sessions_at_once(make_client, db):
    admin = UserFactory(role=Role.ADMIN)
    target = UserFactory(email="target@example.org", name="Tara Target")
    db.session.commit()
    admin_client = signed_in_as(make_client, admin)
    target_client = signed_in_as(make_client, target)
    assert target_client.get("/auth/profile").status_code == 200

    admin_client.post(f"/admin/users/{target.id}/deactivate")
    assert "Tara Target is deactivated and signed out everywhere." in flashes(admin_client)
    assert not fresh(db, target).active
    gone = target_client.get("/auth/profile")
    assert gone.status_code == 302 and gone.headers["Location"].startswith("/auth/login")
    assert signed_in_as(make_client, target).get("/auth/profile").status_code == 302
    assert "Deactivated" in admin_client.get("/admin/users").get_data(as_text=True)

    admin_client.post(f"/admin/users/{target.id}/reactivate")
    assert signed_in_as(make_client, target).get("/auth/profile").status_code == 200
    actions = [event.action for event in events(db)]
    assert actions == ["user.deactivated", "user.reactivated"]
    assert all(event.target_id == target.id for event in events(db))


def test_an_admin_cannot_deactivate_themselves(make_client, db):
    admin = UserFactory(role=Role.ADMIN)
    UserFactory(role=Role.ADMIN)
    db.session.commit()
    client = signed_in_as(make_client, admin)
    client.post(f"/admin/users/{admin.id}/deactivate")
    assert fresh(db, admin).active
    assert "You cannot deactivate your own account." in flashes(client)


def test_marking_and_unmarking_a_vetted_professional(make_client, db):
    admin = UserFactory(role=Role.ADMIN)
    nurse = UserFactory(name="Nora Nurse")
    db.session.commit()
    client = signed_in_as(make_client, admin)
    client.post(f"/admin/users/{nurse.id}/vetted", data={"vetted": "1"})
    assert fresh(db, nurse).is_vetted_professional
    client.post(f"/admin/users/{nurse.id}/vetted", data={"vetted": "0"})
    assert not fresh(db, nurse).is_vetted_professional
    assert [event.action for event in events(db)] == ["user.vetted", "user.unvetted"]


def test_bad_values_and_foreign_next_urls_are_refused(make_client, db):
    admin = UserFactory(role=Role.ADMIN)
    target = UserFactory()
    db.session.commit()
    client = signed_in_as(make_client, admin)
    bad_role = client.post(
        f"/admin/users/{target.id}/role", data={"role": "superuser", "next": "//evil.example"}
    )
    assert bad_role.headers["Location"] == "/admin/users"
    assert fresh(db, target).role == Role.MEMBER
    outside = client.post(f"/admin/users/{target.id}/vetted", data={"vetted": "1", "next": "/"})
    assert outside.headers["Location"] == "/admin/users"
    assert client.post("/admin/users/999999/deactivate").status_code == 404
    assert events(db, "user.role_changed") == []


def test_audit_details_hold_no_secrets(make_client, db):
    admin = UserFactory(role=Role.ADMIN)
    target = UserFactory()
    db.session.commit()
    client = signed_in_as(make_client, admin)
    client.post(f"/admin/users/{target.id}/role", data={"role": "admin"})
    client.post(f"/admin/users/{target.id}/deactivate")
    stored = " ".join(str(event.details) for event in events(db))
    target = fresh(db, target)
    assert target.session_token not in stored and target.password_hash not in stored


def test_a_post_without_csrf_token_is_refused_when_csrf_is_on(app, make_client, db, monkeypatch):
    admin = UserFactory(role=Role.ADMIN)
    target = UserFactory()
    db.session.commit()
    client = signed_in_as(make_client, admin)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)

    refused = client.post(f"/admin/users/{target.id}/deactivate")
    assert refused.status_code == 400
    assert fresh(db, target).active

    page = client.get("/admin/users").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    accepted = client.post(f"/admin/users/{target.id}/deactivate", data={"csrf_token": token})
    assert accepted.status_code == 302 and not fresh(db, target).active
