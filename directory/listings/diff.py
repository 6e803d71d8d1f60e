"""Field-by-field comparison of two payloads, for moderators and for edit conflicts.

Each payload is flattened to labelled lines ("Service 2 · Fees": "None"); the diff lists the
lines that differ. Values stay plain text: templates escape them like any other text.

A changed line of long text also carries its words (``DiffRow.words``): the two values cut
into words, spaces and signs, each piece marked changed or not, so that a phrase inserted in
a paragraph stands out instead of hiding in two whole paragraphs (issue 18).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from directory import taxonomy
from directory.contact_points import ACCESSIBILITY_LABELS, PHONE_TYPE_LABELS
from directory.hours import hours_summary
from directory.i18n.locale import current_locale
from directory.listings.payload import ListingPayload, Payload
from directory.pathways import FIRST_RESPONSE_LABELS

SECTIONS = (
    ("services", _l("Service")),
    ("locations", _l("Location")),
    ("service_areas", _l("Service area")),
    ("contacts", _l("Referral contact")),
)
# Every field of a payload (payload.py), as the listing form names it.
LABELS = {
    "name": _l("Name"),
    "alternate_name": _l("Other name"),
    "description": _l("Description"),
    "description_fr": _l("Description in French"),
    "website": _l("Website"),
    "email": _l("Email"),
    "phone": _l("Phone"),
    "professionals_only": _l("Visible to vetted professionals only"),
    "no_public_contact_reason": _l("Why the public cannot reach it directly"),
    "types": _l("Service types"),
    "populations": _l("Populations served"),
    "languages": _l("Languages"),
    "eligibility": _l("Eligibility"),
    "fees": _l("Fees"),
    "referral_method": _l("Who can refer"),
    "intake_hours": _l("Intake hours"),
    "open_24_7": _l("Open 24/7"),
    "accepting_referrals": _l("Accepting referrals"),
    "delivered_online": _l("Delivered online"),
    "referral_sectors": _l("Accepts referrals from"),
    "self_referral": _l("Self-referral"),
    "self_referral_min_age": _l("Self-referral from age"),
    "warm_handoff": _l("Warm handoff"),
    "first_response": _l("Usual first response"),
    "no_police_required": _l("No police involvement required"),
    "referrer_checklist": _l("What the referrer should have ready"),
    "status": _l("Status"),
    "offered_at": _l("Offered at"),
    "address": _l("Address"),
    "city": _l("City"),
    "province": _l("Province or territory"),
    "postal_code": _l("Postal code"),
    "confidential": _l("Confidential address"),
    "kind": _l("Area"),
    "region_name": _l("City or region"),
    "radius_km": _l("Distance (km)"),
    "role": _l("Role"),
    "preferred_method": _l("Preferred method"),
    "notes": _l("Notes"),
    "visibility": _l("Who may see it"),
    "hours": _l("Opening hours"),
    "phones": _l("Phones"),
    "required_documents": _l("Documents to bring"),
    "accessibility": _l("Accessibility"),
    "accessibility_note": _l("Accessibility notes"),
}
# (slug, English, French) lists: the labels in the reader's language.
TERM_NAMES = {
    "sectors": taxonomy.SECTORS,
    "referral_sectors": taxonomy.SECTORS,
    "types": taxonomy.SERVICE_TYPES,
    "populations": taxonomy.POPULATIONS,
    "languages": taxonomy.LANGUAGES,
    "province": taxonomy.PROVINCES,
}
CODE_LABELS = {
    "referral_method": {
        "self": _l("People themselves"),
        "professional": _l("Professionals only"),
        "both": _l("People themselves and professionals"),
    },
    "visibility": {"public": _l("Everyone"), "professionals": _l("Vetted professionals only")},
    "kind": {
        "national": _l("All of Canada"),
        "province": _l("A province or territory"),
        "region": _l("A city or region"),
        "radius": _l("A distance around a place"),
        "online": _l("Online"),
    },
    "preferred_method": {"email": _l("Email"), "phone": _l("Phone")},
    "first_response": FIRST_RESPONSE_LABELS,
    "accessibility": ACCESSIBILITY_LABELS,
    "status": {
        "active": _l("Active"),
        "temporarily closed": _l("Temporarily closed"),
        "inactive": _l("Inactive"),
        "defunct": _l("Defunct: no longer offered"),
    },
}
# Coordinates are derived from city and province by the geocoder; a row's key is its HSDS id.
HIDDEN = {"latitude", "longitude", "key"}


# Shorter values are read whole: marking words inside "Phone: 807-555-0101" helps nobody.
WORD_DIFF_FROM = 40
_PIECES = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Piece:
    text: str
    changed: bool


def _joined(pieces: list[Piece]) -> list[Piece]:
    """Neighbouring pieces of the same kind made one; a space between two changed words
    stays inside the change, so "for young people" reads as one insertion."""
    out: list[Piece] = []
    for piece in pieces:
        if out and out[-1].changed == piece.changed:
            out[-1] = Piece(out[-1].text + piece.text, piece.changed)
        else:
            out.append(piece)
    return out


# Below this share of pieces in common the text was rewritten, not edited: marking the few
# commas and "the"s the two versions share would only scatter the eye, so it is shown whole.
WORD_DIFF_SIMILAR = 0.5


def _is_filler(pieces: list[str]) -> bool:
    """Only spaces and signs: kept inside a change rather than splitting it."""
    return not any(piece[0].isalnum() or piece[0] == "_" for piece in pieces)


def word_pieces(before: str, after: str) -> tuple[list[Piece], list[Piece]] | None:
    """``before`` and ``after`` as pieces, the words each side does not share marked; None
    when the two have too little in common to be worth marking word by word."""
    old, new = _PIECES.findall(before), _PIECES.findall(after)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    if matcher.ratio() < WORD_DIFF_SIMILAR:
        return None
    left: list[Piece] = []
    right: list[Piece] = []
    codes = matcher.get_opcodes()
    for index, (op, i1, i2, j1, j2) in enumerate(codes):
        # A run of only spaces and signs between two changes joins them ("young, the" in
        # "...young, the..." is not worth its own island).
        inner = 0 < index < len(codes) - 1
        changed = op != "equal" or (inner and _is_filler(old[i1:i2]))
        left += [Piece(text, changed) for text in old[i1:i2]]
        right += [Piece(text, changed) for text in new[j1:j2]]
    return _joined(left), _joined(right)


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

    @property
    def words(self) -> tuple[list[Piece], list[Piece]] | None:
        """Both sides as pieces when a long text changed; None: show the values whole."""
        if self.before is None or self.after is None:
            return None
        if max(len(self.before), len(self.after)) < WORD_DIFF_FROM:
            return None
        return word_pieces(self.before, self.after)


def _label(name: str) -> str:
    return str(LABELS.get(name, name.replace("_", " ").capitalize()))


def _term_labels(name: str) -> dict[str, str]:
    french = current_locale() == "fr"
    return {slug: fr if french else en for slug, en, fr in TERM_NAMES.get(name, ())}


def _phone(phone: dict[str, str]) -> str:
    """``+1 613-555-0100 ext. 12 (Intake; Text messages; fr)``."""
    text = phone.get("number") or "—"
    if phone.get("extension"):
        text += " " + _("ext. %(extension)s", extension=phone["extension"])
    kind = phone.get("type") or "voice"
    details = [phone.get("description"), kind != "voice" and PHONE_TYPE_LABELS.get(kind, kind)]
    details.append(_term_labels("languages").get(phone.get("language") or ""))
    said = "; ".join(str(detail) for detail in details if detail)
    return f"{text} ({said})" if said else text


def _value(name: str, value: Any) -> str:
    if name == "hours":
        return hours_summary(value) or "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if name == "phones":
        return " · ".join(_phone(phone) for phone in value) or "—"
    if isinstance(value, list):
        codes = CODE_LABELS.get(name, {})
        names = {**_term_labels(name), **{code: str(label) for code, label in codes.items()}}
        return ", ".join(names.get(slug, str(slug)) for slug in value) or "—"
    if value in (None, ""):
        return "—"
    if name in TERM_NAMES:
        return _term_labels(name).get(value, str(value))
    return str(CODE_LABELS.get(name, {}).get(value, value))


def flatten(payload: ListingPayload | Payload | None) -> dict[str, str]:
    """``{"Organization · Name": "Safe Harbour", "Service 1 · Fees": "None", ...}``, in order,
    in the reader's language."""
    if not payload:
        return {}
    if isinstance(payload, ListingPayload):
        payload = payload.to_json()
    organization = _("Organization")
    lines = {
        f"{organization} · {_label(name)}": _value(name, value)
        for name, value in payload["organization"].items()
    }
    lines[_("Sectors")] = _value("sectors", payload["sectors"])
    for key, title in SECTIONS:
        for number, item in enumerate(payload[key], start=1):
            for name, value in item.items():
                if name == "offered_at":
                    value = _places(value, payload["locations"])
                if name not in HIDDEN:
                    lines[f"{title} {number} · {_label(name)}"] = _value(name, value)
    return lines


def _places(positions: list[int] | None, locations: list[dict[str, Any]]) -> str:
    """Where a service is offered, by its locations' names and cities."""
    if positions is None:
        return _("All its locations")
    named = [
        " — ".join(p for p in (locations[i].get("name"), locations[i].get("city")) if p)
        for i in positions
        if 0 <= i < len(locations)
    ]
    return ", ".join(named) or _("None of its locations")


def diff_payloads(
    before: ListingPayload | Payload | None, after: ListingPayload | Payload | None
) -> list[DiffRow]:
    """The lines that differ between two payloads; ``before=None`` makes every line new."""
    old, new = flatten(before), flatten(after)
    rows = [DiffRow(label, old.get(label), value) for label, value in new.items()]
    rows += [DiffRow(label, value, None) for label, value in old.items() if label not in new]
    return [row for row in rows if row.before != row.after]
