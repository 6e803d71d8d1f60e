"""The sectioned listing form: organization, sectors, services, locations, areas, contacts.

Repeated sections are ``FieldList``s of sub-forms (``block_base``, ``place_blocks``). "Add
another …" and "Remove" are plain submit buttons: the route appends or drops a block and
renders the form again, so no JavaScript is needed (``listing-form.js`` does it in place).
A block left entirely blank is ignored. The steps (``steps``) show one part of this form each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from directory import taxonomy
from directory.forms import DirectoryForm, DirectorySubform, Validator
from directory.listings.block_base import Block, place_label, term_choices, text_field
from directory.listings.contact_form import (
    add_phone_button,
    add_phone_if_pressed,
    phone_rows,
)
from directory.listings.fields import (
    MultiCheckboxField,
    canadian_phone,
    email_address,
    required_to_submit,
    strip,
    submitting,
    web_address,
)
from directory.listings.form_blocks import remove_pressed
from directory.listings.hours_form import HoursSection
from directory.listings.pathway_form import check_min_age, pathway_fields
from directory.listings.place_blocks import AreaBlock, ContactBlock, LocationBlock
from directory.models import ContactVisibility, ReferralMethod, ServiceStatus

MAX_BLOCKS = 10
PLACES_SHOWN = "shown"  # posted beside a service's "Offered at" boxes


class OrganizationSection(DirectorySubform):
    name = text_field(_l("Organization name"), 200, required_to_submit(_l("Enter the name.")))
    alternate_name = text_field(_l("Other name or acronym"))
    description = TextAreaField(
        _l("Description"),
        filters=[strip],
        validators=[Length(max=5000), required_to_submit(_l("Describe the organization."))],
    )
    description_fr = TextAreaField(
        _l("Description in French"), filters=[strip], validators=[Length(max=5000)]
    )
    website = text_field(_l("Website"), 300, web_address)
    email = text_field(_l("General email"), 254, email_address)
    phone = text_field(_l("General phone"), 40, canadian_phone)
    professionals_only = BooleanField(_l("Visible to vetted professionals only"))
    no_public_contact_reason = TextAreaField(
        _l("If the public cannot reach you directly, why"),
        filters=[strip],
        validators=[Length(max=500)],
    )


class ServiceBlock(Block):
    SIGNIFICANT = (
        "name",
        "description",
        "types",
        "populations",
        "languages",
        "eligibility",
        "referral_sectors",
        "referrer_checklist",
    )

    name = text_field(_l("Service name"), 200, required_to_submit(_l("Enter the service name.")))
    description = TextAreaField(
        _l("What it offers"), filters=[strip], validators=[Length(max=5000)]
    )
    types = MultiCheckboxField(_l("Types of service"), choices=term_choices(taxonomy.SERVICE_TYPES))
    populations = MultiCheckboxField(
        _l("Who it serves"), choices=term_choices(taxonomy.POPULATIONS)
    )
    languages = MultiCheckboxField(_l("Languages"), choices=term_choices(taxonomy.LANGUAGES))
    eligibility = TextAreaField(_l("Eligibility"), filters=[strip], validators=[Length(max=2000)])
    fees = text_field(_l("Fees"))
    referral_method = RadioField(
        _l("Who can refer"),
        choices=[
            SelectChoice(ReferralMethod.BOTH.value, _l("People themselves and professionals")),
            SelectChoice(ReferralMethod.SELF.value, _l("People themselves")),
            SelectChoice(ReferralMethod.PROFESSIONAL.value, _l("Professionals only")),
        ],
        default=ReferralMethod.BOTH.value,
    )
    intake_hours = text_field(_l("Intake hours"))
    status = SelectField(
        _l("Status"),
        choices=[
            SelectChoice(ServiceStatus.ACTIVE.value, _l("Active")),
            SelectChoice(ServiceStatus.TEMPORARILY_CLOSED.value, _l("Temporarily closed")),
            SelectChoice(ServiceStatus.INACTIVE.value, _l("Inactive")),
            SelectChoice(ServiceStatus.DEFUNCT.value, _l("Defunct: no longer offered")),
        ],
        default=ServiceStatus.ACTIVE.value,
    )
    # Choices: the listing's location blocks, by position (``ListingForm.offer_places``). The
    # page also posts PLACES_SHOWN, so that no box ticked differs from a post without them.
    offered_at = MultiCheckboxField(_l("Offered at"), choices=[], validate_choice=False)
    location_positions: dict[int, int] = {}  # location block → payload position (on saving)
    open_24_7 = BooleanField(_l("Open 24 hours a day, 7 days a week"))
    hours = FormField(HoursSection, _l("Opening hours"))
    accepting_referrals = BooleanField(_l("Accepting referrals now"), default=True)
    delivered_online = BooleanField(_l("Delivered online"))
    # The referral pathway, after the rest (``pathway_form``).
    _pathway = pathway_fields()
    referral_sectors = _pathway["referral_sectors"]
    self_referral = _pathway["self_referral"]
    self_referral_min_age = _pathway["self_referral_min_age"]
    warm_handoff = _pathway["warm_handoff"]
    first_response = _pathway["first_response"]
    no_police_required = _pathway["no_police_required"]
    referrer_checklist = _pathway["referrer_checklist"]
    validate_self_referral_min_age = check_min_age
    # The service's own contacts and what to bring (``contact_form``).
    email = text_field(_l("Service email"), 254, email_address)
    website = text_field(_l("Service web page"), 300, web_address)
    phones = phone_rows()
    add_phone = add_phone_button()
    required_documents = TextAreaField(
        _l("Documents to bring"), filters=[strip], validators=[Length(max=2000)]
    )


class ListingForm(DirectoryForm):
    """``revision_id`` and ``version``: which saved revision this form was loaded from, to
    refuse a save that would silently overwrite someone else's newer one."""

    revision_id = HiddenField()
    version = IntegerField(widget=HiddenField.widget, validators=[Optional()])
    organization = FormField(OrganizationSection)
    sectors = MultiCheckboxField(_l("Sectors"), choices=term_choices(taxonomy.SECTORS))
    services = FieldList(FormField(ServiceBlock), min_entries=1, max_entries=MAX_BLOCKS)
    locations = FieldList(FormField(LocationBlock), min_entries=1, max_entries=MAX_BLOCKS)
    service_areas = FieldList(FormField(AreaBlock), min_entries=1, max_entries=MAX_BLOCKS)
    contacts = FieldList(FormField(ContactBlock), min_entries=1, max_entries=MAX_BLOCKS)
    add_service = SubmitField(_l("Add another service"))
    add_location = SubmitField(_l("Add another location"))
    add_area = SubmitField(_l("Add another area"))
    add_contact = SubmitField(_l("Add another contact"))
    save_draft = SubmitField(_l("Save draft"))
    submit = SubmitField(_l("Submit for review"))

    ADD_BUTTONS = {
        "add_service": "services",
        "add_location": "locations",
        "add_area": "service_areas",
        "add_contact": "contacts",
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.offer_places()

    # The section whose "Add another …" was pressed: the page comes back with the new
    # block's first field focused (``autofocus``), so the browser scrolls to it instead of
    # the top of a long form, and keyboard and screen-reader users land where they were.
    added_section: str | None = None

    # The section a "Remove" was pressed in: focus goes to its "Add another …" button.
    removed_section: str | None = None
    # The sections on the page (a step shows one or two): only their row keys are posted.
    shown_sections: tuple[str, ...] = tuple(ADD_BUTTONS.values())
    # On the services step, the saved locations a service may be offered at (``steps``).
    saved_places: list[SelectChoice] | None = None

    def added_block(self) -> bool:
        """Append the block an "Add another …" button asked for, or drop the block whose
        "Remove" was pressed; True if one was pressed."""
        if remove_pressed(self):
            return True
        for button, section in self.ADD_BUTTONS.items():
            if self[button].data:
                blocks = self[section]
                if len(blocks) < MAX_BLOCKS:
                    blocks.append_entry()
                    self.offer_places(added_location=section == "locations")
                    self.added_section = section
                return True
        blocks = [*self.services, *self.locations]
        return any([add_phone_if_pressed(entry.form) for entry in blocks])

    def offer_places(self, added_location: bool = False) -> None:
        """Each service's "Offered at" choices: the location blocks. A service not said yet
        (a new block or listing) is offered at all of them, and a service offered at all
        of them also at a location just added."""
        places = self.saved_places
        if places is None:
            places = [
                SelectChoice(str(n), place_label(entry.form.name.data, entry.form.city.data, n))
                for n, entry in enumerate(self.locations)
            ]
        everywhere = [choice.value for choice in places]
        for entry in self.services:
            field = entry.form.offered_at
            field.choices = places
            posted = field.raw_data
            not_said = field.data is None or (posted is not None and PLACES_SHOWN not in posted)
            if not_said or (added_location and set(everywhere[:-1]) <= set(field.data)):
                field.data = everywhere

    def hidden_tag(self, *fields: object) -> Markup:
        """Also each block's row key: the template lays blocks out field by field, and
        renders every hidden field through this one call."""
        if fields:
            return super().hidden_tag(*fields)
        keys = [entry.form.key() for name in self.shown_sections for entry in self[name]]
        if "locations" in self.shown_sections:
            keys += [entry.form.origin() for entry in self.locations]
        return Markup("\n").join([super().hidden_tag(), *keys])

    def only_professionals_reach_them(self) -> bool:
        """Every referral contact given is for vetted professionals only: the public will
        see none (allowed, but the member is told before saving and after)."""
        given = [entry.form for entry in self.contacts if not entry.form.is_blank()]
        return bool(given) and all(
            c.visibility.data == ContactVisibility.PROFESSIONALS.value for c in given
        )

    def validate(self, extra_validators: Mapping[str, Sequence[Validator]] | None = None) -> bool:
        with submitting(bool(self.submit.data)):
            valid = super().validate(extra_validators)
        if self.submit.data and not self.sectors.data:
            self.sectors.errors = [*self.sectors.errors, _l("Choose at least one sector.")]
            valid = False
        if self.submit.data and not self.reachable_by_public():
            reason = self.organization.form.no_public_contact_reason
            if not reason.data:
                reason.errors = [
                    *reason.errors,
                    _l(
                        "Give at least one way the public can reach you (a phone, an email, "
                        "a website or a contact for everyone), or say here why not."
                    ),
                ]
                valid = False
        return valid

    def reachable_by_public(self) -> bool:
        """A phone, email or website of the organization, or a contact for everyone with a
        phone or email (contacts for professionals only do not count)."""
        org = self.organization.form
        if org.phone.data or org.email.data or org.website.data:
            return True
        return any(
            c.visibility.data == ContactVisibility.PUBLIC.value and (c.phone.data or c.email.data)
            for c in (entry.form for entry in self.contacts)
            if not c.is_blank()
        )
