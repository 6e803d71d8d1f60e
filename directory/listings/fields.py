"""Field types and validators of the listing form.

Format validators accept an empty field (a draft may be incomplete) and normalise what they
accept (phones to ``+1 807-555-0100``, postal codes to ``P7B 1A1``). Fields a listing needs
before review use ``required_to_submit``: they only bite while ``submitting`` is set, which
``ListingForm.validate`` does when "Submit for review" was pressed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import urlsplit

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from wtforms import Field, Form, SelectMultipleField
from wtforms.validators import StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from directory.forms import Validator

_submitting: ContextVar[bool] = ContextVar("listing_submitting", default=False)
POSTAL_CODE = re.compile(r"^([ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]) ?(\d[ABCEGHJ-NPRSTV-Z]\d)$")


@contextmanager
def submitting(value: bool) -> Iterator[None]:
    token = _submitting.set(value)
    try:
        yield
    finally:
        _submitting.reset(token)


def is_submitting() -> bool:
    return _submitting.get()


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes (no JavaScript, every choice visible)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def required_to_submit(message: str) -> Validator:
    def validator(form: Form, field: Field) -> None:
        if is_submitting() and not field.data:
            raise StopValidation(message)

    return validator


def canadian_phone(form: Form, field: Field) -> None:
    if not field.data:
        return
    try:
        number = phonenumbers.parse(field.data, "CA")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(_l("Enter a phone number like 807-555-0100 or +1 807 555 0100."))
    field.data = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def web_address(form: Form, field: Field) -> None:
    """http(s) only: ``javascript:`` or ``data:`` addresses would run in a reader's browser."""
    if not field.data:
        return
    value = field.data
    if "://" not in value and ":" not in value.split("/")[0]:
        value = "https://" + value
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or "." not in parts.netloc:
        raise ValidationError(_l("Enter a web address starting with https:// or http://."))
    field.data = value


def email_address(form: Form, field: Field) -> None:
    """Checked offline: nothing is sent to a third party to look the domain up."""
    if not field.data:
        return
    try:
        field.data = validate_email(field.data, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise ValidationError(_l("Enter an email address like name@example.org.")) from error


def postal_code(form: Form, field: Field) -> None:
    if not field.data:
        return
    match = POSTAL_CODE.match(field.data.strip().upper())
    if match is None:
        raise ValidationError(_l("Enter a Canadian postal code like A1A 1A1."))
    field.data = f"{match[1]} {match[2]}"
