"""The claim form (members) and the decision form (moderators); every POST carries CSRF."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from directory.forms import DirectoryForm


def _strip(value: str | None) -> str | None:
    return value.strip() if value else value


class ClaimForm(DirectoryForm):
    note = TextAreaField(
        _l("How are you connected to this organization?"),
        description=_l("Your role there and how a moderator can check it (a work phone, say)."),
        filters=[_strip],
        validators=[DataRequired(_l("Tell us briefly who you are.")), Length(max=1000)],
    )
    submit = SubmitField(_l("Claim this listing"))


class ClaimDecisionForm(DirectoryForm):
    decision = RadioField(
        _l("Outcome"),
        choices=[
            SelectChoice("approve", _l("Approve: make them the owner")),
            SelectChoice("refuse", _l("Refuse")),
        ],
        validators=[InputRequired(_l("Choose a decision."))],
    )
    reason = TextAreaField(
        _l("Reason (sent to the member)"),
        filters=[_strip],
        validators=[DataRequired(_l("Give a reason.")), Length(max=2000)],
    )
    submit = SubmitField(_l("Record the decision"))
