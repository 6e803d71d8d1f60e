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


def test_production_starts_with_a_real_secret_key(monkeypatch, tmp_path):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "x" * 48)
    monkeypatch.setattr(ProductionConfig, "SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path}/p.db")
    app = create_app(ProductionConfig)
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
