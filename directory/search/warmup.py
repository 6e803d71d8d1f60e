"""Load a worker's search index mirror before it takes requests.

A process loads its copy of the index on its first search: 1.8 s at 100,000 listings, plus
the name order on the first search near a place. gunicorn calls ``warm_up`` when a worker
starts (``post_worker_init`` in deploy/gunicorn.conf.py), so after a deploy or a restart no
visitor waits for it. A database that does not answer then is no reason not to serve: the
worker starts anyway and its first search loads the copy. With gunicorn's preload
(``share_before_fork``) the master loads it once and the workers share it.
"""

from __future__ import annotations

import gc
import logging
import time

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from directory import clock
from directory.extensions import db
from directory.search.index_format import INDEX_FORMAT, index_outdated
from directory.search.mirror import mirror_for
from directory.search.vocabulary import vocabularies

log = logging.getLogger(__name__)


def share_before_fork(app: Flask) -> bool:
    """Load the index in a process about to fork its workers (gunicorn's preload): they
    share it copy-on-write. Its database connections are closed first, since a connection
    must never be used by two processes; and what is alive is frozen out of the cycle
    collector, whose passes would otherwise write to every shared page in every worker."""
    loaded = warm_up(app)
    with app.app_context():
        db.engine.dispose()
    gc.freeze()
    return loaded


def warm_up(app: Flask) -> bool:
    """Load the mirror, its name order and the vocabularies; whether that worked."""
    started = time.perf_counter()
    with app.app_context():
        try:
            snapshot = mirror_for(db.session()).snapshot(db.session())
            snapshot.name_rank  # noqa: B018 - made on first use; made now instead
            snapshot.open_at(clock.now())  # its weekly hours too (they read every row)
            vocabularies(db.session())
            if index_outdated(db.session()):
                log.warning(
                    "The search index is in an older format than this version writes (%d):"
                    " keywords naming a sector or service find only the organizations whose"
                    " text says them. Run `flask search reindex --if-outdated`.",
                    INDEX_FORMAT,
                )
        except SQLAlchemyError as error:
            log.warning("Search index not loaded at start (%s): the first search will.", error)
            return False
        finally:
            db.session.remove()
    log.info(
        "Search index loaded: %d listings in %.1f s.", len(snapshot), time.perf_counter() - started
    )
    return True
