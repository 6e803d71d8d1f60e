"""A term's bit in the search masks is given once: reordering a vocabulary (or putting a new
term at the front) leaves every filter right, whether the index rows were written before the
change, rewritten after it, or rebuilt whole; and a vocabulary cannot outgrow its masks."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import current_app
from flask_migrate import upgrade

from config import TestConfig
from directory import create_app
from directory import taxonomy as taxonomy_module
from directory.extensions import db as _db
from directory.models import Organization, Service, TaxonomyTerm, Vocabulary
from directory.search.bulk import rebuild_index
from directory.search.facets import MASK_BITS
from directory.taxonomy import VOCABULARIES, VocabularyFull, ensure_taxonomy
from tests.conftest import empty_database
from tests.factories import OrganizationFactory, ServiceAreaFactory, ServiceFactory

# Search parameter → the vocabulary it filters on ("province": the provinces).
FACETS = {
    "sector": "sector",
    "service": "service_type",
    "population": "population",
    "language": "language",
    "province": "province",
    "referral_from": "sector",  # the sectors a service takes referrals from: sector bits
}
# Flag → the service attribute that sets it.
FLAGS = {
    "open_24_7": "open_24_7",
    "accepting_referrals": "accepting_referrals",
    "online": "delivered_online",
    "self_referral": "self_referral",
    "no_police_required": "no_police_required",
}
ORGANIZATIONS = ("Org A", "Org B", "Org C")
NEW_FIRST = ("zz-new-first", "A new first term", "Un nouveau premier terme")


@pytest.fixture
def own_db(tmp_path):
    """A database of its own: these tests change the vocabularies, which the shared test
    database keeps from one test to the next."""

    class OwnConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = empty_database(tmp_path, "facet_bits")

    app = create_app(OwnConfig)
    with app.app_context():
        upgrade()
        ensure_taxonomy()
        _db.session.commit()
        yield _db
        _db.session.remove()
        _db.engine.dispose()


def definitions(facet: str) -> list[tuple[str, str, str]]:
    """The taxonomy module's current list for a facet (patched ones included)."""
    if facet == "province":
        return taxonomy_module.PROVINCES
    return next(terms for v, terms in VOCABULARIES.items() if v.value == FACETS[facet])


def terms_of(db, vocabulary: str) -> dict[str, TaxonomyTerm]:
    stmt = sa.select(TaxonomyTerm).where(TaxonomyTerm.vocabulary == vocabulary)
    return {t.slug: t for t in db.session.scalars(stmt)}


def spread_terms_over_organizations(db) -> None:
    """Term *n* of every vocabulary (in today's order) goes to organization *n* mod 3, so
    neighbouring terms belong to different organizations; each has one service with one
    flag."""
    organizations = [OrganizationFactory(name=name) for name in ORGANIZATIONS]
    services = [
        ServiceFactory(
            organization=org,
            open_24_7=n == 0,
            accepting_referrals=n == 1,
            delivered_online=n == 2,
            self_referral=n == 0,
            no_police_required=n == 1,
        )
        for n, org in enumerate(organizations)
    ]
    lists = {
        "sector": (organizations, "sectors"),
        "service": (services, "types"),
        "population": (services, "populations"),
        "language": (services, "languages"),
        "referral_from": (services, "referral_sectors"),
    }
    for facet, (owners, attribute) in lists.items():
        terms = terms_of(db, FACETS[facet])
        for n, (slug, _, _) in enumerate(definitions(facet)):
            getattr(owners[n % 3], attribute).append(terms[slug])
    for n, (code, _, _) in enumerate(definitions("province")):
        ServiceAreaFactory(organization=organizations[n % 3], kind="province", province_code=code)
    db.session.commit()


def tagged(db) -> dict[tuple[str, str], set[str]]:
    """(facet, value) → the organizations the database says have it: what a filter must
    find."""
    services = {
        "service": "types",
        "population": "populations",
        "language": "languages",
        "referral_from": "referral_sectors",
    }
    found: dict[tuple[str, str], set[str]] = {}
    for org in db.session.scalars(sa.select(Organization)):
        values = {("sector", t.slug) for t in org.sectors}
        values |= {("province", a.province_code) for a in org.service_areas}
        for service in org.services:
            values |= {(flag, flag) for flag, field in FLAGS.items() if getattr(service, field)}
            for facet, attribute in services.items():
                values |= {(facet, t.slug) for t in getattr(service, attribute)}
        for value in values:
            found.setdefault(value, set()).add(org.name)
    return found


def search(client, **args: str) -> dict:
    response = client.get("/api/v1/search", query_string={"per_page": 50, **args})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def wrong_filters(db) -> dict[tuple[str, str], tuple[set[str], set[str]]]:
    """Every filter of every facet and flag, through the API: (facet, value) → (found,
    wanted) for each that does not find exactly the organizations tagged with it, or whose
    count among all organizations is not their number."""
    db.session.commit()
    client = current_app.test_client()
    counts = search(client)["facets"]
    truth = tagged(db)
    wrong = {}
    checks = [(f, slug) for f in FACETS for slug, _, _ in definitions(f)]
    checks += [(flag, flag) for flag in FLAGS]
    for facet, value in checks:
        wanted = truth.get((facet, value), set())
        asked = {facet: "1" if facet in FLAGS else value}
        found = {r["name"] for r in search(client, **asked)["results"]}
        counted = counts["flags" if facet in FLAGS else facet].get(value, 0)
        if found != wanted or counted != len(wanted):
            wrong[facet, value] = (found, wanted)
    return wrong


