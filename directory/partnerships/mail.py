"""Mail to the other side of a partnership request: who wrote and a link, never the text.

A message can hold anything; mail leaves the site's control (forwarded, read on a shared
phone), so it only says that something is waiting and where. Each recipient gets it in
their own language.
"""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_mailman import EmailMessage

from directory.auth.mail import absolute_url
from directory.i18n.locale import in_locale_of
from directory.models import Organization, PartnershipRequest, User
from directory.outgoing_mail import email_message
from directory.partnerships import services

SUBJECTS = {
    "requested": _l("A partnership request for %(organization)s"),
    "replied": _l("A new reply about a partnership with %(other)s"),
    "accepted": _l("%(other)s accepted your partnership request"),
    "declined": _l("%(other)s declined your partnership request"),
}


def messages_for(
    event: str, partnership: PartnershipRequest, actor: User, recipient_side: Organization
) -> list[EmailMessage]:
    """One mail per member of ``recipient_side`` (``event``: a key of ``SUBJECTS``)."""
    other = (
        partnership.from_organization
        if recipient_side.id == partnership.to_organization_id
        else partnership.to_organization
    )
    link = absolute_url("partnerships.thread", request_id=str(partnership.id))
    site_url = current_app.config["SITE_URL"] or request.host_url.rstrip("/")
    messages = []
    for user in services.members_to_tell(recipient_side, actor):
        with in_locale_of(user):
            subject = str(SUBJECTS[event]) % {
                "organization": recipient_side.name,
                "other": other.name,
            }
            body = render_template(
                "partnerships/mail/notice.txt",
                user=user,
                event=event,
                organization=recipient_side,
                other=other,
                link=link,
                site_url=site_url,
            )
            messages.append(email_message(subject, body, [user.email]))
    return messages
