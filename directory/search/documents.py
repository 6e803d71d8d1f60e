"""What the index knows about one organization: built from the model, nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from directory.geo import bounding_box, get_gazetteer
from directory.models import AreaKind, Organization
from directory.search.text import (
    area_box_tokens,
    facet_token,
    fold,
    point_cell_tokens,
)

DEFAULT_REGION_RADIUS_KM = 50.0  # a named city/region without its own radius


@dataclass
class IndexEntry:
    organization_id: int
    name: str
    name_text: str
    body_text: str
    tags: list[str] = field(default_factory=list)
    points: list[tuple[float, float]] = field(default_factory=list)
    facets: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    verified_at: datetime | None = None

    @property
    def points_text(self) -> str:
        return ";".join(f"{lat:.5f},{lng:.5f}" for lat, lng in self.points)


def city_centre(city: str, province: str) -> tuple[float, float] | None:
    place = get_gazetteer().lookup(f"{city}, {province}").place
    return place.point if place else None


def location_point(location) -> tuple[float, float] | None:  # noqa: ANN001 - a Location
    """Where a location counts on the map: confidential ones at their city's centre only."""
    if location.confidential:
        centre = city_centre(location.city, location.province_code)
        if centre:
            return centre
        if location.latitude is None or location.longitude is None:
            return None
        return round(location.latitude, 1), round(location.longitude, 1)  # ~10 km blur
    if location.latitude is None or location.longitude is None:
        return city_centre(location.city, location.province_code)
    return location.latitude, location.longitude


def build_entry(org: Organization) -> IndexEntry:
    services = org.services
    entry = IndexEntry(
        organization_id=org.id,
        name=org.name,
        name_text=fold(f"{org.name} {org.alternate_name or ''}"),
        body_text=fold(
            " ".join(
                [org.description or "", org.description_fr or ""]
                + [f"{s.name} {s.description or ''}" for s in services]
            )
        ),
        verified_at=org.verified_at,
    )
    facets: set[str] = {f"sector:{t.slug}" for t in org.sectors}
    for service in services:
        facets.update(f"service:{t.slug}" for t in service.types)
        facets.update(f"population:{t.slug}" for t in service.populations)
        facets.update(f"language:{t.slug}" for t in service.languages)
        if service.open_24_7:
            facets.add("flag:open_24_7")
        if service.accepting_referrals:
            facets.add("flag:accepting_referrals")
        if service.delivered_online:
            facets.add("flag:online")
    tags: set[str] = set()
    for location in org.locations:
        facets.add(f"province:{location.province_code}")
        point = location_point(location)
        if point:
            entry.points.append(point)
            tags.update(point_cell_tokens(*point))
    for area in org.service_areas:
        _add_area(area, entry, facets, tags)
    entry.facets = sorted(facets)
    tags.update(facet_token(*pair.split(":", 1)) for pair in facets)
    entry.tags = sorted(tags)
    return entry


def _add_area(area, entry: IndexEntry, facets: set[str], tags: set[str]) -> None:  # noqa: ANN001
    if area.kind == AreaKind.NATIONAL:
        entry.areas.append("national")
        tags.add("zanational")
    elif area.kind == AreaKind.ONLINE:
        entry.areas.append("online")
        tags.add("zaonline")
        facets.add("flag:online")
    elif area.kind == AreaKind.PROVINCE and area.province_code:
        entry.areas.append(f"province:{area.province_code}")
        tags.add(facet_token("area", area.province_code))
        facets.add(f"province:{area.province_code}")
    elif area.kind in (AreaKind.RADIUS, AreaKind.REGION) and area.latitude is not None:
        radius = area.radius_km or DEFAULT_REGION_RADIUS_KM
        entry.areas.append(f"circle:{area.latitude:.5f},{area.longitude:.5f},{radius:g}")
        tags.update(area_box_tokens(bounding_box(area.latitude, area.longitude, radius)))
        if area.province_code:
            facets.add(f"province:{area.province_code}")
