"""The FingertipsNext extract loader: real data figures, and bad rows on a small copy."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from healthassets.errors import ImportValidationError, InputError
from healthassets.io.fingertips_next import read_indicators
from healthassets.services.loading import load_fingertips_next
from healthassets.store.models import ImportBatch, Indicator, IndicatorValue
from tests.conftest import DATA

pytestmark = pytest.mark.db

HEADER = (
    "IndicatorId,Category,CategoryType,Age,Sex,Trend,Denominator,CategoryTypeId,UpperCI,Value,Count,"
    "AreaCode,SexID,AgeID,Year,LowerCI,CategoryId"
)


def extract_row(
    indicator: str = "93701",
    area: str = "E08000004",
    year: str = "2021",
    value: str = "30.5",
    lower: str = "30.1",
    upper: str = "30.9",
    count: str = "100",
    denominator: str = "330",
    sex: str = "Persons",
    age: str = "<16 yrs",
    category: str = "",
) -> str:
    return (
        f'{indicator},"{category}","",{age},{sex},"",{denominator},,{upper},{value},{count},{area},4,1,'
        f"{year},{lower},"
    )


@pytest.fixture
def extract_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "fingertips"
    folder.mkdir()
    for name in ("indicators.csv", "indicators_metadata.json", "agedata.csv"):
        shutil.copy(DATA / "fingertips" / name, folder / name)
    return folder


def write_extract(folder: Path, *rows: str) -> None:
    (folder / "healthdata.csv").write_text("\ufeff" + "\n".join([HEADER, *rows]) + "\n", encoding="utf-8")


GOOD = [extract_row(year=str(y), area=a) for y in (2019, 2020, 2021) for a in ("E08000004", "E08000003")]

BAD = [
    ("unknown area", extract_row(area="E09999999"), "unknown area code"),
    ("GP missing from areas", extract_row(area="A82071"), "unknown area code"),
    ("malformed area", extract_row(area="E0800009"), "unknown area code"),
    ("empty area", extract_row(area=""), "area code is missing"),
    ("value text", extract_row(value="high"), "not a number"),
    ("value percent", extract_row(value="30%"), "not a number"),
    ("count text", extract_row(count="lots"), "not a number"),
    ("denominator text", extract_row(denominator="n/a"), "not a number"),
    ("lower text", extract_row(lower="x"), "not a number"),
    ("upper text", extract_row(upper="y"), "not a number"),
    ("negative count", extract_row(count="-4"), "count is negative"),
    ("negative denominator", extract_row(denominator="-1"), "denominator is negative"),
    ("CI above value", extract_row(value="29"), "does not bracket"),
    ("CI below value", extract_row(value="31"), "does not bracket"),
    ("lower above upper", extract_row(lower="31", upper="30", value="30.5"), "lower limit is above"),
    ("year text", extract_row(year="last"), "malformed time period"),
    ("year empty", extract_row(year=""), "malformed time period"),
    ("year too early", extract_row(year="1066"), "malformed time period"),
    ("indicator text", extract_row(indicator="x"), "indicator id"),
    ("indicator fraction", extract_row(indicator="93701.5"), "indicator id"),
    ("indicator unknown", extract_row(indicator="123456"), "not in the metadata"),
    ("sex empty", extract_row(sex=""), "sex is missing"),
    ("age empty", extract_row(age=""), "age is missing"),
    ("duplicate key", GOOD[0], "duplicate key"),
    ("duplicate with other value", extract_row(year="2019", value="30.6"), "duplicate key"),
    ("value scientific junk", extract_row(value="1e"), "not a number"),
    ("count decimal comma", extract_row(count='"1,5"'), "not a number"),
    ("upper infinity text", extract_row(upper="inf!"), "not a number"),
    ("lower dash", extract_row(lower="-"), "not a number"),
    ("denominator spaces", extract_row(denominator="1 000"), "not a number"),
    ("area lower-case junk", extract_row(area="oldham"), "unknown area code"),
]


@pytest.mark.parametrize("name, bad, reason", BAD, ids=[b[0] for b in BAD])
def test_bad_row_all_or_nothing(
    small_geography: Engine, extract_dir: Path, name: str, bad: str, reason: str
) -> None:
    write_extract(extract_dir, *GOOD, bad)
    with pytest.raises(ImportValidationError) as caught:
        load_fingertips_next(small_geography, extract_dir, skip_invalid=False)
    assert any(p.row == len(GOOD) + 1 and reason in p.reason for p in caught.value.problems), (
        caught.value.problems
    )
    with small_geography.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(IndicatorValue)) == 0


@pytest.mark.parametrize("name, bad, reason", BAD, ids=[b[0] for b in BAD])
def test_bad_row_skipped_and_reported(
    small_geography: Engine, extract_dir: Path, name: str, bad: str, reason: str
) -> None:
    write_extract(extract_dir, *GOOD, bad)
    report = load_fingertips_next(small_geography, extract_dir, skip_invalid=True)
    assert report.rows_loaded == len(GOOD) and report.rows_rejected == 1


def test_missing_column_and_file(small_geography: Engine, extract_dir: Path) -> None:
    (extract_dir / "healthdata.csv").write_text(HEADER.replace("AreaCode", "Area") + "\n")
    with pytest.raises(InputError, match="AreaCode"):
        load_fingertips_next(small_geography, extract_dir)
    (extract_dir / "healthdata.csv").unlink()
    with pytest.raises(InputError, match="not found"):
        load_fingertips_next(small_geography, extract_dir)


def test_indicators_have_full_metadata() -> None:
    indicators = read_indicators(DATA / "fingertips").set_index("id")
    assert len(indicators) == 38  # 37 in indicators.csv (35 with metadata) + 92026 from the README
    oldest = indicators.loc[41101]
    assert oldest["definition"].startswith("This indicator measures")
    assert oldest["polarity"] == "Low is good" and oldest["multiplier"] == 100
    assert not indicators.loc[[337, 92026, 92708], "has_full_metadata"].any()
    assert indicators.loc[92026, "name"].startswith("Reception prevalence of obesity")
    # the JSON's flags, and indicators.csv's RequiresGeoAggregation for those without metadata
    by_id = {
        m["indicatorID"]: m
        for m in json.loads(
            (DATA / "fingertips" / "indicators_metadata.json").read_text(encoding="utf-8-sig")
        )
    }
    assert indicators.loc[41101, "has_inequalities"] is by_id[41101]["hasInequalities"]
    assert indicators.loc[41101, "hide_in_search"] is by_id[41101]["hideInSearch"]
    assert indicators.loc[337, "requires_geo_aggregation"] in (True, False)
    metadata = json.loads((DATA / "fingertips" / "indicators_metadata.json").read_text(encoding="utf-8-sig"))
    assert indicators["has_full_metadata"].sum() == len({m["indicatorID"] for m in metadata})


def test_real_extract_figures(loaded_engine: Engine) -> None:
    """The numbers of rows loaded and rejected follow from the data's documented faults."""
    raw = pd.read_csv(
        DATA / "fingertips" / "healthdata.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    areas = pd.read_csv(DATA / "fingertips" / "areas.csv", encoding="utf-8-sig", dtype=str)
    unknown = ~raw["AreaCode"].isin(areas["AreaCode"])
    keys = ["IndicatorId", "AreaCode", "Year", "Sex", "Age", "CategoryType", "Category"]
    duplicate = raw.duplicated(keys) & ~unknown
    value, lower, upper = (pd.to_numeric(raw[c], errors="coerce") for c in ("Value", "LowerCI", "UpperCI"))
    outside = ((value < lower) | (value > upper)) & ~unknown & ~duplicate
    expected_loaded = len(raw) - unknown.sum() - duplicate.sum() - outside.sum()
    with loaded_engine.connect() as connection:
        loaded = connection.scalar(
            select(func.count()).select_from(IndicatorValue).where(IndicatorValue.indicator_id < 9_000_000)
        )
        names = connection.scalar(select(func.count()).select_from(Indicator))
        batch = connection.execute(
            select(ImportBatch.rows_loaded, ImportBatch.rows_rejected).where(
                ImportBatch.source == "fingertips-next:healthdata.csv"
            )
        ).one()
    # the data README's figures, recomputed from the raw file
    assert unknown.sum() == 1258 and raw.duplicated(keys).sum() == 3107
    assert ((value < lower) | (value > upper)).sum() == 31
    assert loaded == expected_loaded == batch.rows_loaded
    assert batch.rows_rejected == len(raw) - expected_loaded
    assert (names or 0) >= 38


def test_missing_markers_load_as_no_value(small_geography: Engine, extract_dir: Path) -> None:
    rows = [
        extract_row(year=str(y), value=m, count=m)
        for y, m in zip((2017, 2018, 2019), ("NA", "NaN", "#N/A"), strict=True)
    ]
    write_extract(extract_dir, *rows)
    report = load_fingertips_next(small_geography, extract_dir, skip_invalid=False)
    assert report.rows_loaded == 3 and not report.problems
    with small_geography.connect() as connection:
        stored = connection.execute(select(IndicatorValue.value, IndicatorValue.count)).all()
    assert [tuple(r) for r in stored] == [(None, None)] * 3


def test_two_columns_of_the_same_name_are_an_error(small_geography: Engine, extract_dir: Path) -> None:
    (extract_dir / "healthdata.csv").write_text(HEADER + ",Value\n" + GOOD[0] + ",1\n")
    with pytest.raises(InputError, match=r"'Value' \(columns 10, 18\)"):
        load_fingertips_next(small_geography, extract_dir)
