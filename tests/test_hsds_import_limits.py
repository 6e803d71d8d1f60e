"""flask hsds import on hostile or damaged files: nesting and record size within limits,
memory bounded, nothing half-imported; control characters cleaned with a note naming the
field. PostgreSQL refuses NUL in text: run this file there too."""

from __future__ import annotations

import json
import tracemalloc
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from directory.hsds.import_run import run_import
from directory.hsds.json_stream import MAX_DEPTH, MAX_RECORD_SIZE
from directory.hsds.sources import SourceError
from directory.models import Location, Organization, Service
from tests.test_hsds_import import canadian_organization, write_json

MEGABYTE = 1024 * 1024


def organizations(db) -> list[str]:
    return sorted(db.session.scalars(sa.select(Organization.name)))


def another_organization(name: str) -> dict:
    record = canadian_organization(id=str(uuid.uuid4()), name=name)
    for part in ("services", "locations", "contacts"):
        record[part][0]["id"] = str(uuid.uuid4())
    return record


def _import_measuring_memory(app, path: Path):
    tracemalloc.start()
    try:
        result = app.test_cli_runner().invoke(args=["hsds", "import", str(path)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep-lists.json", "[" * 200_000),
        ("deep-objects.json", '{"a": ' * 40_000),
        ("deep-record.json", "[" + '{"name": [' * 20_000),
        ("deep-envelope.json", '{"contents": [' + "[" * 200_000),
    ],
)
def test_a_deeply_nested_file_fails_fast_with_a_clear_error(app, db, tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size >= 200_000
    result, peak = _import_measuring_memory(app, path)
    assert result.exit_code == 1
    assert f"{name} #1: nested deeper than {MAX_DEPTH} levels" in result.output
    assert "nothing was imported" in result.output
    assert peak < 50 * MEGABYTE
    assert organizations(db) == []


def test_nesting_up_to_the_limit_is_fine(db, tmp_path):
    record = canadian_organization()
    deep: list = []
    record["services"][0]["x_extra"] = deep
    for _ in range(MAX_DEPTH - 5):  # top list, record, services, service, x_extra: 5 levels
        deep.append([])
        deep = deep[0]
    report = run_import(write_json(tmp_path, [record]))
    assert report.created == 1 and report.problems == []


def test_a_record_over_the_size_limit_is_refused_and_nothing_is_imported(
    app, db, tmp_path, monkeypatch
):
    monkeypatch.setattr("directory.hsds.import_run.BATCH_SIZE", 1)  # the first is written first
    huge = another_organization("Huge listing")
    huge["description"] = "x" * (MAX_RECORD_SIZE + 1)
    records = [canadian_organization(), huge, another_organization("After it")]
    path = write_json(tmp_path, records, "big.json")
    result, peak = _import_measuring_memory(app, path)
    assert result.exit_code == 1
    assert "big.json #2: larger than 1,000,000 characters" in result.output
    assert organizations(db) == []  # the first record was not written either
    assert peak < 50 * MEGABYTE


def test_a_file_broken_near_its_end_imports_nothing(db, tmp_path, monkeypatch):
    monkeypatch.setattr("directory.hsds.import_run.BATCH_SIZE", 1)
    path = tmp_path / "truncated.json"
    text = json.dumps([canadian_organization(), another_organization("Second")])
    path.write_text(text[:-40], encoding="utf-8")
    with pytest.raises(SourceError, match="truncated.json: not valid JSON"):
        run_import(path)
    assert organizations(db) == []


def test_a_top_level_value_that_is_neither_object_nor_list_is_refused(db, tmp_path):
    with pytest.raises(SourceError, match="not a JSON object or list"):
        run_import(write_json(tmp_path, "just a string"))


def test_a_deeply_nested_area_extent_is_a_problem_not_a_crash(db, tmp_path):
    record = canadian_organization()
    record["services"][0]["service_areas"] = [
        {"id": str(uuid.uuid4()), "extent_type": "directory_area", "extent": "[" * 100_000}
    ]
    report = run_import(write_json(tmp_path, [record]))
    assert report.refused == 1
    assert "services[0].service_areas[0].extent: not a valid" in str(report.problems[0])


# --- Control characters -------------------------------------------------------------------


def notes_of(report) -> list[str]:
    return [str(note) for note in report.notes]


def test_single_line_fields_are_made_one_line_with_a_note_naming_each(db, tmp_path):
    record = canadian_organization(
        name="Northern Lights\r\nYouth Outreach",
        alternate_name="NLYO\tNorth",
        email="info@northern-lights.example.org\u2028",
    )
    record["locations"][0]["addresses"][0]["city"] = "Thunder\x00 Bay"
    record["contacts"][0]["title"] = "Intake\x85worker"
    record["services"][0]["name"] = "Youth\x1b[31m counselling"
    report = run_import(write_json(tmp_path, [record], "crlf.json"))
    assert report.created == 1 and report.problems == []

    org = db.session.scalars(sa.select(Organization)).one()
    assert org.name == "Northern Lights Youth Outreach"
    assert org.alternate_name == "NLYO North"
    assert org.email == "info@northern-lights.example.org"
    assert db.session.scalar(sa.select(Location.city)) == "Thunder Bay"
    assert db.session.scalar(sa.select(Service.name)) == "Youth [31m counselling"
    assert org.contacts[0].role == "Intake worker"
    notes = notes_of(report)
    for path in (
        "name",
        "alternate_name",
        "email",
        "locations[0].addresses[0].city",
        "contacts[0].title",
        "services[0].name",
    ):
        assert f"crlf.json #1: {path}: line breaks, tabs or control characters replaced" in (
            "\n".join(notes)
        ), path


def test_multi_line_fields_keep_their_lines_and_lose_other_controls_with_a_note(db, tmp_path):
    record = canadian_organization(description="Outreach.\n\nCounselling:\tyouth.\x0b\x00")
    record["services"][0]["description"] = "Free counselling.\r\nCall first."
    report = run_import(write_json(tmp_path, [record], "lines.json"))
    assert report.created == 1
    org = db.session.scalars(sa.select(Organization)).one()
    assert org.description == "Outreach.\n\nCounselling:\tyouth."
    assert org.services[0].description == "Free counselling.\r\nCall first."
    assert notes_of(report) == ["lines.json #1: description: control characters removed"]


def test_a_schedule_description_becomes_one_line_of_intake_hours(db, tmp_path):
    record = canadian_organization()
    record["services"][0]["schedules"] = [
        {"id": str(uuid.uuid4()), "description": "Mon-Fri 9-5\nSat 10-2"}
    ]
    report = run_import(write_json(tmp_path, [record], "hours.json"))
    assert report.created == 1
    assert db.session.scalar(sa.select(Service.intake_hours)) == "Mon-Fri 9-5 Sat 10-2"
    assert any("services[0].schedules[0].description" in note for note in notes_of(report))


def test_a_csv_datapackage_is_cleaned_too(db, tmp_path):
    folder = tmp_path / "package"
    folder.mkdir()
    (folder / "organizations.csv").write_text(
        'id,name,description\n1,"Harbour\r\nHouse","Line one\r\nLine two"\n', encoding="utf-8"
    )
    report = run_import(folder, source="harbour")
    assert report.created == 1
    org = db.session.scalars(sa.select(Organization)).one()
    assert org.name == "Harbour House" and org.description == "Line one\r\nLine two"
    assert notes_of(report)[0].startswith("organizations.csv row ")
    assert ": name: line breaks, tabs or control characters replaced" in notes_of(report)[0]


def test_a_csv_cell_over_the_field_limit_is_a_clear_error(db, tmp_path):
    folder = tmp_path / "package"
    folder.mkdir()
    (folder / "organizations.csv").write_text(
        f"id,name,description\n1,Harbour House,{'x' * 200_000}\n", encoding="utf-8"
    )
    with pytest.raises(SourceError, match=r"organizations.csv row 2: a cell is longer than"):
        run_import(folder)
    assert organizations(db) == []
