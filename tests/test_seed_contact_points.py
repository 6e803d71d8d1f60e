"""The demo uses every contacts and accessibility field (issue 17), plausibly varied and
fictional, without moving the rest of the demo (tests/test_seed.py keeps its fingerprint)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import sqlalchemy as sa

from directory.models import AccessibilityFeature, Location, Phone, PhoneType, Service

FICTIONAL_PHONE = re.compile(r"^\+1 \d{3}-555-01\d{2}$")


@pytest.fixture
def demo(app, db, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "DEMO_CREDENTIALS_PATH", str(tmp_path / "credentials.txt"))
    result = app.test_cli_runner().invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output


def test_the_demo_uses_every_new_field_plausibly_varied(demo, db):
    services = list(db.session.scalars(sa.select(Service)))
    locations = list(db.session.scalars(sa.select(Location)))
    phones = list(db.session.scalars(sa.select(Phone)))
    with_phones = [s for s in services if s.phones]
    assert 0.5 < len(with_phones) / len(services) < 0.9  # many, not all
    assert all(FICTIONAL_PHONE.match(p.number) for p in phones)
    assert {p.type for p in phones} == {PhoneType.VOICE, PhoneType.TEXT, PhoneType.TTY}
    descriptions = Counter(p.description for p in phones)
    assert {"Intake", "After hours", "Youth text line", "Front desk"} <= set(descriptions)
    assert any(p.extension for p in phones) and any(p.language == "fr" for p in phones)
    assert any(p.location_id for p in phones) and any(p.service_id for p in phones)
    assert any(s.email and s.email.endswith("@example.org") for s in services)
    assert any(s.website and ".example.org/" in s.website for s in services)
    assert 0.05 < sum(bool(s.required_documents) for s in services) / len(services) < 0.5
    accessible = [loc for loc in locations if loc.accessibility]
    assert 0.5 < len(accessible) / len(locations) < 0.95
    used = {feature for loc in accessible for feature in loc.accessibility}
    assert used == {feature.value for feature in AccessibilityFeature}
    assert any(loc.accessibility_note for loc in locations)
    assert any(loc.phones for loc in locations if loc.confidential)  # withheld in public
