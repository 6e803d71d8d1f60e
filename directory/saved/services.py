"""Saved searches: save, list, stop alerts, delete (no request objects; caller commits).

A saved search keeps the query string of the search page, normalised by the search's own
parser: unknown parameters and values are dropped, the page number too. A person keeps at
most ``MAX_SAVED`` of them.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import parse_qsl, urlencode

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.datastructures import MultiDict

from directory import audit
from directory.extensions import db
from directory.geo import locate
from directory.models import SavedSearch, User
from directory.search.params import SearchParams, parse_search_args
from directory.search.service import vocabulary_options

MAX_SAVED = 50
MAX_NAME_LENGTH = 100
MAX_QUERY_LENGTH = 2000
UNSUBSCRIBE_SALT = "directory.saved.unsubscribe"


class SaveRefused(Exception):
    """The search cannot be saved; ``str(error)`` says why, for the person."""


def parse_query(query: str) -> SearchParams:
    """The search a stored (or posted) query string stands for, first page."""
    args = MultiDict(parse_qsl(query.lstrip("?"), keep_blank_values=False))
    params, _notices = parse_search_args(args, vocabulary_options())
    return replace(params, page=1)


def place_is_known(params: SearchParams) -> bool:
    """An unknown place searches the whole country: such a search is not saved, nor alerted."""
    return not params.near or locate(params.near).place is not None


def normalise_query(query: str) -> str:
    params = parse_query(query)
    per_page = current_app.config["PER_PAGE_DEFAULT"]
    return urlencode(params.query_args(page=1, per_page=per_page), doseq=True)


def saved_searches(user: User) -> list[SavedSearch]:
    stmt = (
        sa.select(SavedSearch)
        .where(SavedSearch.user_id == user.id)
        .order_by(SavedSearch.created_at.desc(), SavedSearch.id.desc())
    )
    return list(db.session.scalars(stmt))


def count_saved(user: User) -> int:
    stmt = sa.select(sa.func.count()).where(SavedSearch.user_id == user.id)
    return db.session.scalar(stmt) or 0


def save(user: User, name: str, query: str) -> SavedSearch:
    """Raises ``SaveRefused`` for a search with nothing in it or past the limit."""
    normalised = normalise_query(query)
    if not normalised:
        raise SaveRefused(_("Choose words, a filter or a place before saving a search."))
    if not place_is_known(parse_query(normalised)):
        raise SaveRefused(
            _("We could not find that place. Choose a place the search knows before saving.")
        )
    if count_saved(user) >= MAX_SAVED:
        raise SaveRefused(
            _(
                "You have %(max)d saved searches, the most one account may keep. "
                "Delete one you no longer need first.",
                max=MAX_SAVED,
            )
        )
    saved = SavedSearch(user_id=user.id, name=" ".join(name.split()), query=normalised)
    db.session.add(saved)
    db.session.flush()
    audit.record(user, "saved_search.created", saved)
    return saved


def owned(user: User, saved_search_id: int) -> SavedSearch | None:
    """The user's own saved search: someone else's is not found (404), like a missing one."""
    saved = db.session.get(SavedSearch, saved_search_id)
    return saved if saved is not None and saved.user_id == user.id else None


def set_alerts(saved: SavedSearch, on: bool) -> None:
    saved.alerts = on


def delete(user: User, saved: SavedSearch) -> None:
    audit.record(user, "saved_search.deleted", saved)
    db.session.delete(saved)


# --- Unsubscribe links (signed, no expiry: they work as long as the search exists) --------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(saved: SavedSearch) -> str:
    return str(_serializer().dumps({"search": saved.id, "user": saved.user_id}))


class BadToken(Exception):
    """A tampered or malformed unsubscribe link."""


def search_to_unsubscribe(token: str) -> SavedSearch | None:
    """The saved search a token names (None: deleted since). Raises ``BadToken``."""
    try:
        data = _serializer().loads(token)
    except BadSignature as error:
        raise BadToken from error
    if not isinstance(data, dict) or not isinstance(data.get("search"), int):
        raise BadToken
    saved = db.session.get(SavedSearch, data["search"])
    if saved is None or saved.user_id != data.get("user"):
        return None
    return saved
