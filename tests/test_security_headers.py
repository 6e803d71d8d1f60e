"""Every response carries the security headers; signed-in pages are never cached."""

from __future__ import annotations

import pytest

from config import TestConfig
from directory import create_app
from tests.factories import OrganizationFactory, UserFactory

PAGES = [
    "/",
    "/search?q=youth",
    "/about",
    "/coverage",
    "/auth/login",
    "/no-such-page",
    "/api/v1/taxonomy",
    "/healthz",
    "/static/css/site.css",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_response_has_a_strict_policy(client, db, path):
    with client.get(path) as response:  # closes the static file it may stream
        headers = response.headers
    policy = headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "geolocation=()" in headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in headers  # only in production (HTTPS)


def test_a_configured_tile_server_may_serve_images_only(db):
    class WithTiles(TestConfig):
        MAP_TILE_URL = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"

    policy = create_app(WithTiles).test_client().get("/healthz").headers["Content-Security-Policy"]
    assert "img-src 'self' data: https://*.tiles.example.org" in policy
    assert "default-src 'self';" in policy


def test_production_sends_hsts(monkeypatch, tmp_path):
    from config import ProductionConfig

    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "x" * 48)
    monkeypatch.setattr(ProductionConfig, "TRUSTED_HOSTS", ["localhost"])
    monkeypatch.setattr(ProductionConfig, "SITE_URL", "https://localhost")
    monkeypatch.setattr(ProductionConfig, "SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path}/p.db")
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    client = create_app(ProductionConfig).test_client()
    headers = client.get("/healthz", base_url="https://localhost").headers
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_pages_for_a_signed_in_person_are_not_cached(make_client, db):
    UserFactory(email="nurse@example.org")
    OrganizationFactory(name="Harbour Youth Line")
    db.session.commit()
    client = make_client()
    assert client.get("/").headers.get("Cache-Control") != "no-store"
    client.post(
        "/auth/login",
        data={"email": "nurse@example.org", "password": "correct horse battery staple"},
    )
    assert client.get("/").headers["Cache-Control"] == "no-store"
    assert client.get("/organizations/harbour-youth-line").headers["Cache-Control"] == "no-store"
