"""Read-only CORS for the two public APIs, so that other sites' pages can read them.

``/api/v1/*`` and ``/api/hsds/*`` answer any origin (``Access-Control-Allow-Origin: *``) for
GET, HEAD and OPTIONS only, and never with credentials: a browser does not hand another
site a response that a signed-in person's cookies shaped. Every other route gets no CORS
header, so pages and forms stay same-origin (docs/hsds.md, "The read API"; docs/security.md).
"""

from __future__ import annotations

from flask import Flask
from flask_cors import CORS

READ_ONLY = {
    "origins": "*",
    "methods": ["GET", "HEAD", "OPTIONS"],
    "supports_credentials": False,
    "send_wildcard": True,  # "*", not the asking origin echoed back
    "max_age": 86400,
}
API_PATHS = (r"/api/v1/*", r"/api/hsds/*")


def register_cors(app: Flask) -> None:
    CORS(app, resources={path: READ_ONLY for path in API_PATHS})
