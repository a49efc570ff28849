"""The national layers in the register on the real geography (docs/adr/0051): merged with the Greater
Manchester layers, counted per kind over their own coverage, "not mapped" elsewhere, idempotent.

To stay fast the national files are cut to three authorities — Cornwall, the Isle of Anglesey and
Trafford — and the kinds are declared mapped there (the bundled declaration, England and Wales, is
checked in tests/assets/test_classification.py, and what it covers below).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from healthassets.assets.area_measures import KIND_GROUP, access_id, count_id
from healthassets.services.asset_coverage import coverage_statement, mapped_groups
from healthassets.services.asset_places import covered_codes
from healthassets.services.assets import load_assets
from healthassets.store.areas import administrative_links
from healthassets.store.models import Asset, AssetArea, AssetSource, IndicatorValue
from tests.conftest import DATA

pytestmark = pytest.mark.db
CORNWALL, ANGLESEY, TRAFFORD = "E06000052", "W06000001", "E08000009"
GM_LAYERS = ["gp", "pharmacy", "foodbank", "library"]
NATIONAL = ["gp_ew", "pharmacy_ew", "dentist_ew", "library_ew"]
GP = KIND_GROUP["gp"].index
LOOKUP = pd.read_csv(DATA / "geography" / "lsoa21_lookup_ew.csv", usecols=["LSOA21CD", "LAD24CD"], dtype=str)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The real geography, four Greater Manchester layers, and the national layers cut to Cornwall,
    Anglesey and Trafford and declared mapped there."""
    root = tmp_path / "data"
    (root / "assets").mkdir(parents=True)
    (root / "assets_national").mkdir()
    (root / "geography").symlink_to(DATA / "geography")
    mapping = pd.read_csv(DATA / "assets" / "classification.csv", dtype=str, keep_default_na=False)
    mapping = mapping[mapping["layer"].isin(GM_LAYERS + NATIONAL)].copy()
    for file in mapping.loc[mapping["layer"].isin(GM_LAYERS), "file"]:
        (root / "assets" / file).symlink_to(DATA / "assets" / file)
    for file in mapping.loc[mapping["layer"].isin(NATIONAL), "file"]:
        rows = pd.read_csv(DATA / "assets" / file, dtype=str, keep_default_na=False)
        with gzip.open(root / "assets" / file, "wt", encoding="utf-8") as handle:
            rows[rows["lad24_code"].isin([CORNWALL, ANGLESEY, TRAFFORD])].to_csv(handle, index=False)
    mapping.loc[mapping["layer"].isin(NATIONAL), "coverage"] = f"{CORNWALL};{ANGLESEY};{TRAFFORD}"
    mapping.to_csv(root / "assets" / "classification.csv", index=False)
    return root


def _values(engine: Engine, indicator: int) -> pd.Series:
    query = select(IndicatorValue.area_code, IndicatorValue.value).where(
        IndicatorValue.indicator_id == indicator
    )
    with engine.connect() as connection:
        return pd.Series(dict(connection.execute(query).all()), dtype=float)


def _lsoas_of(authority: str) -> set[str]:
    return set(LOOKUP.loc[LOOKUP["LAD24CD"] == authority, "LSOA21CD"])


