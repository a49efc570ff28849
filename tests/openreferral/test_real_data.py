"""The feed over the real bundled Greater Manchester register, crawled as the ORUK validator does:
``/``, then page 1, the middle and the last page of every list, then up to ten ids of each list
on its detail endpoint — every body valid against the ORUK 3.0 spec."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from healthassets.app import create_app
from healthassets.io.assets import read_layers
from healthassets.store.asset_saving import save_assets
from tests.conftest import DATA, _empty_engine, _postgres_url
from tests.openreferral.oruk import empty_values, problems
from tests.openreferral.register import POSTCODES

pytestmark = pytest.mark.db
BASE = "/openreferral"


@pytest.fixture(scope="session")
def real_register(
    postgres_url: str | None, worker: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Engine, int]]:
    """A database holding the bundled assets only (loaded_engine has none; it must stay read-only)."""
    url = _postgres_url(worker, "_openreferral") if postgres_url else None
    engine = _empty_engine(url, tmp_path_factory.mktemp("openreferral"))
    mapping = pd.read_csv(DATA / "assets" / "classification.csv", dtype=str, keep_default_na=False)
    gm = tmp_path_factory.mktemp("gm-layers") / "classification.csv"
    mapping[~mapping["file"].str.startswith("../")].to_csv(gm, index=False)  # not the national layers
    table, _ = read_layers(DATA / "assets", gm)
    with engine.begin() as connection:
        save_assets(connection, table)
    yield engine, int((table.assets["status"] == "published").sum())
    engine.dispose()


@pytest.fixture(scope="session")
def real_feed(real_register: tuple[Engine, int]) -> Iterator[TestClient]:
    with TestClient(create_app(real_register[0], data_dir=DATA)) as client:
        yield client


def _valid(path: str, body: dict) -> None:
    assert problems(path, body) == [], (path, problems(path, body)[:5])
    assert empty_values(body) == [], path


def test_validator_crawl_of_the_real_register(
    real_feed: TestClient, real_register: tuple[Engine, int]
) -> None:
    _valid("/", real_feed.get(BASE + "/").json())
    for path in ("/services", "/service_at_locations", "/taxonomies", "/taxonomy_terms"):
        first = real_feed.get(BASE + path, params={"page": 1}).json()
        _valid(path, first)
        pages = first["total_pages"]
        assert first["size"] == len(first["contents"]) > 0
        for number in {pages, max(1, pages // 2)}:
            _valid(path, real_feed.get(BASE + path, params={"page": number}).json())
        ids = [item["id"] for item in first["contents"]]
        for ident in ids[:: max(1, len(ids) // 10)][:10]:
            response = real_feed.get(f"{BASE}{path}/{ident}")
            assert response.status_code == 200
            _valid(path + "/{id}", response.json())
    services = real_feed.get(BASE + "/services", params={"per_page": 1}).json()
    assert services["total_items"] == services["total_pages"] == real_register[1]


def _haversine(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float) -> np.ndarray:
    """Great-circle distance in metres (mean Earth radius 6,371,008.8 m)."""
    p, q, p0, q0 = map(np.radians, (lat, lon, lat0, lon0))
    a = np.sin((p - p0) / 2) ** 2 + np.cos(p) * np.cos(p0) * np.sin((q - q0) / 2) ** 2
    return 2 * 6_371_008.8 * np.arcsin(np.sqrt(a))


def test_real_proximity_search_is_nearest_first(real_feed: TestClient) -> None:
    body = real_feed.get(
        BASE + "/service_at_locations", params={"postcode": "M1 1AE", "proximity": "800", "per_page": 1000}
    ).json()
    _valid("/service_at_locations", body)
    points = [i["location"] for i in body["contents"]]
    origin = POSTCODES.loc["M1 1AE"]
    distance = _haversine(
        np.array([p["latitude"] for p in points]),
        np.array([p["longitude"] for p in points]),
        float(origin["lat"]),
        float(origin["lon"]),
    )
    assert len(points) > 10
    assert (distance <= 800 + 5).all()  # the grid and the sphere agree to well under 1 %
    assert (np.diff(distance) >= -2).all()
