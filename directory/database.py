"""Connection settings per backend.

SQLite, the single-machine default, is set up for several gunicorn workers writing at once:

- WAL: readers never wait for the writer, and the writer never waits for readers.
- ``busy_timeout``: a writer that finds the write lock taken waits up to 5 s for it.
- Writes begin with ``BEGIN IMMEDIATE``. Python's sqlite3 module (its legacy transaction
  control, on which SQLAlchemy's pysqlite dialect relies) runs reads outside a transaction
  and opens one implicitly right before the first INSERT, UPDATE or DELETE, with the BEGIN
  that the connection's ``isolation_level`` names. IMMEDIATE takes the write lock at that
  BEGIN, waiting for it up to the busy timeout, so a transaction never holds a read snapshot
  that it must later upgrade to a write (the upgrade SQLite refuses at once with "database
  is locked" when another worker committed in between, whatever the busy timeout). Reads
  stay outside, in parallel. The alternative recipe (the driver's autocommit plus our own
  BEGIN on every SQLAlchemy transaction) would put reads in transactions too, and then
  either risk that refusal (deferred) or queue every read behind the writer (immediate).

``tests/test_sqlite_concurrency.py`` submits from two processes at once and proves it.
"""

from __future__ import annotations

import sqlite3
from typing import Final

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry, Pool, PoolProxiedConnection

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode = WAL",  # readers never wait for the writer
    "PRAGMA synchronous = NORMAL",  # safe with WAL; a power cut loses at most the last commit
    "PRAGMA busy_timeout = 5000",  # wait for a lock up to 5 s instead of failing at once
    "PRAGMA cache_size = -32000",  # 32 MB of page cache per connection
    "PRAGMA mmap_size = 268435456",  # read the file through the page cache, not read() calls
)
SQLITE_WRITE_BEGIN: Final = "IMMEDIATE"


@event.listens_for(Engine, "connect")
def _configure_sqlite(
    dbapi_connection: DBAPIConnection, connection_record: ConnectionPoolEntry
) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()
        dbapi_connection.isolation_level = SQLITE_WRITE_BEGIN


@event.listens_for(Pool, "checkout")
def _keep_writes_immediate(
    dbapi_connection: DBAPIConnection,
    connection_record: ConnectionPoolEntry,
    connection_proxy: PoolProxiedConnection,
) -> None:
    # SQLAlchemy resets isolation_level to "" (deferred) after a connection ran with other
    # execution options; put IMMEDIATE back every time one leaves the pool. AUTOCOMMIT
    # connections (isolation_level None) are left alone.
    connection = dbapi_connection
    if isinstance(connection, sqlite3.Connection) and connection.isolation_level is not None:
        connection.isolation_level = SQLITE_WRITE_BEGIN
