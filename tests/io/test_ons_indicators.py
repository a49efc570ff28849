"""``data/ons_local/indicators.csv``: checked on reading, and true to the published data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from healthassets.errors import InputError
from healthassets.io.ons_indicators import indicator_records, read_indicator_table
from tests.conftest import DATA

TABLE = DATA / "ons_local" / "indicators.csv"


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return read_indicator_table(TABLE)


@pytest.fixture(scope="module")
def published() -> pd.DataFrame:
    return pd.read_csv(DATA / "ons_local" / "ess_tidy.csv.gz", dtype=str, keep_default_na=False)


def test_the_committed_table_reads(table: pd.DataFrame) -> None:
    assert len(table) == 46
    assert table.index.is_unique
    nsw = table["dataset"] == "national-survey-for-wales"
    assert table.index[nsw].min() >= 9_210_000 and table.index[~nsw].max() < 9_210_000
    assert set(table["phw_dimension"]) == {"individual", "community", "structural", "needs"}


@pytest.mark.parametrize(
    "ident, polarity",
    [
        (9_200_000, "High is good"),  # life satisfaction
        (9_200_003, "Low is good"),  # anxiety: 0 = not at all anxious
        (9_200_053, "Low is good"),  # housing affordability ratio: higher = less affordable (ONS)
        (9_200_103, "High is good"),  # cancers diagnosed early
        (9_200_051, "No judgement"),  # economic inactivity
        (9_200_030, "No judgement"),  # a natural-capital total
        (9_200_031, "High is good"),  # the same per resident
        (9_210_003, "Low is good"),  # smokers (NSW)
    ],
)
def test_polarities_follow_the_publishers_scales(table: pd.DataFrame, ident: int, polarity: str) -> None:
    assert table.loc[ident, "polarity"] == polarity
    assert len(table.loc[ident, "polarity_reason"]) > 20


def test_methods_follow_what_is_published(table: pd.DataFrame, published: pd.DataFrame) -> None:
    """CI benchmarking exactly where the source publishes limits and we judge; quintiles where it
    publishes none; every source indicator exists in the file."""
    ess = table[table["dataset"] != "national-survey-for-wales"]
    limits = (
        published.assign(ci=published["lower_ci_95"] != "").groupby(["dataset", "indicator"])["ci"].mean()
    )
    for ident, row in ess.iterrows():
        share = limits[(row["dataset"], row["source_indicator"])]
        if row["benchmark_method"].startswith("Confidence intervals"):
            assert share > 0.8, ident
        elif row["benchmark_method"] == "Quintiles":
            assert share == 0 or row["transform"] == "per_resident", ident


def test_upper_tier_only_indicators_have_no_district_rows(
    table: pd.DataFrame, published: pd.DataFrame
) -> None:
    upper = table[table["levels_published"].str.contains("not for non-metropolitan districts")]
    assert set(upper.index) == {9_200_060, 9_200_061}
    rows = published[published["indicator"].isin(upper["source_indicator"])]
    assert not rows["area_code"].str.startswith("E07").any()
    assert rows["area_code"].str.startswith("E10").any()


def test_records_carry_full_metadata(table: pd.DataFrame) -> None:
    records = indicator_records(table, withheld={9_200_000}).set_index("id")
    anxiety = records.loc[9_200_003]
    assert anxiety["polarity"] == "Low is good" and "not at all anxious" in anxiety["notes"]
    assert anxiety["copyright"].startswith("Source: Office for National Statistics")
    assert anxiety["data_reuse"] == "Open Government Licence v3.0"
    assert "never recomputed" in anxiety["methodology"]
    assert "Census 2021" in records.loc[9_200_031, "methodology"]
    assert records.loc[9_200_000, "disclosure_control"].startswith("The publisher withholds")
    assert records.loc[9_200_001, "disclosure_control"] == "None applied"
    assert records["definition"].str.len().min() > 40


def _broken(tmp_path: Path, column: str, row: int, value: str) -> Path:
    frame = pd.read_csv(TABLE, dtype=str, keep_default_na=False)
    frame.loc[row - 1, column] = value
    path = tmp_path / "indicators.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize(
    "column, row, value, reason",
    [
        ("id", 3, "9200000", "appears twice"),
        ("id", 5, "9210500", "outside the source's id range"),
        ("polarity", 2, "sideways", "unknown polarity"),
        ("placement", 1, "", "a protective factor needs a placement"),
        ("benchmark_method", 4, "No comparison", "a judged indicator must be compared"),
        ("phw_dimension", 6, "spiritual", "not one of"),
    ],
)
def test_a_bad_table_names_row_and_column(
    tmp_path: Path, column: str, row: int, value: str, reason: str
) -> None:
    path = _broken(tmp_path, column, row, value)
    with pytest.raises(InputError, match=reason) as caught:
        read_indicator_table(path)
    assert caught.value.row == row and caught.value.column == column
