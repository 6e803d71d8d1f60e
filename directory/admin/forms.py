"""One small form per change, each a POST carrying the CSRF token and where to go back."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf

from directory.forms import DirectoryForm
from directory.models import Role

ROLE_CHOICES = [
    SelectChoice(Role.MEMBER.value, _l("Member")),
    SelectChoice(Role.MODERATOR.value, _l("Moderator")),
    SelectChoice(Role.ADMIN.value, _l("Administrator")),
]


class UserActionForm(DirectoryForm):
    """Deactivate and reactivate: nothing to choose. ``next`` is the list page to return to."""

    next = HiddenField()


class RoleForm(UserActionForm):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)


class VettedForm(UserActionForm):
    vetted = HiddenField(validators=[AnyOf(["0", "1"])])


class GuideEditorForm(UserActionForm):
    guide_editor = HiddenField(validators=[AnyOf(["0", "1"])])
