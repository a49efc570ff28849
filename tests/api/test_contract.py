"""The API contract: schemathesis, with every check it has, against the live app's ``/openapi.json``
(ASGI transport) on the real bundled data — every operation of ``/api/v1`` and ``/openreferral``,
positive and negative examples, the coverage phase (boundary values, undeclared methods).

Bounded so it runs the same on every run in well under two minutes per database: Hypothesis is
derandomized (fixed seed) with a budget of examples per operation. No operation, check or status is
excluded, and no constraint (pattern, enum, bound) of the schema is loosened for it.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from sqlalchemy import Engine

from healthassets.app import create_app

pytestmark = [pytest.mark.db, pytest.mark.slow]
EXAMPLES_PER_OPERATION = 25


@pytest.fixture(scope="module")
def api_schema(loaded_engine: Engine) -> Any:
    app = create_app(loaded_engine, secret_key="contract")
    app.state.api_rate_limit.limit = 0  # the fuzzer is one client sending thousands of requests
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    schema.config.seed = 42
    return schema


@pytest.fixture(autouse=True)
def _node_id(request: pytest.FixtureRequest) -> None:
    """schemathesis 4.32's pytest integration reads ``node._nodeid``, which pytest 9 no longer sets."""
    request.node._nodeid = request.node.nodeid


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
def test_api_keeps_its_contract(case: Any) -> None:
    case.call_and_validate()
