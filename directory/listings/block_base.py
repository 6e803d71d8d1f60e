"""What every repeated block of the listing form shares: its row key, blank-means-absent,
its "Remove" button; and the small field helpers the blocks are declared with."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from directory import taxonomy
from directory.forms import DirectorySubform, Validator
from directory.geo import locate
from directory.geo.gazetteer import PlaceKind
from directory.listings.fields import strip


def term_choices(terms: list[tuple[str, str, str]]) -> Callable[[], list[SelectChoice]]:
    def choices() -> list[SelectChoice]:
        french = str(get_locale()) == "fr"
        return [SelectChoice(slug, fr if french else en) for slug, en, fr in terms]

    return choices


def province_choices() -> list[SelectChoice]:
    return [SelectChoice("", _l("Choose…")), *term_choices(taxonomy.PROVINCES)()]


def text_field(label: str, max_length: int = 200, *validators: Validator) -> StringField:
    return StringField(label, filters=[strip], validators=[Length(max=max_length), *validators])


def geocode_city(city: str, province: str) -> tuple[float, float] | None:
    """The point of a city or region in a province, offline; None when the gazetteer has none."""
    place = locate(f"{city}, {province}").place
    if place is None or place.province != province or place.kind is PlaceKind.PROVINCE:
        return None
    return place.point


class RowKeyField(HiddenField):
    """Only what was posted: a block posted without its key is a new row, never the row that
    happened to be loaded at its position."""

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = valuelist[0] if valuelist else ""


class Block(DirectorySubform):
    """A repeated block. One left entirely blank is neither validated nor saved.

    ``key``: the HSDS id of the row the block edits (empty for a new block), so approval
    updates that row (``apply.apply_payload``); the route keeps only this organization's."""

    SIGNIFICANT: tuple[str, ...] = ()
    point: tuple[float, float] | None = None

    key = RowKeyField()
    # "Remove this …": a plain submit button (the route drops the block and renders the form
    # again); listing-form.js removes the block in place instead.
    remove = SubmitField(_l("Remove"))

    def is_blank(self) -> bool:
        return not any(self[name].data for name in self.SIGNIFICANT)

    def validate(self, extra_validators: Mapping[str, Sequence[Validator]] | None = None) -> bool:
        return True if self.is_blank() else super().validate(extra_validators)


def place_label(name: str | None, city: str | None, position: int) -> str:
    """A location as a service's "Offered at" names it: "Main office — Thunder Bay", else
    "Location 2"."""
    named = [str(part or "").strip() for part in (name, city)]
    return " — ".join(part for part in named if part) or _("Location %(n)d", n=position + 1)
