"""``flask backup PATH`` and ``flask restore PATH``: a consistent copy of the whole database.

- **SQLite**: the online backup API (``sqlite3.Connection.backup``) copies a consistent
  snapshot page by page while the app keeps serving; the backup is an ordinary SQLite file
  (full-text index included) that ``sqlite3`` can open.
- **PostgreSQL**: ``pg_dump --format=custom`` (one consistent snapshot, every table, the
  full-text columns and their indexes) and ``pg_restore`` to bring it back. The password,
  if any, travels in ``PGPASSWORD``, never on the command line.

Restore goes into an **empty** database only (no tables): it never merges into or
overwrites live data. Afterwards the search index gets a new epoch, so that every running
process rebuilds its in-memory copy (directory/search/mirror.py) from the restored rows.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # nosec B404 - pg_dump/pg_restore, fixed arguments, no shell
import uuid
from collections.abc import Callable
from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from directory.extensions import db

Progress = Callable[[int, int], None]


class BackupError(click.ClickException):
    """A message for the operator; the command exits non-zero."""


def _sqlite_path() -> str:
    database = db.engine.url.database
    if not database or database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    return database


def _pg_command(tool: str, *arguments: str) -> None:
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(f"{tool} is not installed (Debian: apt-get install postgresql-client).")
    url = db.engine.url
    environment = {**os.environ}
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    target = url.set(drivername="postgresql", password=None)
    dsn = target.render_as_string(hide_password=False)
    result = subprocess.run(  # noqa: S603  # nosec B603 - no shell, our own arguments
        [executable, *arguments, "--dbname", dsn],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{tool} failed: {result.stderr.strip()[-2000:]}")


def _table_names() -> list[str]:
    return sa.inspect(db.engine).get_table_names()


def backup(path: Path, progress: Progress | None = None) -> None:
    """Write a consistent copy of the current database to ``path`` (replaced if present)."""
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    if db.engine.dialect.name == "sqlite":
        _sqlite_copy(sqlite3.connect(_sqlite_path()), sqlite3.connect(partial), progress)
    else:
        _pg_command("pg_dump", "--format=custom", "--no-owner", "--file", str(partial))
    os.replace(partial, path)  # never a half-written backup under the real name


def restore(path: Path, progress: Progress | None = None) -> None:
    """Load the backup at ``path`` into the current database, which must be empty."""
    path = path.resolve()
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    existing = _table_names()
    if existing:
        raise BackupError(
            f"The database is not empty ({len(existing)} tables): restore only goes into an "
            "empty database. Create a new one, point DATABASE_URL at it, and run this again."
        )
    db.engine.dispose()
    if db.engine.dialect.name == "sqlite":
        _check_sqlite_backup(path)
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        _sqlite_copy(source, sqlite3.connect(_sqlite_path()), progress)
    else:
        _pg_command(
            "pg_restore", "--no-owner", "--exit-on-error", "--single-transaction", str(path)
        )
        with db.engine.begin() as connection:  # pg_dump carries no planner statistics
            connection.execute(sa.text("ANALYZE"))
    with db.engine.begin() as connection:
        connection.execute(sa.text("UPDATE search_state SET epoch = :e"), {"e": uuid.uuid4().hex})


def _sqlite_copy(
    source: sqlite3.Connection, target: sqlite3.Connection, progress: Progress | None
) -> None:
    """Copy one SQLite database into another with the online backup API; closes both."""
    try:
        with target:
            source.backup(target, pages=256, progress=_sqlite_progress(progress))
    finally:
        target.close()
        source.close()


def _check_sqlite_backup(path: Path) -> None:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            verdict = connection.execute("PRAGMA quick_check").fetchone()[0]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite backup of this directory ({error}).") from None
    if verdict != "ok" or "alembic_version" not in tables:
        raise BackupError(f"{path} is not a sound SQLite backup of this directory.")


def _sqlite_progress(progress: Progress | None) -> Callable[[int, int, int], None] | None:
    if progress is None:
        return None
    return lambda _status, remaining, total: progress(total - remaining, total)


def _with_bar(label: str, action: Callable[[Path, Progress], None], path: Path) -> None:
    with click.progressbar(length=1, label=label, show_percent=True) as bar:

        def progress(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        action(path, progress)
        bar.update((bar.length or 0) - bar.pos)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Write a consistent backup of the database to PATH, while the app keeps serving."""
    _with_bar("Backing up", backup, path)
    click.echo(f"Backup written to {path} ({path.stat().st_size:,} bytes).")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(path: Path) -> None:
    """Restore the backup at PATH into the configured database, which must be empty."""
    _with_bar("Restoring", restore, path)
    click.echo(f"Restored {path}. Run `flask db upgrade` if the backup is from an older version.")
