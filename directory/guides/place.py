"""Where the reader works: a place or postal code (``?near=``) or a province (``?province=``).

The place picks the province whose duty to report a guide shows, and is carried into every
Refer link. Resolved with the offline geocoder (``directory.geo.locate``); an unknown place
or province is a message for the reader, never an error page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from directory.geo import locate
from directory.taxonomy import PROVINCES

PROVINCE_CODES = {code for code, _en, _fr in PROVINCES}
MAX_NEAR = 200


@dataclass(frozen=True)
class ReaderPlace:
    near: str = ""  # what the reader typed, trimmed
    label: str = ""  # the place found ("Thunder Bay, ON"), or the province's code
    province: str | None = None  # two letters
    problem: str | None = None  # a message for the reader: the place or province is unknown
    suggestions: tuple[str, ...] = field(default=())


def reader_place(near: str | None, province: str | None) -> ReaderPlace:
    near = (near or "").strip()[:MAX_NEAR]
    code = (province or "").strip().upper()
    if code and code not in PROVINCE_CODES:
        return ReaderPlace(near=near, problem=_("Choose a province or territory from the list."))
    if near:
        found = locate(near)
        if found.place is None:
            return ReaderPlace(
                near=near,
                province=code or None,
                problem=_(
                    "We could not find “%(place)s”. Try a city and its province "
                    "(Thunder Bay, ON) or a postal code.",
                    place=near,
                ),
                suggestions=tuple(p.display_name for p in found.alternatives),
            )
        return ReaderPlace(
            near=near, label=found.place.display_name, province=found.place.province or code or None
        )
    return ReaderPlace(province=code or None, label=code)
