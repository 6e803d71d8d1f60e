"""Saving a listing form's payload, by steps or on one page: one commit, and what the member
is told. A save that would overwrite a newer version shows both versions instead (409)."""

from __future__ import annotations

from collections.abc import Callable

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from directory.extensions import db
from directory.listings.diff import diff_payloads
from directory.listings.payload import ListingPayload, read_payload
from directory.listings.services import RevisionConflict, open_revision
from directory.models import Organization, Revision

ONLY_PROFESSIONALS = _l(
    "Every referral contact is for vetted professionals only: the public will see no referral "
    "contact. Mark one for everyone if families or young people may call it."
)
FOREIGN_KEYS = _l(
    "Some blocks referred to rows that are not part of this listing; "
    "they were saved as new entries."
)

Save = Callable[[ListingPayload, bool], Revision]


def save_and_commit(
    save: Save, payload: ListingPayload, submit: bool, organization: Organization | None
) -> Revision | ResponseReturnValue:
    """The saved revision, committed; or the conflict page when someone saved first."""
    try:
        revision = save(payload, submit)
        db.session.commit()
    except RevisionConflict as clash:
        db.session.rollback()
        return conflict(clash.revision, payload)
    except StaleDataError:
        db.session.rollback()
        return conflict(open_revision(organization) if organization else None, payload)
    return revision


def conflict(saved: Revision | None, mine: ListingPayload) -> ResponseReturnValue:
    """Both versions, side by side: what is saved now, and what this person typed."""
    theirs = read_payload(saved.payload, saved.organization) if saved is not None else None
    rows = diff_payloads(theirs, mine)
    return render_template("listings/conflict.html", saved=saved, mine=mine, rows=rows), 409
