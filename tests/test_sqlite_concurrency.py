"""SQLite under several workers: two processes submitting listings at the same moment against
one database file never meet "database is locked", and every submission is saved.

(directory/database.py: WAL, a busy timeout, and BEGIN IMMEDIATE before the first write.)
"""

from __future__ import annotations

import multiprocessing
import os

import sqlalchemy as sa
from flask_migrate import upgrade

from config import TestConfig
from directory import create_app
from directory.extensions import db
from directory.models import Organization, Revision
from directory.taxonomy import ensure_taxonomy
from tests.factories import UserFactory
from tests.listing_helpers import listing_form

SUBMISSIONS_PER_WORKER = 12
DATABASE_FILE_VARIABLE = "SQLITE_CONCURRENCY_DATABASE"


class FileDatabaseConfig(TestConfig):
    """Read in each process: spawned workers import this module afresh."""

    SQLALCHEMY_DATABASE_URI = f"sqlite:///{os.environ.get(DATABASE_FILE_VARIABLE, '')}"


def _submit_listings(worker: int, session_token: str, start, results) -> None:
    """One worker process: sign in, wait for the other, then submit as fast as it can."""
    app = create_app(FileDatabaseConfig)
    outcomes = []
    with app.app_context():
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = session_token
            session["_fresh"] = True
        start.wait(timeout=30)
        for n in range(SUBMISSIONS_PER_WORKER):
            name = f"Worker {worker} Youth Services {n}"
            try:
                response = client.post(
                    "/listings/new", data=listing_form(**{"organization-name": name})
                )
                outcomes.append(str(response.status_code))
            except Exception as error:  # the test reports whatever a write raised
                outcomes.append(f"{type(error).__name__}: {error}")
        db.engine.dispose()
    results.put((worker, outcomes))


def test_two_processes_submit_at_once_without_database_is_locked(tmp_path, monkeypatch):
    database_file = tmp_path / "concurrent.sqlite3"
    monkeypatch.setenv(DATABASE_FILE_VARIABLE, str(database_file))
    FileDatabaseConfig.SQLALCHEMY_DATABASE_URI = f"sqlite:///{database_file}"
    app = create_app(FileDatabaseConfig)
    with app.app_context():
        upgrade()
        ensure_taxonomy()
        tokens = [UserFactory().session_token for _ in range(2)]
        db.session.commit()
        db.engine.dispose()

    context = multiprocessing.get_context("spawn")  # fresh interpreters, like gunicorn workers
    start, results = context.Barrier(2), context.Queue()
    workers = [
        context.Process(target=_submit_listings, args=(n, tokens[n], start, results))
        for n in range(2)
    ]
    for worker in workers:
        worker.start()
    outcomes = dict(results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=30)

    every = outcomes[0] + outcomes[1]
    assert not [o for o in every if "locked" in o], every
    assert every == ["302"] * (2 * SUBMISSIONS_PER_WORKER)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Organization)) == len(every)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Revision)) == len(every)
        db.engine.dispose()


def test_a_file_database_runs_in_wal_with_immediate_writes(tmp_path):
    class OneFile(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'settings.sqlite3'}"

    app = create_app(OneFile)
    with app.app_context(), db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        assert connection.connection.dbapi_connection.isolation_level == "IMMEDIATE"
    with app.app_context():
        db.engine.dispose()
