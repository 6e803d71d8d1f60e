"""One counting rule: the home page's total and sector tiles, the coverage matrix and search
count the same organizations — published and not hidden for staleness (search.findable)."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest

from directory.models import ListingSource, OrganizationStatus
from tests.factories import LocationFactory, OrganizationFactory, term
from tests.test_public import page_text

DUE = timedelta(days=400)  # past REVERIFY_AFTER_MONTHS (12): still in search
HIDDEN = timedelta(days=600)  # past HIDE_AFTER_MONTHS (18): out of search
SECTORS = ["survivor-led", "policing", "health-care"]


def ago(delta: timedelta) -> datetime:
    return datetime.now(UTC) - delta


@pytest.fixture
def directory_of_every_kind(db):
    """Per sector: what search finds (fresh, due, a recent unverified import) and what it
    does not (hidden, an old unverified import, draft, pending, archived)."""
    for slug in SECTORS:
        sectors = [term("sector", slug)]
        findable = [
            OrganizationFactory(sectors=sectors),
            OrganizationFactory(sectors=sectors, verified_at=ago(DUE)),
            OrganizationFactory(sectors=sectors, source=ListingSource.IMPORTED, verified_at=None),
        ]
        OrganizationFactory(sectors=sectors, verified_at=ago(HIDDEN))
        OrganizationFactory(
            sectors=sectors,
            source=ListingSource.IMPORTED,
            verified_at=None,
            created_at=ago(HIDDEN),
        )
        OrganizationFactory(sectors=sectors, status=OrganizationStatus.DRAFT)
        OrganizationFactory(sectors=sectors, status=OrganizationStatus.PENDING)
        OrganizationFactory(sectors=sectors, status=OrganizationStatus.ARCHIVED)
        for organization in findable:
            LocationFactory(organization=organization, province_code="MB")
    # Two sectors on one listing count once in the total, once in each tile.
    OrganizationFactory(sectors=[term("sector", "policing"), term("sector", "survivor-led")])
    db.session.commit()


def search_total(client, query: str = "") -> int:
    text = page_text(client.get(f"/search{query}"))
    found = re.search(r"(\d+) organizations? found", text)
    return int(found.group(1)) if found else 0


def test_home_total_and_tiles_equal_what_search_finds(client, directory_of_every_kind):
    home = page_text(client.get("/"))
    total = int(re.search(r"Browse all (\d+) organizations", home).group(1))
    assert total == search_total(client) == 3 * 3 + 1
    assert client.get("/api/v1/search").get_json()["total"] == total
    for slug, label in [
        ("survivor-led", "Survivor-led"),
        ("policing", "Policing & law enforcement"),
        ("health-care", "Health care"),
    ]:
        tile = int(re.search(rf"{re.escape(label)} (\d+) organizations?", home).group(1))
        assert tile == search_total(client, f"?sector={slug}"), slug
    assert "Survivor-led 4 organizations" in home
    assert "Health care 3 organizations" in home


def test_recently_verified_shows_only_findable_listings(client, db):
    OrganizationFactory(name="Long Unconfirmed Shelter", verified_at=ago(HIDDEN))
    db.session.commit()
    home = page_text(client.get("/"))
    assert "Long Unconfirmed Shelter" not in home
    assert "Browse all 0 organizations" in home


def test_coverage_counts_what_search_finds(client, directory_of_every_kind):
    header, *rows = csv.reader(io.StringIO(client.get("/coverage.csv").get_data(as_text=True)))
    manitoba = header.index("MB")
    for cells in rows:
        if cells[0] == "health-care":
            assert int(cells[manitoba]) == search_total(client, "?sector=health-care&province=MB")
            assert int(cells[manitoba]) == 3
            break
    else:
        pytest.fail("no health-care row in coverage.csv")
