"""The bundled neighbour features: coverage of every authority, consistent sums, and a reader that
names file, row and column for every problem."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from healthassets.errors import ImportValidationError, InputError
from healthassets.io.geography import build_geography
from healthassets.io.neighbour_features import COLUMNS, FILE, IMD, SHARES, read_neighbour_features

DATA = Path(__file__).resolve().parents[2] / "data"
AUTHORITY_PREFIXES = ("E06", "E07", "E08", "E09", "W06")


@pytest.fixture(scope="module")
def features() -> pd.DataFrame:
    return read_neighbour_features(DATA / FILE)


def test_every_authority_and_county_of_the_bundled_geography_is_covered(features: pd.DataFrame) -> None:
    areas, _links = build_geography(DATA)
    authorities = set(areas.loc[areas["code"].str[:3].isin(AUTHORITY_PREFIXES), "code"])
    counties = set(areas.loc[areas["code"].str.startswith("E10"), "code"])
    assert len(authorities) >= 318 and {c[:3] for c in authorities} == set(AUTHORITY_PREFIXES)
    assert authorities <= set(features.index)
    assert counties and counties <= set(features.index)


def test_values_are_complete_and_consistent(features: pd.DataFrame) -> None:
    lower = features[~features.index.str.startswith("E10")]
    # every resident of England and Wales counted once (Census 2021 LSOA table total)
    assert lower["population"].sum() == 59_597_114
    assert features[list(SHARES)].notna().all().all()
    english = features.index.str.startswith("E")
    assert features.loc[english, list(IMD)].notna().all().all()
    assert features.loc[~english, list(IMD)].isna().all().all()
    # a county's population is the sum of its districts'
    lookup = pd.read_csv(DATA / "geography" / "la_all_codes.csv", dtype=str)
    current = lookup[lookup["Current"].str.upper() == "TRUE"].drop_duplicates("LADCD")
    district_county = current.set_index("LADCD")["UTLACD"]
    districts = lower[lower.index.str.startswith("E07")]
    summed = districts["population"].groupby(districts.index.map(district_county)).sum()
    counties = features.loc[features.index.str.startswith("E10"), "population"]
    pd.testing.assert_series_equal(summed.sort_index(), counties.sort_index(), check_names=False)


def write(tmp_path: Path, features: pd.DataFrame, change: dict[tuple[int, str], str] | None = None) -> Path:
    table = features.head(4).reset_index().astype(object)
    table = table.where(table.notna(), "")
    for (row, column), value in (change or {}).items():
        table.loc[row - 1, column] = value
    path = tmp_path / "neighbour_features.csv"
    table.to_csv(path, index=False)
    return path


def test_reads_a_good_file(tmp_path: Path, features: pd.DataFrame) -> None:
    read = read_neighbour_features(write(tmp_path, features))
    assert list(read.columns) == list(COLUMNS[1:]) and len(read) == 4


@pytest.mark.parametrize(
    ("row", "column", "value", "reason"),
    [
        (2, "code", "E02000001", "not a local authority or county code"),
        (2, "code", "E06000001", "area appears twice"),
        (3, "name", "", "empty name"),
        (1, "population", "many", "not a number"),
        (2, "population", "0", "positive"),
        (4, "share_rural", "1.5", "between 0 and 1"),
        (3, "imd_health", "", "needs its IMD domain score"),
    ],
)
def test_bad_values_name_row_and_column(
    tmp_path: Path, features: pd.DataFrame, row: int, column: str, value: str, reason: str
) -> None:
    path = write(tmp_path, features, {(row, column): value})
    with pytest.raises(ImportValidationError) as caught:
        read_neighbour_features(path)
    problem = next(p for p in caught.value.problems if p.column == column)
    assert problem.row == row and reason in problem.reason and problem.file == str(path)


def test_missing_column_and_missing_file(tmp_path: Path, features: pd.DataFrame) -> None:
    path = write(tmp_path, features)
    pd.read_csv(path).drop(columns="share_rural").to_csv(path, index=False)
    with pytest.raises(ImportValidationError, match="required column is missing") as caught:
        read_neighbour_features(path)
    assert caught.value.column == "share_rural"
    with pytest.raises(InputError, match="file not found"):
        read_neighbour_features(tmp_path / "absent.csv")


def test_the_file_is_what_the_script_derives_from_the_sources(features: pd.DataFrame) -> None:
    script = Path(__file__).resolve().parents[2] / "scripts" / "build_neighbour_features.py"
    spec = importlib.util.spec_from_file_location("build_neighbour_features", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    derived = module.build_features().set_index("code")
    derived.index.name = "code"
    pd.testing.assert_frame_equal(
        derived.astype({"population": float}), features, check_exact=False, rtol=1e-9
    )


def test_two_columns_of_the_same_name_are_an_error(tmp_path: Path, features: pd.DataFrame) -> None:
    path = write(tmp_path, features)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("share_rural", "population", 1), encoding="utf-8")
    with pytest.raises(InputError, match=r"'population' \(columns \d+, \d+\)"):
        read_neighbour_features(path)


@pytest.mark.parametrize("marker", ["NA", "#N/A"])
def test_missing_markers_are_missing_values(tmp_path: Path, features: pd.DataFrame, marker: str) -> None:
    """A Welsh authority's IMD written as NA (by R) or #N/A (by Excel) is missing, as an empty cell is."""
    path = write(tmp_path, features, {(3, "imd_health"): marker})
    with pytest.raises(ImportValidationError) as caught:
        read_neighbour_features(path)
    problem = next(p for p in caught.value.problems if p.column == "imd_health")
    assert "needs its IMD domain score" in problem.reason
