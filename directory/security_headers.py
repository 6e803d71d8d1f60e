"""Headers on every response: a strict Content-Security-Policy and its companions.

No page has inline script or style (both live in ``static/``), so the policy allows only this
site. The one exception is the map's tile server, when an operator configures one
(``MAP_TILE_URL``): its origin may serve images, nothing else.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, request
from flask_login import current_user

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)


def content_security_policy(tile_url: str) -> str:
    images = ["'self'", "data:"]  # data: for Leaflet's inline marker shadows in its CSS
    if tile_url:
        parts = urlsplit(tile_url)
        if parts.scheme in ("http", "https") and parts.netloc:
            # "{s}.tile.example.org" (Leaflet's subdomains) becomes "*.tile.example.org"
            images.append(f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}")
    return "; ".join(
        [
            "default-src 'self'",
            f"img-src {' '.join(images)}",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ]
    )


def register_security_headers(app: Flask) -> None:
    policy = content_security_policy(app.config.get("MAP_TILE_URL", ""))
    hsts = app.config.get("SESSION_COOKIE_SECURE", False)

    @app.after_request
    def add_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", policy)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        headers.setdefault("X-Frame-Options", "DENY")
        if hsts:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        # Pages for a signed-in person may hold what only they may see: never cached.
        if _signed_in() and not request.path.startswith("/static/"):
            headers["Cache-Control"] = "no-store"
            headers.pop("Expires", None)
        return response


def _signed_in() -> bool:
    return bool(current_user and current_user.is_authenticated)
