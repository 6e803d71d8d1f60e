"""Schemathesis runs every operation of the official HSDS 3.0 API document against /api/hsds.

The document is ``../shared/hsds/schema/openapi.json`` with its schema references resolved
offline (``tests/hsds_reference.py``); requests go straight to the WSGI app on the test
database, seeded with a handful of listings (a confidential shelter among them).

Checks: no 5xx, and every response conforms to the document — content type, headers and body
against the official schemas. The official document lists only ``200`` responses, so our
``400`` (a malformed parameter) and ``404`` (an unknown id) have nothing to conform to: status
codes are not checked against it (``tests/test_hsds_api.py`` asserts them).
Operations are collected at import (same pattern and reasons as ``test_api_schema.py``).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hsds_reference import SCHEMAS, needs_reference, openapi_document

pytestmark = needs_reference


def _runs() -> list:
    if not SCHEMAS.is_dir():
        return [pytest.param(None, None, id="no HSDS reference files")]
    import schemathesis
    from schemathesis import GenerationMode

    schema = schemathesis.openapi.from_dict(openapi_document())
    runs = []
    for operation in (result.ok() for result in schema.get_all_operations()):
        modes = [GenerationMode.POSITIVE]
        if any(p.location == "query" for p in operation.iter_parameters()):
            modes.append(GenerationMode.NEGATIVE)
        runs += [pytest.param(operation, mode, id=f"{operation.label} {mode}") for mode in modes]
    return runs


@pytest.fixture
def seeded(db):
    from tests.test_api_schema import seed_a_handful

    seed_a_handful()
    db.session.commit()
    return db


def _known_ids(db) -> dict[str, list[str]]:
    """Ids that exist, so that ``{id}`` operations are exercised beyond 404s."""
    import sqlalchemy as sa

    from directory.hsds import ids
    from directory.hsds.taxonomies import all_terms
    from directory.models import Location, Organization, Service

    services = db.session.scalars(sa.select(Service)).all()
    locations = db.session.scalars(sa.select(Location)).all()
    return {
        "/organizations/{id}": [
            str(o.hsds_id) for o in db.session.scalars(sa.select(Organization))
        ],
        "/services/{id}": [str(s.hsds_id) for s in services],
        "/service_at_locations/{id}": [
            ids.service_at_location_id(s.hsds_id, loc.hsds_id)
            for s in services
            for loc in locations
            if s.organization_id == loc.organization_id
        ],
        "/taxonomies/{id}": sorted({ids.taxonomy_id(t.vocabulary) for t in all_terms()}),
        "/taxonomy_terms/{id}": [t.id for t in all_terms()[:5]],
    }


def _cases(operation, mode, known):
    strategy = operation.as_strategy(generation_mode=mode)
    values = known.get(operation.path)
    if not values:
        return strategy
    existing = st.sampled_from(values).flatmap(
        lambda value: operation.as_strategy(generation_mode=mode, path_parameters={"id": value})
    )
    return st.one_of(existing, strategy)


@pytest.mark.parametrize(("operation", "mode"), _runs())
def test_every_operation_conforms_to_the_official_document(app, seeded, operation, mode):
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
    )

    checks = [
        not_a_server_error,
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
    ]
    known = _known_ids(seeded)

    # too_slow measures the machine, not the API: on a busy two-core host generating one
    # request has taken over 30 s, with every answer still checked.
    @settings(
        max_examples=25,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(case=_cases(operation, mode, known))
    def request_and_check(case):
        case.call_and_validate(app=app, checks=checks)

    request_and_check()
