"""The opening hours of a service block in the listing form: weekly rows, closures, notes.

A row is days (checkboxes), opens and closes (``<input type="time">``); a closing time not
after the opening time runs past midnight. No JavaScript: the form always shows one blank
row more than it holds (``SpareRows``), a blank row is ignored, and "Remove" drops a row on
saving. The section's data is ``hours.Hours.to_json()`` (``payload_fields.HoursSpec``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FieldList, FormField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, ValidationError

from directory.forms import DirectorySubform, Validator
from directory.hours import DAY, DAY_NAMES, MAX_CLOSURES, MAX_RULES, Hours, minutes
from directory.listings.fields import MultiCheckboxField, strip


def _day_choices() -> list[SelectChoice]:
    return [SelectChoice(day, name) for day, name in enumerate(DAY_NAMES)]


class SpareRows(FieldList):
    """A list of rows that keeps one blank row at its end (up to ``max_entries``)."""

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        super().process(formdata, data, extra_filters=extra_filters)
        last = self.entries[-1].form if self.entries else None
        if (last is None or not last.is_blank()) and len(self.entries) < (self.max_entries or 0):
            self.append_entry()


class Row(DirectorySubform):
    FILLED: tuple[str, ...] = ()

    remove = BooleanField(_l("Remove"))

    def is_blank(self) -> bool:
        return not any(self[name].data for name in self.FILLED)

    def is_kept(self) -> bool:
        return not self.is_blank() and not self.remove.data

    def validate(self, extra_validators: Mapping[str, Sequence[Validator]] | None = None) -> bool:
        return super().validate(extra_validators) if self.is_kept() else True


def _whole_minutes(value: str | None) -> str | None:
    """ "09:00:00" (a time input with seconds) as "09:00"."""
    if value and len(value) == 8 and value.endswith(":00") and value[2] == ":":
        return value[:5]
    return value


def _time_field(label: str) -> StringField:
    return StringField(label, filters=[strip, _whole_minutes], render_kw={"type": "time"})


class RuleRow(Row):
    FILLED = ("days", "opens", "closes")

    days = MultiCheckboxField(_l("Days"), choices=_day_choices, coerce=int)
    opens = _time_field(_l("Opens"))
    closes = _time_field(_l("Closes"))

    def validate_days(self, field: MultiCheckboxField) -> None:
        if not field.data:
            raise ValidationError(_l("Choose at least one day."))

    def validate_opens(self, field: StringField) -> None:
        if _minutes(field.data) in (None, DAY):
            raise ValidationError(_l("Enter the opening time as HH:MM, for example 09:00."))

    def validate_closes(self, field: StringField) -> None:
        if _minutes(field.data) is None:
            raise ValidationError(_l("Enter the closing time as HH:MM, for example 17:00."))


class ClosureRow(Row):
    FILLED = ("date", "note")

    date = StringField(_l("Closed on"), filters=[strip], render_kw={"type": "date"})
    note = StringField(_l("Why (optional)"), filters=[strip], validators=[Length(max=120)])

    def validate_date(self, field: StringField) -> None:
        try:
            date.fromisoformat(field.data or "")
        except ValueError:
            raise ValidationError(_l("Enter the date as YYYY-MM-DD.")) from None


class HoursSection(DirectorySubform):
    rules = SpareRows(FormField(RuleRow), min_entries=1, max_entries=MAX_RULES)
    closures = SpareRows(FormField(ClosureRow), min_entries=1, max_entries=MAX_CLOSURES)
    notes = TextAreaField(_l("About the hours"), filters=[strip], validators=[Length(max=500)])

    def hours(self) -> Hours:
        """What the rows say (validated first: rows that are blank or removed are left out)."""
        return Hours.from_json(
            {
                "rules": [
                    {"days": row.days.data, "opens": row.opens.data, "closes": row.closes.data}
                    for row in (entry.form for entry in self.rules)
                    if row.is_kept()
                ],
                "closures": [
                    {"date": row.date.data, "note": row.note.data}
                    for row in (entry.form for entry in self.closures)
                    if row.is_kept()
                ],
                "notes": self.notes.data,
            }
        )


def _minutes(text: str | None) -> int | None:
    try:
        return minutes(text or "")
    except ValueError:
        return None
