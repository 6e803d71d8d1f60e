"""The listing form's contacts and accessibility fields: phone rows (of a service or of a
location), a service's own email, website and required documents, a location's
accessibility features. ``forms.ServiceBlock`` and ``forms.LocationBlock`` take them.

Phone rows repeat like the form's blocks: "Add another phone" appends one (no JavaScript);
a row whose number is cleared is removed on saving."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import Field, FieldList, Form, FormField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Regexp, ValidationError

from directory import taxonomy
from directory.contact_points import ACCESSIBILITY_LABELS, PHONE_TYPE_LABELS
from directory.forms import DirectorySubform, Validator
from directory.listings.fields import MultiCheckboxField, canadian_phone, strip

MAX_PHONES = 5


def _language_choices() -> list[SelectChoice]:
    french = str(get_locale()) == "fr"
    languages = [SelectChoice(slug, fr if french else en) for slug, en, fr in taxonomy.LANGUAGES]
    return [SelectChoice("", _l("Any or not said")), *languages]


def _number_needed(form: Form, field: Field) -> None:
    if not field.data:
        raise ValidationError(_l("Enter the number, or clear this phone's other boxes."))


class PhoneRow(DirectorySubform):
    """One phone. A row left blank (no number, extension or description) is not saved."""

    SIGNIFICANT = ("number", "extension", "description")

    number = StringField(
        _l("Phone number"), filters=[strip], validators=[_number_needed, canadian_phone]
    )
    extension = StringField(
        _l("Extension"),
        filters=[strip],
        validators=[Regexp(r"^\d{0,10}$", message=_l("Enter the extension in digits only."))],
    )
    description = StringField(
        _l("What this number is for"), filters=[strip], validators=[Length(max=200)]
    )
    type = SelectField(
        _l("Kind of line"),
        choices=[SelectChoice(code, label) for code, label in PHONE_TYPE_LABELS.items()],
        default="voice",
    )
    language = SelectField(_l("Language answered in"), choices=_language_choices, default="")

    def is_blank(self) -> bool:
        return not any(self[name].data for name in self.SIGNIFICANT)

    def validate(self, extra_validators: Mapping[str, Sequence[Validator]] | None = None) -> bool:
        return True if self.is_blank() else super().validate(extra_validators)


def phone_rows() -> FieldList:
    return FieldList(FormField(PhoneRow), min_entries=1, max_entries=MAX_PHONES)


def add_phone_button() -> SubmitField:
    return SubmitField(_l("Add another phone"))


def accessibility_field() -> MultiCheckboxField:
    return MultiCheckboxField(
        _l("Accessibility"),
        choices=[SelectChoice(code, label) for code, label in ACCESSIBILITY_LABELS.items()],
    )


def add_phone_if_pressed(block: Form) -> bool:
    """Append a phone row to a service or location block whose "Add another phone" was
    pressed; True if it was."""
    if not block.add_phone.data:
        return False
    if len(block.phones) < MAX_PHONES:
        block.phones.append_entry()
    return True
