from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from directory.auth import bp
from directory.auth.forms import LoginForm, LogoutForm
from directory.auth.services import authenticate, is_safe_next
from directory.extensions import db
from directory.models.user import new_session_token


@bp.route("/login", methods=["GET", "POST"])
def login():  # noqa: ANN201
    if current_user.is_authenticated:
        return redirect(url_for("public.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            flash(_("Email or password is incorrect."), "error")
            return render_template("auth/login.html", form=form), 200
        db.session.commit()
        login_user(user, remember=form.remember.data)
        target = request.args.get("next")
        return redirect(target if is_safe_next(target) else url_for("public.home"))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():  # noqa: ANN201
    form = LogoutForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        # A new token ends every session and remember-me cookie issued before now.
        current_user.session_token = new_session_token()
        db.session.commit()
        logout_user()
        flash(_("You are signed out."), "info")
    return redirect(url_for("public.home"))
