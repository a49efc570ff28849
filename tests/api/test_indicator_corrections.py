"""The API's indicator metadata lists the corrections each indicator carries."""

from __future__ import annotations

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from tests.conftest import DATA

pytestmark = pytest.mark.db


def test_indicator_metadata_lists_its_corrections(site: TestClient) -> None:
    body = site.get("/api/v1/indicators/92033").json()
    assert body["polarity"] == "Low is good"
    [correction] = body["corrections"]
    assert correction["field"] == "polarity"
    assert (correction["published_value"], correction["corrected_value"]) == ("High is good", "Low is good")
    assert correction["source"] and correction["reason"]
    assert site.get("/api/v1/indicators/41101").json()["corrections"] == []


def test_indicator_list_carries_the_bundled_corrections(site: TestClient) -> None:
    indicators = {i["id"]: i for i in site.get("/api/v1/indicators").json()["indicators"]}
    carried = {
        i: sorted(c["field"] for c in r["corrections"]) for i, r in indicators.items() if r["corrections"]
    }
    bundled = pd.read_csv(DATA / "fingertips" / "corrections.csv")
    assert carried == {int(i): sorted(rows["field"]) for i, rows in bundled.groupby("indicator_id")}
    assert indicators[91040]["polarity"] == "High is good"
