"""Read-only CORS: other sites' pages may read /api/v1 and /api/hsds, nothing else."""

from __future__ import annotations

import pytest

from tests.factories import OrganizationFactory

OTHER_SITE = {"Origin": "https://referrals.example.net"}


@pytest.fixture
def published(db):
    org = OrganizationFactory(name="Prairie Safe Harbour")
    db.session.commit()
    return org


@pytest.mark.parametrize(
    "path",
    ["/api/v1/search", "/api/v1/taxonomy", "/api/hsds/", "/api/hsds/services"],
)
def test_the_apis_answer_other_sites_without_credentials(client, published, path):
    response = client.get(path, headers=OTHER_SITE)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_an_api_profile_is_readable_by_another_site(client, published):
    response = client.get(f"/api/v1/organizations/{published.slug}", headers=OTHER_SITE)
    assert response.get_json()["name"] == "Prairie Safe Harbour"
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_a_preflight_allows_reading_only(client, published):
    response = client.options(
        "/api/hsds/services",
        headers={**OTHER_SITE, "Access-Control-Request-Method": "GET"},
    )
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    allowed = {m.strip() for m in response.headers["Access-Control-Allow-Methods"].split(",")}
    assert allowed == {"GET", "HEAD", "OPTIONS"}
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_a_preflight_for_writing_gets_no_permission(client, published):
    response = client.options(
        "/api/v1/search",
        headers={**OTHER_SITE, "Access-Control-Request-Method": "POST"},
    )
    assert "POST" not in response.headers.get("Access-Control-Allow-Methods", "")


@pytest.mark.parametrize(
    "path", ["/", "/search", "/auth/login", "/healthz", "/api", "/apiv1/search"]
)
def test_pages_and_forms_stay_same_origin(client, published, path):
    response = client.get(path, headers=OTHER_SITE)
    assert "Access-Control-Allow-Origin" not in response.headers
    assert not any(h.startswith("Access-Control-") for h, _ in response.headers.items())


def test_a_profile_page_gets_no_cors_header(client, published):
    response = client.get(f"/organizations/{published.slug}", headers=OTHER_SITE)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers
