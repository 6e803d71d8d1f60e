"""Sector guides (recognize → respond → refer) and each province's duty to report.

Public pages under ``/guides``; guide editors draft at ``/guides/<slug>/edit``; moderators
decide at ``/moderation/guides/<id>`` (docs/guides.md).
"""

from flask import Blueprint

bp = Blueprint("guides", __name__)

from directory.guides import edit_routes, moderation_routes, routes  # noqa: E402, F401
