"""The local response card: for a place, who does what in a response, and where nobody does."""

from flask import Blueprint

from directory.response.presenters import kilometres

bp = Blueprint("response", __name__)
bp.add_app_template_filter(kilometres, "kilometres")

from directory.response import routes  # noqa: E402, F401
