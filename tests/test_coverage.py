"""The coverage page: sectors × provinces and territories, its gaps, links and CSV."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest

from directory.models import AreaKind, OrganizationStatus
from directory.public.coverage import coverage_matrix
from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ServiceAreaFactory,
    ServiceFactory,
    term,
)

POLICING, HEALTH = "policing", "health-care"


def sectors(*slugs: str) -> list:
    return [term("sector", slug) for slug in slugs]


@pytest.fixture
def landscape(db):
    """A small directory exercising every rule of what counts where."""
    police = OrganizationFactory(name="City Police Unit", sectors=sectors(POLICING))
    LocationFactory(organization=police, province_code="ON")
    both = OrganizationFactory(name="Joint Team", sectors=sectors(POLICING, HEALTH))
    LocationFactory(organization=both, province_code="ON")
    LocationFactory(organization=both, city="Toronto", province_code="ON")  # still one in ON
    ServiceAreaFactory(organization=both, kind=AreaKind.PROVINCE, province_code="QC")
    clinic = OrganizationFactory(name="Prairie Clinic", sectors=sectors(HEALTH))
    ServiceAreaFactory(
        organization=clinic,
        kind=AreaKind.RADIUS,
        province_code="MB",
        latitude=49.9,
        longitude=-97.1,
        radius_km=80,
    )
    national = OrganizationFactory(name="Canada Line", sectors=sectors(POLICING))
    ServiceAreaFactory(organization=national, kind=AreaKind.NATIONAL, province_code=None)
    online = OrganizationFactory(name="Chat Support", sectors=sectors(HEALTH))
    ServiceFactory(organization=online, delivered_online=True)
    stale = OrganizationFactory(
        name="Stale Listing",
        sectors=sectors(POLICING),
        verified_at=datetime.now(UTC) - timedelta(days=600),
    )
    LocationFactory(organization=stale, province_code="NS")
    draft = OrganizationFactory(
        name="Draft Listing", sectors=sectors(POLICING), status=OrganizationStatus.DRAFT
    )
    LocationFactory(organization=draft, province_code="NS")
    db.session.commit()


def row(matrix, slug: str):
    return next(r for r in matrix.rows if r.sector.slug == slug)


def test_cells_count_locations_and_province_and_radius_areas(app, landscape):
    with app.test_request_context():
        matrix = coverage_matrix()

    police = row(matrix, POLICING)
    assert police.by_province["ON"] == 2
    assert police.by_province["QC"] == 1
    assert police.by_province["NS"] == 0  # stale and draft listings are left out
    health = row(matrix, HEALTH)
    assert {code: n for code, n in health.by_province.items() if n} == {"ON": 1, "QC": 1, "MB": 1}
    assert len(police.by_province) == 13
    assert all(n == 0 for n in row(matrix, "education").by_province.values())


def test_canada_wide_and_online_have_columns_of_their_own(app, landscape):
    with app.test_request_context():
        matrix = coverage_matrix()

    police, health = row(matrix, POLICING), row(matrix, HEALTH)
    assert (police.national, police.online, police.total) == (1, 0, 3)
    assert (health.national, health.online, health.total) == (0, 1, 3)
    assert police.by_province["BC"] == 0  # Canada-wide does not fill the provinces' gaps
    assert matrix.province_totals["ON"] == 2
    assert (matrix.national, matrix.online, matrix.total) == (1, 1, 5)
    assert matrix.gap_count == 17 * 13 - 5


def test_every_count_equals_the_search_it_links_to(app, client, landscape):
    with app.test_request_context():
        matrix = coverage_matrix()

    def found(query: str) -> int:
        return client.get(f"/api/v1/search?{query}").get_json()["total"]

    for sector_row in (row(matrix, POLICING), row(matrix, HEALTH)):
        slug = sector_row.sector.slug
        for code, count in sector_row.by_province.items():
            assert found(f"sector={slug}&province={code}") == count, (slug, code)
        assert found(f"sector={slug}&online=1") == sector_row.online
        assert found(f"sector={slug}") == sector_row.total
    for code, count in matrix.province_totals.items():
        assert found(f"province={code}") == count
    assert found("online=1") == matrix.online
    assert found("") == matrix.total


def test_queries_do_not_grow_with_the_directory(app, db, count_queries):
    def queries() -> int:
        with app.test_request_context(), count_queries() as statements:
            coverage_matrix()
        return len(statements)

    before = queries()
    for n in range(6):
        org = OrganizationFactory(sectors=sectors(POLICING, HEALTH, "education"))
        LocationFactory(organization=org, province_code=["ON", "BC", "NU"][n % 3])
        ServiceAreaFactory(organization=org, kind=AreaKind.PROVINCE, province_code="YT")
    db.session.commit()
    assert queries() == before <= 6


# --- The page ---------------------------------------------------------------------------------


def cell_html(html: str, sector: str, province: str) -> str:
    link = f'href="/search?sector={sector}&amp;province={province}"'
    match = re.search(rf'<td class="[^"]*">(?:(?!</td>).)*{re.escape(link)}.*?</td>', html, re.S)
    assert match, (sector, province)
    return match.group(0)


def test_page_shows_counts_and_marks_gaps_in_words(client, landscape):
    response = client.get("/coverage")
    assert response.status_code == 200
    html = response.get_data(as_text=True)

    filled = cell_html(html, POLICING, "ON")
    assert '<span class="coverage__count">2</span>' in filled
    assert "gap" not in filled
    empty = cell_html(html, POLICING, "BC")
    assert "coverage__cell--gap" in empty
    assert '<span class="coverage__count">0</span><span class="coverage__gap">gap</span>' in empty
    assert "Policing &amp; law enforcement in British Columbia" in empty  # named for links lists
    assert "sector and province combinations have no organization" in html


def test_every_province_cell_links_to_its_search(client, landscape):
    html = client.get("/coverage").get_data(as_text=True)
    links = re.findall(r'href="/search\?sector=([a-z-]+)&amp;province=([A-Z]{2})"', html)
    assert len(links) == 17 * 13
    assert 'href="/search?sector=policing&amp;online=1"' in html
    assert 'href="/search?sector=policing"' in html
    assert 'href="/search?province=NU"' in html


def test_table_is_accessible_and_scrolls_in_a_labelled_region(client, landscape):
    html = client.get("/coverage").get_data(as_text=True)
    assert (
        '<div class="table-scroll" role="region" aria-labelledby="coverage-title" tabindex="0">'
        in html
    )
    title = "Published organizations by sector and by province or territory"
    assert f'<h2 class="coverage-card__title" id="coverage-title">{title}</h2>' in html
    assert f'<caption class="visually-hidden">{title}</caption>' in html
    assert html.count('<th scope="row"') == 17 + 1
    assert html.count('<th scope="col"') == 1 + 13 + 3
    assert '<span class="visually-hidden">Nunavut</span>' in html
    assert " style=" not in html
    assert "<style" not in html
    # Scripts only from this site's static files (quick exit), never inline.
    assert all(
        tag.startswith('<script src="/static/') for tag in re.findall(r"<script[^>]*>", html)
    )


def test_main_navigation_links_to_coverage(client):
    assert 'href="/coverage"' in client.get("/").get_data(as_text=True)
    html = client.get("/coverage").get_data(as_text=True)
    assert 'href="/coverage" aria-current="page"' in html


# --- CSV ----------------------------------------------------------------------------------------


def test_csv_download(client, landscape):
    response = client.get("/coverage.csv")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="coverage.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    header = rows[0]
    assert header[:3] == ["sector_slug", "Sector", "BC"]
    assert header[-3:] == ["Across Canada", "Online", "All"]
    assert len(rows) == 1 + 17 + 1
    police = dict(zip(header, next(r for r in rows if r[0] == POLICING), strict=True))
    assert (police["ON"], police["QC"], police["BC"]) == ("2", "1", "0")
    assert (police["Across Canada"], police["Online"], police["All"]) == ("1", "0", "3")
    totals = dict(zip(header, rows[-1], strict=True))
    assert (totals["Sector"], totals["ON"], totals["All"]) == ("All sectors", "2", "5")
