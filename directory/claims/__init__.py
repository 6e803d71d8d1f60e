"""Claims: a member asks to own an existing listing nobody owns yet; a moderator decides."""

from flask import Blueprint

bp = Blueprint("claims", __name__)

from directory.claims import routes  # noqa: E402, F401
