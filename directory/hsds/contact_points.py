"""Phones, accessibility and required documents in HSDS 3.0, both ways.

Export: a service's and a location's phones (``phone`` objects with their extension, type,
description and language), a location's accessibility as ``accessibility`` objects (one per
feature, described in the words below, and one for the free-text note), a service's
``required_documents`` (one per line). What a location shows comes from ``privacy``: a
confidential one has no phones and no note here.

Import: every value is kept or said: a phone type we do not use becomes "voice" with a note,
an accessibility text that names no feature of ours goes into the location's note, a phone
language we do not list is noted. docs/hsds.md has the table.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from directory.contact_points import PublicPhone, document_lines
from directory.hsds import ids
from directory.hsds.listing import PhoneData
from directory.models import AccessibilityFeature, Phone, PhoneType, Service
from directory.privacy import PublicLocation

# The HSDS words for our accessibility features (English: the export is a data contract,
# not a page in the reader's language).
ACCESSIBILITY_WORDS = {
    AccessibilityFeature.STEP_FREE_ENTRANCE.value: "Step-free entrance",
    AccessibilityFeature.ACCESSIBLE_WASHROOM.value: "Accessible washroom",
    AccessibilityFeature.ACCESSIBLE_PARKING.value: "Accessible parking",
    AccessibilityFeature.ELEVATOR.value: "Elevator",
    AccessibilityFeature.ASL_ON_SITE.value: "ASL interpretation on site",
    AccessibilityFeature.LSQ_ON_SITE.value: "LSQ interpretation on site",
    AccessibilityFeature.HEARING_LOOP.value: "Hearing loop",
    AccessibilityFeature.QUIET_ROOM.value: "Quiet room",
}
FEATURE_OF_WORDS = {words.casefold(): code for code, words in ACCESSIBILITY_WORDS.items()}
# HSDS phone types that are one of ours under another name.
PHONE_TYPE_SYNONYMS = {"textphone": PhoneType.TTY.value, "sms": PhoneType.TEXT.value}

Note = Callable[[dict, str, str], None]  # (the item, its path, what happened)


# --- Export ----------------------------------------------------------------------------------


def phones(found: list[PublicPhone], language_names: dict[str, str], **links: str) -> list[dict]:
    """``found`` as HSDS phones; ``links``: ``service_id=`` or ``location_id=``."""
    documents = []
    for phone in found:
        phone_id = str(phone.hsds_id)
        document: dict[str, Any] = {"id": phone_id, **links, "number": phone.number}
        if phone.extension and phone.extension.isdigit():
            document["extension"] = int(phone.extension)
        document["type"] = phone.type
        if phone.description:
            document["description"] = phone.description
        document["languages"] = (
            [
                {
                    "id": ids.derived(phone_id, f"language:{phone.language}"),
                    "phone_id": phone_id,
                    "name": language_names.get(phone.language, phone.language),
                    "code": phone.language,
                }
            ]
            if phone.language
            else []
        )
        documents.append(document)
    return documents


def accessibility(location: PublicLocation) -> list[dict[str, Any]]:
    location_id = str(location.hsds_id)
    documents = [
        {
            "id": ids.derived(location_id, f"accessibility:{code}"),
            "location_id": location_id,
            "description": ACCESSIBILITY_WORDS[code],
        }
        for code in location.accessibility
        if code in ACCESSIBILITY_WORDS
    ]
    if location.accessibility_note:
        documents.append(
            {
                "id": ids.derived(location_id, "accessibility:note"),
                "location_id": location_id,
                "description": location.accessibility_note,
            }
        )
    return documents


def required_documents(service: Service) -> list[dict[str, Any]]:
    service_id = str(service.hsds_id)
    return [
        {"id": ids.derived(service_id, f"document:{line}"), "service_id": service_id}
        | {"document": line}
        for line in document_lines(service.required_documents)
    ]


# --- Import ----------------------------------------------------------------------------------


def read_phones(items: list[dict], path: str, languages: set[str], note: Note) -> list[PhoneData]:
    """HSDS phones as ours; a phone without a number is said and left out."""
    found: list[PhoneData] = []
    for index, item in enumerate(items):
        where = f"{path}[{index}]."
        number = str(item.get("number") or "").strip()
        if not number or len(number) > 40:
            note(item, f"{where}number", "missing or longer than 40 characters; phone left out")
            continue
        phone = PhoneData(hsds_id=_phone_id(item), number=number)
        extension = str(item.get("extension") or "").strip().removesuffix(".0")
        if extension and not (extension.isdigit() and len(extension) <= 10):
            note(item, f"{where}extension", f"“{extension}” is not digits; kept in description")
            phone.description = f"ext. {extension}"
        elif extension:
            phone.extension = extension
        kind = str(item.get("type") or "voice").strip().lower()
        kind = PHONE_TYPE_SYNONYMS.get(kind, kind)
        if kind not in set(PhoneType):
            note(item, f"{where}type", f"“{kind}” read as voice")
            kind = PhoneType.VOICE.value
        phone.type = kind
        description = str(item.get("description") or "").strip()
        if description:
            joined = "; ".join(filter(None, [description, phone.description]))
            if len(joined) > 200:
                note(item, f"{where}description", "longer than 200 characters; shortened")
            phone.description = joined[:200]
        phone.language = _language(item, where, languages, note)
        found.append(phone)
    return found


def _phone_id(item: dict) -> uuid.UUID:
    raw = item.get("id")
    return ids.from_source(str(raw)) if raw not in (None, "") else uuid.uuid4()


def _language(item: dict, where: str, languages: set[str], note: Note) -> str | None:
    """The first language we list; the others are said."""
    chosen = None
    given = [found for found in item.get("languages") or [] if isinstance(found, dict)]
    for index, language in enumerate(given):
        code = str(language.get("code") or "").strip()
        if chosen is None and code in languages:
            chosen = code
        else:
            said = code or str(language.get("name") or "")
            note(item, f"{where}languages[{index}]", f"“{said}” left out (one language a phone)")
    return chosen


def read_accessibility(items: list[dict], path: str, note: Note) -> tuple[list[str], str | None]:
    """(features, note): an object whose description is one of our features' words is
    that feature; any other text (and any ``details``) goes into the note, none lost."""
    features: set[str] = set()
    texts: list[str] = []
    for index, item in enumerate(items):
        description = str(item.get("description") or "").strip()
        details = str(item.get("details") or "").strip()
        url = str(item.get("url") or "").strip()
        code = FEATURE_OF_WORDS.get(description.casefold())
        if code is not None:
            features.add(code)
        elif description:
            texts.append(description)
        texts += [text for text in (details, url) if text]
        if not (description or details or url):
            note(item, f"{path}[{index}]", "says nothing; left out")
    text = "\n".join(texts)
    if len(text) > 2000:
        note(items[0], path, "notes longer than 2000 characters; shortened")
    return sorted(features), text[:2000] or None


def read_required_documents(items: list[dict], path: str, note: Note) -> str | None:
    """One document a line (a link after its document)."""
    lines = []
    for index, item in enumerate(items):
        words = " ".join(str(item.get("document") or "").split())
        uri = str(item.get("uri") or "").strip()
        line = " ".join(filter(None, [words, uri]))
        if line:
            lines.append(line)
        else:
            note(item, f"{path}[{index}]", "names no document; left out")
    text = "\n".join(lines)
    if len(text) > 2000:
        note(items[0], path, "longer than 2000 characters; shortened")
    return text[:2000] or None


# --- Writing ---------------------------------------------------------------------------------


def sync_phones(owner: Any, items: list[PhoneData]) -> bool:
    """Make ``owner.phones`` (a service's or a location's) hold ``items``, matched by HSDS
    id, changing nothing when they already do; True when something changed."""
    current = {phone.hsds_id: phone for phone in owner.phones}
    rows, changed = [], False
    for item in items:
        phone = current.pop(item.hsds_id, None)
        if phone is None:
            phone, changed = Phone(hsds_id=item.hsds_id), True
        for name in ("number", "extension", "description", "type", "language"):
            if getattr(phone, name) != getattr(item, name):
                setattr(phone, name, getattr(item, name))
                changed = True
        rows.append(phone)
    if changed or current:
        owner.phones = rows
        return True
    return False
