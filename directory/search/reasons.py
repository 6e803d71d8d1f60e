"""Why an organization of the "serves this area" group serves the place, in words.

The engine says how each one covers the place (``Hit.coverage``: an area over it, its
province, Canada, online) from the index mirror. Naming an area needs more than the mirror
holds (whether a circle is a radius or a named region, the region's name), so the radius
and region areas of the page's rows are read in one query, only when the page has such a
row: a page costs the same statements whatever its size. Labels follow
``presenters.describe_area``'s wording ("Within 400 km of Sioux Lookout", "Thunder Bay
region") in the request's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import format_decimal, get_locale, gettext
from sqlalchemy.orm import Session

from directory.geo import Place, distance_km
from directory.models import AreaKind, ServiceArea
from directory.search.cards import ResultCard
from directory.search.documents import DEFAULT_REGION_RADIUS_KM
from directory.search.engine import Hit
from directory.search.points import city_at_centre
from directory.search.vocabulary import vocabularies


@dataclass(frozen=True)
class ServesBecause:
    """``kind``: ``radius``, ``region``, ``province``, ``national`` or ``online``."""

    kind: str
    label: str


def serving_reasons(
    session: Session, hits: Sequence[Hit], cards: dict[int, ResultCard], place: Place | None
) -> dict[int, ServesBecause]:
    """Organization id → why it serves the place, for the hits of the serving group."""
    serving = [h for h in hits if h.serves_area and h.coverage and h.organization_id in cards]
    if place is None or not serving:
        return {}
    around = [h.organization_id for h in serving if h.coverage == "area"]
    areas = _areas_over(session, around, place) if around else {}
    reasons = {}
    for hit in serving:
        card = cards[hit.organization_id]
        if hit.coverage == "area" and hit.organization_id in areas:
            reasons[hit.organization_id] = _area_reason(areas[hit.organization_id], card)
        elif hit.coverage == "province":
            province = _province_label(session, place)
            reasons[hit.organization_id] = ServesBecause(
                "province", gettext("All of %(province)s", province=province)
            )
        elif hit.coverage == "national":
            reasons[hit.organization_id] = ServesBecause("national", gettext("Across Canada"))
        elif hit.coverage == "online":
            reasons[hit.organization_id] = ServesBecause("online", gettext("Online service"))
    return reasons


_CIRCLES = (AreaKind.RADIUS.value, AreaKind.REGION.value)


@dataclass(frozen=True)
class _Area:
    kind: str
    region_name: str | None
    latitude: float
    longitude: float
    radius_km: float


def _areas_over(session: Session, ids: list[int], place: Place) -> dict[int, _Area]:
    """Each organization's smallest radius or region area over the place (one query)."""
    a = ServiceArea.__table__
    # Only the organizations in the WHERE: a condition on ``kind`` as well would lead the
    # planner to that index, which holds most areas (40 ms instead of under 1 at 100,000).
    stmt = sa.select(
        a.c.organization_id, a.c.kind, a.c.region_name, a.c.latitude, a.c.longitude, a.c.radius_km
    ).where(a.c.organization_id.in_(ids))
    best: dict[int, _Area] = {}
    for row in session.execute(stmt):
        if row.kind not in _CIRCLES or row.latitude is None or row.longitude is None:
            continue
        radius = row.radius_km or DEFAULT_REGION_RADIUS_KM  # as the index counts it
        if distance_km(place.latitude, place.longitude, row.latitude, row.longitude) > radius:
            continue
        area = _Area(row.kind, row.region_name, row.latitude, row.longitude, radius)
        kept = best.get(row.organization_id)
        if kept is None or area.radius_km < kept.radius_km:
            best[row.organization_id] = area
    return best


def _area_reason(area: _Area, card: ResultCard) -> ServesBecause:
    name = (area.region_name or "").strip()
    if area.kind == AreaKind.REGION and name:
        if "region" not in name.lower():
            name = gettext("%(name)s region", name=name)
        return ServesBecause("region", name)
    centre = name or city_at_centre(card.locations, area.latitude, area.longitude)
    km = format_decimal(round(area.radius_km, 1))
    if centre:
        label = gettext("Within %(km)s km of %(place)s", km=km, place=centre)
    else:
        label = gettext("Within %(km)s km of its location", km=km)
    return ServesBecause(area.kind, label)


def _province_label(session: Session, place: Place) -> str:
    """The searched place's province by name, in the request's language (the place lies in
    it: that is why a province-wide organization serves it)."""
    term = vocabularies(session).provinces.get(place.province or "")
    return term.label(str(get_locale() or "en")) if term else (place.province or "")
