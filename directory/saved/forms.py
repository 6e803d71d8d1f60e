"""The "Save this search" form (on the search page) and the unsubscribe confirmation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length

from directory.forms import DirectoryForm
from directory.saved.services import MAX_NAME_LENGTH, MAX_QUERY_LENGTH


class SaveSearchForm(DirectoryForm):
    name = StringField(
        _l("Name of this search"),
        validators=[
            DataRequired(message=_l("Give this search a name.")),
            Length(
                max=MAX_NAME_LENGTH,
                message=_l("Keep the name under %(max)d characters.", max=MAX_NAME_LENGTH),
            ),
        ],
    )
    query = HiddenField(validators=[Length(max=MAX_QUERY_LENGTH)])
