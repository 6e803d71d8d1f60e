"""Error pages in the site's style (HTML) or as JSON for API paths."""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from directory.extensions import db


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(SecurityError)
    def handle_untrusted_host(error: SecurityError):  # noqa: ANN202
        # A Host header outside TRUSTED_HOSTS: no URL can be built for it, so no page either.
        return Response("Bad Request\n", status=400, mimetype="text/plain")

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):  # noqa: ANN202
        if _wants_json():
            # Same shape as the API's own errors (directory.api.responses), plus "message".
            text = error.description
            return jsonify(error=error.name, message=text, messages=[text]), error.code
        return render_template("errors/error.html", error=error), error.code

    @app.errorhandler(InternalServerError)
    def handle_server_error(error: InternalServerError):  # noqa: ANN202
        db.session.rollback()  # never leave a half-done transaction behind
        if _wants_json():
            message = "Something went wrong."
            return jsonify(error="Internal Server Error", message=message, messages=[message]), 500
        return render_template("errors/error.html", error=error), 500
