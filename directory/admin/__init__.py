"""Administration of user accounts (``/admin/users``). Administrators only."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from directory.admin import routes  # noqa: E402, F401
