"""Anyone may tell the moderators that a published listing is wrong or unsafe."""

from flask import Blueprint

bp = Blueprint("reports", __name__)

from directory.reports import routes  # noqa: E402, F401
