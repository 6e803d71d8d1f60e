"""The mail telling a submitter what a moderator decided, and why (plain text)."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_mailman import EmailMessage

from directory.auth.mail import absolute_url
from directory.i18n.locale import in_locale_of
from directory.models import Revision, RevisionStatus
from directory.outgoing_mail import email_message

SUBJECTS = {
    RevisionStatus.APPROVED: _l("Your listing is published"),
    RevisionStatus.CHANGES_REQUESTED: _l("Changes requested to your listing"),
    RevisionStatus.REJECTED: _l("Your listing was not approved"),
}


def decision_message(revision: Revision) -> EmailMessage | None:
    """None when the submitter's account is gone: there is nobody to tell."""
    user = revision.submitted_by
    if user is None:
        return None
    with in_locale_of(user):
        body = render_template(
            "moderation/mail/decision.txt",
            user=user,
            revision=revision,
            organization=revision.organization,
            listings_link=absolute_url("listings.index"),
            site_url=current_app.config["SITE_URL"] or request.host_url.rstrip("/"),
        )
        subject = str(SUBJECTS[RevisionStatus(revision.status)])
    return email_message(subject, body, [user.email])
