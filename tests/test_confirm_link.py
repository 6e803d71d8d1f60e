"""The reminder's one-click "still accurate" link: confirms only, once, for 30 days, signed out."""

from __future__ import annotations

import re
import time
from types import SimpleNamespace

import sqlalchemy as sa

from directory.models import AuditEvent, MembershipStatus
from tests.listing_helpers import page_text
from tests.test_freshness import DUE, owned, remind, reminders


def confirm_path(message) -> str:
    [path] = re.findall(r"http://localhost(/listings/still-accurate/\S+)", message.body)
    return path


def press(client, path):
    """As the page's button does: its form's hidden fields, nothing else."""
    page = client.get(path).text
    fields = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', page))
    return client.post(path, data=fields)


def reverified(db) -> list[AuditEvent]:
    db.session.expire_all()
    stmt = sa.select(AuditEvent).where(AuditEvent.action == "listing.reverified")
    return list(db.session.scalars(stmt))


def test_one_click_confirms_signed_out_and_is_audited_as_the_owner(app, make_client, db, outbox):
    org, owner = owned(db, DUE)
    before = org.verified_at
    assert remind(app).exit_code == 0
    assert reminders(db)[0].details["recipient_ids"] == [owner.id]
    assert "no sign-in needed; the link works once, for 30 days" in outbox[0].body
    path = confirm_path(outbox[0])

    visitor = make_client()  # nobody signed in: the mail is opened on a phone
    shown = visitor.get(path)
    assert shown.status_code == 200 and shown.headers["Cache-Control"] == "no-store"
    assert "Is the listing of Harbour House still accurate" in page_text(shown)
    db.session.expire_all()
    assert org.verified_at == before, "opening the link changes nothing"

    done = press(visitor, path)
    assert done.status_code == 200
    assert "marked as verified today" in page_text(done)
    db.session.expire_all()
    assert org.verified_at > before and org.last_reviewed_at > before
    [event] = reverified(db)
    assert event.actor_id == owner.id and event.details["via"] == "mail link"


def test_the_link_works_once(app, make_client, db, outbox):
    owned(db, DUE)
    remind(app)
    path = confirm_path(outbox[0])
    visitor = make_client()
    assert press(visitor, path).status_code == 200
    again = press(make_client(), path)
    assert again.status_code == 400 and "was already confirmed" in page_text(again)
    assert len(reverified(db)) == 1


def test_the_link_expires_after_30_days(app, make_client, db, outbox, monkeypatch):
    org, _ = owned(db, DUE)
    remind(app)
    path = confirm_path(outbox[0])
    real = time.time
    monkeypatch.setattr(
        "itsdangerous.timed.time", SimpleNamespace(time=lambda: real() + 30 * 86400 + 1)
    )
    response = make_client().get(path)
    assert response.status_code == 400 and "This link has expired" in page_text(response)
    assert reverified(db) == []


def test_a_tampered_link_is_refused(app, make_client, db, outbox):
    owned(db, DUE)
    remind(app)
    path = confirm_path(outbox[0])
    response = make_client().get(path[:-3] + "abc")
    assert response.status_code == 400 and "cannot confirm a listing" in page_text(response)


def test_an_owner_removed_since_cannot_confirm(app, make_client, db, outbox):
    org, owner = owned(db, DUE)
    remind(app)
    path = confirm_path(outbox[0])
    [membership] = owner.memberships
    membership.status = MembershipStatus.REMOVED
    db.session.commit()
    response = make_client().get(path)
    assert response.status_code == 400 and "no longer yours to confirm" in page_text(response)


def test_the_link_can_only_confirm(app, make_client, db, outbox):
    org, _ = owned(db, DUE)
    remind(app)
    path = confirm_path(outbox[0])
    make_client().post(path, data={"name": "Renamed", "phone": "911", "description": "x"})
    db.session.expire_all()
    assert org.name == "Harbour House" and org.phone != "911"


def test_a_forged_post_without_the_pages_token_confirms_nothing(
    app, make_client, db, outbox, monkeypatch
):
    org, _ = owned(db, DUE)
    before = org.verified_at
    remind(app)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = make_client().post(confirm_path(outbox[0]))
    assert response.status_code == 400
    db.session.expire_all()
    assert org.verified_at == before
