"""Small forms around a published listing: confirm it, say a service's capacity, invite an
editor, accept an invitation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, IntegerField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from directory.forms import DirectoryForm
from directory.models import CapacityStatus


class StillAccurateForm(DirectoryForm):
    """One button. ``back`` says where the member pressed it: "profile" or the listings page."""

    back = HiddenField()
    submit = SubmitField(_l("Still accurate"))


class CapacityForm(DirectoryForm):
    """One click: each status is a button (``name="status"``); places are optional."""

    status = SelectField(
        _l("Capacity"),
        choices=[
            SelectChoice(CapacityStatus.ACCEPTING.value, _l("Accepting")),
            SelectChoice(CapacityStatus.WAITLIST.value, _l("Waitlist")),
            SelectChoice(CapacityStatus.FULL.value, _l("Full")),
            SelectChoice(CapacityStatus.UNKNOWN.value, _l("Unknown")),
        ],
        validators=[DataRequired(_l("Choose accepting, waitlist or full."))],
    )
    places = IntegerField(
        _l("Places available (optional)"),
        validators=[
            Optional(),
            NumberRange(min=0, max=9999, message=_l("Places: a whole number from 0 to 9999.")),
        ],
    )


class InviteEditorForm(DirectoryForm):
    email = EmailField(
        _l("Email of the person to invite"),
        filters=[lambda v: v.strip().lower() if v else v],
        validators=[
            DataRequired(_l("Enter an email address.")),
            Length(max=254),
            Email(message=_l("Enter an email address like name@example.org.")),
        ],
    )
    submit = SubmitField(_l("Send the invitation"))


class AcceptInvitationForm(DirectoryForm):
    submit = SubmitField(_l("Accept and become an editor"))


class MemberActionForm(DirectoryForm):
    """One button with CSRF: remove an editor, revoke an invitation."""


class ConfirmByLinkForm(DirectoryForm):
    """The one button of the reminder's link page."""

    submit = SubmitField(_l("Yes, it is still accurate"))
