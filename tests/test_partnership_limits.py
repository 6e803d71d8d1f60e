"""Sending partnership requests is rate limited per account."""

from __future__ import annotations

import pytest
from flask_migrate import upgrade

from config import TestConfig
from directory import create_app
from directory.extensions import db
from directory.taxonomy import ensure_taxonomy
from tests.factories import MembershipFactory, OrganizationFactory


@pytest.fixture
def limited_app(tmp_path):
    class Limited(TestConfig):
        RATELIMIT_ENABLED = True
        RATELIMIT_STORAGE_URI = "memory://"
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'limits.sqlite3'}"

    app = create_app(Limited)
    with app.app_context():
        upgrade()
        ensure_taxonomy()
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_an_account_sends_at_most_ten_requests_an_hour(limited_app):
    recipient = OrganizationFactory()
    sender = MembershipFactory().user
    db.session.commit()
    client = limited_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = sender.session_token
    data = {"organization": str(sender.memberships[0].organization_id), "body": "Hello there."}
    codes = [
        client.post(f"/partnerships/request/{recipient.slug}", data=data).status_code
        for _ in range(11)
    ]
    assert codes[:10] == [302] * 10 and codes[10] == 429
