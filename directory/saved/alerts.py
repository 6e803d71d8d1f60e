"""``flask alerts send``: mail each person what is new for their saved searches.

An organization is *new or materially changed* for a saved search when a moderator approved
a revision of it (its first publication or an edit) after the search was saved, and that
revision was not mailed for this search yet (``SavedSearchAlert``). Re-confirming a listing
as still accurate changes nothing people act on, so it sends nothing. Each person gets one
mail per run listing, per saved search, the organizations the search finds now (the real
engine: only findable listings) among those changes; each user is committed on its own, right
after the mail left, so a second run, or one after an interruption, sends nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import lazy_gettext as _l
from flask_mailman import EmailMessage

from directory.auth.mail import absolute_url
from directory.extensions import db
from directory.i18n.locale import in_locale_of
from directory.models import (
    Organization,
    Revision,
    RevisionStatus,
    SavedSearch,
    SavedSearchAlert,
    User,
)
from directory.models.types import utcnow
from directory.outgoing_mail import email_message
from directory.privacy import public_location
from directory.saved.services import parse_query, place_is_known, unsubscribe_token
from directory.search.service import matching_organization_ids, vocabulary_options
from directory.search.vocabulary import ProvinceTerm, Term

Options = dict[str, dict[str, Term | ProvinceTerm]]
MAX_LISTED = 20  # organizations per saved search in one mail; the search link shows all


@dataclass(frozen=True)
class AlertItem:
    name: str
    places: list[str]
    link: str


@dataclass
class Section:
    saved: SavedSearch
    items: list[AlertItem]
    more: int
    search_link: str
    unsubscribe_link: str
    changes: list[tuple[int, int]]  # (organization id, revision id) to log once mailed


@dataclass
class AlertRun:
    users: int = 0  # people with at least one active saved search
    mails: int = 0
    organizations: int = 0  # listed, over every mail
    failed: list[tuple[int, str]] = field(default_factory=list)  # (user id, reason)


def _recipients() -> list[User]:
    """Active, confirmed people with a saved search whose alerts are on."""
    stmt = (
        sa.select(User)
        .where(
            User.active.is_(True),
            User.email_confirmed_at.is_not(None),
            sa.exists().where(SavedSearch.user_id == User.id, SavedSearch.alerts.is_(True)),
        )
        .order_by(User.id)
    )
    return list(db.session.scalars(stmt))


def _changes(saved: SavedSearch) -> dict[int, int]:
    """Organization id → its latest approved revision since the search was saved, for the
    organizations whose latest change was not mailed for this search yet."""
    stmt = (
        sa.select(Revision.organization_id, Revision.id)
        .where(
            Revision.status == RevisionStatus.APPROVED,
            Revision.decided_at > saved.created_at,
        )
        .order_by(Revision.decided_at, Revision.id)
    )
    latest = {org: rev for org, rev in db.session.execute(stmt)}
    if not latest:
        return {}
    mailed = set(
        db.session.scalars(
            sa.select(SavedSearchAlert.revision_id).where(
                SavedSearchAlert.saved_search_id == saved.id,
                SavedSearchAlert.revision_id.in_(latest.values()),
            )
        )
    )
    return {org: rev for org, rev in latest.items() if rev not in mailed}


def _item(organization: Organization) -> AlertItem:
    places = list(
        dict.fromkeys(
            f"{place.city}, {place.province_code}"
            for place in map(public_location, organization.locations)
        )
    )
    return AlertItem(
        organization.name,
        places,
        absolute_url("public.organization", slug=organization.slug),
    )


def _section(saved: SavedSearch, options: Options) -> Section | None:
    changes = _changes(saved)
    if not changes:
        return None
    params = parse_query(saved.query)
    if not place_is_known(params):  # the gazetteer changed since: never the whole country
        return None
    matches = matching_organization_ids(params, options)
    found = [i for i in matches if i in changes]
    if not found:
        return None
    organizations = {
        org.id: org
        for org in db.session.scalars(sa.select(Organization).where(Organization.id.in_(found)))
    }
    items = [_item(organizations[i]) for i in found[:MAX_LISTED] if i in organizations]
    search_link = absolute_url("public.search") + (f"?{saved.query}" if saved.query else "")
    return Section(
        saved=saved,
        items=items,
        more=len(found) - len(items),
        search_link=search_link,
        unsubscribe_link=absolute_url("saved.unsubscribe", token=unsubscribe_token(saved)),
        changes=[(i, changes[i]) for i in found],
    )


def alert_message(user: User, sections: list[Section]) -> EmailMessage:
    with in_locale_of(user):
        body = render_template(
            "saved/mail/alert.txt",
            user=user,
            sections=sections,
            saved_link=absolute_url("saved.index"),
        )
        subject = _l("New in the directory for your saved searches")
        message = email_message(subject, body, [user.email])
    # RFC 2369 / RFC 8058: mail programs offer a one-click "unsubscribe" (the first search's).
    message.extra_headers["List-Unsubscribe"] = f"<{sections[0].unsubscribe_link}>"
    message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message


def send_alerts(dry_run: bool = False) -> AlertRun:
    """Mail every recipient what is new for them (``dry_run``: count, send and record nothing)."""
    run = AlertRun()
    options = vocabulary_options()
    for user in _recipients():
        run.users += 1
        user_id = user.id
        try:
            searches = db.session.scalars(
                sa.select(SavedSearch)
                .where(SavedSearch.user_id == user.id, SavedSearch.alerts.is_(True))
                .order_by(SavedSearch.id)
            )
            sections = [s for s in (_section(saved, options) for saved in searches) if s]
            if not sections:
                continue
            run.organizations += sum(len(s.changes) for s in sections)
            if dry_run:
                run.mails += 1
                continue
            message = alert_message(user, sections)
            message.message()  # a bad header fails here, before anything is recorded
            message.send()
            now = utcnow()
            for section in sections:
                section.saved.last_alerted_at = now
                db.session.add_all(
                    SavedSearchAlert(
                        saved_search_id=section.saved.id, organization_id=org, revision_id=rev
                    )
                    for org, rev in section.changes
                )
            db.session.commit()
            run.mails += 1
        except Exception as error:  # one bad record must not stop the others
            db.session.rollback()
            run.failed.append((user_id, f"{type(error).__name__}: {error}"))
    return run


def site_base() -> str:
    return current_app.config["SITE_URL"] or "http://localhost"
