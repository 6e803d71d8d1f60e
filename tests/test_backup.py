"""``flask backup`` / ``flask restore``: the demo data goes out and comes back identical.

On SQLite always; on PostgreSQL too when TEST_DATABASE_URL is set (pg_dump/pg_restore).
Each test uses databases of its own, never the suite's shared one.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from config import TestConfig
from directory import create_app
from directory.extensions import db
from directory.taxonomy import ensure_taxonomy
from seed.demo import load_demo
from tests.conftest import database_url

ON_POSTGRES = bool(os.environ.get("TEST_DATABASE_URL"))


def _close() -> None:
    """Give back the session's connection first: disposing the pool under a checked-out
    connection would orphan it."""
    db.session.remove()
    db.engine.dispose()


def make_app(url: str, tmp_path: Path):
    class BackupConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = url
        DEMO_CREDENTIALS_PATH = str(tmp_path / "demo-credentials.txt")

    return create_app(BackupConfig)


def empty_database(app) -> None:
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(sa.text("DROP SCHEMA public CASCADE"))
                conn.execute(sa.text("CREATE SCHEMA public"))
        _close()


def every_row(app) -> dict[str, list[tuple]]:
    """Every table's rows in primary-key order (the search epoch aside: restore renews it)."""
    with app.app_context():
        with db.engine.connect() as conn:
            tables = {}
            for table in db.metadata.sorted_tables:
                columns = [c for c in table.columns if c.name != "epoch"]
                order = list(table.primary_key.columns) or columns
                tables[table.name] = conn.execute(sa.select(*columns).order_by(*order)).all()
            if conn.dialect.name == "sqlite":
                tables["search_fts"] = conn.execute(
                    sa.text("SELECT rowid, * FROM search_fts ORDER BY rowid")
                ).all()
        _close()  # once the connection is back: it is closed, not orphaned
    return tables


def cli(app, *args: str):
    return app.test_cli_runner().invoke(args=list(args))


@pytest.fixture(params=["sqlite", "postgresql"])
def source_and_target(request, tmp_path):
    if request.param == "sqlite":
        urls = (f"sqlite:///{tmp_path / 'live.sqlite3'}", f"sqlite:///{tmp_path / 'new.sqlite3'}")
    else:
        if not ON_POSTGRES:
            pytest.skip("TEST_DATABASE_URL is not set: the PostgreSQL round trip needs a server")
        if shutil.which("pg_dump") is None:
            pytest.skip("pg_dump is not installed (Debian package postgresql-client)")
        urls = (database_url("_backup_live"), database_url("_backup_new"))
    source, target = (make_app(url, tmp_path) for url in urls)
    for app in (source, target):
        empty_database(app)
    with source.app_context():
        upgrade()
        ensure_taxonomy()
        load_demo()
        db.session.commit()
        _close()
    yield source, target
    for app in (source, target):
        empty_database(app)


def test_backup_then_restore_gives_back_every_row(source_and_target, tmp_path):
    source, target = source_and_target
    backup_file = tmp_path / "backups" / "directory.backup"

    made = cli(source, "backup", str(backup_file))
    assert made.exit_code == 0, made.output
    assert "Backup written to" in made.output and backup_file.stat().st_size > 0
    assert not list(backup_file.parent.glob("*.partial"))

    restored = cli(target, "restore", str(backup_file))
    assert restored.exit_code == 0, restored.output

    before, after = every_row(source), every_row(target)
    assert sum(len(rows) for rows in before.values()) > 1000  # the demo data, not nothing
    assert set(after) == set(before)
    for table in before:
        assert after[table] == before[table], f"table {table} differs after the round trip"

    # The restored directory works: its search finds a demo organization.
    client = target.test_client()
    with target.app_context():
        response = client.get("/api/v1/search?q=counselling")
        _close()
    assert response.status_code == 200 and response.get_json()["total"] > 0


def test_restore_refuses_a_database_that_is_not_empty(source_and_target, tmp_path):
    source, _ = source_and_target
    backup_file = tmp_path / "directory.backup"
    assert cli(source, "backup", str(backup_file)).exit_code == 0
    before = every_row(source)
    refused = cli(source, "restore", str(backup_file))
    assert refused.exit_code != 0
    assert "restore only goes into an empty database" in refused.output
    assert every_row(source) == before  # nothing lost, nothing doubled


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    target = make_app(f"sqlite:///{tmp_path / 'new.sqlite3'}", tmp_path)
    junk = tmp_path / "junk.backup"
    junk.write_text("not a database")
    result = cli(target, "restore", str(junk))
    assert result.exit_code != 0 and "is not a SQLite backup of this directory" in result.output
    missing = cli(target, "restore", str(tmp_path / "nowhere.backup"))
    assert missing.exit_code != 0 and "No backup file at" in missing.output
