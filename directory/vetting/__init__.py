"""Members ask to be recognised as vetted professionals; moderators decide, with a reason."""

from flask import Blueprint

bp = Blueprint("vetting", __name__)

from directory.vetting import routes  # noqa: E402, F401
