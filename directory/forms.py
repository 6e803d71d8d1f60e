"""The base classes of every form: each text field refuses the control characters its kind
may not hold (``directory.plain_text``), with a message next to the field.

Every form derives from ``DirectoryForm`` (a Flask-WTF form: CSRF) and every sub-form of a
``FormField`` from ``DirectorySubform``. Their ``Meta.bind_field`` puts the guard first in the
validators of each text field as the form is built, so no field can be forgotten:
``StringField`` and all its kinds (email, hidden, password, search...) take one line,
``TextAreaField`` several. tests/test_control_characters.py checks that every form of the
package derives from these two.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, Form, StringField, TextAreaField
from wtforms.meta import DefaultMeta
from wtforms.validators import StopValidation

from directory.plain_text import fits_one_line, fits_several_lines

ONE_LINE_MESSAGE = _l(
    "Keep this to one line: remove line breaks, tabs and invisible control characters."
)
SEVERAL_LINES_MESSAGE = _l("Remove the invisible control characters from this text.")

# What WTForms calls with the form and the field; it raises ValidationError or StopValidation.
Validator = Callable[[Form, Field], None]


def single_line(form: Form, field: Field) -> None:
    if isinstance(field.data, str) and not fits_one_line(field.data):
        raise StopValidation(ONE_LINE_MESSAGE)


def multi_line(form: Form, field: Field) -> None:
    if isinstance(field.data, str) and not fits_several_lines(field.data):
        raise StopValidation(SEVERAL_LINES_MESSAGE)


def text_guard(field_class: type) -> Validator | None:
    """The guard a field of this class gets (None: not a text field)."""
    if issubclass(field_class, TextAreaField):
        return multi_line
    if issubclass(field_class, StringField):
        return single_line
    return None


class _GuardedMeta(DefaultMeta):
    def bind_field(self, form: Form, unbound_field: Any, options: dict[str, Any]) -> Field:
        field: Field = super().bind_field(form, unbound_field, options)
        guard = text_guard(type(field))
        if guard is not None:
            field.validators = [guard, *field.validators]
        return field


class DirectoryForm(FlaskForm):
    class Meta(_GuardedMeta):
        pass


class DirectorySubform(Form):
    class Meta(_GuardedMeta):
        pass
