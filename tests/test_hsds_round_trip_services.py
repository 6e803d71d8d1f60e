"""HSDS export then import keeps where each service is offered, its status, and the place a
radius is around (issue 17: service at location, status, radius place)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from directory.hsds import ids
from directory.hsds.exporter import export
from directory.hsds.import_run import run_import
from directory.models import AreaKind, Organization, Service, ServiceArea, ServiceStatus
from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ServiceAreaFactory,
    ServiceFactory,
)


def _reimport(db, source: Path) -> None:
    for org in db.session.scalars(sa.select(Organization)).all():
        db.session.delete(org)
    db.session.commit()
    report = run_import(source)
    assert report.problems == []


def _radius(db) -> ServiceArea:
    return db.session.scalars(sa.select(ServiceArea).filter_by(kind=AreaKind.RADIUS)).one()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_radius_around_a_confidential_location_keeps_its_place_publicly(db, tmp_path, fmt):
    shelter = OrganizationFactory(name="Harbour House")
    ServiceFactory(organization=shelter, name="Emergency beds")
    LocationFactory(
        organization=shelter,
        city="Kenora",
        confidential=True,
        latitude=49.7667,
        longitude=-94.4894,
    )
    ServiceAreaFactory(
        organization=shelter,
        kind=AreaKind.RADIUS,
        province_code=None,
        latitude=49.7667,
        longitude=-94.4894,
        radius_km=100,
    )
    db.session.commit()
    source = tmp_path / ("package" if fmt == "csv" else "export.json")
    export(source, fmt)  # public: the centre (the shelter's own point) is withheld
    assert "49.7667" not in (source.read_text() if fmt == "json" else "")

    _reimport(db, source)
    area = _radius(db)
    assert (area.region_name, area.radius_km) == ("Kenora", 100)
    # Placed again at the town (the gazetteer's centre), not at the shelter's own point.
    assert area.latitude is not None and abs(area.latitude - 49.77) < 0.2
    assert area.province_code == "ON"


def test_a_named_radius_keeps_its_name_and_is_placed_again(db, tmp_path, client):
    org = OrganizationFactory(name="Northern Reach")
    ServiceFactory(organization=org, name="Outreach")
    LocationFactory(organization=org, city="Thunder Bay", latitude=48.38, longitude=-89.25)
    ServiceAreaFactory(
        organization=org,
        kind=AreaKind.RADIUS,
        province_code="ON",
        region_name="Sioux Lookout",
        latitude=50.1,
        longitude=-91.92,
        radius_km=250,
    )
    db.session.commit()
    export(tmp_path / "export.json", "json")
    exported = json.loads((tmp_path / "export.json").read_text())
    (area_document,) = exported[0]["services"][0]["service_areas"]
    assert area_document["name"] == "Within 250 km of Sioux Lookout"
    assert "latitude" not in json.loads(area_document["extent"])

    _reimport(db, tmp_path / "export.json")
    area = _radius(db)
    assert area.region_name == "Sioux Lookout"
    assert area.latitude is not None and abs(area.longitude - (-91.92)) < 0.3
    slug = db.session.scalars(sa.select(Organization.slug)).one()
    assert "Within 250 km of Sioux Lookout" in client.get(f"/organizations/{slug}").text


def _offered(db) -> dict[str, tuple[str, list[str]]]:
    """Each service's status and the cities it is offered in."""
    return {
        service.name: (service.status, [location.city for location in service.locations])
        for service in db.session.scalars(sa.select(Service))
    }


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_where_each_service_is_offered_and_its_status_survive_export_and_import(db, tmp_path, fmt):
    org = OrganizationFactory(name="Two Rivers Youth Services")
    regina = LocationFactory(organization=org, city="Regina", province_code="SK")
    saskatoon = LocationFactory(organization=org, city="Saskatoon", province_code="SK")
    ServiceFactory(organization=org, name="Drop-in", locations=[saskatoon])
    ServiceFactory(
        organization=org,
        name="Court support",
        locations=[regina, saskatoon],
        status=ServiceStatus.TEMPORARILY_CLOSED,
    )
    ServiceFactory(organization=org, name="Phone line", locations=[], status=ServiceStatus.INACTIVE)
    ServiceFactory(organization=org, name="Old group", locations=[regina], status="defunct")
    db.session.commit()
    before = _offered(db)
    assert before["Drop-in"] == ("active", ["Saskatoon"])

    source = tmp_path / ("package" if fmt == "csv" else "export.json")
    export(source, fmt)
    if fmt == "csv":
        pairs = (source / "service_at_location.csv").read_text().strip().splitlines()
        assert len(pairs) == 1 + 4  # the header, then only the four real pairs
        services = (source / "services.csv").read_text()
        assert "temporarily closed" in services and "defunct" in services
    _reimport(db, source)
    assert _offered(db) == before
    # A second import of the same file changes nothing.
    assert run_import(source).unchanged == 1


