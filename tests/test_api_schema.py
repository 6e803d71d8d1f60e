"""Property-based run of every API operation against its own OpenAPI document (schemathesis).

The document is loaded from the app itself and requests go straight to the WSGI app: nothing
touches the network. Operations are collected at import time, so the document comes from an
app of its own (it needs no database); requests then go to the session's ``app`` on the test
database. Schemathesis skips the operation serving the document; ``test_api.py`` covers it.

Why not ``schemathesis.pytest.from_fixture`` and ``@schema.parametrize``: schemathesis 4.32
names those test items through a node attribute pytest 9 no longer has, so every operation got
the same test id and pytest-xdist ran only one of them. Hypothesis drives each operation here.

Each operation gets a bounded, derandomized set of examples: valid ones, and invalid ones where
the operation has query parameters to get wrong. Every response must be documented: no 5xx, a
documented status code, content type and headers, and a body matching the schema (objects are
closed, so an undocumented field fails too).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config import TestConfig
from directory import create_app
from directory.models import AreaKind, ContactVisibility
from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ReferralContactFactory,
    ServiceAreaFactory,
    ServiceFactory,
    term,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


SEEDED_SLUGS = ["harbour-house", "online-helpline", "prairie-clinic", "no-details-yet"]
# Places for the response card: around the seeded listings, ambiguous, a province, unknown.
SEEDED_PLACES = ["Kenora", "Regina", "P9N 1A1", "Kingston", "Ontario", "Nowhere at all"]


def seed_a_handful() -> None:
    shelter = OrganizationFactory(name="Harbour House", sectors=[term("sector", "housing-shelter")])
    LocationFactory(organization=shelter, city="Kenora", confidential=True)
    service = ServiceFactory(
        organization=shelter,
        open_24_7=True,
        types=[term("service_type", "emergency-shelter")],
        languages=[term("language", "en"), term("language", "fr")],
    )
    ServiceAreaFactory(
        organization=shelter,
        service_id=service.id,
        kind=AreaKind.RADIUS,
        latitude=49.77,
        longitude=-94.47,
        radius_km=100,
    )
    ReferralContactFactory(organization=shelter, visibility=ContactVisibility.PROFESSIONALS)
    ReferralContactFactory(organization=shelter)
    helpline = OrganizationFactory(name="Online Helpline", sectors=[term("sector", "policing")])
    ServiceAreaFactory(organization=helpline, kind=AreaKind.NATIONAL, province_code=None)
    ServiceFactory(organization=helpline, delivered_online=True)
    clinic = OrganizationFactory(name="Prairie Clinic", sectors=[term("sector", "health-care")])
    LocationFactory(
        organization=clinic, city="Regina", province_code="SK", latitude=50.45, longitude=-104.6
    )
    OrganizationFactory(name="No Details Yet", alternate_name=None)


class DocumentOnlyConfig(TestConfig):
    SQLALCHEMY_DATABASE_URI = "sqlite://"


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", create_app(DocumentOnlyConfig))


@pytest.fixture
def seeded(db):
    seed_a_handful()
    db.session.commit()


def _runs() -> list:
    runs = []
    for operation in (result.ok() for result in schema.get_all_operations()):
        modes = [GenerationMode.POSITIVE]
        if any(p.location == "query" for p in operation.iter_parameters()):
            modes.append(GenerationMode.NEGATIVE)  # a path slug has no invalid value
        runs += [pytest.param(operation, mode, id=f"{operation.label} {mode}") for mode in modes]
    return runs


def _cases(operation, mode):
    """Generated cases; for a profile, the seeded slugs too (random ones are all 404); for
    the response card, places that name something (random text names no place)."""
    strategy = operation.as_strategy(generation_mode=mode)
    if operation.path == "/api/v1/response":
        places = st.sampled_from(SEEDED_PLACES).flatmap(
            lambda near: operation.as_strategy(generation_mode=mode, query={"near": near})
        )
        return st.one_of(places, strategy)
    if "{slug}" not in operation.path:
        return strategy
    known = st.sampled_from(SEEDED_SLUGS).flatmap(
        lambda slug: operation.as_strategy(generation_mode=mode, path_parameters={"slug": slug})
    )
    return st.one_of(known, strategy)


@pytest.mark.parametrize(("operation", "mode"), _runs())
def test_every_operation_conforms_to_the_document(app, seeded, operation, mode):
    # too_slow measures the machine, not the API: on a busy two-core host generating one
    # request has taken over 30 s, with every answer still checked.
    @settings(
        max_examples=30,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(case=_cases(operation, mode))
    def request_and_check(case):
        case.call_and_validate(app=app, checks=CHECKS)

    request_and_check()
