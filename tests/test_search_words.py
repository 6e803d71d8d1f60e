"""How keywords match and rank: vocabulary labels (English and French), the synonym file,
the partial-match fallback, named sectors first, and the index format upgrade.

Every case runs on SQLite FTS5 and, with ``TEST_DATABASE_URL``, on PostgreSQL.
"""

from __future__ import annotations

import logging
import os

import pytest
import sqlalchemy as sa

from directory.geo import locate
from directory.models.search import SearchState
from directory.search.backends import backend_for
from directory.search.bulk import rebuild_index
from directory.search.documents import TERM_FACETS, build_entry
from directory.search.engine import SearchQuery, run_search
from directory.search.facets import load_facet_bits
from directory.search.index_format import INDEX_FORMAT, index_outdated
from directory.search.mirror import record_changes
from directory.search.text import facet_token
from directory.search.warmup import warm_up
from tests.factories import LocationFactory, OrganizationFactory, ServiceFactory, term
from tests.listing_helpers import result_names

THUNDER_BAY = (48.3809, -89.2477)


def org(name, description="A community office.", *, sectors=(), point=None, **service):
    organization = OrganizationFactory(
        name=name,
        description=description,
        sectors=[term("sector", s) for s in sectors],
    )
    if service:
        ServiceFactory(
            organization=organization,
            name="Programme",
            description="Weekdays.",
            types=[term("service_type", s) for s in service.get("types", ())],
            populations=[term("population", s) for s in service.get("populations", ())],
            languages=[term("language", s) for s in service.get("languages", ())],
        )
    if point:
        LocationFactory(organization=organization, latitude=point[0], longitude=point[1])
    return organization


def names(db, q, **kwargs) -> list[str]:
    if isinstance(kwargs.get("place"), str):
        kwargs["place"] = locate(kwargs["place"]).place
    db.session.commit()
    return [hit.name for hit in run_search(db.session, SearchQuery(q=q, **kwargs)).hits]


def api(client, **args) -> dict:
    response = client.get("/api/v1/search", query_string=args)
    assert response.status_code == 200
    return response.get_json()


# --- Vocabulary labels --------------------------------------------------------------------


def test_a_word_of_a_sector_label_finds_the_sector_in_english_and_french(db):
    org("Harbour Unit", sectors=["policing"])  # its text never says police
    org("Dockside Watch", "We work with the police on referrals.")
    org("Quiet Library")
    assert sorted(names(db, "police")) == ["Dockside Watch", "Harbour Unit"]  # French label
    assert "Harbour Unit" in names(db, "policing")  # English label
    assert names(db, "Police et application de la loi") == ["Harbour Unit"]  # a whole label


def test_a_term_first_given_after_the_index_was_loaded_is_found_by_its_name(db):
    org("Quiet Library")
    assert names(db, "police") == []  # the mirror is loaded: no policing organization yet
    org("Harbour Unit", sectors=["policing"])
    assert names(db, "police") == ["Harbour Unit"]


def test_french_words_find_sectors_and_service_types_accents_and_plurals_aside(db):
    org("Maison Aurore", sectors=["housing-shelter"])
    org("Night Beds", types=["emergency-shelter"])
    org("Cercle Wabano", sectors=["indigenous"])
    org("Quiet Library")
    assert sorted(names(db, "hébergement")) == ["Maison Aurore", "Night Beds"]
    assert sorted(names(db, "HEBERGEMENTS")) == ["Maison Aurore", "Night Beds"]
    assert names(db, "autochtone") == ["Cercle Wabano"]
    assert names(db, "Indigenous-led") == ["Cercle Wabano"]


def test_populations_and_languages_are_named_too(db):
    org("Coastal Kids", populations=["children-under-12"])
    org("Prairie Voices", languages=["cr"])
    org("Quiet Library")
    assert names(db, "enfants") == ["Coastal Kids"]  # "Enfants de moins de 12 ans"
    assert names(db, "cree") == ["Prairie Voices"]


