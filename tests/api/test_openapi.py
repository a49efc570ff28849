"""``/openapi.json`` describes every body and every error of the API and the Open Referral feed."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from healthassets.app import create_app


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    app = create_app(create_engine("sqlite://"), secret_key="openapi")
    return TestClient(app).get("/openapi.json").json()


def operations(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(path, op) for path, ops in spec["paths"].items() for op in ops.values()]


def test_every_json_endpoint_is_described(spec: dict[str, Any]) -> None:
    paths = set(spec["paths"])
    assert {"/api/v1/values", "/api/v1/areas/{code}", "/openreferral/services"} <= paths
    assert all(p.startswith(("/api/v1/", "/openreferral")) for p in paths)  # no pages, no /api/docs


def test_every_body_and_error_has_a_schema(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    for path, op in operations(spec):
        responses = op["responses"]
        assert "422" not in responses, path
        ok = responses["200"]["content"]["application/json"]["schema"]
        assert ok.get("$ref") or ok.get("type"), path
        wanted = {"405", "429"} | ({"400", "404"} if op.get("parameters") else set())
        assert wanted <= set(responses), path
        for status in wanted:
            assert responses[status]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
        assert responses["405"]["headers"]["Allow"]["required"]
        assert responses["429"]["headers"]["Retry-After"]["required"]
    assert "ErrorDetail" in schemas and "HTTPValidationError" not in schemas


def test_parameters_carry_their_constraints(spec: dict[str, Any]) -> None:
    def parameter(path: str, name: str) -> dict[str, Any]:
        found = next(p for p in spec["paths"][path]["get"]["parameters"] if p["name"] == name)
        return dict(found["schema"])

    assert parameter("/api/v1/areas/{code}", "code")["pattern"] == "^[A-Za-z][A-Za-z0-9]{2,11}$"
    assert "ltla" in parameter("/api/v1/values", "area_type")["enum"]
    indicator = parameter("/api/v1/values", "indicator")
    assert indicator["minItems"] == 1 and indicator["maxItems"] == 10
    assert indicator["items"]["maximum"] == 2**31 - 1
    assert parameter("/api/v1/values", "size")["maximum"] == 1000
    assert parameter("/api/v1/areas", "q")["anyOf"][0]["maxLength"] == 100
    assert "MO" in parameter("/openreferral/services", "day")["enum"]
