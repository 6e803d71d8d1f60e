"""Two-factor sign-in pages: the code step of signing in, setting it up, recovery codes.

Every response here is ``no-store``: secrets, QR codes and recovery codes must not stay in
a cache or the back/forward history.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import flash, make_response, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user
from werkzeug.wrappers import Response

from directory import audit
from directory.auth import accounts, bp
from directory.auth import two_factor as second_factor
from directory.auth.forms import (
    DisableTwoFactorForm,
    EnableTwoFactorForm,
    RecoveryCodesForm,
    ReplaceTwoFactorForm,
    TwoFactorForm,
)
from directory.auth.signin import PENDING_KEY, finish_sign_in, pending_account_key, pending_user
from directory.extensions import db
from directory.models.user import new_session_token
from directory.permissions import is_signed_in, requires, signed_in_user
from directory.qr import qr_svg
from directory.ratelimits import (
    TWO_FACTOR_PER_ACCOUNT,
    TWO_FACTOR_PER_ADDRESS,
    per_address,
    per_key,
)


def _no_store(view: Callable[..., ResponseReturnValue]) -> Callable[..., Response]:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Response:
        response = make_response(view(*args, **kwargs))
        response.headers["Cache-Control"] = "no-store"
        return response

    return wrapped


def _signed_in_account_key() -> str:
    """Codes typed by a signed-in user count against their account, wherever from."""
    return f"two-factor:{getattr(current_user, 'session_token', 'anonymous')}"


_per_user = per_key(TWO_FACTOR_PER_ACCOUNT, _signed_in_account_key)


@bp.route("/two-factor", methods=["GET", "POST"])
@_no_store
@per_address(TWO_FACTOR_PER_ADDRESS)
@per_key(TWO_FACTOR_PER_ACCOUNT, pending_account_key)
def two_factor() -> ResponseReturnValue:
    """The second step of signing in, for accounts that use two-factor sign-in."""
    user = pending_user()
    if user is None:
        flash(_("Please sign in again."), "info")
        return redirect(url_for("auth.login"))
    form = TwoFactorForm()
    if form.validate_on_submit():
        method = second_factor.verify(user, form.code.data)
        if method is None:
            audit.record(user, "auth.two_factor_failed", target=user)
            db.session.commit()
            form.code.errors.append(_("This code is not right, or was already used."))
            return render_template("auth/two_factor.html", form=form), 200
        pending = session[PENDING_KEY]
        audit.record(user, "auth.login", target=user, second_factor=method)
        db.session.commit()
        # After the fresh session of the sign-in, or the message would be cleared with it.
        response = finish_sign_in(user, pending["remember"], pending.get("next"))
        if method == "recovery":
            left = second_factor.unused_recovery_codes(user)
            flash(
                _(
                    "You used a recovery code; %(left)d are left. Make new ones from your "
                    "account page if you are running low.",
                    left=left,
                ),
                "info",
            )
        return response
    return render_template("auth/two_factor.html", form=form)


@bp.route("/two-factor/setup", methods=["GET", "POST"])
@_no_store
@requires(is_signed_in)
def two_factor_setup() -> ResponseReturnValue:
    """Set up (or move to a new device) two-factor sign-in: scan, then prove with a code.

    The secret waits on the account (``second_factor.pending_secret``). Someone who already
    uses two-factor sign-in gets one only through ``two_factor_replace``; anyone else gets
    one here, a new one when the last has expired (a GET that writes, as the session cookie
    was written before: the page cannot be drawn without a secret).
    """
    user = signed_in_user()
    secret = second_factor.pending_secret(user)
    if secret is None:
        if user.has_two_factor:
            return redirect(url_for("auth.two_factor_replace"))
        secret = second_factor.start_setup(user)
        db.session.commit()
    form = EnableTwoFactorForm()
    if form.validate_on_submit():
        replacing = user.has_two_factor
        codes = second_factor.enable(user, form.code.data)
        if codes is None:
            form.code.errors.append(
                _("This code does not match. Check the time on your phone and try the new code.")
            )
        else:
            # Sessions that signed in without this second factor end now.
            user.session_token = new_session_token()
            audit.record(
                user,
                "auth.two_factor_replaced" if replacing else "auth.two_factor_enabled",
                target=user,
            )
            db.session.commit()
            login_user(user)
            return render_template("auth/recovery_codes.html", codes=codes, enabled=True)
    uri = second_factor.provisioning_uri(user, secret)
    return render_template(
        "auth/two_factor_setup.html",
        form=form,
        secret=secret,
        qr=qr_svg(uri, _("QR code to scan with your authenticator app")),
        user=user,
    )


@bp.route("/two-factor/replace", methods=["GET", "POST"])
@_no_store
@requires(is_signed_in)
@_per_user
def two_factor_replace() -> ResponseReturnValue:
    """Before a new device gets a secret: the password and a current code, or a recovery code
    for a lost phone (as turning two-factor off asks), so that a session alone (a borrowed
    laptop, a stolen cookie) cannot move someone's second factor to the thief's phone."""
    user = signed_in_user()
    if not user.has_two_factor:
        return redirect(url_for("auth.two_factor_setup"))
    form = ReplaceTwoFactorForm()
    if form.validate_on_submit():
        if accounts.is_current_password(user, form.password.data) and second_factor.verify(
            user, form.code.data
        ):
            second_factor.start_setup(user)
            audit.record(user, "auth.two_factor_replace_started", target=user)
            db.session.commit()
            return redirect(url_for("auth.two_factor_setup"))
        audit.record(user, "auth.two_factor_failed", target=user)
        db.session.commit()
        form.code.errors.append(_("The password or the code is not right."))
    return render_template("auth/two_factor_replace.html", form=form, user=user)


@bp.post("/two-factor/recovery-codes")
@_no_store
@requires(is_signed_in)
@_per_user
def two_factor_recovery_codes() -> ResponseReturnValue:
    """Ten new recovery codes (the old ones stop working); asks for a current code."""
    user = signed_in_user()
    form = RecoveryCodesForm()
    if not user.has_two_factor:
        return redirect(url_for("auth.two_factor_setup"))
    if form.validate_on_submit() and second_factor.verify_totp(user, form.code.data):
        codes = second_factor.new_recovery_codes(user)
        audit.record(user, "auth.recovery_codes_renewed", target=user)
        db.session.commit()
        return render_template("auth/recovery_codes.html", codes=codes, enabled=False)
    audit.record(user, "auth.two_factor_failed", target=user)
    db.session.commit()
    flash(_("This code is not right, or was already used. No new codes were made."), "error")
    return redirect(url_for("auth.profile"))


@bp.post("/two-factor/disable")
@_no_store
@requires(is_signed_in)
@_per_user
def two_factor_disable() -> ResponseReturnValue:
    user = signed_in_user()
    if second_factor.is_required(user):
        flash(_("Moderators and administrators cannot turn off two-factor sign-in."), "error")
        return redirect(url_for("auth.profile"))
    form = DisableTwoFactorForm()
    if (
        form.validate_on_submit()
        and accounts.is_current_password(user, form.password.data)
        and second_factor.verify_totp(user, form.code.data)
    ):
        second_factor.disable(user)
        audit.record(user, "auth.two_factor_disabled", target=user)
        db.session.commit()
        flash(_("Two-factor sign-in is off."), "info")
        return redirect(url_for("auth.profile"))
    audit.record(user, "auth.two_factor_failed", target=user)
    db.session.commit()
    flash(_("The password or the code is not right. Two-factor sign-in is still on."), "error")
    return redirect(url_for("auth.profile"))
