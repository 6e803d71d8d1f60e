"""What a failed sign-in gives away: nothing in its timing, nothing typed in the audit log.

Timing is judged by counting hash computations (the slow part of a sign-in), not by a
clock: every path must compute exactly one, the unknown address included.
"""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa

from directory.models import AuditEvent
from tests.auth_helpers import PASSWORD, sign_in
from tests.factories import UserFactory

TYPED_PASSWORD = "Hunter2-my-real-password"


@pytest.fixture
def hash_computations(monkeypatch):
    """Counts scrypt runs, whoever asks for them (making a hash or checking one)."""
    calls: list[int] = []
    real_scrypt = hashlib.scrypt

    def counting_scrypt(*args, **kwargs):
        calls.append(1)
        return real_scrypt(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counting_scrypt)
    return calls


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("nurse@example.org", "not the password at all"),
        ("nurse@example.org", PASSWORD),
        ("nobody@example.org", PASSWORD),
        ("gone@example.org", PASSWORD),
        ("gone@example.org", "not the password at all"),
    ],
    ids=["known-wrong", "known-right", "unknown", "deactivated-right", "deactivated-wrong"],
)
def test_every_sign_in_path_computes_exactly_one_hash(
    make_client, db, hash_computations, email, password
):
    UserFactory(email="nurse@example.org")
    UserFactory(email="gone@example.org", active=False)
    db.session.commit()
    for _ in range(2):  # the first attempt of a process costs no more than the next
        hash_computations.clear()
        sign_in(make_client(), email, password)
        assert len(hash_computations) == 1


def test_a_failed_sign_in_never_stores_what_was_typed(make_client, db):
    UserFactory(email="mod@example.org", role="moderator")
    nurse = UserFactory(email="nurse@example.org")
    db.session.commit()
    # A password typed in the email box, then a wrong password for a real account.
    sign_in(make_client(), TYPED_PASSWORD, PASSWORD)
    sign_in(make_client(), f"{TYPED_PASSWORD}@example.org", PASSWORD)
    sign_in(make_client(), "nurse@example.org", TYPED_PASSWORD)

    failed = db.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.action == "auth.login_failed")
        .order_by(AuditEvent.id)
    ).all()
    db.session.rollback()
    assert [event.details for event in failed] == [{"known": False}] * 2 + [{"known": True}]
    assert [(event.target_type, event.target_id) for event in failed] == [
        (None, None),
        (None, None),
        ("user", nurse.id),
    ]
    stored = db.session.scalars(sa.select(AuditEvent)).all()
    assert not any(TYPED_PASSWORD in repr((e.details, e.target_type)) for e in stored)

    moderator = make_client()
    sign_in(moderator, "mod@example.org")
    page = moderator.get("/moderation/audit?action=auth.login_failed").get_data(as_text=True)
    assert "auth.login_failed" in page
    assert TYPED_PASSWORD not in page and "Hunter2" not in page
