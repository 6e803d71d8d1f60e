"""Accounts: sign in and out, register, confirm, reset and change the password, profile.

Each view: validate the form, one call into ``accounts``, commit, then send the mail it
returned, then redirect (post/redirect/get).
"""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from flask_login.config import COOKIE_NAME
from sqlalchemy.exc import IntegrityError

from directory import audit
from directory.auth import accounts, bp, mail, two_factor
from directory.auth.forms import (
    ChangePasswordForm,
    DisableTwoFactorForm,
    LoginForm,
    LogoutForm,
    RecoveryCodesForm,
    RegisterForm,
    ResendConfirmationForm,
    ResetPasswordForm,
    ResetRequestForm,
)
from directory.auth.services import authenticate, is_safe_next
from directory.auth.signin import begin_two_factor, finish_sign_in
from directory.auth.tokens import user_to_confirm, user_to_reset
from directory.extensions import db
from directory.models import AccountKind, MembershipStatus, User
from directory.models.user import new_session_token
from directory.permissions import is_signed_in, requires, signed_in_user
from directory.ratelimits import (
    REAUTHENTICATION_PER_ACCOUNT,
    REGISTER_PER_ADDRESS,
    RESET_PER_ACCOUNT,
    RESET_PER_ADDRESS,
    SIGN_IN_PER_ACCOUNT,
    SIGN_IN_PER_ADDRESS,
    per_account,
    per_address,
    per_key,
    signed_in_account,
)


@bp.route("/login", methods=["GET", "POST"])
@per_address(SIGN_IN_PER_ADDRESS)
@per_account(SIGN_IN_PER_ACCOUNT)
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("public.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            db.session.commit()  # the failure's audit event
            flash(_("Email or password is incorrect."), "error")
            return render_template("auth/login.html", form=form), 200
        target = request.args.get("next")
        next_url = target if is_safe_next(target) else None
        if user.has_two_factor:
            db.session.commit()  # a rehashed password, the time of this attempt
            return begin_two_factor(user, form.remember.data, next_url)
        audit.record(user, "auth.login", target=user)
        db.session.commit()
        return finish_sign_in(user, form.remember.data, next_url)
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    form = LogoutForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        # A new token ends every session and remember-me cookie issued before now.
        current_user.session_token = new_session_token()
        db.session.commit()
        logout_user()
        flash(_("You are signed out."), "info")
    return redirect(url_for("public.home"))


@bp.route("/register", methods=["GET", "POST"])
@per_address(REGISTER_PER_ADDRESS)
def register() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("auth.profile"))
    form = RegisterForm()
    if form.validate_on_submit():
        email = accounts.normalize_email(form.email.data)
        message = accounts.register(
            form.name.data, email, form.password.data, AccountKind(form.account_kind.data)
        )
        try:
            db.session.commit()
        except IntegrityError:  # the same address registered a moment ago: answer the same
            db.session.rollback()
            message = None
        mail.send(message)
        flash(
            _(
                "We have sent an email to %(email)s. Please open the link in it to confirm "
                "your address, then sign in.",
                email=email,
            ),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/register.html", form=form)


@bp.get("/confirm/<token>")
def confirm_email(token: str) -> ResponseReturnValue:
    """Opened from the mail: GET, and harmless to open twice."""
    user = user_to_confirm(token)
    if user is None:
        flash(
            _("This confirmation link has expired or is not valid. Sign in to ask for a new one."),
            "error",
        )
    elif accounts.confirm_email(user):
        db.session.commit()
        flash(_("Thank you: your email address is confirmed."), "info")
    else:
        flash(_("Your email address was already confirmed."), "info")
    return redirect(_after_confirming(user))


def _after_confirming(user: User | None) -> str:
    """Someone who registered for an organization and has none yet goes on to "Submit your
    organization or claim its listing" (``/listings/``), after signing in if need be."""
    first_listing = (
        user is not None
        and user.account_kind == AccountKind.ORGANIZATION
        and not any(m.status != MembershipStatus.REMOVED for m in user.memberships)
    )
    if current_user.is_authenticated:
        mine = first_listing and user is not None and user.id == current_user.id
        return url_for("listings.index") if mine else url_for("auth.profile")
    if first_listing:
        return url_for("auth.login", next=url_for("listings.index"))
    return url_for("auth.login")


@bp.post("/confirm")
@requires(is_signed_in)
def resend_confirmation() -> ResponseReturnValue:
    if ResendConfirmationForm().validate_on_submit():
        message = accounts.resend_confirmation(current_user)
        mail.send(message)
        if message is None:
            flash(_("Your email address is already confirmed."), "info")
        else:
            flash(_("We have sent a new link to %(email)s.", email=current_user.email), "info")
    return redirect(url_for("auth.profile"))


@bp.route("/reset", methods=["GET", "POST"])
@per_address(RESET_PER_ADDRESS)
@per_account(RESET_PER_ACCOUNT)
def request_reset() -> ResponseReturnValue:
    form = ResetRequestForm()
    if form.validate_on_submit():
        email = accounts.normalize_email(form.email.data)
        mail.send(accounts.request_password_reset(email))
        minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
        flash(
            _(
                "If an account uses %(email)s, we have sent it a link to choose a new "
                "password. The link works once, within %(minutes)d minutes.",
                email=email,
                minutes=minutes,
            ),
            "info",
        )
        return redirect(url_for("auth.request_reset"))
    return render_template("auth/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> ResponseReturnValue:
    user = user_to_reset(token)
    if user is None:
        flash(
            _("This link has expired or was already used. You can ask for a new one below."),
            "error",
        )
        return redirect(url_for("auth.request_reset"))
    form = ResetPasswordForm(account_email=user.email)
    if form.validate_on_submit():
        message = accounts.reset_password(user, form.password.data)
        db.session.commit()
        mail.send(message)
        logout_user()  # whoever was signed in here, the new password is needed now
        flash(_("Your password is changed. Please sign in with your new password."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form, user=user)


@bp.route("/password", methods=["GET", "POST"])
@requires(is_signed_in)
@per_key(REAUTHENTICATION_PER_ACCOUNT, signed_in_account)
def change_password() -> ResponseReturnValue:
    form = ChangePasswordForm(account_email=current_user.email)
    if form.validate_on_submit():
        if not accounts.is_current_password(current_user, form.current_password.data):
            form.current_password.errors.append(_("This is not your current password."))
        else:
            user = signed_in_user()
            cookie = current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME)
            remembered = cookie in request.cookies
            message = accounts.change_password(user, form.password.data)
            db.session.commit()
            mail.send(message)
            # Every other session ended with the old token; this one goes on with the new.
            login_user(user, remember=remembered)
            flash(_("Your password is changed. Other devices have been signed out."), "info")
            return redirect(url_for("auth.profile"))
    return render_template("auth/change_password.html", form=form)


@bp.get("/profile")
@requires(is_signed_in)
def profile() -> ResponseReturnValue:
    return render_template(
        "auth/profile.html",
        user=current_user,
        memberships=accounts.memberships_of(current_user),
        two_factor_required=two_factor.is_required(current_user),
        recovery_codes_left=two_factor.unused_recovery_codes(current_user),
        recovery_form=RecoveryCodesForm(),
        disable_form=DisableTwoFactorForm(),
    )
