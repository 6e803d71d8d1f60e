from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    Field,
    PasswordField,
    RadioField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    ValidationError,
)

from directory.auth.passwords import MAX_PASSWORD_LENGTH, password_problem
from directory.forms import DirectoryForm
from directory.models import AccountKind


class LoginForm(DirectoryForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)])
    remember = BooleanField(_l("Keep me signed in on this device"))
    submit = SubmitField(_l("Sign in"))


class LogoutForm(DirectoryForm):
    """Carries only the CSRF token: signing out changes state, so it is a POST."""

    submit = SubmitField(_l("Sign out"))


def password_rules(form: SetsPasswordForm, field: Field) -> None:
    """Length, not the account's email address, not one of the most common passwords; no
    composition rules (NIST SP 800-63B). See ``passwords.password_problem``."""
    problem = password_problem(field.data or "", form.account_email())
    if problem is not None:
        raise ValidationError(problem)


class SetsPasswordForm(DirectoryForm):
    """A form that sets the password of a known account (reset, change): the route names
    the account's address, which the new password may not be."""

    def __init__(self, *args: Any, account_email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._account_email = account_email

    def account_email(self) -> str:
        return self._account_email


def new_password_fields() -> tuple[PasswordField, PasswordField]:
    return (
        PasswordField(
            _l("New password"),
            validators=[InputRequired(_l("Enter a new password.")), password_rules],
        ),
        PasswordField(
            _l("New password again"),
            validators=[
                InputRequired(_l("Enter the new password again.")),
                EqualTo("password", message=_l("The two passwords are not the same.")),
            ],
        ),
    )


def _strip(value: str | None) -> str | None:
    return value.strip() if value else value


def email_field() -> EmailField:
    return EmailField(
        _l("Email"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Enter your email address.")),
            Length(max=254),
            Email(message=_l("Enter an email address like name@example.org.")),
        ],
    )


class RegisterForm(DirectoryForm):
    name = StringField(
        _l("Your name"), validators=[DataRequired(_l("Enter your name.")), Length(max=120)]
    )
    email = email_field()
    account_kind = RadioField(
        _l("Who are you registering as?"),
        choices=[
            SelectChoice(AccountKind.ORGANIZATION.value, _l("I represent an organization")),
            SelectChoice(AccountKind.PROFESSIONAL.value, _l("I am a professional")),
        ],
        validators=[InputRequired(message=_l("Choose one."))],
    )
    password = PasswordField(
        _l("Password"), validators=[InputRequired(_l("Enter a password.")), password_rules]
    )
    password_again = PasswordField(
        _l("Password again"),
        validators=[
            InputRequired(_l("Enter the password again.")),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
    )
    submit = SubmitField(_l("Create account"))

    def account_email(self) -> str | None:
        return self.email.data


class ResendConfirmationForm(DirectoryForm):
    submit = SubmitField(_l("Send the link again"))


class ResetRequestForm(DirectoryForm):
    email = email_field()
    submit = SubmitField(_l("Send me a link"))


class ResetPasswordForm(SetsPasswordForm):
    password, password_again = new_password_fields()
    submit = SubmitField(_l("Save new password"))


class ChangePasswordForm(SetsPasswordForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[
            InputRequired(_l("Enter your current password.")),
            Length(max=MAX_PASSWORD_LENGTH),
        ],
    )
    password, password_again = new_password_fields()
    submit = SubmitField(_l("Change password"))


def one_time_code_field(label: str | None = None) -> StringField:
    return StringField(
        label or _l("Code from your authenticator app"),
        validators=[DataRequired(_l("Enter the code.")), Length(max=20)],
    )


class TwoFactorForm(DirectoryForm):
    """The second step of signing in: a code from the app, or a recovery code."""

    code = one_time_code_field(_l("Code from your authenticator app, or a recovery code"))
    submit = SubmitField(_l("Verify"))


class EnableTwoFactorForm(DirectoryForm):
    code = one_time_code_field(_l("The 6-digit code your app shows now"))
    submit = SubmitField(_l("Turn on two-factor sign-in"))


class RecoveryCodesForm(DirectoryForm):
    code = one_time_code_field()
    submit = SubmitField(_l("Make new recovery codes"))


class ReplaceTwoFactorForm(DirectoryForm):
    """Before a new device: the password, and a code from the current one (or a recovery
    code, when that phone is lost)."""

    password = PasswordField(
        _l("Current password"),
        validators=[InputRequired(_l("Enter your current password.")), Length(max=1024)],
    )
    code = one_time_code_field(_l("Code from your authenticator app, or a recovery code"))
    submit = SubmitField(_l("Continue"))


class DisableTwoFactorForm(DirectoryForm):
    password = PasswordField(
        _l("Current password"),
        validators=[InputRequired(_l("Enter your current password.")), Length(max=1024)],
    )
    code = one_time_code_field()
    submit = SubmitField(_l("Turn off two-factor sign-in"))
