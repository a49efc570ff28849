"""Fingertips-format CSV import: validation, all-or-nothing, skip-invalid, re-import, round trip."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select

from healthassets.errors import ImportValidationError, InputError
from healthassets.io.fingertips_csv import read_spill, sorted_key_hashes, validate_file
from healthassets.services.loading import export_fingertips_csv, import_fingertips_csv
from healthassets.store.models import ImportBatch, IndicatorValue
from tests.io.conftest import HEADER, row

pytestmark = pytest.mark.db


def count_values(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(IndicatorValue)) or 0)


def write(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "data.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


GOOD = [row(period=p, area=a) for p in ("2020/21", "2021/22", "2022/23") for a in ("E08000004", "E08000003")]

BAD_ROWS: list[tuple[str, str, str]] = [
    ("unknown area", row(area="E08999999"), "unknown area code"),
    ("malformed area", row(area="E0800009"), "unknown area code"),
    ("empty area", row(area=""), "area code is missing"),
    ("value text", row(value="twelve"), "not a number"),
    ("value with comma", row(value='"12,5"'), "not a number"),
    ("count text", row(count="many"), "not a number"),
    ("denominator text", row(denominator="1k"), "not a number"),
    ("lower text", row(lower="low"), "not a number"),
    ("upper text", row(upper="?"), "not a number"),
    ("negative count", row(count="-1"), "count is negative"),
    ("negative denominator", row(denominator="-100"), "denominator is negative"),
    ("CI above value", row(value="5", lower="10.1", upper="14.9"), "does not bracket"),
    ("CI below value", row(value="20", lower="10.1", upper="14.9"), "does not bracket"),
    ("lower above upper", row(lower="15", upper="10"), "lower limit is above"),
    ("period word", row(period="last year"), "malformed time period"),
    ("period empty", row(period=""), "malformed time period"),
    ("period two digits", row(period="22"), "malformed time period"),
    ("period junk suffix", row(period="2019 - soon"), "malformed time period"),
    ("period year 3000", row(period="3000"), "malformed time period"),
    ("period slash only", row(period="2019/"), "malformed time period"),
    ("indicator text", row(indicator="abc"), "indicator id"),
    ("indicator fraction", row(indicator="1.5"), "indicator id"),
    ("indicator empty", row(indicator=""), "indicator id"),
    ("sex empty", row(sex=""), "sex is missing"),
    ("age empty", row(age=""), "age is missing"),
    ("duplicate key", GOOD[0], "duplicate key"),
    ("upper 'NULL' text", row(upper="NULL"), "not a number"),
    ("value percent sign", row(value="12%"), "not a number"),
    ("count with unit", row(count="12 people"), "not a number"),
    ("upper blank-ish", row(upper="n/a"), "not a number"),
    ("value date", row(value="2020-01-01"), "not a number"),
    ("GP code unknown", row(area="A82071"), "unknown area code"),
    ("period word with a sortable", row(period="last year") + "20190000", "malformed time period"),
]


@pytest.mark.parametrize("name, bad, reason", BAD_ROWS, ids=[b[0] for b in BAD_ROWS])
def test_bad_row_rejected_and_nothing_written(
    small_geography: Engine, tmp_path: Path, name: str, bad: str, reason: str
) -> None:
    path = write(tmp_path, *GOOD, bad)
    with pytest.raises(ImportValidationError) as caught:
        import_fingertips_csv(small_geography, path)
    problem = caught.value.problems[0]
    assert problem.row == len(GOOD) + 1
    assert reason in problem.reason
    assert str(path) in str(caught.value) and f"row {len(GOOD) + 1}" in str(caught.value)
    assert count_values(small_geography) == 0


def test_thirty_or_more_bad_input_cases() -> None:
    assert len(BAD_ROWS) + len(FILE_PROBLEMS) >= 30


FILE_PROBLEMS = [
    ("missing Area Code column", HEADER.replace("Area Code", "Area"), "Area Code"),
    ("missing Value column", HEADER.replace(",Value,", ",Valeur,"), "Value"),
    ("missing Time period", HEADER.replace("Time period,", "Period,"), "Time period"),
]


@pytest.mark.parametrize("name, header, column", FILE_PROBLEMS, ids=[f[0] for f in FILE_PROBLEMS])
def test_missing_required_columns(
    small_geography: Engine, tmp_path: Path, name: str, header: str, column: str
) -> None:
    path = write(tmp_path, *GOOD, header=header)
    with pytest.raises(InputError, match=column):
        import_fingertips_csv(small_geography, path)
    assert count_values(small_geography) == 0


def test_empty_and_missing_files(small_geography: Engine, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(InputError, match="empty"):
        import_fingertips_csv(small_geography, empty)
    with pytest.raises(InputError, match="not found"):
        import_fingertips_csv(small_geography, tmp_path / "nope.csv")


def test_every_problem_is_reported(small_geography: Engine, tmp_path: Path) -> None:
    path = write(
        tmp_path, *GOOD, row(area="X1"), row(value="x", period="2019"), row(count="-3", period="2018")
    )
    with pytest.raises(ImportValidationError) as caught:
        import_fingertips_csv(small_geography, path)
    assert sorted({p.row for p in caught.value.problems}) == [7, 8, 9]


def test_skip_invalid_writes_valid_rows_and_reports(small_geography: Engine, tmp_path: Path) -> None:
    path = write(tmp_path, *GOOD, row(area="X1"), row(value="abc", period="2019"))
    report = import_fingertips_csv(small_geography, path, skip_invalid=True)
    assert report.rows_loaded == len(GOOD) == count_values(small_geography)
    assert report.rows_rejected == 2
    frame = report.to_frame()
    assert frame["row"].tolist() == [7, 8] and set(frame["column"]) == {"area_code", "value"}


def test_reimport_replaces_batch(small_geography: Engine, tmp_path: Path) -> None:
    path = write(tmp_path, *GOOD)
    import_fingertips_csv(small_geography, path)
    path = write(tmp_path, *GOOD[:2])
    import_fingertips_csv(small_geography, path)
    assert count_values(small_geography) == 2
    with small_geography.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(ImportBatch)) == 1


def test_failed_reimport_keeps_previous_batch(small_geography: Engine, tmp_path: Path) -> None:
    path = write(tmp_path, *GOOD)
    import_fingertips_csv(small_geography, path)
    write(tmp_path, *GOOD, row(area="nowhere"))
    with pytest.raises(ImportValidationError):
        import_fingertips_csv(small_geography, path)
    assert count_values(small_geography) == len(GOOD)


def test_duplicates_across_chunks(small_geography: Engine, tmp_path: Path) -> None:
    path = write(tmp_path, *GOOD, GOOD[1])
    with pytest.raises(ImportValidationError) as caught:
        import_fingertips_csv(small_geography, path, chunk_rows=2)
    assert caught.value.problems[0].row == 7 and "first at row 2" in caught.value.problems[0].reason


def test_chunk_size_does_not_change_result(small_geography: Engine, tmp_path: Path) -> None:
    path = write(tmp_path, *GOOD)
    import_fingertips_csv(small_geography, path, chunk_rows=1)
    one = export_fingertips_csv(small_geography, None)
    import_fingertips_csv(small_geography, path, chunk_rows=1000)
    pd.testing.assert_frame_equal(one, export_fingertips_csv(small_geography, None))


def test_round_trip_keeps_every_value(small_geography: Engine, tmp_path: Path) -> None:
    rows = [
        row(value="0.1", lower="0.030000000000000002", upper="0.30000000000000004", period="2018"),
        row(
            value="33.333333333333336", lower="1e-05", upper="1e+300", period="2019", count="", denominator=""
        ),
        row(value="", lower="", upper="", period="2020"),
    ]
    path = write(tmp_path, *rows)
    import_fingertips_csv(small_geography, path)
    exported = tmp_path / "out.csv"
    export_fingertips_csv(small_geography, exported)
    again = pd.read_csv(exported, dtype=str, keep_default_na=False)
    original = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in ("Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit", "Count", "Denominator"):
        assert [float(v) if v else None for v in again[column]] == [
            float(v) if v else None for v in original[column]
        ]
    assert again["Time period Sortable"].tolist() == ["20180000", "20190000", "20200000"]
    assert again["Area Name"].tolist() == ["Oldham"] * 3
    assert again["Parent Code"].tolist() == ["E12000002"] * 3
    # the export loads again as the same source; another source may not load the same keys twice
    with pytest.raises(ImportValidationError, match="already in the store"):
        import_fingertips_csv(small_geography, exported, source="another source")
    import_fingertips_csv(small_geography, exported, source=str(path.resolve()))
    assert count_values(small_geography) == 3


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(alphabet="0123456789.-eE+x ", min_size=1, max_size=6))
def test_any_value_text_is_loaded_or_rejected_cleanly(
    small_geography: Engine, tmp_path: Path, value: str
) -> None:
    path = write(tmp_path, row(value=value, lower="", upper=""))
    number = pd.to_numeric(pd.Series([value.strip()]), errors="coerce").iloc[0]
    if pd.isna(number) and value.strip():
        with pytest.raises(ImportValidationError, match="not a number"):
            import_fingertips_csv(small_geography, path)
    else:
        import_fingertips_csv(small_geography, path)


def test_unknown_indicator_created_from_its_name(small_geography: Engine, tmp_path: Path) -> None:
    from healthassets.store.models import Indicator

    import_fingertips_csv(small_geography, write(tmp_path, *GOOD))
    with small_geography.connect() as connection:
        made = connection.execute(select(Indicator.name, Indicator.has_full_metadata)).all()
    assert [tuple(m) for m in made] == [("Test indicator", False)]


def test_round_trip_keeps_text_and_categories(small_geography: Engine, tmp_path: Path) -> None:
    names = HEADER.split(",")
    cells = dict(zip(names, row(period="2021").split(","), strict=True))
    cells.update(
        {
            "Category Type": "County & UA deprivation deciles in England (IMD2019, 4/21 geog.)",
            "Category": "Most deprived decile (IMD2019)",
            "Value note": "Value may be affected by data quality issues",
            "Recent Trend": "Decreasing and getting better",
        }
    )
    frame = pd.DataFrame([cells])
    path = tmp_path / "text.csv"
    frame.to_csv(path, index=False)
    import_fingertips_csv(small_geography, path)
    again = export_fingertips_csv(small_geography, None)
    for column in ("Category Type", "Category", "Value note", "Recent Trend", "Time period", "Sex", "Age"):
        assert again[column].tolist() == [cells[column]], column


def test_keys_of_another_source_are_refused_per_row(small_geography: Engine, tmp_path: Path) -> None:
    first = write(tmp_path, *GOOD[:2])
    import_fingertips_csv(small_geography, first, source="one")
    second = write(tmp_path, *GOOD)
    with pytest.raises(ImportValidationError) as caught:
        import_fingertips_csv(small_geography, second, source="two", chunk_rows=2)
    assert [(p.row, p.reason) for p in caught.value.problems] == [
        (1, "already in the store from another source"),
        (2, "already in the store from another source"),
    ]
    report = import_fingertips_csv(small_geography, second, source="two", skip_invalid=True)
    assert report.rows_loaded == len(GOOD) - 2 and count_values(small_geography) == len(GOOD)


MISSING = ["NA", "NaN", "#N/A", "", " NA "]


def test_missing_markers_are_missing_values_not_errors(small_geography: Engine, tmp_path: Path) -> None:
    """R writes NA (and NaN), Excel #N/A: a Fingertips file edited in either imports with no value."""
    periods = ["2018/19", "2019/20", "2020/21", "2021/22", "2022/23"]
    rows = [
        row(period=p, value=m, lower=m, upper=m, count=m, denominator=m)
        for p, m in zip(periods, MISSING, strict=True)
    ]
    report = import_fingertips_csv(small_geography, write(tmp_path, *rows))
    assert report.rows_loaded == len(MISSING) and not report.problems
    columns = [
        IndicatorValue.value,
        IndicatorValue.lower95_0cl,
        IndicatorValue.count,
        IndicatorValue.denominator,
    ]
    with small_geography.connect() as connection:
        stored = connection.execute(select(*columns)).all()
    assert len(stored) == len(MISSING)
    assert all(cell is None for record in stored for cell in record)


