"""An organization's own listings: submit a new one, propose changes to it, follow its review."""

from flask import Blueprint

bp = Blueprint("listings", __name__, url_prefix="/listings")

from directory.listings import member_routes, routes  # noqa: E402, F401
