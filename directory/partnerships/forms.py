"""The forms of partnerships: a notice, a request, a reply, a decision, a report, a note."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.validators import ValidationError as FieldError

from directory import taxonomy
from directory.forms import DirectoryForm
from directory.listings.fields import MultiCheckboxField
from directory.models import PartnershipPurpose

MAX_NOTICE_DAYS = 366
MESSAGE_MAX = 2000

PURPOSES = {
    PartnershipPurpose.JOINT_PROTOCOL: _l("A joint protocol"),
    PartnershipPurpose.REFERRALS: _l("Referrals between us"),
    PartnershipPurpose.TRAINING: _l("Training"),
    PartnershipPurpose.CASE_COORDINATION: _l("A case-coordination table"),
    PartnershipPurpose.OTHER: _l("Something else"),
}


def _sector_choices() -> list[SelectChoice]:
    french = str(get_locale()) == "fr"
    return [SelectChoice(slug, fr if french else en) for slug, en, fr in taxonomy.SECTORS]


def _province_choices() -> list[SelectChoice]:
    french = str(get_locale()) == "fr"
    options = [SelectChoice(code, fr if french else en) for code, en, fr in taxonomy.PROVINCES]
    return [SelectChoice("", _l("Anywhere (choose a place below)")), *options]


def _strip(value: str | None) -> str | None:
    return value.strip() if value else value


class NoticeForm(DirectoryForm):
    organization = SelectField(_l("Organization seeking partners"), coerce=int)
    sectors = MultiCheckboxField(
        _l("Sectors you are looking for"),
        choices=_sector_choices,
        validators=[DataRequired(_l("Choose at least one sector."))],
    )
    purpose = RadioField(
        _l("What for"),
        choices=[SelectChoice(value.value, label) for value, label in PURPOSES.items()],
        validators=[InputRequired(_l("Say what the partnership is for."))],
    )
    details = TextAreaField(
        _l("In a few words"),
        filters=[_strip],
        validators=[DataRequired(_l("Describe what you are looking for.")), Length(max=1000)],
    )
    province = SelectField(_l("Province or territory"), choices=_province_choices)
    place = StringField(
        _l("Region or place (optional)"),
        filters=[_strip],
        validators=[Optional(), Length(max=120)],
    )
    radius_km = IntegerField(
        _l("Within how many kilometres of it (optional)"),
        validators=[Optional(), NumberRange(1, 2000, _l("Give a distance from 1 to 2000 km."))],
    )
    until = DateField(
        _l("Open until"), validators=[InputRequired(_l("Give the date the notice closes."))]
    )
    submit = SubmitField(_l("Publish the notice"))

    def validate_until(self, field: DateField) -> None:
        today = datetime.now(UTC).date()
        if field.data is not None and field.data < today:
            raise FieldError(_l("Choose a date from today on."))
        if field.data is not None and field.data > today + timedelta(days=MAX_NOTICE_DAYS):
            raise FieldError(_l("A notice stays open at most a year."))

    def validate_province(self, field: SelectField) -> None:
        if not field.data and not self.place.data:
            raise FieldError(_l("Choose a province or territory, or name a region or place."))

    def validate_radius_km(self, field: IntegerField) -> None:
        if field.data is not None and not self.place.data:
            raise FieldError(_l("Name the place the distance is measured from."))


def default_until() -> date:
    """What the date field proposes: three months from today."""
    return datetime.now(UTC).date() + timedelta(days=90)


class RequestForm(DirectoryForm):
    organization = SelectField(_l("Send on behalf of"), coerce=int)
    body = TextAreaField(
        _l("Your message"),
        filters=[_strip],
        validators=[DataRequired(_l("Write a short message.")), Length(max=MESSAGE_MAX)],
    )
    submit = SubmitField(_l("Send the request"))


class ReplyForm(DirectoryForm):
    body = TextAreaField(
        _l("Reply"),
        filters=[_strip],
        validators=[DataRequired(_l("Write a reply.")), Length(max=MESSAGE_MAX)],
    )
    submit = SubmitField(_l("Send the reply"))


class DecisionForm(DirectoryForm):
    accept = SubmitField(_l("Accept"))
    decline = SubmitField(_l("Decline"))


class ReportForm(DirectoryForm):
    reason = TextAreaField(
        _l("Why are you reporting this request?"),
        filters=[_strip],
        validators=[DataRequired(_l("Tell the moderators what is wrong.")), Length(max=1000)],
    )
    submit = SubmitField(_l("Report to moderators"))


class ResolveForm(DirectoryForm):
    note = TextAreaField(
        _l("What you did"),
        filters=[_strip],
        validators=[DataRequired(_l("Write a note.")), Length(max=1000)],
    )
    submit = SubmitField(_l("Mark as resolved"))


class WithdrawForm(DirectoryForm):
    submit = SubmitField(_l("Withdraw the notice"))
