"""The register's use cases on the real geography: load, place, cover, count, access, import, export."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, delete, func, select

from healthassets.assets.area_measures import access_id, count_id
from healthassets.assets.search import AssetFilter
from healthassets.assets.vocabulary import Status
from healthassets.errors import ImportValidationError
from healthassets.services.asset_indicators import write_asset_indicators
from healthassets.services.asset_places import GM_LTLAS, set_coverage
from healthassets.services.assets import export_assets, import_asset_file, load_assets
from healthassets.services.assets_moderation import change_status
from healthassets.store.assets import count_assets
from healthassets.store.models import Asset, AssetArea, CoverageArea, ImportBatch, IndicatorValue
from tests.conftest import DATA

pytestmark = pytest.mark.db
LAYERS = ["gp", "carehome", "mentalhealth", "library"]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The real data with only a few asset layers (GP practices, Trafford care homes and mental
    health services — some outside Greater Manchester — and libraries)."""
    root = tmp_path / "data"
    (root / "assets").mkdir(parents=True)
    (root / "geography").symlink_to(DATA / "geography")
    mapping = pd.read_csv(DATA / "assets" / "classification.csv", dtype=str, keep_default_na=False)
    mapping = mapping[mapping["layer"].isin(LAYERS)]
    mapping.to_csv(root / "assets" / "classification.csv", index=False)
    for file in mapping["file"]:
        (root / "assets" / file).symlink_to(DATA / "assets" / file)
    return root


def _values(engine: Engine, indicator: int) -> pd.Series:
    with engine.connect() as connection:
        rows = connection.execute(
            select(IndicatorValue.area_code, IndicatorValue.value).where(
                IndicatorValue.indicator_id == indicator
            )
        ).all()
    return pd.Series(dict(rows), dtype=float)


def test_load_places_counts_and_scores(loaded_geography: Engine, data_dir: Path) -> None:
    engine = loaded_geography
    report = load_assets(engine, data_dir, period="2026")
    gp = json.loads((DATA / "assets" / "gm_gp_practices.geojson").read_text())["features"]
    expected_lsoa = {f"gp:{f['properties']['ods_code']}": f["properties"]["lsoa21_code"] for f in gp}
    with engine.connect() as connection:
        placed = connection.execute(
            select(Asset.source_id, AssetArea.area_code)
            .join(AssetArea, AssetArea.asset_id == Asset.id)
            .where(Asset.source_id.like("gp:%"), AssetArea.area_code.like("E01%"))
        ).all()
        covered = set(connection.scalars(select(CoverageArea.area_code)))
    # every GP practice lands in the LSOA the ODS extract's point-in-polygon gave it
    assert dict(placed) == expected_lsoa
    # coverage: the ten boroughs and every MSOA, ward and LSOA in them (from the ONS lookup)
    lookup = pd.read_csv(DATA / "geography" / "lsoa21_lookup_ew.csv", dtype=str)
    gm = lookup[lookup["LAD24CD"].isin(GM_LTLAS)]
    assert covered == set(GM_LTLAS) | set(gm["LSOA21CD"]) | set(gm["MSOA21CD"]) | set(gm["WD24CD"])
    assert report.coverage == len(covered)
    counts = _values(engine, count_id(0))
    assert set(counts.index) == covered  # zero inside coverage, nothing outside
    assert counts[list(GM_LTLAS)].sum() == counts[counts.index.str.startswith("E01")].sum()
    # each asset is counted in its LSOA's best-fit ward: an authority's wards add up to it
    wards = counts[counts.index.str.startswith("E05")]
    by_authority = wards.groupby(
        wards.index.map(gm.drop_duplicates("WD24CD").set_index("WD24CD")["LAD24CD"])
    ).sum()
    assert by_authority.to_dict() == counts[list(GM_LTLAS)].to_dict()
    total_in_gm = count_assets(engine, AssetFilter(area="E08000009"))
    assert counts["E08000009"] == total_in_gm
    population = pd.read_csv(DATA / "geography" / "lsoa21_population_census2021_ew.csv", index_col="LSOA21CD")
    rates = _values(engine, count_id(0, rate=True))
    some = [c for c in counts.index if c.startswith("E01")][:50]
    assert rates[some].to_numpy() == pytest.approx(
        (counts[some] / population.loc[some, "total"] * 1000).to_numpy()
    )
    nearest = _values(engine, access_id(0, 0))
    assert set(nearest.index) == {c for c in covered if c.startswith("E01")}
    assert (nearest >= 0).all() and nearest.max() < 10
    with_asset = counts[(counts > 0) & counts.index.str.startswith("E01")].index
    assert (_values(engine, access_id(0, 1))[with_asset] >= 0).all()
    assert (_values(engine, access_id(0, 2)) > 0).mean() > 0.9

    _reload_is_idempotent(engine, data_dir, report)
    _export_round_trip(engine, data_dir.parent)
    _changes_only_rewrite_what_changed(engine, data_dir)


