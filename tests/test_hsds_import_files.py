"""flask hsds import of CSV datapackages as people make them: byte order marks, UTF-16,
Latin-1, repeated headers, ragged rows, a missing foreign-key column, huge cells; and HSDS 1.x
packages, recognized and refused whole."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from directory.hsds.import_run import run_import
from directory.hsds.sources import SourceError
from directory.models import Organization, Service

ORG = "5a1f0c0e-2b9c-4d0a-9d0e-3f8a2c6b7e11"
SERVICE = "6b2e1d1f-3cad-4e1b-8e1f-4a9b3d7c8f22"


def package(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    folder = tmp_path / "package"
    folder.mkdir()
    for name, content in files.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / name).write_bytes(data)
    return folder


def organizations(db) -> list[str]:
    return list(db.session.scalars(sa.select(Organization.name)))


ORGS = f"id,name,description\n{ORG},Maison Éclaircie,Hébergement d'urgence\n"


def test_a_byte_order_mark_is_read_as_utf8(db, tmp_path):
    folder = package(tmp_path, {"organizations.csv": "\ufeff" + ORGS})
    assert run_import(folder).created == 1
    assert organizations(db) == ["Maison Éclaircie"]


def test_utf16_files_are_read(db, tmp_path):
    services = f"id,organization_id,name,status\n{SERVICE},{ORG},Hébergement,active\n"
    folder = package(
        tmp_path,
        {
            "organizations.csv": ORGS.encode("utf-16"),  # with its byte order mark
            "services.csv": services.encode("utf-16"),
        },
    )
    report = run_import(folder)
    assert report.created == 1 and report.problems == []
    assert organizations(db) == ["Maison Éclaircie"]
    assert db.session.scalar(sa.select(Service.name)) == "Hébergement"


def test_latin1_is_a_clear_error_naming_the_line(db, tmp_path):
    latin = f"id,name\n{uuid.uuid4()},Harbour House\n{ORG},Maison Éclaircie\n"
    folder = package(tmp_path, {"organizations.csv": latin.encode("latin-1")})
    with pytest.raises(SourceError, match=r"organizations.csv row 3: not UTF-8 text") as error:
        run_import(folder)
    assert "save it as UTF-8" in str(error.value)
    assert organizations(db) == []


def test_a_repeated_column_is_refused(db, tmp_path):
    folder = package(tmp_path, {"organizations.csv": f"id,name,name\n{ORG},One,Two\n"})
    with pytest.raises(SourceError, match=r"organizations.csv row 1: the column “name” appears"):
        run_import(folder)
    assert organizations(db) == []


@pytest.mark.parametrize(
    ("row", "cells"),
    [(f"{ORG},Harbour House,Shelter,extra", 4), (f"{ORG},Harbour House", 2)],
)
def test_a_ragged_row_is_refused_naming_its_line(db, tmp_path, row, cells):
    text = f"id,name,description\n{uuid.uuid4()},Prairie Rise,Outreach\n{row}\n"
    folder = package(tmp_path, {"organizations.csv": text})
    with pytest.raises(SourceError, match=rf"organizations.csv row 3: {cells} cells where"):
        run_import(folder)
    assert organizations(db) == []


def test_a_missing_foreign_key_column_is_refused(db, tmp_path):
    services = f"id,name,status\n{SERVICE},Counselling,active\n"
    folder = package(tmp_path, {"organizations.csv": ORGS, "services.csv": services})
    with pytest.raises(SourceError, match=r"services.csv row 1: no organization_id column"):
        run_import(folder)
    assert organizations(db) == []


def test_a_cell_over_the_csv_limit_names_file_and_line(app, db, tmp_path):
    text = f"id,name,description\n{uuid.uuid4()},Prairie Rise,Short\n{ORG},Big,{'x' * 200_000}\n"
    folder = package(tmp_path, {"organizations.csv": text})
    result = app.test_cli_runner().invoke(args=["hsds", "import", str(folder)])
    assert result.exit_code == 1
    assert "organizations.csv row 3: a cell is longer than 131,072 characters" in result.output
    assert "Traceback" not in result.output
    assert organizations(db) == []


def test_a_json_file_with_a_byte_order_mark_is_read(db, tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + f'{{"id": "{ORG}", "name": "Harbour House"}}'.encode())
    assert run_import(path).created == 1


def test_a_utf16_json_file_is_read(db, tmp_path):
    path = tmp_path / "wide.json"
    path.write_bytes(f'[{{"id": "{ORG}", "name": "Maison Éclaircie"}}]'.encode("utf-16"))
    assert run_import(path).created == 1
    assert organizations(db) == ["Maison Éclaircie"]


# --- HSDS 1.x ----------------------------------------------------------------------------------


def test_an_hsds_1_package_is_refused_as_such(app, db, tmp_path):
    folder = package(
        tmp_path,
        {
            "organizations.csv": f"id,name,url\n{ORG},Harbour House,https://harbour.example.org\n",
            "physical_addresses.csv": f"id,location_id,address_1,city\n1,{ORG},1 Main St,Halifax\n",
        },
    )
    result = app.test_cli_runner().invoke(args=["hsds", "import", str(folder)])
    assert result.exit_code == 1
    assert "this is HSDS 1.x (it has physical_addresses.csv)" in result.output
    assert organizations(db) == []


def test_an_hsds_1_datapackage_description_is_recognized(db, tmp_path):
    described = '{"name": "hsds", "resources": [{"name": "regular_schedules", "path": "r.csv"}]}'
    folder = package(
        tmp_path,
        {"organizations.csv": f"id,name\n{ORG},Harbour House\n", "datapackage.json": described},
    )
    with pytest.raises(SourceError, match=r"this is HSDS 1.x \(its datapackage.json describes"):
        run_import(folder)


def test_a_bad_row_anywhere_in_a_datapackage_writes_nothing(app, db, tmp_path):
    other = uuid.uuid4()
    orgs = f"id,name\n{ORG},Harbour House\n{other},Prairie Rise\n"
    services = (
        f"id,organization_id,name,status\n{SERVICE},{ORG},Counselling,active\n"
        f"{uuid.uuid4()},{other},,active\n"
    )
    folder = package(tmp_path, {"organizations.csv": orgs, "services.csv": services})
    result = app.test_cli_runner().invoke(args=["hsds", "import", str(folder)])
    assert result.exit_code == 1
    assert "services.csv row 3: services[0].name: is required" in result.stderr
    assert organizations(db) == []
    kept = app.test_cli_runner().invoke(args=["hsds", "import", str(folder), "--batch"])
    assert "Kept: organizations.csv row 2." in kept.output
    assert organizations(db) == ["Harbour House"]
