"""Property-based API fuzzing: schemathesis against /openapi.json, every route, a valid token.

No request may end in a 5xx, and every answer must match the schema documented for it.
A short run here (FUZZ_EXAMPLES per route); `make bench` can run a longer one.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.service.conftest import auth

MAX_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
OPERATIONS = [
    "GET /healthz",
    "GET /readyz",
    "GET /v1/model",
    "GET /v1/employees/{employee_id}/gaps",
    "GET /v1/employees/{employee_id}/recommendations",
    "POST /v1/programs/{program_id}/participants",
    "GET /v1/units/{unit_id}/needs",
    "POST /v1/score",
]


@pytest.fixture(scope="session")
def operations(app) -> dict:
    schema = schemathesis.openapi.from_wsgi("/openapi.json", app)
    found = {result.ok().label: result.ok() for result in schema.get_all_operations()}
    assert set(found) == set(OPERATIONS), "a route is missing from the fuzzing list"
    return found


@pytest.mark.parametrize("label", OPERATIONS)
def test_no_route_fails_or_breaks_its_schema(label, operations):
    @given(case=operations[label].as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def check(case) -> None:
        case.headers = {**(case.headers or {}), **auth("admin")}
        response = case.call()
        assert response.status_code < 500, response.text
        case.validate_response(response)

    check()
