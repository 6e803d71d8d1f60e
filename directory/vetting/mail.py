"""The mail telling a member what a moderator decided on their vetting request, and why."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_mailman import EmailMessage

from directory.auth.mail import absolute_url
from directory.i18n.locale import in_locale_of
from directory.models import VettingRequest, VettingStatus
from directory.outgoing_mail import email_message

SUBJECTS = {
    VettingStatus.APPROVED: _l("You are now a verified professional"),
    VettingStatus.REFUSED: _l("Your professional verification request"),
}


def decision_message(vetting: VettingRequest) -> EmailMessage:
    with in_locale_of(vetting.user):
        body = render_template(
            "vetting/mail/decision.txt",
            user=vetting.user,
            vetting=vetting,
            status_link=absolute_url("vetting.request_vetting"),
            site_url=current_app.config["SITE_URL"] or request.host_url.rstrip("/"),
        )
        subject = str(SUBJECTS[VettingStatus(vetting.status)])
    return email_message(subject, body, [vetting.user.email])
