from flask_babel import lazy_gettext as _l
from wtforms import EmailField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from directory.forms import DirectoryForm
from directory.models import VettingStatus


def _strip(value: str | None) -> str | None:
    return value.strip() if value else value


class VettingRequestForm(DirectoryForm):
    organization_name = StringField(
        _l("Organization you work for"),
        filters=[_strip],
        validators=[DataRequired(_l("Name your organization.")), Length(max=200)],
    )
    role = StringField(
        _l("Your role"),
        filters=[_strip],
        validators=[DataRequired(_l("Give your role.")), Length(max=120)],
    )
    work_email = EmailField(
        _l("Work email address"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Give your work email address.")),
            Email(message=_l("Enter an email address like name@example.org.")),
            Length(max=254),
        ],
    )
    note = TextAreaField(
        _l("Anything that helps us check (optional)"),
        filters=[_strip],
        validators=[Optional(), Length(max=2000)],
    )
    submit = SubmitField(_l("Ask to be verified"))


class VettingDecisionForm(DirectoryForm):
    decision = RadioField(
        _l("Outcome"),
        choices=[
            SelectChoice(VettingStatus.APPROVED.value, _l("Verify as a professional")),
            SelectChoice(VettingStatus.REFUSED.value, _l("Refuse")),
        ],
        validators=[InputRequired(_l("Choose a decision."))],
    )
    reason = TextAreaField(
        _l("Reason (sent to the member)"),
        filters=[_strip],
        validators=[DataRequired(_l("Give a reason.")), Length(max=2000)],
    )
    submit = SubmitField(_l("Record the decision"))
