"""Configuration guards."""

from __future__ import annotations

import pytest

from config import DEFAULT_SECRET_KEY, ProductionConfig, _database_url
from directory import create_app


@pytest.mark.parametrize("secret", [DEFAULT_SECRET_KEY, "", "short"])
def test_production_refuses_a_missing_default_or_short_secret_key(monkeypatch, secret):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", secret)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig)


@pytest.fixture
def production(monkeypatch, tmp_path):
    """ProductionConfig with everything it requires set, on a scratch database."""
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "x" * 48)
    monkeypatch.setattr(ProductionConfig, "TRUSTED_HOSTS", ["directory.example.org"])
    monkeypatch.setattr(ProductionConfig, "SITE_URL", "https://directory.example.org")
    monkeypatch.setattr(ProductionConfig, "SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path}/p.db")
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    return ProductionConfig


def test_production_refuses_debug(production, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    with pytest.raises(RuntimeError, match="debug"):
        create_app(production)


def test_production_refuses_to_answer_any_host(production, monkeypatch):
    monkeypatch.setattr(production, "TRUSTED_HOSTS", None)
    with pytest.raises(RuntimeError, match="TRUSTED_HOSTS"):
        create_app(production)


@pytest.mark.parametrize("site_url", ["", "directory.example.org", "https://", "ftp://x.org"])
def test_production_refuses_to_mail_links_without_its_own_address(
    production, monkeypatch, site_url
):
    monkeypatch.setattr(production, "SITE_URL", site_url)
    with pytest.raises(RuntimeError, match="SITE_URL"):
        create_app(production)


def test_production_answers_only_its_own_host_name(production):
    client = create_app(production).test_client()
    assert client.get("/healthz", base_url="https://directory.example.org").status_code == 200
    assert client.get("/healthz", base_url="https://evil.example").status_code == 400


def test_proxy_headers_are_trusted_only_when_configured(production, monkeypatch):
    seen = {}
    for hops in (0, 1):
        monkeypatch.setattr(production, "PROXY_FIX_HOPS", hops)
        app = create_app(production)

        @app.get("/whoami")
        def whoami():
            from flask import request

            return request.remote_addr or ""

        response = app.test_client().get(
            "/whoami",
            base_url="https://directory.example.org",
            headers={"X-Forwarded-For": "198.51.100.9"},
        )
        seen[hops] = response.get_data(as_text=True)
    assert seen[0] != "198.51.100.9" and seen[1] == "198.51.100.9"


def test_production_starts_with_a_real_secret_key(production, monkeypatch, tmp_path):
    app = create_app(production)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.debug is False


@pytest.mark.parametrize(
    "given",
    ["postgres://u@h/d", "postgresql://u@h/d", "postgresql+psycopg://u@h/d"],
)
def test_postgres_urls_use_psycopg_3(monkeypatch, given):
    monkeypatch.setenv("DATABASE_URL", given)
    assert _database_url("x.sqlite3") == "postgresql+psycopg://u@h/d"


def test_default_database_is_a_sqlite_file_under_instance(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    url = _database_url("directory.sqlite3")
    assert url.startswith("sqlite:///") and url.endswith("instance/directory.sqlite3")
