"""Small forms around a published listing: confirm it, invite an editor, accept an invitation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from directory.forms import DirectoryForm


class StillAccurateForm(DirectoryForm):
    """One button. ``back`` says where the member pressed it: "profile" or the listings page."""

    back = HiddenField()
    submit = SubmitField(_l("Still accurate"))


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
