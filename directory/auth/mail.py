"""Account mail: plain text, trauma-informed, each with the full absolute link it is about.

Messages are composed inside the service (while the user and token are at hand) and sent by
the route after the commit, so that a link never names a row that was rolled back, and a
slow mail server never holds a database transaction open.

Templates live in ``templates/auth/mail/*.txt`` (plain text: Jinja does not escape them).
"""

from __future__ import annotations

from typing import Any

from flask import (
    Response,
    after_this_request,
    current_app,
    has_request_context,
    render_template,
    request,
    url_for,
)
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_mailman import EmailMessage

from directory.auth import tokens
from directory.i18n.locale import in_locale_of
from directory.models import User
from directory.outgoing_mail import email_message


def absolute_url(endpoint: str, **values: str) -> str:
    """A full link for a mail. ``SITE_URL`` when configured, else this request's own host.

    Setting ``SITE_URL`` in production matters: without it, someone who asks for a reset link
    with a forged ``Host`` header would have the victim mailed a link to their own server.
    """
    site = current_app.config["SITE_URL"]
    arguments: dict[str, Any] = dict(values)  # url_for's keywords also include _external...
    if site:
        return site + url_for(endpoint, **arguments)
    return url_for(endpoint, _external=True, **arguments)


def _message(user: User, subject: LazyString, template: str, **context: object) -> EmailMessage:
    """In the recipient's language (``subject`` is lazy: translated here, not by the caller)."""
    with in_locale_of(user):
        body = render_template(
            f"auth/mail/{template}.txt",
            user=user,
            site_url=current_app.config["SITE_URL"] or request.host_url.rstrip("/"),
            **context,
        )
        return email_message(subject, body, [user.email])


def confirmation_message(user: User) -> EmailMessage:
    link = absolute_url("auth.confirm_email", token=tokens.email_confirmation_token(user))
    hours = current_app.config["EMAIL_CONFIRMATION_MAX_AGE"] // 3600
    return _message(user, _l("Confirm your email address"), "confirm", link=link, hours=hours)


def already_registered_message(user: User) -> EmailMessage:
    """Sent instead of a confirmation when someone registers with a known address."""
    return _message(
        user,
        _l("Someone tried to register with your email address"),
        "already_registered",
        sign_in_link=absolute_url("auth.login"),
        reset_link=absolute_url("auth.request_reset"),
    )


def reset_message(user: User) -> EmailMessage:
    link = absolute_url("auth.reset_password", token=tokens.password_reset_token(user))
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    return _message(user, _l("Choose a new password"), "reset", link=link, minutes=minutes)


def password_changed_message(user: User) -> EmailMessage:
    return _message(
        user,
        _l("Your password was changed"),
        "password_changed",
        reset_link=absolute_url("auth.request_reset"),
    )


def send(message: EmailMessage | None) -> None:
    """Send after the commit; None (nothing to send) is accepted so routes stay uniform.

    Inside a request the mail goes out once the response has been sent (Werkzeug's
    ``call_on_close``): how long a mail server takes must not tell an onlooker whether an
    address has an account (a reset for a known address mails; an unknown one does not).
    """
    if message is None:
        return
    if not has_request_context():
        message.send()
        return
    # The proxy's object, for the thread below; Flask types current_app as the Flask itself.
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def deliver() -> None:
        with app.app_context():
            try:
                message.send()
            except Exception:  # the page is already sent: log, do not crash the worker
                app.logger.exception("Could not send the mail %r", str(message.subject))

    @after_this_request
    def send_when_closed(response: Response) -> Response:
        response.call_on_close(deliver)
        return response
