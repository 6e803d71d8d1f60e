"""Removing a repeated block of the listing form without JavaScript.

Each block has a "Remove" submit button; the route drops the block and renders the form again
(``listing-form.js`` removes it in place instead). Services name their places by the position
of the location blocks, so removing a location renumbers the ticked boxes that follow it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wtforms import Field, FieldList, Form, FormField

if TYPE_CHECKING:
    from directory.listings.forms import ListingForm

REPEATED = ("services", "locations", "service_areas", "contacts")


def remove_pressed(form: ListingForm) -> bool:
    """Drop the block whose "Remove" was pressed (keeping one, blank, when it was the last);
    True if one was."""
    for section in REPEATED:
        blocks = form[section]
        for position, entry in enumerate(blocks.entries):
            if entry.form.remove.data:
                blocks.entries.remove(entry)
                if not blocks.entries:
                    blocks.append_entry()
                if section == "locations":
                    _renumber_places(form, position)
                form.removed_section = section
                return True
    return False


def _renumber_places(form: ListingForm, removed: int) -> None:
    """Each service's ticked places, after location block ``removed`` is gone."""
    for entry in form.services:
        field = entry.form.offered_at
        kept = []
        for value in field.data or []:
            if str(value).isdigit() and int(value) != removed:
                kept.append(str(int(value) - (int(value) > removed)))
        field.data = kept
    form.offer_places()


PLACEHOLDER = "__N__"  # the block's index in a <template>; listing-form.js replaces it
PHONE_PLACEHOLDER = "__P__"


def blank_block(form: ListingForm, section: str) -> Form:
    """A blank block of ``section`` named ``<section>-__N__-…``, for the page's <template>."""
    block_class = form[section].unbound_field.args[0]
    block = block_class(prefix=f"{form[section].name}-{PLACEHOLDER}-")
    if section == "services":
        block.offered_at.choices = form.services[0].offered_at.choices
        block.offered_at.data = [choice.value for choice in block.offered_at.choices]
    return block


def blank_phone(block: Form) -> Form:
    """A blank phone row of a block, named ``…-phones-__P__-…``."""
    row_class = block.phones.unbound_field.args[0]
    return row_class(prefix=f"{block.phones.name}-{PHONE_PLACEHOLDER}-")


def has_input(*fields: Field) -> bool:
    """Whether any of these fields holds something typed or an error: a folded part of a
    block (opening hours, a service's own contacts, its pathway) opens when it does."""
    for field in fields:
        if field.errors:
            return True
        if isinstance(field, FieldList):
            if any(has_input(entry) for entry in field):
                return True
        elif isinstance(field, FormField):
            form = field.form
            blank = getattr(form, "is_blank", None)
            if blank is not None and not blank():
                return True
            if blank is None and has_input(*form):
                return True
        elif field.type not in ("SubmitField", "HiddenField", "RowKeyField") and field.data:
            return True
    return False
