"""Partnerships: seeking-partners notices, and private requests between organizations
(docs/partnerships.md)."""

from flask import Blueprint

bp = Blueprint("partnerships", __name__)

from directory.partnerships import moderation_routes, routes  # noqa: E402, F401
