"""Phones and accessibility as every channel words them: the listing form, the moderation
diff, the profile and ``/api/v1`` take their labels from here, so each says the same thing.

A service's phones, email and website are its own: nothing is copied from its organization
(a referrer calling "Intake" must not reach the head office switchboard by mistake).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from directory import taxonomy
from directory.i18n.locale import current_locale
from directory.models import AccessibilityFeature, PhoneType

PHONE_TYPE_LABELS = {
    PhoneType.VOICE.value: _l("Voice"),
    PhoneType.TEXT.value: _l("Text messages"),
    PhoneType.TTY.value: _l("TTY"),
    PhoneType.FAX.value: _l("Fax"),
}
ACCESSIBILITY_LABELS = {
    AccessibilityFeature.STEP_FREE_ENTRANCE.value: _l("Step-free entrance"),
    AccessibilityFeature.ACCESSIBLE_WASHROOM.value: _l("Accessible washroom"),
    AccessibilityFeature.ACCESSIBLE_PARKING.value: _l("Accessible parking"),
    AccessibilityFeature.ELEVATOR.value: _l("Elevator"),
    AccessibilityFeature.ASL_ON_SITE.value: _l("ASL interpretation on site"),
    AccessibilityFeature.LSQ_ON_SITE.value: _l("LSQ interpretation on site"),
    AccessibilityFeature.HEARING_LOOP.value: _l("Hearing loop"),
    AccessibilityFeature.QUIET_ROOM.value: _l("Quiet room"),
}


@dataclass(frozen=True)
class PublicPhone:
    """A phone as public channels show it (``privacy`` builds them)."""

    number: str
    extension: str | None
    description: str | None
    type: str
    language: str | None
    hsds_id: uuid.UUID | None = None

    @property
    def details(self) -> list[str]:
        """What to say beside the number: its purpose, a line that is not voice, a language."""
        said = [self.description] if self.description else []
        if self.type != PhoneType.VOICE:
            said.append(str(PHONE_TYPE_LABELS.get(self.type, self.type)))
        if self.language:
            said.append(language_name(self.language))
        return said


def language_name(code: str) -> str:
    """A language code's name in the reader's language (the code when unknown)."""
    french = current_locale() == "fr"
    names = {slug: fr if french else en for slug, en, fr in taxonomy.LANGUAGES}
    return names.get(code, code)


def document_lines(text: str | None) -> list[str]:
    """Required documents, one a line, blanks and list markers dropped."""
    lines = (line.strip().lstrip("-•*").strip() for line in (text or "").splitlines())
    return [line for line in lines if line]


def accessibility_labels(codes: list[str] | None) -> list[str]:
    """The labels of known features, in the vocabulary's order."""
    chosen = set(codes or [])
    return [str(label) for code, label in ACCESSIBILITY_LABELS.items() if code in chosen]
