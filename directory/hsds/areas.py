"""Service areas of an HSDS record: our own export's exact extent, or words to place.

``AreaReading`` is part of ``mapping.Reader``: it reports through the reader's
``_problem`` and ``_note``.
"""

from __future__ import annotations

import json
import re
import uuid

from directory.geo.gazetteer import get_gazetteer
from directory.geo.names import province_code
from directory.hsds import ids
from directory.hsds.listing import Area, Listing
from directory.hsds.serialize import AREA_EXTENT_TYPE
from directory.hsds.text import ONE_LINE_NOTE
from directory.models import AreaKind
from directory.plain_text import fits_one_line, one_line


class AreaReading:
    def _problem(self, listing: Listing, item: dict, path: str, reason: str) -> None:
        raise NotImplementedError

    def _note(self, listing: Listing, item: dict, path: str, reason: str) -> None:
        raise NotImplementedError

    def _area(self, listing: Listing, item: dict, path: str) -> Area | None:
        hsds_id = ids.from_source(str(item["id"])) if item.get("id") else None
        if item.get("extent_type") == AREA_EXTENT_TYPE:
            try:
                extent = json.loads(item.get("extent") or "")
                area = Area(
                    kind=AreaKind(extent["kind"]).value,
                    province=extent.get("province"),
                    region_name=self._region(listing, item, path, extent.get("region")),
                    latitude=extent.get("latitude"),
                    longitude=extent.get("longitude"),
                    radius_km=extent.get("radius_km"),
                    hsds_id=ids.parse_uuid(extent.get("area_id")) or hsds_id,
                    scope=extent.get("scope"),
                )
            except (ValueError, KeyError, TypeError, RecursionError):
                self._problem(listing, item, f"{path}extent", f"not a valid {AREA_EXTENT_TYPE}")
                return None
            place = extent.get("place")
            if area.kind == AreaKind.RADIUS and area.latitude is None and place:
                self._radius_place(
                    listing, item, path, area, self._region(listing, item, path, place)
                )
            return area
        text = " ".join(str(item.get(k) or "") for k in ("name", "description")).strip()
        return self._area_from_words(listing, item, path, text, hsds_id)

    def _radius_place(
        self, listing: Listing, item: dict, path: str, area: Area, place: str | None
    ) -> None:
        """A public export's radius: its centre withheld, the place it is around named."""
        if not place:
            return
        area.region_name = area.region_name or place
        if not self._place(area, place):
            self._note(listing, item, f"{path}extent", f"place: {place!r} could not be placed")

    def _region(self, listing: Listing, item: dict, path: str, region: object) -> str | None:
        """The extent's region name (JSON inside a string: ``text.clean_record`` cannot see
        it), made one line like every other name."""
        if isinstance(region, str) and not fits_one_line(region):
            self._note(listing, item, f"{path}extent", f"region: {ONE_LINE_NOTE}")
            return one_line(region)
        return region if isinstance(region, str) else None

    def _area_from_words(
        self, listing: Listing, item: dict, path: str, text: str, hsds_id: uuid.UUID | None
    ) -> Area | None:
        lowered = text.lower()
        if re.search(r"\b(online|virtual|anywhere with internet)\b", lowered):
            return Area(AreaKind.ONLINE.value, hsds_id=hsds_id)
        if re.search(r"\b(canada|national|nationwide|across the country)\b", lowered):
            return Area(AreaKind.NATIONAL.value, hsds_id=hsds_id)
        name = str(item.get("name") or "").strip()
        code = province_code(name) if name else None
        if code:
            return Area(AreaKind.PROVINCE.value, province=code, hsds_id=hsds_id)
        if name and len(name) <= 80:
            area = Area(AreaKind.REGION.value, region_name=name, hsds_id=hsds_id)
            if self._place(area, name):
                return area
        self._note(
            listing, item, f"{path}name", "a service area we could not place in Canada; left out"
        )
        return None

    def _place(self, area: Area, text: str) -> bool:
        place = get_gazetteer().lookup(text).place
        if place is None:
            return False
        area.latitude, area.longitude = place.latitude, place.longitude
        area.province = area.province or place.province
        return True

    def _settle_areas(self, listing: Listing) -> None:
        """Our export repeats an organization's areas under each service (``scope``); other
        sources' areas shared by every service are the organization's too."""
        services = listing.services
        shared: dict[tuple, Area] = {}
        if services:
            common = set.intersection(*({a.key() for a in s.areas} for s in services))
            for service in services:
                own = []
                for area in service.areas:
                    organization_wide = area.scope == "organization" or (
                        area.scope is None and len(services) > 1 and area.key() in common
                    )
                    if organization_wide:
                        shared.setdefault(area.key(), area)
                    else:
                        own.append(area)
                service.areas = own
        listing.areas = list(shared.values())
