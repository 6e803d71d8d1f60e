from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError
from wtforms.widgets import HiddenInput

from directory.forms import DirectoryForm
from directory.models import RevisionStatus


class DecisionForm(DirectoryForm):
    """Asking for changes or rejecting needs a reason (the submitter reads it in the mail and
    on their listings page); approving does not, a reason there is optional (issue 18: a
    one-field hours change should not demand prose). ``version`` is the revision's version
    when the page was loaded."""

    decision = RadioField(
        _l("Outcome"),
        choices=[
            SelectChoice(RevisionStatus.APPROVED.value, _l("Approve and publish")),
            SelectChoice(RevisionStatus.CHANGES_REQUESTED.value, _l("Ask for changes")),
            SelectChoice(RevisionStatus.REJECTED.value, _l("Reject")),
        ],
        validators=[InputRequired(_l("Choose a decision."))],
    )
    reason = TextAreaField(
        _l("Reason (sent to the submitter)"),
        filters=[lambda v: v.strip() if v else v],
        validators=[Length(max=2000)],
    )
    # Filled from the revision; on approval, the moderator's choice is what gets published
    # (docs/professionals_only.md).
    professionals_only = BooleanField(_l("Visible to vetted professionals only"))
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    submit = SubmitField(_l("Record the decision"))

    def validate_reason(self, field: TextAreaField) -> None:
        if not field.data and self.decision.data != RevisionStatus.APPROVED.value:
            raise ValidationError(_l("Give a reason to reject or to ask for changes."))


class TakedownForm(DirectoryForm):
    """Taking a listing down, or restoring it: the reason goes to the audit trail and, for a
    takedown, to the listing's members."""

    reason = TextAreaField(
        _l("Reason"),
        filters=[lambda v: v.strip() if v else v],
        validators=[DataRequired(_l("Give a reason.")), Length(max=2000)],
    )
    archive = SubmitField(_l("Take the listing down"))
    restore = SubmitField(_l("Publish it again"))