def test_survivor_led_finds_every_organization_of_the_sector(db):
    for n in range(3):
        org(f"Collective {n}", sectors=["survivor-led"])
    org("Voices Project", "Led by survivors of trafficking.")
    org("Quiet Library")
    assert len(names(db, "survivor-led", filters={"sector": frozenset({"survivor-led"})})) == 3
    assert sorted(names(db, "survivor-led"))[:3] == ["Collective 0", "Collective 1", "Collective 2"]


def test_generic_words_and_place_names_name_no_term(db):
    org("Victim Office", sectors=["victim-services"])  # "Victim services"
    org("Health Office", sectors=["health-care"])  # "Health care"
    org("Signing Hands", languages=["fcs"])  # "Quebec Sign Language (LSQ)"
    assert names(db, "services") == []
    assert names(db, "care") == []
    assert names(db, "quebec") == []
    assert names(db, "victim") == ["Victim Office"]  # while a significant word does
    assert names(db, "lsq") == ["Signing Hands"]


# --- Synonyms -----------------------------------------------------------------------------


def test_the_default_synonyms_find_trafficking_by_its_french_name(db):
    org("Northern Anti-Trafficking Network", "Coordinates the response to trafficking.")
    org("Quiet Library")
    assert names(db, "traite") == ["Northern Anti-Trafficking Network"]
    assert names(db, "traite des personnes") == ["Northern Anti-Trafficking Network"]


@pytest.fixture
def synonyms(app, tmp_path, monkeypatch):
    """``write(text)``: the synonym file the app reads from now on (its own, per test)."""
    path = tmp_path / "synonyms.txt"
    monkeypatch.setitem(app.config, "SEARCH_SYNONYMS_FILE", str(path))
    stamp = [1_000_000_000]

    def write(text: str) -> None:
        path.write_text(text, encoding="utf-8")
        stamp[0] += 10  # a new modification time, however fast the test runs
        os.utime(path, (stamp[0], stamp[0]))

    return write


def test_a_custom_synonym_file_is_read_and_read_again_when_it_changes(db, synonyms):
    org("Lighthouse Centre")
    org("Beacon House")
    synonyms("# ours\nphare, lighthouse\n")
    assert names(db, "Phare") == ["Lighthouse Centre"]
    synonyms("phare, beacon\n")
    assert names(db, "phare") == ["Beacon House"]


def test_multi_word_synonyms_need_all_their_words(db, synonyms):
    synonyms("SANE, sexual assault nurse examiner\n")
    org("Bayview Hospital", "A nurse examiner sees survivors of sexual assault around the clock.")
    org("Forensic Lab", "A nurse examiner for lab work.")  # not every word
    org("SANE Program")
    assert sorted(names(db, "sane")) == ["Bayview Hospital", "SANE Program"]
    assert sorted(names(db, "sexual assault nurse examiner")) == [
        "Bayview Hospital",
        "SANE Program",
    ]


def test_the_last_word_stays_a_prefix_beside_groups(db, synonyms):
    synonyms("phare, lighthouse\n")
    org("Lighthouse Counselling", "Counselling for families.")
    org("Lighthouse Archive", "Old maps.")
    org("Counselling Only", "Counselling for families.")
    assert names(db, "phare couns") == ["Lighthouse Counselling"]  # a group, then a prefix
    assert names(db, "counselling light") == ["Lighthouse Counselling"]
    assert names(db, "counselling phar") == []  # a prefix is not a synonym yet


def test_a_bad_synonym_line_is_reported_and_skipped_not_an_error(client, db, synonyms, caplog):
    org("Lighthouse Centre")
    db.session.commit()
    synonyms("phare, lighthouse\nonlyone\nrefuge,,shelter\n")
    with caplog.at_level(logging.WARNING, logger="directory.search.synonyms"):
        response = client.get("/search", query_string={"q": "phare"})
    assert response.status_code == 200
    assert result_names(response) == ["Lighthouse Centre"]  # the good line still applies
    assert "line 2: fewer than two different words" in caplog.text
    assert "line 3: an empty item" in caplog.text


