"""Public pages: home, search, organization profiles, about."""

from flask import Blueprint

from directory.public.presenters import TEMPLATE_FILTERS

bp = Blueprint("public", __name__)

for _name, _filter in TEMPLATE_FILTERS.items():
    bp.add_app_template_filter(_filter, _name)

from directory.public import routes, sitemap  # noqa: E402, F401
