"""A guide revision against the published guide, line by line, as plain text (the template
escapes it: Markdown is shown as typed, never rendered, in a diff)."""

from __future__ import annotations

from flask_babel import gettext as _

from directory.guides.content import FIELD_LABELS, SECTION_TITLES, Payload
from directory.i18n.locale import current_locale
from directory.listings.diff import DiffRow
from directory.taxonomy import SECTORS


def flatten(payload: Payload | None) -> dict[str, str]:
    if not payload:
        return {}
    lines = {}
    for name, section in payload.get("sections", {}).items():
        for part, value in section.items():
            if part in FIELD_LABELS:
                label = f"{SECTION_TITLES.get(name, name)} · {FIELD_LABELS[part]}"
                lines[label] = value or "—"
    french = current_locale() == "fr"
    names = {slug: fr if french else en for slug, en, fr in SECTORS}
    refer = [names.get(slug, slug) for slug in payload.get("refer_sectors", [])]
    lines[_("Sectors to bring in")] = ", ".join(refer) or "—"
    lines[_("Marked as sample text")] = _("Yes") if payload.get("sample", True) else _("No")
    return lines


def diff_guide_payloads(before: Payload | None, after: Payload) -> list[DiffRow]:
    """The lines that differ; ``before=None`` (never published) makes every line new."""
    old, new = flatten(before), flatten(after)
    rows = [DiffRow(label, old.get(label), value) for label, value in new.items()]
    return [row for row in rows if row.before != row.after]