def test_national_layers_counted_per_kind_merged_and_not_mapped_elsewhere(
    loaded_geography: Engine, data_dir: Path
) -> None:
    engine = loaded_geography
    report = load_assets(engine, data_dir, period="2026")
    gp_counts, food = _values(engine, count_id(GP)), _values(engine, count_id(2))  # 2: associations
    # Cornwall: GP practices counted in every LSOA (zeros included), food banks "not mapped" (no row)
    cornwall = _lsoas_of(CORNWALL)
    assert cornwall <= set(gp_counts.index) and not cornwall & set(food.index)
    national_gp = pd.read_csv(
        data_dir / "assets" / "../assets_national/gp_practices_ods_epraccur_2023-12.csv.gz"
    )
    assert (
        gp_counts[CORNWALL]
        == (national_gp["lad24_code"] == CORNWALL).sum()
        == gp_counts[list(cornwall)].sum()
    )
    assert (gp_counts[list(cornwall)] == 0).any()  # mapped, and none there: a real zero
    assert set(_values(engine, access_id(GP, 0)).index) >= cornwall  # nearest practice from every LSOA
    # a Welsh LSOA: its practices, per 1,000 residents, and Anglesey's total from its LSOAs
    anglesey = _lsoas_of(ANGLESEY)
    assert (
        gp_counts[ANGLESEY]
        == (national_gp["lad24_code"] == ANGLESEY).sum()
        == gp_counts[list(anglesey)].sum()
    )
    welsh = gp_counts[list(anglesey)].idxmax()
    population = pd.read_csv(DATA / "geography" / "lsoa21_population_census2021_ew.csv", index_col="LSOA21CD")
    rate = _values(engine, count_id(GP, rate=True))[welsh]
    assert rate == pytest.approx(gp_counts[welsh] / population.loc[welsh, "total"] * 1000)
    # Trafford: the national records are merged into the Greater Manchester ones, never counted twice
    gm_gp = pd.DataFrame(
        [
            f["properties"]
            for f in json.loads((DATA / "assets" / "gm_gp_practices.geojson").read_text())["features"]
        ]
    )
    in_trafford = gm_gp["lsoa21_code"].map(LOOKUP.set_index("LSOA21CD")["LAD24CD"]) == TRAFFORD
    assert gp_counts[TRAFFORD] == in_trafford.sum() > 0
    layers = report.layers.layers.set_index("layer")
    assert layers.loc["gp_ew", "merged"] == (national_gp["lad24_code"] == TRAFFORD).sum()
    assert layers.loc["gp", "absorbed"] == layers.loc["gp_ew", "merged"]
    # Manchester: the register's groups are mapped (Greater Manchester), GP practices as a kind are not
    manchester = _lsoas_of("E08000003")
    assert manchester <= set(_values(engine, count_id(0)).index) and not manchester & set(gp_counts.index)
    # nowhere else: Cumbria's LSOAs have no asset value at all
    with engine.connect() as connection:
        cumbrian = connection.scalar(
            select(func.count()).where(
                IndicatorValue.area_code.in_(_lsoas_of("E06000063")), IndicatorValue.indicator_id >= 9_100_000
            )
        )
    assert cumbrian == 0
    # what the pages say: each kind and where, then the register as a whole
    statement = coverage_statement(engine)
    assert [k["title"] for k in statement.kinds] == [
        "GP practices",
        "Pharmacies",
        "Dentists",
        "Public libraries",
    ]
    assert {k["where"] for k in statement.kinds} == {"Cornwall, Isle of Anglesey, Trafford"}
    assert statement.register == "Greater Manchester (bundled open data)"
    kinds = {g.index for g in KIND_GROUP.values()}
    assert mapped_groups(engine, welsh, "lsoa", ["W02000001", ANGLESEY, "W92000004"]) == kinds
    assert (
        mapped_groups(engine, TRAFFORD, "metropolitan", ["E12000002", "E92000001"]) == set(range(18)) | kinds
    )
    _merged_records_keep_their_source(engine, report)
    _reload_is_idempotent(engine, data_dir, report)
    _pages_say_where_it_is_mapped(
        engine, data_dir, cornwall=sorted(cornwall)[0], manchester=sorted(manchester)[0]
    )


