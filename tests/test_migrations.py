"""The schema only changes through Alembic: migrations and models must agree on every backend."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from config import TestConfig
from directory import create_app
from directory.extensions import db
from tests.conftest import database_url


@pytest.fixture
def empty_database_url(tmp_path):
    url = database_url(suffix="_migrations")
    if url == "sqlite://":
        return f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:  # start from nothing, whatever a previous run left
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture
def migrated_app(empty_database_url):
    class MigrationConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url

    app = create_app(MigrationConfig)
    with app.app_context():
        upgrade()
        yield app
        db.engine.dispose()


def test_upgrade_from_empty_matches_the_models(migrated_app):
    with db.engine.connect() as conn:
        # The same options the migrations run with (they skip the dialect's full-text parts).
        opts = migrated_app.extensions["migrate"].configure_args
        context = MigrationContext.configure(conn, opts={"compare_type": True, **opts})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_upgrade_creates_every_model_table(migrated_app):
    tables = set(sa.inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= tables


def test_downgrade_to_base_removes_every_table(migrated_app):
    downgrade(revision="base")
    tables = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert tables == set()
