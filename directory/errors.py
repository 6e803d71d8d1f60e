"""Error pages in the site's style (HTML) or as JSON for API paths.

When the database does not answer (stopped, restarting, failing over, or SQLite locked past
its busy timeout), every request that needs it gets the styled 503 with ``Retry-After``
instead of a 500: the outage is logged as one warning line per process and per
``OUTAGE_LOG_INTERVAL`` seconds, never a stack trace per request. Recovery needs nothing:
``pool_pre_ping`` (config.py) throws away pooled connections that died with the server, and
the next request connects afresh.
"""

from __future__ import annotations

import logging
import time

import sqlalchemy as sa
from flask import Flask, Response, g, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import (
    Conflict,
    Forbidden,
    HTTPException,
    InternalServerError,
    RequestEntityTooLarge,
    SecurityError,
    ServiceUnavailable,
)

from directory import audit
from directory.audit import Auditable
from directory.conflicts import ConflictOfInterest
from directory.extensions import db, login_manager
from directory.workflow import TransitionRefused

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 10
OUTAGE_LOG_INTERVAL = 30.0
# What a database that is down or unreachable raises; an IntegrityError (a bug or a race
# with a clear winner) is not among them and stays a 500.
DATABASE_UNAVAILABLE = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError)
_last_outage_log = 0.0


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(SecurityError)
    def handle_untrusted_host(error: SecurityError) -> ResponseReturnValue:
        # A Host header outside TRUSTED_HOSTS: no URL can be built for it, so no page either.
        return Response("Bad Request\n", status=400, mimetype="text/plain")

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException) -> ResponseReturnValue:
        if _wants_json():
            # Same shape as the API's own errors (directory.api.responses), plus "message".
            text = error.description
            return jsonify(error=error.name, message=text, messages=[text]), error.code or 500
        return render_template("errors/error.html", error=error), error.code or 500

    @app.errorhandler(RequestEntityTooLarge)
    def handle_too_large(error: RequestEntityTooLarge) -> ResponseReturnValue:
        """A body over MAX_CONTENT_LENGTH: nothing was read, nothing saved; say so."""
        megabytes = f"{(app.config['MAX_CONTENT_LENGTH'] or 0) / (1024 * 1024):g}"
        if _wants_json():
            text = f"The request body is larger than {megabytes} MB; nothing was saved."
            return handle_http_error(RequestEntityTooLarge(description=text))
        rule = request.url_rule
        back = request.path if rule is not None and "GET" in (rule.methods or ()) else None
        size = _("%(number)s MB", number=megabytes)
        page = render_template(
            "errors/error.html", error=error, max_content_size=size, back_to_form=back
        )
        return page, 413

    def handle_database_unavailable(error: sa.exc.SQLAlchemyError) -> ResponseReturnValue:
        _forget_session(error)
        # The page must not ask the database who is signed in: it would fail again.
        g._login_user = login_manager.anonymous_user()
        response = handle_http_error(ServiceUnavailable(retry_after=RETRY_AFTER_SECONDS))
        response = app.make_response(response)
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response.headers["Cache-Control"] = "no-store"
        return response

    for unavailable in DATABASE_UNAVAILABLE:
        app.register_error_handler(unavailable, handle_database_unavailable)

    @app.errorhandler(ConflictOfInterest)
    def handle_conflict_of_interest(error: ConflictOfInterest) -> ResponseReturnValue:
        """A decision refused by the four-eyes rule: nothing changed, the attempt audited."""
        _audit_refusal("decision.refused", error.subject, conflict=error.conflict.value)
        return handle_http_error(Forbidden(description=error.explanation))

    @app.errorhandler(TransitionRefused)
    def handle_transition_refused(error: TransitionRefused) -> ResponseReturnValue:
        _audit_refusal(
            "workflow.refused", error.subject, status=error.subject.status, to=str(error.to)
        )
        description = _("This cannot be done in the record's current state; nothing changed.")
        return handle_http_error(Conflict(description=description))

    @app.errorhandler(InternalServerError)
    def handle_server_error(error: InternalServerError) -> ResponseReturnValue:
        db.session.rollback()  # never leave a half-done transaction behind
        if _wants_json():
            message = "Something went wrong."
            return jsonify(error="Internal Server Error", message=message, messages=[message]), 500
        return render_template("errors/error.html", error=error), 500


def _audit_refusal(action: str, subject: Auditable, **details: str) -> None:
    """Discard what the refused request began, then record the attempt in its own commit."""
    db.session.rollback()
    actor = current_user if current_user.is_authenticated else None
    audit.record(actor, action, subject, **details)
    db.session.commit()


def _forget_session(error: sa.exc.SQLAlchemyError) -> None:
    """Roll back what the request began (the connection may be dead) and log the outage."""
    global _last_outage_log  # one timestamp per process, by design
    try:
        db.session.rollback()
    except sa.exc.SQLAlchemyError:
        db.session.close()
    now = time.monotonic()
    if now - _last_outage_log >= OUTAGE_LOG_INTERVAL:
        _last_outage_log = now
        cause = getattr(error, "orig", None) or error
        first_line = (str(cause).strip().splitlines() or [""])[0][:200]
        log.warning(
            "Database unavailable, answering 503 (%s: %s); next note in %.0f s at most",
            type(cause).__name__,
            first_line,
            OUTAGE_LOG_INTERVAL,
        )
