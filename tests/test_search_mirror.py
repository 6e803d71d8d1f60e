"""Each process's in-memory copy of the index follows changes made by any other process."""

from __future__ import annotations

import pytest
from flask_migrate import upgrade

from config import TestConfig
from directory import create_app
from directory.extensions import db
from directory.search.bulk import rebuild_index
from directory.search.engine import SearchQuery, run_search
from directory.taxonomy import ensure_taxonomy
from tests.factories import OrganizationFactory


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
