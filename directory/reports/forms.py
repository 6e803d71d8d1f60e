from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from directory.forms import DirectoryForm
from directory.models import ReportReason

DETAILS_MAX = 2000


def _strip(value: str | None) -> str | None:
    return value.strip() if value else value


class ReportForm(DirectoryForm):
    reason = RadioField(
        _l("What is the problem?"),
        choices=[
            SelectChoice(ReportReason.OUTDATED.value, _l("The information is out of date")),
            SelectChoice(ReportReason.WRONG_CONTACT.value, _l("A contact detail is wrong")),
            SelectChoice(
                ReportReason.UNSAFE.value,
                _l("Something here could put someone at risk"),
            ),
            SelectChoice(ReportReason.OTHER.value, _l("Something else")),
        ],
        validators=[InputRequired(_l("Choose what the problem is."))],
    )
    details = TextAreaField(
        _l("Details (optional)"),
        filters=[_strip],
        validators=[Optional(), Length(max=DETAILS_MAX)],
    )
    submit = SubmitField(_l("Send to the moderators"))


class ResolveReportForm(DirectoryForm):
    resolution = TextAreaField(
        _l("What was done"),
        filters=[_strip],
        validators=[DataRequired(_l("Say what was done.")), Length(max=DETAILS_MAX)],
    )
    submit = SubmitField(_l("Mark as resolved"))
