"""Where help is missing: published organizations by sector and province or territory.

A cell counts the organizations of a sector that are *in* a province the way search's
``province`` filter sees it — a location there, or a service area of kind province, region or
radius there — so every number equals the result count of the search it links to
(``/search?sector=…&province=…``): only what search finds is counted (``search.findable``:
published, not hidden for staleness).

Canada-wide and online organizations are *not* counted in every province: they get columns of
their own, so that a province with no local organization in a sector still shows as a gap.

Everything comes from six grouped queries, whatever the number of cells.

Rows are sectors by default; ``by="service"`` or ``by="population"`` makes them the service
types or populations served of the organizations' services (an organization counts in a row
when one of its services has that term, as search's ``service`` and ``population`` filters
find it), each row linking to the same search with that filter.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import get_locale, gettext

from directory.extensions import db
from directory.models import (
    AreaKind,
    Location,
    Organization,
    Province,
    Service,
    ServiceArea,
    TaxonomyTerm,
    Vocabulary,
)
from directory.models.organization import (
    organization_sector,
    service_population,
    service_type_link,
)
from directory.search.findable import findable

# ``?by=`` → the vocabulary of the rows (the key is also the search filter's parameter).
DIMENSIONS = {
    "sector": Vocabulary.SECTOR,
    "service": Vocabulary.SERVICE_TYPE,
    "population": Vocabulary.POPULATION,
}


@dataclass(frozen=True)
class SectorRow:
    sector: TaxonomyTerm
    by_province: dict[str, int]  # province code → organizations (every province present)
    national: int  # with a Canada-wide service area
    online: int  # serving online (an online area or a service delivered online)
    total: int  # every organization of the sector in search

    @property
    def gap_count(self) -> int:
        return sum(1 for n in self.by_province.values() if n == 0)


@dataclass(frozen=True)
class CoverageMatrix:
    provinces: list[Province]
    rows: list[SectorRow]
    province_totals: dict[str, int]  # organizations of any sector in the province
    national: int
    online: int
    total: int
    by: str = "sector"  # a DIMENSIONS key: what the rows are

    @property
    def gap_count(self) -> int:
        return sum(row.gap_count for row in self.rows)


def _term_links(by: str) -> sa.Subquery:
    """(organization, term) pairs of the dimension: sectors, or their services' terms."""
    if by == "sector":
        return sa.select(organization_sector).subquery("links")
    link = service_type_link if by == "service" else service_population
    return (
        sa.select(Service.organization_id.label("organization_id"), link.c.term_id)
        .join(link, link.c.service_id == Service.id)
        .distinct()
        .subquery("links")
    )


def coverage_matrix(by: str = "sector") -> CoverageMatrix:
    """The matrix with rows of the ``by`` dimension (a ``DIMENSIONS`` key)."""
    visible = findable()
    sectors = list(
        db.session.scalars(
            sa.select(TaxonomyTerm)
            .where(TaxonomyTerm.vocabulary == DIMENSIONS[by])
            .order_by(TaxonomyTerm.position)
        )
    )
    provinces = list(db.session.scalars(sa.select(Province).order_by(Province.position)))
    links = _term_links(by)
    cells = _cells(visible, links)
    extras = _sector_extras(visible, links)
    rows = []
    for sector in sectors:
        by_province = {p.code: cells[sector.id].get(p.code, 0) for p in provinces}
        rows.append(SectorRow(sector, by_province, *extras.get(sector.id, (0, 0, 0))))
    province_totals = _province_totals(visible)
    national, online, total = _overall(visible)
    return CoverageMatrix(
        provinces=provinces,
        rows=rows,
        province_totals={p.code: province_totals.get(p.code, 0) for p in provinces},
        national=national,
        online=online,
        total=total,
        by=by,
    )