def test_an_import_offers_a_service_only_where_its_source_says(db, tmp_path):
    record = {
        "id": "org-1",
        "name": "Lakeshore Outreach",
        "locations": [
            {"id": "loc-a", "name": "North", "addresses": [_address("Thunder Bay")]},
            {"id": "loc-b", "name": "South", "addresses": [_address("Kenora")]},
        ],
        "services": [
            {
                "id": "svc-1",
                "name": "Street outreach",
                "status": "Temporarily_Closed",
                "service_at_locations": [{"id": "sal-1", "location_id": "loc-b"}],
            },
            {"id": "svc-2", "name": "Counselling", "status": "active"},
        ],
    }
    (tmp_path / "one.json").write_text(json.dumps(record))
    assert run_import(tmp_path / "one.json", source="lakeshore").problems == []
    assert _offered(db) == {
        "Street outreach": ("temporarily closed", ["Kenora"]),
        "Counselling": ("active", []),
    }


def _address(city: str) -> dict:
    return {
        "id": f"addr-{city}",
        "address_1": "1 Main Street",
        "city": city,
        "state_province": "ON",
        "postal_code": "P7B 1A1",
        "country": "CA",
        "address_type": "physical",
    }


def test_the_api_lists_only_the_places_a_service_is_offered(client, db):
    org = OrganizationFactory(name="Two Rivers Youth Services")
    regina = LocationFactory(organization=org, city="Regina", province_code="SK")
    saskatoon = LocationFactory(organization=org, city="Saskatoon", province_code="SK")
    drop_in = ServiceFactory(organization=org, name="Drop-in", locations=[saskatoon])
    ServiceFactory(organization=org, name="Court support", status=ServiceStatus.TEMPORARILY_CLOSED)
    db.session.commit()
    body = client.get("/api/hsds/service_at_locations?full=true").get_json()
    pairs = sorted(
        (item["service"]["name"], item["location"]["addresses"][0]["city"])
        for item in body["contents"]
    )
    assert pairs == [
        ("Court support", "Regina"),
        ("Court support", "Saskatoon"),
        ("Drop-in", "Saskatoon"),
    ]
    services = client.get("/api/hsds/services?full=true").get_json()["contents"]
    assert {s["name"]: s["status"] for s in services} == {
        "Drop-in": "active",
        "Court support": "temporarily closed",
    }
    not_offered = ids.service_at_location_id(drop_in.hsds_id, regina.hsds_id)
    assert client.get(f"/api/hsds/service_at_locations/{not_offered}").status_code == 404
    offered = ids.service_at_location_id(drop_in.hsds_id, saskatoon.hsds_id)
    assert client.get(f"/api/hsds/service_at_locations/{offered}").get_json()["name"] == "Drop-in"


def test_a_place_that_names_no_kept_location_is_left_out_with_a_note(db, tmp_path):
    record = {
        "id": "org-2",
        "name": "Prairie Outreach",
        "locations": [
            {"id": "loc-a", "addresses": [_address("Regina") | {"state_province": "SK"}]}
        ],
        "services": [
            {
                "id": "svc-1",
                "name": "Outreach",
                "service_at_locations": [
                    {"id": "sal-1", "location_id": "loc-a"},
                    {"id": "sal-2", "location_id": "loc-elsewhere"},
                ],
            }
        ],
    }
    (tmp_path / "one.json").write_text(json.dumps(record))
    report = run_import(tmp_path / "one.json", source="lakeshore")
    assert report.problems == []
    (note,) = report.notes
    # The note names the field; the id is the namespaced one (``--source`` made it a UUID).
    assert "services[0].service_at_locations[1]: location '" in note
    assert "is not a kept location; left out" in note
    assert _offered(db) == {"Outreach": ("active", ["Regina"])}