def test_a_missing_synonym_file_means_plain_words(client, db, app, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "SEARCH_SYNONYMS_FILE", str(tmp_path / "none.txt"))
    org("Anti-Trafficking Network", "Trafficking response.")
    db.session.commit()
    response = client.get("/search", query_string={"q": "traite"})
    assert response.status_code == 200 and result_names(response) == []


def test_the_synonyms_command_reports_bad_lines(app, synonyms):
    synonyms("phare, lighthouse\nonlyone\n")
    result = app.test_cli_runner().invoke(args=["search", "synonyms"])
    assert result.exit_code == 1
    assert "1 groups" in result.output and "line 2" in result.output


# --- Partial matches ----------------------------------------------------------------------


def test_no_match_for_every_word_shows_those_with_some_most_words_first(client, db):
    org("Two Words", "Peer support and help with wills.", sectors=["legal-justice"])
    # One word only, though more relevant (in the name, again and again) and first by name.
    org("One Word Peer", "Peer mentors, peer groups, peer support.", sectors=["social-family"])
    for n in range(6):  # rare words weigh more: "peer" must not be in most documents
        org(f"Quiet Library {n}")
    db.session.commit()
    body = api(client, q="peer wills zebra")
    assert body["matched"] == "some"
    assert [r["name"] for r in body["results"]] == ["Two Words", "One Word Peer"]
    page = client.get("/search", query_string={"q": "peer wills zebra"})
    html = page.get_data(as_text=True)
    assert "No organization matches all of “peer wills zebra”." in html
    assert result_names(page) == ["Two Words", "One Word Peer"]
    # The filters stay applied.
    filtered = api(client, q="peer wills zebra", sector="social-family")
    assert [r["name"] for r in filtered["results"]] == ["One Word Peer"]
    # Every word found: no notice, "all".
    assert api(client, q="peer wills")["matched"] == "all"
    assert "These match some" not in client.get("/search?q=peer+wills").get_data(as_text=True)


def test_partial_matches_near_a_place_keep_the_place(client, db):
    org("Near Peer", "Peer support.", point=THUNDER_BAY)
    org("Farther Peer Wills", "Peer support, wills.", point=(48.45, -89.30))  # ~9 km
    org("Far Peer", "Peer support.", point=(49.2827, -123.1207))  # Vancouver
    db.session.commit()
    body = api(client, q="peer wills zebra", near="Thunder Bay", radius_km=50)
    assert body["matched"] == "some"
    # Most words first, then distance; Vancouver is not around Thunder Bay.
    assert [r["name"] for r in body["results"]] == ["Farther Peer Wills", "Near Peer"]


@pytest.fixture
def nothing_remembered(app, monkeypatch):
    """Every search asks the full-text index (none reuses an earlier one's matches)."""
    monkeypatch.setitem(app.config, "SEARCH_MEMORY_IDS", 0)


def _fulltext(statements: list[str]) -> int:
    return sum(1 for s in statements if "MATCH" in s or "@@" in s)


def test_the_partial_fallback_costs_at_most_one_statement_per_word(
    client, db, count_queries, nothing_remembered
):
    org("Peer Place", "Peer support.")
    db.session.commit()
    client.get("/api/v1/search?q=peer")  # the mirror is loaded
    with count_queries() as all_words:
        assert api(client, q="peer")["matched"] == "all"
    with count_queries() as some_words:
        assert api(client, q="peer zebra quokka")["matched"] == "some"
    # The search for every word, then one statement per word; nothing else added.
    assert _fulltext(all_words) == 1 and _fulltext(some_words) == 1 + 3
    assert len(some_words) == len(all_words) + 3


def test_naming_words_and_synonyms_cost_no_extra_statement(
    client, db, count_queries, nothing_remembered
):
    org("Harbour Unit", sectors=["policing"])
    org("Peer Place", "Peer support.")
    db.session.commit()
    client.get("/api/v1/search?q=peer")

    def cost(q: str) -> int:
        with count_queries() as statements:
            assert api(client, q=q)["total"] == 1
        return len(statements)

    assert cost("police") == cost("peer") == cost("police et application de la loi")