def test_two_columns_of_the_same_name_are_an_error_naming_them(
    small_geography: Engine, tmp_path: Path
) -> None:
    header = HEADER + ",Value"
    path = write(tmp_path, *[r + ",13" for r in GOOD], header=header)
    with pytest.raises(InputError) as caught:
        import_fingertips_csv(small_geography, path)
    positions = [i + 1 for i, name in enumerate(header.split(",")) if name == "Value"]
    assert f"'Value' (columns {positions[0]}, {positions[1]})" in str(caught.value)
    assert str(path) in str(caught.value)
    assert count_values(small_geography) == 0


def test_validation_and_the_spill_need_no_database(tmp_path: Path) -> None:
    """io/ parses and validates on its own: the store is only asked for the known areas and keys."""
    path = write(tmp_path, *GOOD, row(area="E08999999"))
    stored = sorted_key_hashes(pd.DataFrame([GOOD_KEY]))
    report, names = validate_file(
        path, {"E08000004", "E08000003"}, chunk_rows=2, stored=stored, spill=tmp_path / "spill.arrow"
    )
    assert names == {90001: "Test indicator"} and report.rows_read == 7
    reasons = {p.row: p.reason for p in report.problems}
    assert reasons == {1: "already in the store from another source", 7: "unknown area code: E08999999"}
    frames = list(read_spill(tmp_path / "spill.arrow", np.array(sorted(reasons), dtype=np.int64)))
    assert sum(len(f) for f in frames) == 5 and frames[0].columns.tolist()[:2] == [
        "indicator_id",
        "area_code",
    ]


GOOD_KEY = {
    "indicator_id": 90001,
    "area_code": "E08000004",
    "period": "2020/21",
    "sex": "Persons",
    "age": "All ages",
    "category_type": "",
    "category": "",
}
