"""The derived tables (docs/adr/0044) hold exactly what the pages computed per request, on the real data,
and a moderation recomputes only the indicators it changed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine, delete, select, text, update

from healthassets.benchmark.spine import percentile_among, percentile_ranks, spine_summary
from healthassets.geography.areas import comparable_group
from healthassets.services import derived
from healthassets.services.area_page import build_area_page
from healthassets.services.profile_reference import reference_area_profile, reference_region_values
from healthassets.services.profiles import SERIES_KEYS, area_profile, indicator_metadata, region_values
from healthassets.store.areas import get_area
from healthassets.store.models import DerivedAreaValue, DerivedIndicatorType, DerivedRegionValue, DerivedSpine
from healthassets.store.values import ValueFilter, fetch_values
from tests.conftest import DATA

pytestmark = pytest.mark.db

#: area types with values in the bundled data, and how many of each to check
TYPES = [
    "country",
    "region",
    "county",
    "unitary",
    "district",
    "metropolitan",
    "london-borough",
    "msoa",
    "lsoa",
]
PER_TYPE = 2


def _sample(engine: Engine) -> list[str]:
    """The first PER_TYPE areas (by code) of each type that have values, England and Wales, and Oldham."""
    codes = ["E92000001", "W92000004", "E08000004", "E12000001", "E12000002"]
    with engine.connect() as connection:
        for area_type in TYPES:
            codes += connection.scalars(
                text(
                    "SELECT code FROM areas a WHERE area_type = :t AND EXISTS "
                    "(SELECT 1 FROM indicator_values v WHERE v.area_code = a.code) ORDER BY code LIMIT :n"
                ),
                {"t": area_type, "n": PER_TYPE},
            ).all()
        welsh = connection.scalar(text("SELECT code FROM areas WHERE code LIKE 'W01%' ORDER BY code LIMIT 1"))
    return list(dict.fromkeys([*codes, welsh]))


def _same(new: pd.DataFrame, old: pd.DataFrame, where: str) -> None:
    assert list(new.columns) == list(old.columns), where
    assert len(new) == len(old), where
    for column in old.columns:
        a, b = new[column].reset_index(drop=True), old[column].reset_index(drop=True)
        if pd.api.types.is_numeric_dtype(a) and pd.api.types.is_numeric_dtype(b):
            assert np.allclose(a.to_numpy(float), b.to_numpy(float), rtol=1e-12, atol=0, equal_nan=True), (
                where,
                column,
            )
        else:
            assert (
                a.astype(object).where(a.notna(), None).tolist()
                == b.astype(object).where(b.notna(), None).tolist()
            ), (where, column)


#: the sample is checked in this many parts, so that pytest-xdist's workers share it (the per-request
#: computation takes about ten seconds an area)
PARTS = 7


@pytest.mark.parametrize("part", range(PARTS))
def test_area_profiles_equal_the_per_request_computation(loaded_engine: Engine, part: int) -> None:
    sample = _sample(loaded_engine)
    assert len(sample) >= 14
    for code in sample[part::PARTS]:
        new, old = area_profile(loaded_engine, code), reference_area_profile(loaded_engine, code)
        assert [c.code for c in new.comparators] == [c.code for c in old.comparators]
        _same(new.table, old.table, code)


def test_region_values_equal_the_aggregation_from_authorities(loaded_engine: Engine) -> None:
    meta = indicator_metadata(loaded_engine)
    oldham = fetch_values(loaded_engine, ValueFilter(areas=["E08000004"]))
    region = get_area(loaded_engine, "E12000002")
    new = region_values(loaded_engine, region, oldham, meta)
    old = reference_region_values(loaded_engine, region, oldham, meta)
    assert len(new) > 10
    columns = [*SERIES_KEYS, "value", "count", "denominator", "lower95_0cl", "upper95_0cl", "lower99_8cl"]
    old = old[columns].sort_values(SERIES_KEYS).reset_index(drop=True)
    _same(new[columns].sort_values(SERIES_KEYS).reset_index(drop=True), old, "E12000002")


def test_area_type_counts_equal_the_distinct_areas_with_values(loaded_engine: Engine) -> None:
    from healthassets.services.indicator_page import types_with_values
    from healthassets.store.derived import area_type_counts
    from healthassets.store.values import area_types_with_values

    with loaded_engine.connect() as connection:
        ids = list(connection.scalars(text("SELECT DISTINCT indicator_id FROM indicator_values")))
    for indicator in ids:
        expected = area_types_with_values(loaded_engine, indicator)["area_type"].value_counts()
        found = area_type_counts(loaded_engine, indicator)
        assert found.to_dict() == expected.to_dict(), indicator
        assert found.is_monotonic_decreasing
    assert types_with_values(loaded_engine, 93088)[:2] == ["ltla", "utla"]


def _peer_reference(engine: Engine, code: str, rows: pd.DataFrame, country: str) -> pd.DataFrame:
    """Spine, percentile and the country's percentile as the page computed them from every peer's
    values: the country's areas of the area's comparison group (docs/adr/0053)."""
    area = get_area(engine, code)
    peers = fetch_values(
        engine,
        ValueFilter(
            indicators=rows["indicator_id"].unique().tolist(),
            area_type=comparable_group(area.area_type),
            parent=country,
        ),
    ).merge(rows[SERIES_KEYS].drop_duplicates(), on=SERIES_KEYS)
    summary = spine_summary(peers, SERIES_KEYS)
    polarity = peers["indicator_id"].map(
        rows.drop_duplicates("indicator_id").set_index("indicator_id")["polarity"]
    )
    peers["percentile"] = percentile_ranks(peers, SERIES_KEYS, polarity)
    mine = peers.loc[peers["area_code"] == code, [*SERIES_KEYS, "percentile"]]
    out = rows[[*SERIES_KEYS, "country_value", "polarity"]].merge(summary, on=SERIES_KEYS, how="left")
    out = out.merge(mine, on=SERIES_KEYS, how="left")
    own = out[SERIES_KEYS].assign(value=out["country_value"])
    out["country_percentile"] = percentile_among(own, peers, SERIES_KEYS, out["polarity"]).to_numpy()
    return out


def test_spines_and_scores_equal_the_computation_over_every_peer(loaded_engine: Engine) -> None:
    checked = 0
    codes = ["E08000004", "E10000017", "E07000117", "E01005000", "E02001124", "W06000015", "W01000003"]
    for code in codes:
        for profile in ("health-assets", "needs"):
            page = build_area_page(loaded_engine, code, profile=profile)
            frames = [frame for _, frame in page.domains if len(frame)]
            if not frames:
                continue
            checked += 1
            rows = pd.concat(frames, ignore_index=True)
            assert page.country is not None
            reference = _peer_reference(loaded_engine, code, rows, page.country.code)
            for column in ["peers", "lowest", "q25", "q75", "highest", "percentile"]:
                assert np.allclose(
                    rows[column].to_numpy(float),
                    reference[column].to_numpy(float),
                    rtol=1e-12,
                    equal_nan=True,
                ), (code, column)
            assert rows["marker_pos"].notna().any(), code
            domain_of = pd.Series({i: name for name, frame in page.domains for i in frame["indicator_id"]})
            scored = reference.assign(domain=reference["indicator_id"].map(domain_of))
            expected = scored.dropna(subset=["percentile"]).groupby("domain")["percentile"].mean()
            own = scored.dropna(subset=["country_percentile"]).groupby("domain")["country_percentile"].mean()
            scores = page.scores.set_index("domain")
            assert np.allclose(scores["score"].reindex(expected.index), expected, rtol=1e-12), code
            assert np.allclose(scores["country"].reindex(own.index), own, rtol=1e-12), code
    assert checked >= 6


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The real data with two asset layers (libraries, care homes)."""
    root = tmp_path / "data"
    (root / "assets").mkdir(parents=True)
    (root / "geography").symlink_to(DATA / "geography")
    mapping = pd.read_csv(DATA / "assets" / "classification.csv", dtype=str, keep_default_na=False)
    mapping = mapping[mapping["layer"].isin(["library", "carehome"])]
    mapping.to_csv(root / "assets" / "classification.csv", index=False)
    for file in mapping["file"]:
        (root / "assets" / file).symlink_to(DATA / "assets" / file)
    return root


