"""The mail telling a member what a moderator decided about their claim (plain text)."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import gettext as _
from flask_mailman import EmailMessage

from directory.auth.mail import absolute_url
from directory.i18n.locale import in_locale_of
from directory.models import Organization, User
from directory.outgoing_mail import email_message


def decision_message(
    user: User, organization: Organization, approved: bool, reason: str
) -> EmailMessage:
    with in_locale_of(user):
        body = render_template(
            "claims/mail/decision.txt",
            user=user,
            organization=organization,
            approved=approved,
            reason=reason,
            listings_link=absolute_url("listings.index"),
            site_url=current_app.config["SITE_URL"] or absolute_url("public.home").rstrip("/"),
        )
        if approved:
            subject = _("You now manage the listing of %(name)s", name=organization.name)
        else:
            subject = _("Your claim of %(name)s was not approved", name=organization.name)
    return email_message(subject, body, [user.email])
