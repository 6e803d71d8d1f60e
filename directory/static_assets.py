"""Static files under names that carry their content's hash, cached by browsers for a year.

``flask --app wsgi digest compile`` (Flask-Static-Digest, run by ``make serve``) copies every
file under ``static/`` to a name with its MD5 (``css/site-<32 hex>.css``), gzips each copy for
nginx's ``gzip_static``, and writes ``static/cache_manifest.json``. With ``STATIC_DIGEST`` on
(the production default), templates link through ``static_url_for('static', filename=...)``,
which names the hashed copy from that manifest. A changed file gets a new name, so a hashed
name can be cached forever: ``Cache-Control: public, max-age=31536000, immutable``, and only
on hashed names. Plain names keep Flask's default (revalidate every time), so a page that
links a plain name never shows a stale file.

In development ``STATIC_DIGEST`` is off: ``static_url_for`` is Flask's ``url_for`` and a
leftover manifest is ignored, so editing ``site.css`` shows at once.
"""

from __future__ import annotations

import re

from flask import Flask, Response, request, url_for
from flask_static_digest import FlaskStaticDigest

HASHED_NAME = re.compile(r"-[0-9a-f]{32}\.[^/]+$")
IMMUTABLE = "public, max-age=31536000, immutable"


def init_static_assets(app: Flask) -> None:
    # `flask digest compile` reads these even where STATIC_DIGEST is off (make serve runs it).
    app.config.setdefault("FLASK_STATIC_DIGEST_COMPRESSION", ["gzip"])  # for gzip_static
    app.config.setdefault("FLASK_STATIC_DIGEST_BLACKLIST_FILTER", [])
    if app.config.get("STATIC_DIGEST"):
        FlaskStaticDigest(app)  # adds the static_url_for template global, reading the manifest
    else:
        app.add_template_global(url_for, "static_url_for")

    @app.after_request
    def cache_hashed_files(response: Response) -> Response:
        filename = (request.view_args or {}).get("filename", "")
        served = request.endpoint == "static" and response.status_code in (200, 304)
        if served and HASHED_NAME.search(filename):
            response.headers["Cache-Control"] = IMMUTABLE
            response.headers.pop("Expires", None)
        return response
