"""The import's fast path for new organizations (``hsds.bulk``, issue 17: 1,000 a second):
a fixed number of statements per batch, the same rows and search index as the ORM path."""

from __future__ import annotations

import gc
import json
import uuid
from pathlib import Path

import sqlalchemy as sa

from directory.hsds.import_run import run_import
from directory.models import Organization, Service, ServiceArea
from directory.search.index import reindex
from tests.factories import OrganizationFactory
from tests.test_hsds_import import ORG_ID, SERVICE_ID, canadian_organization

NAMESPACE = uuid.UUID("3d0f5c1e-8b7a-4e59-a2c4-71e0b9d6f8a3")  # these tests' ids only
FIXED_IDS = [
    ORG_ID,
    SERVICE_ID,
    "8c3f2e20-4dbe-4f2c-9f20-5bac4e8d9a44",  # its location
    "9d4a3f31-5ecf-4a3d-8a31-6cbd5f9e0b55",  # its contact
]


def partner(n: int) -> dict:
    """The n-th fictional partner: ``canadian_organization`` with its own ids and name, an
    area served, a phone and opening hours on its service."""
    text = json.dumps(canadian_organization(name=f"Northern Lights Youth Outreach {n}"))
    for fixed in FIXED_IDS:
        text = text.replace(fixed, str(uuid.uuid5(NAMESPACE, f"{n}:{fixed}")))
    record = json.loads(text)
    service = record["services"][0]
    service["phones"] = [{"id": str(uuid.uuid5(NAMESPACE, f"{n}:phone")), "number": "807-555-0199"}]
    service["schedules"] = [
        {
            "id": str(uuid.uuid5(NAMESPACE, f"{n}:schedule")),
            "freq": "WEEKLY",
            "byday": "MO,TU,WE,TH,FR",
            "opens_at": "09:00",
            "closes_at": "17:00",
        }
    ]
    return record


def write(tmp_path: Path, records: list[dict], name: str) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def index_rows(db) -> list[tuple]:
    """The search index and the likely-duplicate keys, as rows."""
    found = []
    queries = [
        "SELECT * FROM search_document ORDER BY organization_id",
        "SELECT organization_id, kind, value FROM duplicate_key ORDER BY 1, 2, 3",
    ]
    if db.session.get_bind().dialect.name == "sqlite":  # PostgreSQL keeps its words in the row
        queries.append("SELECT rowid, * FROM search_fts ORDER BY rowid")
    for query in queries:
        found += [tuple(row) for row in db.session.execute(sa.text(query))]
    return found


def test_the_statements_of_a_batch_do_not_grow_with_its_organizations(db, tmp_path, count_queries):
    # A directory with a listing on the partners' website already: both imports compare their
    # new organizations with what was listed before and find it (two queries, whatever the
    # number of organizations; none into an empty directory).
    OrganizationFactory(name="Listed Before", website="https://northern-lights.example.org")
    db.session.commit()
    few = write(tmp_path, [partner(n) for n in range(3)], "few.json")
    many = write(tmp_path, [partner(n) for n in range(3, 43)], "many.json")
    with count_queries() as statements_few:
        assert run_import(few).created == 3
    with count_queries() as statements_many:
        report = run_import(many)
    assert (report.created, report.problems) == (40, [])
    assert len(statements_many) == len(statements_few)
    # Everything was written: services with their phones, hours and areas, and searchable.
    services = db.session.scalars(sa.select(Service)).all()
    assert len(services) == 43
    assert all(s.phones and s.hours for s in services)
    areas = db.session.scalars(sa.select(ServiceArea)).all()
    assert sorted({(a.kind, a.province_code) for a in areas}) == [("province", "ON")]
    assert len(areas) == 43
    assert len(index_rows(db)) > 2 * 43


def test_new_organizations_are_indexed_as_a_reindex_would(db, tmp_path):
    report = run_import(write(tmp_path, [partner(n) for n in range(5)], "partners.json"))
    assert report.created == 5 and report.problems == []
    db.session.commit()
    written = index_rows(db)
    assert len([row for row in written if len(row) == len(written[0])]) >= 5
    reindex(db.session(), db.session.scalars(sa.select(Organization.id)).all())
    db.session.commit()
    assert index_rows(db) == written


def test_a_service_fed_after_its_new_organization_in_the_same_file_joins_it(db, tmp_path):
    organization = partner(0)
    fed = {
        "id": str(uuid.uuid5(NAMESPACE, "fed service")),
        "organization_id": organization["id"],
        "name": "Emergency shelter",
        "status": "active",
        "description": "Beds for youth, every night.",
    }
    report = run_import(write(tmp_path, [organization, partner(1), fed], "feed.json"))
    assert report.problems == [] and report.created == 2
    org = db.session.scalar(sa.select(Organization).where(Organization.name.endswith(" 0")))
    assert sorted(s.name for s in org.services) == ["Emergency shelter", "Youth counselling"]
    ids = db.session.scalars(sa.select(Organization.id)).all()
    before = index_rows(db)
    reindex(db.session(), ids)  # the fed service is in its organization's index row already
    assert index_rows(db) == before


def test_json_values_left_empty_are_sql_null_as_through_the_orm(db, tmp_path):
    record = partner(0)
    del record["services"][0]["schedules"]
    record["attributes"] = record["attributes"][:1]  # only a sector: nothing kept aside
    assert run_import(write(tmp_path, [record], "plain.json")).created == 1
    nulls = db.session.execute(
        sa.text(
            "SELECT (SELECT count(*) FROM organization WHERE hsds_attributes IS NULL),"
            " (SELECT count(*) FROM service WHERE hours IS NULL)"
        )
    ).one()
    assert tuple(nulls) == (1, 1)


def test_the_cycle_collector_is_tuned_during_the_import_only(db, tmp_path):
    before = gc.get_threshold()
    seen = []

    def progress(records, total):
        for record in records:
            seen.append((gc.get_threshold()[0], gc.get_freeze_count() > 0))
            yield record

    report = run_import(write(tmp_path, [partner(0)], "one.json"), progress=progress)
    assert report.created == 1
    assert seen == [(50_000, True)]
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
