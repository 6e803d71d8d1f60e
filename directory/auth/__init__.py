from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from directory.auth import routes, two_factor_routes  # noqa: E402, F401