# --- Ranking ------------------------------------------------------------------------------


def test_an_organization_of_the_named_sector_ranks_above_one_that_mentions_it(db):
    org("Alpha Youth Centre", "We call the police police police when needed.")
    org("Zulu Unit", sectors=["policing"])
    org("Yankee Unit", "Police partnerships.", sectors=["policing"])
    assert names(db, "police") == ["Yankee Unit", "Zulu Unit", "Alpha Youth Centre"]


def test_the_named_sector_ranks_first_within_the_nearby_group(db):
    org("Close Mention", "Works with police.", point=(48.3815, -89.2480))
    org("Farther Unit", sectors=["policing"], point=(48.50, -89.30))
    found = names(db, "police", place="Thunder Bay", radius_km=50)
    assert found == ["Farther Unit", "Close Mention"]


# --- Index format -------------------------------------------------------------------------


def _write_in_old_format(db, organization) -> None:
    """The organization's document as format 1 wrote it: no term tokens."""
    db.session.commit()
    entry = build_entry(organization, load_facet_bits(db.session))
    entry.tags -= {facet_token(f, v) for f in TERM_FACETS for v in _slugs(organization)}
    backend_for(db.session).write(db.session, [entry])
    record_changes(db.session, [organization.id])
    db.session.execute(sa.update(SearchState).values(index_format=1))
    db.session.commit()


def _slugs(organization) -> set[str]:
    found = {t.slug for t in organization.sectors}
    for service in organization.services:
        found |= {t.slug for t in (*service.types, *service.populations, *service.languages)}
    return found


@pytest.fixture
def old_format(db):
    yield
    db.session.rollback()
    db.session.execute(sa.update(SearchState).values(index_format=INDEX_FORMAT))
    db.session.commit()


def test_reindex_if_outdated_rebuilds_an_old_index_and_leaves_a_current_one(
    app, db, old_format, caplog
):
    unit = org("Harbour Unit", sectors=["policing"])
    _write_in_old_format(db, unit)
    assert index_outdated(db.session)
    assert names(db, "police") == []  # an old document: plain words still work, no terms
    assert names(db, "harbour") == ["Harbour Unit"]
    with caplog.at_level(logging.WARNING, logger="directory.search.warmup"):
        warm_up(app)
    assert "older format" in caplog.text
    runner = app.test_cli_runner()
    result = runner.invoke(args=["search", "reindex", "--if-outdated"])
    assert result.exit_code == 0, result.output
    assert "rebuilding" in result.output and "Indexed 1 organizations" in result.output
    assert names(db, "police") == ["Harbour Unit"]
    assert not index_outdated(db.session)
    epoch = db.session.scalar(sa.select(SearchState.epoch))
    again = runner.invoke(args=["search", "reindex", "--if-outdated"])
    assert "current" in again.output and "Indexed" not in again.output
    assert db.session.scalar(sa.select(SearchState.epoch)) == epoch  # nothing rebuilt


def test_an_empty_index_counts_as_current(app, db, old_format):
    db.session.execute(sa.update(SearchState).values(index_format=1))
    db.session.commit()
    assert not index_outdated(db.session)
    result = app.test_cli_runner().invoke(args=["search", "reindex", "--if-outdated"])
    assert "current" in result.output and "Indexed" not in result.output
    assert db.session.scalar(sa.select(SearchState.index_format)) == INDEX_FORMAT


def test_a_full_rebuild_sets_the_format(db, old_format):
    org("Harbour Unit", sectors=["policing"])
    db.session.execute(sa.update(SearchState).values(index_format=1))
    db.session.commit()
    rebuild_index(db.session)
    db.session.commit()
    assert db.session.scalar(sa.select(SearchState.index_format)) == INDEX_FORMAT
