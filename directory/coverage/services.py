"""What the coverage pages show, from ``gaps`` and ``demand``: filtering, sorting, CSV rows."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import get_locale, gettext

from directory.coverage.gaps import CityGaps, GapTable, gap_table
from directory.search.service import vocabulary_options
from directory.search.vocabulary import ProvinceTerm, Term

SORTS = ("population", "gaps")


class BadChoice(ValueError):
    """A filter value the page does not know (a clear 400)."""


@dataclass(frozen=True)
class GapsView:
    table: GapTable
    cities: list[CityGaps]
    province: str
    sort: str
    provinces: Mapping[str, Term | ProvinceTerm]

    @property
    def gap_count(self) -> int:
        return sum(city.gap_count for city in self.cities)

    @property
    def filled_labels(self) -> list[str]:
        """What a ✓ says to a screen reader, per role (made once, not once per cell)."""
        return [gettext("%(role)s: yes", role=role.label) for role in self.table.roles]


def gaps_view(args: Mapping[str, str]) -> GapsView:
    provinces = vocabulary_options()["province"]
    province = args.get("province", "").strip().upper()
    sort = args.get("sort", "population").strip() or "population"
    if province and province not in provinces:
        raise BadChoice(gettext("There is no province or territory “%(code)s”.", code=province))
    if sort not in SORTS:
        raise BadChoice(gettext("Sort by population or by gaps."))
    table = gap_table()
    chosen = [c for c in table.cities if not province or c.place.province == province]
    if sort == "gaps":  # most gaps first, then the largest (the order of the table)
        chosen.sort(key=lambda c: -c.gap_count)
    return GapsView(table, chosen, province, sort, provinces)


def gaps_csv_rows(view: GapsView) -> tuple[list[str], Iterator[list[Any]]]:
    header = [
        gettext("City"),
        gettext("Province or territory"),
        gettext("Population"),
        "latitude",
        "longitude",
        *(role.slug for role in view.table.roles),
        gettext("Gaps"),
    ]

    def rows() -> Iterator[list[Any]]:
        for city in view.cities:
            place = city.place
            yield [
                place.name,
                place.province or "",
                place.population,
                place.latitude,
                place.longitude,
                *("yes" if filled else "gap" for filled in city.filled),
                city.gap_count,
            ]

    return header, rows()


def map_data(view: GapsView) -> dict[str, Any]:
    """The cities for the gaps map (public gazetteer points and counts only)."""
    roles = view.table.roles
    return {
        "cities": [
            {
                "name": f"{c.place.name}, {c.place.province}",
                "lat": c.place.latitude,
                "lng": c.place.longitude,
                "gaps": c.gap_count,
                "missing": ", ".join(
                    str(role.label) for role, ok in zip(roles, c.filled, strict=True) if not ok
                ),
            }
            for c in view.cities
        ],
        "text": {
            "gaps": gettext("gaps"),
            "none": gettext("No gap"),
            "missing": gettext("Missing within %(km)d km", km=view.table.radius_km),
        },
        "roles": len(roles),
        "locale": str(get_locale() or "en"),
    }
