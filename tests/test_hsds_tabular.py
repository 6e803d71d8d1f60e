"""The CSV export passes Frictionless validation, with zero errors, against the official
HSDS 3.0 tabular schema (``tabular.json``: required fields, types, formats, enums, primary and
foreign keys) and against its own ``datapackage.json``, which declares the same."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from directory.hsds.exporter import export
from directory.hsds.import_run import run_import
from directory.models import AreaKind, Location, Organization, ServiceArea
from seed.demo import load_demo
from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ServiceAreaFactory,
    ServiceFactory,
)
from tests.hsds_reference import needs_reference, schema, tabular_package

frictionless = pytest.importorskip("frictionless")


def errors(package: dict | str, folder: Path) -> list[str]:
    """Every error Frictionless finds in the package (the first 20), as readable lines."""
    report = frictionless.Package(package, basepath=str(folder)).validate()
    found = [error.message for error in report.errors]
    found += [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]
    return found[:20]


def official_errors(folder: Path) -> list[str]:
    return errors(tabular_package(folder), folder)


def own_errors(folder: Path) -> list[str]:
    return errors(str(folder / "datapackage.json"), folder)


def rows(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / f"{table}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def private_parts(db):
    """A shelter at a confidential address with a radius around it, an imported listing
    lacking what HSDS requires, and a listing visible to vetted professionals only."""
    shelter = OrganizationFactory(name="Harbour House", description="Emergency shelter.")
    LocationFactory(
        organization=shelter,
        city="Kenora",
        province_code="ON",
        address="1 Secret Lane",
        postal_code="P9N 1A1",
        confidential=True,
        latitude=49.77,
        longitude=-94.47,
    )
    ServiceFactory(organization=shelter, name="Emergency beds")
    ServiceAreaFactory(
        organization=shelter,
        kind=AreaKind.RADIUS,
        province_code="ON",
        region_name="Kenora",
        latitude=49.77,
        longitude=-94.47,
        radius_km=100,
    )
    # Imported without a description, at a place known by its city only.
    imported = OrganizationFactory(name="Northern Outreach", description="")
    LocationFactory(
        organization=imported,
        city="Thunder Bay",
        province_code="ON",
        address=None,
        postal_code=None,
    )
    hidden = OrganizationFactory(name="Quiet Referral Network", professionals_only=True)
    ServiceFactory(organization=hidden, name="Case consultation")
    db.session.commit()
    return shelter


@needs_reference
def test_the_demo_data_exports_valid_against_the_official_schema_and_its_own(db, tmp_path):
    load_demo()
    db.session.commit()
    folder = tmp_path / "demo"
    assert export(folder, "csv") > 50
    assert official_errors(folder) == []
    assert own_errors(folder) == []


@needs_reference
@pytest.mark.parametrize("include_restricted", [False, True])
def test_confidential_and_professionals_only_listings_export_valid(
    private_parts, tmp_path, include_restricted
):
    folder = tmp_path / "package"
    export(folder, "csv", include_restricted=include_restricted)
    assert official_errors(folder) == []
    assert own_errors(folder) == []
    organizations = {org["name"]: org["description"] for org in rows(folder, "organizations")}
    # HSDS requires a description: one the listing lacks is its name.
    assert organizations == {
        "Harbour House": "Emergency shelter.",
        "Northern Outreach": "Northern Outreach",
    }
    [area] = rows(folder, "service_areas")
    assert "Kenora" in area["name"]


@needs_reference
def test_a_confidential_location_publishes_its_city_and_province_only(private_parts, tmp_path):
    folder = tmp_path / "package"
    export(folder, "csv")
    location = next(row for row in rows(folder, "locations") if row["description"])
    assert location["description"].startswith("Confidential location in Kenora, ON")
    assert location["latitude"] == location["longitude"] == ""
    # Its address lacks the required street address and postal code: no row at all (nor for
    # the place known by its city only).
    assert rows(folder, "addresses") == []
    assert len(rows(folder, "locations")) == 2
    text = "".join(path.read_text(encoding="utf-8") for path in folder.iterdir())
    assert "Secret Lane" not in text and "P9N" not in text and "49.77" not in text


def test_a_public_export_imports_back_with_its_places(private_parts, db, tmp_path):
    """No address row, but the ``city-province`` attribute: the importer places them."""
    folder = tmp_path / "package"
    export(folder, "csv")
    for org in db.session.scalars(sa.select(Organization)).all():
        db.session.delete(org)
    db.session.commit()
    report = run_import(folder)
    assert report.problems == [] and report.created == 2
    places = {
        (loc.city, loc.province_code, loc.confidential, loc.address, loc.postal_code)
        for loc in db.session.scalars(sa.select(Location))
    }
    assert places == {("Kenora", "ON", True, None, None), ("Thunder Bay", "ON", False, None, None)}
    # The radius keeps its place name; its centre (the shelter's point) was never published,
    # so the import places it at the town's gazetteer centre, never at the shelter.
    [area] = db.session.scalars(sa.select(ServiceArea))
    assert (area.kind, area.region_name, area.radius_km) == (AreaKind.RADIUS, "Kenora", 100)
    assert area.latitude is not None and (area.latitude, area.longitude) != (49.77, -94.47)


@needs_reference
def test_a_broken_foreign_key_is_found_by_both_validators(private_parts, tmp_path):
    folder = tmp_path / "package"
    export(folder, "csv")
    services = rows(folder, "services")
    services[0]["organization_id"] = "00000000-0000-4000-8000-000000000000"
    with (folder / "services.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, list(services[0]))
        writer.writeheader()
        writer.writerows(services)
    for found in (official_errors(folder), own_errors(folder)):
        assert len(found) == 1 and "foreign key" in found[0], found


@needs_reference
def test_the_datapackage_declares_what_the_official_schema_does(private_parts, tmp_path):
    """Each table we write has the official columns in the official order, with the same
    types, formats, required fields and enums; and every official foreign key."""
    folder = tmp_path / "package"
    export(folder, "csv")
    names = {name: t["items"]["path"] for name, t in schema("tabular")["properties"].items()}
    official = {names[r["name"]]: r for r in tabular_package(folder)["resources"]}
    own = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for resource in own["resources"]:
        reference = official[resource["path"]]["schema"]
        declared = resource["schema"]
        assert declared["fields"] == reference["fields"], resource["path"]
        assert declared["primaryKey"] == reference["primaryKey"]
        own_keys = {
            (key["fields"], f"{key['reference']['resource']}.csv")
            for key in declared["foreignKeys"]
        }
        official_keys = {
            (key["fields"], names[key["reference"]["resource"]])
            for key in reference["foreignKeys"]
            if (folder / names[key["reference"]["resource"]]).is_file()
        }
        assert own_keys == official_keys, resource["path"]
