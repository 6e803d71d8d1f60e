"""flask hsds import with other people's files: feeds of services, publishers whose ids are
not UUIDs (--source), the same id twice, dry runs that say what the real run does, and
languages given by name."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import sqlalchemy as sa

from directory.hsds.import_run import run_import
from directory.models import Location, Organization, Service, TaxonomyTerm
from tests.test_hsds_import import canadian_organization, fresh_ids, write_json


def count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def organization(n: int) -> dict:
    return {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"org{n}")), "name": f"Partner {n}"}


def service(n: int, org: dict, embed: bool) -> dict:
    item = {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"service{n}")),
        "name": f"Service {n}",
        "status": "active",
        "organization_id": org["id"],
    }
    if embed:
        item["organization"] = dict(org)
    return item


# --- feeds of services -------------------------------------------------------------------------


def test_a_feed_of_services_imports_every_service_under_its_organization(db, tmp_path):
    """100 services of 38 organizations (the common API shape: each service embeds its
    organization) make 38 organizations holding all 100 services."""
    orgs = [organization(n) for n in range(38)]
    services = [service(n, orgs[n % 38], embed=True) for n in range(100)]
    report = run_import(write_json(tmp_path, {"contents": services}, "services.json"))
    assert report.problems == []
    assert report.created == 38 and report.services == 100
    assert count(db, Organization) == 38
    assert count(db, Service) == 100
    first = db.session.scalar(sa.select(Organization).where(Organization.name == "Partner 0"))
    assert sorted(s.name for s in first.services) == ["Service 0", "Service 38", "Service 76"]


def test_services_naming_their_organization_by_id_join_it(db, tmp_path):
    """An organization first, then services that give only its organization_id; a second
    feed with one more service adds it and keeps the others."""
    org = organization(1)
    first = [org, service(1, org, embed=False), service(2, org, embed=False)]
    assert run_import(write_json(tmp_path, first, "one.json")).problems == []
    report = run_import(write_json(tmp_path, [service(3, org, embed=False)], "two.json"))
    assert report.problems == []
    stored = db.session.scalar(sa.select(Organization))
    assert sorted(s.name for s in stored.services) == ["Service 1", "Service 2", "Service 3"]
    assert stored.name == "Partner 1"  # not touched by a service that names it only by id


def test_a_service_naming_an_unknown_organization_is_refused(db, tmp_path):
    orphan = service(1, organization(99), embed=False)
    report = run_import(write_json(tmp_path, [organization(1), orphan], "feed.json"))
    assert [str(p) for p in report.problems] == [
        f"feed.json #2: organization_id: “{organization(99)['id']}” names no organization"
        " of this file or of the directory; the service was not imported"
    ]
    assert count(db, Organization) == 0  # all or nothing


def test_a_location_named_by_id_resolves_or_is_noted(db, tmp_path):
    record = canadian_organization()
    location_id = record["locations"][0]["id"]
    run_import(write_json(tmp_path, record, "org.json"))
    at_known = {
        "service_id": str(uuid.uuid4()),
        "location_id": location_id,
        "service": {
            "id": str(uuid.uuid4()),
            "name": "Drop-in meals",
            "status": "active",
            "organization_id": record["id"],
        },
    }
    unknown = str(uuid.uuid4())
    at_unknown = json.loads(json.dumps(at_known))
    at_unknown["location_id"] = unknown
    at_unknown["service"]["id"] = str(uuid.uuid4())
    at_unknown["service"]["name"] = "Evening meals"
    report = run_import(write_json(tmp_path, [at_known, at_unknown], "sal.json"))
    assert report.problems == []
    assert report.notes == [
        f"sal.json #2: service_at_locations.location_id: “{unknown}” names no location"
        " of this organization; left out"
    ]
    assert count(db, Service) == 3 and count(db, Location) == 1


# --- sources do not collide --------------------------------------------------------------------


def two_publishers(tmp_path: Path) -> tuple[Path, Path]:
    first = write_json(tmp_path, [{"id": "1", "name": "Harbour House"}], "first.json")
    second = write_json(tmp_path, [{"id": "1", "name": "Prairie Rise"}], "second.json")
    return first, second


def test_ids_that_are_not_uuids_need_a_source_name(app, db, tmp_path):
    first, _ = two_publishers(tmp_path)
    result = app.test_cli_runner().invoke(args=["hsds", "import", str(first)])
    assert result.exit_code == 1
    assert "first.json #1: id: “1” is not a UUID" in result.stderr
    assert "--source NAME" in result.stderr
    assert count(db, Organization) == 0


def test_two_publishers_organization_1_stay_two_organizations(app, db, tmp_path):
    first, second = two_publishers(tmp_path)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["hsds", "import", str(first), "--source", "harbour"]).exit_code == 0
    result = runner.invoke(args=["hsds", "import", str(second), "--source", "prairie"])
    assert result.exit_code == 0, result.output
    names = set(db.session.scalars(sa.select(Organization.name)))
    assert names == {"Harbour House", "Prairie Rise"}
    again = runner.invoke(args=["hsds", "import", str(first), "--source", "harbour"])
    assert "0 new, 0 updated, 1 unchanged" in again.output
    kept = db.session.scalar(sa.select(Organization).where(Organization.name == "Harbour House"))
    assert kept.external_id == "harbour:1"


def test_references_follow_their_namespaced_ids(db, tmp_path):
    feed = [
        {"id": "7", "name": "Harbour House"},
        {"id": "s1", "name": "Counselling", "status": "active", "organization_id": "7"},
    ]
    report = run_import(write_json(tmp_path, feed, "feed.json"), source="harbour")
    assert report.problems == []
    org = db.session.scalar(sa.select(Organization))
    assert [s.name for s in org.services] == ["Counselling"]


def test_the_same_id_twice_in_a_file_is_refused_naming_both_rows(db, tmp_path):
    one = canadian_organization()
    two = fresh_ids(canadian_organization(name="A second record with the same id"))
    report = run_import(write_json(tmp_path, [one, two], "twice.json"))
    assert "twice.json #2: organization id: the same id as twice.json #1" in [
        str(p) for p in report.problems
    ]
    assert count(db, Organization) == 0


def test_the_same_service_id_in_two_organizations_is_refused(db, tmp_path):
    one = canadian_organization()
    two = canadian_organization(id=str(uuid.uuid4()), name="Other")
    for part in ("locations", "contacts"):
        two[part][0]["id"] = str(uuid.uuid4())
    report = run_import(write_json(tmp_path, [one, two], "shared.json"))
    assert [str(p) for p in report.problems] == [
        "shared.json #2: service id: the same id as shared.json #1"
    ]


def test_a_dry_run_reports_exactly_what_the_real_run_does(app, db, tmp_path):
    orgs = [organization(n) for n in range(3)]
    services = [service(n, orgs[n % 3], embed=True) for n in range(7)]
    path = write_json(tmp_path, services, "feed.json")
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["hsds", "import", str(path), "--dry-run"])
    assert count(db, Organization) == 0
    real = runner.invoke(args=["hsds", "import", str(path)])
    summary = "import: 3 new, 0 updated, 0 unchanged, 0 refused (0 problems); 7 services."
    assert f"Would {summary}" in dry.output
    assert f"Imported: {summary[len('import: ') :]}" in real.output
    assert count(db, Service) == 7


# --- languages given by name -------------------------------------------------------------------


def test_languages_given_by_name_in_english_french_or_their_own(db, tmp_path):
    record = canadian_organization()
    record["services"][0]["languages"] = [
        {"id": str(uuid.uuid4()), "name": "Spanish"},
        {"id": str(uuid.uuid4()), "name": "Español"},
        {"id": str(uuid.uuid4()), "name": "arabe"},
        {"id": str(uuid.uuid4()), "name": "Klingon"},
    ]
    report = run_import(write_json(tmp_path, record, "langs.json"))
    stored = db.session.scalar(sa.select(Service))
    assert sorted(t.slug for t in stored.languages) == ["ar", "es"]
    assert "langs.json #1: services[0].languages[0]: “Spanish” taken as the language es" in (
        report.notes
    )
    assert any(
        "“Klingon”" in note and "not one of the directory's languages" in note
        for note in report.notes
    )
    assert report.notes_by_field["services[].languages[]"] == 4
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TaxonomyTerm)) > 0


# --- every dropped value is said ---------------------------------------------------------------


def test_every_value_left_out_is_a_note_counted_by_field(app, db, tmp_path):
    records = []
    for n in range(2):
        record = fresh_ids(canadian_organization(id=str(uuid.uuid4()), name=f"Listing {n}"))
        record["year_incorporated"] = 1998
        record["phones"].append({"id": str(uuid.uuid4()), "number": "+1 807-555-0199"})
        record["services"][0]["licenses"] = "Ontario Registered Psychotherapists"
        records.append(record)
    path = write_json(tmp_path, records, "extra.json")
    result = app.test_cli_runner().invoke(args=["hsds", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert (
        "note: extra.json #1: services[0].licenses: not kept: the directory has no field for it"
        in result.output
    )
    assert "note: extra.json #2: phones[1].number: one phone kept here; left out" in result.output
    assert "note: extra.json #2: year_incorporated: not kept" in result.output
    counts = result.output.split("Notes by field: ")[1].split("\n")[0]
    assert "phones[].number 2" in counts and "services[].licenses 2" in counts
    assert "year_incorporated 2" in counts
    # What was read is not noted: names, the first phone, the contact repeated by id.
    assert "].name: not kept" not in result.output
    assert "phones[0]" not in result.output


# --- taxonomies that came with the data --------------------------------------------------------


def all_terms(client) -> list[dict]:
    terms, page = [], 1
    while True:
        body = client.get(f"/api/hsds/taxonomy_terms?per_page=100&page={page}").get_json()
        terms += body["contents"]
        if body["last_page"]:
            return terms
        page += 1


def test_imported_terms_are_served_and_filter_services(client, db, tmp_path):
    """The record's "211 LA County" term (no vocabulary of ours) is listed by
    /api/hsds/taxonomy_terms with its own id, and filters /api/hsds/services."""
    other = fresh_ids(canadian_organization(id=str(uuid.uuid4()), name="Other listing"))
    other["attributes"] = other["attributes"][:1]  # the sector only
    other["services"][0]["name"] = "Other counselling"
    run_import(write_json(tmp_path, [canadian_organization(), other]))
    terms = all_terms(client)
    outreach = [t for t in terms if t["code"] == "211-BH-1800"]
    assert outreach == [
        {
            "id": "7a0c4f64-8a0e-4b48-9a7a-0d2b0d4c1b33",
            "code": "211-BH-1800",
            "name": "Outreach Programs",
            "description": "Outreach Programs",
            "taxonomy": "211 LA County",
            "taxonomy_id": outreach[0]["taxonomy_id"],
            "language": "en",
        }
    ]
    one = client.get(f"/api/hsds/taxonomy_terms/{outreach[0]['id']}")
    assert one.status_code == 200 and one.get_json()["name"] == "Outreach Programs"
    found = client.get(f"/api/hsds/services?taxonomy_term_id={outreach[0]['id']}").get_json()
    assert [s["name"] for s in found["contents"]] == ["Youth counselling"]
    every = client.get("/api/hsds/services").get_json()["contents"]
    assert len(every) == 2


def test_languages_known_only_by_name_keep_their_own_term_ids(client, db, tmp_path):
    """Two languages without a code each keep a term of their own, in the API and in the
    CSV export, so a round trip keeps both."""
    from directory.hsds.exporter import export

    record = canadian_organization()
    record["services"][0]["languages"] = [
        {"id": str(uuid.uuid4()), "name": "Tlingit"},
        {"id": str(uuid.uuid4()), "name": "Haida"},
    ]
    run_import(write_json(tmp_path, record))
    terms = all_terms(client)
    languages = {t["name"]: t["id"] for t in terms if t["taxonomy"] == "language" and not t["code"]}
    assert set(languages) == {"Tlingit", "Haida"}
    assert len(set(languages.values())) == 2
    folder = tmp_path / "csv"
    export(folder, "csv", False, lambda n: None)
    exported = (folder / "taxonomy_terms.csv").read_text(encoding="utf-8")
    assert languages["Tlingit"] in exported and languages["Haida"] in exported
    stored = db.session.scalar(sa.select(Service))
    stored.hsds_attributes = None  # forgotten here: the CSV alone must bring both back
    db.session.commit()
    assert run_import(folder).problems == []
    service_terms = db.session.scalar(sa.select(Service.hsds_attributes))
    assert sorted(k["name"] for k in service_terms if k["taxonomy"] == "language") == [
        "Haida",
        "Tlingit",
    ]


def test_a_pending_import_of_a_feed_holds_every_service_for_review(db, tmp_path):
    from directory.models import Revision

    orgs = [organization(n) for n in range(2)]
    services = [service(n, orgs[n % 2], embed=True) for n in range(5)]
    report = run_import(write_json(tmp_path, services, "feed.json"), pending=True)
    assert report.created == 2 and report.problems == []
    first = db.session.scalar(sa.select(Organization).where(Organization.name == "Partner 0"))
    revision = db.session.scalar(sa.select(Revision).where(Revision.organization_id == first.id))
    names = sorted(s["name"] for s in revision.payload["services"])
    assert names == ["Service 0", "Service 2", "Service 4"]


def test_past_a_number_of_notes_they_are_only_counted(app, db, tmp_path, monkeypatch):
    monkeypatch.setattr("directory.hsds.report.MAX_NOTES_KEPT", 3)
    records = []
    for n in range(5):
        record = fresh_ids(canadian_organization(id=str(uuid.uuid4()), name=f"Listing {n}"))
        record["year_incorporated"] = 1990 + n
        records.append(record)
    result = app.test_cli_runner().invoke(
        args=["hsds", "import", str(write_json(tmp_path, records))]
    )
    assert result.output.count("year_incorporated: not kept") == 3
    assert "… and 2 more notes, counted by field below." in result.output
    assert "year_incorporated 5" in result.output


def test_our_own_derived_values_are_read_and_anothers_text_is_said(app, db, tmp_path):
    """An export of ours writes the referral method again as a sentence and each phone as a
    voice line: reading them back loses nothing. Another publisher's sentence is said."""
    records = []
    for n, process in enumerate(("People may refer themselves.", "Walk in, Tuesdays only.")):
        record = fresh_ids(canadian_organization(id=str(uuid.uuid4()), name=f"Listing {n}"))
        record["services"][0]["application_process"] = process
        record["services"][0]["last_modified"] = "2026-11-30T10:00:00Z"
        record["phones"][0]["type"] = "voice"
        records.append(record)
    path = write_json(tmp_path, records, "derived.json")
    result = app.test_cli_runner().invoke(args=["hsds", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "#2: services[0].application_process: not kept" in result.output
    assert "#1: services[0].application_process" not in result.output
    assert "last_modified" not in result.output and "phones[0].type" not in result.output


# --- likely duplicates of what was listed before (issue 18) ----------------------------------


def test_an_import_says_which_new_organizations_look_like_listed_ones(app, db, tmp_path):
    from tests.factories import OrganizationFactory

    listed = OrganizationFactory(name="Bridgeway Victim Services", phone="807-555-0140")
    OrganizationFactory(name="Lakeview Counselling")
    db.session.commit()
    twin = fresh_ids(canadian_organization(id=str(uuid.uuid4()), name="Bridgeway Victim Services"))
    twin["phones"][0]["number"] = "+1 (807) 555-0140"
    other = fresh_ids(canadian_organization(id=str(uuid.uuid4()), name="Prairie Rise Outreach"))
    other["phones"][0]["number"] = "306-555-0199"
    path = write_json(tmp_path, [twin, other], "publisher.json")
    result = app.test_cli_runner().invoke(args=["hsds", "import", str(path)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("likely duplicate")]
    assert lines == [
        "likely duplicate: “Bridgeway Victim Services” looks like “Bridgeway Victim Services”"
        f" (/organizations/{listed.slug}): the same name, the same phone number"
    ]
    # Said, never merged: both stay, each with its own source.
    names = db.session.scalars(sa.select(Organization.name).order_by(Organization.id)).all()
    assert names.count("Bridgeway Victim Services") == 2


def test_a_first_import_into_an_empty_directory_compares_nothing(app, db, tmp_path):
    records = [
        fresh_ids(canadian_organization(id=str(uuid.uuid4()), name="Same Name")) for _ in range(2)
    ]
    result = app.test_cli_runner().invoke(
        args=["hsds", "import", str(write_json(tmp_path, records, "first.json"))]
    )
    assert result.exit_code == 0, result.output
    assert "likely duplicate" not in result.output
