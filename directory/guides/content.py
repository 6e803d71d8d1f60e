"""A guide's content: its payload (what an editor proposes), labels, and freshness.

A payload is ``{"sections": {name: {"en", "fr", "sources"}}, "refer_sectors": [slugs],
"sample": bool}``: all Markdown, in both languages. The published guide keeps the same, plus
each section's ``reviewed_on`` date, set when a moderator approves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from directory.i18n.locale import current_locale
from directory.markdown import render_markdown
from directory.models import GUIDE_SECTIONS, Guide, GuideKind
from directory.models.types import utcnow

MONTH_DAYS = 30.44
TEXT_FIELDS = ("en", "fr", "sources")
SECTION_TITLES = {
    "recognize": _l("Recognize"),
    "respond": _l("Respond"),
    "refer": _l("Refer"),
    "duty": _l("Duty to report"),
}
FIELD_LABELS = {
    "en": _l("English text"),
    "fr": _l("French text"),
    "sources": _l("Sources"),
}
MAX_TEXT = 20000

Payload = dict[str, Any]


def empty_payload(kind: str) -> Payload:
    return {
        "sections": {name: dict.fromkeys(TEXT_FIELDS, "") for name in GUIDE_SECTIONS[kind]},
        "refer_sectors": [],
        "sample": True,
    }


def published_payload(guide: Guide) -> Payload:
    """What the guide says now, as a payload (the starting point of a new revision)."""
    payload = empty_payload(guide.kind)
    for name, section in payload["sections"].items():
        stored = guide.sections.get(name, {})
        section.update({field: stored.get(field, "") for field in TEXT_FIELDS})
    payload["refer_sectors"] = list(guide.refer_sectors)
    payload["sample"] = guide.sample
    return payload


def publish(guide: Guide, payload: Payload, today: date) -> None:
    """Replace the published content by ``payload``; every section is reviewed ``today``."""
    sections = payload["sections"]
    guide.sections = {
        name: {field: sections[name].get(field, "") for field in TEXT_FIELDS}
        | {"reviewed_on": today.isoformat()}
        for name in guide.section_names
    }
    guide.refer_sectors = list(payload.get("refer_sectors", []))
    guide.sample = bool(payload.get("sample", True))


@dataclass(frozen=True)
class ShownSection:
    """One section as a reader sees it, in their language when it is written in it."""

    name: str
    title: str
    body: Markup
    lang: str | None  # "en" when a French reader sees the English text (none in French yet)
    sources: Markup
    reviewed_on: date | None
    needs_review: bool


def shown_sections(guide: Guide, now: datetime | None = None) -> list[ShownSection]:
    locale = current_locale()
    cutoff = review_cutoff(now)
    shown = []
    for name in guide.section_names:
        stored = guide.sections.get(name, {})
        text, lang = stored.get(locale) or "", None
        if not text and locale != "en":
            text, lang = stored.get("en") or "", "en"
        reviewed = _date(stored.get("reviewed_on"))
        shown.append(
            ShownSection(
                name=name,
                title=str(SECTION_TITLES[name]),
                body=render_markdown(text),
                lang=lang if text else None,
                sources=render_markdown(stored.get("sources")),
                reviewed_on=reviewed,
                needs_review=reviewed is None or reviewed < cutoff,
            )
        )
    return shown


def review_cutoff(now: datetime | None = None) -> date:
    """Sections last reviewed before this day need review (``GUIDE_REVIEW_AFTER_MONTHS``)."""
    months = current_app.config["GUIDE_REVIEW_AFTER_MONTHS"]
    return ((now or utcnow()) - timedelta(days=MONTH_DAYS * months)).date()


def needs_review(guide: Guide, now: datetime | None = None) -> bool:
    """Some section was last reviewed before ``review_cutoff`` (no Markdown rendered)."""
    if not guide.is_published:
        return False
    cutoff = review_cutoff(now)
    for name in guide.section_names:
        reviewed = _date(guide.sections.get(name, {}).get("reviewed_on"))
        if reviewed is None or reviewed < cutoff:
            return True
    return False


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def guide_title(guide: Guide) -> str:
    """ "Health care"; "Duty to report: Ontario" — in the reader's language."""
    locale = current_locale()
    if guide.kind == GuideKind.SECTOR and guide.sector is not None:
        return guide.sector.label(locale)
    if guide.province is not None:
        return _("Duty to report: %(province)s", province=guide.province.label(locale))
    return guide.slug
