"""A service's referral pathway as HSDS attributes, out and back in.

HSDS 3.0 has no field for a referral pathway, so it travels as attributes under a taxonomy
of our own, ``directory_referral_pathway`` (docs/hsds.md):

- ``from-<sector slug>``: takes referrals from that sector (one attribute per sector);
- ``self-referral``: young people may refer themselves; ``value``: from what age, if any;
- ``warm-handoff``, ``no-police-required``: present when true;
- ``first-response``: ``value`` one of ``same_day``, ``one_business_day``, ``within_week``,
  ``longer``;
- ``referrer-checklist``: ``value`` what the referrer should have ready.

An import never drops what it cannot use silently: an unknown sector, an age out of range or
an unknown response time stays with the service as a kept attribute (exported again as it
came) and the import report notes it.
"""

from __future__ import annotations

from typing import Any

from directory.hsds.listing import ServiceData
from directory.models import SELF_REFERRAL_AGES, FirstResponse

PATHWAY = "directory_referral_pathway"
FROM = "from-"
# code → (name, description); the sector codes are made from the sector vocabulary.
PATHWAY_TERMS = {
    "self-referral": (
        "Self-referral",
        "Young people may refer themselves; the value, if any, is the minimum age.",
    ),
    "warm-handoff": (
        "Warm handoff",
        "The referrer can call with the young person present.",
    ),
    "first-response": (
        "Usual first response",
        "same_day, one_business_day, within_week or longer (value).",
    ),
    "no-police-required": ("No police involvement required", "No police involvement required."),
    "referrer-checklist": (
        "What the referrer should have ready",
        "What the referrer should have ready (value).",
    ),
}
_RESPONSES = {value.value for value in FirstResponse}


def sector_code(slug: str) -> str:
    return f"{FROM}{slug}"


def term_description(code: str, name: str) -> str:
    if code.startswith(FROM):
        return f"Takes referrals from this sector: {name}."
    return PATHWAY_TERMS[code][1]


def exported(svc: Any) -> list[tuple[str, str, str | None]]:
    """(code, name, value) of each attribute the service's pathway makes."""
    found: list[tuple[str, str, str | None]] = [
        (sector_code(t.slug), t.name_en, None) for t in svc.referral_sectors
    ]
    if svc.self_referral:
        age = svc.self_referral_min_age
        found.append(("self-referral", "", None if age is None else str(age)))
    if svc.warm_handoff:
        found.append(("warm-handoff", "", None))
    if svc.first_response:
        found.append(("first-response", "", svc.first_response))
    if svc.no_police_required:
        found.append(("no-police-required", "", None))
    if svc.referrer_checklist:
        found.append(("referrer-checklist", "", svc.referrer_checklist))
    return [(code, name or PATHWAY_TERMS[code][0], value) for code, name, value in found]


def read(service: ServiceData, code: str, value: Any, sectors: set[str]) -> str | None:
    """Set what the attribute says on the service; returns why it was kept instead, if so."""
    text = "" if value is None else str(value).strip()
    if code.startswith(FROM):
        slug = code[len(FROM) :]
        if slug not in sectors:
            return f"unknown referring sector “{slug}”; kept as it came"
        service.referral_sectors.append(slug)
    elif code == "self-referral":
        service.self_referral = True
        if text:
            if not text.isdigit() or int(text) not in SELF_REFERRAL_AGES:
                return f"self-referral age “{text}” is not 0 to 25; kept as it came"
            service.self_referral_min_age = int(text)
    elif code == "warm-handoff":
        service.warm_handoff = True
    elif code == "no-police-required":
        service.no_police_required = True
    elif code == "first-response":
        if text not in _RESPONSES:
            return f"unknown first response time “{text}”; kept as it came"
        service.first_response = text
    elif code == "referrer-checklist":
        service.referrer_checklist = text[:2000] or None
    else:
        return f"unknown referral pathway term “{code}”; kept as it came"
    return None
