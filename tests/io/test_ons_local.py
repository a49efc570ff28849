"""ONS Explore local statistics and National Survey for Wales files → value rows."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from healthassets.errors import ImportValidationError, InputError
from healthassets.io.ons_indicators import read_indicator_table
from healthassets.io.ons_local import ess_periods, nsw_periods, read_ess, read_nsw
from healthassets.io.values import raise_or_keep, validate_values
from tests.conftest import DATA

HEADER = (
    "area_code,area_name,area_type,indicator,period,period_start,period_length,value,lower_ci_95,"
    "upper_ci_95,count,denominator,unit,measure,status,notes,dataset\n"
)
WELLBEING = "personal-wellbeing-estimates"
NATURE = "environment-regulating"


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return read_indicator_table(DATA / "ons_local" / "indicators.csv")


def _row(code: str, indicator: str, start: str, length: str, value: str, dataset: str, **extra: str) -> str:
    low, up, status, notes = (extra.get(k, "") for k in ("low", "up", "status", "notes"))
    cells = [code, "name", "type", indicator, "p", start, length, value, low, up, "", "", "u", "m"]
    return ",".join([*cells, status, notes, dataset]) + "\n"


def _ess(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "ess_tidy.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def test_ess_periods_become_fingertips_labels() -> None:
    start = pd.Series(
        ["2022-04-01", "2023-01-01", "2011-01-01", "2019-01-01", "2024-05-15", "2023-09-01", "22"]
    )
    length = pd.Series(["P1Y", "P1Y", "P3Y", "P5Y", "", "P1Y", "P1Y"])
    labels = ess_periods(start, length).tolist()
    assert labels[:6] == ["2022/23", "2023", "2011 - 13", "2019 - 23", "May 2024", "2023/24"]
    assert pd.isna(labels[6])
    assert nsw_periods(pd.Series(["2021-22 & 2022-23", "2022-23"])).tolist() == ["2021/22 - 22/23", "2022/23"]


def test_ess_rows_map_to_indicators_areas_and_notes(tmp_path: Path, table: pd.DataFrame) -> None:
    renamed = pd.Series({"E08000038": "E08000016"})
    population = pd.Series({"E08000004": 200_000.0, "E92000001": 50_000_000.0})
    path = _ess(
        tmp_path,
        [
            _row("E08000004", "Anxiety", "2022-04-01", "P1Y", "3.1", WELLBEING, low="2.9", up="3.3"),
            _row("E08000004", "Satisfaction", "2022-04-01", "P1Y", "", WELLBEING, status="x"),
            _row("S12000033", "Anxiety", "2022-04-01", "P1Y", "3.0", WELLBEING),
            _row("TLD", "Anxiety", "2022-04-01", "P1Y", "3.2", WELLBEING),
            _row("E08000038", "Anxiety", "2022-04-01", "P1Y", "3.4", WELLBEING),
            _row(
                "E07000026",
                "Anxiety",
                "2022-04-01",
                "P1Y",
                "3.0",
                WELLBEING,
                notes="Obsolete code since 2023",
            ),
            _row("E08000004", "Air pollution regulating", "2024-01-01", "P1Y", "1.5", NATURE),
            _row("E47000099", "Air pollution regulating", "2024-01-01", "P1Y", "0.5", NATURE),
        ],
    )
    parsed = read_ess(path, table, renamed, population)
    values = parsed.values.set_index(["indicator_id", "area_code"])
    assert values.loc[(9_200_003, "E08000004"), "value"] == 3.1
    assert values.loc[(9_200_003, "E08000004"), "upper95_0cl"] == 3.3
    assert values.loc[(9_200_003, "E08000004"), "period"] == "2022/23"
    assert values.loc[(9_200_003, "E08000004"), "age"] == "16+ yrs"
    # suppressed stays suppressed: a row with no value and the publisher's mark in words
    withheld = values.loc[(9_200_000, "E08000004")]
    assert (
        np.isnan(withheld["value"])
        and withheld["value_note"] == "Suppressed by the publisher ([x] not available)"
    )
    # the ITL1 region is loaded as its region; a changed code under the held one; a predecessor as it is
    assert values.loc[(9_200_003, "E12000002"), "value"] == 3.2
    assert values.loc[(9_200_003, "E08000016"), "value"] == 3.4
    assert values.loc[(9_200_003, "E07000026"), "value_note"] == "Obsolete code since 2023"
    # natural capital: the total as published and per resident (£ million × 1e6 ÷ residents)
    assert values.loc[(9_200_030, "E08000004"), "value"] == 1.5
    assert values.loc[(9_200_031, "E08000004"), "value"] == pytest.approx(1.5e6 / 200_000)
    assert (9_200_031, "E47000099") not in values.index and (9_200_030, "E47000099") in values.index
    assert parsed.skipped.to_dict() == {
        "outside England and Wales (Scotland, Northern Ireland)": 1,
        "no resident population for a per-resident value (combined authority)": 1,
    }


def test_a_changed_code_published_twice_keeps_the_held_code(tmp_path: Path, table: pd.DataFrame) -> None:
    path = _ess(
        tmp_path,
        [
            _row("E08000038", "Anxiety", "2022-04-01", "P1Y", "3.40", WELLBEING),
            _row("E08000016", "Anxiety", "2022-04-01", "P1Y", "3.4", WELLBEING),
        ],
    )
    parsed = read_ess(path, table, pd.Series({"E08000038": "E08000016"}), pd.Series(dtype=float))
    assert parsed.values["row"].tolist() == [2]
    assert parsed.skipped.sum() == 1


def test_bad_cells_are_problems_naming_row_and_column(tmp_path: Path, table: pd.DataFrame) -> None:
    path = _ess(
        tmp_path,
        [
            _row("E08000004", "Anxiety", "2022-04-01", "P1Y", "3.1", WELLBEING),
            _row("E08000004", "Happiness", "2022-04-01", "P1Y", "seven", WELLBEING),
            _row("E08000004", "Worthwhile", "2022-04", "P1Y", "7.5", WELLBEING, low="7.6", up="7.9"),
        ],
    )
    parsed = read_ess(path, table, pd.Series(dtype=object), pd.Series(dtype=float))
    frame, problems = validate_values(parsed.values, ["E08000004"], str(path))
    with pytest.raises(ImportValidationError) as caught:
        raise_or_keep(frame, parsed.problems + problems, skip_invalid=False, file=str(path))
    found = {(p.row, p.column, p.reason.split(":")[0]) for p in caught.value.problems}
    assert (2, "value", "not a number") in found
    assert (3, "period", "malformed time period") in found
    assert (3, "value", "the 95.0% confidence interval does not bracket the value") in found
    assert all(p.file == str(path) for p in caught.value.problems)
    assert 1 not in {p.row for p in caught.value.problems}


def test_a_missing_column_is_an_input_error(tmp_path: Path, table: pd.DataFrame) -> None:
    path = tmp_path / "ess.csv"
    path.write_text(HEADER.replace("lower_ci_95,", "") + "E92000001\n", encoding="utf-8")
    with pytest.raises(InputError, match="lower_ci_95") as caught:
        read_ess(path, table, pd.Series(dtype=object), pd.Series(dtype=float))
    assert caught.value.column == "lower_ci_95" and caught.value.file == str(path)


def test_the_national_survey_gives_one_indicator_per_measure(table: pd.DataFrame) -> None:
    parsed = read_nsw(DATA / "ons_local" / "wales_national_survey" / "nsw_adult_lifestyles_tidy.csv", table)
    values = parsed.values
    assert sorted(values["indicator_id"].unique()) == list(range(9_210_000, 9_210_006))
    assert values.groupby("indicator_id")["area_code"].nunique().eq(23).all()  # Wales + 22 authorities
    active = values[(values["indicator_id"] == 9_210_000) & (values["area_code"] == "W92000004")]
    assert active["value"].round(6).tolist() == [55.713468] and active["period"].tolist() == [
        "2021/22 - 22/23"
    ]
    assert parsed.skipped.to_dict() == {
        "health board (the source gives no code)": 7 * 23,
        "category not loaded (one indicator per measure)": 17 * 23,
    }
