"""``/search.csv``: the same search as ``/search``, every page, public fields only, capped."""

from __future__ import annotations

import csv
import io

from config import TestConfig
from directory import create_app
from directory.models import ContactVisibility, Role
from directory.public import search_csv
from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ReferralContactFactory,
    ServiceAreaFactory,
    ServiceFactory,
    UserFactory,
    term,
)
from tests.listing_helpers import browser_for


def rows(response) -> list[dict[str, str]]:
    body = response.get_data().decode("utf-8")
    assert body.startswith("\ufeff")  # Excel reads UTF-8 only with the mark
    return list(csv.DictReader(io.StringIO(body[1:])))


def catalogue(db):
    near = OrganizationFactory(
        name="Lakehead Youth Clinic",
        sectors=[term("sector", "health-care")],
        phone="807-555-0101",
        website="https://clinic.example.org",
    )
    ServiceFactory(organization=near, name="Sexual health clinic")
    LocationFactory(organization=near, latitude=48.42, longitude=-89.26)
    ReferralContactFactory(
        organization=near,
        name="Charge nurse",
        email="charge.nurse@clinic.example.org",
        visibility=ContactVisibility.PROFESSIONALS,
    )
    shelter = OrganizationFactory(name="Northern Shelter", sectors=[term("sector", "health-care")])
    LocationFactory(
        organization=shelter,
        city="Sudbury",
        address="9 Secret Road",
        postal_code="P3A 0A1",
        latitude=46.49,
        longitude=-80.99,
        confidential=True,
    )
    ServiceAreaFactory(organization=shelter, kind="province", province_code="ON")
    OrganizationFactory(name="Calgary Police", sectors=[term("sector", "policing")])
    db.session.commit()


def test_same_search_as_the_page_with_public_fields(make_client, db):
    catalogue(db)
    moderator = UserFactory(role=Role.MODERATOR)  # even a moderator gets public fields only
    db.session.commit()
    client = browser_for(make_client, moderator)
    response = client.get("/search.csv?sector=health-care&near=Thunder+Bay")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="directory-search.csv"'
    )
    assert response.headers["X-Total-Results"] == "2"
    assert response.headers["X-Exported-Rows"] == "2"
    found = rows(response)
    assert list(found[0]) == list(search_csv.HEADER)
    clinic, shelter = found
    assert clinic["name"] == "Lakehead Youth Clinic"
    assert clinic["sectors"] == "Health care"
    assert clinic["services"] == "Sexual health clinic"
    assert (clinic["city"], clinic["province"]) == ("Thunder Bay", "Ontario")
    assert clinic["website"] == "https://clinic.example.org"
    assert clinic["phone"] == "807-555-0101"
    assert 4 < float(clinic["distance_km"]) < 6
    assert clinic["serves_area"] == "no"
    assert clinic["profile_url"] == "http://localhost/organizations/lakehead-youth-clinic"
    assert (shelter["name"], shelter["city"], shelter["serves_area"]) == (
        "Northern Shelter",
        "Sudbury",
        "yes",
    )
    body = response.get_data(as_text=True)
    for secret in ["9 Secret Road", "P3A 0A1", "charge.nurse@clinic.example.org", "Charge nurse"]:
        assert secret not in body


def test_every_page_at_once_and_the_link_keeps_the_query(client, db):
    OrganizationFactory.create_batch(25, sectors=[term("sector", "policing")])
    db.session.commit()
    page = client.get("/search?sector=policing&page=2").get_data(as_text=True)
    assert 'href="/search.csv?sector=policing"' in page
    assert "at most 5,000 rows" in page
    assert len(rows(client.get("/search.csv?sector=policing&page=2"))) == 25


def test_capped_and_said_so(client, db, monkeypatch):
    OrganizationFactory.create_batch(3)
    db.session.commit()
    monkeypatch.setattr(search_csv, "MAX_ROWS", 2)
    response = client.get("/search.csv")
    assert len(rows(response)) == 2
    assert (response.headers["X-Total-Results"], response.headers["X-Exported-Rows"]) == (
        "3",
        "2",
    )


def test_cells_never_become_formulas(client, db):
    OrganizationFactory(name="@SUM(A1:A9) Services", website="-2+3")
    db.session.commit()
    (row,) = rows(client.get("/search.csv"))
    assert row["name"] == "'@SUM(A1:A9) Services"
    assert row["website"] == "'-2+3"


def test_bad_parameters_are_dropped_not_a_500(client, db):
    OrganizationFactory(name="Anyone")
    db.session.commit()
    response = client.get("/search.csv?sector=nope&radius_km=abc&page=-4")
    assert response.status_code == 200
    assert [r["name"] for r in rows(response)] == ["Anyone"]


def test_downloads_are_rate_limited(tmp_path):
    from flask_migrate import upgrade

    from directory.extensions import db as _db

    class Limited(TestConfig):
        RATELIMIT_ENABLED = True
        RATELIMIT_STORAGE_URI = "memory://"
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'limits.sqlite3'}"

    app = create_app(Limited)
    with app.app_context():
        upgrade()
    client = app.test_client()
    codes = [client.get("/search.csv").status_code for _ in range(11)]
    assert codes[:10] == [200] * 10 and codes[10] == 429
    assert "Too many downloads" in client.get("/search.csv").get_data(as_text=True)
    with app.app_context():
        _db.engine.dispose()
