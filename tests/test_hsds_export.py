"""flask hsds export: valid HSDS 3.0 JSON, a CSV datapackage that imports back to the same
data, stable ids, and restricted details only for an audited administrator's export."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from directory.extensions import db as _db
from directory.hsds.exporter import export
from directory.hsds.import_run import run_import
from directory.listings.payload import payload_from_organization
from directory.models import (
    AreaKind,
    AuditEvent,
    ContactVisibility,
    Organization,
    OrganizationStatus,
    Role,
)
from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ReferralContactFactory,
    ServiceAreaFactory,
    ServiceFactory,
    UserFactory,
    term,
)
from tests.hsds_reference import needs_reference, validator


def seed_listings() -> None:
    """Listings with every kind of part: a confidential shelter with a restricted contact
    and a radius around it, a clinic with a service-level area, a draft (never exported)."""
    shelter = OrganizationFactory(
        name="Harbour House",
        website="https://harbour.example.org",
        phone="+1 807-555-0199",
        description_fr="Maison d'hébergement.",
        sectors=[term("sector", "housing-shelter")],
    )
    LocationFactory(
        organization=shelter,
        city="Kenora",
        address="1 Secret Lane",
        postal_code="P9N 1A1",
        confidential=True,
        latitude=49.77,
        longitude=-94.47,
    )
    service = ServiceFactory(
        organization=shelter,
        name="Emergency beds",
        open_24_7=True,
        intake_hours="Any time",
        referral_method="professional",
        accepting_referrals=False,
        types=[term("service_type", "emergency-shelter")],
        populations=[term("population", "girls-women")],
        languages=[term("language", "en"), term("language", "oj")],
    )
    ServiceAreaFactory(
        organization=shelter,
        kind=AreaKind.RADIUS,
        province_code=None,
        latitude=49.77,
        longitude=-94.47,
        radius_km=100,
    )
    ServiceAreaFactory(
        organization=shelter, service_id=service.id, kind=AreaKind.ONLINE, province_code=None
    )
    ServiceFactory(organization=shelter, name="Outreach", delivered_online=True)
    ReferralContactFactory(
        organization=shelter,
        name="Night intake",
        visibility=ContactVisibility.PROFESSIONALS,
        notes="Ask for the on-call worker.",
        preferred_method="phone",
    )
    ReferralContactFactory(organization=shelter, name="Front desk", email="desk@example.org")
    clinic = OrganizationFactory(name="Prairie Clinic", sectors=[term("sector", "health-care")])
    LocationFactory(
        organization=clinic,
        city="Regina",
        province_code="SK",
        postal_code="S4P 3Y2",
        latitude=50.4452,
        longitude=-104.6189,
    )
    ServiceFactory(
        organization=clinic,
        name="Forensic exams",
        capacity_status="waitlist",  # said by its people: capacity attributes both ways
        capacity_places=3,
        capacity_updated_at=datetime(2026, 11, 30, 9, 30, tzinfo=UTC),
    )
    ServiceAreaFactory(organization=clinic, kind=AreaKind.PROVINCE, province_code="SK")
    ServiceAreaFactory(
        organization=clinic,
        kind=AreaKind.REGION,
        province_code="SK",
        region_name="Regina",
        latitude=50.45,
        longitude=-104.6,
    )
    OrganizationFactory(name="Unfinished Draft", status=OrganizationStatus.DRAFT)


@pytest.fixture
def listings(db):
    seed_listings()
    db.session.commit()
    return db


def read_json(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def without_volatile(documents: list[dict]) -> list[dict]:
    """Leave out what is not data: the modification stamp (an import is a modification)."""
    text = json.dumps(documents, sort_keys=True)
    documents = json.loads(text)
    for org in documents:
        for service in org["services"]:
            service.pop("last_modified", None)
    return documents


@needs_reference
def test_the_json_export_validates_against_the_official_schema(listings, tmp_path):
    path = tmp_path / "export.json"
    assert export(path, "json") == 2
    documents = read_json(path)
    check = validator("organization")
    for document in documents:
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in check.iter_errors(document)]
        assert errors == [], document["name"]
    assert {d["name"] for d in documents} == {"Harbour House", "Prairie Clinic"}


@needs_reference
def test_the_restricted_export_validates_too(listings, tmp_path):
    path = tmp_path / "export.json"
    export(path, "json", include_restricted=True)
    check = validator("organization")
    assert [e.message for d in read_json(path) for e in check.iter_errors(d)] == []


def test_the_public_export_leaves_out_confidential_addresses_and_restricted_contacts(
    listings, tmp_path
):
    for fmt, name in (("json", "public.json"), ("csv", "public")):
        export(tmp_path / name, fmt)
    text = (tmp_path / "public.json").read_text(encoding="utf-8")
    csv_text = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "public").glob("*.csv"))
    for secret in ("1 Secret Lane", "P9N 1A1", "49.77", "Night intake", "on-call worker"):
        assert secret not in text
        assert secret not in csv_text
    shelter = next(d for d in read_json(tmp_path / "public.json") if d["name"] == "Harbour House")
    [place] = shelter["locations"]
    assert place["addresses"][0]["city"] == "Kenora"
    assert place["addresses"][0]["address_1"] == ""
    assert "latitude" not in place
    assert [c["name"] for c in shelter["contacts"]] == ["Front desk"]


def test_only_a_confidential_location_is_described_as_withheld(listings, tmp_path):
    export(tmp_path / "public.json", "json")
    by_name = {d["name"]: d for d in read_json(tmp_path / "public.json")}
    [shelter_place] = by_name["Harbour House"]["locations"]
    [clinic_place] = by_name["Prairie Clinic"]["locations"]
    assert shelter_place["description"].startswith("Confidential location")
    assert "description" not in clinic_place
    assert clinic_place["addresses"][0]["postal_code"] == "S4P 3Y2"
    assert clinic_place["latitude"] == 50.4452


def test_a_restricted_export_needs_an_administrator_and_is_audited(app, listings, tmp_path):
    runner = app.test_cli_runner()
    path = tmp_path / "all.json"
    refused = runner.invoke(args=["hsds", "export", str(path), "--include-restricted"])
    assert refused.exit_code == 2 and "--as-user" in refused.output
    moderator = UserFactory(role=Role.MODERATOR)
    admin = UserFactory(role=Role.ADMIN)
    listings.session.commit()
    as_moderator = ["--include-restricted", "--as-user", moderator.email]
    refused = runner.invoke(args=["hsds", "export", str(path), *as_moderator])
    assert "is not an active administrator" in refused.output
    assert not path.exists()

    result = runner.invoke(
        args=["hsds", "export", str(path), "--include-restricted", "--as-user", admin.email]
    )
    assert result.exit_code == 0, result.output
    assert "Exporting organizations" in result.output  # the progress bar
    assert "1 Secret Lane" in path.read_text(encoding="utf-8")
    assert "Night intake" in path.read_text(encoding="utf-8")
    event = listings.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "hsds.export_restricted")
    )
    assert event.actor_id == admin.id
    assert event.details["organizations"] == 2


def test_ids_are_uuids_and_stable_across_exports_and_edits(listings, tmp_path):
    from directory.listings.apply import apply_payload

    export(tmp_path / "first.json", "json", include_restricted=True)
    org = listings.session.scalar(sa.select(Organization).filter_by(name="Harbour House"))
    payload = payload_from_organization(org)
    payload["services"][0]["description"] = "Edited"
    apply_payload(org, payload)  # what approving an edit does: rows updated by key
    listings.session.commit()
    export(tmp_path / "second.json", "json", include_restricted=True)

    def ids(path: Path) -> list[str]:
        text = path.read_text(encoding="utf-8")
        return sorted(set(__import__("re").findall(r'"id": "([0-9a-f-]{36})"', text)))

    first, second = ids(tmp_path / "first.json"), ids(tmp_path / "second.json")
    # Every id stays, even the shelter's service-level area (no payload holds one: it stays
    # with its service).
    assert first == second
    assert len(first) > 20


def _round_trip(listings, tmp_path: Path, fmt: str) -> tuple[list[dict], list[dict]]:
    source = tmp_path / ("source" if fmt == "csv" else "source.json")
    export(source, fmt, include_restricted=True)
    export(tmp_path / "before.json", "json", include_restricted=True)
    before_payloads = {
        o.name: payload_from_organization(o)
        for o in listings.session.scalars(sa.select(Organization).filter_by(status="published"))
    }
    for org in listings.session.scalars(sa.select(Organization)).all():
        listings.session.delete(org)
    listings.session.commit()

    report = run_import(source)
    assert report.problems == [] and report.created == 2
    export(tmp_path / "after.json", "json", include_restricted=True)
    after_payloads = {
        o.name: payload_from_organization(o)
        for o in listings.session.scalars(sa.select(Organization))
    }
    assert after_payloads == before_payloads
    return read_json(tmp_path / "before.json"), read_json(tmp_path / "after.json")


def test_the_csv_datapackage_imports_back_to_the_same_data(listings, tmp_path):
    before, after = _round_trip(listings, tmp_path, "csv")
    assert without_volatile(after) == without_volatile(before)


def test_the_json_export_imports_back_to_the_same_data(listings, tmp_path):
    before, after = _round_trip(listings, tmp_path, "json")
    assert without_volatile(after) == without_volatile(before)


def test_the_datapackage_describes_its_tables(listings, tmp_path):
    export(tmp_path / "package", "csv")
    package = json.loads((tmp_path / "package" / "datapackage.json").read_text())
    paths = {resource["path"] for resource in package["resources"]}
    assert {"organizations.csv", "services.csv", "locations.csv", "attributes.csv"} <= paths
    for resource in package["resources"]:
        header = (tmp_path / "package" / resource["path"]).read_text().splitlines()[0]
        assert header.split(",") == [f["name"] for f in resource["schema"]["fields"]]


def test_the_export_reads_a_fixed_number_of_queries_per_batch(listings, tmp_path, count_queries):
    for n in range(30):
        org = OrganizationFactory(name=f"Extra {n}")
        ServiceFactory(organization=org)
        LocationFactory(organization=org)
    _db.session.commit()
    with count_queries() as statements:
        assert export(tmp_path / "all.json", "json") == 32
    # One query per kind of row loaded (organizations, services and their terms, phones and
    # locations, locations and their phones, areas, contacts...), never one per organization.
    assert len(statements) <= 18
