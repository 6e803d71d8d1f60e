"""The index's change log stays small, and no process's copy of the index goes stale for it.

``search_change`` gets a row per reindexed organization; it is pruned as it is written
(``directory.search.mirror.record_changes``). A copy of the index older than what was pruned
must reload whole: reading what is left of the log would miss changes. The bound is made
small here (``FULL_RELOAD_AFTER``) so that a few reindexes cross it.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from directory.models import Organization
from directory.models.search import SearchChange, SearchState
from directory.search import mirror
from directory.search.bulk import rebuild_index
from directory.search.index import reindex
from directory.search.mirror import IndexMirror
from tests.factories import OrganizationFactory

BOUND = 5


@pytest.fixture
def small_log(monkeypatch):
    monkeypatch.setattr(mirror, "FULL_RELOAD_AFTER", BOUND)


def log_rows(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(SearchChange))


def pruned_through(db) -> int:
    return db.session.scalar(sa.select(SearchState.pruned_through))


def reindex_one_at_a_time(db, ids: list[int], times: int) -> None:
    """``times`` reindexes (a generation each), cycling through ``ids``, like edits."""
    for n in range(times):
        reindex(db.session, [ids[n % len(ids)]])
        db.session.commit()


def fresh_rows(db) -> set:
    """What a copy loaded whole now holds (a process starting now)."""
    return {r for r in IndexMirror().snapshot(db.session).rows if r is not None}


def test_the_log_stays_bounded_after_many_reindexes(db, small_log):
    ids = [OrganizationFactory(name=f"Shelter {n}").id for n in range(3)]
    db.session.commit()
    before = pruned_through(db)
    reindex_one_at_a_time(db, ids, 40)
    assert log_rows(db) <= BOUND
    assert pruned_through(db) > before
    rebuild_index(db.session)  # a new epoch: every copy reloads whole, none needs the log
    db.session.commit()
    assert log_rows(db) == 0


def test_a_copy_older_than_the_pruned_log_reloads_whole_and_is_never_stale(db, small_log):
    harbour = OrganizationFactory(name="Harbour Youth Line")
    others = [OrganizationFactory(name=f"Shelter {n}").id for n in range(3)]
    db.session.commit()
    lagging = IndexMirror()  # another process, idle while others write
    assert lagging.snapshot(db.session).get(harbour.id).name == "Harbour Youth Line"
    harbour.name = "Lighthouse Youth Line"
    db.session.commit()
    reindex_one_at_a_time(db, others, 2 * BOUND)  # the rename's row is pruned
    assert not db.session.scalar(
        sa.select(sa.exists().where(SearchChange.organization_id == harbour.id))
    )
    snapshot = lagging.snapshot(db.session)
    assert snapshot.get(harbour.id).name == "Lighthouse Youth Line"
    assert {r for r in snapshot.rows if r is not None} == fresh_rows(db)


def test_a_copy_within_the_kept_log_updates_only_the_changed_rows(db, small_log, count_queries):
    harbour = OrganizationFactory(name="Harbour Youth Line")
    others = [OrganizationFactory(name=f"Shelter {n}").id for n in range(3)]
    db.session.commit()
    reindex_one_at_a_time(db, others, 2 * BOUND)  # the log has been pruned already
    assert pruned_through(db) > 0
    current = IndexMirror()
    current.snapshot(db.session)
    db.session.get(Organization, harbour.id).name = "Lighthouse Youth Line"
    db.session.commit()
    reindex_one_at_a_time(db, others, 2)  # still fewer rows behind than the bound
    with count_queries() as statements:
        snapshot = current.snapshot(db.session)
    loads = [s for s in statements if "search_document.points" in s]
    assert len(loads) == 1
    assert "search_document.organization_id IN" in loads[0]  # only the changed rows
    assert snapshot.get(harbour.id).name == "Lighthouse Youth Line"
    assert {r for r in snapshot.rows if r is not None} == fresh_rows(db)