def _tables(engine: Engine) -> dict[str, set[tuple[object, ...]]]:
    """Every derived row, without the serial ids of spines and region values (area rows keep their
    value's id, type counts have none)."""
    serial = {DerivedSpine.__tablename__, DerivedRegionValue.__tablename__}
    with engine.connect() as connection:
        return {
            model.__tablename__: {
                tuple(None if isinstance(v, float) and np.isnan(v) else v for v in row)[
                    1 if model.__tablename__ in serial else 0 :
                ]
                for row in connection.execute(select(model)).all()
            }
            for model in (DerivedAreaValue, DerivedSpine, DerivedRegionValue, DerivedIndicatorType)
        }


def test_a_moderation_recomputes_only_the_indicators_it_changed(
    loaded_geography: Engine, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from healthassets.assets.vocabulary import Status
    from healthassets.services.assets import load_assets, write_asset_indicators
    from healthassets.services.assets_moderation import change_status
    from healthassets.store.models import Asset

    engine = loaded_geography
    load_assets(engine, data_dir, period="2026")
    assert not derived.is_current(engine)  # left to the load's full build, at its end
    derived.rebuild_derived(engine)
    rebuilt: list[list[int] | None] = []
    full = derived.rebuild_derived

    def spy(bind: Engine, indicators: list[int] | None = None) -> derived.DerivedReport:
        rebuilt.append(None if indicators is None else list(indicators))
        return full(bind, indicators)

    monkeypatch.setattr(derived, "rebuild_derived", spy)
    with engine.connect() as connection:
        library = connection.scalar(select(Asset.id).where(Asset.source_id.like("library:%")).limit(1))
        all_ids = set(connection.scalars(text("SELECT DISTINCT indicator_id FROM indicator_values")))
    change_status(engine, str(library), Status.ARCHIVED, user_id=None)
    write_asset_indicators(engine, data_dir, period="2026")
    assert len(rebuilt) == 1 and rebuilt[0] is not None
    assert 0 < len(rebuilt[0]) < len(all_ids)
    assert derived.is_current(engine)
    incremental = _tables(engine)
    full(engine)
    assert _tables(engine) == incremental


def test_stale_tables_are_rebuilt_before_they_are_read(loaded_geography: Engine, data_dir: Path) -> None:
    from healthassets.services.assets import load_assets
    from healthassets.store.models import DerivedState

    engine = loaded_geography
    load_assets(engine, data_dir, period="2026")
    with engine.begin() as connection:
        connection.execute(update(DerivedState).values(version="stale"))
        connection.execute(delete(DerivedAreaValue))
    assert not derived.is_current(engine)
    table = area_profile(engine, "E08000009").table
    assert len(table) > 0 and table["trend"].notna().all()
    assert derived.is_current(engine)


def test_a_reader_during_a_refresh_reads_the_tables_as_they_are(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between a moderation's writes and its incremental rebuild the values look newer than the
    tables: a page then must not start a full rebuild of its own — in this worker or another
    (the lease row, docs/adr/0076)."""
    from healthassets.services import job_leases

    calls: list[object] = []
    monkeypatch.setattr(derived, "is_current", lambda engine: False)
    monkeypatch.setattr(derived, "rebuild_derived", lambda engine, indicators=None: calls.append(engine))
    with derived.exclusive(engine):
        derived.ensure_derived(engine)
    assert calls == []
    assert job_leases.try_lease(engine, derived.DERIVED_LEASE, holder="another worker")
    derived.ensure_derived(engine)  # another worker's refresh holds the lease
    assert calls == []
    job_leases.let_go(engine, derived.DERIVED_LEASE, holder="another worker")
    derived.ensure_derived(engine)
    assert calls == [engine]
