"""Needs data (IMD 2025, Census 2021 household deprivation) as indicators: real load and bad files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from healthassets.errors import ImportValidationError, InputError
from healthassets.io.needs import read_census_deprivation, read_imd
from healthassets.services.loading import load_needs
from healthassets.store.models import IndicatorValue
from tests.conftest import DATA

pytestmark = pytest.mark.db

IMD_COLUMNS = pd.read_csv(DATA / "geography" / "imd2025_england_lsoa21.csv", nrows=0).columns.tolist()
CENSUS_COLUMNS = pd.read_csv(
    DATA / "geography" / "census2021_household_deprivation_lsoa21.csv", nrows=0
).columns


def imd_row(code: str = "E01005400", value: object = 30.5) -> dict[str, object]:
    row: dict[str, object] = dict.fromkeys(IMD_COLUMNS, 5)
    row["lsoa21_code"] = code
    row["IMD_score"] = value
    return row


def census_row(code: str = "E01005400", total: object = 100, one: object = 30) -> dict[str, object]:
    return {
        "lsoa21_code": code,
        "households_total": total,
        "households_deprived_in_0_dimensions": 40,
        "households_deprived_in_1_dimension": one,
        "households_deprived_in_2_dimensions": 20,
        "households_deprived_in_3_dimensions": 8,
        "households_deprived_in_4_dimensions": 2,
    }


def folder_with(tmp_path: Path, imd: list[dict[str, object]], census: list[dict[str, object]]) -> Path:
    pd.DataFrame(imd, columns=IMD_COLUMNS).to_csv(tmp_path / "imd2025_england_lsoa21.csv", index=False)
    pd.DataFrame(census, columns=CENSUS_COLUMNS).to_csv(
        tmp_path / "census2021_household_deprivation_lsoa21.csv", index=False
    )
    return tmp_path


BAD = [
    (f"IMD code {c!r}", [imd_row(code=c)], [census_row()], "unknown area code")
    for c in ("E01999999", "E0100540", "W01000003X", "E02001106X", "oldham", "E01 0054")
]
BAD += [("IMD code empty", [imd_row(code="")], [census_row()], "area code is missing")]
BAD += [
    (f"IMD score {v!r}", [imd_row(value=v)], [census_row()], "not a number")
    for v in ("high", "30,5", "n/a", "1e", "--", "three", "30.5%")
]
BAD += [
    (f"census code {c!r}", [imd_row()], [census_row(code=c)], "unknown area code")
    for c in ("E01999999", "X", "E0100540", "E08000004X", "e01")
]
BAD += [
    (f"census total {v!r}", [imd_row()], [census_row(total=v)], "not a number")
    for v in ("many", "1 000", "?")
]
BAD += [
    (f"census deprived {v!r}", [imd_row()], [census_row(one=v)], "not a number") for v in ("x", "3O", "-")
]
BAD += [
    ("duplicate IMD row", [imd_row(), imd_row()], [census_row()], "duplicate key"),
    ("duplicate census row", [imd_row()], [census_row(), census_row()], "duplicate key"),
    ("negative households", [imd_row()], [census_row(total=-5, one=-1)], "negative"),
    ("deprived above total", [imd_row()], [census_row(total=10, one=30)], "more deprived"),
    ("empty total", [imd_row()], [census_row(total="")], ""),
]


@pytest.mark.parametrize("name, imd, census, reason", BAD, ids=[b[0] for b in BAD])
def test_bad_needs_files_write_nothing(
    small_geography_lsoa: Engine,
    tmp_path: Path,
    name: str,
    imd: list[dict[str, object]],
    census: list[dict[str, object]],
    reason: str,
) -> None:
    folder = folder_with(tmp_path, imd, census)
    with pytest.raises((ImportValidationError, InputError)) as caught:
        load_needs(small_geography_lsoa, folder, skip_invalid=False)
    assert reason in str(caught.value) or any(
        reason in p.reason for p in getattr(caught.value, "problems", [])
    )
    with small_geography_lsoa.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(IndicatorValue)) == 0


def test_enough_cases() -> None:
    assert len(BAD) >= 30


def test_missing_columns(tmp_path: Path) -> None:
    (tmp_path / "imd.csv").write_text("code,score\nE01005400,3\n")
    with pytest.raises(InputError, match="lsoa21_code"):
        read_imd(tmp_path / "imd.csv")
    with pytest.raises(InputError, match="column"):
        read_census_deprivation(tmp_path / "imd.csv")


def test_census_shares_are_cumulative() -> None:
    frame = read_census_deprivation(DATA / "geography" / "census2021_household_deprivation_lsoa21.csv")
    first = frame[frame["row"] == 1].set_index("indicator_id")
    assert first.loc[9_000_101, "value"] >= first.loc[9_000_102, "value"] >= first.loc[9_000_104, "value"]
    assert (
        first.loc[9_000_101, "lower95_0cl"]
        <= first.loc[9_000_101, "value"]
        <= first.loc[9_000_101, "upper95_0cl"]
    )


def test_real_needs_loaded(loaded_engine: Engine) -> None:
    with loaded_engine.connect() as connection:
        imd = connection.scalar(
            select(func.count())
            .select_from(IndicatorValue)
            .where(IndicatorValue.indicator_id == 9_000_001, IndicatorValue.area_code.like("E01%"))
        )
        census = connection.scalar(
            select(func.count())
            .select_from(IndicatorValue)
            .where(IndicatorValue.indicator_id == 9_000_101, IndicatorValue.area_code.like("_01%"))
        )
    assert imd == 33_755 and census == 35_672  # the LSOAs' own values (larger areas are aggregates)


def test_two_columns_of_the_same_name_are_an_error(tmp_path: Path) -> None:
    path = tmp_path / "imd.csv"
    pd.DataFrame([imd_row()]).to_csv(path, index=False)
    path.write_text(path.read_text().replace("IMD_rank", "lsoa21_code", 1))
    for read in (read_imd, read_census_deprivation):
        with pytest.raises(InputError, match=r"'lsoa21_code' \(columns \d+, \d+\)"):
            read(path)


@pytest.mark.parametrize("marker", ["NA", "NaN", "#N/A"])
def test_missing_markers_in_imd_are_missing_values(tmp_path: Path, marker: str) -> None:
    path = tmp_path / "imd.csv"
    pd.DataFrame([imd_row(value=marker)]).to_csv(path, index=False)
    frame = read_imd(path)
    assert frame["value"].isna().sum() == 1
