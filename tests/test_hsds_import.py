"""flask hsds import: official examples, idempotence, invalid records, dry run, savepoints,
pending imports in the moderation queue, and imported listings searchable at once."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from directory.hsds.import_run import run_import
from directory.models import (
    AuditEvent,
    ListingSource,
    Location,
    Membership,
    Organization,
    OrganizationStatus,
    Revision,
    RevisionStatus,
    Role,
    Service,
)
from tests.factories import OrganizationFactory, ServiceFactory, UserFactory
from tests.hsds_reference import EXAMPLES, needs_reference

ORG_ID = "5a1f0c0e-2b9c-4d0a-9d0e-3f8a2c6b7e11"
SERVICE_ID = "6b2e1d1f-3cad-4e1b-8e1f-4a9b3d7c8f22"


def canadian_organization(**changes) -> dict:
    """A small HSDS organization in Thunder Bay with one service, place and contact."""
    record = {
        "id": ORG_ID,
        "name": "Northern Lights Youth Outreach",
        "description": "Street outreach and counselling for youth at risk of exploitation.",
        "email": "info@northern-lights.example.org",
        "website": "https://northern-lights.example.org",
        "phones": [{"id": str(uuid.uuid4()), "number": "+1 807-555-0142"}],
        "attributes": [
            {
                "id": str(uuid.uuid4()),
                "taxonomy_term_id": str(uuid.uuid4()),
                "taxonomy_term": {
                    "id": str(uuid.uuid4()),
                    "code": "social-family",
                    "name": "Social & family services",
                    "description": "Sector",
                    "taxonomy": "sector",
                },
            },
            {
                "id": str(uuid.uuid4()),
                "taxonomy_term_id": "7a0c4f64-8a0e-4b48-9a7a-0d2b0d4c1b33",
                "value": "yes",
                "taxonomy_term": {
                    "id": "7a0c4f64-8a0e-4b48-9a7a-0d2b0d4c1b33",
                    "code": "211-BH-1800",
                    "name": "Outreach Programs",
                    "description": "211 LA taxonomy",
                    "taxonomy": "211 LA County",
                },
            },
        ],
        "locations": [
            {
                "id": "8c3f2e20-4dbe-4f2c-9f20-5bac4e8d9a44",
                "location_type": "physical",
                "name": "Drop-in centre",
                "latitude": 48.3809,
                "longitude": -89.2477,
                "addresses": [
                    {
                        "id": str(uuid.uuid4()),
                        "address_1": "12 Red River Road",
                        "city": "Thunder Bay",
                        "state_province": "Ontario",
                        "postal_code": "p7b1a1",
                        "country": "CA",
                        "address_type": "physical",
                    }
                ],
            }
        ],
        "services": [
            {
                "id": SERVICE_ID,
                "name": "Youth counselling",
                "status": "active",
                "description": "Free counselling for youth 12 to 24.",
                "languages": [{"id": str(uuid.uuid4()), "name": "French", "code": "fr"}],
                "attributes": [
                    {
                        "id": str(uuid.uuid4()),
                        "taxonomy_term_id": str(uuid.uuid4()),
                        "taxonomy_term": {
                            "id": str(uuid.uuid4()),
                            "code": "counselling",
                            "name": "Counselling",
                            "description": "Service type",
                        },
                    }
                ],
                "service_areas": [
                    {"id": str(uuid.uuid4()), "name": "Ontario", "description": "Ontario"}
                ],
            }
        ],
        "contacts": [
            {
                "id": "9d4a3f31-5ecf-4a3d-8a31-6cbd5f9e0b55",
                "name": "Sam Okafor",
                "title": "Intake worker",
                "email": "intake@northern-lights.example.org",
            }
        ],
    }
    record.update(changes)
    return record


def write_json(tmp_path: Path, data, name: str = "source.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def imported(db) -> Organization:
    return db.session.scalar(sa.select(Organization).where(Organization.external_id == ORG_ID))


def snapshot(db) -> list[tuple]:
    """Every row that an import writes, with versions and update times."""
    orgs = db.session.execute(
        sa.select(Organization.hsds_id, Organization.version, Organization.updated_at)
    ).all()
    services = db.session.execute(sa.select(Service.hsds_id, Service.name)).all()
    places = db.session.execute(sa.select(Location.hsds_id, Location.city)).all()
    return sorted(map(tuple, orgs)) + sorted(map(tuple, services)) + sorted(map(tuple, places))


# --- the official examples ---------------------------------------------------------------------


@needs_reference
@pytest.mark.parametrize(
    "name",
    [
        "organization_full.json",
        "organization_list.json",
        "service_full.json",
        "service_list.json",
        "service_at_location_full.json",
        "csv",
    ],
)
def test_the_official_examples_import_without_error(db, name):
    report = run_import(EXAMPLES / name)
    assert report.problems == []
    assert report.created == 1
    org = db.session.scalar(sa.select(Organization))
    assert org.name == "Example Organization Inc."
    assert org.source == ListingSource.IMPORTED
    assert str(org.hsds_id) == "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"


@needs_reference
def test_the_official_example_notes_what_it_left_out(app, db):
    result = app.test_cli_runner().invoke(
        args=["hsds", "import", str(EXAMPLES / "organization_full.json")]
    )
    assert result.exit_code == 0, result.output
    assert "not an address in a Canadian province or territory" in result.output
    assert "1 new, 0 updated, 0 unchanged, 0 refused" in result.output


@needs_reference
@pytest.mark.parametrize("name", ["organization_full.json", "csv"])
def test_a_second_import_of_the_same_data_changes_nothing(db, name):
    run_import(EXAMPLES / name)
    before = snapshot(db)
    report = run_import(EXAMPLES / name)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert snapshot(db) == before


# --- what an import makes ----------------------------------------------------------------------


def test_an_imported_organization_is_published_unverified_unclaimed_and_searchable(
    client, db, tmp_path
):
    report = run_import(write_json(tmp_path, canadian_organization()))
    assert report.created == 1 and report.problems == []
    org = imported(db)
    assert org.status == OrganizationStatus.PUBLISHED
    assert org.verified_at is None and org.source == ListingSource.IMPORTED
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Membership)) == 0
    assert [s.slug for s in org.sectors] == ["social-family"]
    [service] = org.services
    assert [t.slug for t in service.types] == ["counselling"]
    assert [t.slug for t in service.languages] == ["fr"]
    [location] = org.locations
    assert (location.city, location.province_code, location.postal_code) == (
        "Thunder Bay",
        "ON",
        "P7B 1A1",
    )
    assert [(a.kind, a.province_code) for a in org.service_areas] == [("province", "ON")]
    # The 211 term has no code of ours: kept as an attribute, not dropped.
    assert org.hsds_attributes == [
        {
            "taxonomy": "211 LA County",
            "code": "211-BH-1800",
            "name": "Outreach Programs",
            "term_id": "7a0c4f64-8a0e-4b48-9a7a-0d2b0d4c1b33",
            "value": "yes",
        }
    ]

    results = client.get("/search?q=Northern+Lights").get_data(as_text=True)
    assert "Northern Lights Youth Outreach" in results
    assert "Imported — not yet verified" in results
    profile = client.get(f"/organizations/{org.slug}").get_data(as_text=True)
    assert "Imported — not yet verified" in profile
    assert "Claim it" in profile or "claim" in profile.lower()


def test_a_verified_listing_loses_the_imported_badge(client, db, tmp_path):
    run_import(write_json(tmp_path, canadian_organization()))
    org = imported(db)
    org.verified_at = org.created_at
    db.session.commit()
    assert "Imported — not yet verified" not in client.get(f"/organizations/{org.slug}").text


def test_a_changed_source_updates_the_listing_in_place(db, tmp_path):
    run_import(write_json(tmp_path, canadian_organization()))
    org_id, service_id = imported(db).id, imported(db).services[0].id
    changed = canadian_organization(name="Northern Lights Outreach")
    changed["services"][0]["name"] = "Counselling for youth"
    changed["contacts"] = []
    report = run_import(write_json(tmp_path, changed))
    assert (report.created, report.updated) == (0, 1)
    db.session.expire_all()
    org = imported(db)
    assert (org.id, org.name, org.version) == (org_id, "Northern Lights Outreach", 2)
    assert [(s.id, s.name) for s in org.services] == [(service_id, "Counselling for youth")]
    assert org.contacts == []


def test_pending_imports_wait_in_the_moderation_queue(make_client, db, tmp_path):
    report = run_import(write_json(tmp_path, canadian_organization()), pending=True)
    assert report.created == 1
    org = imported(db)
    assert org.status == OrganizationStatus.PENDING
    [revision] = db.session.scalars(sa.select(Revision)).all()
    assert revision.status == RevisionStatus.PENDING and revision.submitted_by_id is None
    moderator = UserFactory(role=Role.MODERATOR, totp_secret="JBSWY3DPEHPK3PXP")
    moderator.totp_enabled_at = moderator.created_at or org.created_at
    db.session.commit()

    browser = make_client()
    with browser.session_transaction() as session:
        session["_user_id"] = moderator.session_token
        session["_fresh"] = True
    queue = browser.get("/moderation/").get_data(as_text=True)
    assert "Northern Lights Youth Outreach" in queue
    assert "HSDS import" in queue
    assert "Northern Lights" not in make_client().get("/search?q=Northern").text


def test_approving_a_pending_import_keeps_its_hsds_ids(db, tmp_path):
    from directory.moderation.services import decide

    run_import(write_json(tmp_path, canadian_organization()), pending=True)
    org = imported(db)
    revision = db.session.scalar(sa.select(Revision))
    moderator = UserFactory(role=Role.MODERATOR)
    decide(moderator, revision, RevisionStatus.APPROVED, "Checked by phone.", revision.version)
    db.session.commit()
    db.session.expire_all()
    org = imported(db)
    assert org.status == OrganizationStatus.PUBLISHED and org.verified_at is not None
    assert str(org.services[0].hsds_id) == SERVICE_ID
    assert str(org.locations[0].hsds_id) == "8c3f2e20-4dbe-4f2c-9f20-5bac4e8d9a44"


# --- what an import refuses --------------------------------------------------------------------


def fresh_ids(record: dict) -> dict:
    """The record with new ids for its service, location and contact."""
    for part in ("services", "locations", "contacts"):
        for item in record.get(part) or []:
            item["id"] = str(uuid.uuid4())
    return record


def test_invalid_records_are_reported_with_file_row_field_and_reason(app, db, tmp_path):
    nameless = fresh_ids(canadian_organization(id=str(uuid.uuid4()), name=""))
    bad_email = fresh_ids(canadian_organization(id=str(uuid.uuid4()), email="not-an-address"))
    path = write_json(tmp_path, [canadian_organization(), nameless, bad_email], "three.json")
    result = app.test_cli_runner().invoke(args=["hsds", "import", str(path)])
    assert result.exit_code == 1
    assert "three.json #2: name: is required" in result.stderr
    assert "three.json #3: email: “not-an-address” is not an email address" in result.stderr
    assert "Nothing was imported: 2 record(s) refused" in result.stderr
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organization)) == 0


def test_batch_mode_keeps_the_good_records_and_says_which(app, db, tmp_path):
    nameless = fresh_ids(canadian_organization(id=str(uuid.uuid4()), name=""))
    fourth = fresh_ids(canadian_organization(id=str(uuid.uuid4()), name="Fourth listing"))
    fifth = fresh_ids(canadian_organization(id=str(uuid.uuid4()), name="Fifth listing"))
    bad_email = fresh_ids(canadian_organization(id=str(uuid.uuid4()), email="not-an-address"))
    records = [canadian_organization(), nameless, bad_email, fourth, fifth]
    path = write_json(tmp_path, records, "five.json")
    result = app.test_cli_runner().invoke(args=["hsds", "import", str(path), "--batch"])
    assert result.exit_code == 1
    assert "five.json #2: name: is required" in result.stderr
    assert "Kept: five.json #1, #4–#5." in result.stdout
    assert "3 new, 0 updated, 0 unchanged, 2 refused" in result.stdout
    names = set(db.session.scalars(sa.select(Organization.name)))
    assert names == {"Northern Lights Youth Outreach", "Fourth listing", "Fifth listing"}


def test_a_record_cut_short_anywhere_writes_nothing(app, db, tmp_path):
    """A list cut off in its last record: not one organization of it is stored."""
    records = [
        fresh_ids(canadian_organization(id=str(uuid.uuid4()), name=f"L{n}")) for n in range(5)
    ]
    text = json.dumps(records)
    path = tmp_path / "cut.json"
    path.write_text(text[: len(text) - 40], encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["hsds", "import", str(path)])
    assert result.exit_code == 1
    assert "cut.json: not valid JSON" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organization)) == 0


def test_a_bad_record_in_a_later_batch_writes_nothing_of_the_earlier_ones(
    app, db, tmp_path, monkeypatch
):
    monkeypatch.setattr("directory.hsds.import_run.BATCH_SIZE", 2)
    records = [
        fresh_ids(canadian_organization(id=str(uuid.uuid4()), name=f"L{n}")) for n in range(5)
    ]
    records[4]["name"] = ""
    result = app.test_cli_runner().invoke(
        args=["hsds", "import", str(write_json(tmp_path, records))]
    )
    assert result.exit_code == 1
    assert "source.json #5: name: is required" in result.stderr
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organization)) == 0
    from directory.models import SearchDocument

    assert db.session.scalar(sa.select(sa.func.count()).select_from(SearchDocument)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 0


def test_csv_problems_name_the_file_and_line(db, tmp_path):
    folder = tmp_path / "package"
    folder.mkdir()
    (folder / "organizations.csv").write_text(
        f"id,name,description\n{ORG_ID},Northern Lights,Outreach\n", encoding="utf-8"
    )
    (folder / "services.csv").write_text(
        f"id,organization_id,name,status\n{SERVICE_ID},{ORG_ID},Counselling,active\n"
        f"{uuid.uuid4()},{ORG_ID},,active\n",
        encoding="utf-8",
    )
    report = run_import(folder)
    assert [str(p) for p in report.problems] == [
        "services.csv row 3: services[1].name: is required"
    ]
    assert report.refused == 1 and report.created == 0


def test_every_batch_of_a_long_source_is_imported(app, db, tmp_path, monkeypatch):
    monkeypatch.setattr("directory.hsds.import_run.BATCH_SIZE", 2)
    records = []
    for n in range(5):
        record = canadian_organization(id=str(uuid.uuid4()), name=f"Listing {n}")
        record["services"][0]["id"] = str(uuid.uuid4())
        record["locations"][0]["id"] = str(uuid.uuid4())
        record["contacts"][0]["id"] = str(uuid.uuid4())
        records.append(record)
    path = write_json(tmp_path, {"total_items": 5, "contents": records})
    result = app.test_cli_runner().invoke(args=["hsds", "import", str(path)])
    assert "5 new" in result.output, result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organization)) == 5


def test_a_dry_run_reports_and_writes_nothing(app, db, tmp_path):
    path = write_json(tmp_path, canadian_organization())
    result = app.test_cli_runner().invoke(args=["hsds", "import", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Would import: 1 new" in result.output
    assert "Importing organizations" in result.output  # the progress bar
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organization)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 0


def test_an_organization_that_fails_to_save_is_not_half_imported(db, tmp_path):
    """The second record's service id is already another listing's: saving it fails, and
    nothing of it stays; with --batch the records around it are imported."""
    other = OrganizationFactory(source=ListingSource.SUBMITTED)
    taken = ServiceFactory(organization=other).hsds_id
    db.session.commit()
    clashing = canadian_organization(id=str(uuid.uuid4()), name="Clashing listing")
    clashing["services"][0]["id"] = str(taken)
    clashing["locations"][0]["id"] = str(uuid.uuid4())
    clashing["contacts"][0]["id"] = str(uuid.uuid4())
    third = canadian_organization(id=str(uuid.uuid4()), name="Third listing", services=[])
    third["locations"][0]["id"] = str(uuid.uuid4())
    third["contacts"][0]["id"] = str(uuid.uuid4())
    path = write_json(tmp_path, [canadian_organization(), clashing, third])
    whole = run_import(path)  # all or nothing: the failing one is named, nothing is stored
    assert [str(p) for p in whole.problems] == [
        "source.json #2: organization: could not be saved (IntegrityError)"
    ]
    assert set(db.session.scalars(sa.select(Organization.name))) == {other.name}
    report = run_import(path, batch=True)
    assert report.created == 2 and report.refused == 1, report
    assert "could not be saved" in str(report.problems[0])
    names = set(db.session.scalars(sa.select(Organization.name)))
    assert names == {other.name, "Northern Lights Youth Outreach", "Third listing"}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Location)) == 2
    assert "Third listing" in {r.name for r in search_names(db, "Third")}


def search_names(db, text: str):
    from directory.models import SearchDocument

    return db.session.execute(
        sa.select(Organization.name)
        .join(SearchDocument, SearchDocument.organization_id == Organization.id)
        .where(Organization.name.contains(text))
    ).all()


def test_an_import_never_overwrites_a_listing_maintained_here(db, tmp_path):
    org = OrganizationFactory(name="Maintained here")
    db.session.commit()
    report = run_import(write_json(tmp_path, canadian_organization(id=str(org.hsds_id))))
    assert report.refused == 1
    assert "belongs to a listing maintained in the directory" in str(report.problems[0])
    db.session.refresh(org)
    assert org.name == "Maintained here"


def test_an_import_is_audited(db, tmp_path):
    run_import(write_json(tmp_path, canadian_organization()))
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "hsds.import"))
    assert event.details["created"] == 1 and event.details["source"] == "source.json"


def test_an_unreadable_source_is_a_clear_error(app, db, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["hsds", "import", str(path)])
    assert result.exit_code == 1
    assert "broken.json: not valid JSON" in result.output