def _presence() -> sa.Subquery:
    """(organization, province) pairs: a location there, or a province/region/radius area
    there (regions and radii only with a centre, as the search index requires)."""
    located = sa.select(
        Location.organization_id.label("organization_id"),
        Location.province_code.label("province_code"),
    )
    served = sa.select(ServiceArea.organization_id, ServiceArea.province_code).where(
        ServiceArea.province_code.is_not(None),
        sa.or_(
            ServiceArea.kind == AreaKind.PROVINCE,
            sa.and_(
                ServiceArea.kind.in_([AreaKind.REGION, AreaKind.RADIUS]),
                ServiceArea.latitude.is_not(None),
            ),
        ),
    )
    return sa.union(located, served).subquery("presence")


def _cells(visible: sa.ColumnElement[bool], links: sa.Subquery) -> dict[int, dict[str, int]]:
    presence = _presence()
    organizations = sa.func.count(sa.distinct(presence.c.organization_id))
    stmt = (
        sa.select(links.c.term_id, presence.c.province_code, organizations)
        .join(links, links.c.organization_id == presence.c.organization_id)
        .join(Organization, Organization.id == presence.c.organization_id)
        .where(visible)
        .group_by(links.c.term_id, presence.c.province_code)
    )
    cells: dict[int, dict[str, int]] = defaultdict(dict)
    for term_id, province_code, count in db.session.execute(stmt):
        cells[term_id][province_code] = count
    return cells


def _province_totals(visible: sa.ColumnElement[bool]) -> dict[str, int]:
    presence = _presence()
    stmt = (
        sa.select(presence.c.province_code, sa.func.count(sa.distinct(presence.c.organization_id)))
        .join(Organization, Organization.id == presence.c.organization_id)
        .where(visible)
        .group_by(presence.c.province_code)
    )
    return {code: count for code, count in db.session.execute(stmt)}


def _has_area(kind: AreaKind) -> sa.Exists:
    return sa.exists().where(
        ServiceArea.organization_id == Organization.id, ServiceArea.kind == kind
    )


def _reach_counts() -> tuple[sa.ColumnElement[int], ...]:
    """Counts of organizations: Canada-wide, online (the search's ``online`` flag), all."""
    online_service = sa.exists().where(
        Service.organization_id == Organization.id, Service.delivered_online.is_(True)
    )
    online = sa.or_(_has_area(AreaKind.ONLINE), online_service)
    return (
        sa.func.count(sa.case((_has_area(AreaKind.NATIONAL), Organization.id))),
        sa.func.count(sa.case((online, Organization.id))),
        sa.func.count(Organization.id),
    )


def _sector_extras(
    visible: sa.ColumnElement[bool], links: sa.Subquery
) -> dict[int, tuple[int, int, int]]:
    stmt = (
        sa.select(links.c.term_id, *_reach_counts())
        .join(Organization, Organization.id == links.c.organization_id)
        .where(visible)
        .group_by(links.c.term_id)
    )
    return {row[0]: (row[1], row[2], row[3]) for row in db.session.execute(stmt)}


def _overall(visible: sa.ColumnElement[bool]) -> tuple[int, int, int]:
    row = db.session.execute(sa.select(*_reach_counts()).where(visible)).one()
    return row[0], row[1], row[2]


def dimension_label(by: str) -> str:
    return {
        "sector": gettext("Sector"),
        "service": gettext("Service type"),
        "population": gettext("Population served"),
    }[by]


def matrix_as_csv(matrix: CoverageMatrix) -> str:
    """The matrix as CSV: a header row, one row per term, then the all-terms row."""
    locale = str(get_locale() or "en")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            f"{matrix.by}_slug",
            dimension_label(matrix.by),
            *(p.code for p in matrix.provinces),
            gettext("Across Canada"),
            gettext("Online"),
            gettext("All"),
        ]
    )
    for row in matrix.rows:
        writer.writerow(
            [
                row.sector.slug,
                row.sector.label(locale),
                *(row.by_province[p.code] for p in matrix.provinces),
                row.national,
                row.online,
                row.total,
            ]
        )
    writer.writerow(
        [
            "",
            gettext("All sectors") if matrix.by == "sector" else gettext("All"),
            *(matrix.province_totals[p.code] for p in matrix.provinces),
            matrix.national,
            matrix.online,
            matrix.total,
        ]
    )
    return out.getvalue()
