"""``flask seed synthetic``: many listings, fast, for benchmarks.

Rows are built as plain dictionaries (``seed.synthetic_rows``) and written with Core bulk
inserts, one batch per commit, with primary keys assigned here (continuing after the highest
existing id) so that link rows can name their parents without a round trip. This assumes
nobody else writes listings while it runs: it is a benchmark tool, not for production.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import sqlalchemy as sa

from directory.extensions import db
from directory.models import Organization
from seed.synthetic_rows import TABLES, TABLES_WITH_IDS, ListingGenerator

SYNTHETIC_RANDOM_SEED = 424_242


def next_ids() -> dict[type, int]:
    return {
        model: (db.session.scalar(sa.select(sa.func.max(model.id))) or 0) + 1
        for model in TABLES_WITH_IDS
    }


def insert_synthetic(count: int, batch_size: int, advance: Callable[[int], None]) -> int:
    """Insert ``count`` listings, ``batch_size`` per commit; returns the first new org id.

    ``advance(n)`` is called after each batch (the command's progress bar).
    """
    ids = next_ids()
    first_id = ids[Organization]
    generator = ListingGenerator(random.Random(SYNTHETIC_RANDOM_SEED + first_id), ids)
    for done in range(0, count, batch_size):
        size = min(batch_size, count - done)
        rows = generator.batch(size)
        for table in TABLES:
            if rows[table]:
                db.session.execute(sa.insert(table), rows[table])
        db.session.commit()
        advance(size)
    _move_id_sequences_past_inserted_rows()
    return first_id


def _move_id_sequences_past_inserted_rows() -> None:
    """PostgreSQL sequences do not see explicit ids: make the next one follow the highest.

    SQLite needs nothing: it always continues after the highest rowid.
    """
    if db.engine.dialect.name != "postgresql":
        return
    for model in TABLES_WITH_IDS:
        table = model.__tablename__
        db.session.execute(
            sa.text(
                # Table names come from our own models, never from input.
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608  # nosec B608
                f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
            )
        )
    db.session.commit()
