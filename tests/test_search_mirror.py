"""Each process's in-memory copy of the index follows changes made by any other process."""

from __future__ import annotations

import numpy as np
import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from config import TestConfig
from directory import create_app
from directory.extensions import db
from directory.models import OrganizationStatus, TaxonomyTerm
from directory.models.search import SearchState
from directory.search.bulk import rebuild_index
from directory.search.engine import SearchQuery, run_search
from directory.search.snapshot import Snapshot
from directory.search.warmup import warm_up
from directory.taxonomy import ensure_taxonomy
from tests.factories import OrganizationFactory, term


@pytest.fixture
def two_servers(tmp_path):
    """Two apps (two engines, two mirrors) on one database file, like two app servers."""

    class SharedConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'shared.sqlite3'}"

    first, second = create_app(SharedConfig), create_app(SharedConfig)
    with first.app_context():
        upgrade()
        ensure_taxonomy()
        db.session.commit()
    yield first, second
    for app in (first, second):
        with app.app_context():
            db.engine.dispose()


def names_on(app, q: str) -> list[str]:
    with app.app_context():
        return [h.name for h in run_search(db.session, SearchQuery(q=q)).hits]


def test_an_edit_on_one_server_is_searchable_at_once_on_the_other(two_servers):
    first, second = two_servers
    with first.app_context():
        org = OrganizationFactory(name="Harbour Youth Line")
        db.session.commit()
        org_id = org.id
    assert names_on(second, "harbour") == ["Harbour Youth Line"]  # second's copy is now warm
    with first.app_context():
        db.session.get(type(org), org_id).name = "Lighthouse Youth Line"
        db.session.commit()
    assert names_on(second, "lighthouse") == ["Lighthouse Youth Line"]
    assert names_on(second, "harbour") == []


def test_a_full_rebuild_elsewhere_makes_every_copy_reload(two_servers):
    first, second = two_servers
    with first.app_context():
        OrganizationFactory(name="Prairie Outreach")
        db.session.commit()
    assert names_on(second, "prairie") == ["Prairie Outreach"]
    with first.app_context():
        db.session.execute(db.text("DELETE FROM search_fts"))
        db.session.execute(db.text("DELETE FROM search_document"))
        rebuild_index(db.session)
        db.session.commit()
    assert names_on(second, "prairie") == ["Prairie Outreach"]


def test_repeating_a_search_after_a_write_sees_the_write(db):
    """Full-text matches are remembered per index version: a write ends that memory."""
    OrganizationFactory(name="Harbour Youth Line")
    db.session.commit()
    assert names_here(db, "harbour") == ["Harbour Youth Line"]
    assert names_here(db, "harbour") == ["Harbour Youth Line"]  # now remembered
    OrganizationFactory(name="Harbour Family Centre")
    db.session.commit()
    assert names_here(db, "harbour") == ["Harbour Family Centre", "Harbour Youth Line"]


def test_a_refresh_keeps_name_order_and_counts_right_after_adds_renames_and_removals(db):
    first = OrganizationFactory(name="Beta Clinic", sectors=[term("sector", "health-care")])
    OrganizationFactory(name="Delta Legal", sectors=[term("sector", "legal-justice")])
    db.session.commit()
    assert names_here(db, "") == ["Beta Clinic", "Delta Legal"]
    first.name = "Omega Clinic"  # renamed past another
    OrganizationFactory(name="Alpha Police", sectors=[term("sector", "policing")])
    db.session.commit()
    outcome = run_search(db.session, SearchQuery())
    assert [h.name for h in outcome.hits] == ["Alpha Police", "Delta Legal", "Omega Clinic"]
    assert outcome.facets["sector"] == {"health-care": 1, "legal-justice": 1, "policing": 1}
    first.status = OrganizationStatus.ARCHIVED
    db.session.commit()
    outcome = run_search(db.session, SearchQuery())
    assert [h.name for h in outcome.hits] == ["Alpha Police", "Delta Legal"]
    assert "health-care" not in outcome.facets["sector"]
    first.status = OrganizationStatus.PUBLISHED
    db.session.commit()
    assert names_here(db, "clinic") == ["Omega Clinic"]


def test_remembered_matches_are_computed_once_and_capped():
    snapshot = Snapshot.build([])
    calls = []

    def compute(n: int):
        calls.append(n)
        return (np.arange(n),)

    snapshot.remembered(("a",), lambda: compute(3), capacity=5)
    snapshot.remembered(("a",), lambda: compute(3), capacity=5)
    assert calls == [3]
    snapshot.remembered(("b",), lambda: compute(4), capacity=5)  # 7 > 5: "a" goes
    snapshot.remembered(("a",), lambda: compute(3), capacity=5)
    assert calls == [3, 4, 3]
    snapshot.remembered(("c",), lambda: compute(1), capacity=0)
    snapshot.remembered(("c",), lambda: compute(1), capacity=0)
    assert calls == [3, 4, 3, 1, 1]


def test_a_taxonomy_update_reaches_every_process_kept_vocabulary(app, db):
    """Labels are kept per process and index version; ensure_taxonomy (run at deploys)
    moves the version, so a relabelled term shows at once."""
    stale = sa.update(TaxonomyTerm).where(TaxonomyTerm.slug == "policing")
    db.session.execute(stale.values(name_en="Old label"))
    db.session.execute(sa.update(SearchState).values(generation=SearchState.generation + 1))
    db.session.commit()
    client = app.test_client()
    sectors = client.get("/api/v1/taxonomy").get_json()["sectors"]
    assert {"slug": "policing", "name_en": "Old label"}.items() <= _by_slug(sectors).items()
    ensure_taxonomy()
    db.session.commit()
    sectors = client.get("/api/v1/taxonomy").get_json()["sectors"]
    assert _by_slug(sectors)["name_en"] != "Old label"


def _by_slug(sectors: list[dict]) -> dict:
    return next(s for s in sectors if s["slug"] == "policing")


def names_here(db, q: str) -> list[str]:
    return [h.name for h in run_search(db.session, SearchQuery(q=q)).hits]


def test_a_worker_loads_the_index_before_its_first_search(app, db, count_queries):
    OrganizationFactory(name="Harbour Youth Line")
    db.session.commit()
    assert warm_up(app)
    with count_queries() as statements:
        assert names_here(db, "harbour") == ["Harbour Youth Line"]
    # Nothing left to load: no read of the index rows' points (the mirror's load statement).
    assert not any("search_document.points" in s for s in statements)


def test_a_worker_starts_even_when_the_database_does_not_answer(caplog):
    class Unreachable(TestConfig):
        SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://nobody@127.0.0.1:9/nothing"

    assert warm_up(create_app(Unreachable)) is False
    assert "the first search will" in caplog.text
