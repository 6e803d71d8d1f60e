"""The reminder's one-click "still accurate" link (issue 18): it confirms, nothing else.

Each owner's reminder carries a signed token naming the listing, the owner and the listing's
``verified_at`` when the mail was made. Opening it needs no sign-in: a GET shows the listing
and one button (mail scanners open links by themselves, so a GET changes nothing); the POST
confirms the listing as it stands, exactly as the "Still accurate" button of My listings
does, audited as that owner with ``via: mail link``.

- **Only confirms**: the token carries no field to change, and the route writes nothing else.
- **Expires** after ``REVERIFY_LINK_DAYS`` (default 30).
- **Works once**: confirming moves ``verified_at``, so the token's stamp no longer matches;
  so does any later confirmation, by link or button, or a moderator's approval.
- **Still theirs**: the owner must still be an active owner (or editor) with an active,
  confirmed account, and the listing still published.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from directory.extensions import db
from directory.models import Organization, User
from directory.permissions import can_edit_listing

SALT = "directory.listings.still-accurate"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _stamp(organization: Organization) -> str | None:
    verified = organization.verified_at
    return verified.isoformat() if verified else None


def confirm_token(user: User, organization: Organization) -> str:
    data = {"o": organization.id, "u": user.id, "v": _stamp(organization)}
    return str(_serializer().dumps(data))


class LinkRefused(Exception):
    """Why the link cannot confirm: ``reason`` is one of damaged, expired, used, not_yours."""

    def __init__(self, reason: str, organization: Organization | None = None) -> None:
        super().__init__(reason)
        self.reason, self.organization = reason, organization


@dataclass(frozen=True)
class ConfirmLink:
    user: User
    organization: Organization


def open_link(token: str) -> ConfirmLink:
    """The owner and listing a token names, if it may still confirm. Raises ``LinkRefused``."""
    max_age = current_app.config["REVERIFY_LINK_DAYS"] * 24 * 3600
    try:
        data = _serializer().loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise LinkRefused("expired") from error
    except BadSignature as error:
        raise LinkRefused("damaged") from error
    if not isinstance(data, dict) or not all(isinstance(data.get(k), int) for k in "ou"):
        raise LinkRefused("damaged")
    organization = db.session.get(Organization, data["o"])
    user = db.session.get(User, data["u"])
    if organization is None or user is None or not organization.is_published:
        raise LinkRefused("not_yours")
    if _stamp(organization) != data.get("v"):
        raise LinkRefused("used", organization)
    if not (user.active and user.is_email_confirmed and can_edit_listing(user, organization)):
        raise LinkRefused("not_yours", organization)
    return ConfirmLink(user, organization)
