"""The bundled Greater Manchester layers → asset records (io/assets.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from healthassets.errors import InputError
from healthassets.io.assets import clean_text, points_of, read_classification, read_layer, read_layers
from tests.conftest import DATA

ASSETS = DATA / "assets"


@pytest.fixture(scope="module")
def layers(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    """The Greater Manchester layers (the national ones: tests/io/test_assets_national.py)."""
    mapping = pd.read_csv(ASSETS / "classification.csv", dtype=str, keep_default_na=False)
    path = tmp_path_factory.mktemp("gm") / "classification.csv"
    mapping[~mapping["file"].str.startswith("../")].to_csv(path, index=False)
    return read_layers(ASSETS, path)


def test_every_included_feature_is_read(layers: tuple) -> None:
    table, report = layers
    points = pd.read_csv(ASSETS / "gm_assets_points.csv", dtype=str)
    assert report.rows_read == len(points)
    assert report.rows_kept + len({(p.file, p.row) for p in report.rejected}) == report.rows_read
    per_file = table.assets.groupby("file").size()
    expected = points.groupby("source_file").size()
    assert per_file.rename(lambda f: Path(f).name).sort_index().to_dict() == expected.sort_index().to_dict()


def test_points_agree_with_the_derived_table(layers: tuple) -> None:
    """Our centroids match the README's derived table (which used the same rule) to < 1 m."""
    table, _ = layers
    points = pd.read_csv(ASSETS / "gm_assets_points.csv")
    ours = table.assets.assign(stem=table.assets["file"].map(lambda f: Path(f).name))
    for stem in ("gm_post_offices.geojson", "gm_gp_practices.geojson", "trafford_greenspace_sites.geojson"):
        a = ours[ours["stem"] == stem]
        b = points[points["source_file"] == stem]
        for mine, theirs in (("latitude", "lat"), ("longitude", "lon")):
            assert np.allclose(np.sort(a[mine].to_numpy()), np.sort(b[theirs].to_numpy()), atol=1e-5)


def test_malformed_stated_codes_are_reported_not_guessed(layers: tuple) -> None:
    table, report = layers
    flagged = report.to_frame()
    dentists = flagged[flagged["file"].str.endswith("gm_dentists.geojson")]
    raw = json.loads((ASSETS / "gm_dentists.geojson").read_text())["features"]
    malformed = sum(1 for f in raw if len(str(f["properties"]["area_code"])) != 9)
    assert len(dentists) == malformed > 0
    assert dentists["reason"].str.startswith("malformed area code").all()
    stated = table.assets.loc[table.assets["file"].str.endswith("gm_dentists.geojson"), "stated_area_code"]
    assert stated.dropna().str.len().eq(9).all()
    assert stated.isna().sum() == malformed


def test_classification_applied(layers: tuple) -> None:
    table, _ = layers
    libraries = table.assets[table.assets["source_id"].str.startswith("library:")]
    assert set(libraries["asset_type"]) == {"institution"}
    ways = table.five_ways[table.five_ways["row"].isin(libraries["row"])]
    assert set(ways["way"]) == {"keep_learning", "connect", "take_notice"}
    assert table.assets["source"].notna().all() and table.assets["licence"].notna().all()
    assert (table.assets["status"] == "published").all()
    assert table.assets["source_id"].is_unique


def test_float_phone_numbers_and_placeholders() -> None:
    assert clean_text(pd.Series(["1617486414.0", "N/A", " Unknown ", None, "x"])).tolist() == [
        "1617486414",
        "",
        "",
        "",
        "x",
    ]


def test_polygon_centroid_outside_uses_a_point_inside() -> None:
    ring = shapely.Polygon([(0, 0), (3, 0), (3, 3), (2, 3), (2, 1), (1, 1), (1, 3), (0, 3)])  # a U
    lon, lat = points_of(np.array([ring, shapely.Point(5, 6), None], dtype=object))
    assert shapely.within(shapely.Point(lon[0], lat[0]), ring)
    assert (lon[1], lat[1]) == (5, 6)
    assert np.isnan(lon[2])


def _layer(tmp_path: Path, features: list[dict]) -> Path:
    path = tmp_path / "layer.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def test_bad_coordinates_and_missing_geometry_are_rejected(tmp_path: Path) -> None:
    classification = tmp_path / "map.csv"
    classification.write_text(
        "layer,file,asset_type,dimensions,name_field,area_code_field,publisher,licence,attribution\n"
        "t,layer.geojson,physical,built_environment,name,code,P,OGL,A\n"
    )
    point = {"type": "Point", "coordinates": [-2.3, 53.4]}
    _layer(
        tmp_path,
        [
            {"type": "Feature", "properties": {"name": "ok", "code": "E08000009"}, "geometry": point},
            {
                "type": "Feature",
                "properties": {"name": "paris"},
                "geometry": {"type": "Point", "coordinates": [2.35, 48.85]},
            },
            {"type": "Feature", "properties": {"name": "nowhere"}, "geometry": None},
            {"type": "Feature", "properties": {"name": "typo", "code": "E0800009"}, "geometry": point},
        ],
    )
    table, report = read_layers(tmp_path, classification)
    assert table.assets["name"].tolist() == ["ok", "typo"]
    assert [(p.row, p.column) for p in report.rejected] == [(2, "latitude"), (3, "geometry")]
    assert [(p.row, p.column) for p in report.flagged] == [(4, "code")]


def test_read_layer_names_ids_uniquely(tmp_path: Path) -> None:
    from healthassets.assets.classification import LayerRule
    from healthassets.assets.vocabulary import AssetType, Dimension

    rule = LayerRule(
        "s",
        "layer.geojson",
        AssetType.PHYSICAL,
        (Dimension.BUILT_ENVIRONMENT,),
        default_name="Site",
        fields={"id": "site_id", "name": "name"},
    )
    point = {"type": "Point", "coordinates": [-2.3, 53.4]}
    path = _layer(
        tmp_path,
        [
            {"type": "Feature", "properties": {"site_id": 7.0}, "geometry": point},
            {"type": "Feature", "properties": {"site_id": 7.0, "name": "Pool"}, "geometry": point},
            {"type": "Feature", "properties": {}, "geometry": point},
        ],
    )
    records, _ = read_layer(path, rule)
    assert records["source_id"].tolist() == ["s:7", "s:7-2", "s:3"]
    assert records["name"].tolist() == ["Site", "Pool", "Site"]


def test_a_classification_with_two_columns_of_the_same_name_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "classification.csv"
    path.write_text("layer,asset_type,layer\nparks,physical,parks\n")
    with pytest.raises(InputError, match=r"'layer' \(columns 1, 3\)"):
        read_classification(path)
