"""The referral pathway's fields of a service block in the listing form.

``pathway_fields()`` makes them (fresh each call); ``forms.ServiceBlock`` takes them right
after its own fields, so that the error summary lists them in page order. The template
gives them their own fieldset."""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional, ValidationError
from wtforms.widgets import TextInput

from directory import taxonomy
from directory.listings.fields import MultiCheckboxField, strip
from directory.models import SELF_REFERRAL_AGES
from directory.pathways import FIRST_RESPONSE_LABELS


def _sector_choices() -> list[SelectChoice]:
    french = str(get_locale()) == "fr"
    return [SelectChoice(slug, fr if french else en) for slug, en, fr in taxonomy.SECTORS]


FIRST_RESPONSE_CHOICES = [
    SelectChoice("", _l("Not said")),
    *(SelectChoice(value, label) for value, label in FIRST_RESPONSE_LABELS.items()),
]
AGE_MESSAGE = _l("Enter an age from %(min)d to %(max)d, or leave it empty.")


def pathway_fields() -> dict[str, Any]:
    """The unbound fields, in page order (``ServiceBlock`` sets them as class attributes)."""
    return {
        "referral_sectors": MultiCheckboxField(
            _l("Accepts referrals from these sectors"), choices=_sector_choices
        ),
        "self_referral": BooleanField(_l("Young people may refer themselves")),
        "self_referral_min_age": IntegerField(
            _l("From what age (leave empty for any age)"),
            widget=TextInput(),  # styled like the other boxes; the range is checked here
            validators=[
                Optional(),
                NumberRange(
                    min=SELF_REFERRAL_AGES.start,
                    max=SELF_REFERRAL_AGES.stop - 1,
                    message=AGE_MESSAGE,
                ),
            ],
        ),
        "warm_handoff": BooleanField(
            _l("Warm handoff: the referrer can call with the young person present")
        ),
        "first_response": SelectField(
            _l("Usual first response"), choices=FIRST_RESPONSE_CHOICES, default=""
        ),
        "no_police_required": BooleanField(_l("No police involvement required")),
        "referrer_checklist": TextAreaField(
            _l("What the referrer should have ready"),
            filters=[strip],
            validators=[Length(max=2000)],
        ),
    }


def check_min_age(block: Any, field: IntegerField) -> None:
    """An age without self-referral says nothing true: refuse it rather than store it."""
    if field.data is not None and not block.self_referral.data:
        raise ValidationError(
            _l("An age applies only to self-referral: tick self-referral or leave it empty.")
        )
