"""Control characters in text fields: refused with a message next to the field, in every form.

A single-line field (names, cities, phones, emails, titles...) takes no line break, tab or
other control; a multi-line one keeps line breaks and tabs, nothing else. The structural tests
walk every form class of the package, so a form added later cannot skip the guard.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from wtforms import FieldList, Form, FormField, StringField
from wtforms.validators import StopValidation

import directory
from directory.forms import DirectoryForm, DirectorySubform, multi_line, single_line, text_guard
from directory.models import Organization, User, VettingRequest
from tests.factories import UserFactory
from tests.listing_helpers import browser_for, listing_form, page_text

ONE_LINE = "Keep this to one line: remove line breaks, tabs and invisible control characters."
SEVERAL_LINES = "Remove the invisible control characters from this text."
LINE_BREAKING = [
    "\r\n",
    "\n",
    "\r",
    "\t",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
]
NOT_IN_SEVERAL_LINES = ["\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f", "\r"]


def _all_form_classes() -> list[type[Form]]:
    for module in pkgutil.walk_packages(directory.__path__, "directory."):
        importlib.import_module(module.name)
    found, waiting = set(), [Form]
    while waiting:
        for sub in waiting.pop().__subclasses__():
            waiting.append(sub)
            if sub.__module__.startswith("directory.") and sub.__module__ != "directory.forms":
                found.add(sub)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


FORM_CLASSES = _all_form_classes()


def test_the_walk_finds_the_forms():
    names = {cls.__name__ for cls in FORM_CLASSES}
    assert {"ListingForm", "LoginForm", "RegisterForm", "ContactBlock", "ReportForm"} <= names
    assert len(FORM_CLASSES) > 25


@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda cls: cls.__qualname__)
def test_every_form_derives_from_a_guarded_base(form_class):
    assert issubclass(form_class, DirectoryForm | DirectorySubform)


def _text_fields(form):
    for field in form:
        if isinstance(field, FormField):
            yield from _text_fields(field.form)
        elif isinstance(field, FieldList):
            for entry in field:
                yield from _text_fields(entry.form if isinstance(entry, FormField) else [entry])
        elif isinstance(field, StringField):
            yield field


@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda cls: cls.__qualname__)
def test_every_text_field_of_every_form_has_its_guard_first(app, form_class):
    with app.test_request_context():
        # A form that sets a known account's password is told that account's address.
        needs_email = "account_email" in inspect.signature(form_class.__init__).parameters
        extra = {"account_email": "someone@example.org"} if needs_email else {}
        form = form_class(formdata=None, **extra)
        for field in _text_fields(form):
            assert field.validators[0] is text_guard(type(field)), field.name


def test_the_listing_form_guards_its_repeated_blocks(app):
    from directory.listings.forms import ListingForm

    with app.test_request_context():
        fields = {field.name: field for field in _text_fields(ListingForm(formdata=None))}
    assert fields["contacts-0-name"].validators[0] is single_line
    assert fields["contacts-0-notes"].validators[0] is multi_line
    assert fields["organization-phone"].validators[0] is single_line


# --- Through the routes ---------------------------------------------------------------------


@pytest.fixture
def member(make_client, db):
    user = UserFactory()
    db.session.commit()
    return browser_for(make_client, user)


@pytest.mark.parametrize("control", LINE_BREAKING, ids=repr)
def test_a_listing_name_with_a_line_break_or_control_is_refused_and_kept(member, db, control):
    name = f"Harbour House{control}Bcc: victim@example.org"
    response = member.post("/listings/new", data=listing_form(**{"organization-name": name}))
    assert response.status_code == 200
    assert ONE_LINE in page_text(response)
    html = response.get_data(as_text=True)
    assert 'href="#organization-name"' in html  # in the error summary, linked to the field
    assert "Trauma-informed counselling for youth 12 to 17." in html  # nothing typed is lost
    assert db.session.query(Organization).count() == 0


@pytest.mark.parametrize(
    "field",
    [
        "organization-alternate_name",
        "organization-email",
        "organization-phone",
        "organization-website",
        "services-0-name",
        "services-0-fees",
        "services-0-intake_hours",
        "locations-0-name",
        "locations-0-address",
        "locations-0-city",
        "locations-0-postal_code",
        "service_areas-0-region_name",
        "contacts-0-name",
        "contacts-0-role",
        "contacts-0-email",
        "contacts-0-phone",
    ],
)
def test_every_single_line_field_of_the_listing_form_refuses_a_line_break(member, db, field):
    value = listing_form().get(field, "x")
    response = member.post("/listings/new", data=listing_form(**{field: f"{value}\r\nX"}))
    assert response.status_code == 200
    assert ONE_LINE in page_text(response)
    assert f'href="#{field}"' in response.get_data(as_text=True)
    assert db.session.query(Organization).count() == 0


def test_multi_line_fields_keep_line_breaks_and_tabs(member, db):
    description = "Counselling for youth.\r\n\r\nDrop-in:\tMonday to Friday.\nCall first."
    response = member.post(
        "/listings/new",
        data=listing_form(**{"organization-description": description, "contacts-0-notes": "a\tb"}),
    )
    assert response.status_code == 302
    organization = db.session.query(Organization).one()
    assert organization.name == "Harbour House Youth Services"


@pytest.mark.parametrize("control", NOT_IN_SEVERAL_LINES, ids=repr)
def test_multi_line_fields_refuse_other_controls(member, db, control):
    data = listing_form(**{"services-0-description": f"Counselling{control}for youth."})
    response = member.post("/listings/new", data=data)
    assert response.status_code == 200
    assert SEVERAL_LINES in page_text(response)
    assert 'href="#services-0-description"' in response.get_data(as_text=True)
    assert db.session.query(Organization).count() == 0


def test_registering_with_a_name_on_two_lines_is_refused(client, db):
    response = client.post(
        "/auth/register",
        data={
            "name": "Sam\r\nBcc: someone@example.org",
            "email": "sam@example.org",
            "account_kind": "professional",
            "password": "a long enough passphrase",
            "password_again": "a long enough passphrase",
        },
    )
    assert response.status_code == 200 and ONE_LINE in page_text(response)
    assert db.session.query(User).count() == 0


def test_signing_in_with_a_line_break_in_the_email_is_a_message_not_a_500(client, db):
    response = client.post("/auth/login", data={"email": "a@example.org\n", "password": "x\ny"})
    assert response.status_code == 200
    assert ONE_LINE in page_text(response)


def test_a_vetting_request_with_a_control_in_the_role_is_refused(member, db):
    data = {"organization_name": "Clinic", "role": "Nurse\u2028Admin", "work_email": "n@ex.org"}
    response = member.post("/account/vetting", data=data)
    assert response.status_code == 200 and ONE_LINE in page_text(response)
    assert db.session.query(VettingRequest).count() == 0


def test_the_guards_accept_ordinary_text(app):
    class Field:
        data = "Centre d’aide — Montréal (24/7) · ☎ 514"

    single_line(None, Field)
    multi_line(None, Field)
    Field.data = "tab\there"
    with pytest.raises(StopValidation):
        single_line(None, Field)


def test_every_mail_is_composed_by_the_one_helper_that_keeps_subjects_on_one_line():
    root = Path(directory.__file__).parent
    composing = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "EmailMessage(" in path.read_text(encoding="utf-8")
    )
    assert composing == ["outgoing_mail.py"]
