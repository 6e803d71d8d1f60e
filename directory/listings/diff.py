"""Field-by-field comparison of two payloads, for moderators and for edit conflicts.

Each payload is flattened to labelled lines ("Service 2 · Fees": "None"); the diff lists the
lines that differ. Values stay plain text: templates escape them like any other text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from directory import taxonomy
from directory.listings.payload import Payload

SECTIONS = (
    ("services", "Service"),
    ("locations", "Location"),
    ("service_areas", "Service area"),
    ("contacts", "Referral contact"),
)
LABELS = {
    "alternate_name": "Other name",
    "description_fr": "Description in French",
    "open_24_7": "Open 24/7",
    "referral_method": "Who can refer",
    "radius_km": "Distance (km)",
    "region_name": "City or region",
    "preferred_method": "Preferred method",
}
TERM_NAMES = {
    "sectors": taxonomy.SECTORS,
    "types": taxonomy.SERVICE_TYPES,
    "populations": taxonomy.POPULATIONS,
    "languages": taxonomy.LANGUAGES,
}
CODE_LABELS = {
    "referral_method": {
        "self": "People themselves",
        "professional": "Professionals only",
        "both": "People themselves and professionals",
    },
    "visibility": {"public": "Everyone", "professionals": "Vetted professionals only"},
    "kind": {
        "national": "All of Canada",
        "province": "A province or territory",
        "region": "A city or region",
        "radius": "A distance around a place",
        "online": "Online",
    },
    "province": {code: en for code, en, _fr in taxonomy.PROVINCES},
}
HIDDEN = {"latitude", "longitude"}  # derived from city and province by the geocoder


@dataclass(frozen=True)
class DiffRow:
    label: str
    before: str | None  # None: the line did not exist
    after: str | None

    @property
    def change(self) -> str:
        if self.before is None:
            return "added"
        return "removed" if self.after is None else "changed"


def _label(name: str) -> str:
    return LABELS.get(name, name.replace("_", " ").capitalize())


def _value(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        names = {slug: en for slug, en, _fr in TERM_NAMES.get(name, ())}
        return ", ".join(names.get(slug, slug) for slug in value) or "—"
    if value in (None, ""):
        return "—"
    return CODE_LABELS.get(name, {}).get(value, str(value))


def flatten(payload: Payload | None) -> dict[str, str]:
    """``{"Organization · Name": "Safe Harbour", "Service 1 · Fees": "None", ...}``, in order."""
    if not payload:
        return {}
    lines = {
        f"Organization · {_label(name)}": _value(name, value)
        for name, value in payload["organization"].items()
    }
    lines["Sectors"] = _value("sectors", payload["sectors"])
    for key, title in SECTIONS:
        for number, item in enumerate(payload[key], start=1):
            for name, value in item.items():
                if name not in HIDDEN:
                    lines[f"{title} {number} · {_label(name)}"] = _value(name, value)
    return lines


def diff_payloads(before: Payload | None, after: Payload | None) -> list[DiffRow]:
    """The lines that differ between two payloads; ``before=None`` makes every line new."""
    old, new = flatten(before), flatten(after)
    rows = [DiffRow(label, old.get(label), value) for label, value in new.items()]
    rows += [DiffRow(label, value, None) for label, value in old.items() if label not in new]
    return [row for row in rows if row.before != row.after]
