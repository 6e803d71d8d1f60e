"""The error summary of a form with sub-forms: every message, labelled, in page order."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import FieldList, Form, FormField

SECTION_TITLES = {
    "services": _l("Service"),
    "locations": _l("Location"),
    "service_areas": _l("Service area"),
    "contacts": _l("Referral contact"),
    "rules": _l("Opening hours row"),
    "closures": _l("Closure"),
}


def error_items(form: Form, labels: tuple[str, ...] = ()) -> list[tuple[str, str, str]]:
    """Every error of a form and its sub-forms as (field id, label, message), in page order,
    for the summary at the top ("Service 2 · Service name: Enter the service name.")."""
    items = []
    for field in form:
        if isinstance(field, FieldList):
            for number, entry in enumerate(field, start=1):
                title = f"{SECTION_TITLES.get(field.short_name, field.short_name)} {number}"
                items += error_items(entry.form, (*labels, title))
        elif isinstance(field, FormField):
            items += error_items(field.form, labels)
        else:
            for message in field.errors:
                label = " · ".join((*labels, str(field.label.text)))
                items.append((field.id, label, str(message)))
    return items
