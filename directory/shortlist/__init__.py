"""The referral shortlist: organizations a professional collects to print as a referral
sheet or download as CSV. Kept in the session when signed out, saved when signed in."""

from flask import Blueprint

bp = Blueprint("shortlist", __name__)

from directory.shortlist import routes  # noqa: E402, F401
