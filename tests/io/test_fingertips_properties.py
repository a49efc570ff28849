"""Property-based tests of the Fingertips CSV importer and the FingertipsNext loader (hypothesis)."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select

from healthassets.errors import ImportValidationError
from healthassets.services.loading import export_fingertips_csv, import_fingertips_csv, load_fingertips_next
from healthassets.store.models import IndicatorValue
from tests.io.conftest import HEADER, row
from tests.io.test_fingertips_next import GOOD as EXTRACT_GOOD
from tests.io.test_fingertips_next import extract_dir as extract_dir
from tests.io.test_fingertips_next import extract_row, write_extract

pytestmark = pytest.mark.db
PROPERTY = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
EXTRACT_PROPERTY = settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
AREAS = ("E08000004", "E08000003", "E12000002", "E92000001")


def count_values(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(IndicatorValue)) or 0)


def write(path: Path, rows: list[str], header: str = HEADER, bom: bool = False) -> Path:
    path.write_text(("\ufeff" if bom else "") + "\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)


@PROPERTY
@given(triples=st.lists(st.tuples(finite, finite, finite), min_size=1, max_size=8))
def test_round_trip_keeps_every_float_exactly(
    small_geography: Engine, tmp_path: Path, triples: list[tuple[float, float, float]]
) -> None:
    """import → export → import: every number comes back bit for bit."""
    limits = [sorted(t) for t in triples]
    rows = [
        row(value=repr(v), lower=repr(lo), upper=repr(up), count=repr(abs(v)), period=str(2000 + i))
        for i, (lo, v, up) in enumerate(limits)
    ]
    source = write(tmp_path / "source.csv", rows)
    import_fingertips_csv(small_geography, source, source="property")
    exported = tmp_path / "exported.csv"
    export_fingertips_csv(small_geography, exported)
    import_fingertips_csv(small_geography, exported, source="property")
    again = export_fingertips_csv(small_geography, None)
    back = again.sort_values("Time period")
    assert [float(v) for v in back["Value"]] == [v for _, v, _ in limits]
    assert [float(v) for v in back["Lower CI 95.0 limit"]] == [lo for lo, _, _ in limits]
    assert [float(v) for v in back["Upper CI 95.0 limit"]] == [up for _, _, up in limits]
    assert [float(v) for v in back["Count"]] == [abs(v) for _, v, _ in limits]


BAD_CELLS = {
    "area": ["E08999999", "", "nowhere"],
    "value": ["abc", '"1,5"', "--1"],
    "count": ["-1", "x"],
    "period": ["soon", "2019/21", ""],
    "sex": [""],
}


@st.composite
def mixed_files(draw: st.DrawFn) -> tuple[list[str], set[int]]:
    """Rows with unique keys, some spoiled in one cell; returns the rows and the spoiled row numbers."""
    size = draw(st.integers(1, 24))
    rows, bad = [], set()
    for i in range(size):
        spoil = draw(st.booleans())
        fields = {"area": AREAS[i % 4], "period": str(1990 + i // 4)}
        if spoil:
            column = draw(st.sampled_from(sorted(BAD_CELLS)))
            fields[column] = draw(st.sampled_from(BAD_CELLS[column]))
            bad.add(i + 1)
        rows.append(row(**fields))
    return rows, bad


@PROPERTY
@given(case=mixed_files(), chunk_rows=st.integers(1, 30))
def test_skip_invalid_loads_exactly_the_good_rows(
    small_geography: Engine, tmp_path: Path, case: tuple[list[str], set[int]], chunk_rows: int
) -> None:
    rows, bad = case
    path = write(tmp_path / "mixed.csv", rows)
    report = import_fingertips_csv(small_geography, path, skip_invalid=True, chunk_rows=chunk_rows)
    assert {p.row for p in report.problems} == bad
    assert report.rows_loaded == len(rows) - len(bad) == count_values(small_geography)
    assert report.rows_read == len(rows)


@PROPERTY
@given(case=mixed_files(), chunk_rows=st.integers(1, 30))
def test_all_or_nothing(
    small_geography: Engine, tmp_path: Path, case: tuple[list[str], set[int]], chunk_rows: int
) -> None:
    rows, bad = case
    before = count_values(small_geography)
    path = write(tmp_path / "strict.csv", rows)
    if bad:
        with pytest.raises(ImportValidationError) as caught:
            import_fingertips_csv(small_geography, path, chunk_rows=chunk_rows)
        assert {p.row for p in caught.value.problems} == bad
        assert count_values(small_geography) == before
    else:
        import_fingertips_csv(small_geography, path, chunk_rows=chunk_rows)
        assert count_values(small_geography) == len(rows)


@PROPERTY
@given(seed=st.integers(0, 10_000), bom=st.booleans())
def test_column_order_and_bom_do_not_matter(
    small_geography: Engine, tmp_path: Path, seed: int, bom: bool
) -> None:
    rows = [row(area=a, period=p) for a in AREAS[:2] for p in ("2019", "2020")]
    names = HEADER.split(",")
    order = list(range(len(names)))
    random.Random(seed).shuffle(order)
    shuffled = [",".join(r.split(",")[i] for i in order) for r in rows]
    path = write(tmp_path / "shuffled.csv", shuffled, header=",".join(names[i] for i in order), bom=bom)
    import_fingertips_csv(small_geography, path, source="shuffled")
    frame = export_fingertips_csv(small_geography, None)
    assert len(frame) == 4 and set(frame["Value"]) == {"12.5"}


numeric_text = st.one_of(
    finite.map(repr), st.text(alphabet="0123456789.-eE+x, ", min_size=1, max_size=6), st.just("")
)


@EXTRACT_PROPERTY
@given(value=numeric_text, lower=numeric_text, upper=numeric_text, count=numeric_text)
def test_extract_row_loaded_iff_valid(
    small_geography: Engine, extract_dir: Path, value: str, lower: str, upper: str, count: str
) -> None:
    """A FingertipsNext row is loaded exactly when its numbers parse, its count is not negative
    and its CI (when present) is ordered and brackets the value; otherwise nothing is written."""
    cells = [c.replace(",", "") for c in (value, lower, upper, count)]
    write_extract(
        extract_dir,
        *EXTRACT_GOOD,
        extract_row(year="2022", value=cells[0], lower=cells[1], upper=cells[2], count=cells[3]),
    )
    numbers = [pd.to_numeric(c.strip(), errors="coerce") if c.strip() else None for c in cells]
    parses = all(
        (n is not None and not math.isnan(n)) or not c.strip() for n, c in zip(numbers, cells, strict=True)
    )
    v, lo, up, n = numbers
    valid = parses and not (n is not None and n < 0)
    if valid and lo is not None and up is not None:
        valid = lo <= up and (v is None or lo <= v <= up)
    elif valid and v is not None and ((lo is not None and v < lo) or (up is not None and v > up)):
        valid = False
    if valid:
        report = load_fingertips_next(small_geography, extract_dir, skip_invalid=False)
        assert report.rows_loaded == len(EXTRACT_GOOD) + 1
    else:
        before = count_values(small_geography)
        with pytest.raises(ImportValidationError):
            load_fingertips_next(small_geography, extract_dir, skip_invalid=False)
        assert count_values(small_geography) == before


@EXTRACT_PROPERTY
@given(spoiled=st.sets(st.integers(0, len(EXTRACT_GOOD) - 1)), area=st.sampled_from(["A82071", "E0800009"]))
def test_extract_skip_invalid_report(
    small_geography: Engine, extract_dir: Path, spoiled: set[int], area: str
) -> None:
    """Rows for unknown areas are rejected one by one (two spoiled rows with the same year are also
    duplicates) and the rest load."""
    rows = [
        extract_row(year=str(2019 + i // 2), area=area if i in spoiled else ("E08000004", "E08000003")[i % 2])
        for i in range(len(EXTRACT_GOOD))
    ]
    write_extract(extract_dir, *rows)
    report = load_fingertips_next(small_geography, extract_dir, skip_invalid=True)
    assert {p.row for p in report.problems} == {i + 1 for i in spoiled}
    assert report.rows_loaded == len(rows) - len(spoiled)
    unknown = {p.row for p in report.problems if "unknown area code" in p.reason}
    assert unknown == {i + 1 for i in spoiled}
