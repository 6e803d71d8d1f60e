"""Shared by the guide tests: the demo guides, and an editor's form as the browser posts it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from directory.models import AuditEvent, Role
from seed.guides import load_guides
from tests.factories import UserFactory
from tests.listing_helpers import hidden_value, page_text

SAMPLE = "Sample text — to be written and reviewed by people of this sector"
SAMPLE_FR = "Texte d’exemple — à rédiger et à réviser par des personnes de ce secteur"
FRENCH = {"Accept-Language": "fr"}


@pytest.fixture(name="guides")
def demo_guides(db):
    load_guides()
    db.session.commit()


def text_of(client, url, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return page_text(response)


def editor_and_moderator(db, **editor):
    writer = UserFactory(guide_editor=True, **editor)
    moderator = UserFactory(role=Role.MODERATOR)
    db.session.commit()
    return writer, moderator


def edit_form(client, slug, **changes):
    """What the edit page's hidden fields hold now, with ``changes`` typed in."""
    html = client.get(f"/guides/{slug}/edit").get_data(as_text=True)
    ids = {name: hidden_value(html, name) for name in ("revision_id", "version")}
    return ids | changes


def full_sections(text: str) -> dict[str, str]:
    data = {}
    for section in ("recognize", "respond", "refer"):
        data |= {
            f"{section}_en": f"{text} ({section})",
            f"{section}_fr": f"{text} FR ({section})",
            f"{section}_sources": "- [Source](https://www.cybertip.ca/)",
        }
    return data


def audit_actions(db) -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))
