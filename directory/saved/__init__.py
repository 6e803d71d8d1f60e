"""Saved searches (``/saved``) and their alerts (``flask alerts send``): docs/alerts.md."""

from flask import Blueprint

bp = Blueprint("saved", __name__)

from directory.saved import routes  # noqa: E402, F401
