"""What an HSDS export leaves on disk: CSV cells that cannot run as spreadsheet formulas (and
import back unchanged), and restricted exports readable by their owner only."""

from __future__ import annotations

import csv
import os
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa

from directory.hsds.exporter import export
from directory.hsds.import_run import run_import
from directory.models import Organization, Role
from tests.factories import LocationFactory, OrganizationFactory, ServiceFactory, UserFactory

FORMULAS = {
    "name": '=HYPERLINK("http://evil.example","Click for details")',
    "alternate_name": "+1+2",
    "description": "@everyone: call first",
    "email": "-intake@example.org",
}


@pytest.fixture
def formula_listing(db):
    org = OrganizationFactory(**FORMULAS)
    ServiceFactory(organization=org, name="\tTabbed service", description="\rCarriage return")
    LocationFactory(organization=org, city="=Kenora", address="1 Main St")
    db.session.commit()
    return org


def rows(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / f"{table}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_csv_export_prefixes_every_cell_a_spreadsheet_would_run(formula_listing, tmp_path):
    export(tmp_path / "package", "csv")
    [org] = rows(tmp_path / "package", "organizations")
    for column, value in FORMULAS.items():
        assert org[column] == "'" + value
    [service] = rows(tmp_path / "package", "services")
    assert service["name"] == "'\tTabbed service"
    assert service["description"] == "'\rCarriage return"
    [address] = rows(tmp_path / "package", "addresses")
    assert address["city"] == "'=Kenora" and address["address_1"] == "1 Main St"
    text = "".join(path.read_text(encoding="utf-8") for path in (tmp_path / "package").iterdir())
    assert ',"=HYPERLINK' not in text and ",=HYPERLINK" not in text


def test_protected_cells_import_back_as_they_were(formula_listing, db, tmp_path):
    export(tmp_path / "package", "csv")
    db.session.delete(formula_listing)
    db.session.commit()
    report = run_import(tmp_path / "package")
    assert report.problems == [] and report.created == 1
    org = db.session.scalars(sa.select(Organization)).one()
    assert org.name == FORMULAS["name"] and org.alternate_name == "+1+2"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _restricted_export(app, db, path: Path, fmt: str):
    admin = UserFactory(role=Role.ADMIN)
    db.session.commit()
    args = ["hsds", "export", str(path), "--format", fmt, "--include-restricted"]
    return app.test_cli_runner().invoke(args=[*args, "--as-user", admin.email])


def test_a_restricted_json_export_is_readable_by_its_owner_only(
    app, formula_listing, db, tmp_path, usual_umask
):
    path = tmp_path / "all.json"
    path.write_text("an older export, world-readable")
    path.chmod(0o644)
    result = _restricted_export(app, db, path, "json")
    assert result.exit_code == 0, result.output
    assert _mode(path) == 0o600
    assert "HYPERLINK" in path.read_text(encoding="utf-8")


def test_a_restricted_csv_export_is_readable_by_its_owner_only(
    app, formula_listing, db, tmp_path, usual_umask
):
    folder = tmp_path / "restricted"
    result = _restricted_export(app, db, folder, "csv")
    assert result.exit_code == 0, result.output
    assert _mode(folder) == 0o700
    files = sorted(folder.iterdir())
    assert len(files) > 10 and {path.name for path in files} >= {"datapackage.json", "contacts.csv"}
    assert {path.name: _mode(path) for path in files} == {path.name: 0o600 for path in files}


def test_a_public_export_keeps_the_usual_permissions(formula_listing, tmp_path, usual_umask):
    export(tmp_path / "public.json", "json")
    export(tmp_path / "public", "csv")
    assert _mode(tmp_path / "public.json") == 0o644
    assert _mode(tmp_path / "public" / "organizations.csv") == 0o644
