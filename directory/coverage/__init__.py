"""Where help is missing: gaps by distance (``/coverage/gaps``) and the demand searches
that found nothing reveal (``/coverage/demand``, ``/moderation/demand``). docs/coverage.md."""

from flask import Blueprint

bp = Blueprint("coverage", __name__)

from directory.coverage import routes  # noqa: E402, F401
