"""The listing form's blocks for where and whom: locations, areas served, referral contacts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DecimalField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from directory.listings.block_base import (
    Block,
    RowKeyField,
    geocode_city,
    province_choices,
    text_field,
)
from directory.listings.contact_form import accessibility_field, add_phone_button, phone_rows
from directory.listings.fields import (
    canadian_phone,
    email_address,
    postal_code,
    required_to_submit,
    strip,
)
from directory.models import AreaKind, ContactVisibility


class LocationBlock(Block):
    SIGNIFICANT = ("name", "address", "city", "province", "postal_code")

    # On the locations step: the saved location this block shows (its position), so that
    # services offered there follow it when locations are removed (``steps.merged``).
    origin = RowKeyField()

    name = text_field(_l("Place name"))
    address = text_field(_l("Street address"), 300)
    city = text_field(_l("City or town"), 120, required_to_submit(_l("Enter the city or town.")))
    province = SelectField(
        _l("Province or territory"),
        choices=province_choices,
        validators=[required_to_submit(_l("Choose the province or territory."))],
    )
    postal_code = text_field(_l("Postal code"), 7, postal_code)
    confidential = BooleanField(_l("Confidential address: show only the city publicly"))
    phones = phone_rows()
    add_phone = add_phone_button()
    accessibility = accessibility_field()
    accessibility_note = TextAreaField(
        _l("Accessibility notes"), filters=[strip], validators=[Length(max=2000)]
    )

    def validate_city(self, field: StringField) -> None:
        if field.data and self.province.data:
            self.point = geocode_city(field.data, self.province.data)
            if self.point is None:
                raise ValidationError(_l("We could not find this place in that province."))


class AreaBlock(Block):
    SIGNIFICANT = ("kind", "province", "region_name", "radius_km")

    kind = SelectField(
        _l("Area covered"),
        choices=[
            SelectChoice("", _l("Choose…")),
            SelectChoice(AreaKind.PROVINCE.value, _l("A province or territory")),
            SelectChoice(AreaKind.REGION.value, _l("A city or region")),
            SelectChoice(AreaKind.RADIUS.value, _l("A distance around a place")),
            SelectChoice(AreaKind.NATIONAL.value, _l("All of Canada")),
            SelectChoice(AreaKind.ONLINE.value, _l("Online")),
        ],
    )
    province = SelectField(_l("Province or territory"), choices=province_choices)
    region_name = text_field(_l("City or region"), 120)
    radius_km = DecimalField(
        _l("Distance (km)"), places=None, validators=[Optional(), NumberRange(min=1, max=2000)]
    )

    def validate_region_name(self, field: StringField) -> None:
        if self.kind.data not in (AreaKind.REGION, AreaKind.RADIUS):
            return
        if not field.data or not self.province.data:
            raise ValidationError(_l("Enter the place and choose its province."))
        self.point = geocode_city(field.data, self.province.data)
        if self.point is None:
            raise ValidationError(_l("We could not find this place in that province."))

    def validate_radius_km(self, field: DecimalField) -> None:
        if self.kind.data == AreaKind.RADIUS and field.data is None:
            raise ValidationError(_l("Enter a distance in kilometres."))

    def validate_kind(self, field: SelectField) -> None:
        if not field.data:
            raise ValidationError(_l("Choose what the area is."))

    def validate_province(self, field: SelectField) -> None:
        if self.kind.data == AreaKind.PROVINCE and not field.data:
            raise ValidationError(_l("Choose the province or territory."))


class ContactBlock(Block):
    SIGNIFICANT = ("name", "role", "email", "phone", "notes")

    name = text_field(_l("Contact name"), 200, required_to_submit(_l("Enter the contact's name.")))
    role = text_field(_l("Role"))
    email = text_field(_l("Email"), 254, email_address)
    phone = text_field(_l("Phone"), 40, canadian_phone)
    preferred_method = SelectField(
        _l("Preferred way to reach them"),
        choices=[SelectChoice("email", _l("Email")), SelectChoice("phone", _l("Phone"))],
    )
    notes = TextAreaField(_l("Notes"), filters=[strip], validators=[Length(max=2000)])
    visibility = RadioField(
        _l("Who may see this contact"),
        choices=[
            SelectChoice(ContactVisibility.PROFESSIONALS.value, _l("Vetted professionals only")),
            SelectChoice(ContactVisibility.PUBLIC.value, _l("Everyone")),
        ],
        default=ContactVisibility.PROFESSIONALS.value,
    )

    def validate_preferred_method(self, field: SelectField) -> None:
        """The preferred way must be one the contact gives ("Prefers: Email" beside a phone
        number and no address told referrers nothing they could use)."""
        if field.data == "email" and not self.email.data:
            raise ValidationError(
                _l("Give this contact's email, or choose phone as the preferred way.")
            )
        if field.data == "phone" and not self.phone.data:
            raise ValidationError(
                _l("Give this contact's phone, or choose email as the preferred way.")
            )
