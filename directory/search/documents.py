"""What the index knows about one organization: built from the model, nothing else.

``build_entry`` only reads attributes, so the bulk rebuild can pass light namespaces. Points
are ``privacy.public_point``: a confidential location at its city's centre or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace

from directory.geo import bounding_box
from directory.hours_compact import compact
from directory.models import (
    AccessibilityFeature,
    AreaKind,
    Organization,
    ServiceArea,
    ServiceStatus,
)
from directory.privacy import public_point
from directory.search.facets import (
    FACET_VOCABULARY,
    FLAG_BIT,
    PROFESSIONALS_ONLY_BIT,
    REFERRAL_FACET,
    FacetBits,
)
from directory.search.text import area_box_tokens, facet_token, fold, point_cell_tokens

DEFAULT_REGION_RADIUS_KM = 50.0  # a named city/region without its own radius
TERM_FACETS = tuple(FACET_VOCABULARY)  # sector, service, population, language


@dataclass
class IndexEntry:
    organization_id: int
    name: str
    name_text: str
    body_text: str
    verified_at: datetime | None
    tags: set[str] = field(default_factory=set)
    points: list[tuple[float, float]] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    masks: dict[str, int] = field(default_factory=dict)  # "sector" → mask, ..., "flag" → mask
    hours: str = ""  # its services' opening hours (``hours_compact.compact``; INDEX_FORMAT 7)

    @property
    def points_text(self) -> str:
        return ";".join(f"{lat:.5f},{lng:.5f}" for lat, lng in self.points)


def confirmation_clock(org: Organization | SimpleNamespace) -> datetime | None:
    """When a listing's freshness counts from: its verification; an imported listing nobody
    has verified yet counts from its import (docs/hsds.md), so it is searchable at once."""
    return org.verified_at or org.created_at


def build_entry(org: Organization | SimpleNamespace, bits: FacetBits) -> IndexEntry:
    """``org``: a model, or ``bulk``'s stand-in with the same attributes read in batches."""
    # A defunct service is not shown, so not searched; only active ones count in filters and
    # facets (INDEX_FORMAT 4): a temporarily closed service does not make "open 24/7" true.
    services = [s for s in org.services if s.status != ServiceStatus.DEFUNCT]
    active = [s for s in services if s.status == ServiceStatus.ACTIVE]
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
        verified_at=confirmation_clock(org),
        hours=compact(org),
    )
    values: dict[str, set[str]] = {facet: set() for facet in bits.bits}
    values["sector"].update(t.slug for t in org.sectors)
    flags = PROFESSIONALS_ONLY_BIT if org.professionals_only else 0
    for service in active:
        values["service"].update(t.slug for t in service.types)
        values["population"].update(t.slug for t in service.populations)
        values["language"].update(t.slug for t in service.languages)
        flags |= FLAG_BIT["open_24_7"] if service.open_24_7 else 0
        flags |= FLAG_BIT["accepting_referrals"] if service.accepting_referrals else 0
        flags |= FLAG_BIT["online"] if service.delivered_online else 0
        # The referral pathway (INDEX_FORMAT 3): a mask of sectors and two flags.
        values[REFERRAL_FACET].update(t.slug for t in service.referral_sectors)
        flags |= FLAG_BIT["self_referral"] if service.self_referral else 0
        flags |= FLAG_BIT["no_police_required"] if service.no_police_required else 0
    for location in org.locations:
        values["province"].add(location.province_code)
        # Accessibility (INDEX_FORMAT 5): public for confidential locations too (privacy).
        if AccessibilityFeature.STEP_FREE_ENTRANCE in (location.accessibility or ()):
            flags |= FLAG_BIT["step_free"]
        point = public_point(location)
        if point:
            entry.points.append(point)
            entry.tags.update(point_cell_tokens(*point))
    for area in org.service_areas:
        flags |= _add_area(area, entry, values["province"])
    entry.masks = {facet: bits.mask(facet, chosen) for facet, chosen in values.items()}
    # Its terms as words too, so that a keyword naming a term finds it (search.keywords).
    # In the tags column, which weighs nothing in relevance. INDEX_FORMAT 2 added them.
    for facet in TERM_FACETS:
        entry.tags.update(facet_token(facet, value) for value in values[facet])
    entry.masks["flag"] = flags
    return entry


def _add_area(area: ServiceArea, entry: IndexEntry, provinces: set[str]) -> int:
    """Record what the area serves; returns flag bits it implies (an online area: online)."""
    if area.kind == AreaKind.NATIONAL:
        entry.areas.append("national")
        entry.tags.add("zanational")
    elif area.kind == AreaKind.ONLINE:
        entry.areas.append("online")
        entry.tags.add("zaonline")
        return FLAG_BIT["online"]
    elif area.kind == AreaKind.PROVINCE and area.province_code:
        entry.areas.append(f"province:{area.province_code}")
        entry.tags.add(facet_token("area", area.province_code))
        provinces.add(area.province_code)
    elif (
        area.kind in (AreaKind.RADIUS, AreaKind.REGION)
        and area.latitude is not None
        and area.longitude is not None
    ):
        radius = area.radius_km or DEFAULT_REGION_RADIUS_KM
        entry.areas.append(f"circle:{area.latitude:.5f},{area.longitude:.5f},{radius:g}")
        entry.tags.update(area_box_tokens(bounding_box(area.latitude, area.longitude, radius)))
        if area.province_code:
            provinces.add(area.province_code)
    return 0
