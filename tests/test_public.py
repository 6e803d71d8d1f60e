"""The public pages as a visitor sees them: home, search, profiles, about, error pages."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from config import TestConfig
from directory import create_app
from directory.models import ContactVisibility, ListingSource, OrganizationStatus
from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ReferralContactFactory,
    ServiceAreaFactory,
    ServiceFactory,
    term,
)


def sector(slug: str):
    return term("sector", slug)


def page_text(response_or_html) -> str:
    """The visible text of a page: tags removed, entities decoded, whitespace collapsed."""
    html = response_or_html
    if not isinstance(html, str):
        html = response_or_html.get_data(as_text=True)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", html))
    return " ".join(text.split())


def result_names(response) -> list[str]:
    html = response.get_data(as_text=True)
    return re.findall(r'class="org-card__name">\s*<a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def commit(db):
    """Factories only flush; requests should see committed rows, as in production."""
    return db.session.commit


# --- Home -----------------------------------------------------------------------------------


def test_home_explains_the_directory_and_has_a_search_box(client):
    response = client.get("/")
    assert response.status_code == 200
    text = page_text(response)
    assert "child sex trafficking and online child sexual exploitation" in text
    assert "professionals" in text
    html = response.get_data(as_text=True)
    assert 'action="/search"' in html
    assert 'name="q"' in html


def test_home_tiles_count_published_organizations_only(client, db, commit):
    policing, health = sector("policing"), sector("health-care")
    OrganizationFactory(sectors=[policing])
    OrganizationFactory(sectors=[policing, health])
    OrganizationFactory(sectors=[policing], status=OrganizationStatus.PENDING)
    OrganizationFactory(sectors=[health], status=OrganizationStatus.DRAFT)
    commit()

    text = page_text(client.get("/"))

    assert "Policing & law enforcement 2 organizations" in text
    assert "Health care 1 organization" in text
    assert "Education 0 organizations" in text
    assert "Browse all 2 organizations" in text


def test_home_sectors_search_that_sector(client):
    """Each sector is a submit button of the home search form: a sector search in one click,
    with whatever place and keywords were typed (tests/test_home.py)."""
    html = client.get("/").get_data(as_text=True)
    assert 'type="submit" name="sector" value="child-protection"' in html


def test_home_tile_counts_take_one_query(client, db, count_queries):
    for _ in range(5):
        OrganizationFactory(sectors=[sector("policing"), sector("education")])
    db.session.commit()
    with count_queries() as statements:
        client.get("/")
    grouped = [s for s in statements if "organization_sector" in s and "GROUP BY" in s]
    assert len(grouped) == 1


# --- Search: keyword and facets ---------------------------------------------------------------


def test_search_lists_only_published_organizations(client, db, commit):
    OrganizationFactory(name="Visible Youth Services")
    OrganizationFactory(name="Hidden Draft Services", status=OrganizationStatus.DRAFT)
    OrganizationFactory(name="Archived Services", status=OrganizationStatus.ARCHIVED)
    commit()

    response = client.get("/search")

    assert response.status_code == 200
    assert result_names(response) == ["Visible Youth Services"]
    assert "1 organization found" in page_text(response)


@pytest.mark.parametrize(
    "query",
    ["harbour", "HARBOUR", "Safe Harbour", "HHS", "drop-in", "Land-Based"],
)
def test_keyword_matches_name_alternate_name_description_and_services(client, db, commit, query):
    harbour = OrganizationFactory(
        name="Safe Harbour Youth Centre",
        alternate_name="HHS",
        description="A drop-in centre for youth.",
    )
    ServiceFactory(organization=harbour, name="Land-based healing circle")
    OrganizationFactory(name="Unrelated Legal Clinic", description="Legal advice.")
    commit()

    response = client.get("/search", query_string={"q": query})

    assert result_names(response) == ["Safe Harbour Youth Centre"]


def test_keyword_words_must_all_match(client, db, commit):
    OrganizationFactory(name="Northern Youth Shelter")
    OrganizationFactory(name="Northern Legal Clinic")
    commit()

    response = client.get("/search?q=northern+shelter")

    assert result_names(response) == ["Northern Youth Shelter"]


def test_keyword_wildcards_are_literal(client, db, commit):
    OrganizationFactory(name="Some Organization")
    commit()
    assert result_names(client.get("/search?q=%25")) == []
    assert result_names(client.get("/search?q=_")) == []


@pytest.fixture
def facet_orgs(db):
    """Four organizations spread over two sectors and two provinces."""
    orgs = {
        "Ontario Police": (["policing"], "ON"),
        "Ontario Clinic": (["health-care"], "ON"),
        "Manitoba Police": (["policing"], "MB"),
        "Quebec School Board": (["education"], "QC"),
    }
    for name, (sectors, province) in orgs.items():
        org = OrganizationFactory(name=name, sectors=[sector(s) for s in sectors])
        LocationFactory(organization=org, city="Somewhere", province_code=province)
    db.session.commit()


def test_search_by_sector(client, facet_orgs):
    response = client.get("/search?sector=policing")
    assert result_names(response) == ["Manitoba Police", "Ontario Police"]


def test_search_by_province(client, facet_orgs):
    response = client.get("/search?province=ON")
    assert result_names(response) == ["Ontario Clinic", "Ontario Police"]


def test_values_of_one_facet_are_or(client, facet_orgs):
    response = client.get("/search?sector=policing&sector=education")
    assert result_names(response) == ["Manitoba Police", "Ontario Police", "Quebec School Board"]
    response = client.get("/search?province=MB&province=QC")
    assert result_names(response) == ["Manitoba Police", "Quebec School Board"]


def test_different_facets_are_and(client, facet_orgs):
    response = client.get("/search?sector=policing&province=ON")
    assert result_names(response) == ["Ontario Police"]
    response = client.get("/search?sector=policing&sector=health-care&province=ON&q=clinic")
    assert result_names(response) == ["Ontario Clinic"]


def test_province_matches_a_service_area_too(client, db, commit):
    org = OrganizationFactory(name="Province-wide Helpline")
    ServiceAreaFactory(organization=org, kind="province", province_code="NS")
    commit()
    assert result_names(client.get("/search?province=NS")) == ["Province-wide Helpline"]


def test_search_form_keeps_the_chosen_filters(client, facet_orgs):
    html = client.get("/search?sector=policing&province=MB&q=police").get_data(as_text=True)
    assert re.search(r'name="sector" value="policing"\s+checked', html)
    assert re.search(r'name="province" value="MB"\s+checked', html)
    assert not re.search(r'name="province" value="ON"\s+checked', html)
    assert 'value="police"' in html


def test_result_shows_sectors_places_and_description(client, db, commit):
    org = OrganizationFactory(
        name="Prairie Family Services",
        sectors=[sector("social-family")],
        description="Supports families after online exploitation.",
    )
    LocationFactory(organization=org, city="Regina", province_code="SK")
    LocationFactory(
        organization=org,
        city="Saskatoon",
        province_code="SK",
        address="12 Secret Lane",
        confidential=True,
    )
    commit()

    response = client.get("/search")
    text = page_text(response)

    assert "Social & family services" in text
    assert "Regina, Saskatchewan · Saskatoon, Saskatchewan" in text
    assert "Supports families after online exploitation." in text
    assert "12 Secret Lane" not in response.get_data(as_text=True)


def test_no_results_suggests_dropping_a_filter(client, facet_orgs):
    response = client.get("/search?sector=education&province=ON")
    text = page_text(response)
    assert response.status_code == 200
    assert "0 organizations found" in text
    assert "Try removing a filter" in text
    html = response.get_data(as_text=True)
    # each active filter has a link that removes it, keeping the others
    assert 'href="/search?province=ON"' in html
    assert 'href="/search?sector=education"' in html


# --- Search: pagination and malformed parameters ----------------------------------------------


@pytest.fixture
def five_orgs(db):
    for letter in "ABCDE":
        OrganizationFactory(name=f"Organization {letter}", sectors=[sector("policing")])
    db.session.commit()


def test_pagination_splits_results_into_pages(client, five_orgs):
    pages = [client.get(f"/search?per_page=2&page={n}") for n in (1, 2, 3)]
    assert [result_names(p) for p in pages] == [
        ["Organization A", "Organization B"],
        ["Organization C", "Organization D"],
        ["Organization E"],
    ]
    assert "5 organizations found" in page_text(pages[0])
    assert "page 1 of 3" in page_text(pages[0])


def test_page_links_keep_the_other_parameters(client, five_orgs):
    html = client.get("/search?per_page=2&sector=policing&q=organization").get_data(as_text=True)
    assert 'href="/search?q=organization&amp;sector=policing&amp;page=2&amp;per_page=2"' in html
    assert 'href="/search?q=organization&amp;sector=policing&amp;page=3&amp;per_page=2"' in html


def test_page_beyond_the_last_is_not_found(client, five_orgs):
    assert client.get("/search?per_page=2&page=4").status_code == 404


@pytest.mark.parametrize(
    ("query_string", "message"),
    [
        ("page=abc", "Page “abc” is not a valid page number"),
        ("page=0", "Page “0” is not a valid page number"),
        ("per_page=0", "Results per page must be a number from 1 to 100"),
        ("per_page=abc", "Results per page must be a number from 1 to 100"),
        ("per_page=1000", "At most 100 results are shown per page"),
        ("sector=xyz", "Unknown sector “xyz” was ignored"),
        ("province=ZZ", "Unknown province or territory “ZZ” was ignored"),
    ],
)
def test_malformed_parameters_show_the_page_with_a_message(
    client, five_orgs, query_string, message
):
    response = client.get(f"/search?{query_string}")
    assert response.status_code == 200
    assert message in page_text(response)
    assert len(result_names(response)) == 5


def test_unknown_filter_is_ignored_but_known_ones_apply(client, facet_orgs):
    response = client.get("/search?sector=policing&sector=xyz&province=ZZ&province=on")
    assert response.status_code == 200
    assert result_names(response) == ["Ontario Police"]
    assert "Unknown sector “xyz” was ignored" in page_text(response)


def test_message_from_a_parameter_is_escaped(client):
    response = client.get("/search", query_string={"sector": "<b>bold</b>"})
    html = response.get_data(as_text=True)
    assert "<b>bold</b>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_search_query_count_does_not_grow_with_results(client, db, count_queries):
    def make(count: int) -> None:
        for _ in range(count):
            org = OrganizationFactory(sectors=[sector("policing"), sector("education")])
            LocationFactory(organization=org)
            LocationFactory(organization=org, province_code="MB", city="Winnipeg")
        db.session.commit()

    make(3)
    client.get("/search")  # the first search after a write refreshes the index mirror
    with count_queries() as few:
        assert len(result_names(client.get("/search"))) == 3
    make(12)
    client.get("/search")  # the first search after a write refreshes the index mirror
    with count_queries() as many:
        assert len(result_names(client.get("/search"))) == 15
    assert len(many) == len(few)


# --- Organization profile ---------------------------------------------------------------------


@pytest.fixture
def profile_org(db):
    org = OrganizationFactory(
        name="Northern Lights Youth Services",
        slug="northern-lights",
        alternate_name="NLYS",
        sectors=[sector("indigenous"), sector("victim-services")],
        description="First paragraph about us.\n\nSecond paragraph, with <em>markup</em>.",
        website="https://nlys.example.org",
        email="info@nlys.example.org",
        phone="807-555-0199",
    )
    ServiceFactory(
        organization=org,
        name="Youth counselling",
        types=[term("service_type", "counselling")],
        populations=[term("population", "first-nations"), term("population", "youth-12-17")],
        languages=[term("language", "oj"), term("language", "en")],
        eligibility="Youth aged 12 to 24.",
        fees="Free",
        referral_method="professional",
        intake_hours="Monday to Friday, 9:00 to 17:00",
        open_24_7=True,
        accepting_referrals=True,
        delivered_online=True,
    )
    for kind, extra in [
        ("national", {}),
        ("province", {"province_code": "ON"}),
        ("region", {"region_name": "Thunder Bay", "province_code": "ON"}),
        ("radius", {"region_name": "Kenora", "radius_km": 150, "province_code": None}),
        ("online", {"province_code": None}),
    ]:
        ServiceAreaFactory(organization=org, kind=kind, **extra)
    ReferralContactFactory(
        organization=org,
        name="Maria Public",
        email="intake@nlys.example.org",
        phone="807-555-0101",
    )
    ReferralContactFactory(
        organization=org,
        name="Daniel Restricted",
        email="daniel.direct@nlys.example.org",
        phone="807-555-0177",
        notes="Direct line for detectives",
        visibility=ContactVisibility.PROFESSIONALS,
    )
    LocationFactory(
        organization=org,
        name="Drop-in centre",
        address="200 Public Street",
        city="Thunder Bay",
        postal_code="P7B 2B2",
    )
    LocationFactory(
        organization=org,
        name="Safe House North",
        address="99 Hidden Road",
        city="Kenora",
        postal_code="P9N 3X7",
        latitude=49.7671,
        longitude=-94.4894,
        confidential=True,
    )
    db.session.commit()
    return org


def test_profile_shows_the_listing(client, profile_org):
    response = client.get("/organizations/northern-lights")
    assert response.status_code == 200
    text = page_text(response)
    for expected in [
        "Northern Lights Youth Services",
        "Also known as NLYS",
        "Indigenous advocacy & Indigenous-led services",
        "Victim services",
        "https://nlys.example.org",
        "info@nlys.example.org",
        "807-555-0199",
        "Verified on",
    ]:
        assert expected in text


def test_profile_shows_services_with_everything_a_referrer_needs(client, profile_org):
    text = page_text(client.get("/organizations/northern-lights"))
    for expected in [
        "Youth counselling",
        "Counselling",
        "First Nations",
        "Youth 12–17",
        "English, Ojibwe",
        "Youth aged 12 to 24.",
        "Free",
        "Professional referral",
        "Monday to Friday, 9:00 to 17:00",
        "Open 24/7",
        "Accepting referrals",
        "Available online",
    ]:
        assert expected in text


def test_profile_describes_service_areas_in_words(client, profile_org):
    text = page_text(client.get("/organizations/northern-lights"))
    for expected in [
        "Across Canada",
        "Ontario",
        "Thunder Bay region, Ontario",
        "Within 150 km of Kenora",
        "Online",
    ]:
        assert expected in text


def test_unnamed_radius_is_described_by_the_city_at_its_centre(client, db, commit):
    org = OrganizationFactory(slug="radius-org")
    LocationFactory(organization=org, city="Thunder Bay", latitude=48.3787, longitude=-89.2441)
    ServiceAreaFactory(
        organization=org, kind="radius", radius_km=50, latitude=48.3809, longitude=-89.2477
    )
    ServiceAreaFactory(
        organization=org, kind="radius", radius_km=80, latitude=45.0, longitude=-75.0
    )
    commit()
    text = page_text(client.get("/organizations/radius-org"))
    assert "Within 50 km of Thunder Bay" in text
    assert "Within 80 km of its location" in text


def test_profile_shows_public_contacts_but_never_professionals_only_ones(client, profile_org):
    html = client.get("/organizations/northern-lights").get_data(as_text=True)
    assert "Maria Public" in html
    assert "intake@nlys.example.org" in html
    for secret in [
        "Daniel Restricted",
        "daniel.direct@nlys.example.org",
        "807-555-0177",
        "8075550177",
        "Direct line for detectives",
    ]:
        assert secret not in html
    assert "Additional referral contacts are available to vetted professionals." in html


def test_profile_without_restricted_contacts_has_no_such_note(client, db, commit):
    org = OrganizationFactory(slug="open-org")
    ReferralContactFactory(organization=org)
    commit()
    html = client.get("/organizations/open-org").get_data(as_text=True)
    assert "Additional referral contacts" not in html


def test_confidential_location_shows_only_city_and_province(client, profile_org):
    html = client.get("/organizations/northern-lights").get_data(as_text=True)
    assert "Kenora, Ontario" in page_text(html)
    assert "Address withheld for safety" in html
    for secret in ["99 Hidden Road", "P9N 3X7", "P9N", "Safe House North", "49.76", "-94.48"]:
        assert secret not in html
    # the public location keeps its full address
    assert "200 Public Street" in html
    assert "P7B 2B2" in html


def test_description_is_escaped_plain_text_in_paragraphs(client, profile_org):
    html = client.get("/organizations/northern-lights").get_data(as_text=True)
    assert "<p>First paragraph about us.</p>" in html
    assert "<p>Second paragraph, with &lt;em&gt;markup&lt;/em&gt;.</p>" in html


def test_website_that_is_not_http_is_not_a_link(client, db, commit):
    OrganizationFactory(slug="odd-site", website="javascript:alert(1)")
    commit()
    html = client.get("/organizations/odd-site").get_data(as_text=True)
    assert 'href="javascript:' not in html


@pytest.mark.parametrize("status", [OrganizationStatus.DRAFT, OrganizationStatus.PENDING])
def test_unpublished_profile_is_not_found(client, db, commit, status):
    OrganizationFactory(slug="not-yet", status=status)
    commit()
    assert client.get("/organizations/not-yet").status_code == 404


def test_unknown_profile_is_not_found(client):
    assert client.get("/organizations/no-such-org").status_code == 404


def test_user_text_is_escaped_everywhere(client, db, commit):
    OrganizationFactory(name="<script>alert(1)</script>", slug="xss", sectors=[sector("finance")])
    commit()
    for url in ["/", "/search", "/organizations/xss"]:
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url


# --- Site-wide --------------------------------------------------------------------------------


def test_about_page(client):
    response = client.get("/about")
    assert response.status_code == 200
    text = page_text(response)
    for heading in ["Who it is for", "How listings are vetted", "Data sources"]:
        assert heading in text
    assert "child sexual abuse material" in text


def test_every_page_has_a_skip_link_and_navigation(client):
    html = client.get("/about").get_data(as_text=True)
    assert 'href="#main"' in html
    assert "Skip to content" in html
    assert 'href="/search"' in html


def test_demo_banner_only_when_demo_listings_exist(client, db, commit):
    banner = "Demo data: every organization shown here is fictional."
    OrganizationFactory(source=ListingSource.SUBMITTED)
    commit()
    assert banner not in client.get("/").get_data(as_text=True)

    OrganizationFactory(source=ListingSource.DEMO)
    commit()
    for url in ["/", "/search", "/about", "/no-such-page"]:
        assert banner in client.get(url).get_data(as_text=True), url


def test_not_found_page_is_styled_with_a_way_home(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Partner & Resource Directory" in page_text(html)
    assert "/static/css/site.css" in html
    assert 'href="/"' in html


def test_server_error_page_is_styled_and_needs_no_database():
    """A 500 may come from the database itself: its page must render without one."""

    class BrokenDatabaseConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = "sqlite://"  # no tables at all
        PROPAGATE_EXCEPTIONS = False

    app = create_app(BrokenDatabaseConfig)

    @app.get("/boom")
    def boom():
        raise RuntimeError("database is on fire")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    text = page_text(response)
    assert "Something went wrong on our side" in text
    assert "Partner & Resource Directory" in text
    assert "database is on fire" not in text


def test_not_found_under_api_is_json(client):
    response = client.get("/api/no-such-endpoint")
    assert response.status_code == 404
    assert response.is_json
    assert response.get_json()["error"] == "Not Found"


def test_pages_load_nothing_from_other_hosts(client, profile_org):
    for url in ["/", "/search", "/organizations/northern-lights", "/about"]:
        html = client.get(url).get_data(as_text=True)
        assert not re.search(r'(src|href)="(https?:)?//[^"]*"[^>]*rel="stylesheet"', html)
        assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="(https?:)?//', html)
        for script in re.findall(r"<script[^>]*>", html):  # own files or inert JSON only
            assert re.fullmatch(
                r'<script (src="/static/[^"]+" defer|type="application/json" id="[\w-]+")>',
                script,
            )
        assert "<style" not in html
        assert " style=" not in html


def test_healthz_answers_without_touching_the_database(app):
    # An app whose database has no tables at all still says it is up.
    class NoTables(TestConfig):
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    response = create_app(NoTables).test_client().get("/healthz")
    assert response.status_code == 200 and response.get_data(as_text=True) == "ok\n"
