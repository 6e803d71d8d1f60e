"""The guide editor's form (every section in both languages, with sources) and the
moderator's decision on a guide revision."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional
from wtforms.widgets import HiddenInput

from directory.forms import DirectoryForm
from directory.guides.content import MAX_TEXT, TEXT_FIELDS, Payload
from directory.listings.fields import MultiCheckboxField
from directory.models import GUIDE_SECTIONS
from directory.moderation.forms import DecisionForm
from directory.taxonomy import SECTORS


def _strip(value: str | None) -> str:
    return value.strip() if isinstance(value, str) else ""


def _text(label: Any) -> TextAreaField:
    return TextAreaField(label, filters=[_strip], validators=[Length(max=MAX_TEXT)])


class GuideForm(DirectoryForm):
    """Fields are named ``<section>_<en|fr|sources>``; a guide shows those of its sections
    (``GUIDE_SECTIONS``). To submit, every section needs both languages and its sources."""

    recognize_en = _text(_l("Recognize, in English"))
    recognize_fr = _text(_l("Recognize, in French"))
    recognize_sources = _text(_l("Sources of Recognize"))
    respond_en = _text(_l("Respond, in English"))
    respond_fr = _text(_l("Respond, in French"))
    respond_sources = _text(_l("Sources of Respond"))
    refer_en = _text(_l("Refer, in English"))
    refer_fr = _text(_l("Refer, in French"))
    refer_sources = _text(_l("Sources of Refer"))
    duty_en = _text(_l("Duty to report, in English"))
    duty_fr = _text(_l("Duty to report, in French"))
    duty_sources = _text(_l("Sources of Duty to report"))
    refer_sectors = MultiCheckboxField(
        _l("Sectors to bring in"), choices=[SelectChoice(slug, slug) for slug, *_names in SECTORS]
    )
    sample = BooleanField(_l("Sample text: not yet written and reviewed by people of this sector"))
    revision_id = HiddenField()
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    save_draft = SubmitField(_l("Save draft"))
    submit = SubmitField(_l("Submit for review"))

    def section_fields(self, kind: str) -> list[tuple[str, list[Any]]]:
        return [
            (name, [self[f"{name}_{part}"] for part in TEXT_FIELDS])
            for name in GUIDE_SECTIONS[kind]
        ]

    def load(self, payload: Payload) -> None:
        for name, section in payload["sections"].items():
            for part in TEXT_FIELDS:
                self[f"{name}_{part}"].data = section.get(part, "")
        self.refer_sectors.data = list(payload.get("refer_sectors", []))
        self.sample.data = bool(payload.get("sample", True))

    def payload(self, kind: str) -> Payload:
        return {
            "sections": {
                name: {part: self[f"{name}_{part}"].data or "" for part in TEXT_FIELDS}
                for name in GUIDE_SECTIONS[kind]
            },
            "refer_sectors": list(self.refer_sectors.data or []) if kind == "sector" else [],
            "sample": bool(self.sample.data),
        }

    def complete_for_submission(self, kind: str) -> bool:
        """Every section in both languages, with its sources; errors shown next to fields."""
        complete = True
        for _name, fields in self.section_fields(kind):
            for field in fields:
                if not field.data:
                    field.errors = [*field.errors, str(_l("Fill this in before submitting."))]
                    complete = False
        return complete


class GuideDecisionForm(DecisionForm):
    """The same decision as on a listing's revision; the reason goes to the guide's editors."""
