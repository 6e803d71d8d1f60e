"""Moderators vet new listings and proposed changes before anything is published."""

from flask import Blueprint

bp = Blueprint("moderation", __name__, url_prefix="/moderation")

from directory.moderation import audit_routes, routes, takedown_routes  # noqa: E402, F401
