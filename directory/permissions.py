"""Who may do what: named predicates shared by views (``@requires``) and templates.

The roles, from least to most trusted (docs/permissions.md has the route × role table):

- **anonymous**: reads the public directory.
- **unconfirmed**: signed in, email address not confirmed yet. May read, see their profile,
  change their password and ask for the confirmation link again; no member action.
- **member**: a confirmed, active account (``Role.MEMBER``).
- **vetted professional**: a member whom an administrator marked as a verified professional
  (``professional_verified_at``); sees referral contacts reserved for professionals.
- **organization editor / owner**: a member with an active ``Membership`` of that
  organization; both edit its listing, the owner also manages who else may.
- **guide editor**: a member an administrator allowed to draft sector guides
  (``user_account.guide_editor``, whatever their role; docs/guides.md).
- **moderator**: vets submissions and edits (``Role.MODERATOR``).
- **admin**: everything a moderator does, plus user accounts (``Role.ADMIN``).

Every predicate takes the user first (``current_user`` or a ``User``), is False for anonymous,
deactivated and unconfirmed users unless it says otherwise, and never touches the request, so
services and tests can call them too. Templates see the same names as Jinja globals.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeGuard

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from directory import audit
from directory.extensions import db
from directory.models import (
    AnonymousViewer,
    Membership,
    MembershipRole,
    MembershipStatus,
    OrganizationStatus,
    Role,
    User,
    Viewer,
)

if TYPE_CHECKING:
    from directory.models import Organization, PartnershipRequest

Predicate = Callable[[Viewer], bool]


def current_viewer() -> Viewer:
    """``current_user`` (Flask-Login's proxy, untyped) as the object it stands for."""
    viewer = current_user._get_current_object()
    if not isinstance(viewer, User | AnonymousViewer):
        raise TypeError(f"unexpected current_user: {type(viewer).__name__}")
    return viewer


def signed_in_user() -> User:
    """The account behind ``current_user``, in a view only the signed-in reach."""
    viewer = current_viewer()
    if not isinstance(viewer, User):
        raise RuntimeError("this view needs a signed-in user")
    return viewer


def is_signed_in(user: Viewer | None) -> TypeGuard[User]:
    """Signed in, confirmed or not: enough for one's own profile and password."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_member(user: Viewer | None) -> TypeGuard[User]:
    """A signed-in account with a confirmed email address: may act as a member."""
    return is_signed_in(user) and user.is_email_confirmed


def is_vetted_professional(user: Viewer | None) -> TypeGuard[User]:
    return is_member(user) and user.professional_verified_at is not None


def can_moderate(user: Viewer | None) -> TypeGuard[User]:
    """Moderators and administrators, once they use two-factor sign-in (required of them)."""
    return is_member(user) and user.role in (Role.MODERATOR, Role.ADMIN) and user.has_two_factor


def can_edit_guides(user: Viewer | None) -> TypeGuard[User]:
    """Guide editors draft and submit sector guides (docs/guides.md); an administrator
    gives the role. Moderators publish them, never their own."""
    return is_member(user) and user.guide_editor


def can_administer(user: Viewer | None) -> TypeGuard[User]:
    return is_member(user) and user.role == Role.ADMIN and user.has_two_factor


def needs_two_factor_setup(user: Viewer | None) -> bool:
    """Staff who have not set up two-factor sign-in yet: their powers wait for it."""
    return is_member(user) and user.role in (Role.MODERATOR, Role.ADMIN) and not user.has_two_factor


def active_membership(user: Viewer | None, organization: Organization) -> Membership | None:
    """The user's active membership of ``organization`` (owner or editor), if a member."""
    if not is_member(user):
        return None
    for membership in user.memberships:
        if (
            membership.organization_id == organization.id
            and membership.status == MembershipStatus.ACTIVE
        ):
            return membership
    return None


def can_edit_listing(user: Viewer | None, organization: Organization) -> bool:
    """Owners and editors propose changes to their organization's listing."""
    return active_membership(user, organization) is not None


def can_update_capacity(user: Viewer | None, organization: Organization) -> bool:
    """Say a service's capacity without a moderation round: its people, or a moderator."""
    return can_edit_listing(user, organization) or can_moderate(user)


def can_manage_members(user: Viewer | None, organization: Organization) -> bool:
    """Owners decide who else edits their listing; administrators can step in."""
    membership = active_membership(user, organization)
    owner = membership is not None and membership.role == MembershipRole.OWNER
    return owner or can_administer(user)


def can_see_restricted_contacts(user: Viewer | None, organization: Organization) -> bool:
    """Referral contacts marked ``professionals``: vetted professionals, the organization's
    own members, and moderators (who vet them)."""
    return (
        is_vetted_professional(user)
        or can_moderate(user)
        or active_membership(user, organization) is not None
    )


def can_find_professionals_only(user: Viewer | None) -> bool:
    """Listings marked visible to vetted professionals only, wherever they are listed
    (search, profiles): vetted professionals and moderators. ``directory.privacy`` applies it."""
    return is_vetted_professional(user) or can_moderate(user)


def can_see_professionals_only(user: Viewer | None, organization: Organization) -> bool:
    """One professionals-only listing (its profile): those above, and its own members."""
    return can_find_professionals_only(user) or active_membership(user, organization) is not None


def partner_organizations(user: Viewer | None) -> list[Organization]:
    """The published organizations ``user`` may speak for in partnerships (an active
    membership; drafts cannot: a listing nobody vetted must not reach other organizations)."""
    if not is_member(user):
        return []
    return [
        membership.organization
        for membership in user.memberships
        if membership.status == MembershipStatus.ACTIVE
        and membership.organization.status == OrganizationStatus.PUBLISHED
    ]


def can_seek_partners(user: Viewer | None) -> bool:
    """Members of a published organization post notices and send requests for it."""
    return bool(partner_organizations(user))


def can_request_partnership(user: Viewer | None, organization: Organization) -> bool:
    """A member of another published organization; never a member of ``organization``."""
    if active_membership(user, organization) is not None:
        return False
    return any(org.id != organization.id for org in partner_organizations(user))


def can_read_partnership(user: Viewer | None, request: PartnershipRequest) -> bool:
    """Both sides' active members read and reply to a request's thread; nobody else."""
    return any(
        active_membership(user, org) is not None
        for org in (request.from_organization, request.to_organization)
    )


def can_answer_partnership(user: Viewer | None, request: PartnershipRequest) -> bool:
    """Only the receiving organization's members accept, decline or report a request."""
    return active_membership(user, request.to_organization) is not None


TEMPLATE_GLOBALS: dict[str, Callable[..., Any]] = {
    predicate.__name__: predicate
    for predicate in (
        is_signed_in,
        is_member,
        is_vetted_professional,
        can_moderate,
        can_administer,
        can_edit_guides,
        needs_two_factor_setup,
        can_edit_listing,
        can_update_capacity,
        can_manage_members,
        can_see_restricted_contacts,
        can_seek_partners,
        can_request_partnership,
        can_read_partnership,
        can_answer_partnership,
    )
}


def redirect_to_login() -> Response:
    """Send an anonymous visitor to the sign-in page, back here afterwards (local paths only).

    Also Flask-Login's ``unauthorized_handler``: its own ``next`` is an absolute URL, which
    the sign-in page rightly refuses to follow.
    """
    from directory.auth.services import is_safe_next  # here: the auth views import this module

    flash(_("Please sign in to see this page."), "info")
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("auth.login", next=target if is_safe_next(target) else None))