def reorder_every_vocabulary(monkeypatch) -> None:
    """Reverse every list and put a new term at its front (a new province "ZZ" too): every
    existing term changes place."""
    for vocabulary, terms in list(VOCABULARIES.items()):
        monkeypatch.setitem(VOCABULARIES, vocabulary, [NEW_FIRST, *reversed(terms)])
    provinces = [("ZZ", "Zed", "Zède"), *reversed(taxonomy_module.PROVINCES)]
    monkeypatch.setattr(taxonomy_module, "PROVINCES", provinces)
    ensure_taxonomy()


def give_the_new_terms_to_org_a(db) -> None:
    org = db.session.scalars(sa.select(Organization).filter_by(name="Org A")).one()
    service = db.session.scalars(sa.select(Service).filter_by(organization_id=org.id)).one()
    org.sectors.append(terms_of(db, "sector")[NEW_FIRST[0]])
    service.types.append(terms_of(db, "service_type")[NEW_FIRST[0]])
    service.populations.append(terms_of(db, "population")[NEW_FIRST[0]])
    service.languages.append(terms_of(db, "language")[NEW_FIRST[0]])
    service.referral_sectors.append(terms_of(db, "sector")[NEW_FIRST[0]])
    ServiceAreaFactory(organization=org, kind="province", province_code="ZZ")


def test_reordering_every_vocabulary_leaves_every_filter_right(own_db, monkeypatch):
    db = own_db
    spread_terms_over_organizations(db)
    assert wrong_filters(db) == {}  # the index and this process's copy of it are warm

    reorder_every_vocabulary(monkeypatch)
    # The index rows are the ones written before the reorder.
    assert wrong_filters(db) == {}

    give_the_new_terms_to_org_a(db)
    # Org A's row rewritten after the reorder, the others' before; the copy refreshed.
    assert tagged(db)["sector", NEW_FIRST[0]] == {"Org A"}
    assert wrong_filters(db) == {}

    rebuild_index(db.session)
    assert wrong_filters(db) == {}


def test_reordering_keeps_each_terms_bit_and_gives_a_new_term_the_next_one(own_db, monkeypatch):
    db = own_db
    before = {slug: t.bit for slug, t in terms_of(db, "sector").items()}
    reorder_every_vocabulary(monkeypatch)
    db.session.commit()
    after = terms_of(db, "sector")
    assert {slug: after[slug].bit for slug in before} == before
    assert after[NEW_FIRST[0]].bit == len(before)
    assert (after[NEW_FIRST[0]].position, after["policing"].position) == (0, len(before))


def numbered_sectors(count: int) -> list[tuple[str, str, str]]:
    """Today's sectors, then made-up ones up to ``count`` in all."""
    made_up = [
        (f"made-up-{n}", f"Made-up {n}", f"Inventé {n}")
        for n in range(count - len(taxonomy_module.SECTORS))
    ]
    return [*taxonomy_module.SECTORS, *made_up]


def test_a_vocabulary_takes_as_many_terms_as_its_masks_hold_and_they_all_filter(
    own_db, monkeypatch
):
    db = own_db
    sectors = numbered_sectors(MASK_BITS)
    monkeypatch.setitem(VOCABULARIES, Vocabulary.SECTOR, sectors)
    ensure_taxonomy()
    last = terms_of(db, "sector")[sectors[-1][0]]
    assert last.bit == MASK_BITS - 1
    OrganizationFactory(name="Last Term Org", sectors=[last])
    OrganizationFactory(name="Another Org", sectors=[terms_of(db, "sector")["policing"]])
    db.session.commit()
    client = current_app.test_client()
    for rebuilt in (False, True):
        if rebuilt:
            rebuild_index(db.session)
            db.session.commit()
        outcome = search(client, sector=last.slug)
        assert [r["name"] for r in outcome["results"]] == ["Last Term Org"]
        assert search(client)["facets"]["sector"][last.slug] == 1


def test_a_term_past_what_the_masks_hold_is_refused_and_nothing_is_added(own_db, monkeypatch):
    db = own_db
    monkeypatch.setitem(VOCABULARIES, Vocabulary.SECTOR, numbered_sectors(MASK_BITS))
    ensure_taxonomy()
    db.session.commit()
    # Two more at the front (the others move down): no bit is left for either.
    extra = [("first-extra", "First", "Premier"), ("second-extra", "Second", "Second")]
    monkeypatch.setitem(VOCABULARIES, Vocabulary.SECTOR, [*extra, *numbered_sectors(MASK_BITS)])
    with pytest.raises(VocabularyFull, match=r"sector vocabulary .* 63 bits"):
        ensure_taxonomy()
    assert not db.session.new and not db.session.dirty  # refused before changing anything
    db.session.rollback()
    assert len(terms_of(db, "sector")) == MASK_BITS

    result = current_app.test_cli_runner().invoke(args=["seed", "taxonomy"])
    assert result.exit_code == 1
    assert "Error: The sector vocabulary cannot take 2 more term(s)" in result.output
    assert "Traceback" not in result.output
    assert len(terms_of(db, "sector")) == MASK_BITS


def test_two_terms_of_one_vocabulary_cannot_share_a_bit(db):
    taken = terms_of(db, "sector")["policing"].bit
    db.session.add(
        TaxonomyTerm(vocabulary="sector", slug="twin", name_en="T", name_fr="T", bit=taken)
    )
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()
