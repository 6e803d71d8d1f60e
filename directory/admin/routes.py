"""``/admin/users``: list and search accounts; change role, deactivate, verify professionals.

Each change is a POST of a small CSRF-carrying form, one call into ``services``, one commit,
and a redirect back to the list page it came from.
"""

from collections.abc import Callable

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from directory.admin import bp, services
from directory.admin.forms import (
    ROLE_CHOICES,
    GuideEditorForm,
    RoleForm,
    UserActionForm,
    VettedForm,
)
from directory.auth.services import is_safe_next
from directory.extensions import db
from directory.models import Role, User
from directory.permissions import can_administer, requires, signed_in_user

USERS_PER_PAGE = 25


@bp.get("/users")
@requires(can_administer)
def users() -> str:
    query = request.args.get("q", "")[:200]
    page = request.args.get("page", 1, type=int)
    return render_template(
        "admin/users.html",
        users=services.find_users(query, page, USERS_PER_PAGE),
        query=query,
        role_choices=ROLE_CHOICES,
        page_args=lambda number: {"q": query or None, "page": number},
        back=request.full_path.rstrip("?"),
    )


def _apply(form: UserActionForm, change: Callable[[], None], done: str) -> Response:
    """Run ``change`` and commit, or flash why not; then back to the list page."""
    if not form.validate_on_submit():
        flash(_("That change could not be made. Please try again."), "error")
    else:
        try:
            change()
        except services.AdminRuleError as refused:
            db.session.rollback()
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(done, "info")
    back = form.next.data
    if is_safe_next(back) and back.startswith(url_for("admin.users")):
        return redirect(back)
    return redirect(url_for("admin.users"))


def _actor() -> User:
    return signed_in_user()


@bp.post("/users/<int:user_id>/role")
@requires(can_administer)
def change_role(user_id: int) -> Response:
    target = db.get_or_404(User, user_id)
    form = RoleForm()
    label = next((c.label for c in ROLE_CHOICES if c.value == form.role.data), "")
    return _apply(
        form,
        lambda: services.change_role(_actor(), target, Role(form.role.data)),
        _("%(name)s’s role is now: %(role)s.", name=target.name, role=label),
    )


@bp.post("/users/<int:user_id>/deactivate")
@requires(can_administer)
def deactivate(user_id: int) -> Response:
    target = db.get_or_404(User, user_id)
    return _apply(
        UserActionForm(),
        lambda: services.deactivate(_actor(), target),
        _("%(name)s is deactivated and signed out everywhere.", name=target.name),
    )


@bp.post("/users/<int:user_id>/reactivate")
@requires(can_administer)
def reactivate(user_id: int) -> Response:
    target = db.get_or_404(User, user_id)
    return _apply(
        UserActionForm(),
        lambda: services.reactivate(_actor(), target),
        _("%(name)s can sign in again.", name=target.name),
    )


@bp.post("/users/<int:user_id>/vetted")
@requires(can_administer)
def set_vetted(user_id: int) -> Response:
    target = db.get_or_404(User, user_id)
    form = VettedForm()
    vetted = form.vetted.data == "1"
    done = (
        _("%(name)s is now a verified professional.", name=target.name)
        if vetted
        else _("%(name)s is no longer a verified professional.", name=target.name)
    )
    return _apply(form, lambda: services.set_vetted_professional(_actor(), target, vetted), done)


@bp.post("/users/<int:user_id>/guide-editor")
@requires(can_administer)
def set_guide_editor(user_id: int) -> Response:
    target = db.get_or_404(User, user_id)
    form = GuideEditorForm()
    editor = form.guide_editor.data == "1"
    done = (
        _("%(name)s may now write sector guides.", name=target.name)
        if editor
        else _("%(name)s no longer writes sector guides.", name=target.name)
    )
    return _apply(form, lambda: services.set_guide_editor(_actor(), target, editor), done)
