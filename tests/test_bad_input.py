"""Bad input gets a clear 4xx, never a 500: NUL characters anywhere in a request, and bodies
over MAX_CONTENT_LENGTH. PostgreSQL is where NUL used to 500: run this file there too."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from directory.extensions import db as _db
from directory.models import Organization, Report, Role
from tests.factories import OrganizationFactory, UserFactory
from tests.listing_helpers import browser_for, listing_form, page_text
from tests.test_rate_limits import limited_app  # noqa: F401  (fixture)

NUL = "\x00"
ORG_SLUG = "harbour-house"
SOME_UUID = (
    "3f5a3b67-a6c6-45ba-99a7-7aa7c7773350"  # fixed: pytest-xdist workers must collect the same ids
)

# Every route family that reads text from the path or the query string.
GET_URLS = [
    "/organizations/a%00b",
    "/organizations/a%00b/report",
    f"/organizations/{ORG_SLUG}?tab=a%00b",
    "/search?q=a%00b",
    "/search?near=Thunder%00Bay",
    "/search?sector=a%00b&province=O%00",
    "/search?page=1%00",
    "/search.csv?q=a%00b",
    "/coverage?sector=a%00b",
    "/shortlist/sheet?q=%00",
    "/api/v1/search?q=a%00b",
    "/api/v1/search?near=a%00b",
    "/api/v1/organizations/a%00b",
    "/api/hsds/services?search=a%00b",
    "/api/hsds/organizations?search=a%00b",
    "/api/hsds/services?postcode=P7B%001A1",
    "/api/hsds/services?proximity=a%00b",
    "/api/hsds/services?taxonomy_term_id=a%00b",
    "/api/hsds/organizations?modified_after=2024%00",
    "/api/hsds/taxonomy_terms?taxonomy_id=a%00b",
    f"/api/hsds/organizations/{SOME_UUID[:-1]}%00",
    "/auth/confirm/a%00b",
    "/auth/reset/a%00b",
    "/auth/login?next=/a%00b",
    "/listings/invitations/a%00b",
    "/admin/users?q=a%00b",
    "/moderation/audit?action=a%00b",
]


@pytest.fixture
def organization(db):
    org = OrganizationFactory(name="Harbour House", slug=ORG_SLUG)
    db.session.commit()
    return org


@pytest.mark.parametrize("url", GET_URLS)
def test_a_nul_in_the_path_or_query_is_a_clear_400_or_404(client, organization, url):
    response = client.get(url)
    assert response.status_code in (400, 404), response.status_code
    if url.startswith("/api/"):
        assert response.is_json and response.json["message"]
    elif response.status_code == 400:
        assert "NUL character" in page_text(response)


def test_every_get_route_with_a_parameter_refuses_a_nul(app, client, organization):
    """Routes added later are covered too: each GET rule, its text arguments given a NUL."""
    checked = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        values = {}
        for name, converter in rule._converters.items():
            kind = type(converter).__name__
            values[name] = {"IntegerConverter": "1", "UUIDConverter": SOME_UUID}.get(kind, "a\0b")
        path = rule.build(values, append_unknown=False)[1]
        response = client.get(path + "?q=a%00b")
        assert response.status_code in (400, 404), (path, response.status_code)
        checked.append(path)
    assert len(checked) > 30


def db_count(model) -> int:
    return _db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _member_browser(make_client, db):
    member = UserFactory()
    db.session.commit()
    return browser_for(make_client, member)


FORM_POSTS = [
    ("/auth/login", {"email": f"a{NUL}@example.org", "password": "x"}),
    ("/auth/register", {"name": "A", "email": f"a{NUL}@example.org", "password": "x"}),
    ("/auth/reset", {"email": f"a{NUL}@example.org"}),
    (f"/organizations/{ORG_SLUG}/report", {"reason": "other", "details": f"a{NUL}b"}),
    (f"/organizations/{ORG_SLUG}/report", {"reason": f"other{NUL}"}),
    ("/language", {"locale": "fr", "next": f"/{NUL}"}),
    ("/listings/new", listing_form(**{"organization-name": f"Harbour{NUL} House"})),
    ("/listings/new", listing_form(**{"organization-description": f"a{NUL}b"})),
    ("/listings/new", {f"organization-name{NUL}": "x"}),
    ("/account/vetting", {"organization_name": f"A{NUL}", "role": "Nurse"}),
    ("/shortlist/1/add", {"next": f"/{NUL}"}),
]


@pytest.mark.parametrize(("url", "data"), FORM_POSTS)
def test_a_nul_in_a_form_is_a_clear_400(make_client, db, organization, url, data):
    browser = _member_browser(make_client, db)
    response = browser.post(url, data=data)
    assert response.status_code == 400, response.status_code
    assert "NUL character" in page_text(response)
    assert db_count(Report) == 0
    assert db.session.scalars(sa.select(Organization.name)).all() == ["Harbour House"]


def test_a_nul_in_a_claim_note_is_a_clear_400(make_client, db, organization):
    browser = _member_browser(make_client, db)
    response = browser.post(f"/listings/{organization.id}/claim", data={"note": f"I work{NUL}"})
    assert response.status_code == 400


def test_a_nul_in_a_json_body_is_a_clear_400(client, organization):
    response = client.post("/api/v1/search", json={"q": f"a{NUL}b"})
    assert response.status_code == 400
    assert response.is_json and "NUL" in response.json["message"]


def test_a_json_body_nested_too_deep_is_a_400(client):
    response = client.post("/api/v1/search", data="[" * 100_000, content_type="application/json")
    assert response.status_code == 400


# --- Bodies over MAX_CONTENT_LENGTH -------------------------------------------------------


def _just_over_the_limit(app) -> str:
    return "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)


def test_a_form_over_the_size_limit_is_a_styled_413_and_nothing_is_saved(app, client, organization):
    url = f"/organizations/{ORG_SLUG}/report"
    response = client.post(url, data={"reason": "other", "details": _just_over_the_limit(app)})
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert 'class="site-header' in html and 'class="site-footer"' in html  # the site's layout
    text = page_text(response)
    assert "What you sent is too large" in text
    assert "nothing was saved" in text and "2 MB" in text
    assert f'href="{url}"' in html  # back to the form
    assert client.get(url).status_code == 200
    assert db_count(Report) == 0


def test_a_listing_form_over_the_size_limit_is_a_413_for_a_signed_in_member(app, make_client, db):
    browser = _member_browser(make_client, db)
    data = listing_form(**{"organization-description": _just_over_the_limit(app)})
    response = browser.post("/listings/new", data=data)
    assert response.status_code == 413
    assert "Back to the form" in page_text(response)
    assert db_count(Organization) == 0


def test_a_post_only_route_over_the_limit_has_no_back_link_to_a_405(app, make_client, db):
    browser = _member_browser(make_client, db)
    response = browser.post("/shortlist/clear", data={"next": _just_over_the_limit(app)})
    assert response.status_code == 413
    assert "Back to the form" not in page_text(response)


def test_an_api_body_over_the_limit_is_a_json_413(app, client):
    response = client.post("/api/v1/search", data=_just_over_the_limit(app))
    assert response.status_code == 413
    assert response.is_json and "nothing was saved" in response.json["message"]


def test_a_moderator_form_over_the_limit_is_a_413(app, make_client, db):
    moderator = UserFactory(role=Role.MODERATOR)
    db.session.commit()
    browser = browser_for(make_client, moderator)
    response = browser.post("/moderation/reports/1", data={"resolution": _just_over_the_limit(app)})
    assert response.status_code == 413


def test_a_sign_in_over_the_limit_is_a_413_with_rate_limits_on(limited_app):  # noqa: F811
    """The limits read the submitted email before the view: that read says 413 too."""
    client = limited_app.test_client()
    data = {"email": _just_over_the_limit(limited_app), "password": "x"}
    response = client.post("/auth/login", data=data)
    assert response.status_code == 413
    assert "What you sent is too large" in page_text(response)
