"""Opening hours through HSDS: ``schedule`` objects out (weekly rules, closures, notes) and
back in, JSON and CSV; someone else's schedules read or noted, never dropped silently."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from directory.hsds.exporter import export
from directory.hsds.import_run import run_import
from directory.models import Organization, Service
from tests.test_hsds_export import _round_trip, read_json, seed_listings, without_volatile

HOURS = {
    "rules": [
        {"days": [0, 1, 2, 3, 4], "opens": "09:00", "closes": "17:00"},
        {"days": [4, 5], "opens": "20:00", "closes": "02:00"},
        {"days": [6], "opens": "12:00", "closes": "24:00"},
    ],
    "closures": [
        {"date": "2026-12-25", "note": "Christmas Day"},
        {"date": "2027-01-01", "note": ""},
    ],
    "notes": "Call ahead on statutory holidays.",
}


@pytest.fixture
def listings_with_hours(db):
    seed_listings()
    beds = db.session.scalar(sa.select(Service).filter_by(name="Outreach"))
    beds.hours = HOURS
    db.session.commit()
    return db


def schedules_of(documents: list[dict], name: str) -> list[dict]:
    return next(s for o in documents for s in o["services"] if s["name"] == name)["schedules"]


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_hours_go_out_as_schedules_and_come_back(listings_with_hours, tmp_path, fmt):
    before, after = _round_trip(listings_with_hours, tmp_path, fmt)  # the payloads are equal
    assert without_volatile(after) == without_volatile(before)
    schedules = schedules_of(after, "Outreach")
    weekly = [s for s in schedules if s.get("freq") == "WEEKLY"]
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in weekly] == [
        ("MO,TU,WE,TH,FR", "09:00:00", "17:00:00"),
        ("FR,SA", "20:00:00", "02:00:00"),
        ("SU", "12:00:00", "23:59:59"),
    ]
    closed = [s for s in schedules if s.get("valid_from")]
    assert [(s["valid_from"], s["valid_to"], s["description"]) for s in closed] == [
        ("2026-12-25", "2026-12-25", "Closed"),
        ("2027-01-01", "2027-01-01", "Closed"),
    ]
    service = listings_with_hours.session.scalar(sa.select(Service).filter_by(name="Outreach"))
    assert service.hours == HOURS


def test_schedules_of_another_publisher_are_read_or_noted(listings_with_hours, tmp_path):
    export(tmp_path / "source.json", "json", include_restricted=True)
    documents = read_json(tmp_path / "source.json")
    service = next(s for o in documents for s in o["services"] if s["name"] == "Outreach")
    service["schedules"] = [
        {
            "id": "00000000-0000-4000-8000-000000000001",
            "byday": "SA,SU",
            "freq": "WEEKLY",
            "opens_at": "10:00",
            "closes_at": "14:30:00",
        },
        {
            "id": "00000000-0000-4000-8000-000000000002",
            "byday": "1MO",
            "freq": "MONTHLY",
            "opens_at": "10:00",
            "closes_at": "12:00",
        },
        {
            "id": "00000000-0000-4000-8000-000000000003",
            "valid_from": "2026-12-24",
            "valid_to": "2026-12-26",
            "description": "Closed",
            "notes": "Holidays",
        },
    ]
    (tmp_path / "source.json").write_text(json.dumps(documents), encoding="utf-8")
    for org in listings_with_hours.session.scalars(sa.select(Organization)).all():
        listings_with_hours.session.delete(org)
    listings_with_hours.session.commit()

    report = run_import(tmp_path / "source.json")
    assert "byday '1MO' is not weekly; left out" in " ".join(report.notes)
    beds = listings_with_hours.session.scalar(sa.select(Service).filter_by(name="Outreach"))
    assert beds.hours["rules"] == [{"days": [5, 6], "opens": "10:00", "closes": "14:30"}]
    assert [c["date"] for c in beds.hours["closures"]] == ["2026-12-24", "2026-12-25", "2026-12-26"]


# --- Demo data -----------------------------------------------------------------------------


def test_most_demo_services_state_varied_hours(app, db, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "DEMO_CREDENTIALS_PATH", str(tmp_path / "sign-ins.txt"))
    assert app.test_cli_runner().invoke(args=["seed", "demo"]).exit_code == 0
    services = db.session.scalars(sa.select(Service)).all()
    stated = [s.hours for s in services if s.hours]
    assert len(stated) + sum(s.open_24_7 for s in services) >= 0.75 * len(services)
    rules = [r for h in stated for r in h["rules"]]
    assert any(r["closes"] < r["opens"] for r in rules)  # past midnight
    assert len({(r["opens"], r["closes"]) for r in rules}) >= 5
    assert any(h["closures"] for h in stated) and any(h["notes"] for h in stated)
    assert any(s.open_24_7 for s in services)