def deny(user: Viewer | None) -> None:
    """403 for a signed-in user; unconfirmed ones are told what would let them in.

    Every denial is audited at once (its own commit, after discarding whatever the refused
    request had started): repeated denials are how probing shows up.
    """
    db.session.rollback()
    audit.record(
        user if is_signed_in(user) else None,
        "permission.denied",
        method=request.method,
        path=request.path[:300],
    )
    db.session.commit()
    if is_signed_in(user) and not user.is_email_confirmed:
        abort(
            403,
            description=_(
                "Please confirm your email address first: follow the link we sent you, "
                "or ask for a new one from your account page."
            ),
        )
    abort(403)


def requires(*predicates: Predicate) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """View decorator: every predicate must hold for ``current_user``.

    Anonymous visitors are sent to sign in (with a safe ``next``); signed-in users lacking a
    permission get 403. Checks on one record (``can_edit_listing(user, org)``) belong in the
    view, after loading it: ``if not can_edit_listing(current_user, org): deny(current_user)``.
    """

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not is_signed_in(current_user):
                return redirect_to_login()
            if not all(predicate(current_user) for predicate in predicates):
                if needs_two_factor_setup(current_user):
                    flash(_("Set up two-factor sign-in first: your role requires it."), "info")
                    return redirect(url_for("auth.two_factor_setup"))
                deny(current_user)
            return view(*args, **kwargs)

        return wrapped

    return decorator
