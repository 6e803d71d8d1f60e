"""JSON API v1: search, organization profiles, taxonomies and the OpenAPI document.

Read-only (GET only, so no CSRF exemption is needed) and anonymous: every response holds only
what the public pages show.
"""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from directory.api import routes  # noqa: E402, F401
