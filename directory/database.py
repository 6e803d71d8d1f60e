"""Connection settings per backend."""

from __future__ import annotations

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode = WAL",  # readers never wait for the writer
    "PRAGMA synchronous = NORMAL",  # safe with WAL; a power cut loses at most the last commit
    "PRAGMA busy_timeout = 5000",  # wait for a lock up to 5 s instead of failing at once
    "PRAGMA cache_size = -32000",  # 32 MB of page cache per connection
    "PRAGMA mmap_size = 268435456",  # read the file through the page cache, not read() calls
)


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, connection_record) -> None:  # noqa: ANN001
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()