def _changes_only_rewrite_what_changed(engine: Engine, data_dir: Path) -> None:
    """Archiving one asset rewrites only the values it touches, and the result equals a recompute
    from an empty store."""
    query = select(IndicatorValue.indicator_id, IndicatorValue.area_code, IndicatorValue.value).where(
        IndicatorValue.indicator_id >= 9_100_000
    )
    with engine.connect() as connection:
        before = set(connection.execute(query).all())
        library = connection.scalar(select(Asset.id).where(Asset.source_id.like("library:%")).limit(1))
    change_status(engine, str(library), Status.ARCHIVED, user_id=None)
    write_asset_indicators(engine, data_dir, period="2026")
    with engine.connect() as connection:
        after = set(connection.execute(query).all())
    assert 0 < len(after - before) < len(after) / 10
    with engine.begin() as connection:
        connection.execute(delete(ImportBatch).where(ImportBatch.source.like("assets:%")))
    write_asset_indicators(engine, data_dir, period="2026")
    with engine.connect() as connection:
        assert set(connection.execute(query).all()) == after


def _reload_is_idempotent(loaded_geography: Engine, data_dir: Path, first: object) -> None:
    with loaded_geography.connect() as connection:
        ids = set(connection.scalars(select(Asset.id)))
        values = connection.scalar(select(func.count()).select_from(IndicatorValue))
    second = load_assets(loaded_geography, data_dir, period="2026")
    assert second.saved.updated == first.saved.inserted and second.saved.inserted == 0  # type: ignore[attr-defined]
    with loaded_geography.connect() as connection:
        assert set(connection.scalars(select(Asset.id))) == ids
        assert connection.scalar(select(func.count()).select_from(IndicatorValue)) == values


def test_bulk_import_is_all_or_nothing(loaded_geography: Engine, data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "new.csv"
    path.write_text(
        "name,asset_type,dimensions,five_ways,latitude,longitude,served_areas\n"
        "Walking group,association,lifestyle_activities,be_active;connect,53.42,-2.35,\n"
        "Choir,association,community_economy,connect,53.43,-2.33,E08000099\n"
        "Warrington choir,association,community_economy,connect,53.3900,-2.5970,\n"
    )
    set_coverage(loaded_geography)
    with pytest.raises(ImportValidationError) as caught:
        import_asset_file(loaded_geography, path, data_dir)
    assert (caught.value.row, caught.value.column) == (2, "served_areas")
    with loaded_geography.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Asset)) == 0
        assert connection.scalar(select(func.count()).select_from(ImportBatch)) == 0
    path.write_text(path.read_text().replace("E08000099", "E08000009"))
    saved = import_asset_file(loaded_geography, path, data_dir, source="test file")
    assert saved.inserted == 3
    assert count_assets(loaded_geography, AssetFilter(area="E08000009", five_ways=["be_active"])) == 1
    # outside the coverage: placed in its areas, but "not mapped" (no value), never zero
    assert count_assets(loaded_geography, AssetFilter(area="E06000007")) == 1
    counts = _values(loaded_geography, count_id(0))
    assert "E06000007" not in counts.index and counts["E08000009"] == 2
    with loaded_geography.connect() as connection:
        warrington = connection.scalars(
            select(AssetArea.area_code).join(Asset).where(Asset.name == "Warrington choir")
        ).all()
    assert any(code.startswith("E01") for code in warrington)
    assert not set(warrington) & set(counts.index)


def _export_round_trip(loaded_geography: Engine, tmp_path: Path) -> None:
    csv, geojson = tmp_path / "out.csv", tmp_path / "out.geojson"
    frame = export_assets(loaded_geography, csv, AssetFilter(asset_types=["association"]))
    export_assets(loaded_geography, geojson, AssetFilter(asset_types=["association"]))
    assert len(frame) == count_assets(loaded_geography, AssetFilter(asset_types=["association"])) > 0
    document = json.loads(geojson.read_text())
    assert len(document["features"]) == len(frame)
    first = document["features"][0]
    assert first["geometry"]["type"] == "Point" and isinstance(first["properties"]["dimensions"], list)
    again = pd.read_csv(csv, dtype=str, keep_default_na=False)
    assert again[["name", "asset_type", "dimensions", "source_id"]].equals(
        frame[["name", "asset_type", "dimensions", "source_id"]].astype(str).reset_index(drop=True)
    )