def _pages_say_where_it_is_mapped(engine: Engine, data_dir: Path, *, cornwall: str, manchester: str) -> None:
    """The asset list and the profiles state the coverage per kind, in English and Welsh; a merged
    record credits both sources; a profile shows kinds mapped here and says "not mapped" for the rest."""
    from fastapi.testclient import TestClient

    from healthassets.app import create_app
    from healthassets.services.profiles import ensure_demo_profile

    ensure_demo_profile(engine)
    with TestClient(create_app(engine, data_dir)) as site:
        listing = site.get("/assets").text
        assert (
            'id="asset-coverage"' in listing
            and "GP practices: Cornwall, Isle of Anglesey, Trafford" in listing
        )
        assert "Every other kind of asset: Greater Manchester (bundled open data)" in listing
        welsh = site.get("/assets?lang=cy").text
        assert "Meddygfeydd teulu: Cornwall" in welsh and "Pob math arall o ased: Manceinion Fwyaf" in welsh
        with engine.connect() as connection:
            merged = connection.scalar(select(AssetSource.asset_id).limit(1))
        detail = site.get(f"/assets/{merged}").text
        assert 'id="also-listed"' in detail and "national layer, England and Wales" in detail
        national = site.get(f"/assets?area={CORNWALL}").text
        assert "Assets found" in national and 'data-fit="area"' in national
        # one domain holds the register's measures and the kinds': each is "not mapped" where its
        # coverage does not reach, the rest are shown
        page = site.get(f"/areas/{cornwall}?profile=health-assets-demo").text
        assert "GP practices (count)" in page and 'id="asset-coverage"' in page
        assert "Measures of this domain not mapped for this area: 5." in page  # the register's five
        mixed = site.get(f"/areas/{manchester}?profile=health-assets-demo").text
        assert "Community assets (count)" in mixed and "GP practices (count)" not in mixed
        assert (
            "Measures of this domain not mapped for this area: 12." in mixed
        )  # the kinds: Trafford only here
        outside = site.get(f"/areas/{sorted(_lsoas_of('E06000063'))[0]}?profile=health-assets-demo").text
        assert 'id="not-mapped-' in outside and "not mapped for this area:" not in outside


def _merged_records_keep_their_source(engine: Engine, report: object) -> None:
    """The kept Greater Manchester practice lists the national record as a second source, credited."""
    with engine.connect() as connection:
        asset_id, source_id = connection.execute(
            select(Asset.id, Asset.source_id).where(Asset.source_id.like("gp:%")).join(AssetSource).limit(1)
        ).one()
        other = connection.execute(select(AssetSource).where(AssetSource.asset_id == asset_id)).one()
        national = connection.scalar(
            select(func.count()).select_from(Asset).where(Asset.source_id.like("gp_ew:%"))
        )
    assert other.source_id == "gp_ew:ods:" + source_id.removeprefix("gp:")
    assert other.source.startswith("NHS England Organisation Data Service") and "OGL" in str(
        other.attribution
    )
    # Cornwall's and Anglesey's practices are assets of their own; Trafford's are all merged
    assert national == report.layers.layers.set_index("layer").loc["gp_ew", "assets"]  # type: ignore[attr-defined]


def _reload_is_idempotent(engine: Engine, data_dir: Path, first: object) -> None:
    def state() -> tuple:
        with engine.connect() as connection:
            return (
                set(connection.scalars(select(Asset.id))),
                set(connection.execute(select(AssetSource.source_id, AssetSource.asset_id)).all()),
                set(connection.execute(select(AssetArea.asset_id, AssetArea.area_code)).all()),
                set(connection.execute(select(IndicatorValue.id, IndicatorValue.value)).all()),
            )

    before = state()
    second = load_assets(engine, data_dir, period="2026")
    assert second.saved.inserted == 0 and second.saved.unchanged == second.saved.updated > 0
    assert second.saved.updated == first.saved.inserted  # type: ignore[attr-defined]
    assert state() == before  # same assets, merges, areas and values (not even rewritten)


def test_a_national_declaration_covers_every_small_area(loaded_geography: Engine) -> None:
    """England and Wales declared: every LSOA, MSOA, authority, county, region and both countries;
    never wards, combined authorities or NHS areas."""
    links = administrative_links(loaded_geography)
    covered = covered_codes({"E92000001", "W92000004"}, links)
    assert set(LOOKUP["LSOA21CD"]) <= covered and len(LOOKUP) == 35_672
    assert {"E92000001", "W92000004", "E12000002", "E10000017", CORNWALL, ANGLESEY} <= covered
    assert not {c for c in covered if c.startswith(("E47", "E54", "E38", "E05", "W05"))}
    assert (
        mapped_groups(loaded_geography, next(iter(_lsoas_of(CORNWALL))), "lsoa", [CORNWALL, "E92000001"])
        == set()
    )
    assert coverage_statement(loaded_geography).kinds == []  # nothing declared yet
