from wtforms import StringField
from wtforms.validators import DataRequired

from directory.forms import DirectoryForm


class LanguageForm(DirectoryForm):
    """The switch in every page's header: the language (the pressed button's value) and the
    page to return to. The route checks both: a supported locale, a local path."""

    locale = StringField(validators=[DataRequired()])
    next = StringField()
