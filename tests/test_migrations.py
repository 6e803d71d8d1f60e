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
from directory.taxonomy import ensure_taxonomy
from tests.conftest import empty_database


@pytest.fixture
def unmigrated_app(tmp_path):
    """An app on an empty database of its own, not migrated yet."""

    class MigrationConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = empty_database(tmp_path, "migrations")

    app = create_app(MigrationConfig)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def migrated_app(unmigrated_app):
    upgrade()
    return unmigrated_app


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


# The last revision before taxonomy terms and provinces had a bit of their own.
BEFORE_FACET_BITS = "a4c7e2b9d1f0"


def test_upgrade_keeps_the_facet_bits_existing_indexes_were_built_with(unmigrated_app):
    """Indexes built before the bit column used each term's position as its bit: the upgrade
    copies positions, so they stay valid without a reindex, and a term keeps that bit when
    the vocabulary's order changes afterwards."""
    upgrade(revision=BEFORE_FACET_BITS)
    with db.engine.begin() as conn:  # an older order: health-care first
        conn.execute(
            sa.text(
                "INSERT INTO taxonomy_term (vocabulary, slug, name_en, name_fr, position)"
                " VALUES ('sector', 'health-care', 'Health', 'Santé', 0),"
                " ('sector', 'policing', 'Policing', 'Police', 1)"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO province (code, name_en, name_fr, position)"
                " VALUES ('ON', 'Ontario', 'Ontario', 0), ('BC', 'BC', 'C.-B.', 1)"
            )
        )
    upgrade()
    ensure_taxonomy()  # today's order: policing first, BC first; new terms after
    db.session.commit()
    bits = dict(db.session.execute(sa.text("SELECT slug, bit FROM taxonomy_term")).all())
    positions = dict(db.session.execute(sa.text("SELECT slug, position FROM taxonomy_term")).all())
    assert (bits["health-care"], bits["policing"]) == (0, 1)
    assert (positions["policing"], positions["health-care"]) == (0, 1)
    sector_bits = db.session.scalars(
        sa.text("SELECT bit FROM taxonomy_term WHERE vocabulary = 'sector' ORDER BY bit")
    ).all()
    assert sector_bits == list(range(len(sector_bits)))  # new ones from 2 on, none twice
    provinces = db.session.execute(sa.text("SELECT code, bit FROM province")).all()
    assert {"ON": 0, "BC": 1}.items() <= dict(provinces).items()
    assert sorted(bit for _, bit in provinces) == list(range(len(provinces)))
